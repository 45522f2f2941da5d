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
from ..offsets import apply_edits, line_starts
from .lazyseq import LazySequence


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
    than the text itself. Compares equal to the list of the same lines.
    """

    __slots__ = ("_count", "_first", "_starts", "_text")
    __hash__ = None  # type: ignore[assignment] # compares like a list, so unhashable like one

    def __init__(self, text: str, starts: list[int], first: int, count: int) -> None:
        self._text, self._starts, self._first, self._count = text, starts, first, count

    def __len__(self) -> int:
        return self._count

    def _item(self, k: int) -> str:
        k += self._first
        end = self._starts[k + 1] - 1 if k + 1 < len(self._starts) else len(self._text)
        return self._text[self._starts[k] : end]

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


def align(original: str, edits: list[Edit]) -> list[Block]:
    """Blocks covering both texts in order; concatenated they give back each text's lines."""
    starts = line_starts(original)
    size = len(original)
    n_lines = (len(starts) - (1 if original.endswith("\n") else 0)) if original else 0
    # Group edits into hunks of original lines (edits on the same or adjacent-by-overlap lines merge).
    hunks: list[list] = []  # [first_line, last_line, edits]
    for e in sorted(edits):
        first, last = _touched(original, starts, e)
        if hunks and first <= hunks[-1][1]:
            hunks[-1][1] = max(hunks[-1][1], last)
            hunks[-1][2].append(e)
        else:
            hunks.append([first, last, [e]])
    blocks: list[Block] = []
    o_line = 0  # 0-based next original line
    c_line = 0

    def at(line: int) -> int:
        return starts[line] if line < len(starts) else size

    for first, last, group in hunks:
        if first > o_line:
            same = Lines(original, starts, o_line, first - o_line)
            blocks.append(Block(False, o_line + 1, c_line + 1, same, same, (), at(o_line), at(first)))
            c_line += len(same)
        h_start, h_end = at(first), at(last + 1)
        local = [Edit(e.start - h_start, e.end - h_start, e.replacement) for e in group]
        before = original[h_start:h_end]
        after = apply_edits(before, local)
        o_part = _lines(before) if before else []
        c_part = _lines(after) if after else []
        blocks.append(Block(True, first + 1, c_line + 1, o_part, c_part, tuple(group), h_start, h_end))
        o_line = max(o_line, last + 1)
        c_line += len(c_part)
    if o_line < n_lines:
        same = Lines(original, starts, o_line, n_lines - o_line)
        blocks.append(Block(False, o_line + 1, c_line + 1, same, same, (), at(o_line), size))
    return blocks
