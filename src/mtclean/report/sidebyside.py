"""The side-by-side view: original | cleaned, row by row, changed words marked.

Rows come from ``align``: unchanged lines pair one to one; inside a changed hunk
each cleaned line sits next to the original line its first character came from
(so "From: X" lines up with "By X", not with a deleted breadcrumb line above it),
and lines that vanished or appeared get an empty cell opposite.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from itertools import pairwise

from ..model import Edit
from ..offsets import EditLog, line_starts
from .align import Block, align
from .annotate import Piece, display_piece, trim_edit, visible


@dataclass(frozen=True)
class SbsRow:
    o_n: int | None
    original: tuple[Piece, ...] | None
    c_n: int | None
    cleaned: tuple[Piece, ...] | None
    changed: bool


def _split(pieces: list[Piece]) -> list[list[Piece]]:
    """Pieces cut into lines; a removed or added line break shows as a marked ↵."""
    lines: list[list[Piece]] = [[]]
    for p in pieces:
        chunks = p.text.split("\n")
        for i, chunk in enumerate(chunks):
            last = i == len(chunks) - 1
            if not last and chunk.endswith("\r"):
                chunk = chunk[:-1]
            if chunk:
                lines[-1].append(display_piece(p, chunk))
            if not last:
                if p.kind != "keep":
                    lines[-1].append(Piece(p.kind, "↵", True))
                lines.append([])
    if len(lines) > 1 and not lines[-1]:
        lines.pop()
    return lines


def _hunk_sides(before: str, local: list[Edit]) -> tuple[list[list[Piece]], list[list[Piece]]]:
    left: list[Piece] = []
    right: list[Piece] = []
    pos = 0
    for e in local:
        if e.start > pos:
            left.append(Piece("keep", before[pos : e.start]))
            right.append(Piece("keep", before[pos : e.start]))
        pre, old, new, post = trim_edit(before[e.start : e.end], e.replacement)
        for side, kind, text in ((left, "keep", pre), (right, "keep", pre), (left, "del", old),
                                 (right, "ins", new), (left, "keep", post), (right, "keep", post)):
            if text:
                side.append(Piece(kind, text))
        pos = e.end
    if pos < len(before):
        left.append(Piece("keep", before[pos:]))
        right.append(Piece("keep", before[pos:]))
    return _split(left), _split(right)


def _pairs(before: str, local: list[Edit], cleaned: str, n_orig: int, n_clean: int) -> list[tuple[int | None, int | None]]:
    """Which original line (0-based, in the hunk) each cleaned line sits next to.

    When no edit removes or writes a line break and the hunk keeps its number of lines,
    every line break survives in place, so each cleaned line starts where its original
    line started (or inside an edit on that line): line k sits next to line k, which is
    what mapping each line start back through the edits finds, without the mapping.
    """
    if n_orig == n_clean and all(before.find("\n", e.start, e.end) < 0 and "\n" not in e.replacement for e in local):
        return [(k, k) for k in range(n_orig)]
    return _mapped_pairs(before, local, cleaned, n_orig, n_clean)


def _mapped_pairs(before: str, local: list[Edit], cleaned: str, n_orig: int, n_clean: int) -> list[tuple[int | None, int | None]]:
    """``_pairs`` by mapping each cleaned line's start back through the edits, as
    ``EditLog.to_original`` maps a start: after deletions sitting at it, at the start
    of a replacement. The hunk's edits do not overlap (they are a run's applied edits),
    so the log would hold them as they are; overlapping ones go through an ``EditLog``."""
    edits = sorted(e for e in local if e.start != e.end or e.replacement)  # what EditLog.apply keeps
    if any(b.start < a.end for a, b in pairwise(edits)):
        log = EditLog(before)
        log.apply(local)
        edits = log.edits
    cur_starts = []  # where each edit's replacement starts in the cleaned text
    delta = 0
    for e in edits:
        cur_starts.append(e.start + delta)
        delta += len(e.replacement) - (e.end - e.start)
    o_starts = line_starts(before)
    origin = []
    for c_start in line_starts(cleaned)[:n_clean]:
        i = bisect_right(cur_starts, c_start) - 1
        if i < 0:
            o_pos = c_start
        else:
            e = edits[i]
            end = cur_starts[i] + len(e.replacement)
            o_pos = e.end + (c_start - end) if c_start >= end else e.start
        origin.append(max(0, bisect_right(o_starts, o_pos) - 1))
    rows: list[tuple[int | None, int | None]] = []
    next_o = 0
    for c, o in enumerate(origin):
        if o >= next_o and o < n_orig:
            rows.extend((k, None) for k in range(next_o, o))
            rows.append((o, c))
            next_o = o + 1
        else:
            rows.append((None, c))
    rows.extend((k, None) for k in range(next_o, n_orig))
    return rows


def _minimal(e: Edit, old: str) -> Edit:
    """The edit without the tokens it leaves unchanged, so positions inside those map exactly."""
    pre, _, new, post = trim_edit(old, e.replacement)
    return Edit(e.start + len(pre), e.end - len(post), new)


def changed_rows(original: str, block: Block) -> list[SbsRow]:
    h_start = block.start
    local = [_minimal(Edit(e.start - h_start, e.end - h_start, e.replacement), original[e.start : e.end])
             for e in block.edits]
    before = original[block.start : block.end]
    left, right = _hunk_sides(before, local)
    left = left[: len(block.original)] + [[] for _ in range(len(block.original) - len(left))]
    right = right[: len(block.cleaned)] + [[] for _ in range(len(block.cleaned) - len(right))]
    after = "\n".join(block.cleaned)
    rows = []
    for o, c in _pairs(before, local, after, len(block.original), len(block.cleaned)):
        rows.append(SbsRow(
            None if o is None else block.o_line + o, None if o is None else tuple(left[o]),
            None if c is None else block.c_line + c, None if c is None else tuple(right[c]),
            True,
        ))
    return rows


def side_by_side(original: str, edits: list[Edit], blocks: list[Block] | None = None) -> list[SbsRow]:
    blocks = align(original, edits) if blocks is None else blocks
    rows: list[SbsRow] = []
    for b in blocks:
        if not b.changed:
            for k, line in enumerate(b.original):
                cell = (Piece("keep", visible(line.removesuffix("\r"))),)
                rows.append(SbsRow(b.o_line + k, cell, b.c_line + k, cell, False))
        else:
            rows.extend(changed_rows(original, b))
    return rows
