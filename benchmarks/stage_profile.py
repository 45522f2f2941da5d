"""Where the default pipeline spends its time: CPU seconds per stage, then the top
lines of a cProfile run, on the benchmark corpora (benchmarks/corpus.py).

    PYTHONPATH=src python3 benchmarks/stage_profile.py              # English corpus
    PYTHONPATH=src python3 benchmarks/stage_profile.py --corpus mt  # MT corpus, --lines
    PYTHONPATH=src python3 benchmarks/stage_profile.py --top 30 --sort cumulative

The per-stage figures come from a plain run (no profiler, the best of --repeat):
cProfile's overhead falls on Python calls, so it inflates the stages that make many
of them. The profile itself is for finding the lines to work on.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent / "src"), str(HERE)]

import corpus  # noqa: E402

from mtclean.api import rules_for  # noqa: E402
from mtclean.config import Config  # noqa: E402
from mtclean.stages import build_pipeline  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", choices=["en", "mt"], default="en")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--top", type=int, default=20)
    ap.add_argument("--sort", default="tottime", help="a pstats sort key: tottime, cumulative, ncalls")
    args = ap.parse_args()

    en, mt = corpus.build()
    folder = en if args.corpus == "en" else mt
    texts = [(p.as_posix(), p.read_text(encoding="utf-8")) for p in corpus.files(folder)]
    size = sum(len(t.encode("utf-8")) for _, t in texts)
    config = Config(lines=args.corpus == "mt")
    pipeline = build_pipeline(rules_for(config), config)
    pipeline.run(texts[0][1][:200_000], "warm-up")  # load the word tables before the clock starts

    spent: dict[str, float] = defaultdict(float)
    for stage in pipeline.stages:
        check = stage.check

        def timed(text: str, ctx: Any, _check: Any = check, _name: str = stage.name) -> Any:
            t0 = time.process_time()
            try:
                return _check(text, ctx)
            finally:
                spent[_name] += time.process_time() - t0

        stage.check = timed  # type: ignore[method-assign]

    best: tuple[float, dict[str, float]] | None = None
    for _ in range(args.repeat):
        spent.clear()
        t0 = time.process_time()
        for path, text in texts:
            pipeline.run(text, path)
        total = time.process_time() - t0
        if best is None or total < best[0]:
            best = (total, dict(spent))
    assert best is not None
    total, stages = best
    print(f"{args.corpus} corpus: {len(texts)} files, {size / 1e6:.2f} MB; best of {args.repeat} runs")
    print(f"  {'':<16} {'CPU s':>7} {'MB/s':>8} {'share':>7}")
    print(f"  {'pipeline':<16} {total:7.3f} {size / 1e6 / total:8.2f} {'100%':>7}")
    for name, seconds in stages.items():
        rate = f"{size / 1e6 / seconds:8.2f}" if seconds >= 0.001 else f"{'-':>8}"
        print(f"  {name:<16} {seconds:7.3f} {rate} {100 * seconds / total:6.1f}%")
    rest = total - sum(stages.values())
    print(f"  {'(between stages)':<16} {rest:7.3f} {'':>8} {100 * rest / total:6.1f}%")

    profile = cProfile.Profile()
    profile.enable()
    for path, text in texts:
        pipeline.run(text, path)
    profile.disable()
    print(f"\ncProfile, top {args.top} by {args.sort}:")
    stats = pstats.Stats(profile, stream=sys.stdout)
    stats.strip_dirs().sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
