"""The per-file edit rate: sacrebleu chrF and TER of cleaned against original."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtclean.model import Edit
from mtclean.offsets import apply_edits
from mtclean.report import quality
from mtclean.report.align import align

TEXT = "\n".join(f"Line {i} has five words." for i in range(10)) + "\n"


def rate(original: str, edits: list[Edit]) -> quality.EditRate:
    return quality.edit_rate(original, align(original, edits))


def every_line_scored(original: str, edits: list[Edit]) -> tuple[float, float]:
    """sacrebleu on every aligned segment, untouched ones included: what the shortcut must equal."""
    from sacrebleu.metrics import CHRF, TER

    segs = quality.segments(original, align(original, edits))
    refs = [o.rstrip("\n") for o, _, _ in segs]
    hyps = [c.rstrip("\n") for _, c, _ in segs]
    return CHRF().corpus_score(hyps, [refs]).score, TER(case_sensitive=True).corpus_score(hyps, [refs]).score


def test_unchanged_file_is_100_and_0_without_scoring() -> None:
    assert rate(TEXT, []) == quality.EditRate(100.0, 0.0, 0)


def test_one_word_in_fifty_is_a_ter_of_two_percent() -> None:
    start = TEXT.index("has")
    r = rate(TEXT, [Edit(start, start + 3, "had")])
    assert r.ter == pytest.approx(2.0)  # 1 edit / 50 reference words
    assert 90 < r.chrf < 100 and r.segments == 1


def test_a_capitalisation_fix_is_an_edit() -> None:
    start = TEXT.index("has")
    assert rate(TEXT, [Edit(start, start + 1, "H")]).ter == pytest.approx(2.0)


def test_deleting_everything_is_scored() -> None:
    r = rate(TEXT, [Edit(0, len(TEXT), "")])
    assert r.chrf == 0.0 and r.ter == pytest.approx(100.0)


def test_shortcut_equals_scoring_every_line_on_the_seed(shared: Path) -> None:
    seed = (shared / "seeds" / "000_7812e24d0ad2b208.txt").read_text(encoding="utf-8")
    edits = [Edit(37, 41, "By"), Edit(222, 227, "since"), Edit(1241, 1261, ""), Edit(1261, 1265, "\n\n")]
    r = rate(seed, edits)
    chrf, ter = every_line_scored(seed, edits)
    assert (r.chrf, r.ter) == (round(chrf, 2), round(ter, 2))


words = st.sampled_from(["the", "The", "Ukraine", "a", "b,", "  ", "\t", "x.", "ab", "end.\u201d", "so!"])


@st.composite
def document_and_edits(draw):  # type: ignore[no-untyped-def]
    lines = draw(st.lists(st.lists(words, max_size=6).map(" ".join), min_size=1, max_size=8))
    text = "\n".join(lines) + draw(st.sampled_from(["\n", ""]))
    points = sorted(draw(st.lists(st.integers(0, len(text)), max_size=6, unique=True)))
    edits = [Edit(a, b, draw(st.sampled_from(["", "X", "the ", "\n"]))) for a, b in zip(points[::2], points[1::2])]
    return text, edits


@settings(max_examples=200, deadline=None)
@given(document_and_edits())
def test_segments_cut_both_texts_at_the_same_places(case) -> None:  # type: ignore[no-untyped-def]
    text, edits = case
    segs = quality.segments(text, align(text, edits))
    assert "".join(o for o, _, _ in segs) == text
    assert "".join(c for _, c, _ in segs) == apply_edits(text, edits)
    assert all(o == c for o, c, touched in segs if not touched)


def test_long_changed_lines_are_cut_into_sentences() -> None:
    line = "First one. Second one! Third “one.” Fourth one? Fifth.\n"
    start = line.index("Third")
    segs = quality.segments(line, align(line, [Edit(start, start + 5, "3rd")]))
    assert [(o, c) for o, c, touched in segs if touched] == [("Third “one.” ", "3rd “one.” ")]
    assert [o for o, _, touched in segs if not touched] == ["First one. ", "Second one! ", "Fourth one? ", "Fifth.\n"]


@settings(max_examples=150, deadline=None)
@given(document_and_edits())
def test_shortcut_equals_scoring_every_line(case) -> None:  # type: ignore[no-untyped-def]
    text, edits = case
    r = rate(text, edits)
    if r.segments:
        chrf, ter = every_line_scored(text, edits)
        assert r.chrf == pytest.approx(round(chrf, 2)) and r.ter == pytest.approx(round(ter, 2))


def test_signatures_name_metric_and_settings() -> None:
    sigs = quality.signatures()
    assert sigs["chrF"].startswith("chrF2|nrefs:1|case:mixed|")
    assert sigs["TER"].startswith("TER|nrefs:1|case:mixed|tok:tercom|")
    assert "version:" in sigs["chrF"] and "version:" in sigs["TER"]


def test_a_run_wide_segment_cache_gives_the_same_rates() -> None:
    """Segments seen in an earlier file are looked up; every file's rate stays what it was alone."""
    files = [
        (TEXT, [Edit(5, 6, "One"), Edit(30, 34, "has")]),
        (TEXT, [Edit(5, 6, "One")]),  # the same fixed sentence again
        ("Fresh words here. " + TEXT, [Edit(0, 5, "New"), Edit(23, 24, "One")]),
        (TEXT, [Edit(5, 6, "One"), Edit(30, 34, "has")]),
    ]
    cache = quality.SegmentCache()
    for original, edits in files:
        blocks = align(original, edits)
        assert quality.edit_rate(original, blocks, cache) == quality.edit_rate(original, blocks)
    assert cache.stats


_LINE_TEXT = st.text(alphabet=st.sampled_from(list("ab ä\t\r\n\x0b\x0c\x1c\x85\u2028\u3000.")), max_size=80)


@settings(max_examples=300, deadline=None)
@given(_LINE_TEXT)
def test_unchanged_lines_counted_in_one_pass_equal_counting_each_line(block: str) -> None:
    """The statistics of a block of unchanged lines, read at once, equal those of its
    lines added one by one (cut at "\\n" only; other breaks and odd white space inside)."""
    whole = quality._Unchanged(6)
    whole.add_lines(block)
    each = quality._Unchanged(6)
    start = 0
    while start < len(block):
        nl = block.find("\n", start)
        end = len(block) if nl < 0 else nl + 1
        each.add(block[start:end].rstrip("\n"))
        start = end
    assert (whole.short, whole.long_count, whole.long_chars, whole.words) == (
        each.short, each.long_count, each.long_chars, each.words)


def test_unchanged_lines_of_a_real_text_counted_in_one_pass(shared: Path) -> None:
    text = (shared / "data" / "wmt21-deen" / "newstest2021.de-en.ref.A.en").read_text(encoding="utf-8")
    text += "\n\n  \n short\n"
    whole, each = quality._Unchanged(6), quality._Unchanged(6)
    whole.add_lines(text)
    for line in text.split("\n")[:-1]:
        each.add(line)
    assert whole.chrf() == each.chrf() and whole.ter() == each.ter()
    assert sum(whole.short) >= 3  # the short lines were found, not only the long ones


@st.composite
def white_space_edits(draw):  # type: ignore[no-untyped-def]
    text, _ = draw(document_and_edits())
    points = sorted(draw(st.lists(st.integers(0, len(text)), max_size=6, unique=True)))
    edits = [Edit(a, b, draw(st.sampled_from(["", " ", "\t", "  ", "\n"]))) for a, b in zip(points[::2], points[1::2])]
    return text, edits


@settings(max_examples=200, deadline=None)
@given(st.one_of(document_and_edits(), white_space_edits()))
def test_scores_equal_scoring_every_line_whatever_the_edits_change(case) -> None:  # type: ignore[no-untyped-def]
    """Also when an edit changes only white space (that segment is then counted as
    unchanged, not scored): chrF and TER equal sacrebleu on every segment."""
    text, edits = case
    if apply_edits(text, edits) == text:
        return
    r = rate(text, edits)
    chrf, ter = every_line_scored(text, edits)
    assert r.chrf == pytest.approx(round(chrf, 2)) and r.ter == pytest.approx(round(ter, 2))


def test_a_change_of_white_space_alone_is_not_scored() -> None:
    text = "A line  with two spaces.\nAnother line.   \n"
    edits = [Edit(6, 8, " "), Edit(38, 41, "")]
    r = rate(text, edits)
    assert (r.chrf, r.ter, r.segments) == (100.0, 0.0, 0)
    assert every_line_scored(text, edits) == (100.0, 0.0)
