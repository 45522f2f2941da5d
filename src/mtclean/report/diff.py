"""Unified diffs of original against cleaned text.

difflib compares the two texts line by line: it holds every line of both as a string
and an index of the cleaned text's lines (23 bytes a character at its peak on a text
of short lines, tests/hostile/test_memory_budget.py), and its time grows with the file, not with
the changes. A long text's diff is therefore read off the applied edits instead
(``edits``, as ``FileResult.edits`` holds them): the edits say which lines changed
(report/align.py), and difflib compares only those (a text of a few long lines costs
difflib little, and stays with it). The hunks are grouped exactly as
difflib groups them (three lines of context), so the output is difflib's wherever
its line matching agrees with the edits', which is everywhere in ordinary text
(``tests/report/test_diff.py`` compares the two on real text). Shorter texts, and
texts with line breaks other than ``\\n`` and ``\\r\\n`` (str.splitlines, which
difflib is given, cuts at those too), still go through difflib whole, its line
matching done by ``linematch.RunMatcher`` (difflib's answers, found with less work).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Sequence

from ..model import Edit
from ..offsets import line_starts
from . import linematch
from .align import align
from .lazyseq import LazySequence

BY_EDITS_ABOVE = 1_000_000  # characters: longer texts are diffed from their edits,
BY_EDITS_LINES = 10_000  # when they have this many lines (difflib's memory goes by lines)
CONTEXT = 3  # difflib.unified_diff's default
ANCHOR = 50  # unchanged lines in a row taken as a match without asking difflib
# Where str.splitlines() cuts a line that "\n" does not end.
_OTHER_BREAKS = re.compile("\r(?!\n)|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")

Opcode = tuple[str, int, int, int, int]


def unified_diff(path: str, original: str, cleaned: str, edits: Sequence[Edit] | None = None) -> str:
    if original == cleaned:
        return ""
    if (
        edits is not None
        and len(original) > BY_EDITS_ABOVE
        and original.count("\n") >= BY_EDITS_LINES
        and _fits(original, cleaned, edits)
    ):
        lines: Iterator[str] = _by_edits(f"a/{path}", f"b/{path}", original, cleaned, edits)
    else:
        # difflib's own diff, its line matching done by linematch.RunMatcher (same answers).
        lines = lines_diff(original.splitlines(keepends=True), cleaned.splitlines(keepends=True), f"a/{path}", f"b/{path}")
    out = []
    for line in lines:
        if not line.endswith("\n"):
            line += "\n\\ No newline at end of file\n"
        out.append(line)
    return "".join(out)


def _fits(original: str, cleaned: str, edits: Sequence[Edit]) -> bool:
    """Do the edits make ``cleaned`` (by length: they are the run's own), and are both
    texts' lines the same whether cut at "\\n" or as str.splitlines() cuts them?"""
    grown = sum(len(e.replacement) - (e.end - e.start) for e in edits)
    if len(original) + grown != len(cleaned):
        return False
    return _OTHER_BREAKS.search(original) is None and _OTHER_BREAKS.search(cleaned) is None


class KeptLines(LazySequence[str]):
    """A text's lines with their line breaks (``splitlines(keepends=True)`` for a text
    cut only at "\\n"), each cut out of the text when read."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts = line_starts(text)
        self._n = len(self._starts) - 1 if text.endswith("\n") else (len(self._starts) if text else 0)

    def __len__(self) -> int:
        return self._n

    def _item(self, i: int) -> str:
        end = self._starts[i + 1] if i + 1 < len(self._starts) else len(self._text)
        return self._text[self._starts[i] : end]


def opcodes(original: str, edits: Sequence[Edit], a: KeptLines, b: KeptLines) -> list[Opcode]:
    """difflib's opcodes for the two texts, from the lines the edits touch.

    An unchanged run of ``ANCHOR`` lines or more is a match difflib makes too; what lies
    between two such runs (changed lines, and short unchanged runs difflib may pair
    otherwise: an emptied line next to a blank one) is matched by difflib itself.
    """
    codes: list[Opcode] = []
    popular = _Popular(b)

    def add(code: Opcode) -> None:
        if codes and code[0] == "equal" and codes[-1][0] == "equal":  # difflib joins adjacent matches
            codes[-1] = ("equal", codes[-1][1], code[2], codes[-1][3], code[4])
        elif code[2] > code[1] or code[4] > code[3]:
            codes.append(code)

    def between(i1: int, i2: int, j1: int, j2: int) -> None:
        x, y = a[i1:i2], b[j1:j2]
        # difflib on the whole texts would not start a match at a line frequent in the
        # cleaned text (autojunk): the same lines are left out of the index here.
        matcher = difflib.SequenceMatcher(None, x, y, autojunk=False)
        for line in set(x).intersection(y):
            if popular(line):
                del matcher.b2j[line]
        for tag, x1, x2, y1, y2 in matcher.get_opcodes():
            add((tag, i1 + x1, i1 + x2, j1 + y1, j1 + y2))

    # Unchanged runs long enough to anchor, and the lines between them.
    spans: list[list[int]] = []  # [anchor?, i1, i2, j1, j2]
    for block in align(original, list(edits)):
        i1, j1 = block.o_line - 1, block.c_line - 1
        i2, j2 = i1 + len(block.original), j1 + len(block.cleaned)
        anchor = not block.changed and i2 - i1 >= ANCHOR
        if spans and not anchor and not spans[-1][0]:
            spans[-1][2], spans[-1][4] = i2, j2
        else:
            spans.append([anchor, i1, i2, j1, j2])
    # difflib grows a match over equal lines on both sides of it, the longer match first:
    # lines next to an anchor that read the same on both sides join it.
    for k, (anchor, *_) in enumerate(spans):
        if anchor:
            continue
        before = spans[k - 1] if k > 0 else None
        after = spans[k + 1] if k + 1 < len(spans) else None
        order = [x for x in (before, after) if x is not None]
        order.sort(key=lambda x: -(x[2] - x[1]))
        here = spans[k]
        for x in order:
            if x is before:
                while here[1] < here[2] and here[3] < here[4] and a[here[1]] == b[here[3]]:
                    here[1] += 1
                    here[3] += 1
                    x[2] += 1
                    x[4] += 1
            else:
                while here[1] < here[2] and here[3] < here[4] and a[here[2] - 1] == b[here[4] - 1]:
                    here[2] -= 1
                    here[4] -= 1
                    x[1] -= 1
                    x[3] -= 1
    for anchor, i1, i2, j1, j2 in spans:
        if anchor:
            add(("equal", i1, i2, j1, j2))
        else:
            between(i1, i2, j1, j2)
    return codes


class _Popular:
    """Is a line "popular" in the cleaned text as difflib's autojunk counts it (more than
    1% of its lines plus one, in a text of 200 lines or more)? Asked only of lines on
    both sides of a changed run, so each is counted with one search of the text."""

    def __init__(self, b: KeptLines) -> None:
        self.text = b._text
        self.limit = len(b) // 100 + 1 if len(b) >= 200 else None
        self.known: dict[str, bool] = {}

    def __call__(self, line: str) -> bool:
        if self.limit is None or not line.endswith("\n"):
            return False  # a last line without a line break occurs once
        known = self.known.get(line)
        if known is None:
            known = self.known[line] = self._count(line) > self.limit
        return known

    def _count(self, line: str) -> int:
        """How often ``line`` is a whole line of the text, counted up to just past the limit."""
        assert self.limit is not None
        n = 1 if self.text.startswith(line) else 0
        needle = "\n" + line
        at = self.text.find(needle)
        while at >= 0 and n <= self.limit:
            n += 1
            at = self.text.find(needle, at + 1)  # + 1: two equal lines in a row share a "\n"
        return n


def grouped(codes: list[Opcode], n: int = CONTEXT) -> Iterator[list[Opcode]]:
    """difflib.SequenceMatcher.get_grouped_opcodes, over given opcodes."""
    if not codes:
        codes = [("equal", 0, 1, 0, 1)]
    codes = list(codes)
    if codes[0][0] == "equal":
        tag, i1, i2, j1, j2 = codes[0]
        codes[0] = tag, max(i1, i2 - n), i2, max(j1, j2 - n), j2
    if codes[-1][0] == "equal":
        tag, i1, i2, j1, j2 = codes[-1]
        codes[-1] = tag, i1, min(i2, i1 + n), j1, min(j2, j1 + n)
    group: list[Opcode] = []
    for tag, i1, i2, j1, j2 in codes:
        if tag == "equal" and i2 - i1 > 2 * n:
            group.append((tag, i1, min(i2, i1 + n), j1, min(j2, j1 + n)))
            yield group
            group = []
            i1, j1 = max(i1, i2 - n), max(j1, j2 - n)
        group.append((tag, i1, i2, j1, j2))
    if group and not (len(group) == 1 and group[0][0] == "equal"):
        yield group


def _range(start: int, stop: int) -> str:
    """difflib's unified range: 'start,length', 1-based, as difflib writes it."""
    beginning = start + 1
    length = stop - start
    if length == 1:
        return f"{beginning}"
    if not length:
        beginning -= 1
    return f"{beginning},{length}"


def _by_edits(fromfile: str, tofile: str, original: str, cleaned: str, edits: Sequence[Edit]) -> Iterator[str]:
    """difflib.unified_diff's lines, with the opcodes read off the edits."""
    a, b = KeptLines(original), KeptLines(cleaned)
    return _hunks(grouped(opcodes(original, edits, a, b)), a, b, fromfile, tofile)


def lines_diff(a: Sequence[str], b: Sequence[str], fromfile: str, tofile: str) -> Iterator[str]:
    """``difflib.unified_diff(a, b, fromfile, tofile)`` (no dates, "\\n" line ends), its
    line matching done by ``linematch`` (the same answers)."""
    return _hunks(linematch.matcher(a, b).get_grouped_opcodes(CONTEXT), a, b, fromfile, tofile)


def _hunks(
    groups: Iterable[list[Opcode]], a: Sequence[str], b: Sequence[str], fromfile: str, tofile: str
) -> Iterator[str]:
    """difflib.unified_diff's lines for grouped opcodes, however they were found."""
    started = False
    for group in groups:
        if not started:
            started = True
            yield f"--- {fromfile}\n"
            yield f"+++ {tofile}\n"
        first, last = group[0], group[-1]
        yield f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@\n"
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                for line in a[i1:i2]:
                    yield " " + line
                continue
            if tag in {"replace", "delete"}:
                for line in a[i1:i2]:
                    yield "-" + line
            if tag in {"replace", "insert"}:
                for line in b[j1:j2]:
                    yield "+" + line
