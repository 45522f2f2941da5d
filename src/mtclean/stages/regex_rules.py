"""Stages whose rules are regular expressions: substitution, existence, boilerplate.

One stage object runs all regex rules of its family (boilerplate, calque, …) over
the text it is given. ``where`` constraints test named groups against word
classes, so a pattern stays small and the linguistic knowledge stays in lexicons.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from typing import NamedTuple
from dataclasses import replace
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]

import ahocorasick_rs

from ..lexcache import per_pattern
from ..model import Edit, Finding
from ..pipeline import Context, segment_starts, segments_hit
from .. import regex_set
from ..prefilter import LiteralIndex, Literals, Needed, fold, hoisted, line_start_guard, required, starts_with_literal, subpatterns, within_line
from ..regex_set import Hits, RegexSet
from .. import guarded
from ..rules import Rule
from .common import finding


def match_case(matched: str, replacement: str) -> str:
    """A fix at a sentence start keeps the capital the original had there."""
    if matched[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def expand(m: re.Match[str], template: str) -> str:
    try:
        return m.expand(template)
    except (re.error, IndexError):
        return template


LINES_FROM = 50_000  # characters: below this a rule the set lets through runs over the whole text


class Plan(NamedTuple):
    needed: Needed | None
    scanner: re.Pattern[str] | object
    line_bound: bool
    whole_line: bool  # matches and look-arounds stay on a line (else only the matches do)
    never_empty: bool  # no match is the empty string


class RegexStage:
    """All regex rules of one family. What each rule needs before it runs (its literals,
    a faster scanner, whether it stays on a line, the set scan) is worked out on first
    use, so a short run (a hook on one file) pays only for the rules its text can match."""

    def __init__(self, name: str, rules: list[Rule], filtered: bool = True) -> None:
        self.name = name
        # filtered=False: every rule runs over the whole text (the reference the filters are tested against)
        self.filtered = filtered
        # Removing page chrome can expose more of it (a credit glued to the next one):
        # such a stage runs again on its own output while it still fixes.
        self.settle = any(r.kind == "boilerplate" for r in rules)
        self.rules = [r for r in rules if r.regex is not None]
        # per rule, its word-class constraints: fixed at load, so a short text (a segment)
        # does not rebuild them on every call
        self.wheres = [{k: v for k, v in (r.params.get("where") or {}).items() if k != "__line__"} for r in self.rules]
        self._order = {r.id: i for i, r in enumerate(self.rules)}
        self._plans: list[Plan | None] = [None] * len(self.rules)
        self._index: tuple[LiteralIndex, list[int], dict[str, list[int]]] | None = None
        self._set: RegexSet | None | bool = False  # False: not built yet
        self.shared: SharedScan | None = None  # one scan with the other regex stages (see link)
        self.offset = 0  # this stage's first rule in the shared scan
        self._split: tuple[RegexStage, RegexStage] | None | bool = False
        # see holding_literals: False until first asked
        self._segment_literals: tuple[ahocorasick_rs.AhoCorasick | None] | None | bool = False

    def __getstate__(self) -> dict[str, object]:
        # The Hyperscan database is not picklable: a worker process builds (or loads) its own.
        state = dict(self.__dict__)
        state["_set"] = False
        state["_segment_literals"] = False
        return state

    def plan(self, i: int) -> Plan:
        """Rule ``i``'s literals (see prefilter.py), the scanner that runs it (the pattern
        rewritten to start with a literal, which re scans for fast) and whether it is run
        only on the lines holding its literals (matches within one line, no literal first)."""
        plan = self._plans[i]
        if plan is None:
            rx = self.rules[i].regex
            if isinstance(rx, re.Pattern):
                needed = required(rx)
                scanner = hoisted(rx)
                whole_line = within_line(rx)
                line_bound = needed is not None and whole_line and not starts_with_literal(scanner)
                never_empty = _min_width(rx) > 0
                if scanner is rx:  # (not hoisted: maybe a line-start pattern, its first character tested first)
                    scanner = line_start_guard(rx)
            else:
                needed, scanner, line_bound, whole_line, never_empty = None, rx, False, False, False
            plan = self._plans[i] = Plan(needed, scanner, line_bound, whole_line, never_empty)
        return plan

    def index(self) -> tuple[LiteralIndex, list[int], dict[str, list[int]]]:
        """Every rule's literals in one Aho-Corasick automaton, the rules with none, and which
        rules each literal lets through: the filter where Hyperscan is not installed."""
        if self._index is None:
            plans = [self.plan(i) for i in range(len(self.rules))]
            literals = LiteralIndex(s for p in plans if p.needed for s in p.needed)
            always = [i for i, p in enumerate(plans) if p.needed is None]
            by_literal: dict[str, list[int]] = {}
            for i, p in enumerate(plans):
                for s in p.needed or ():
                    by_literal.setdefault(s, []).append(i)
            self._index = (literals, always, by_literal)
        return self._index

    def regex_set(self) -> RegexSet | None:
        if self._set is False:
            self._set = regex_set.build(self.patterns())
        return self._set  # type: ignore[return-value]

    def _scan(self, text: str) -> Hits | None:
        if not self.filtered:
            return None
        rset = self.regex_set()
        return rset.scan(text) if rset is not None else None

    def patterns(self) -> list[re.Pattern[str] | None]:
        """The rules' patterns for a set scan (None: not in the set, always run). A user's
        rule (guarded: run with a time limit) is not in the set: it always runs."""
        return [
            r.regex if isinstance(r.regex, re.Pattern) and not getattr(r.regex, "guarded", False) else None for r in self.rules
        ]

    @property
    def _joined(self) -> RegexStage | None:
        return self.split()[0] if self.split() else None

    def split(self) -> tuple[RegexStage, RegexStage] | None:
        """(the line-local rules, compiled with MULTILINE for one pass over a whole file;
        the rest, run per segment), or None when no rule is line-local."""
        if self._split is False:
            self._split = None
            if self.rules and len(self._order) == len(self.rules) and not self.name.endswith("#"):
                local = [line_local(r) for r in self.rules]
                if any(local):
                    joined = [
                        replace(r, regex=re.compile(r.regex.pattern, r.regex.flags | re.MULTILINE))  # type: ignore[union-attr]
                        for r, ok in zip(self.rules, local)
                        if ok
                    ]
                    self._split = (
                        RegexStage(self.name + "#", joined),
                        RegexStage(self.name + "#", [r for r, ok in zip(self.rules, local) if not ok]),
                    )
        return self._split  # type: ignore[return-value]

    def one_pass(self, texts: list[str], ctx: Context) -> list[list[Finding]] | None:
        """``--lines``: this stage's findings in each of ``texts`` (segments, none holding a
        line break), exactly as ``check`` makes them per segment. The line-local rules run
        once over the segments joined by line breaks (with ``^``/``$`` at each line: such a
        rule cannot see a line break, so the neighbours change nothing), the others per
        segment; each segment's findings are put back in rule order, as ``check`` gives them."""
        split = self.split()
        if split is None:
            return None
        joined, local = split
        starts: list[int] = []
        at = 0
        for t in texts:
            starts.append(at)
            at += len(t) + 1
        out: list[list[Finding]] = [[] for _ in texts]
        for f in joined.check("\n".join(texts), ctx):
            k = bisect_right(starts, f.start) - 1
            shift = starts[k]
            f.start -= shift
            f.end -= shift
            if f.edit is not None:
                f.edit = Edit(f.edit.start - shift, f.edit.end - shift, f.edit.replacement)
            out[k].append(f)
        order = self._order
        maybe = local.holding_literals(texts) if local.rules else set()
        for k, t in enumerate(texts):
            if maybe is None or k in maybe:
                out[k].extend(local.check(t, ctx))
            if len(out[k]) > 1:
                out[k].sort(key=lambda f: order[f.rule])  # stable: each rule's matches stay in text order
        return out

    def holding_literals(self, texts: list[str]) -> set[int] | None:
        """``--lines``: the segments holding a literal that some rule's every match holds
        (see prefilter.required; any literal, however short: one pass decides them all),
        from one pass of an automaton over the whole file, each segment case-folded as the
        prefilter folds a text; None when a rule has no such literal or a segment holds a
        character folding is unsafe for."""
        if self._segment_literals is False:
            self._segment_literals = self._literal_automaton()
        if self._segment_literals is None:
            return None
        (automaton,) = self._segment_literals  # type: ignore[misc]
        joined = "\n".join(texts)
        folded = fold(joined)  # (character by character: each segment's folding, joined)
        if folded is None:
            return None
        if automaton is None:
            return set()  # every rule needs a line break: no segment holds one
        # where each segment starts in the folded text (folding may lengthen a character;
        # a line break stays one, and nothing else folds to one)
        starts = segment_starts(texts if len(folded) == len(joined) else folded.split("\n"))
        hits = automaton.find_matches_as_indexes(folded, overlapping=True)
        return segments_hit(starts, (start for _, start, _ in hits))

    def _literal_automaton(self) -> tuple[ahocorasick_rs.AhoCorasick | None] | None:
        """For holding_literals: the automaton of every rule's literals (None in the tuple:
        none left), or None when a rule has none. A literal holding a line break is left
        out: no segment holds one."""
        needed: set[str] = set()
        for r in self.rules:
            found = required(r.regex, fewest=1) if isinstance(r.regex, re.Pattern) else None
            if found is None or getattr(r.regex, "guarded", False):
                return None
            needed |= {s for s in found if "\n" not in s}
        words = sorted(needed)
        return (ahocorasick_rs.AhoCorasick(words) if words else None,)

    def check(self, text: str, ctx: Context) -> list[Finding]:
        out: list[Finding] = []
        lexicon = ctx.rules.lexicon
        if not self.rules:
            return out
        hits, at = (self.shared.scan(text), self.offset) if self.shared is not None else (self._scan(text), 0)
        literals: Literals | None = None
        visit: Iterable[int]
        if not self.filtered:
            hits, visit = None, range(len(self.rules))
        elif hits is not None:
            n = len(self.rules)
            # the rules that may match, in rule order
            visit = sorted(i - at for i in hits.rules if at <= i < at + n)
        else:
            index, always, by_literal = self.index()
            literals = index.scan(text)
            if literals.folded is None:
                visit = range(len(self.rules))
            else:
                hit = set(always)
                for s in literals.at:
                    hit.update(by_literal[s])
                visit = sorted(hit)  # the rules whose literals the text holds, in rule order
        for i in visit:
            rule = self.rules[i]
            needed, scanner, line_bound, whole_line, never_empty = self.plan(i)
            assert scanner is not None
            where = self.wheres[i]
            lines = hits.lines(at + i) if hits is not None else None
            if lines is None and line_bound and needed and self.filtered and (literals is not None or len(text) > LINES_FROM):
                if literals is None:
                    literals = self.index()[0].scan(text)
                if literals.folded is not None:
                    lines = literals.lines(needed)
            if getattr(scanner, "guarded", False):
                budget = guarded.current()
                if budget is not None and rule.id in budget.stopped:
                    continue  # stopped earlier in this file: reported once
                try:
                    matches = list(scanner.finditer(text))
                except TimeoutError:
                    if budget is not None:
                        budget.stopped.add(rule.id)
                    out.append(timed_out(rule, budget.seconds if budget is not None else scanner.budget(text)))
                    continue
            elif lines is not None and whole_line:
                matches = (m for start, end in lines for m in scanner.finditer(text, start, end))
            elif lines is not None and never_empty:
                matches = _from_lines(rule.regex, text, lines)  # type: ignore[arg-type]
            else:
                matches = scanner.finditer(text)
            for m in matches:
                if m.end() == m.start():
                    continue
                if not all(
                    m.group(g) is None or all(lexicon.test(c, m.group(g)) for c in ([cls] if isinstance(cls, str) else cls))
                    for g, cls in where.items()
                ):
                    continue
                out.append(self._finding(rule, m, text, ctx))
        return out

    def _finding(self, rule: Rule, m: re.Match[str], text: str, ctx: Context) -> Finding:
        start, end = m.span()
        suggestion = expand(m, rule.suggestion) if rule.suggestion else None
        if rule.kind == "substitution":
            replacement = match_case(m.group(), expand(m, rule.params["replace"]))
            return finding(rule, start, end, Edit(start, end, replacement), suggestion=suggestion)
        if rule.kind == "boilerplate":
            if rule.params.get("remove", "match") == "line" or _whole_line(text, start, end):
                # A match that is all its line holds takes the line with it: an empty
                # line left behind would be a blank-line run the next run would fix.
                edit = remove_line(text, start, end, ctx.config.lines)
            else:
                edit = Edit(start, end, "")
            return finding(rule, start, end, edit, suggestion=suggestion or "(remove)")
        return finding(rule, start, end, suggestion=suggestion)


def _from_lines(scanner: re.Pattern[str], text: str, lines: list[tuple[int, int]]) -> Iterable[re.Match[str]]:
    """The matches on ``lines`` of a rule whose matches stay on one line but whose
    look-arounds may see past it (so the text cannot be cut at the line's end): the
    pattern is tried at each position of the line in turn, over the whole text, which is
    what a scan of the whole text does there (no match of a line before reaches into
    the line). Only for patterns that cannot match the empty string."""
    for start, end in lines:
        at = start
        while at < end:
            m = scanner.match(text, at)
            if m is None:
                at += 1
            else:
                yield m
                at = m.end()


class SharedScan:
    """One Hyperscan pass over a text for the rules of several regex stages.

    The stages run one after another on the same text unless one of them fixed
    something, so the scan made for the first serves the others: each stage reads its
    own rules' part of it. A text another stage changed is scanned again."""

    def __init__(self, stages: list[RegexStage]) -> None:
        self._patterns: list[re.Pattern[str] | None] = []
        for stage in stages:
            stage.shared, stage.offset = self, len(self._patterns)
            self._patterns += stage.patterns()
        self._set: RegexSet | None | bool = False
        self._last: tuple[str, Hits | None] | None = None

    def __getstate__(self) -> dict[str, object]:
        return {**self.__dict__, "_set": False, "_last": None}

    def scan(self, text: str) -> Hits | None:
        last = self._last
        if last is not None and last[0] is text:
            return last[1]
        if self._set is False:
            self._set = regex_set.build(self._patterns)
        hits = self._set.scan(text) if self._set is not None else None  # type: ignore[union-attr]
        self._last = (text, hits)
        return hits


def link(stages: list[object]) -> None:
    """Let the regex stages among ``stages`` share one scan per text."""
    regex = [s for s in stages if isinstance(s, RegexStage) and s.rules]
    if len(regex) > 1:
        SharedScan(regex)


@per_pattern()
def _min_width(rx: re.Pattern[str]) -> int:
    try:
        return int(_parser.parse(rx.pattern, rx.flags).getwidth()[0])
    except Exception:  # noqa: BLE001
        return 0


def _anchored_to_text(items: list) -> bool:  # type: ignore[type-arg]
    """Does a pattern use ``\\A`` or ``\\Z`` (the text's ends, which a joined file has only once)?"""
    for op, av in items:
        if op is C.AT and av in (C.AT_BEGINNING_STRING, C.AT_END_STRING):
            return True
        if any(_anchored_to_text(list(x)) for x in subpatterns(op, av)):
            return True
    return False


def line_local(rule: Rule) -> bool:
    """Does ``rule`` find in a segment exactly what it finds on that segment's line of the
    whole file (compiled with MULTILINE)? Yes when its pattern (look-arounds included)
    can never match or look at a line break and does not name the text's ends; a
    boilerplate rule's line removal is bounded by line breaks either way."""
    rx = rule.regex
    return isinstance(rx, re.Pattern) and not getattr(rx, "guarded", False) and _line_local(rx)


@per_pattern("mtclean.prefilter")
def _line_local(rx: re.Pattern[str]) -> bool:
    if not within_line(rx):
        return False
    try:
        items = list(_parser.parse(rx.pattern, rx.flags))
    except Exception:  # noqa: BLE001
        return False
    return not _anchored_to_text(items)


def _whole_line(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return not text[line_start:start].strip() and not text[end : len(text) if line_end < 0 else line_end].strip()


def timed_out(rule: Rule, seconds: float) -> Finding:
    """A user's rule stopped on this text: reported as an error naming the rule file and
    line, so the run goes on and nobody mistakes the silence for a clean text."""
    f = finding(
        rule,
        0,
        0,
        message=(
            f"rule {rule.id} ({rule.where}) was stopped after {seconds:.1f} s on this text: its pattern "
            "backtracks too much (nested or overlapping repeats?); its matches here are not reported"
        ),
        suggestion=None,
        note="timeout",
    )
    f.severity = "error"
    f.edit = None
    f.fix = "none"
    return f


def remove_line(text: str, start: int, end: int, lines_mode: bool) -> Edit:
    """Remove the whole line(s) a match sits on, and a blank line that would be left doubled.

    In ``--lines`` mode a segment is removed by emptying it: the line itself stays.
    """
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if lines_mode:
        stop = len(text) if line_end < 0 else line_end
        if stop > line_start and text[stop - 1] == "\r":
            stop -= 1
        return Edit(line_start, stop, "")
    stop = len(text) if line_end < 0 else line_end + 1
    before_blank = line_start == 0 or text[:line_start].rstrip(" \t").endswith(("\n\n", "\n\r\n")) or not text[:line_start].strip()
    if before_blank:
        # Swallow the blank lines after, so no run of blank lines (or leading blank) is left.
        m = re.compile(r"(?:[ \t]*\r?\n)*").match(text, stop)
        if m and (m.end() < len(text) or line_start == 0):
            stop = m.end()
    if not text[stop:].strip() and line_start > 0:
        # The last line of the text: take the blank lines before it too, keeping one line end.
        content_end = len(text[:line_start].rstrip())
        nl = text.find("\n", content_end)
        if 0 <= nl < line_start:
            line_start = nl + 1
            stop = len(text)
    return Edit(line_start, stop, "")
