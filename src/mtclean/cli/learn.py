"""``mtclean learn``: candidate rules mined from MT and its post-edits."""

from __future__ import annotations

from pathlib import Path

import typer

from ..io import check_output_file
from . import app
from .common import fail


@app.command()
def learn(
    mt: list[Path] = typer.Option(..., "--mt", help="MT output, one segment per line (repeatable, paired with --pe)."),
    pe: list[Path] = typer.Option(..., "--pe", help="Post-edits of the --mt file in the same position."),
    out: Path = typer.Option(..., "--out", "-o", help="The YAML rule file to write."),
    min_count: int = typer.Option(3, "--min-count", help="Keep changes post-editors made in at least N segments."),
    min_agreement: float = typer.Option(0.0, "--min-agreement", help="Keep candidates with agreement at least this."),
    limit: int = typer.Option(200, "--limit", help="Write at most this many candidates."),
    detok: bool = typer.Option(False, "--detok", help="Inputs are Moses-tokenized ('word ,'): detokenize first."),
    top: int = typer.Option(10, "--top", help="Print this many of the best candidates."),
    encoding: str = typer.Option(None, "--encoding", help="Decode inputs with this encoding."),
) -> None:
    """Align MT with PE word by word, collect recurring substitutions, insertions and deletions,
    and write them as flag rules (fix: none) with real examples, best first (count x agreement).
    Candidates that fail their own examples are not written."""
    # sacrebleu, numpy and the quality modules load only for this command (not for check/fix)
    from ..quality.corpus import detokenize_all, read_aligned
    from ..quality.learn import learn as learn_rules
    if len(mt) != len(pe):
        fail(f"give one --pe for each --mt ({len(mt)} --mt, {len(pe)} --pe)")
    if min_count < 1 or not 1 <= limit <= 999:
        fail("--min-count must be at least 1 and --limit between 1 and 999")
    check_output_file(out, [*mt, *pe], "--out")  # never over an input, a device or a folder
    mt_all: list[str] = []
    pe_all: list[str] = []
    for m, p in zip(mt, pe):
        m_seg, p_seg = read_aligned([m, p], encoding)
        if detok:
            m_seg, p_seg = detokenize_all(m_seg), detokenize_all(p_seg)
        mt_all += m_seg
        pe_all += p_seg
    source = "from " + "; ".join(f"MT {m} / PE {p}" for m, p in zip(mt, pe))
    if detok:
        source += " (detokenized)"
    result = learn_rules(mt_all, pe_all, out, min_count, limit, source, min_agreement)
    head = ("id", "count", "occur", "agree", "score")
    rows = [
        (rid, str(c.count), str(c.occurrences), f"{c.agreement:.2f}", f"{c.score:.2f}", f"{c.before!r} -> {c.after!r}")
        for rid, c in result.written[:top]
    ]
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(5)]
    print("  ".join(x.ljust(w) for x, w in zip(head, widths)) + "  MT -> PE")
    for r in rows:
        print("  ".join(x.ljust(w) if i == 0 else x.rjust(w) for i, (x, w) in enumerate(zip(r, widths))) + "  " + r[5])
    print(
        f"{len(mt_all)} segment pairs, {result.mined} changes seen at least {min_count} times; "
        f"wrote {len(result.written)} candidates to {out}"
        + (f"; dropped {len(result.dropped)} that failed their examples" if result.dropped else "")
    )
