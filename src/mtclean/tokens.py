"""The light token layer: words with offsets and where sentences start.

Kept cheap on purpose (one regular expression, no objects per character): the
capitalization stage needs only "is this word at a sentence start" and "is this
line a headline", and it runs on every document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

WORD = re.compile(r"[^\W\d_](?:[\w-]*\w)?")
# After these (and white space) a word starts a sentence or a quote or a dateline.
# After a closing bracket a new unit starts too: a list marker or footnote ("3) For",
# "[2] In"), a sentence closed inside brackets ("… is given.) If"), an agency tag or an
# elision ("(dpa) The", "(...) The"). "<" and ">" open and close examples in help files;
# bullets ("► At 1 p.m.") open list items.
OPENERS = set(".!?:;\"“”‘'«»„([{–—-•*#<>|)]►▶■▪→")


@dataclass(frozen=True)
class Word:
    text: str
    start: int
    end: int


def words(text: str) -> list[Word]:
    return [Word(m.group(), m.start(), m.end()) for m in WORD.finditer(text)]


def sentence_initial(text: str, pos: int) -> bool:
    """Is the word at ``pos`` the first of a sentence, line, quote, parenthesis or column?"""
    i = pos - 1
    while i >= 0 and text[i] in " \t\u00a0":
        i -= 1
    # A tab or a run of blanks sets text in columns (a table cell, a help file's
    # "tag<Tab>Description", "1.   Item") or follows a sentence ("end.  Next"): what
    # comes after it starts a unit of its own, not the middle of a sentence.
    if pos - i > 2 or text[i + 1 : pos] == "\t":
        return True
    if i < 0 or text[i] in "\r\n":
        return True
    return text[i] in OPENERS


def line_bounds(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def is_headline(line: str, function_words: frozenset[str]) -> bool:
    """A title-case line (headline, caption title, heading): most content words capitalised
    and no sentence-final full stop."""
    if line.rstrip().endswith("."):
        return False
    ws = WORD.findall(line)
    content = [w for w in ws if w.lower() not in function_words]
    if not content:
        return False
    caps = sum(w[:1].isupper() for w in content)
    fw_caps = sum(w[:1].isupper() for w in ws[1:] if w.lower() in function_words)
    return caps / len(content) >= 0.75 or (fw_caps >= 2 and caps / len(content) >= 0.5)


# --- Cheap look-ups that agree exactly with ``words``' tokenization -------------
# A run of word characters and hyphens holds at most one word: from its first
# letter to its last word character. These helpers answer questions about single
# words without tokenizing the whole text.

_WORDCH = re.compile(r"[\w-]")
_LETTER = re.compile(r"[^\W\d_]")
# A letter other than a-z and the rest of its word.
_NOT_ASCII_LOWER = re.compile(r"[^\W\d_a-z](?:[\w-]*\w)?")


def capitalized_words(text: str) -> Iterator[tuple[str, int, int]]:
    """The words (as ``words`` finds them) that start with a capital: (word, start, end).

    The pattern starts with a small character class (letters other than a-z), so
    the regex engine skips lowercase prose at C speed; whether the letter is a
    capital and starts a word is checked here, for the few candidates.
    """
    for m in _NOT_ASCII_LOWER.finditer(text):
        t = m.group()
        if t[0].isupper() and _word_start(text, m.start()):
            yield t, m.start(), m.end()


def _word_start(text: str, start: int) -> bool:
    """Does a word start at ``start``: no letter in the run of word characters and
    hyphens just before it ("3D" starts at "D"; "McDonald" has no word at "D")?"""
    j = start - 1
    while j >= 0 and _WORDCH.match(text[j]):
        if _LETTER.match(text[j]):
            return False
        j -= 1
    return True


# --- Capitalised words in mid-sentence, found by one regular expression -----------
# ``capitalized_words`` followed by ``sentence_initial`` visits every capital of a text
# (most open a sentence) in Python. Almost every mid-sentence capital follows one space
# after a character that cannot end a sentence ("the Foo", "3 Bar", "said, Baz"): the
# pattern's first branch finds exactly those, with nothing left to check. The other
# branches find every other context in which a mid-sentence capital can stand (a
# no-break space, a character glued to the word); those few are judged by the full
# tests. Contexts it leaves out are sentence starts for certain: a line start, a tab or
# several blanks, an opener (with or without a blank after it), or a letter (no word
# start). tests/test_tokens.py checks the equivalence on real and generated text.

_OPENERS_CLASS = re.escape("".join(sorted(OPENERS)))
# The pattern starts with the capital (a character set the engine skips to at C speed);
# the context is a look-behind from just after it ("." is the capital itself).
# Written as a plain range set first (A-Z or any non-ASCII character), then the exact
# class as a look-behind on that one character: the engine skips through text testing
# a range set (~40% faster here) where the class alone costs a Unicode look-up per character.
_CAPITAL = r"[A-Z\x80-\U0010ffff](?<=[^\W\d_a-z])"
_REST = r"(?:[\w-]*\w)?"
# One pass: the plain context (group ``plain``) or one of the few others. Only words
# that can pass ``t[1:].islower()`` are matched: the rest of the word is required (a lone
# capital, "I" or "A", fails that test) and may not open with an ASCII capital ("USA",
# "NOTE": a cased capital in ``t[1:]`` fails it too), so half a document's capitals never
# become match objects. Where the engine then moves on inside such a word, every place
# it could stop at follows a letter of the same run of word characters and hyphens:
# ``_word_start`` rejects it, as the wider match skipped it, and it ends where that
# match ended (tests/test_tokens.py compares with the plain definition).
_MID = re.compile(
    rf"{_CAPITAL}(?![A-Z])(?:(?<=[^ \t\u00a0\r\n{_OPENERS_CLASS}] .)(?P<plain>)"
    rf"|(?<=[^ \t\u00a0\r\n{_OPENERS_CLASS}]\u00a0.)|(?<=[\d_].)"
    rf"|(?<=[^\w \t\u00a0\n{_OPENERS_CLASS}].))[\w-]*\w"
)


def mid_sentence_capitals(text: str) -> list[tuple[str, int, int]]:
    """The capitalised words (capital then lowercase: "Equipment", not "USA") that do not
    start a sentence, line, quote or parenthesis, in order: exactly those of
    ``capitalized_words`` with ``t[1:].islower()`` and not ``sentence_initial``."""
    found: list[tuple[str, int, int]] = []
    for m in _MID.finditer(text):
        t = m.group()
        if not (t[0].isupper() and t[1:].islower()):
            continue
        start = m.start()
        if m.group("plain") is None and (sentence_initial(text, start) or not _word_start(text, start)):
            continue
        found.append((t, start, m.end()))
    return found


def token_ending_at(text: str, end: int) -> str | None:
    """The word that ends exactly at ``end``, if one does."""
    j = end - 1
    if j < 0 or text[j] == "-" or not _WORDCH.match(text[j]):
        return None
    k = end
    while k < len(text) and text[k] == "-":
        k += 1
    if k < len(text) and _WORDCH.match(text[k]):
        return None  # the word goes on past ``end``
    while j >= 0 and _WORDCH.match(text[j]):
        j -= 1
    run = text[j + 1 : end]
    m = _LETTER.search(run)
    return run[m.start() :] if m else None


def previous_word(text: str, start: int) -> tuple[str, int] | None:
    """The word before offset ``start`` (at any distance) and where it starts."""
    j = start - 1
    while j >= 0:
        while j >= 0 and not _WORDCH.match(text[j]):
            j -= 1
        run_end = j + 1
        while j >= 0 and _WORDCH.match(text[j]):
            j -= 1
        run = text[j + 1 : run_end]
        first = _LETTER.search(run)
        if first is not None:
            last = len(run)
            while not (run[last - 1].isalnum() or run[last - 1] == "_"):
                last -= 1
            return run[first.start() : last], j + 1 + first.start()
    return None


def token_occurrences(text: str, word: str, limit: int) -> list[int]:
    """Start offsets of words equal to ``word`` (at most ``limit`` of them)."""
    found: list[int] = []
    n = len(text)
    i = text.find(word)
    while i >= 0:
        j = i - 1
        while j >= 0 and _WORDCH.match(text[j]) and not _LETTER.match(text[j]):
            j -= 1
        starts = j < 0 or not _WORDCH.match(text[j])
        k = i + len(word)
        while k < n and text[k] == "-":
            k += 1
        ends = (k >= n or not _WORDCH.match(text[k])) and _WORDCH.match(text[i + len(word) - 1]) is not None
        if starts and ends:
            found.append(i)
            if len(found) >= limit:
                break
        i = text.find(word, i + 1)
    return found


def token_occurrences_of(text: str, words: list[str], limit: int) -> dict[str, list[int]]:
    """``token_occurrences`` for several words at once: one Aho-Corasick pass over the
    text (ahocorasick_rs, as the phrase tables and the literal prefilter use) where each
    word would cost a search of the whole text, each place then tested as
    ``token_occurrences`` tests it. tests/test_tokens.py compares the two."""
    import ahocorasick_rs

    out: dict[str, list[int]] = {w: [] for w in words}
    todo = sorted({w for w in words if w and _WORDCH.match(w[-1]) is not None})
    if not todo:
        return out
    n = len(text)
    # overlapping: every occurrence, ordered by end (so by start for each word)
    for index, i, k in ahocorasick_rs.AhoCorasick(todo).find_matches_as_indexes(text, overlapping=True):
        found = out[todo[index]]
        if len(found) >= limit:
            continue
        j = i - 1
        while j >= 0 and _WORDCH.match(text[j]) and not _LETTER.match(text[j]):
            j -= 1
        if j >= 0 and _WORDCH.match(text[j]):
            continue  # a word goes on before it
        while k < n and text[k] == "-":
            k += 1
        if k >= n or not _WORDCH.match(text[k]):
            found.append(i)
    return out


@lru_cache(maxsize=4096)
def whole_word(word: str) -> re.Pattern[str]:
    r"""``(?<![\w-])WORD(?![\w-])``: the word with no word character or hyphen next to it.

    Its look-behind moved behind the word (``prefilter.hoisted``): a pattern that starts
    with the word's letters lets ``re`` search for them at C speed, where a leading
    look-behind is tried at every position (~60x slower on a long text). The matches are
    the same (tests/test_tokens.py)."""
    from .prefilter import hoisted

    return hoisted(re.compile(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])"))


def whole_word_starts(text: str, word: str) -> Iterator[int]:
    """Where ``whole_word(word).finditer(text)`` matches start, found with ``str.find``:
    no pattern to compile per word (about a millisecond each, for the names a document
    is searched for once). A word character is what ``\\w`` matches (``str.isalnum`` or
    "_"). tests/test_tokens.py compares the two."""
    if not word:
        yield from (m.start() for m in whole_word(word).finditer(text))
        return
    n, size = len(word), len(text)
    i = text.find(word)
    while i >= 0:
        before = text[i - 1] if i else " "
        after = text[i + n] if i + n < size else " "
        if not (before.isalnum() or before in "_-" or after.isalnum() or after in "_-"):
            yield i
            i = text.find(word, i + n)
        else:
            i = text.find(word, i + 1)


def has_whole_word(text: str, word: str) -> bool:
    """``whole_word(word).search(text) is not None``, without compiling a pattern."""
    return next(whole_word_starts(text, word), None) is not None
