"""``mtclean rules list|show|test``: the rule set as a user sees it."""

from __future__ import annotations

from pathlib import Path

import typer

from ..config import Config
from ..rules import Rule
from ..ruletest import check_rules
from . import app
from .common import RulesOpt, fail, load

rules_app = typer.Typer(help="List, show and test the rules.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")


@rules_app.command("list")
def list_rules(rules: list[Path] = RulesOpt) -> None:
    """One line per rule: id, class, fix safety, message."""
    for r in load(Config(rules_dirs=list(rules or []))).rules:
        print(f"{r.id}  {r.cls:<14} {r.fix:<6} {r.message}")


@rules_app.command("show")
def show(rule_id: str, rules: list[Path] = RulesOpt) -> None:
    """Everything about one rule, with its examples."""
    ruleset = load(Config(rules_dirs=list(rules or [])))
    rule = ruleset.by_id().get(rule_id)
    if rule is None:
        fail(f"unknown rule id {rule_id!r} (see 'mtclean rules list')")
        return
    print(f"{rule.id} ({rule.kind}, class {rule.cls}, stage {rule.stage}) at {rule.where}")
    print(f"  message:  {rule.message}")
    print(f"  severity: {rule.severity}   fix: {rule.fix}")
    if rule.suggestion:
        print(f"  suggests: {rule.suggestion}")
    if rule.params.get("pattern"):
        print(f"  pattern:  {rule.params['pattern']}")
    if rule.kind == "phrases":
        _show_table(rule)
        return
    for ex in rule.bad:
        print(f"  bad:  {ex.text!r}" + (f" -> {ex.fixed!r}" if ex.fixed is not None else "")
              + (f"  (source: {ex.source!r})" if ex.source is not None else ""))
    for ex in rule.good:
        print(f"  good: {ex.text!r}" + (f"  (source: {ex.source!r})" if ex.source is not None else ""))


def _show_table(rule: Rule) -> None:
    """A phrase table: one block per entry, with its own fix and examples."""
    entries = rule.compiled.entries
    print(f"  entries:  {len(entries)}")
    for e in entries:
        target = e.replace if e.replace is not None else e.suggestion
        arrow = f" -> {target!r}" if target else ""
        german = f"  (German: {e.source})" if e.source else ""
        print(f"  - {e.key!r}{arrow}  [fix {e.fix}, {e.cls}, {e.severity}]{german}  line {e.line}")
        for ex in (x for x in rule.bad if x.entry == e.key):
            print(f"      bad:  {ex.text!r}" + (f" -> {ex.fixed!r}" if ex.fixed is not None else ""))
        for ex in (x for x in rule.good if x.entry == e.key):
            print(f"      good: {ex.text!r}")


@rules_app.command("doc")
def doc(
    out: Path = typer.Option(Path("mtclean-out") / "rules", "--out", "-o", help="Folder to write index.html to."),
    rules: list[Path] = RulesOpt,
) -> None:
    """Write every rule's documentation (message, why, fix, examples) as OUT/index.html.

    Rule ids in report.html link to the same entries (``#rule-ID``); SARIF's helpUri
    points here (or to MTCLEAN_RULES_DOC_URL).
    """
    from .. import __version__
    from ..errors import MtcleanError
    from ..io import write_atomic
    from ..report.rulesdoc import render_page

    ruleset = load(Config(rules_dirs=list(rules or [])))
    try:
        write_atomic(out / "index.html", render_page(ruleset, __version__))
    except MtcleanError as exc:
        fail(str(exc))
    print(f"wrote {out / 'index.html'} ({len(ruleset.rules)} rules)")


@rules_app.command("test")
def test(rules: list[Path] = RulesOpt) -> None:
    """Run every rule's examples; exit 1 if any fails."""
    ruleset = load(Config(rules_dirs=list(rules or [])))
    failures = check_rules(ruleset)
    for f in failures:
        print(f)
    n_ex = sum(len(r.bad) + len(r.good) for r in ruleset.rules)
    print(f"{len(ruleset.rules)} rules, {n_ex} examples: {n_ex - len(failures)} passed, {len(failures)} failed")
    if failures:
        raise typer.Exit(1)
