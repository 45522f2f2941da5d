"""wordfreq's word frequencies in a few megabytes instead of hundreds.

wordfreq answers a look-up from a Python dict of its whole list (``get_frequency_dict``),
kept for the life of the process along with the list it was made from: English and
German alone take about 100 MB, the six languages mtclean asks about (English, German
and the four others German news quotes) 225 MB, more than every other part of a run
together and the same for a one-line file as for a corpus. Here each list is a MARISA
trie (``marisa-trie``: a word's id in a few bytes) and an array of its frequency
buckets (two bytes a word), built once from wordfreq's own file and kept in the cache
folder (see lexcache.py), from where later runs map it into memory, shared by the
worker processes. :func:`zipf_frequency` is wordfreq's ``zipf_frequency`` step for step
on that table (the same tokenizer, number handling and rounding), so every answer is
the same float (tests/test_wordfreqs.py compares them).
"""

from __future__ import annotations

import math
import threading
from array import array
from pathlib import Path
from typing import Any

from . import lexcache

_lock = threading.Lock()
_tables: dict[str, tuple[Any, array]] = {}  # lang -> (trie, bucket of each word id)


def _versions() -> str:
    parts = [lexcache.dist_version("wordfreq"), lexcache.dist_version("marisa-trie", "marisa_trie")]
    return "-".join(parts).replace("/", "_")


def _build(lang: str) -> tuple[Any, array]:
    """The trie and buckets of wordfreq's best list for ``lang``, read from its file
    (not through ``get_frequency_list``, whose cache would keep the whole list)."""
    import marisa_trie
    import wordfreq

    pack = wordfreq.read_cBpack(wordfreq.available_languages("best")[lang])
    trie = marisa_trie.Trie(w for bucket in pack for w in bucket)
    buckets = array("H", bytes(2 * len(trie)))
    for index, bucket in enumerate(pack):
        for w in bucket:  # a word in two buckets: the later one, as get_frequency_dict's dict keeps
            buckets[trie.key_id(w)] = index
    return trie, buckets


def _mapped(path: Path) -> Any:
    """The trie in ``path``, mapped (not read), or None when it is missing or damaged."""
    import marisa_trie

    try:
        trie = marisa_trie.Trie()
        trie.mmap(str(path))
        return trie
    except Exception:  # noqa: BLE001 - a missing or damaged cache file is rebuilt
        return None


def _cached(lang: str) -> tuple[Any, array]:
    """The table from the cache folder, built and written there first if it is not."""
    where = lexcache.folder()
    if where is None:  # MTCLEAN_CACHE_DIR=off
        return _build(lang)
    stem = where / f"wordfreq-{lang}-{_versions()}"
    trie_path, bucket_path = Path(f"{stem}.marisa"), Path(f"{stem}.buckets")
    trie = _mapped(trie_path)
    if trie is not None:
        buckets = array("H")
        try:
            buckets.frombytes(bucket_path.read_bytes())
        except OSError:
            pass
        if len(buckets) == len(trie) > 0:
            return trie, buckets
    trie, buckets = _build(lang)
    if lexcache.store(trie_path, trie.save):
        lexcache.store(bucket_path, buckets.tobytes())
    return trie, buckets


def small_words(lang: str) -> Any:
    """wordfreq's small list for ``lang`` (words used at least once per million) as a
    MARISA trie, mapped from the cache folder (built there first if it is not)."""
    import marisa_trie

    where = lexcache.folder()
    path = where / f"wordfreq-{lang}-small-{_versions()}.marisa" if where is not None else None
    trie = _mapped(path) if path is not None else None
    if trie is None:
        from wordfreq import get_frequency_dict

        trie = marisa_trie.Trie(get_frequency_dict(lang, wordlist="small"))
        if path is not None:
            lexcache.store(path, trie.save)
    return trie


def table(lang: str) -> tuple[Any, array]:
    found = _tables.get(lang)
    if found is None:
        with _lock:
            found = _tables.get(lang)
            if found is None:
                found = _tables[lang] = _cached(lang)
    return found


def word_frequency(word: str, lang: str, minimum: float = 0.0) -> float:
    """wordfreq's ``word_frequency(word, lang, minimum=minimum)`` (its best list)."""
    from wordfreq import INFERRED_SPACE_FACTOR, cB_to_freq
    from wordfreq.language_info import get_language_info
    from wordfreq.numbers import digit_freq, smash_numbers
    from wordfreq.tokens import lossy_tokenize

    tokens = lossy_tokenize(word, lang)
    if not tokens:
        return minimum
    trie, buckets = table(lang)
    one_over_result = 0.0
    for token in tokens:
        smashed = smash_numbers(token)
        at = trie.get(smashed)
        if at is None:
            return minimum
        freq = cB_to_freq(-buckets[at])
        if smashed != token:
            freq *= digit_freq(token)
        one_over_result += 1.0 / freq
    freq = 1.0 / one_over_result
    if get_language_info(lang)["tokenizer"] == "jieba":
        freq *= INFERRED_SPACE_FACTOR ** -(len(tokens) - 1)
    unrounded = max(freq, minimum)
    if unrounded == 0.0:
        return 0.0
    leading_zeroes = math.floor(-math.log(unrounded, 10))  # noqa: FURB163 - as wordfreq computes it (log10 may differ)
    return round(unrounded, leading_zeroes + 3)


def zipf_frequency(word: str, lang: str) -> float:
    """wordfreq's ``zipf_frequency(word, lang)``: the same value, from the compact table."""
    from wordfreq import freq_to_zipf, zipf_to_freq

    return round(freq_to_zipf(word_frequency(word, lang, zipf_to_freq(0.0))), 2)
