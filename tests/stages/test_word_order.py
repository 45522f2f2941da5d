"""word-order: German clause structure flagged, never rewritten."""

from __future__ import annotations

from mtclean import Config
from mtclean.api import clean


def flags(text: str, cls: str = "word-order") -> list[tuple[str, str, str | None]]:
    result = clean(text, Config())
    assert result.text == text or all(f.cls != cls or not f.applied for f in result.findings)
    return [(f.rule, f.text, f.suggestion) for f in result.findings if f.cls == cls]


def test_verb_final_subordinate_clause() -> None:
    (hit,) = flags("Investigators said that the documents at least partly from the archive of the ministry originate.")
    assert hit[0] == "WO001" and hit[1].endswith("originate")
    assert hit[2] == "that the documents originate at least partly from the archive of the ministry"


def test_participial_attribute_gets_a_compound_suggestion() -> None:
    (hit,) = flags("Experts warn that in Germany produced vaccines are scarce.")
    assert hit[:2] == ("WO004", "in Germany produced vaccines") and hit[2] == "Germany-produced vaccines"


def test_verb_before_subject_after_a_quote() -> None:
    (hit,) = flags("The border stays closed, quoted AFP Lukashenko “for as long as needed”.")
    assert hit[0] == "WO005" and hit[2] == "AFP quoted Lukashenko as saying"


def test_time_adverbial_between_verb_and_object() -> None:
    found = flags("The minister defended on Wednesday the new tax. The party attacked on Monday Berlin.")
    assert [f[0] for f in found] == ["WO006", "WO007"]
    assert found[0][2] == "defended the new … on Wednesday"


def test_english_word_order_is_left_alone() -> None:
    text = (
        "Investigators said that the documents originate from the ministry's archive. "
        "Experts warn that vaccines produced in Germany are scarce. "
        "“The border stays closed,” AFP quoted Lukashenko as saying. "
        "The minister said on Wednesday the tax would stay. The party attacked Berlin on Monday."
    )
    assert flags(text) == []


def test_flags_never_edit() -> None:
    text = "The government rejected on Tuesday the proposal of the unions."
    result = clean(text, Config(unsafe_fixes=True))
    assert result.text == text and any(f.rule == "WO006" for f in result.findings)
