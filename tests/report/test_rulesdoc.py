"""``mtclean rules doc`` and the rule entries report.html embeds."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import mtclean
from markupsafe import escape

from mtclean.api import rules_for
from mtclean.config import Config
from mtclean.report.markup import shown
from mtclean.report.rulesdoc import doc_for


def test_rules_doc_writes_every_rule_with_its_examples(tmp_path: Path) -> None:
    proc = mtclean("rules", "doc", "--out", str(tmp_path / "doc"))
    assert proc.returncode == 0, proc.stderr
    page = (tmp_path / "doc" / "index.html").read_text(encoding="utf-8")
    rules = rules_for(Config()).rules
    assert proc.stdout.strip().endswith(f"({len(rules)} rules)")
    assert sorted(re.findall(r'<section class="ruledoc" id="rule-([^"]+)">', page)) == sorted(r.id for r in rules)
    for r in rules:
        assert str(escape(r.message)) in page
        for ex in r.bad + r.good:
            assert str(escape(shown(ex.text))) in page
    assert "<script" not in page and "script-src" not in page  # a page with nothing to run


def test_why_comes_from_the_comments_inside_the_rule() -> None:
    rule = rules_for(Config()).by_id()["CAL002"]
    doc = doc_for(rule)
    assert any("head of its phrase" in w for w in doc.why)  # the comment above CAL002's pattern
    assert doc.source.startswith("calque.yaml:")
    others = doc_for(rules_for(Config()).by_id()["CAL003"])
    assert not any("head of its phrase" in w for w in others.why)  # a rule's comments stay with it


def test_report_links_every_badge_to_an_embedded_rule_entry(seed_run: Path) -> None:
    page = (seed_run / "report.html").read_text(encoding="utf-8")
    targets = set(re.findall(r'href="#(rule-[^"]+)"', page))
    entries = set(re.findall(r'<section class="ruledoc" id="(rule-[^"]+)">', page))
    assert targets and targets == entries


def test_a_comment_above_a_rule_is_its_own_not_the_previous_rules(tmp_path: Path) -> None:
    from mtclean.rules import load_rules

    (tmp_path / "house.yaml").write_text(
        """stage: calque
class: calque
rules:
  - id: HSE001
    kind: substitution
    message: First.
    # Inside the first rule.
    pattern: '\\bfoo\\b'
    replace: 'bar'
    fix: safe
    examples:
      bad:
        - {text: "a foo b", fixed: "a bar b"}
        - {text: "foo", fixed: "bar"}
      good: ["food", "a b"]
  # Above the second rule.
  - id: HSE002
    kind: existence
    message: Second.
    pattern: '\\bqux\\b'
    examples:
      bad: [{text: "a qux"}, {text: "qux b"}]
      good: ["quxx", "b"]
""", encoding="utf-8")
    rules = load_rules([tmp_path]).by_id()
    assert doc_for(rules["HSE001"]).why == ["Inside the first rule."]
    assert doc_for(rules["HSE002"]).why == ["Above the second rule."]
