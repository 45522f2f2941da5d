"""How much the token layer and its stages (word-order, consistency, fragment) add
to a run: the same >= 5 MB corpus of real English, cleaned once with those stages
switched off (the spine) and once with them on. Three figures:

1. the pipeline's CPU time (start-up and reports left out): the three stages with
   everything they do, token layer and rule matching;
2. the token layer alone: sentence splitting, the lowercase text and tokens, as the
   stages ask for them. Measured as the difference between the full pipeline and the
   full pipeline handed those layers ready-made (built in an earlier pass over the
   same texts); word-class look-ups are cached the same way in both runs;
3. ``mtclean run --jobs 1`` on the corpus written out as files, start-up, reading and
   all reports included: what a user waits for. CPU time of the child process.

usage: PYTHONPATH=src python3 benchmarks/token_layer.py [--mb 5] [--shared /work/shared] [--repeat 3]

The corpus is made of text already on the machine: the WMT21 and MLQE-PE English
files under the shared data folder, the licence texts in /usr/share/common-licenses,
vim's help files and Python's own licence and docs, read in a fixed order until the
size is reached. Each file is one document, as ``mtclean run`` would see it.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
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


def prebuilt_layers(docs: list[str], config: Config) -> float:
    """CPU seconds of the full pipeline when every document's token layer is already built."""
    import mtclean.stages.fragment as fragment_stage
    import mtclean.stages.patterns as pattern_stage
    from mtclean import doc as layer

    built: dict[str, layer.Doc] = {}

    def capture(text: str, cache: dict) -> layer.Doc:  # type: ignore[type-arg]
        doc = layer.doc_for(text, cache)
        built[text] = doc
        return doc

    def ready(text: str, cache: dict) -> layer.Doc:  # type: ignore[type-arg]
        doc = built[text]
        cache["doc"] = doc
        return doc

    modules = (fragment_stage, pattern_stage)
    try:
        for m in modules:
            m.doc_for = capture  # type: ignore[attr-defined]
        timed(docs, config)  # builds every layer (sentences, lowercase, the tokens asked for)
        for d in built.values():
            d.line_verdicts.clear()  # a stage's own judgements, not the layer: made again
        for m in modules:
            m.doc_for = ready  # type: ignore[attr-defined]
        return timed(docs, config)[0]
    finally:
        for m in modules:
            m.doc_for = layer.doc_for  # type: ignore[attr-defined]


def run_cpu(folder: Path, extra: list[str]) -> float:
    """User + system CPU seconds of one ``mtclean run --jobs 1`` in a child process."""
    import resource
    import subprocess
    import tempfile

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(
            [sys.executable, "-m", "mtclean", "run", str(folder), "--out", out, "-q", "--jobs", "1", *extra],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


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
    spines, fulls, readies = [], [], []
    for _ in range(args.repeat):  # alternate, so a burst of load on the machine hits both
        spines.append(timed(docs, Config(disable_stages=NEW_STAGES))[0])
        fulls.append(timed(docs, Config()))
        readies.append(prebuilt_layers(docs, Config()))
    spine = min(spines)
    full, n = min(fulls)
    ready = min(readies)
    print("1. pipeline, CPU seconds (start-up and reports not counted):")
    print(f"   spine only: {spine:.2f} s (runs: {', '.join(f'{t:.2f}' for t in spines)})")
    print(
        f"   with word-order, consistency, fragment: {full:.2f} s, {n} findings (runs: {', '.join(f'{t:.2f}' for t, _ in fulls)})"
    )
    print(f"   the three stages add: {100 * (full - spine) / spine:.1f}%")
    print("2. the token layer (sentences, lowercase text, tokens):")
    print(f"   full pipeline with the layer ready-made: {ready:.2f} s (runs: {', '.join(f'{t:.2f}' for t in readies)})")
    print(f"   the token layer adds: {full - ready:.2f} s = {100 * (full - ready) / spine:.1f}% of the spine")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        for i, text in enumerate(docs):
            (folder / f"doc{i:03d}.txt").write_text(text, encoding="utf-8")
        ignore = [a for s in NEW_STAGES for a in ("--ignore", s)]
        e2e_spine, e2e_full = [], []
        for _ in range(args.repeat):
            e2e_spine.append(run_cpu(folder, ignore))
            e2e_full.append(run_cpu(folder, []))
    a, b = min(e2e_spine), min(e2e_full)
    print("3. mtclean run --jobs 1 on the corpus as files (start-up, reading, all reports), CPU seconds:")
    print(f"   spine only: {a:.2f} s; with the three stages: {b:.2f} s; added: {100 * (b - a) / a:.1f}%")


if __name__ == "__main__":
    main()
