"""The offset map: how the current text of the pipeline relates to the original.

The pipeline keeps one list of applied edits in ORIGINAL coordinates. The current
text is always ``apply(original, edits)``, so the report's edits reproduce the
cleaned text exactly, and any span of the current text maps back to the original.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from itertools import accumulate

from .model import Edit


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply sorted, non-overlapping edits given in the coordinates of ``text``."""
    out: list[str] = []
    pos = 0
    for e in sorted(edits):
        out.append(text[pos : e.start])
        out.append(e.replacement)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


class EditLog:
    """Applied edits in original coordinates plus the current text they produce."""

    def __init__(self, original: str) -> None:
        self.original = original
        self.edits: list[Edit] = []
        self.current = original
        self._index()

    def _index(self) -> None:
        # Where each edit's replacement starts in the current text.
        self._cur_starts: list[int] = []
        self._orig_ends = [e.end for e in self.edits]
        delta = 0
        for e in self.edits:
            self._cur_starts.append(e.start + delta)
            delta += len(e.replacement) - (e.end - e.start)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the current text to the smallest original span that produced it."""
        ostart = self._map(start, is_end=False)
        oend = self._map(end, is_end=True)
        return ostart, max(ostart, oend)

    def _map(self, pos: int, *, is_end: bool) -> int:
        if is_end:
            # An end belongs before anything that starts exactly at it.
            i = bisect_left(self._cur_starts, pos) - 1
        else:
            # A start belongs after deletions sitting at it, at the start of a replacement.
            i = bisect_right(self._cur_starts, pos) - 1
        if i < 0:
            return pos
        e = self.edits[i]
        cs = self._cur_starts[i]
        ce = cs + len(e.replacement)
        if pos >= ce:
            return e.end + (pos - ce)
        if is_end:
            return e.end
        return e.start

    def apply(self, edits: Iterable[Edit]) -> list[Edit]:
        """Apply edits given in current coordinates; return them in original coordinates.

        An edit that touches text an earlier stage already replaced is widened to
        cover that earlier edit, so the log stays one flat, non-overlapping list.
        """
        new = sorted(e for e in edits if e.start != e.end or e.replacement)
        if not new:
            return []
        clusters: list[list] = []  # [cur_start, cur_end, ostart, oend, absorbed, members]
        for e in new:
            ostart, oend = self.to_original(e.start, e.end)
            cur_start, cur_end = e.start, e.end
            absorbed = set(self._absorbed(ostart, oend)) | set(self._covered(e.start, e.end))
            for j in absorbed:
                old = self.edits[j]
                cs = self._cur_starts[j]
                cur_start, cur_end = min(cur_start, cs), max(cur_end, cs + len(old.replacement))
                ostart, oend = min(ostart, old.start), max(oend, old.end)
            last = clusters[-1] if clusters else None
            if last and (last[4] & absorbed or cur_start < last[1]):
                last[0], last[1] = min(last[0], cur_start), max(last[1], cur_end)
                last[2], last[3] = min(last[2], ostart), max(last[3], oend)
                last[4] |= absorbed
                last[5].append(e)
            else:
                clusters.append([cur_start, cur_end, ostart, oend, absorbed, [e]])
        mapped: list[Edit] = []
        gone: set[int] = set()
        for cur_start, cur_end, ostart, oend, absorbed, members in clusters:
            local = [Edit(m.start - cur_start, m.end - cur_start, m.replacement) for m in members]
            mapped.append(Edit(ostart, oend, apply_edits(self.current[cur_start:cur_end], local)))
            gone |= absorbed
        self.current = apply_edits(self.current, new)
        kept = [old for j, old in enumerate(self.edits) if j not in gone]
        self.edits = sorted(kept + mapped)
        self._index()
        return mapped

    def _absorbed(self, ostart: int, oend: int) -> list[int]:
        """Earlier edits that a new edit of original span [ostart, oend) must swallow.

        Those it overlaps, and an insertion at the very point where it inserts too
        (two insertions at one point would have no defined order).
        """
        found = []
        i = max(0, bisect_left(self._orig_ends, ostart) - 1)
        while i < len(self.edits):
            old = self.edits[i]
            if old.start > oend:
                break
            overlaps = old.start < oend and ostart < old.end
            inside = old.start == old.end and ostart < old.start < oend
            same_point = old.start == old.end == ostart == oend
            if overlaps or inside or same_point:
                found.append(i)
            i += 1
        return found


    def _covered(self, start: int, end: int) -> list[int]:
        """Earlier edits whose replacement text overlaps current span [start, end)."""
        found = []
        i = max(0, bisect_left(self._cur_starts, start) - 1)
        while i < len(self.edits) and self._cur_starts[i] <= end:
            cs = self._cur_starts[i]
            ce = cs + len(self.edits[i].replacement)
            if cs < end and start < ce:
                found.append(i)
            i += 1
        return found


LINES_PIECE = 1 << 20  # characters split at a time by line_starts


def line_starts(text: str) -> array[int]:
    """Offsets where each line begins; line numbers are 1-based indexes into it.

    An array of machine integers (8 bytes a line; a list of ints takes 40), made from
    pieces of about ``LINES_PIECE`` characters cut after a line break, so the lines
    split off to measure them exist for one piece at a time, not for the whole text.
    """
    # Splitting and summing the lengths runs in C; a find() loop costs a Python step per line.
    starts = array("q", [0])
    base = 0
    while base < len(text):
        cut = text.find("\n", base + LINES_PIECE)
        end = len(text) if cut < 0 else cut + 1
        lengths = [len(line) + 1 for line in text[base:end].split("\n")]
        lengths.pop()  # what follows the piece's last line break: the next piece's first line
        more = accumulate(lengths, initial=base)
        next(more)  # ``base`` itself, already there
        starts.extend(more)
        base = end
    return starts


def line_col(starts: Sequence[int], pos: int) -> tuple[int, int]:
    """1-based line and column of an offset."""
    i = bisect_right(starts, pos) - 1
    return i + 1, pos - starts[i] + 1


def line_cols(text: str, positions: list[int]) -> list[tuple[int, int]]:
    """``line_col`` of each position, without the text's table of line starts:
    the line breaks before each position are counted on from the one before it (in
    order of position), which reads the text once and keeps nothing of it."""
    out: list[tuple[int, int]] = [(0, 0)] * len(positions)
    at = line = start = 0  # a position, the line breaks before it, where its line starts
    for k in sorted(range(len(positions)), key=positions.__getitem__):
        pos = positions[k]
        breaks = text.count("\n", at, pos)
        if breaks:
            line += breaks
            start = text.rfind("\n", at, pos) + 1
        at = max(at, pos)
        out[k] = (line + 1, pos - start + 1)
    return out
