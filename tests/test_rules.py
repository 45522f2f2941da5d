"""Rules as data: every shipped rule proves itself with its own examples, and a
broken rule file is named with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtclean.errors import RuleError
from mtclean.rules import load_rules
from mtclean.ruletest import check_rule

RULES = load_rules()
SEED_TEXT = (Path(__file__).resolve().parents[1] / "seeds" / "000_7812e24d0ad2b208.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("rule", RULES.rules, ids=lambda r: r.id)
def test_rule_examples(rule) -> None:  # type: ignore[no-untyped-def]
    assert len(rule.bad) >= 2 and len(rule.good) >= 2
    failures = check_rule(rule, RULES)
    assert not failures, "\n".join(map(str, failures))


@pytest.mark.parametrize("rule", RULES.rules, ids=lambda r: r.id)
def test_examples_are_not_taken_from_the_seed(rule) -> None:  # type: ignore[no-untyped-def]
    for ex in rule.bad + rule.good:
        sentences = [s for s in ex.text.split(". ") if len(s) > 25]
        assert not any(s in SEED_TEXT for s in sentences), ex.text


def write(tmp_path: Path, text: str) -> Path:
    d = tmp_path / "rules"
    d.mkdir()
    (d / "x.yaml").write_text(text, encoding="utf-8")
    return d


GOOD_RULE = """stage: calque
rules:
  - id: TST001
    kind: existence
    message: m
    pattern: 'foo'
    examples:
      bad: ["foo a", "foo b"]
      good: ["bar a", "bar b"]
"""


def test_user_rule_loads_without_python(tmp_path: Path) -> None:
    rules = load_rules([write(tmp_path, GOOD_RULE)])
    assert "TST001" in rules.by_id()
    assert not check_rule(rules.by_id()["TST001"], rules)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("stage: calque\nrules:\n  - id: [unclosed\n", 4, "invalid YAML"),
        (GOOD_RULE.replace("kind: existence", "kind: magic"), 3, "unknown kind"),
        (GOOD_RULE.replace("    message: m\n", "    message: m\n    class: poetry\n"), 3, "unknown class"),
        (GOOD_RULE.replace("pattern: 'foo'", "pattern: 'fo(o'"), 3, "bad pattern"),
        (GOOD_RULE.replace('bad: ["foo a", "foo b"]', 'bad: ["foo a"]'), 3, "two 'bad'"),
        (GOOD_RULE.replace("    pattern: 'foo'\n", "    pattern: 'foo'\n    colour: red\n"), 3, "unknown key"),
        (GOOD_RULE + GOOD_RULE.split("rules:\n")[1], 10, "duplicate rule id"),
    ],
)
def test_broken_rule_file_names_file_and_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    d = write(tmp_path, text)
    with pytest.raises(RuleError) as err:
        load_rules([d])
    assert str(err.value).startswith(f"{d / 'x.yaml'}:{line}: ")
    assert words in str(err.value)


def test_failing_example_is_reported(tmp_path: Path) -> None:
    rules = load_rules([write(tmp_path, GOOD_RULE.replace('good: ["bar a"', 'good: ["foo c"'))])
    failures = check_rule(rules.by_id()["TST001"], rules)
    assert len(failures) == 1 and "good example flagged" in str(failures[0])


def test_checks_that_only_judge_a_rule_run_again_when_its_file_changes(tmp_path, monkeypatch) -> None:
    """A rule file that loaded without error is not judged again (idempotent fixes) while
    it stays the same; once edited, it is, and a fix that feeds itself is refused."""
    import mtclean.rules as rules_mod
    from mtclean.errors import RuleError
    from mtclean.rules import load_rules

    monkeypatch.setenv("MTCLEAN_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "rules"
    folder.mkdir()
    rule = (
        "stage: calque\nrules:\n  - id: USR001\n    kind: substitution\n    fix: safe\n"
        "    message: m\n    pattern: '\\bwhereby\\b'\n    replace: '{replace}'\n"
        "    examples:\n      bad:\n        - text: 'A rule whereby it ends.'\n          fixed: 'A rule {fixed} it ends.'\n"
        "        - text: 'Terms whereby we agree.'\n          fixed: 'Terms {fixed} we agree.'\n"
        "      good:\n        - 'The rule by which it ends.'\n        - 'Nothing here.'\n"
    )
    (folder / "mine.yaml").write_text(rule.format(replace="by which", fixed="by which"), encoding="utf-8")
    judged: list[str] = []
    real = rules_mod._check_idempotent
    monkeypatch.setattr(rules_mod, "_check_idempotent", lambda r, lex: (judged.append(r.id), real(r, lex)))
    load_rules([folder], builtin=False)
    assert judged == ["USR001"]
    load_rules([folder], builtin=False)
    assert judged == ["USR001"]  # the same file: not judged again
    (folder / "mine.yaml").write_text(rule.format(replace="whereby whereby", fixed="whereby whereby"), encoding="utf-8")
    with pytest.raises(RuleError, match="idempotent"):
        load_rules([folder], builtin=False)
    with pytest.raises(RuleError, match="idempotent"):  # a refused file is judged at every load
        load_rules([folder], builtin=False)
