"""A source rule's own examples: each bad pair must be flagged by the rule, each good one not.

An example of several lines is several segments (line i of ``source`` translated by
line i of ``text``), so file checks such as consistency have examples of their own.
"""

from __future__ import annotations

from ..rules import Example, Rule
from .checker import Pair, check_pairs
from .glossary import from_entries


def flagged(rule: Rule, ex: Example) -> list[str]:
    sources = (ex.source or "").split("\n")
    targets = ex.text.split("\n")
    pairs = [Pair(s, t) for s, t in zip(sources, targets)]
    glossary = from_entries(ex.glossary) if ex.glossary else None
    found = check_pairs(pairs, [rule], glossary)
    return [f.text or f.message for seg in found for f in seg if f.rule == rule.id]


def check_source_rule(rule: Rule) -> list[tuple[int | None, str]]:
    problems: list[tuple[int | None, str]] = []
    for ex in rule.bad + rule.good:
        if len((ex.source or "").split("\n")) != len(ex.text.split("\n")):
            problems.append((ex.line, f"source and text differ in their number of lines: {ex.text!r}"))
    if problems:
        return problems
    for ex in rule.bad:
        if not flagged(rule, ex):
            problems.append((ex.line, f"bad example not flagged: {ex.text!r}"))
    for ex in rule.good:
        hit = flagged(rule, ex)
        if hit:
            problems.append((ex.line, f"good example flagged at {hit[0]!r}: {ex.text!r}"))
    return problems
