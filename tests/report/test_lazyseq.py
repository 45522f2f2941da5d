"""SpanLines finds the lines of a run of a text as splitting the run would give them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mtclean.report.lazyseq import SpanLines


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text(alphabet="ab \r", max_size=3), min_size=1, max_size=90) | st.lists(st.text(alphabet="ab \r", max_size=3), min_size=40, max_size=90), st.booleans(),
       st.integers(0, 89), st.integers(0, 89), st.randoms(use_true_random=False))
def test_lines_of_a_run_are_its_split_lines(lines, final_break, first, length, rnd) -> None:  # type: ignore[no-untyped-def]
    """Input: a text of up to 90 lines (empty ones, "\\r" kept, with or without a final
    line break) and a run of whole lines in it, short or long enough that its middle
    lines are listed, read in random order. Outcome: each line's span is that line."""
    if not final_break and lines[-1] == "":
        lines[-1] = "a"  # an empty last "line" after the last break is no line
    text = "\n".join(lines) + ("\n" if final_break else "")
    first = min(first, len(lines) - 1)
    count = max(1, min(length, len(lines) - first))
    start = sum(len(line) + 1 for line in lines[:first])
    end = min(len(text), start + sum(len(line) + 1 for line in lines[first : first + count]))
    span = SpanLines(text, start, end, count)
    order = list(range(count))
    rnd.shuffle(order)
    for k in order:
        a, z = span.bounds(k)
        assert text[a:z] == lines[first + k]
