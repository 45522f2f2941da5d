"""io.without_surrogates: the text a UTF-8 report can hold, lone surrogates as U+FFFD."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mtclean.io import SURROGATES, without_surrogates

chars = st.sampled_from(["a", " ", "\n", "é", "\u20ac", "\U0001f600", "\ud800", "\udc80", "\udfff", "\ud7ff", "\ue000"])


@settings(max_examples=500, deadline=None)
@given(st.lists(chars, max_size=30).map("".join))
def test_surrogates_and_only_they_become_the_replacement_character(text: str) -> None:
    """Input: ASCII, Latin-1, BMP and astral text, with surrogates alone, in pairs and at
    the ends. Outcome: each surrogate is U+FFFD, every other character stays, and the
    result is valid UTF-8."""
    out = without_surrogates(text)
    assert out == SURROGATES.sub("\ufffd", text)
    assert len(out) == len(text)
    out.encode("utf-8")
