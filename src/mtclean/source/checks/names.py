"""Names of the source missing or altered in the target."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Any

from ..german import german_word, is_english_word
from .base import Hit, _fold, _whole, check

# names a translation keeps letter for letter: codes with digits (A8, G7, B-27). Brand names with inner
# capitals are inflected in German ("des CongressCentrums").
# Plain acronyms are left out: German ones are translated or spelled out (WM, NRW, EKG -> ECG).
_ACRONYM = re.compile(r"\b[A-Z]{1,4}-?\d{1,4}[A-Za-z]?\b")
_CAPWORD = re.compile(r"\b[A-ZÄÖÜ][a-zäöüß]{3,}\b")


@check("name-kept")
def name_kept(source: str, target: str, params: dict[str, Any]) -> list[Hit]:
    """Codes of the source (A8, G7, B-27: roads, models, summits) must be in the target as written."""
    renamed = {k.upper(): [v.upper() for v in vs] for k, vs in (params.get("translated") or {}).items()}
    upper = target.upper()
    hits: list[Hit] = []
    for m in _ACRONYM.finditer(source):
        name = m.group()
        if name.upper() in renamed:
            if any(re.search(rf"\b{re.escape(v)}\b", upper) for v in renamed[name.upper()]):
                continue
            if not renamed[name.upper()]:
                continue  # translated into words: cannot be checked this way
        if re.search(rf"(?<![\w]){re.escape(name.upper())}(?![\w])", upper):
            continue
        # also kept when its letters stand spelled out with dots or hyphens ("A 8")
        if re.search(r"\b" + r"[\s.\-]?".join(map(re.escape, name.upper())) + r"\b", upper):
            continue
        ts, te = _whole(target)
        hits.append(Hit(ts, te, m.start(), m.end(), f'"{name}" is not in the target'))
    return hits


@check("name-altered")
def name_altered(source: str, target: str, params: dict[str, Any]) -> list[Hit]:
    """A name of the source spelled differently in the target ("Nellingen" -> "Nelligen")."""
    folded_target = _fold(target)
    tnames = [m for m in _CAPWORD.finditer(target) if not is_english_word(m.group())]
    hits: list[Hit] = []
    for m in _CAPWORD.finditer(source):
        name = m.group()
        f = _fold(name)
        if f in folded_target or german_word(name) or is_english_word(name):
            continue
        for t in tnames:
            tf = _fold(t.group())
            if tf == f or tf in _fold(source) or tf[0] != f[0]:
                continue
            r = SequenceMatcher(None, f, tf).ratio()
            if r >= 0.84 and abs(len(f) - len(tf)) <= 2 and not _inflected(f, tf):
                hits.append(Hit(t.start(), t.end(), m.start(), m.end(), f'"{name}" in the source is "{t.group()}" here'))
                break
    return hits


def _inflected(a: str, b: str) -> bool:
    """German case endings and English possessives are not misspellings ("Merkels" / "Merkel")."""
    for x, y in ((a, b), (b, a)):
        if x.startswith(y) and x[len(y):] in ("s", "es", "n", "en", "e", "er", "ern"):
            return True
    return a.rstrip("s") == b.rstrip("s")
