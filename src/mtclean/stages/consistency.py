"""One entity spelled two ways in one document (Kiev/Kyiv, Peking/Beijing, US/USA).

The variants tables live in ``rules/consistency.yaml``. A document that uses one
spelling throughout is consistent and left alone, whatever the spelling: this stage
is about a document disagreeing with itself. When it does, every occurrence of the
other spellings is flagged, and the finding names each spelling with its count. The
preferred form is the config's (``prefer``: group -> form, the group named by any of
its spellings), else the rule's choice: the form listed first (the newer official
one) or the document's majority.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from ..linguistic_rules import Variants
from ..model import Finding
from ..pipeline import Context
from ..rules import Rule
from .common import finding


class ConsistencyStage:
    name = "consistency"

    def __init__(self, rules: list[Rule]) -> None:
        self.rules = [r for r in rules if r.kind == "consistency" and r.compiled is not None]

    def check(self, text: str, ctx: Context) -> list[Finding]:
        out: list[Finding] = []
        for rule in self.rules:
            table: Variants = rule.compiled
            seen: dict[int, list[tuple[str, int, int]]] = defaultdict(list)
            fixed = [m.span() for m in table.names.finditer(text)] if table.names else []
            for m in table.regex.finditer(text):
                p = m.start()
                if p > 0 and (text[p - 1].isalnum() or text[p - 1] in "_.-") or any(a <= p < b for a, b in fixed):
                    continue
                seen[table.group_of[m.group()]].append((m.group(), m.start(), m.end()))
            for gi, hits in seen.items():
                counts = Counter(form for form, _, _ in hits)
                if len(counts) < 2:
                    continue
                group = table.groups[gi]
                preferred = preferred_form(group, counts, ctx.config.prefer, table.prefer)
                listing = " and ".join(
                    f'"{f}" ({n}x)' for f, n in sorted(counts.items(), key=lambda kv: group.index(kv[0]))
                )
                message = f'{rule.message} This document writes {listing}; prefer "{preferred}".'
                for form, start, end in hits:
                    if form != preferred:
                        out.append(finding(rule, start, end, suggestion=preferred, message=message))
        return out


def preferred_form(group: tuple[str, ...], counts: Counter[str], prefer: dict[str, str], how: str) -> str:
    for key, form in prefer.items():
        if key in group or key.lower() in (g.lower() for g in group):
            return form
    if how == "majority":
        best = max(counts.values())
        return next(f for f in group if counts.get(f) == best)
    return group[0]
