"""The regex speed-ups never change what a rule matches."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mtclean.api import rules_for
from mtclean.config import Config
from mtclean.prefilter import fold, hoisted, may_match, required

TRICKY = [
    "The Ukraine said so.", "the  Ukraine", "THE UKRAINE", "İstanbul and the Ukraine", "ſtreet the Ukraine",
    "How the BBC reported, it rained.", "\"How CNN reported, it rained.\"", "x How CNN reported, no.",
    "Against the background of the war", "AGAINST THE BACKGROUND OF", "Last but not least, we won.",
    "From: Anna Schmidt\n", "Home > Politics > World\n", "Photo: © dpa / Hans Müller\n",
]


def _texts(shared: Path) -> list[str]:
    texts = list(TRICKY)
    for p in sorted((shared / "data" / "wmt21-deen").glob("*.en")):
        texts.extend(p.read_text(encoding="utf-8").splitlines()[:400])
    return texts


def _regex_rules():  # type: ignore[no-untyped-def]
    return [r for r in rules_for(Config()).rules if r.regex is not None]


def test_hoisted_patterns_match_exactly_the_same(shared: Path) -> None:
    texts = _texts(shared)
    changed = 0
    for rule in _regex_rules():
        fast = hoisted(rule.regex)
        changed += fast is not rule.regex
        assert fast.groupindex == rule.regex.groupindex
        for text in texts + [ex.text for ex in rule.bad + rule.good]:
            want = [(m.span(), m.groups()) for m in rule.regex.finditer(text)]
            got = [(m.span(), m.groups()) for m in fast.finditer(text)]
            assert got == want, (rule.id, text)
    assert changed >= 5  # the built-in calque rules start with \b or a lookbehind


def test_prefilter_never_skips_a_match(shared: Path) -> None:
    texts = _texts(shared)
    for rule in _regex_rules():
        needed = required(rule.regex)
        for text in texts + [ex.text for ex in rule.bad + rule.good]:
            if rule.regex.search(text):
                assert may_match(needed, fold(text)), (rule.id, text)


def test_prefilter_skips_texts_without_the_literal() -> None:
    rx = re.compile(r"\b[Aa]gainst[ \t]+the[ \t]+background[ \t]+of\b")
    needed = required(rx)
    assert needed and all("background" in s or "against" in s for s in needed)
    assert not may_match(needed, fold("A plain sentence about nothing."))
    assert may_match(needed, fold("AGAINST THE BACKGROUND OF"))


@pytest.mark.parametrize(
    "pattern",
    [r"(?P<a>\b)[Tt]he", r"\bthe|a", r"(?<=x)(y)z", r"\b(?:the)+ x", r"\bx+"],
)
def test_no_rewrite_when_unsafe(pattern: str) -> None:
    """Capturing groups in the hoisted part, top-level alternation, repeats: left alone."""
    rx = re.compile(pattern)
    assert hoisted(rx) is rx


def test_turkish_i_is_never_prefiltered() -> None:
    assert fold("İSTANBUL") is None
    assert may_match(frozenset({"istanbul"}), fold("İSTANBUL"))
