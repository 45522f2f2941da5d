"""fragment: sentences that lost their verb, subject or noun."""

from __future__ import annotations

from mtclean import Config
from mtclean.api import clean


def rules(text: str) -> list[str]:
    return [f.rule for f in clean(text, Config()).findings if f.cls == "fragment"]


def test_sentence_without_finite_verb() -> None:
    assert rules("The vote was close. A bitter defeat for the governing coalition in its own heartland.") == ["FRG001"]


def test_bare_ing_predicate() -> None:
    assert rules("Talks stalled. Inflation figures climbing beyond every forecast already published by the bank.") == [
        "FRG002"
    ]


def test_dangling_nationality_adjective() -> None:
    assert rules("Munich/Berlin – In Bavarian Since Friday, the strike has closed schools.") == ["FRG003"]


def test_article_place_and_age_without_a_noun() -> None:
    assert rules("Witnesses said a Freiburg (23) had started the fight.") == ["FRG004"]


def test_headlines_lists_captions_quotes_and_short_sentences_are_not_fragments() -> None:
    text = (
        "Heavy rain across the north of the country\n"
        "- A list item with no verb at all in it.\n"
        "Photo: A crowd of people in front of the old town hall.\n"
        "“A disaster for the whole region and its people.”\n"
        "BERLIN (dpa) – Heavy rain in the north of the country on Sunday.\n"
        "Not again. Never.\n"
        "Go to the station and take the first train to the coast.\n"
        "We firmly expect the economy to recover next year.\n"
    )
    assert rules(text) == []


def test_imperatives_and_verbs_after_subjects_count_as_verbs() -> None:
    assert rules("Take the train to Berlin and change at the main station.") == []
    assert rules("Drivers repeatedly slow down the traffic near the border crossing.") == []
