"""Source rules are loaded like every rule: a wrong check, stage or example is a line naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtclean.errors import RuleError
from mtclean.rules import load_rules

RULE = """stage: {stage}
class: number
rules:
  - id: XSR001
    kind: {kind}
    check: {check}
    message: A number changed.
    examples:
      bad:
        - {{source: "Um 20 Uhr.", text: "At 10 p.m."}}
        - {{source: "Am 3. Mai.", text: "On 4 May."}}
      good:
        - {{source: "Um 20 Uhr.", text: "At 8 p.m."}}
        - {{source: "Am 3. Mai.", text: "{good}"}}
"""


def write(tmp_path: Path, **kw: str) -> Path:
    values = {"stage": "source", "kind": "source", "check": "number-missing", "good": "On 3 May."} | kw
    (tmp_path / "mine.yaml").write_text(RULE.format(**values))
    return tmp_path


def test_a_users_source_rule_loads_and_passes_its_examples(tmp_path: Path) -> None:
    from mtclean.ruletest import check_rule

    rules = load_rules([write(tmp_path)])
    mine = rules.by_id()["XSR001"]
    assert check_rule(mine, rules) == []


def test_a_failing_example_is_reported(tmp_path: Path) -> None:
    from mtclean.ruletest import check_rule

    rules = load_rules([write(tmp_path, good="On 5 May.")])
    (failure,) = check_rule(rules.by_id()["XSR001"], rules)
    assert "good example flagged" in str(failure) and "mine.yaml" in str(failure)


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"check": "no-such-check"}, "names its 'check'"),
        ({"stage": "calque"}, "stage: source"),
        ({"kind": "fragment"}, "kind source only"),
    ],
)
def test_bad_source_rule_is_one_error_with_file_and_line(tmp_path: Path, kw: dict[str, str], message: str) -> None:
    with pytest.raises(RuleError) as exc:
        load_rules([write(tmp_path, **kw)])
    assert message in str(exc.value) and "mine.yaml:4" in str(exc.value)
