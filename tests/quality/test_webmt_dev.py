"""Real-world coverage (issue 13): on webmt-dev, real English web pages machine-
translated from German with an editor's span annotations, mtclean must flag at
least 40% of the artifacts, apply the editor's own fix to at least 15%, and be
right in at least 95% of the fixes it applies. Run through the command line, as
a user with their own annotated sample would (grammar off: the LanguageTool
server is not part of this measurement)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import mtclean


@pytest.fixture(scope="module")
def scores(shared: Path) -> dict:
    dev = shared / "data" / "webmt-dev"
    if not (dev / "gold.jsonl").is_file():
        pytest.skip(f"webmt-dev not found at {dev}")
    proc = mtclean("eval", "--spans", str(dev / "gold.jsonl"), str(dev / "docs"), "--grammar", "off", "--json", "-")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_every_document_is_scored(scores: dict) -> None:
    assert scores["documents"] == 86
    assert scores["all"]["gold"] > 700  # "date prefix" metadata spans are left out, the rest counted


def test_flags_at_least_40_percent_of_the_artifacts(scores: dict) -> None:
    assert scores["all"]["flagged"] / scores["all"]["gold"] >= 0.40, scores["classes"]


def test_fixes_at_least_15_percent_as_the_editor_did(scores: dict) -> None:
    assert scores["all"]["fixed"] / scores["all"]["gold"] >= 0.15, scores["classes"]


def test_applied_fixes_are_right_at_least_95_percent_of_the_time(scores: dict) -> None:
    applied = scores["applied"]
    assert applied["judged"] >= 100  # a precision on a handful of fixes would prove nothing
    assert applied["on_gold"] / applied["judged"] >= 0.95, scores["applied_wrong"]
