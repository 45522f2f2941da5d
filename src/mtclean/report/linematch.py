"""difflib's line matching, with the same answers and less work on long, similar texts.

``difflib.SequenceMatcher`` finds the longest matching block of a range by walking
every line of the range, then does the same again on the ranges left of and right of
that block, and so on: a text of n lines with m changes is walked about log(m) times
(three quarters of the time of ``changes.diff`` went to it). ``RunMatcher`` walks the
texts once: it collects the diagonal runs difflib's walk would find (pairs of equal
lines, the cleaned text's line not "popular" in difflib's sense, continuing each
other), and answers each range from the runs that cross it, clipped to it. Its
``find_longest_match`` returns what difflib's returns (the longest block; of those the
one starting first in the original, then first in the cleaned text; then grown over
equal lines at both ends exactly as difflib grows it), so the matching blocks, opcodes
and unified diff are difflib's own: everything but ``find_longest_match`` is
difflib's code. ``tests/report/test_linematch.py`` compares the two on random texts
with repeated and blank lines, above and below difflib's 200-line autojunk limit.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

BUCKET = 32  # original lines per slot of the run index
AUTOJUNK = 200  # lines: difflib leaves out popular lines from its index from here on
# Runs kept at most (per original line, plus a floor): lines repeated many times, each
# below difflib's popularity limit, pair in every combination; past this many runs the
# matcher lets difflib walk the ranges as before (its time, within its memory).
RUNS_PER_LINE = 4
RUNS_FLOOR = 50_000


class RunMatcher(difflib.SequenceMatcher):  # type: ignore[type-arg]
    """``difflib.SequenceMatcher(None, a, b)`` (autojunk on, no junk function) with a
    faster ``find_longest_match``; the sequences are fixed once given."""

    def __init__(self, a: Sequence[str], b: Sequence[str]) -> None:
        super().__init__(None, a, b)
        self._index: list[list[int]] | None = None
        self._too_many = False  # more runs than RUNS_PER_LINE allows: difflib's own walk

    def _build(self) -> list[list[int]]:
        """Every maximal diagonal run of matching pairs, as difflib's walk meets them:
        (first original line, first cleaned line, length), and for each slot of
        ``BUCKET`` original lines the runs that cross it."""
        get = self.b2j.get
        starts_i: list[int] = []
        starts_j: list[int] = []
        lengths: list[int] = []
        # The pairs of the previous original line: one (cleaned line ``pj`` in run ``pr``,
        # the common case of a line found once), else ``prev`` maps cleaned line -> run.
        pj = pr = -2
        prev: dict[int, int] | None = None
        budget = RUNS_PER_LINE * len(self.a) + RUNS_FLOOR
        for i, js in enumerate(map(get, self.a)):
            if js is None:
                pj, prev = -2, None
                continue
            if len(js) == 1 and prev is None:
                j = js[0]
                if j - 1 == pj:
                    lengths[pr] += 1
                else:
                    pr = len(lengths)
                    starts_i.append(i)
                    starts_j.append(j)
                    lengths.append(1)
                pj = j
                continue
            before = prev if prev is not None else ({pj: pr} if pj >= -1 else {})
            cur: dict[int, int] = {}
            for j in js:
                r = before.get(j - 1)
                if r is None:
                    r = len(lengths)
                    starts_i.append(i)
                    starts_j.append(j)
                    lengths.append(1)
                else:
                    lengths[r] += 1
                cur[j] = r
            if len(cur) == 1:
                (pj, pr), = cur.items()
                prev = None
            else:
                prev = cur
            if len(lengths) > budget:
                self._too_many = True
                self._index = []
                return self._index
        self._runs = (starts_i, starts_j, lengths)
        index: list[list[int]] = [[] for _ in range(len(self.a) // BUCKET + 1)]
        for r, (si, n) in enumerate(zip(starts_i, lengths)):
            for slot in range(si // BUCKET, (si + n - 1) // BUCKET + 1):
                index[slot].append(r)
        for runs in index:  # longest first: a slot's shorter runs cannot beat a block already found
            runs.sort(key=lengths.__getitem__, reverse=True)
        self._index = index
        return index

    def find_longest_match(self, alo: int = 0, ahi: int | None = None, blo: int = 0,
                           bhi: int | None = None) -> difflib.Match:
        if self.bjunk:  # pragma: no cover - never without a junk function: difflib's own walk then
            return super().find_longest_match(alo, ahi, blo, bhi)
        a, b = self.a, self.b
        if ahi is None:
            ahi = len(a)
        if bhi is None:
            bhi = len(b)
        index = self._index if self._index is not None else self._build()
        if self._too_many:
            return super().find_longest_match(alo, ahi, blo, bhi)
        starts_i, starts_j, lengths = self._runs
        besti, bestj, bestsize = alo, blo, 0
        if alo < ahi:
            for slot in range(alo // BUCKET, (ahi - 1) // BUCKET + 1):
                for r in index[slot]:
                    if lengths[r] < bestsize:
                        break
                    si = starts_i[r]
                    # (comparisons, not min/max calls: this loop is the matcher's hot path)
                    i0 = si if si > alo else alo  # noqa: FURB136
                    if i0 // BUCKET != slot:
                        continue  # met in an earlier slot of this range
                    d = starts_j[r] - si
                    if blo - d > i0:  # noqa: PLR1730
                        i0 = blo - d
                    i1 = si + lengths[r]
                    if ahi < i1:  # noqa: PLR1730
                        i1 = ahi
                    if bhi - d < i1:  # noqa: PLR1730
                        i1 = bhi - d
                    k = i1 - i0
                    # difflib's walk keeps the first block of the greatest length it meets:
                    # the one starting first in a, then first in b.
                    if k > bestsize or (k == bestsize and k > 0 and (i0 < besti or (i0 == besti and i0 + d < bestj))):
                        besti, bestj, bestsize = i0, i0 + d, k
        # difflib then grows the block over equal lines at both ends (with no junk, its
        # other two loops never run); equal stretches are found by comparing slices.
        back = _agree_back(a, besti, b, bestj, min(besti - alo, bestj - blo))
        besti, bestj, bestsize = besti - back, bestj - back, bestsize + back
        end = bestsize + _agree(a, besti + bestsize, b, bestj + bestsize, min(ahi - besti - bestsize, bhi - bestj - bestsize))
        bestsize = end
        return difflib.Match(besti, bestj, bestsize)


def _agree(a: Sequence[str], i: int, b: Sequence[str], j: int, limit: int) -> int:
    """How many lines from a[i] and b[j] on are equal (at most ``limit``): slices compared
    in growing steps, then halving ones, so a long equal stretch costs a few comparisons."""
    n, step = 0, 8
    while n < limit:
        s = min(step, limit - n)
        if a[i + n : i + n + s] == b[j + n : j + n + s]:
            n += s
            step *= 2
        elif s == 1:
            break
        else:
            step = s // 2
    return n


def _agree_back(a: Sequence[str], i: int, b: Sequence[str], j: int, limit: int) -> int:
    """How many lines before a[i] and b[j] are equal, counting back (at most ``limit``)."""
    n, step = 0, 8
    while n < limit:
        s = min(step, limit - n)
        if a[i - n - s : i - n] == b[j - n - s : j - n]:
            n += s
            step *= 2
        elif s == 1:
            break
        else:
            step = s // 2
    return n


def matcher(a: Sequence[str], b: Sequence[str]) -> difflib.SequenceMatcher:  # type: ignore[type-arg]
    """The matcher for a diff of ``a`` and ``b``: difflib's own for a short text (without
    autojunk, under 200 lines, its blank lines pair with each other in every combination,
    as many runs), else a RunMatcher."""
    return RunMatcher(a, b) if len(b) >= AUTOJUNK else difflib.SequenceMatcher(None, a, b)
