"""The word alignment reads back as text on both sides, and a window around
a change covers exactly what the post-editor changed there."""

from __future__ import annotations

from mtclean.quality.align import Alignment, tokenize


def test_tokens_are_words_and_single_marks_with_spans() -> None:
    text = "He hadn't said, \"no\"."
    toks = tokenize(text)
    assert [t.text for t in toks] == ["He", "hadn't", "said", ",", '"', "no", '"', "."]
    assert all(text[t.start : t.end] == t.text for t in toks)


def test_window_around_a_deleted_word() -> None:
    al = Alignment("He lives in the Ukraine now.", "He lives in Ukraine now.")
    a, b, j1, j2 = al.window(3, 4)  # "the"
    assert al.mt_text(a, b) == "the"
    assert al.pe_text(j1, j2) == ""


def test_window_grows_to_the_whole_changed_block() -> None:
    al = Alignment("She went in world of dreams", "She went into the world of dreams")
    a, b, j1, j2 = al.window(*al.mt_token_range(9, 11))  # "in"
    assert (al.mt_text(a, b), al.pe_text(j1, j2)) == ("in", "into the")


def test_insertion_inside_the_window_belongs_to_it_but_not_at_its_edges() -> None:
    al = Alignment("They met in park", "They met in the park")
    i1, i2 = al.mt_token_range(11, 11)  # the point between "in" and "park"
    a, b, j1, j2 = al.window(i1, i2)
    assert (al.mt_text(a, b), al.pe_text(j1, j2)) == ("in park", "in the park")
    # "in" alone: the insertion after it is another change.
    a, b, j1, j2 = al.window(2, 3)
    assert al.pe_text(j1, j2) == "in"


def test_unchanged_words_map_one_to_one() -> None:
    al = Alignment("A b c d", "X b c d")
    a, b, j1, j2 = al.window(2, 3)
    assert (al.mt_text(a, b), al.pe_text(j1, j2)) == ("c", "c")
