"""Line alignment of original and cleaned text, read off the applied edits.

The edit log already says exactly which original characters became which cleaned
characters, so there is nothing to guess with a diff algorithm: every run of
original lines touched by edits is one hunk, every other line is unchanged and
maps one to one. This is linear in the text, exact, and it is what both the
side-by-side view and the edit-rate scores (chrF, TER) are computed on.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Edit
from ..offsets import apply_edits
from .lazyseq import LazySequence, SpanLines


@dataclass(frozen=True)
class Block:
    """Original lines ``[o_start, o_end)`` and the cleaned lines they became.

    ``o_line``/``c_line`` are the 1-based numbers of the first line on each side.
    An unchanged block holds identical lines on both sides.
    """

    changed: bool
    o_line: int
    c_line: int
    original: Sequence[str]  # a list, or for an unchanged block the lines read off the text (Lines)
    cleaned: Sequence[str]
    edits: tuple[Edit, ...] = ()  # the hunk's edits, original coordinates
    start: int = 0  # the block's span of the original text: original[start:end]
    end: int = 0


class Lines(LazySequence[str]):
    """Lines ``first .. first+count-1`` of a text (without their "\n"), cut out when read.

    An unchanged run of a file is most of it, and a reader usually wants only its
    length and a few lines at its edges: a list of every line would cost far more
    than the text itself. Compares equal to the list of the same lines. Without the
    text's line starts (``starts`` None), a line is found in the run's span when read
    (``SpanLines``): the edit rates read only a run's span, never its lines.
    """

    __slots__ = ("_count", "_first", "_span", "_starts", "_text")
    __hash__ = None  # type: ignore[assignment] # compares like a list, so unhashable like one

    def __init__(self, text: str, starts: Sequence[int] | None, first: int, count: int,
                 start: int = 0, end: int = 0) -> None:
        self._text, self._starts, self._first, self._count = text, starts, first, count
        # Without the text's line starts: the run's span, its lines found when read.
        self._span = SpanLines(text, start, end, count) if starts is None else None

    def __len__(self) -> int:
        return self._count

    def _item(self, k: int) -> str:
        if self._span is not None:
            a, z = self._span.bounds(k)
            return self._text[a:z]
        starts = self._starts
        assert starts is not None
        k += self._first
        end = starts[k + 1] - 1 if k + 1 < len(starts) else len(self._text)
        return self._text[starts[k] : end]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (list, Lines)):
            return len(self) == len(other) and list(self) == list(other)
        return NotImplemented

    def __repr__(self) -> str:
        return repr(list(self))


def _lines(text: str) -> list[str]:
    # Lines without their "\n"; a text ending in "\n" has no phantom last line.
    parts = text.split("\n")
    if parts and parts[-1] == "" and len(parts) > 1:
        parts.pop()
    return parts


def _touched(original: str, starts: list[int], e: Edit) -> tuple[int, int]:
    """0-based first and last original line an edit touches.

    An edit that removes a line's "\n" joins the next line onto it, so that next
    line belongs to the same hunk (unless the replacement ends a line itself).
    """
    top = max(len(original) - 1, 0)
    first = bisect_right(starts, min(e.start, top)) - 1
    joins = e.end > e.start and original[e.end - 1] == "\n" and not e.replacement.endswith("\n")
    last_pos = e.end if joins else max(e.end - 1, e.start)
    last = bisect_right(starts, min(last_pos, top)) - 1
    return first, max(first, last)


def _hunks_by_starts(original: str, edits: list[Edit], starts: Sequence[int]) -> list[list]:
    """Edits grouped into hunks of original lines: [first_line, last_line, edits, start, end]."""
    size = len(original)

    def at(line: int) -> int:
        return starts[line] if line < len(starts) else size

    hunks: list[list] = []
    for e in sorted(edits):
        first, last = _touched(original, starts, e)
        if hunks and first <= hunks[-1][1]:  # edits on the same or adjacent-by-overlap lines merge
            hunks[-1][1] = max(hunks[-1][1], last)
            hunks[-1][2].append(e)
        else:
            hunks.append([first, last, [e]])
    for h in hunks:
        h += [at(h[0]), at(h[1] + 1)]
    return hunks


def _hunks_by_counting(original: str, edits: list[Edit]) -> list[list]:
    """``_hunks_by_starts`` without the text's line starts: a line's number is the count of
    line breaks before it, counted from the last position asked (the edits come in
    order), and a line's span is found from the line breaks around the position."""
    size = len(original)
    top = max(size - 1, 0)
    cursor = [0, 0]  # a position and the number of line breaks before it

    def line_of(pos: int) -> int:
        at, line = cursor
        if pos >= at:
            line += original.count("\n", at, pos)
        else:
            line -= original.count("\n", pos, at)
        cursor[0], cursor[1] = pos, line
        return line

    hunks: list[list] = []  # [first_line, last_line, edits, a position on first_line, one on last_line]
    for e in sorted(edits):
        first_pos = min(e.start, top)
        first = line_of(first_pos)
        joins = e.end > e.start and original[e.end - 1] == "\n" and not e.replacement.endswith("\n")
        last_pos = min(e.end if joins else max(e.end - 1, e.start), top)
        last = line_of(last_pos)
        if last < first:
            last, last_pos = first, first_pos
        if hunks and first <= hunks[-1][1]:
            if last > hunks[-1][1]:
                hunks[-1][1], hunks[-1][4] = last, last_pos
            hunks[-1][2].append(e)
        else:
            hunks.append([first, last, [e], first_pos, last_pos])
    for h in hunks:
        after = original.find("\n", h[4]) if size else -1
        h[3], h[4] = original.rfind("\n", 0, h[3]) + 1, size if after < 0 else after + 1
    return hunks


def align(original: str, edits: list[Edit], starts: Sequence[int] | None = None) -> list[Block]:
    """Blocks covering both texts in order; concatenated they give back each text's lines.

    ``starts``: the text's line starts (offsets.line_starts), when the caller has them;
    else the edits' lines are counted and an unchanged run's lines found when read.
    """
    size = len(original)
    n_lines = (original.count("\n") + (not original.endswith("\n"))) if original else 0
    if starts is not None:
        hunks = _hunks_by_starts(original, edits, starts)
    else:
        hunks = _hunks_by_counting(original, edits)
    blocks: list[Block] = []
    o_line = 0  # 0-based next original line
    c_line = 0
    o_at = 0  # where original line ``o_line`` starts

    def unchanged(first: int, count: int, start: int, end: int) -> Lines:
        return Lines(original, starts, first, count) if starts is not None else Lines(original, None, 0, count, start, end)

    for first, last, group, h_start, h_end in hunks:
        if first > o_line:
            same = unchanged(o_line, first - o_line, o_at, h_start)
            blocks.append(Block(False, o_line + 1, c_line + 1, same, same, (), o_at, h_start))
            c_line += len(same)
        local = [Edit(e.start - h_start, e.end - h_start, e.replacement) for e in group]
        before = original[h_start:h_end]
        after = apply_edits(before, local)
        o_part = _lines(before) if before else []
        c_part = _lines(after) if after else []
        blocks.append(Block(True, first + 1, c_line + 1, o_part, c_part, tuple(group), h_start, h_end))
        if last + 1 > o_line:
            o_line, o_at = last + 1, h_end
        c_line += len(c_part)
    if o_line < n_lines:
        same = unchanged(o_line, n_lines - o_line, o_at, size)
        blocks.append(Block(False, o_line + 1, c_line + 1, same, same, (), o_at, size))
    return blocks
