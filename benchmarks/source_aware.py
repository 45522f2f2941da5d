"""Source-aware throughput on WMT21 de-en: segments per second of the source checks, and of a whole run.

    .venv/bin/python benchmarks/source_aware.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from mtclean.config import Config
from mtclean.rules import load_rules
from mtclean.source.checker import Pair, check_pairs
from mtclean.source.runner import run


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    args = ap.parse_args()
    data = Path(args.shared) / "data" / "wmt21-deen"
    src = data / "newstest2021.de-en.src.de"
    rules = load_rules()
    source_rules = [r for r in rules.rules if r.kind == "source"]
    sources = src.read_text().split("\n")[:1000]
    for target in sorted(data.glob("newstest2021.de-en.*.en")):
        pairs = [Pair(s, t) for s, t in zip(sources, target.read_text().split("\n"))]
        t0 = time.perf_counter()
        found = check_pairs(pairs, source_rules)
        checks = time.perf_counter() - t0
        config = Config()
        config.grammar.mode = "off"
        with tempfile.TemporaryDirectory() as out:
            t0 = time.perf_counter()
            run([target], Path(out), config, rules, source=src)
            whole = time.perf_counter() - t0
        name = target.name.replace("newstest2021.de-en.", "")
        print(f"{name:<22} {len(pairs)} segments  source checks {len(pairs) / checks:8.0f} seg/s  "
              f"whole run (English stages + source checks + outputs) {len(pairs) / whole:6.0f} seg/s  "
              f"{sum(map(len, found))} source-aware findings")


if __name__ == "__main__":
    main()
