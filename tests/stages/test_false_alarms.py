"""Acceptance: on the WMT21 human references (real news English, one segment per
line) each linguistic stage flags at most 1 segment in 50; on the MT outputs of the
same source the stages do find something, so the budget is not met by doing nothing."""

from __future__ import annotations

import bisect
from functools import lru_cache
from pathlib import Path

import pytest

from mtclean import Config
from mtclean.api import rules_for
from mtclean.io import read_text
from mtclean.stages import build_pipeline

STAGES = ("word-order", "consistency", "fragment")


@lru_cache(maxsize=8)
def flagged(path: Path) -> tuple[int, dict[str, set[int]]]:
    """(number of segments, stage -> flagged segment numbers)."""
    config = Config(lines=True)
    text = read_text(path).text
    result = build_pipeline(rules_for(config), config).run(text, path.name)
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    out: dict[str, set[int]] = {s: set() for s in STAGES}
    for f in result.findings:
        if f.stage in out:
            assert not f.applied, f  # flags only
            out[f.stage].add(bisect.bisect_right(starts, f.start) - 1)
    return len(starts) - 1, out


def refs(shared: Path) -> list[Path]:
    found = sorted((shared / "data" / "wmt21-deen").glob("*.ref.*.en"))
    assert len(found) == 2
    return found


@pytest.mark.parametrize("stage", STAGES)
def test_at_most_one_reference_segment_in_50(shared: Path, stage: str) -> None:
    for ref in refs(shared):
        segments, hits = flagged(ref)
        assert segments >= 1000
        assert len(hits[stage]) * 50 <= segments, (ref.name, stage, sorted(hits[stage]))


def test_mt_outputs_get_flagged(shared: Path) -> None:
    hyps = sorted((shared / "data" / "wmt21-deen").glob("*.hyp.*.en"))
    totals = {s: sum(len(flagged(h)[1][s]) for h in hyps) for s in STAGES}
    assert totals["word-order"] >= 1 and totals["fragment"] >= 3 and totals["consistency"] >= 1, totals
