"""The offset map: the cleaned text is always the original with the log's edits
applied, and spans map back to the original."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mtclean.model import Edit
from mtclean.offsets import EditLog, apply_edits, line_col, line_starts


@st.composite
def stage_edits(draw: st.DrawFn, text: str) -> list[Edit]:
    edits, pos = [], 0
    for _ in range(draw(st.integers(0, 3))):
        if pos > len(text):
            break
        start = draw(st.integers(pos, len(text)))
        end = draw(st.integers(start, min(len(text), start + 4)))
        edits.append(Edit(start, end, draw(st.text("XYZ\n", max_size=3))))
        pos = end + 1
    return edits


@settings(max_examples=400, deadline=None)
@given(st.text("ab \n", max_size=20), st.data())
def test_log_reproduces_current_text(original: str, data: st.DataObject) -> None:
    log = EditLog(original)
    for _ in range(3):
        log.apply(data.draw(stage_edits(log.current)))
        assert apply_edits(original, log.edits) == log.current
        assert all(a.end <= b.start for a, b in zip(log.edits, log.edits[1:]))


def test_span_after_earlier_edit_maps_to_original() -> None:
    original = "aaa BAD word here"
    log = EditLog(original)
    log.apply([Edit(4, 7, "good")])  # "aaa good word here"
    cur = log.current
    s = cur.index("word")
    assert log.to_original(s, s + 4) == (original.index("word"), original.index("word") + 4)
    # a span over the replacement maps to the whole replaced original region
    assert log.to_original(cur.index("good"), cur.index("good") + 2) == (4, 7)


def test_deletion_then_span_at_its_point() -> None:
    original = "x DELETE y"
    log = EditLog(original)
    log.apply([Edit(2, 9, "")])  # "x y"
    assert log.current == "x y"
    assert log.to_original(2, 3) == (9, 10)


def test_line_col() -> None:
    starts = line_starts("ab\ncd\n")
    assert line_col(starts, 0) == (1, 1)
    assert line_col(starts, 4) == (2, 2)
