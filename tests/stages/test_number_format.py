"""number-format: German and Swiss numbers, dates and times (rules/number_format.yaml).
Fixed only where the reading is certain; otherwise a suggestion."""

from __future__ import annotations

import pytest

from mtclean import Config
from mtclean.api import clean


def numbers(text: str, unsafe: bool = False) -> tuple[str, list[tuple[str, str, bool]]]:
    result = clean(text, Config(unsafe_fixes=unsafe))
    return result.text, [(f.rule, f.text, f.applied) for f in result.findings if f.cls == "number-format"]


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("The deficit is 3,5 million euros.", "The deficit is 3.5 million euros."),
        ("Turnout was 61,25 percent.", "Turnout was 61.25 percent."),
        ("Tickets cost 1.500 euros, the suite 2.400 €.", "Tickets cost 1,500 euros, the suite 2,400 €."),
        ("The club paid 1.200.000 francs.", "The club paid 1,200,000 francs."),
        (
            "The party has 430’000 members, the city 1'250'000 people.",
            "The party has 430,000 members, the city 1,250,000 people.",
        ),
        ("The vote on 17. May was cancelled.", "The vote on 17 May was cancelled."),
        ("It dates from the 16. December 1773 session.", "It dates from the 16 December 1773 session."),
        ("The tea party was on December 16., 1773.", "The tea party was on December 16, 1773."),
        ("Kick-off is at 20 Uhr, the replay at 22.15 Uhr.", "Kick-off is at 20:00, the replay at 22:15."),
        ("The council meets at 18 o'clock.", "The council meets at 18:00."),
    ],
)
def test_certain_readings_are_fixed(text: str, fixed: str) -> None:
    cleaned, found = numbers(text)
    assert cleaned == fixed
    assert found and all(applied for _, _, applied in found)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Around 30.000 people marched.", "NUM015"),  # a count: a suggestion
        ("The session of the 16. December was the last.", "NUM006"),
        ("The press release of 11.03.2009 was withdrawn.", "NUM008"),
        ("The team was behind 0:1 at the break.", "NUM012"),
        ("The union has around 20000 members.", "NUM013"),
    ],
)
def test_uncertain_readings_are_suggestions(text: str, rule: str) -> None:
    cleaned, found = numbers(text)
    assert cleaned == text
    assert [r for r, _, _ in found] == [rule]


@pytest.mark.parametrize(
    "text",
    [
        "The company earned 3,500 euros and 3.5 million dollars.",
        "The sample weighed 1.500 kilograms and 1.000 alone is a decimal.",
        "Python 3.11.2 was released on 1.2.2023 builds.",  # versions
        "The vote passed with a 2:1 majority; John 3:16 is quoted; the 10:30 train left.",
        "He was 16. May I ask why?",
        "In 2020 people stayed at home. The postcode 10115 Berlin covers the centre.",
        "The 1990’s were different; he is 6'2\" tall.",
        "The Uhr brand makes watches; the meeting begins at 8 o'clock.",
        "It is 11:30 a.m. on 16 December 1773 and the score was 2-1.",
    ],
)
def test_english_numbers_are_left_alone(text: str) -> None:
    cleaned, found = numbers(text)
    assert cleaned == text and found == []


def test_number_fixes_are_idempotent() -> None:
    text = "On 3. October 1990, at 20 Uhr, 1.500 € and 3,5 million people and 430’000 votes."
    once = clean(text, Config()).text
    again = clean(once, Config())
    assert again.text == once and not [f for f in again.findings if f.applied]
