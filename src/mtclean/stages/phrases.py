"""Runs ``phrases`` rules (tables of fixed phrases, see mtclean.phrase_table).

All forms of all entries of a stage's tables go into one Aho-Corasick automaton
(ahocorasick_rs, Rust) over the lower-cased text, so the scan is one native pass
whose cost does not grow with the number of entries; only hits pay Python work
(word boundaries, case, the entry's guards). ahocorasick_rs returns all hits of a
text as one list of (pattern, start, end) in character offsets; pyahocorasick built
a Python tuple per hit through an iterator and its scan slowed as the automaton
grew (a 100x table cost 1.3-2x; see benchmarks/rule_count.py).
"""

from __future__ import annotations

import ahocorasick_rs

from .. import regex_set
from ..model import Edit, Finding
from ..phrase_table import Entry, case_choices, context_ok, fixable_case, fold, is_word_char, resolve
from ..pipeline import Context, segment_starts, segments_hit
from ..regex_set import LiteralSet
from ..rules import Rule
from .regex_rules import match_case

Hit = tuple[int, int, tuple[Entry, tuple[int, ...]]]


class PhraseStage:
    def __init__(self, name: str, rules: list[Rule]) -> None:
        self.name = name
        self.rules = [r for r in rules if r.kind == "phrases" and r.compiled is not None]
        self.automaton: ahocorasick_rs.AhoCorasick | None = None
        # form -> [(rule index, entry, slot choices)]: one form may be in several rules' tables
        table: dict[str, list[tuple[int, Entry, tuple[int, ...]]]] = {}
        for i, rule in enumerate(self.rules):
            for entry in rule.compiled.entries:
                for form, choices in entry.forms:
                    table.setdefault(form, []).append((i, entry, choices))
        # pattern index -> (form, its owners)
        self.patterns: list[tuple[str, list[tuple[int, Entry, tuple[int, ...]]]]] = list(table.items())
        self._literals: LiteralSet | None | bool = False  # built on first use

    def __getstate__(self) -> dict[str, object]:
        return {**self.__dict__, "_literals": False}  # a Hyperscan database does not pickle

    def find(self, folded: str) -> list[tuple[int, int, int]]:
        """(form index, start, end) of every occurrence of every form in ``folded``: one
        Hyperscan pass in literal mode where the wheel is installed (tens of times faster
        than the automaton here), else the Aho-Corasick automaton."""
        if self._literals is False:
            self._literals = regex_set.literal_set([form for form, _ in self.patterns]) if self.patterns else None
        if isinstance(self._literals, LiteralSet):
            found = self._literals.find(folded)
            if found is not None:
                return found
        if self.automaton is None and self.patterns:
            self.automaton = ahocorasick_rs.AhoCorasick([form for form, _ in self.patterns])
        if self.automaton is None:
            return []
        # overlapping=True: every occurrence of every form, as pyahocorasick's iter() gave
        return self.automaton.find_matches_as_indexes(folded, overlapping=True)  # type: ignore[no-any-return]

    def hits(self, text: str, folded: str | None = None) -> list[list[Hit]]:
        """Per rule, the entries' hits in ``text`` after boundaries, case and guards,
        overlaps resolved (leftmost, then longest)."""
        per_rule: list[list[Hit]] = [[] for _ in self.rules]
        if not self.patterns:
            return per_rule
        folded = fold(text) if folded is None else folded
        n = len(text)
        patterns = self.patterns
        for index, start, end in self.find(folded):
            if (start > 0 and is_word_char(text[start - 1])) or (end < n and is_word_char(text[end])):
                continue
            form, owners = patterns[index]
            matched = text[start:end]
            for i, entry, choices in owners:
                made = case_choices(entry, form, matched, choices)
                if made is not None and context_ok(entry, folded, start, end):
                    per_rule[i].append((start, end, (entry, made)))
        return [resolve(h) for h in per_rule]

    def candidates(self, texts: list[str], ctx: Context) -> set[int]:
        """``--lines``: the segments where a form of an entry occurs, from one scan of the
        whole file (``find`` reports every occurrence, overlapping ones too, so a hit in a
        segment is a hit at the same place in the joined text; one running on into the
        next segment only adds a candidate)."""
        if not self.patterns:
            return set()
        joined = "\n".join(texts)
        # fold works character by character but for "İ" (see fold): then segment by segment
        folded = fold(joined) if "\u0130" not in joined else " ".join(map(fold, texts))
        return segments_hit(segment_starts(texts), (start for _, start, _ in self.find(folded)))

    def check(self, text: str, ctx: Context) -> list[Finding]:
        out: list[Finding] = []
        for rule, hits in zip(self.rules, self.hits(text)):
            for start, end, (entry, choices) in hits:
                out.append(_finding(rule, entry, choices, text[start:end], start, end))
        return out


def _finding(rule: Rule, entry: Entry, choices: tuple[int, ...], matched: str, start: int, end: int) -> Finding:
    replacement = entry.replacement(choices)
    edit = None
    fix = entry.fix
    if replacement is not None and fix != "none":
        if fixable_case(entry, matched):
            edit = Edit(start, end, match_case(matched, replacement))
        else:
            fix = "none"  # a headline or a name: offered, never applied
    suggestion = entry.suggested(choices)
    if suggestion is not None and edit is None:
        suggestion = match_case(matched, suggestion)
    f = Finding(
        rule=rule.id,
        cls=entry.cls,
        severity=entry.severity,
        start=start,
        end=end,
        message=entry.message,
        fix=fix,
        suggestion=edit.replacement if edit is not None else suggestion,
        edit=edit,
        priority=rule.priority,
        stage=rule.stage,
    )
    f.extra["entry"] = entry.key
    if entry.source:
        f.extra["source"] = entry.source
    return f
