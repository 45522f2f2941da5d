"""source.html: both spans marked, every text escaped."""

from __future__ import annotations

from mtclean.source import check_pair
from mtclean.source.html import mark


def test_mark_escapes_and_wraps_spans() -> None:
    out = mark("a <b> & 20 Uhr", [(8, 10, 'SRC001: "20"')])
    assert out == 'a &lt;b&gt; &amp; <mark title="SRC001: &quot;20&quot;">20</mark> Uhr'


def test_mark_skips_overlaps_and_out_of_range() -> None:
    assert mark("abcdef", [(0, 3, "x"), (2, 4, "y"), (5, 99, "z")]) == '<mark title="x">abc</mark>def'


def test_check_pair_gives_both_spans() -> None:
    source, target = "Der Zug fährt um 20 Uhr.", "The train leaves at 10 p.m."
    (f,) = [f for f in check_pair(source, target) if f.rule == "SRC001"]
    assert target[f.start : f.end] == "10"
    assert source[f.extra["source_start"] : f.extra["source_end"]] == "20"
    assert f.extra["segment"] == 1
