"""The encoding stage's shortcuts find exactly what its general checks find."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mtclean import Config
from mtclean.api import rules_for
from mtclean.pipeline import Context
from mtclean.stages.encoding import EncodingStage

RULES = rules_for(Config())
STAGE = EncodingStage([r for r in RULES.rules if r.stage == "encoding"])


def _spans(findings):  # type: ignore[no-untyped-def]
    return [(f.rule, f.start, f.end, f.edit.replacement if f.edit else None) for f in findings]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=" \t\r\u00a0ab.Ã©\x07", max_size=12), st.sampled_from(["a.txt", "a.md"]))
def test_one_line_shortcut_equals_the_general_checks(text: str, path: str) -> None:
    ctx = Context(Config(), RULES, path)
    assert "\n" not in text
    assert _spans(STAGE._one_line(text, ctx)) == _spans(STAGE._lines(text, ctx))


def test_one_line_finds_blanks_at_both_ends() -> None:
    ctx = Context(Config(), RULES, "a.txt")
    found = _spans(STAGE.check(" Text with blanks \t", ctx))
    assert [(s, e) for _, s, e, _ in found] == [(17, 19), (0, 1)]
