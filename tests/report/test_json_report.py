"""report.json's writer: the same text as json's own encoder (indent 1, ASCII), faster."""

from __future__ import annotations

import json
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from mtclean.report import json as json_report

_SCALARS = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)  # lone surrogates included: written as U+FFFD
)
_KEYS = st.text(max_size=6) | st.integers() | st.booleans() | st.none() | st.floats()
_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
                       | st.dictionaries(_KEYS, inner, max_size=4), max_leaves=25)


@settings(max_examples=400, deadline=None)
@given(_VALUES, st.integers(0, 3))
def test_values_are_written_as_json_writes_them(value, level: int) -> None:  # type: ignore[no-untyped-def]
    plain = json_report._no_surrogates(value)
    expected = json.JSONEncoder(ensure_ascii=True, indent=1).encode(plain).replace("\n", "\n" + " " * level)
    assert "".join(json_report._pieces(value, level)) == expected


def test_what_json_cannot_write_is_still_refused_by_json() -> None:
    class Odd:
        pass

    try:
        "".join(json_report._pieces({"a": [1, Odd()]}, 0))
    except TypeError as exc:
        assert "Odd" in str(exc)
    else:  # pragma: no cover - the test fails here
        raise AssertionError("an object json cannot encode was written")
    class Items(list):  # type: ignore[type-arg]
        pass

    assert "".join(json_report._pieces(Items([1, "\ud800"]), 0)) == '[\n 1,\n "\\ufffd"\n]'
    # and the special floats json writes as JavaScript literals
    assert "".join(json_report._pieces([math.nan, math.inf, -math.inf], 0)) == "[\n NaN,\n Infinity,\n -Infinity\n]"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab\n\r", max_size=40), st.lists(st.integers(0, 45), max_size=12))
def test_line_cols_are_line_col_of_each_position(text: str, positions: list[int]) -> None:
    """Input: a text (blank lines, "\\r\\n", no final break) and positions in any order,
    repeated, and past its end. Outcome: each position's line and column as
    offsets.line_col gives them from the text's line starts."""
    from mtclean.offsets import line_col, line_cols, line_starts

    starts = line_starts(text)
    assert line_cols(text, positions) == [line_col(starts, p) for p in positions]
