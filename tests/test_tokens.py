"""The capitalization stage's cheap look-ups agree exactly with the full tokenization."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from mtclean.tokens import (
    OPENERS,
    capitalized_words,
    mid_sentence_capitals,
    sentence_initial,
    token_ending_at,
    token_occurrences,
    has_whole_word,
    whole_word,
    whole_word_starts,
    words,
)

TRICKY = (
    "3Mb x_Foo _Bar foo-Bar --Foo eBay McDonald Ⅻ İstanbul ÉCOLE Élan naïve-Ölz a1B2 co-Op "
    "Xy- -Xy Ab_cd AB_Cd X9Yz XYz 1XYz I A USA-Foo The\u00a0Dog «Quote» (Paren) 'Tis ǅemal ﬁne FOO-bar Foo--Bar\nNew line Zz"
)


def _texts(shared: Path) -> list[str]:
    texts = [TRICKY]
    for p in sorted((shared / "data" / "wmt21-deen").glob("*.en")):
        texts.append(p.read_text(encoding="utf-8")[:60_000])
    return texts


def test_capitalized_words_are_the_capitalised_words(shared: Path) -> None:
    for text in _texts(shared):
        want = [(w.text, w.start, w.end) for w in words(text) if w.text[:1].isupper()]
        assert list(capitalized_words(text)) == want


def test_token_ending_at_and_occurrences(shared: Path) -> None:
    for text in _texts(shared):
        ws = words(text)
        ends = {w.end: w.text for w in ws}
        for end in range(len(text) + 1) if len(text) < 1000 else [w.end for w in ws[:2000]] + [w.end + 1 for w in ws[:500]]:
            assert token_ending_at(text, end) == ends.get(end), end
        for t in {w.text for w in ws[:300]}:
            assert token_occurrences(text, t, limit=10**9) == [w.start for w in ws if w.text == t]


GLUED = "d 3d x_1-d d- d-- d-x -d _d dd d3 éd dé d\u00a0d (d) d_ 1d-d D d dd-d ddd"


def test_occurrences_of_many_words_in_one_pass(shared: Path) -> None:
    """token_occurrences_of (one Aho-Corasick pass) gives what token_occurrences gives
    word by word, with its limit, for the lowercase forms of real text's words (most
    occurring inside other words too) and for words glued to digits, "_", hyphens and
    letters, overlapping each other ("d", "dd")."""
    from mtclean.tokens import token_occurrences_of

    hits = 0
    for text in _texts(shared) + [GLUED]:
        ws = sorted({w.text.lower() for w in words(text)[:400]} | {"d", "dd", "x_1", "d-"})
        for limit in (1, 2, 10**9):
            many = token_occurrences_of(text, ws, limit)
            assert many == {t: token_occurrences(text, t, limit) for t in ws}
            hits += sum(map(len, many.values()))
    assert token_occurrences_of(GLUED, ["d"], 10**9)["d"] == [w.start for w in words(GLUED) if w.text == "d"]
    assert hits > 1000


def _mid_sentence_reference(text: str) -> list[tuple[str, int, int]]:
    return [(t, s, e) for t, s, e in capitalized_words(text) if t[1:].islower() and not sentence_initial(text, s)]


def test_mid_sentence_capitals_are_the_non_initial_capitals(shared: Path) -> None:
    found = 0
    for text in _texts(shared) + [TRICKY.replace(" ", "  "), TRICKY.replace(" ", "\t"), "(b) The a) Foo x) Bar"]:
        want = _mid_sentence_reference(text)
        assert mid_sentence_capitals(text) == want
        found += len(want)
    assert found > 100  # the texts hold mid-sentence capitals, so the comparison means something


# Words and every kind of character the two patterns tell apart: blanks, line breaks,
# openers, ")" (list markers), digits, "_", "-", other punctuation and white space.
_PIECES = st.sampled_from(
    ["Foo", "Bar", "FOO", "baz", "Élan", "élan", "Ölz", "3", "_", "-", ")", "(", "(b)", "...", "a", "B",
     "I", "A", "USA", "AB_Cd", "X9Yz", "Éx", "ÉCOLE", "DéJà", "Ab-", "ǅ", "Ⅻ",
     " ", "  ", "\t", "\u00a0", "\n", "\r\n", "\x0c", "\u2003", ",", "/", "@", "%"] + sorted(OPENERS)
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=14).map("".join))
def test_mid_sentence_capitals_agree_on_any_text(text: str) -> None:
    assert mid_sentence_capitals(text) == _mid_sentence_reference(text)


def _plain_whole_word(word: str):  # type: ignore[no-untyped-def]
    import re

    return re.compile(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])")


def test_whole_word_finds_what_the_leading_look_behind_finds(shared: Path) -> None:
    """Names and words of real news (every capitalised word of the first lines, and some
    lowercase ones), searched for in the whole text."""
    for text in _texts(shared):
        names = {w.text for w in words(text[:3000])} | {"Thomas Müller", "co-Op", "a", "Zz", "-Xy"}
        for name in sorted(names):
            want = [m.span() for m in _plain_whole_word(name).finditer(text)]
            assert [m.span() for m in whole_word(name).finditer(text)] == want, name


@settings(max_examples=1000, deadline=None)
@given(
    st.text(alphabet="ab-_ 1é.\n", min_size=1, max_size=3),
    st.text(alphabet="ab-_ 1é.\nAB", max_size=30),
)
def test_whole_word_agrees_on_any_text(word: str, text: str) -> None:
    want = [m.span() for m in _plain_whole_word(word).finditer(text)]
    assert [m.span() for m in whole_word(word).finditer(text)] == want



def test_whole_word_starts_are_the_pattern_matches(shared: Path) -> None:
    """The str.find search (no pattern per word) starts where the whole-word pattern's
    matches start, on real news for its own words and for words glued to digits, "_",
    hyphens and letters; and has_whole_word says whether there is one."""
    found = 0
    for text in _texts(shared) + [GLUED, TRICKY]:
        names = {w.text for w in words(text[:3000])} | {"Thomas Müller", "co-Op", "a", "d", "dd", "d-", "-d", "Zz"}
        for name in sorted(names):
            want = [m.start() for m in _plain_whole_word(name).finditer(text)]
            assert list(whole_word_starts(text, name)) == want, name
            assert has_whole_word(text, name) == bool(want), name
            found += len(want)
    assert found > 1000


@settings(max_examples=1000, deadline=None)
@given(
    st.text(alphabet="ab-_ 1é.\n²٣Ⅻ\u00a0", max_size=3),
    st.text(alphabet="ab-_ 1é.\nAB²٣Ⅻ\u00a0·", max_size=30),
)
def test_whole_word_starts_agree_on_any_text(word: str, text: str) -> None:
    """Also for digits and numerals of other scripts ("²", "٣", "Ⅻ": word characters to
    the pattern), a no-break space, overlapping repeats ("aa" in "aaa") and the empty word."""
    want = [m.start() for m in _plain_whole_word(word).finditer(text)]
    assert list(whole_word_starts(text, word)) == want
    assert has_whole_word(text, word) == bool(want)
