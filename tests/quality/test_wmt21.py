"""Cleaning does no harm on real news (WMT21 German→English): the default safe
fixes leave human references alone (fewer than 1 segment in 200 changed), and
on every MT system the cleaned output's chrF against reference A is at most 0.1
below the MT's own."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtclean import Config
from mtclean.api import rules_for
from mtclean.quality.corpus import clean_segments, read_segments
from mtclean.quality.score import corpus_scores

SYSTEMS = ("Online-B", "Online-G", "Online-Y", "happypoet")


def _wmt(shared: Path, name: str) -> list[str]:
    return read_segments(shared / "data" / "wmt21-deen" / f"newstest2021.de-en.{name}.en")


@pytest.mark.parametrize("ref", ["A", "B"])
def test_safe_fixes_change_fewer_than_1_in_200_reference_segments(shared: Path, ref: str) -> None:
    segments = _wmt(shared, f"ref.{ref}")
    config = Config()
    cleaned = clean_segments(segments, config, rules_for(config)).segments
    changed = [(a, b) for a, b in zip(segments, cleaned) if a != b]
    assert len(segments) == 1000
    assert len(changed) * 200 < len(segments), changed


@pytest.mark.parametrize("system", SYSTEMS)
def test_cleaning_costs_at_most_a_tenth_of_a_chrf_point(shared: Path, system: str) -> None:
    hyps, ref = _wmt(shared, f"hyp.{system}"), _wmt(shared, "ref.A")
    config = Config()
    cleaned = clean_segments(hyps, config, rules_for(config)).segments
    (before,) = corpus_scores(hyps, [ref], ("chrf",))
    (after,) = corpus_scores(cleaned, [ref], ("chrf",))
    assert after.score >= before.score - 0.1, (before.score, after.score)
