"""``--lines``: the segments the capitalization checks can find anything in, from a few
passes over the whole file (CapitalizationStage.candidates), so that the stage runs on
those segments alone.

Each check speaks only where a segment holds what it starts from, and each such thing
is found in the segments joined by line breaks exactly where it is in a segment (the
tests below look at most at the characters next to a word, and a line break passes or
fails them as a segment's edge does) or in more places (which only adds a candidate):

* common-noun (after a possessive): a possessive word, one blank, then a capital;
* function-word: a capitalised function word after one blank;
* name-lowercase: a name's lowercase form (a word the file also writes capitalised
  twice, with no dictionary reading), as the check finds it: as a substring;
* common-noun-any: three different nouns, each capitalised right after a lowercase word;
* formal-you: " You";
* name-pair: a lowercase word without a dictionary reading, then a capitalised one,
  after a sentence end or at the segment's start;
* sentence-start (also run when the segment has no capital in mid-sentence): a word
  with a dictionary reading (or frequent) after a full stop, lowercase.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from functools import lru_cache

import ahocorasick_rs

from ..lexicon import Lexicon, pos_readings, zipf
from ..pipeline import segment_starts, segments_hit
from ..rules import Rule
from ..tokens import token_ending_at
from .capitals_more import AFTER_LOWER, LOWER_NAME_START, LOWER_START, MIN_NOUNS, SENTENCE_END_BEFORE, YOU

CHECKS = frozenset(
    {"common-noun", "function-word", "name-lowercase", "common-noun-any", "formal-you", "name-pair", "sentence-start"}
)
# A capitalised word as tokens.mid_sentence_capitals reads one (a letter other than a-z,
# then the rest of the word), wherever it stands.
CAPITAL = r"[A-Z\x80-\U0010ffff](?<=[^\W\d_a-z])"
CAPITAL_WORD = re.compile(CAPITAL + r"(?:[\w-]*\w)?")
LETTER = re.compile(r"[^\W\d_]")
WORD_CHAR = re.compile(r"\w")
KELVIN = "\u212a"  # the one capital besides "K" that lowercases to "k"


def candidates(by_check: dict[str | None, Rule], texts: list[str], lex: Lexicon) -> set[int] | None:
    """The segments (indices into ``texts``) the stage's checks can find anything in; None
    when a check is not one of those known here."""
    if not set(by_check) <= CHECKS:
        return None
    function_words = lex.lists.get("function_words", frozenset())
    if any(not w.isascii() for w in function_words):
        return None  # (the function-word pattern below spells capitals for ASCII words)
    joined = "\n".join(texts)
    at: list[int] = []  # offsets in ``joined`` of what a check starts from
    if "common-noun" in by_check:
        possessives = lex.lists.get("possessives", frozenset())
        if possessives:
            at += (
                m.end()
                for m in _possessive_capital(possessives).finditer(joined)
                if token_ending_at(joined, m.end() - 1) in possessives
            )
    if "function-word" in by_check:
        at += (m.start() for m in _capital_function_word(function_words).finditer(joined))
    if "formal-you" in by_check:
        i = joined.find(" You")
        while i >= 0:
            at.append(i + 1)
            i = joined.find(" You", i + 1)
    if "name-pair" in by_check:
        # (a line break leads a segment that starts with the pair, as the text's start does)
        at += (
            m.start("first") - 1 for m in LOWER_NAME_START.finditer("\n" + joined) if not pos_readings(m.group("first"))
        )
    if "sentence-start" in by_check:
        at += (
            m.start()
            for m in LOWER_START.finditer(joined)
            if m.start() > 0
            and SENTENCE_END_BEFORE.match(joined, m.start() - 1)
            and (pos_readings(m.group(1)) or zipf(m.group(1)) >= 3.0)
        )
    if "name-lowercase" in by_check:
        at += _lowercase_names(joined, function_words)
    starts = segment_starts(texts)
    out = segments_hit(starts, at)
    if "common-noun-any" in by_check:
        out |= _capitalised_nouns(joined, starts, lex, function_words)
    return out


@lru_cache(maxsize=8)
def _possessive_capital(possessives: frozenset[str]) -> re.Pattern[str]:
    words = "|".join(map(re.escape, sorted(possessives, key=len, reverse=True)))
    return re.compile(f"(?:{words}) (?={CAPITAL})")


@lru_cache(maxsize=8)
def _capital_function_word(function_words: frozenset[str]) -> re.Pattern[str]:
    """A function word capitalised (its first letter; the rest as listed) after one blank
    and ending the word. One branch per first letter, each starting with that capital, so
    the regex engine skips to those letters."""
    rests: dict[str, list[str]] = {}
    for w in function_words:
        if w and w != "i":
            rests.setdefault(w[0], []).append(w[1:])
    branches = []
    for first, ends in sorted(rests.items()):
        body = "|".join(map(re.escape, sorted(ends, key=len, reverse=True)))
        for capital in (first.upper(), KELVIN) if first == "k" else (first.upper(),):
            branches.append(f"{re.escape(capital)}(?<= {re.escape(capital)})(?:{body})")
    return re.compile("(?:" + "|".join(branches) + r")(?!\w)")


def _lowercase_names(joined: str, function_words: frozenset[str]) -> list[int]:
    """Where a name's lowercase form occurs: the lowercase of each capitalised word (and of
    a capitalised part after a digit or "_", where a word in mid-sentence may also start)
    that the file writes at least twice and that is not a dictionary, function or very
    common word (what CapitalizationStage._names asks of its names)."""
    counts: Counter[str] = Counter()
    for t, n in Counter(CAPITAL_WORD.findall(joined)).items():
        parts = [t]
        if not t.isalpha():
            parts += [t[i:] for i in range(1, len(t)) if t[i - 1] == "_" or t[i - 1].isdigit()]
        for u in parts:
            if u[:1].isupper() and u[1:].islower():
                counts[u.lower()] += n
    keys = [
        k
        for k, n in counts.items()
        if n >= 2
        and len(k) >= 3
        and k.islower()
        and (k.isalpha() or not any(c.isdigit() or c == "_" for c in k))
        and k not in function_words
        and zipf(k) < 5.0
        and not pos_readings(k)
    ]
    if not keys:
        return []
    # As tokens.token_occurrences finds a word: no letter before it, no word character after it.
    n = len(joined)
    return [
        start
        for _, start, end in ahocorasick_rs.AhoCorasick(keys).find_matches_as_indexes(joined, overlapping=True)
        if (start == 0 or LETTER.match(joined, start - 1) is None)
        and (end == n or WORD_CHAR.match(joined, end) is None)
    ]


def _capitalised_nouns(joined: str, starts: list[int], lex: Lexicon, function_words: frozenset[str]) -> set[int]:
    """The segments with MIN_NOUNS different nouns capitalised right after a lowercase word
    (the words common_nouns counts before anything else)."""
    keep = lex.lists.get("capitalized_nouns", frozenset())
    titles = lex.lists.get("titles", frozenset())
    verdicts: dict[str, bool] = {}
    per_segment: dict[int, set[str]] = {}
    for m in AFTER_LOWER.finditer(joined):
        t = m.group()
        noun = verdicts.get(t)
        if noun is None:
            listed = t.lower() in function_words or t in keep or t in titles or t in YOU
            noun = verdicts[t] = not listed and "NOUN" in pos_readings(t) and zipf(t) >= 3.0
        if noun:
            per_segment.setdefault(bisect_right(starts, m.start()) - 1, set()).add(t)
    return {k for k, nouns in per_segment.items() if len(nouns) >= MIN_NOUNS}
