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

import re
from bisect import bisect_right
from collections import Counter, defaultdict

from ..doc import trie_regex
from ..linguistic_rules import TAIL, Variants
from ..model import Finding
from ..pipeline import Context, segment_starts
from ..rules import Rule
from .common import finding


class ConsistencyStage:
    name = "consistency"

    def __init__(self, rules: list[Rule]) -> None:
        self.rules = [r for r in rules if r.kind == "consistency" and r.compiled is not None]
        self.merged = _merged([r.compiled for r in self.rules])

    def candidates(self, texts: list[str], ctx: Context) -> set[int] | None:
        """``--lines``: the segments in which some rule finds two spellings or more (a
        segment with fewer agrees with itself), from one pass over the whole file. The
        spellings' regexes end in a negative look-ahead that a line break passes as a
        text's end does, so each segment's matches are the same in the joined text."""
        if any("\n" in form or "\r" in form for r in self.rules for form in r.compiled.group_of):
            return None
        starts = segment_starts(texts)
        out: set[int] = set()
        for found in self._occurrences("\n".join(texts)):
            seen: set[int] = set()
            for _, p, _ in found:
                k = bisect_right(starts, p) - 1
                if k in seen:
                    out.add(k)
                seen.add(k)
        return out

    def check(self, text: str, ctx: Context) -> list[Finding]:
        out: list[Finding] = []
        for rule, found in zip(self.rules, self._occurrences(text)):
            if len(found) < 2:
                continue  # one spelling found once agrees with itself (most texts: none)
            table: Variants = rule.compiled
            seen: dict[int, list[tuple[str, int, int]]] = defaultdict(list)
            fixed: list[tuple[int, int]] | None = None  # found when first needed: most texts hold no spelling
            for form, p, end in found:
                if p > 0 and (text[p - 1].isalnum() or text[p - 1] in "_.-"):
                    continue
                if fixed is None:
                    fixed = [m.span() for m in table.names.finditer(text)] if table.names else []
                if any(a <= p < b for a, b in fixed):
                    continue
                seen[table.group_of[form]].append((form, p, end))
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

    def _occurrences(self, text: str) -> list[list[tuple[str, int, int]]]:
        """Each rule's regex matches (spelling, start, end), in text order: from one pass
        over the text when the rules' spellings allow it, else one pass per rule."""
        if self.merged is None:
            return [[(m.group(), m.start(), m.end()) for m in r.compiled.regex.finditer(text)] for r in self.rules]
        regex, rule_of = self.merged
        out: list[list[tuple[str, int, int]]] = [[] for _ in self.rules]
        for m in regex.finditer(text):
            form = m.group()
            out[rule_of[form]].append((form, m.start(), m.end()))
        return out


def _merged(tables: list[Variants]) -> tuple[re.Pattern[str], dict[str, int]] | None:
    """One regex for the spellings of all tables, with the table of each spelling, when it
    finds exactly what the tables' own regexes find: no spelling can match at a place
    where, or inside a stretch where, a spelling of another table matches. Else None."""
    if len(tables) < 2:
        return None
    rule_of: dict[str, int] = {}
    for i, table in enumerate(tables):
        for form in table.group_of:
            if form in rule_of:
                return None
            rule_of[form] = i
    if not _mergeable(rule_of):
        return None
    return re.compile(trie_regex(list(rule_of)) + TAIL), rule_of


def _mergeable(rule_of: dict[str, int]) -> bool:
    """No spelling can match where, or inside a stretch where, another table's does. The
    test compares every pair of spellings; its answer is kept in the disk cache by a hash
    of the spellings and their tables (a hook's start-up)."""
    from .. import lexcache

    basis = "\n".join(f"{i}\t{f}" for f, i in sorted(rule_of.items()))
    return bool(lexcache.memo("merge", basis, lambda: _no_clash(rule_of)))


def _no_clash(rule_of: dict[str, int]) -> bool:
    for f, i in rule_of.items():
        for k in range(len(f)):
            tail = f[k:]
            for g, j in rule_of.items():
                if j == i:
                    continue
                if len(g) <= len(tail):
                    clash = tail.startswith(g) and _may_end_before(tail[len(g) :])
                else:
                    clash = g.startswith(tail) and _may_end_before(g[len(tail) :])
                if clash:
                    return False
    return True


def _may_end_before(rest: str) -> bool:
    """Can a spelling's match (see TAIL) end where the text goes on with ``rest``?"""
    if not rest:
        return True
    c = rest[0]
    if c.isalnum() or c in "_-":
        return False
    return not (c == "." and len(rest) > 1 and (rest[1].isalnum() or rest[1] == "_"))


def preferred_form(group: tuple[str, ...], counts: Counter[str], prefer: dict[str, str], how: str) -> str:
    for key, form in prefer.items():
        if key in group or key.lower() in (g.lower() for g in group):
            return form
    if how == "majority":
        best = max(counts.values())
        return next(f for f in group if counts.get(f) == best)
    return group[0]
