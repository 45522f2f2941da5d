"""The benchmark corpora, built from real text already on the machine and cached
under ``benchmarks/corpus/`` (gitignored), so every run measures the same bytes.

- ``en/``: real English prose and documentation — Debian's licence texts, Python's
  own documentation (``pydoc_data``, the text behind ``help()``) and licence, the
  WMT21 human reference translations from ``../shared/data``, and vim's help files —
  one file per source text, at least 5 MB.
- ``mt/``: real German→English (and Estonian/Russian→English) machine translation
  from ``../shared/data``, one segment per line, repeated as separate files until
  the corpus holds at least 5 MB (the same segments recur, as in real crawls).
- ``big.txt``: one 200 MB file made of the English corpus repeated, for the
  memory figure; built only when asked for.
"""

from __future__ import annotations

import os
import sys
import sysconfig
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = HERE / "corpus"
SHARED = Path(os.environ.get("MTCLEAN_SHARED", ROOT.parent / "shared"))
MB = 1_000_000
TARGET = 5 * MB + 200_000  # a little over 5 MB, in UTF-8 bytes


def _read(path: Path) -> str | None:
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return text if text.strip() and "\0" not in text else None


def english_sources() -> list[tuple[str, str]]:
    """(name, text) of real English, in a fixed order; the mix the issue names."""
    out: list[tuple[str, str]] = []
    seen: set[Path] = set()
    for p in sorted(Path("/usr/share/common-licenses").glob("*")):
        real = p.resolve()
        if real.is_file() and real not in seen and (t := _read(real)):
            seen.add(real)
            out.append((f"license-{p.name}", t))
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    if (t := _read(stdlib / "LICENSE.txt")):
        out.append(("python-LICENSE", t))
    try:
        from pydoc_data.topics import topics  # the text of Python's reference docs

        batch: list[str] = []
        size = 0
        for key in sorted(topics):
            batch.append(topics[key])
            size += len(topics[key])
            if size > 100_000:
                out.append((f"pydoc-{len(out):03d}", "\n\n".join(batch)))
                batch, size = [], 0
        if batch:
            out.append((f"pydoc-{len(out):03d}", "\n\n".join(batch)))
    except ImportError:
        pass
    for p in sorted((SHARED / "data" / "wmt21-deen").glob("*.ref.*.en")):
        if (t := _read(p)):
            out.append((f"wmt21-{p.name}", t))
    vim = sorted(Path("/usr/share/vim").glob("vim*/doc/*.txt"))
    for p in vim:
        if (t := _read(p)):
            out.append((f"vim-{p.name}", t))
    return out


def mt_sources() -> list[tuple[str, str]]:
    out = []
    for p in sorted((SHARED / "data" / "wmt21-deen").glob("*.hyp.*.en")):
        if (t := _read(p)):
            out.append((f"wmt21-{p.name}", t))
    for p in sorted((SHARED / "data" / "mlqe-pe-dev").glob("*/dev.mt")):
        if (t := _read(p)):
            out.append((f"mlqe-{p.parent.name}-mt", t))
    return out


def _write(folder: Path, items: list[tuple[str, str]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i, (name, text) in enumerate(items):
        (folder / f"{i:03d}-{name.replace('/', '_')}.txt").write_text(text, encoding="utf-8", newline="")


def _take(sources: list[tuple[str, str]], repeat: bool) -> list[tuple[str, str]]:
    if not sources:
        sys.exit("benchmarks: no source text found (is ../shared/data there? set MTCLEAN_SHARED)")
    items: list[tuple[str, str]] = []
    size = 0
    round_ = 0
    while size < TARGET:
        for name, text in sources:
            if size >= TARGET:
                break
            items.append((name if not round_ else f"{name}-r{round_}", text))
            size += len(text.encode("utf-8"))
        if not repeat:
            break
        round_ += 1
    if size < TARGET:
        sys.exit(f"benchmarks: only {size / MB:.1f} MB of source text found, need 5 MB")
    return items


def build(force: bool = False) -> tuple[Path, Path]:
    en, mt = CORPUS / "en", CORPUS / "mt"
    if force or not any(en.glob("*.txt")):
        _write(en, _take(english_sources(), repeat=False))
    if force or not any(mt.glob("*.txt")):
        _write(mt, _take(mt_sources(), repeat=True))
    return en, mt


def big_file(size: int = 200 * MB) -> Path:
    """One file of ``size`` bytes: the English corpus repeated, written in a stream."""
    path = CORPUS / "big.txt"
    if path.exists() and path.stat().st_size >= size:
        return path
    en, _ = build()
    texts = [p.read_bytes() for p in sorted(en.glob("*.txt"))]
    written = 0
    with path.open("wb") as fh:
        while written < size:
            for t in texts:
                fh.write(t.rstrip() + b"\n\n")
                written += len(t) + 2
                if written >= size:
                    break
    return path


def files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.txt"))
