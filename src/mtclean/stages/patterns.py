"""Runs ``pattern`` rules (token sequences, see mtclean.patterns) over the shared token layer.

One stage object per family (word-order, fragment, …); the rules decide what is
matched, this module only turns matches into findings with filled-in suggestions.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from .. import guarded
from ..doc import Doc, doc_for
from ..model import Finding
from ..patterns import WordScan, fill, word_scan
from ..pipeline import Context, joined_lower, segment_starts
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
        # see _rule_tests
        self._tests: list[tuple[frozenset[str], re.Pattern[str] | None, list[re.Pattern[str]]]] | None = None

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

    def candidates(self, texts: list[str], ctx: Context) -> set[int] | None:
        """``--lines``: the segments that hold one of the rules' anchor words (with what
        must follow it), from one scan of the whole file; a segment without one gives no
        finding when every rule is anchored. The scan runs on the segments joined by line
        breaks, each lowercased as its own Doc would be. A hit in a segment alone is a hit
        there in the joined text too (a line break stands where the segment's start or
        end was, and the scan's tests only ask for white space or a non-word character
        there); a hit may also reach into the next segment, which only adds a candidate.
        Tests that could fail at a line break yet pass at a text's end (``$``, negative
        look-arounds other than the word-boundary ones) fall back to the words alone."""
        if not self.anchored or not self.words:
            return None
        words, scanner = _all_anchors(ctx.rules.rules)
        if not self.words <= words or any(_end_sensitive(test) for _, test in scanner.ahead):
            scanner = word_scan(self.words)
        raw = "\n".join(texts)
        starts = segment_starts(texts)
        # One scan serves every pattern stage of the run (word-order, fragment, …) while no
        # stage between them changed a segment: kept in the whole-file context.
        cached = ctx.cache.get("anchor-scan-lines")
        if cached is not None and cached[0] is scanner and cached[1] == raw:
            found = cached[2]
        else:
            joined = Doc.__new__(Doc)  # only ``lower`` is read by the scan: no sentence split
            joined._lower = joined_lower(texts, raw)
            found = scanner.find(joined)
            ctx.cache["anchor-scan-lines"] = (scanner, raw, found)
        # Per rule, as TokenPattern._candidates asks before any sentence is cut into
        # tokens: at a hit of its anchor words its check regex must match, and each of its
        # runs must occur in the sentence (so in the segment: searched within the
        # segment's stretch of the joined text, which reads as the segment alone does).
        out: set[int] = set()
        for words, check, runs in self._rule_tests():
            hit = {
                bisect_right(starts, p) - 1
                for w in words
                for p in found.get(w, ())
                if check is None or check.match(raw, p)
            }
            for k in hit - out:
                if all(run.search(raw, starts[k], starts[k] + len(texts[k])) for run in runs):
                    out.add(k)
        return out

    def _rule_tests(self) -> list[tuple[frozenset[str], re.Pattern[str] | None, list[re.Pattern[str]]]]:
        """Per rule, for ``candidates``: its anchor words, its check regex and its runs (see
        TokenPattern). The check is matched on the segments joined by line breaks: one
        that could fail before a line break where it passes at a text's end (see
        _end_sensitive), or after one where it passes at a text's start (see
        _start_sensitive), is None (the words alone decide). A run is searched within a
        segment's stretch, where the rule searches it within a sentence: one that could
        read the line break before the segment differently from a text's start (a
        look-behind other than the word-boundary one, "^", "\\A"), or what follows a
        sentence differently from its end (_end_sensitive), is left out. A user's rule
        uses neither (its regexes run under a time limit)."""
        if self._tests is None:
            tests = []
            for rule in self.rules:
                anchor = rule.compiled.anchor()
                assert anchor is not None  # (candidates asks only when every rule is anchored)
                words, check, _, _ = anchor
                if rule.compiled.guarded:
                    tests.append((words, None, []))
                    continue
                usable = None if _end_sensitive(check.pattern) or _start_sensitive(check.pattern) else check
                runs = [
                    r for r in rule.compiled.runs if not _start_sensitive(r.pattern) and not _end_sensitive(r.pattern)
                ]
                tests.append((words, usable, runs))
            self._tests = tests
        return self._tests

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


# Word-boundary look-arounds the scan's tests are built with: a line break passes them
# exactly as a text's start or end does.
_BOUNDARY_LOOKS = re.compile(r"\(\?<?!\[\\w'’-\]\)")


def _end_sensitive(test: str) -> bool:
    """Could ``test`` fail before a line break where it passes at the end of a text?"""
    rest = _BOUNDARY_LOOKS.sub("", test)
    return "(?!" in rest or "(?<!" in rest or "$" in rest or "\\Z" in rest or "\\z" in rest or "\\B" in rest


def _start_sensitive(test: str) -> bool:
    """Could ``test``, searched from just after a line break, read it differently from a
    text's start?"""
    rest = _BOUNDARY_LOOKS.sub("", test)
    return "(?<" in rest or "^" in rest.replace("[^", "") or "\\A" in rest


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
