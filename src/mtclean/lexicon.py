"""Word classes: lists kept as data under ``rules/lexicon/`` plus classes read off
well-kept lexical data that ships in wheels (lemminflect's inflection tables,
wordfreq's frequency lists), so no rule has to type a word list for one text.

A class test takes one word and answers yes or no; answers are cached because
the same few thousand words recur in any corpus.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from .errors import RuleError
from .lexcache import lookup

MODALS = frozenset("can could may might must shall should will would".split())
FINITE_BE_HAVE_DO = frozenset("am is are was were has have had does do did".split())


@lru_cache(maxsize=200_000)
def _lemmas(word: str) -> dict[str, tuple[str, ...]]:
    return lookup("lemmas", word, _lemminflect_lemmas)


@lru_cache(maxsize=200_000)
def _inflections(lemma: str) -> dict[str, tuple[str, ...]]:
    return lookup("inflections", lemma, _lemminflect_inflections)


def _lemminflect_lemmas(word: str) -> dict[str, tuple[str, ...]]:
    from lemminflect import getAllLemmas

    return {k: tuple(v) for k, v in getAllLemmas(word).items()}


def _lemminflect_inflections(lemma: str) -> dict[str, tuple[str, ...]]:
    from lemminflect import getAllInflections

    return {k: tuple(v) for k, v in getAllInflections(lemma).items()}


def _has_form(word: str, upos: tuple[str, ...], tags: tuple[str, ...]) -> bool:
    lemmas = _lemmas(word)
    for pos in upos:
        for lemma in lemmas.get(pos, ()):
            forms = _inflections(lemma)
            if any(word in forms.get(tag, ()) for tag in tags):
                return True
    return False


@lru_cache(maxsize=200_000)
def is_finite_verb(word: str) -> bool:
    """Third person present or past: the forms that can only head a clause."""
    w = word.lower()
    if w in MODALS or w in FINITE_BE_HAVE_DO:
        return True
    return _has_form(w, ("VERB", "AUX"), ("VBZ", "VBD"))


@lru_cache(maxsize=200_000)
def is_past_participle(word: str) -> bool:
    """lemminflect lists VBN only where it differs from VBD (taken/took), so a
    regular past form (produced) is a participle too when its verb has no VBN."""
    w = word.lower()
    if _has_form(w, ("VERB",), ("VBN",)):
        return True
    for lemma in _lemmas(w).get("VERB", ()):
        forms = _inflections(lemma)
        if "VBN" not in forms and w in forms.get("VBD", ()):
            return True
    return False


@lru_cache(maxsize=200_000)
def pos_readings(word: str) -> frozenset[str]:
    """Universal POS tags under which lemminflect's dictionary knows the word."""
    return frozenset(_lemmas(word.lower()))


@lru_cache(maxsize=200_000)
def zipf(word: str) -> float:
    return float(lookup("zipf", word.lower(), _wordfreq_zipf))


def _wordfreq_zipf(word: str) -> float:
    from .wordfreqs import zipf_frequency  # wordfreq's figure from a compact table (its own: 225 MB)

    return zipf_frequency(word, "en")


BUILTIN: dict[str, Callable[[str], bool]] = {
    "finite-verb": is_finite_verb,
    "past-participle": is_past_participle,
    "noun": lambda w: "NOUN" in pos_readings(w),
    "verb": lambda w: "VERB" in pos_readings(w) or "AUX" in pos_readings(w),
    "adjective": lambda w: "ADJ" in pos_readings(w),
    "dictionary-word": lambda w: bool(pos_readings(w)),
    "common-word": lambda w: zipf(w) >= 3.0,
    # wordfreq has seen it at all: glued debris ("DPolice") is unseen, names and brands
    # written with two capitals ("CPython") are not
    "known-word": lambda w: zipf(w) > 0.0,
    "lowercase": lambda w: w[:1].islower(),
    "capitalized": lambda w: w[:1].isupper(),
}


class Lexicon:
    """Named word lists from ``*.txt`` files (one entry per line, ``#`` comments)."""

    def __init__(self) -> None:
        self.lists: dict[str, frozenset[str]] = {}
        self.sources: dict[str, str] = {}

    def load_dir(self, folder: Path, extend: bool = False) -> None:
        """Read the word lists in ``folder``. With ``extend`` (a user's rule folder), a list
        of a name already loaded adds its words to it, unless its first line is
        ``# mtclean: replace``: a user's ``countries_no_article.txt`` with three names
        must not silently take every other name away from the built-in rules."""
        from .untrusted import read_untrusted

        for path in sorted(folder.glob("*.txt")):
            raw_bytes = read_untrusted(path, RuleError)
            try:
                lines = raw_bytes.decode("utf-8").splitlines()
            except UnicodeDecodeError as exc:
                raise RuleError(f"not UTF-8 ({exc.reason} at byte {exc.start})", str(path)) from None
            entries = []
            for raw in lines:
                entry = raw.split("#", 1)[0].strip()
                if entry:
                    entries.append(entry)
            replace = bool(lines) and lines[0].replace(" ", "").lower() == "#mtclean:replace"
            if extend and not replace and path.stem in self.lists:
                self.lists[path.stem] = self.lists[path.stem] | frozenset(entries)
                self.sources[path.stem] += f" + {path}"
            else:
                self.lists[path.stem] = frozenset(entries)
                self.sources[path.stem] = str(path)

    def names(self) -> list[str]:
        return sorted(set(self.lists) | set(BUILTIN))

    def has(self, name: str) -> bool:
        return name.lstrip("!") in self.lists or name.lstrip("!") in BUILTIN

    def test(self, name: str, word: str) -> bool:
        """Is ``word`` in class ``name``? A leading ``!`` negates."""
        if name.startswith("!"):
            return not self.test(name[1:], word)
        if name in self.lists:
            entries = self.lists[name]
            return word in entries or word.lower() in entries
        return BUILTIN[name](word)

    def alternation(self, name: str, where: str = "") -> str:
        """A regex alternation of a list, longest entries first, for ``{lex:NAME}`` in patterns."""
        if name not in self.lists:
            raise RuleError(f"unknown lexicon {name!r} (have: {', '.join(sorted(self.lists))})", where)
        entries = sorted(self.lists[name], key=lambda s: (-len(s), s))
        return "(?:" + "|".join(re.escape(e).replace(r"\ ", r"\s+") for e in entries) + ")"
