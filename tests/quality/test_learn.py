"""Learning candidates: a recurring change is counted against how often its
pattern occurs, written as a flag rule with real examples, and checked."""

from __future__ import annotations

from pathlib import Path

from mtclean.quality import learn as learn_mod
from mtclean.quality.learn import learn, mine, pattern_for
from mtclean.rules import load_rules
from mtclean.ruletest import check_rules

MT = [
    "We met in park yesterday.",
    "Children play in park every day.",
    "The concert in park was loud.",
    "She walked in park alone.",
    "They sat in park.",  # kept by the post-editor
    "The weather is fine.",
]
PE = [
    "We met in the park yesterday.",
    "Children play in the park every day.",
    "The concert in the park was loud.",
    "She walked in the park alone.",
    "They sat in park.",
    "The weather is fine.",
]


def test_pattern_matches_whole_words_with_any_spacing() -> None:
    import re

    rx = re.compile(pattern_for("in park"))
    assert rx.search("met in  park.") and rx.search("in park")
    assert not rx.search("within parks") and not rx.search("in parking")


def test_mine_counts_changes_and_occurrences() -> None:
    cands = {(c.before, c.after): c for c in mine(MT, PE, min_count=2)}
    c = cands[("in park", "in the park")]
    assert (c.count, c.occurrences) == (4, 5)
    assert c.agreement == 0.8 and c.score == 4 * 0.8
    assert c.change == ("", "the")


def test_learn_writes_rules_that_load_and_pass_their_examples(tmp_path: Path) -> None:
    out = tmp_path / "learned" / "learned.yaml"
    result = learn(MT, PE, out, min_count=2)
    assert [rid for rid, _ in result.written] == ["LRN001"]
    ruleset = load_rules([out.parent], builtin=False)
    (rule,) = ruleset.rules
    assert (rule.kind, rule.fix, rule.severity) == ("existence", "none", "info")
    assert "4 of 5" in rule.description
    assert all(ex.text in MT for ex in rule.bad) and all(ex.text in PE for ex in rule.good)
    assert check_rules(ruleset) == []


def test_candidates_failing_their_examples_are_not_written(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    real = learn_mod._examples

    def spoiled(c, mt, pe):  # type: ignore[no-untyped-def]
        bad, good = real(c, mt, pe)
        return bad, [bad[0], good[0]]  # a "good" example that still has the pattern

    monkeypatch.setattr(learn_mod, "_examples", spoiled)
    out = tmp_path / "learned.yaml"
    result = learn(MT, PE, out, min_count=2)
    assert result.written == [] and len(result.dropped) == 1
    assert "good example flagged" in result.dropped[0][1]
    assert load_rules([tmp_path], builtin=False).rules == []


def test_yaml_quoting_survives_quotes_backslashes_and_unicode_line_breaks() -> None:
    import yaml

    from mtclean.quality.learn import _q

    for s in ['say "hi"', "back\\slash", "a\u2028b\u0085c", "tab\there", "emoji 🙂 and ’"]:
        assert yaml.safe_load("x: " + _q(s))["x"] == s


def test_nothing_to_learn_writes_an_empty_rule_file_that_loads(tmp_path: Path) -> None:
    out = tmp_path / "learned.yaml"
    result = learn(["Same text."], ["Same text."], out)
    assert result.written == [] and result.mined == 0
    assert load_rules([tmp_path], builtin=False).rules == []
