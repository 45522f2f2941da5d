"""The capitalization stage: what it changes on its own, and what it leaves to a reviewer."""

from __future__ import annotations

from mtclean import Config
from mtclean.api import rules_for
from mtclean.stages import build_pipeline


def _run(text: str, **options: bool):  # type: ignore[no-untyped-def]
    config = Config(**options)
    return build_pipeline(rules_for(config), config).run(text, "doc.txt")


def test_a_frequent_lowercase_word_is_only_suggested() -> None:
    """"euro" is written lowercase in English: capitalising it is a suggestion, not a fix."""
    text = "The watch cost 11,000 Euro in Kiev and 9,000 Euro in Berlin, against 12,000 euro in Paris."
    result = _run(text)
    (f,) = [f for f in result.findings if f.rule == "CAP003"]
    assert (f.text, f.fix, f.applied, f.suggestion) == ("euro", "unsafe", False, "Euro")
    assert result.cleaned == text
    assert "12,000 Euro in Paris" in _run(text, unsafe_fixes=True).cleaned


def test_a_rare_name_lowercased_once_is_fixed() -> None:
    text = "Talks with Okonjo failed, and aides to Okonjo blamed the rivals of okonjo on Friday."
    result = _run(text)
    (f,) = [f for f in result.findings if f.rule == "CAP003"]
    assert (f.fix, f.applied) == ("safe", True)
    assert result.cleaned.endswith("rivals of Okonjo on Friday.")
