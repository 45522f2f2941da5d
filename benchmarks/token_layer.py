"""How much the token layer and its stages (word-order, consistency, fragment) add
to a run: the same >= 5 MB corpus of real English, cleaned once with those stages
switched off (the spine) and once with them on.

usage: PYTHONPATH=src python3 benchmarks/token_layer.py [--mb 5] [--shared /work/shared]

The corpus is made of text already on the machine: the WMT21 and MLQE-PE English
files under the shared data folder, the licence texts in /usr/share/common-licenses,
vim's help files and Python's own licence and docs, read in a fixed order until the
size is reached. Each file is one document, as ``mtclean run`` would see it.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from mtclean import Config
from mtclean.api import rules_for
from mtclean.stages import build_pipeline

NEW_STAGES = ["word-order", "consistency", "fragment"]


def sources(shared: Path) -> list[Path]:
    found: list[Path] = []
    found += sorted((shared / "data" / "wmt21-deen").glob("*.en"))
    found += sorted((shared / "data" / "mlqe-pe-dev").rglob("*.en*"))
    found += sorted(p for p in Path("/usr/share/common-licenses").glob("*") if p.is_file())
    found += sorted(Path("/usr/share/vim").rglob("doc/*.txt"))
    found += sorted(Path(sys.prefix).rglob("LICENSE*.txt"))
    return found


def corpus(shared: Path, size: int) -> list[str]:
    docs: list[str] = []
    total = 0
    seen: set[str] = set()
    for path in sources(shared):
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        if text in seen or not text.strip():
            continue
        seen.add(text)
        docs.append(text)
        total += len(text.encode("utf-8"))
        if total >= size:
            break
    if total < size:
        raise SystemExit(f"only {total / 1e6:.2f} MB of text found; need {size / 1e6:.2f} MB")
    return docs


def timed(docs: list[str], config: Config) -> tuple[float, int]:
    """CPU seconds of this process (other jobs on a shared machine skew wall time)."""
    pipeline = build_pipeline(rules_for(config), config)
    start = time.process_time()
    findings = 0
    for i, text in enumerate(docs):
        findings += len(pipeline.run(text, f"doc{i}.txt").findings)
    return time.process_time() - start, findings


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=5.0)
    ap.add_argument("--shared", type=Path, default=Path(os.environ.get("MTCLEAN_SHARED", "/work/shared")))
    ap.add_argument("--repeat", type=int, default=3, help="alternating runs of each; the fastest counts")
    args = ap.parse_args()
    docs = corpus(args.shared, int(args.mb * 1e6))
    size = sum(len(d.encode("utf-8")) for d in docs)
    print(f"corpus: {len(docs)} documents, {size / 1e6:.2f} MB")
    # lemminflect loads its inflection table on first use (a one-off per process, ~1.5 s);
    # load it before timing, and warm the word-class caches the same way for both runs.
    from mtclean.lexicon import is_finite_verb, is_past_participle, zipf

    start = time.perf_counter()
    is_finite_verb("goes"), is_past_participle("taken"), zipf("the")
    print(f"one-off load of lexical tables (not counted below): {time.perf_counter() - start:.2f} s")
    timed(docs[:3], Config())
    spines, fulls = [], []
    for _ in range(args.repeat):  # alternate, so a burst of load on the machine hits both
        spines.append(timed(docs, Config(disable_stages=NEW_STAGES))[0])
        fulls.append(timed(docs, Config()))
    spine = min(spines)
    full, n = min(fulls)
    print(f"spine only: {spine:.2f} s CPU (runs: {', '.join(f'{t:.2f}' for t in spines)})")
    print(
        f"with word-order, consistency, fragment: {full:.2f} s CPU, {n} findings (runs: {', '.join(f'{t:.2f}' for t, _ in fulls)})"
    )
    print(f"added: {100 * (full - spine) / spine:.1f}%")


if __name__ == "__main__":
    main()
