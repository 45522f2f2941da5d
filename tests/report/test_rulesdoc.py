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
