from __future__ import annotations

import mtclean


def test_clean_returns_text_findings_and_diff() -> None:
    result = mtclean.clean("How the BBC reported, the Switzerland has voted.\n")
    assert result.text == "As the BBC reported, Switzerland has voted.\n"
    assert {f.rule for f in result.findings} >= {"CAL002", "CAL003"}
    assert result.diff.startswith("--- a/<text>")


def test_unsafe_fixes_only_when_asked() -> None:
    text = "Against the background of the strikes, talks resumed."
    assert mtclean.clean(text).text == text
    assert mtclean.clean(text, mtclean.Config(unsafe_fixes=True)).text == "Amid the strikes, talks resumed."
