"""The side-by-side view's pairing of cleaned with original lines (report/sidebyside.py)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mtclean.model import Edit
from mtclean.offsets import EditLog, apply_edits, line_starts
from mtclean.report import sidebyside
from mtclean.report.align import align


@st.composite
def text_and_edits(draw):  # type: ignore[no-untyped-def]
    text = draw(st.text(alphabet="ab \n\r", max_size=40))
    points = sorted(draw(st.lists(st.integers(0, len(text)), max_size=10, unique=True)))
    # Replacements mostly without line breaks (the common case), sometimes with them.
    repl = st.text(alphabet="xy", max_size=4) | st.text(alphabet="xy\n", max_size=4)
    edits = [Edit(start, end, draw(repl)) for start, end in zip(points[::2], points[1::2])]
    if points and len(points) % 2 == 1 and (not edits or edits[-1].end < points[-1]):
        edits.append(Edit(points[-1], points[-1], draw(st.text(alphabet="z\n", min_size=1, max_size=3))))
    return text, edits


def _by_edit_log(before: str, local: list[Edit], cleaned: str, n_orig: int, n_clean: int) -> list[tuple[int | None, int | None]]:
    """The pairing as the view first computed it: each cleaned line's start mapped back
    through an EditLog holding the hunk's edits."""
    from bisect import bisect_right

    log = EditLog(before)
    log.apply(local)
    o_starts = line_starts(before)
    origin = [max(0, bisect_right(o_starts, log.to_original(c, c)[0]) - 1) for c in line_starts(cleaned)[:n_clean]]
    rows: list[tuple[int | None, int | None]] = []
    next_o = 0
    for c, o in enumerate(origin):
        if next_o <= o < n_orig:
            rows.extend((k, None) for k in range(next_o, o))
            rows.append((o, c))
            next_o = o + 1
        else:
            rows.append((None, c))
    rows.extend((k, None) for k in range(next_o, n_orig))
    return rows


@settings(max_examples=600, deadline=None)
@given(text_and_edits())
def test_pairs_are_those_found_by_mapping_line_starts(case) -> None:  # type: ignore[no-untyped-def]
    """Input: a text and edits, some writing or removing line breaks, some at a line's
    start or end, deleting a whole line's text, or inserting after the last line break.
    Outcome: every hunk's pairing of cleaned with original lines is the one found by
    mapping each cleaned line's start back through an EditLog of the edits (the
    shortcut for hunks whose line breaks all stay, and the mapping without a log,
    give the same rows)."""
    original, edits = case
    for b in align(original, edits):
        if not b.changed:
            continue
        local = [sidebyside._minimal(Edit(e.start - b.start, e.end - b.start, e.replacement), original[e.start : e.end])
                 for e in b.edits]
        before = original[b.start : b.end]
        after = "\n".join(b.cleaned)
        args = (before, local, after, len(b.original), len(b.cleaned))
        want = _by_edit_log(*args)
        assert sidebyside._pairs(*args) == want
        assert sidebyside._mapped_pairs(*args) == want


def test_a_word_changed_on_each_of_two_lines_pairs_them_in_order() -> None:
    """Input: one hunk of two lines, a word replaced on each (no line break touched).
    Outcome: the rows pair line 1 with line 1 and line 2 with line 2, changed words marked."""
    original = "Alpha beta\ngamma delta\n"
    edits = [Edit(6, 10, "BETA"), Edit(10, 11, "\n"), Edit(11, 16, "GAMMA")]
    rows = sidebyside.side_by_side(original, edits)
    assert [(r.o_n, r.c_n) for r in rows] == [(1, 1), (2, 2)]
    assert apply_edits(original, edits) == "Alpha BETA\nGAMMA delta\n"
    assert any(p.kind == "ins" and p.text == "BETA" for p in rows[0].cleaned or ())
