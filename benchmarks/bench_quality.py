"""How long score, eval and learn take on the shared data (run on demand, prints figures).

    MTCLEAN_SHARED=../shared PYTHONPATH=src python3 benchmarks/bench_quality.py

The issue asks that ``mtclean eval`` on the MLQE-PE ru-en dev split finish in
under a minute; this prints the time of each step, so the figure is measured
rather than asserted by a timed test.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from mtclean import Config
from mtclean.api import rules_for
from mtclean.quality.corpus import clean_segments, detokenize_all, read_aligned
from mtclean.quality.evaluate import evaluate
from mtclean.quality.learn import learn
from mtclean.quality.score import corpus_scores

SHARED = Path(os.environ.get("MTCLEAN_SHARED", Path(__file__).resolve().parents[2] / "shared"))


def timed(label: str, fn):  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    value = fn()
    print(f"{label:<52} {time.perf_counter() - t0:7.2f} s")
    return value


def main() -> int:
    data = SHARED / "data"
    if not data.is_dir():
        print(f"shared data not found at {SHARED} (set MTCLEAN_SHARED)", file=sys.stderr)
        return 2
    config = Config()
    rules = rules_for(config)
    wmt = data / "wmt21-deen"
    hyp, ref_a, ref_b = read_aligned(
        [wmt / "newstest2021.de-en.hyp.Online-B.en", wmt / "newstest2021.de-en.ref.A.en", wmt / "newstest2021.de-en.ref.B.en"]
    )
    timed("score: BLEU+chrF+TER, Online-B vs refs A+B", lambda: corpus_scores(hyp, [ref_a, ref_b]))
    timed("score --clean: clean 1000 segments", lambda: clean_segments(hyp, config, rules))
    ru = data / "mlqe-pe-dev" / "ru-en"
    t0 = time.perf_counter()
    mt, pe = timed("eval: read + detokenize ru-en dev", lambda: [detokenize_all(c) for c in read_aligned([ru / "dev.mt", ru / "dev.pe"])])
    ev = timed("eval: clean, judge, TER+chrF before/after", lambda: evaluate(mt, pe, config, rules))
    print(f"{'eval total (ru-en dev, ' + str(ev.segments) + ' segments)':<52} {time.perf_counter() - t0:7.2f} s")
    et = data / "mlqe-pe-dev" / "et-en"
    mt2, pe2 = (detokenize_all(c) for c in read_aligned([et / "dev.mt", et / "dev.pe"]))
    with tempfile.TemporaryDirectory() as tmp:
        res = timed("learn: ru-en + et-en dev, mine + check + write", lambda: learn(mt + mt2, pe + pe2, Path(tmp) / "l.yaml"))
    print(f"learned {len(res.written)} candidates from {res.mined} recurring changes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
