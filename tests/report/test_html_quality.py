"""The per-file edit rate: sacrebleu chrF and TER of cleaned against original."""

from __future__ import annotations

import pytest

from mtclean.model import Edit
from mtclean.offsets import apply_edits
from mtclean.report import quality
from mtclean.report.align import align

TEXT = "\n".join(f"Line {i} has five words." for i in range(10)) + "\n"


def rate(original: str, edits: list[Edit]) -> quality.EditRate:
    return quality.edit_rate(original, align(original, edits))


def test_unchanged_file_is_100_and_0_without_scoring() -> None:
    assert rate(TEXT, []) == quality.EditRate(100.0, 0.0, "unchanged", 0)


def test_one_word_in_fifty_is_a_ter_of_two_percent() -> None:
    start = TEXT.index("has")
    r = rate(TEXT, [Edit(start, start + 3, "had")])
    assert r.scope == "file"
    assert r.ter == pytest.approx(2.0)  # 1 edit / 50 reference words
    assert 80 < r.chrf < 100


def test_a_capitalisation_fix_is_an_edit() -> None:
    start = TEXT.index("has")
    assert rate(TEXT, [Edit(start, start + 1, "H")]).ter == pytest.approx(2.0)


def test_large_files_are_scored_on_changed_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(quality, "WHOLE_FILE_LIMIT", 50)
    start = TEXT.index("has")
    r = rate(TEXT, [Edit(start, start + 3, "had")])
    assert r.scope == "changed lines" and r.segments == 1
    assert r.ter == pytest.approx(20.0)  # 1 edit / the changed line's 5 words


def test_deleting_everything_is_scored() -> None:
    r = rate(TEXT, [Edit(0, len(TEXT), "")])
    assert apply_edits(TEXT, [Edit(0, len(TEXT), "")]) == ""
    assert r.chrf == 0.0 and r.ter == pytest.approx(100.0)


def test_signatures_name_metric_and_settings() -> None:
    sigs = quality.signatures()
    assert sigs["chrF"].startswith("chrF2|nrefs:1|case:mixed|")
    assert sigs["TER"].startswith("TER|nrefs:1|case:mixed|tok:tercom|")
    assert "version:" in sigs["chrF"] and "version:" in sigs["TER"]
