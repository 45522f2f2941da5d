"""layout: tokenisation debris, drop caps and German quotation marks (rules/layout.yaml).

The spacing fixes are safe only where the space has no other reading; text that looks
similar (code, ellipses, decimals, times, URLs, emoticons, French spacing, Markdown)
must come back unchanged."""

from __future__ import annotations

import pytest

from mtclean import Config
from mtclean.api import clean


def layout(text: str, unsafe: bool = False) -> tuple[str, list[tuple[str, str, bool]]]:
    result = clean(text, Config(unsafe_fixes=unsafe))
    return result.text, [(f.rule, f.text, f.applied) for f in result.findings if f.stage == "layout"]


def test_tokenised_punctuation_is_closed_up() -> None:
    text = "The court ( BVerfG ) sits in Karlsruhe , the city of law . It has two senates ; each has eight judges ."
    cleaned, found = layout(text)
    assert cleaned == (
        "The court (BVerfG) sits in Karlsruhe, the city of law. It has two senates; each has eight judges."
    )
    assert {r for r, _, applied in found if applied} == {"LAY001", "LAY002", "LAY003"}


def test_spans_are_in_the_original_text() -> None:
    text = "Anna Berg ( President )\nThe court sits in Karlsruhe , Baden-Wuerttemberg ."
    result = clean(text, Config())
    for f in result.findings:
        if f.stage == "layout":
            assert text[f.start : f.end] == f.text
    assert result.text == "Anna Berg (President)\nThe court sits in Karlsruhe, Baden-Wuerttemberg."


@pytest.mark.parametrize(
    "text",
    [
        "Call f(a , b) and g( x ) in the loop.",  # code
        "if ( x > 0 ) { return x ; }",
        "Wait ... The door opened. And then . . . nothing.",  # ellipses
        "It rose by .5 percent and costs 3 , 50 in the old notation.",  # decimals
        "The train leaves at 10 : 30 and arrives at 12:15.",  # times
        "See https://example.org/a , b .html for details.",  # URL-like
        "Great news :) and sad news :( today ;-)",  # emoticons
        "« Bonjour ! » dit-il. « Vraiment ? »",  # French spacing in quotes
        "- item one\n* item two\n1. item three\n",  # list markers
        "Use **bold** and `code , here` or [a link](http://x.org) .NET.",  # Markdown
        "The ratio a / b and the path usr / local stay.",
    ],
)
def test_text_that_only_looks_like_debris_is_left_alone(text: str) -> None:
    cleaned, found = layout(text)
    assert cleaned == text, found
    assert not [f for f in found if f[2]]


def test_spaced_slash_between_abbreviations_and_units() -> None:
    cleaned, _ = layout("The CDU / CSU and the FDP / FW / UB group want 30 km / h; he came 29th / 35th.")
    assert cleaned == "The CDU/CSU and the FDP/FW/UB group want 30 km/h; he came 29th/35th."


def test_currency_sign_and_so_called() -> None:
    cleaned, _ = layout("The so – called reform costs € 4.3 billion, or £ 25 a head.")
    assert cleaned == "The so-called reform costs €4.3 billion, or £25 a head."


def test_curly_quote_spacing() -> None:
    cleaned, _ = layout("He wrote for the “SZ ” and said: “ We are ready.” Then “ Welt ” agreed.")
    assert cleaned == "He wrote for the “SZ” and said: “We are ready.” Then “Welt” agreed."


def test_detached_closing_quote_is_a_suggestion() -> None:
    text = "“We stay below the average, ”said the chairman."
    cleaned, found = layout(text)
    assert cleaned == text and ("LAY005", " ”said", False) in found
    fixed, _ = layout(text, unsafe=True)
    assert fixed == "“We stay below the average,” said the chairman."


def test_german_quotation_marks_become_english() -> None:
    cleaned, found = layout("Experts expect that „most insurers will raise the fee“. The motto was „Together”.")
    assert cleaned == "Experts expect that “most insurers will raise the fee”. The motto was “Together”."
    assert all(r == "LAY014" and cls for r, cls, _ in found)
    result = clean("He said „hello“.", Config())
    assert [f.cls for f in result.findings] == ["other"]


def test_unclosed_german_quote_is_flagged_not_changed() -> None:
    text = "The motto „Together was printed everywhere."
    cleaned, found = layout(text)
    assert cleaned == text and [r for r, _, _ in found] == ["LAY015"]


def test_drop_cap_residue() -> None:
    cleaned, found = layout("LLast day before the holidays.\n\nTThe schools close today.")
    assert cleaned == "Last day before the holidays.\n\nThe schools close today."
    text = "DPolice arrested a man at the station.\n2021-04-20 E.A season of storms ended."
    cleaned, found = layout(text)
    assert cleaned == text  # suggestions only
    assert [(r, t) for r, t, _ in found] == [("LAY013", "DPolice"), ("LAY016", "E.A")]
    fixed, _ = layout(text, unsafe=True)
    assert fixed == "Police arrested a man at the station.\n2021-04-20 A season of storms ended."


def test_real_words_and_brands_are_not_drop_caps() -> None:
    text = "CPython is fast. OK then.\nLLaMA runs here. AAA batteries. MPs voted. The iPhone sold well."
    _, found = layout(text)
    assert not [f for f in found if f[0] in ("LAY012", "LAY013", "LAY016")], found


def test_glued_words_and_datelines_are_flagged() -> None:
    text = (
        "Berlin Today the cabinet meets.\nGermany leads the EUin terms of numbers, in the long termso that all can see."
    )
    cleaned, found = layout(text)
    assert cleaned == text
    assert [(r, t) for r, t, _ in found] == [("LAY010", "Berlin Today"), ("LAY011", "EUin"), ("LAY011", "termso")]


def test_layout_fixes_are_idempotent() -> None:
    text = (
        "The court ( BVerfG ) , the „highest“ court , said so – called experts erred .\n"
        "The term „typical goal“ is no accident: „He scores. The word „goal“ says it.“\n"
        "It cost € 5 and the CDU / CSU paid ."
    )
    once = clean(text, Config()).text
    again = clean(once, Config())
    assert again.text == once
    assert not [f for f in again.findings if f.applied]
