"""Running a rule's own examples: each bad text must be flagged (and fixed to the
text given), each good text left alone. ``mtclean rules test`` and the test
suite both run this, so a rule cannot ship without evidence."""

from __future__ import annotations

from dataclasses import dataclass

from .config import Config
from .pipeline import Pipeline
from .rules import Rule, RuleSet
from .stages import build_stages


@dataclass
class Failure:
    rule: Rule
    line: int | None
    problem: str

    def __str__(self) -> str:
        return f"{self.rule.path}:{self.line or self.rule.line}: {self.rule.id}: {self.problem}"


def check_rule(rule: Rule, rules: RuleSet) -> list[Failure]:
    if rule.kind == "source":
        from .source.examples import check_source_rule

        return [Failure(rule, line, problem) for line, problem in check_source_rule(rule)]
    config = Config(unsafe_fixes=True)
    pipeline = Pipeline(build_stages(rules, config, only=[rule]), config, rules)
    failures: list[Failure] = []
    for ex in rule.bad:
        result = pipeline.run(ex.text)
        mine = [f for f in result.findings if f.rule == rule.id]
        if ex.entry is not None:  # a phrase table's example must be matched by its own entry
            mine = [f for f in mine if f.extra.get("entry") == ex.entry]
        if not mine:
            of = f" by entry {ex.entry!r}" if ex.entry is not None else ""
            failures.append(Failure(rule, ex.line, f"bad example not flagged{of}: {ex.text!r}"))
        elif ex.fixed is not None and result.cleaned != ex.fixed:
            failures.append(Failure(rule, ex.line, f"bad example fixed to {result.cleaned!r}, expected {ex.fixed!r}"))
        if any(f.rule == rule.id and f.applied for f in result.findings):
            again = pipeline.run(result.cleaned)
            if any(f.rule == rule.id and f.applied for f in again.findings):
                failures.append(
                    Failure(rule, ex.line, f"fix is not idempotent: it changes its own output {result.cleaned!r} again")
                )
    for ex in rule.good:
        result = pipeline.run(ex.text)
        mine = [f for f in result.findings if f.rule == rule.id]
        if mine:
            by = f" by entry {mine[0].extra['entry']!r}" if "entry" in mine[0].extra else ""
            failures.append(Failure(rule, ex.line, f"good example flagged at {mine[0].text!r}{by}: {ex.text!r}"))
    return failures


def check_rules(rules: RuleSet) -> list[Failure]:
    failures: list[Failure] = []
    for rule in rules.rules:
        failures.extend(check_rule(rule, rules))
    return failures
