"""Runs ``pattern`` rules (token sequences, see mtclean.patterns) over the shared token layer.

One stage object per family (word-order, fragment, …); the rules decide what is
matched, this module only turns matches into findings with filled-in suggestions.
"""

from __future__ import annotations

from .. import guarded
from ..doc import Doc, doc_for
from ..model import Finding
from ..patterns import WordScan, fill, word_scan
from ..pipeline import Context
from ..rules import Rule
from .common import finding
from .regex_rules import timed_out


class PatternStage:
    def __init__(self, name: str, rules: list[Rule]) -> None:
        self.name = name
        self.rules = [r for r in rules if r.kind == "pattern" and r.compiled is not None]

        self.words = frozenset(w for rule in self.rules for w in rule.compiled.anchor_words())
        # A rule with an anchor can only match where one of its words was found.
        self.anchors = [r.compiled.anchor_words() if r.compiled.anchor() is not None else None for r in self.rules]
        self.anchored = all(words is not None for words in self.anchors)
        self._covered: frozenset[str] | None = None  # the last scanned word set found to hold self.words

    def check(self, text: str, ctx: Context) -> list[Finding]:
        doc = doc_for(text, ctx.cache)
        found = self._scan(doc, ctx)
        if not found and self.anchored:
            return []  # every rule needs one of its words (most segments with --lines)
        out: list[Finding] = []
        for rule, words in zip(self.rules, self.anchors):
            if words is not None and words.isdisjoint(found):
                continue  # (most rules, on a short text)
            template = rule.params.get("suggest_template")
            budget = guarded.current() if rule.compiled.guarded else None
            if budget is not None and rule.id in budget.stopped:
                continue  # a user's rule stopped earlier in this file: reported once
            try:
                matches = list(rule.compiled.matches(doc, found))
            except TimeoutError:
                # Only users' token regexes have a time limit (guarded.py); the file's budget is spent.
                if budget is not None:
                    budget.stopped.add(rule.id)
                out.append(timed_out(rule, budget.seconds if budget is not None else guarded.BASE_SECONDS))
                continue
            for start, end, named in matches:
                suggestion = fill(template, named) if template else None
                out.append(finding(rule, start, end, suggestion=suggestion))
        return out

    def _scan(self, doc: Doc, ctx: Context) -> dict[str, list[int]]:
        """Where the anchor words occur. One scan serves every pattern stage of the run
        (word-order, fragment, …): it looks for the anchor words of all pattern rules in
        the rule set, and is kept in the context next to the document it was made for."""
        if not self.words:
            return {}
        cached = ctx.cache.get("anchor-scan")
        if cached is not None and cached[0] is doc and (cached[1] is self._covered or self.words <= cached[1]):
            self._covered = cached[1]
            return cached[2]
        words, scanner = _all_anchors(ctx.rules.rules)
        if not self.words <= words:  # rules from elsewhere than the rule set: scan for them plainly
            words = words | self.words
            scanner = word_scan(words, tuple((w, a) for w, a in scanner.ahead if w not in self.words))
        found = scanner.find(doc)
        ctx.cache["anchor-scan"] = (doc, words, found)
        return found


_ANCHORS: dict[int, tuple[list[Rule], frozenset[str], WordScan]] = {}


def _all_anchors(rules: list[Rule]) -> tuple[frozenset[str], WordScan]:
    """The anchor words of every pattern rule in the rule set, and the scan for them, in
    which a word is a hit only before what must come next (one of the rules' tests;
    only where every rule anchored on the word has one)."""
    key = id(rules)
    hit = _ANCHORS.get(key)
    if hit is None or hit[0] is not rules:
        words: set[str] = set()
        plain: set[str] = set()
        tests: dict[str, set[str]] = {}
        for r in rules:
            if r.kind != "pattern" or r.compiled is None:
                continue
            ws = r.compiled.anchor_words()
            test = r.compiled.anchor_ahead()
            words |= ws
            for w in ws:
                if test is None:
                    plain.add(w)
                else:
                    tests.setdefault(w, set()).add(test)
        ahead = tuple(sorted((w, "|".join(sorted(ts))) for w, ts in tests.items() if w not in plain))
        hit = _ANCHORS[key] = (rules, frozenset(words), word_scan(frozenset(words), ahead))
    return hit[1], hit[2]
