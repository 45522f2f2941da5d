"""How much the grammar stage's concurrency buys: files per second against a
stand-in LanguageTool (tests/stages/lt_fake.py) that takes LATENCY seconds per
request, at concurrency 1 and 4, and the chunker's speed on a large text.

    PYTHONPATH=src python3 benchmarks/grammar_concurrency.py [FILES] [LATENCY]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "stages"))

from lt_fake import FakeLanguageTool  # noqa: E402

from mtclean import languagetool as lt  # noqa: E402
from mtclean.api import rules_for  # noqa: E402
from mtclean.config import Config, GrammarConfig  # noqa: E402
from mtclean.runner import run  # noqa: E402


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    latency = float(sys.argv[2]) if len(sys.argv) > 2 else 0.05
    seed = (ROOT / "seeds" / "000_7812e24d0ad2b208.txt").read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp, FakeLanguageTool(sleep=latency) as fake:
        files = []
        for i in range(n):
            p = Path(tmp) / f"doc{i:03}.txt"
            p.write_text(seed, encoding="utf-8")
            files.append(p)
        for concurrency in (1, 4):
            lt.forget_connections()
            config = Config(grammar=GrammarConfig(mode="server", url=fake.url, concurrency=concurrency))
            rules = rules_for(config)
            began = time.perf_counter()
            result = run(files, Path(tmp) / f"out{concurrency}", config, rules)
            took = time.perf_counter() - began
            found = sum(f.cls == "grammar" for r in result.results for f in r.findings)
            print(
                f"concurrency {concurrency}: {n} files ({len(seed)} chars each), server latency {latency * 1000:.0f} ms: "
                f"{took:.2f} s, {n / took:.1f} files/s, {found} grammar findings"
            )
    big = seed * 200
    began = time.perf_counter()
    pieces = lt.chunks(big, 20_000)
    took = time.perf_counter() - began
    print(f"chunks(): {len(big):,} chars into {len(pieces)} chunks in {took * 1000:.1f} ms")


if __name__ == "__main__":
    main()
