"""Line alignment read off the edit log: exact on both sides, whatever the edits do to line breaks."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mtclean.model import Edit
from mtclean.offsets import apply_edits
from mtclean.report.align import align


def _lines(text: str) -> list[str]:
    parts = text.split("\n")
    if len(parts) > 1 and parts[-1] == "":
        parts.pop()
    return parts if text else []


@st.composite
def text_and_edits(draw):  # type: ignore[no-untyped-def]
    text = draw(st.text(alphabet="ab \n\r", max_size=30))
    points = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8, unique=True)))
    edits = []
    for start, end in zip(points[::2], points[1::2]):
        edits.append(Edit(start, end, draw(st.text(alphabet="xy\n", max_size=4))))
    if points and len(points) % 2 == 1 and (not edits or edits[-1].end < points[-1]):
        edits.append(Edit(points[-1], points[-1], draw(st.text(alphabet="z\n", min_size=1, max_size=3))))
    return text, edits


@settings(max_examples=400, deadline=None)
@given(text_and_edits())
def test_blocks_reproduce_both_texts_with_consecutive_numbers(case) -> None:  # type: ignore[no-untyped-def]
    original, edits = case
    cleaned = apply_edits(original, edits)
    blocks = align(original, edits)
    assert [line for b in blocks for line in b.original] == _lines(original)
    assert [line for b in blocks for line in b.cleaned] == _lines(cleaned)
    o_next, c_next = 1, 1
    for b in blocks:
        assert (b.o_line, b.c_line) == (o_next, c_next)
        o_next += len(b.original)
        c_next += len(b.cleaned)
        if not b.changed:
            assert b.original == b.cleaned and not b.edits
        assert _lines(original[b.start : b.end]) == b.original
    assert sorted(e for b in blocks for e in b.edits) == sorted(edits)
    assert "".join(original[b.start : b.end] for b in blocks) == original


def test_removed_line_break_pulls_the_next_line_into_the_hunk() -> None:
    original = "one\ntwo\nthree\n"
    blocks = align(original, [Edit(3, 4, " ")])  # "one two" is one cleaned line
    assert [(b.changed, b.original, b.cleaned) for b in blocks] == [
        (True, ["one", "two"], ["one two"]),
        (False, ["three"], ["three"]),
    ]


def test_untouched_text_is_one_unchanged_block() -> None:
    blocks = align("a\nb\n", [])
    assert len(blocks) == 1 and not blocks[0].changed and blocks[0].original == ["a", "b"]


@settings(max_examples=400, deadline=None)
@given(text_and_edits())
def test_alignment_without_line_starts_is_the_same(case) -> None:  # type: ignore[no-untyped-def]
    """Input: a text and edits (line breaks added, removed, joined; empty text; no final break).
    Outcome: the blocks found by counting line breaks (no line starts given) equal those
    read off the text's line starts: the same spans, numbers, edits and lines, also
    when an unchanged run's lines are read one by one from its end."""
    from mtclean.offsets import line_starts

    original, edits = case
    counted = align(original, edits)
    assert counted == align(original, edits, line_starts(original))
    for b in align(original, edits):
        if not b.changed:
            assert [b.original[k] for k in reversed(range(len(b.original)))] == list(reversed(b.original))
            assert "\n".join(b.original) + "\n" == original[b.start : b.end] or "\n".join(b.original) == original[b.start : b.end]
