"""Line-aligned plain text (a target file and its ``--source`` file) and TSV with chosen columns."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..io import read_text
from .base import Bitext, Unit, identity_pos


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset, body) of each line; lines end at "\\n" only, as the pipeline's --lines mode splits."""
    out = []
    offset = 0
    for line in text.split("\n"):
        if offset >= len(text) and not line:
            break
        out.append((offset, line.rstrip("\r")))
        offset += len(line) + 1
    return out


def read_plain(target: Path, source: Path, encoding: str | None = None) -> Bitext:
    tgt = read_text(target, encoding)
    src = read_text(source, encoding)
    t_lines, s_lines = _lines(tgt.text), _lines(src.text)
    if len(t_lines) != len(s_lines):
        raise InputError(
            f"{len(t_lines)} lines, but the source {source.as_posix()} has {len(s_lines)}: line-aligned files "
            "need one source line per target line", target.as_posix())
    units = [
        Unit(s_body, t_body, identity_pos(t_off, len(t_body)), n, str(n), identity_pos(s_off, len(s_body)))
        for n, ((t_off, t_body), (s_off, s_body)) in enumerate(zip(t_lines, s_lines), start=1)
    ]
    bt = Bitext(target.as_posix(), tgt.text, units, "plain", source_path=source.as_posix())
    bt.decoded = tgt
    return bt


def read_tsv(path: Path, columns: tuple[int, int] = (1, 2), encoding: str | None = None) -> Bitext:
    """Tab-separated pairs; ``columns`` are the 1-based source and target columns."""
    dec = read_text(path, encoding)
    s_col, t_col = columns[0] - 1, columns[1] - 1
    units: list[Unit] = []
    for n, (off, body) in enumerate(_lines(dec.text), start=1):
        if not body.strip():
            units.append(Unit("", "", identity_pos(off, 0), n, str(n), identity_pos(off, 0)))
            continue
        cells = body.split("\t")
        if max(s_col, t_col) >= len(cells):
            raise InputError(f"{len(cells)} columns; --columns asks for column {max(s_col, t_col) + 1}", path.as_posix(), n)
        starts = [off]
        for c in cells[:-1]:
            starts.append(starts[-1] + len(c) + 1)
        units.append(Unit(cells[s_col], cells[t_col], identity_pos(starts[t_col], len(cells[t_col])), n, str(n),
                          identity_pos(starts[s_col], len(cells[s_col]))))
    bt = Bitext(path.as_posix(), dec.text, units, "tsv", source_path=path.as_posix(), forbidden="\n\r\t")
    bt.decoded = dec
    return bt
