"""Is a word German, English, or both? Decided from wordfreq's frequency lists.

A word is German when it is much more frequent in German than in English; words both
languages use ("in", "so", "Hand") count as English, because a target may keep them.
"""

from __future__ import annotations

from functools import lru_cache


def zipf_frequency(word: str, lang: str) -> float:
    from ..wordfreqs import zipf_frequency as frequency  # wordfreq's figures from a compact table, loaded on first use

    return float(frequency(word, lang))


@lru_cache(maxsize=65536)
def german_word(word: str) -> bool:
    w = word.casefold()
    if len(w) < 2:
        return False
    de = zipf_frequency(w, "de")
    en = zipf_frequency(w, "en")
    return de >= 2.5 and de - en >= 1.5


@lru_cache(maxsize=65536)
def is_english_word(word: str) -> bool:
    return zipf_frequency(word.casefold(), "en") >= 3.0
