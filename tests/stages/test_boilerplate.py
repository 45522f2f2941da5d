"""boilerplate: page chrome of news sites (rules/page_chrome.yaml, rules/boilerplate.yaml).

Removal is safe only for shapes running prose never takes; prose about the same
things (an agency, photography, reading more) is left alone."""

from __future__ import annotations

import pytest

from mtclean import Config
from mtclean.api import clean


def chrome(text: str, unsafe: bool = False) -> tuple[str, list[tuple[str, str, bool]]]:
    result = clean(text, Config(unsafe_fixes=unsafe))
    return result.text, [(f.rule, f.text, f.applied) for f in result.findings if f.cls == "boilerplate"]


PAGE = (
    "Home » News » Region » Flood warning for the river in the north\n"
    "\n"
    "Status: 03/11/2022 6:15 p.m.\n"
    "\n"
    "Zoom image\n"
    "\n"
    "Flood warning for the river\n"
    "Flood warning for the river\n"
    "\n"
    "[ad_1]\n"
    "\n"
    "The river rose by two metres overnight. Photo: Eva Maier/dpa\n"
    "\n"
    "Residents were asked to leave their homes (Photo: Jan Roth).\n"
    "\n"
    "Enlarge image\n"
    "\n"
    "2/5\n"
    "\n"
    "Sandbags were handed out in the town centre.\n"
    "\n"
    "Tom Weber / picture alliance\n"
    "\n"
    "The water is expected to fall on Sunday. (dpa/lnw)\n"
    "\n"
    "Also read\n"
    "\n"
    "Leave a Reply\n"
    "\n"
    "Your email address will not be published. Required fields are marked *\n"
)


ARTICLE = (
    "\n"
    "The river rose by two metres overnight.\n"
    "\n"
    "Residents were asked to leave their homes.\n"
    "\n"
    "Sandbags were handed out in the town centre.\n"
    "\n"
    "The water is expected to fall on Sunday.\n"
)


def test_a_scraped_page_loses_its_chrome_and_keeps_its_article() -> None:
    cleaned, found = chrome(PAGE)
    # A line repeated at once is a scraped duplicate only with --unsafe-fixes: a refrain is
    # written twice on purpose.
    assert cleaned == "Flood warning for the river\nFlood warning for the river\n" + ARTICLE
    assert all(applied for rule, _, applied in found if rule != "BOI018")
    assert [applied for rule, _, applied in found if rule == "BOI018"] == [False]
    assert chrome(PAGE, unsafe=True)[0] == "Flood warning for the river\n" + ARTICLE
    rules = {r for r, _, _ in found}
    assert {"BOI005", "BOI006", "BOI008", "BOI009", "BOI011", "BOI014", "BOI015", "BOI018", "BOI019"} <= rules


def test_spans_point_into_the_original() -> None:
    result = clean(PAGE, Config())
    for f in result.findings:
        assert PAGE[f.start : f.end] == f.text


@pytest.mark.parametrize(
    "text",
    [
        "dpa said on Monday that the figures were wrong.",
        "The agencies AFP and Reuters reported the news first, citing dpa.",
        "Photo: the mayor greets the first visitors at the fair.",
        "She studied photography in Leipzig. Photos of her work hang in the town hall.",
        "Read more about it in our report from Monday.",
        "He shares his home with two cats; the share price fell.",
        "Home policy matters more to voters than foreign policy.",
        "The display of the phone is larger. Print media are losing readers.",
        "Source: the national statistics office, figures for 2022.",
        "Munich (dpa) - The trial begins on Monday.",
        "The contents of the letter were leaked.",
    ],
)
def test_prose_about_the_same_things_is_left_alone(text: str) -> None:
    cleaned, found = chrome(text)
    assert cleaned == text and found == []


def test_ambiguous_labels_are_suggestions() -> None:
    text = "The first half was even.\n\ndisplay\n\nAfter the break it was 2-0. (fmg)\n"
    cleaned, found = chrome(text)
    assert cleaned == text
    assert sorted(r for r, _, _ in found) == ["BOI012", "BOI017"]
    fixed, _ = chrome(text, unsafe=True)
    assert fixed == "The first half was even.\n\nAfter the break it was 2-0.\n"


def test_lines_mode_empties_a_chrome_segment() -> None:
    text = "The vote is on Sunday.\nEnlarge image\nPhoto: Eva Maier/dpa\nThe polls close at six.\n"
    result = clean(text, Config(lines=True))
    assert result.text == "The vote is on Sunday.\n\n\nThe polls close at six.\n"


def test_chrome_removal_is_idempotent() -> None:
    once = clean(PAGE, Config()).text
    again = clean(once, Config())
    assert again.text == once and not [f for f in again.findings if f.applied]
