"""The pattern rule kind: token tests, gaps, names, templates, and errors with lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtclean.doc import Doc
from mtclean.errors import RuleError
from mtclean.lexicon import Lexicon
from mtclean.patterns import compile_pattern, fill
from mtclean.rules import load_rules


def fail(msg: str, line: int | None = None) -> Exception:
    return RuleError(msg, "t.yaml", line)


def lexicon() -> Lexicon:
    lex = Lexicon()
    lex.lists["weekdays"] = frozenset(["Monday", "Tuesday"])
    return lex


def spans(spec: list[dict], text: str) -> list[str]:
    pattern = compile_pattern(spec, lexicon(), 1, fail)
    return [text[s:e] for s, e, _ in pattern.matches(Doc(text))]


def test_literal_class_and_report() -> None:
    spec = [{"text": "on"}, {"class": "weekdays"}, {"text": "the", "report": False}]
    assert spans(spec, "He left on Monday the city. She came on Friday the day after.") == ["on Monday"]


def test_gap_is_lazy_and_each_token_must_pass() -> None:
    spec = [{"text": "that"}, {"gap": 3, "min": 1, "each": {"punct": False}}, {"text": "left"}]
    assert spans(spec, "I know that he quietly left.") == ["that he quietly left"]
    assert spans(spec, "I know that he, sadly, left.") == []
    assert spans(spec, "I know that he very very quietly left.") == []


def test_optional_repeat_cap_first_last() -> None:
    spec = [
        {"text": "in", "first": True},
        {"text": "the", "optional": True},
        {"cap": True, "repeat": [1, 2]},
        {"punct": True, "last": True},
    ]
    assert spans(spec, "In the New York.") == ["In the New York."]
    assert spans(spec, "In Berlin.") == ["In Berlin."]
    assert spans(spec, "He lives in Berlin.") == []


def test_not_and_negated_class() -> None:
    spec = [{"regex": "[a-z]+", "not": {"text": ["said", "told"]}}, {"text": "on"}, {"class": "weekdays"}]
    assert spans(spec, "They said on Monday. They met on Tuesday.") == ["met on Tuesday"]


def test_names_fill_the_template() -> None:
    spec = [{"text": "quoted", "name": "verb"}, {"cap": True, "name": "src"}, {"cap": True, "name": "who"}]
    pattern = compile_pattern(spec, lexicon(), 1, fail)
    ((_, _, named),) = pattern.matches(Doc("The deal was off, quoted Reuters Smith."))
    assert fill("{src} {verb} {who} as saying", named) == "Reuters quoted Smith as saying"
    assert fill("{missing} {src}", named) == "Reuters"


def test_anchor_prefilter_finds_every_match() -> None:
    """The rarest-literal scan must not lose matches a plain scan would find."""
    spec = [{"text": ["a", "an"]}, {"cap": True}, {"text": "("}, {"regex": r"\d+"}, {"text": ")"}]
    text = "An Ulm (20) and a Bonn (3) met. A man (40) too.\nThen an Essen (71)."
    assert spans(spec, text) == ["An Ulm (20)", "a Bonn (3)", "an Essen (71)"]


@pytest.mark.parametrize(
    "tokens, message, line",
    [
        ("[]", "non-empty list", 3),
        ("[{text: on}]", "quote on/off", 6),
        ("[{class: no-such-class}]", "unknown word class", 6),
        ("[{gap: 99}]", "a gap is", 6),
        ("[{text: x, colour: red}]", "unknown key 'colour'", 6),
        ("[{regex: '('}]", "bad token regex", 6),
        ("[{text: x, report: false}]", "at least one token must be reported", 3),
    ],
)
def test_bad_patterns_name_file_and_line(tmp_path: Path, tokens: str, message: str, line: int) -> None:
    """Errors name the file and the line of the rule, or of the token test itself."""
    d = tmp_path / "rules"
    d.mkdir()
    (d / "wo.yaml").write_text(
        "stage: word-order\nrules:\n  - id: TST001\n    kind: pattern\n    message: m\n"
        f"    tokens: {tokens}\n    examples: {{bad: [a, b], good: [c, d]}}\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleError) as exc:
        load_rules([d], builtin=False)
    assert message in str(exc.value) and str(exc.value).startswith(f"{d / 'wo.yaml'}:{line}: TST001: ")


def test_template_names_must_exist(tmp_path: Path) -> None:
    d = tmp_path / "rules"
    d.mkdir()
    (d / "wo.yaml").write_text(
        "stage: word-order\nrules:\n  - id: TST001\n    kind: pattern\n    message: m\n"
        "    tokens: [{text: x, name: a}]\n    suggest_template: '{b}'\n    examples: {bad: [a, b], good: [c, d]}\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleError, match="names {b}, which no token has"):
        load_rules([d], builtin=False)


def test_pattern_rules_only_flag(tmp_path: Path) -> None:
    d = tmp_path / "rules"
    d.mkdir()
    (d / "wo.yaml").write_text(
        "stage: word-order\nrules:\n  - id: TST001\n    kind: pattern\n    fix: safe\n    message: m\n"
        "    tokens: [{text: x}]\n    examples: {bad: [a, b], good: [c, d]}\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleError, match="only flags"):
        load_rules([d], builtin=False)
