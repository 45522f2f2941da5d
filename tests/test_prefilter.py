"""The regex speed-ups never change what a rule matches."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtclean.api import rules_for
from mtclean.config import Config
from mtclean.pipeline import Context
from mtclean.prefilter import LiteralIndex, fold, hoisted, may_match, required, within_line
from mtclean.stages import build_pipeline
from mtclean.stages.regex_rules import RegexStage

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


@pytest.mark.parametrize(
    ("pattern", "flags", "bound"),
    [
        (r"\b[Aa]gainst[ \t]+the[ \t]+background", 0, True),
        (r"^[ \t]*Home[ \t]*>.*$", re.MULTILINE, True),  # "." and "$" stop at a line break in MULTILINE mode
        (r"(?<=[.!?])[ \t]+\((?=[A-Z])[^\n)]*\)", 0, True),
        (r"foo\s+bar", 0, False),  # \s matches a line break
        (r"foo.bar", re.DOTALL, False),
        (r"foo[^x]bar", 0, False),
        (r"foo(?=[ \t]*\n)", 0, False),  # a look-ahead that sees the line break
        (r"foo(?=[ \t]*\Z)", 0, False),
        (r"foo$", 0, False),  # end of the text (or before its last line break), not of a line
        (r"foo(?:\r?\n|bar)", 0, False),
    ],
)
def test_within_line(pattern: str, flags: int, bound: bool) -> None:
    assert within_line(re.compile(pattern, flags)) is bound


def test_literal_index_finds_every_occurrence_case_folded() -> None:
    index = LiteralIndex(["background", "against"])
    text = "Against the BACKGROUND of x.\nno\nagainst all; STRASSE and Straße."
    lit = index.scan(text)
    assert lit.at["against"] == [0, 32]
    assert lit.at["background"] == [12]
    assert lit.may_match(frozenset({"against", "zzz"})) and not lit.may_match(frozenset({"zzz"}))
    assert not lit.aligned  # "ß" folds to two letters: no line look-ups on this text
    plain = index.scan("one\nxx against\nthree\n" * 3)
    assert plain.lines(frozenset({"against"})) is None  # on half the text: a whole scan is as cheap
    long = "filler line here\n" * 200 + "a line against it\n" + "filler line here\n" * 200
    lines = index.scan(long).lines(frozenset({"against"}))
    assert lines == [(17 * 200, 17 * 200 + len("a line against it"))]


def test_line_bound_rules_find_exactly_what_a_whole_scan_finds(shared: Path) -> None:
    """Long texts (so the line look-ups are used) made of the rules' own examples and WMT21 lines."""
    config = Config()
    rules = rules_for(config)
    lines = _texts(shared)
    pieces: list[str] = []
    for rule in _regex_rules():
        pieces += [ex.text for ex in rule.bad + rule.good]
    texts = [
        "\n".join(lines[i : i + 300] + pieces) for i in range(0, len(lines), 300)
    ] + ["\n\n".join(pieces * 3)]
    bound = 0
    for stage in build_pipeline(rules, config).stages:
        if not isinstance(stage, RegexStage):
            continue
        bound += sum(stage.plan(i).line_bound for i in range(len(stage.rules)))
        whole = RegexStage(stage.name, stage.rules, filtered=False)
        for text in texts:
            got = [(f.rule, f.start, f.end, f.suggestion) for f in stage.check(text, Context(config, rules))]
            want = [(f.rule, f.start, f.end, f.suggestion) for f in whole.check(text, Context(config, rules))]
            assert got == want
            assert want or stage.name != "calque"
    assert bound >= 5


# --- line_start_guard: a line-start pattern's first character tested first ---------------

_GUARDED = [
    (r"^(?=(?:\S+[ \t]+){2}\S)(?P<line>[A-Z\"“][^\n]{3,40}?)[ \t]*\n(?P=line)$", re.M),
    (r"^(?=\w)(?!The)[A-Z][a-z]+", re.M),
    (r"^(?=.{4})(?:[xy-]|z)+q", 0),
    (r"^(?=[^\n]*!)(?P<a>(?P<b>[ab\]\\^-]))\w*", re.M),
    (r"^(?=ab)(?:a|b)", re.M),  # (re makes the branch a set: guarded)
    (r"^(?=\d)(?:(?:12|3)[0-9])+", re.M),  # a branch first: not guarded
    (r"^(?=.)\d+", re.M),  # a category first: not guarded
    (r"^(?<=x)(?=a)a", re.M),  # a look-behind: not guarded
    (r"^(?=a)a", re.M | re.I),  # case-insensitive: not guarded
    (r"(?m)^(?=a)[ab]", 0),  # inline flags first: not guarded
    (r"^[A-Z]x", re.M),  # no look-ahead to move ahead of
]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aAbBqxyz-!12390 \t\n\"“]\\^Th", max_size=60))
def test_line_start_guard_matches_as_the_pattern(text: str) -> None:
    from mtclean.prefilter import line_start_guard

    for src, flags in _GUARDED:
        plain = re.compile(src, flags)
        guarded = line_start_guard(plain)
        assert [(m.span(), m.groupdict()) for m in guarded.finditer(text)] == [
            (m.span(), m.groupdict()) for m in plain.finditer(text)
        ]
        assert guarded.groupindex == plain.groupindex and guarded.groups == plain.groups


def test_line_start_guard_applies_where_it_is_exact() -> None:
    from mtclean.prefilter import line_start_guard

    changed = {src for src, flags in _GUARDED if line_start_guard(re.compile(src, flags)).pattern != src}
    assert changed == {src for src, _ in _GUARDED[:5]}  # (the others: not of the kind, left as written)


def test_guarded_rules_match_as_written(shared) -> None:  # type: ignore[no-untyped-def]
    """Every built-in rule the guard rewrites (BOI018, a line repeated at once) finds the
    same matches on its examples, on real news with lines doubled and on generated lines."""
    import random

    from mtclean.api import rules_for
    from mtclean.config import Config
    from mtclean.prefilter import line_start_guard

    rules = [r for r in rules_for(Config()).rules if isinstance(r.regex, re.Pattern) and line_start_guard(r.regex) is not r.regex]
    assert [r.id for r in rules] == ["BOI018"]
    texts = [e.text for r in rules for e in r.bad + r.good]
    for p in sorted((shared / "data" / "wmt21-deen").glob("*.en"))[:3]:
        lines = p.read_text(encoding="utf-8").splitlines(keepends=True)[:400]
        texts.append("".join(line for k, line in enumerate(lines) for line in ([line, line] if k % 7 == 0 else [line])))
    rng = random.Random(18)
    pieces = ["The harbour at dawn today", "“Quoted words here too”", "the lower case line here", "A B C D", " ", "\t", "\n", "\r\n", "\n\n", "x"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))) for _ in range(2000)]
    found = 0
    for rule in rules:
        guarded = line_start_guard(rule.regex)
        for text in texts:
            want = [(m.span(), m.groupdict()) for m in rule.regex.finditer(text)]
            assert [(m.span(), m.groupdict()) for m in guarded.finditer(text)] == want
            found += len(want)
    assert found > 100
