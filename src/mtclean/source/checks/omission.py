"""Source content with no counterpart in the target (and target content with none in the source)."""

from __future__ import annotations

import re
from typing import Any

from .. import numbers
from ..german import is_english_word
from .base import Hit, _fold, _whole, check

# calibrated on WMT21 newstest de→en, source vs. human references A and B: over the 1,916 pairs
# with 40+ characters the character ratio target/source runs from 0.50 to 1.59 (1st percentile
# 0.67, 99th 1.33); the bounds sit outside that range, so a careful translation never trips them
RATIO_LOW = 0.45
RATIO_HIGH = 2.2
MIN_CHARS = 40  # below this a ratio says nothing (headlines, captions)

_ABBREV = {"bzw", "ca", "dr", "nr", "st", "vgl", "usw", "etc", "mr", "mrs", "ms", "prof", "jr", "sr", "no",
           "vs", "co", "inc", "ltd", "str", "abs", "tel", "z", "b", "u", "a", "d", "h", "s", "e", "i", "mio", "mrd"}
_END = re.compile(r"(\S*?)([.!?]+)[\"”“'’)]*\s+(?=[\"„“'‚]?[A-ZÄÖÜ])")


def _sentences(text: str) -> int:
    """Sentence ends: . ! ? then a capital; abbreviations and ordinals ("3. Mai", "Dr. Kohl") are not."""
    n = 1
    for m in _END.finditer(text.strip()):
        word = re.sub(r"\W", "", m.group(1)).casefold()
        if m.group(2) == "." and (word in _ABBREV or word.isdigit() or not word):
            continue
        n += 1
    return n


@check("length-ratio")
def length_ratio(source: str, target: str, params: dict[str, Any]) -> list[Hit]:
    """Target much shorter (omission) or longer (addition) than a translation of this source would be."""
    low = float(params.get("low", RATIO_LOW))
    high = float(params.get("high", RATIO_HIGH))
    side = params.get("side", "both")
    s, t = len(source.strip()), len(target.strip())
    if max(s, t) < int(params.get("min_chars", MIN_CHARS)) or not t:
        return []
    ratio = t / s if s else float("inf")
    ts, te = _whole(target)
    ss, se = _whole(source)
    if ratio < low and side in ("both", "short"):
        return [Hit(ts, te, ss, se, f"the target is {ratio:.2f} times the source's length (below {low})")]
    if ratio > high and side in ("both", "long"):
        return [Hit(ts, te, ss, se, f"the target is {ratio:.2f} times the source's length (above {high})")]
    return []


@check("sentence-count")
def sentence_count(source: str, target: str, params: dict[str, Any]) -> list[Hit]:
    """The source has more sentences than the target has, and the target is short for the source."""
    ns, nt = _sentences(source), _sentences(target)
    if ns >= nt + int(params.get("min_missing", 2)) or (ns >= 2 and nt < ns and len(target) < 0.6 * len(source)):
        ts, te = _whole(target)
        ss, se = _whole(source)
        return [Hit(ts, te, ss, se, f"{ns} sentences in the source, {nt} in the target")]
    return []


_CLAUSE_SPLIT = re.compile(r"(?:,|;|:|\s[-–]\s|\(|\))\s*")


def _anchors(text: str, names: set[str]) -> list[re.Match[str]]:
    """Words a translation keeps unchanged: numbers, codes, and names the file's targets keep elsewhere."""
    out = []
    for m in re.finditer(r"\b\d[\d.,:]*\b|\b[A-ZÄÖÜ][\wäöüß]{2,}(?:-[A-ZÄÖÜ][\wäöüß]+)?", text):
        w = m.group()
        if w[0].isdigit() or (w in names and not is_english_word(w)):
            out.append(m)
    return out


def kept_names(pairs: list[tuple[str, str]]) -> set[str]:
    """Capitalised words that stand unchanged in both a source and a target of this file: its names.

    German capitalises every noun, so a capital alone does not make a name; a word the
    translations keep letter for letter does.
    """
    src: set[str] = set()
    tgt: set[str] = set()
    word = re.compile(r"\b[A-ZÄÖÜ][\wäöüß]{2,}\b")
    for s, t in pairs:
        src.update(word.findall(s))
        tgt.update(word.findall(t))
    return {w for w in src & tgt if name_like(w)}


def name_like(word: str) -> bool:
    """Not a German word an MT system left in place ("Sonntag", "Flugsicherung"): a name is known in English
    text too, or is rare in both languages (a village)."""
    from ...wordfreqs import zipf_frequency

    de, en = zipf_frequency(word, "de"), zipf_frequency(word, "en")
    return not (en == 0 and de >= 2.5) and de - en < 2.8



@check("clause-missing")
def clause_missing(source: str, target: str, params: dict[str, Any]) -> list[Hit]:
    """A clause of the source whose names and numbers (two or more) are all absent from the target."""
    need = int(params.get("min_anchors", 2))
    names = params.get("names")
    if names is None:
        names = kept_names([(source, target)])
    folded = _fold(target)
    tnums = numbers.atoms(target, german=False)
    tvals = set().union(*[a.values for a in tnums]) if tnums else set()
    hits: list[Hit] = []
    pos = 0
    for piece in _CLAUSE_SPLIT.split(source):
        start = source.find(piece, pos)
        pos = start + len(piece)
        if len(piece.split()) < 4:
            continue
        anchors = _anchors(piece, names)
        if len(anchors) < need:
            continue

        def present(m: re.Match[str]) -> bool:
            w = m.group()
            if w[0].isdigit():
                vals = set().union(*[a.values for a in numbers.atoms(w, german=True)] or [set()])
                return bool(vals & tvals) or w in target
            f = _fold(w)
            return f in folded or f[: max(4, len(f) - 3)] in folded

        if not any(present(m) for m in anchors):
            ts, te = _whole(target)
            hits.append(Hit(ts, te, start, start + len(piece),
                            f"nothing of \"{piece.strip()[:60]}\" ({', '.join(m.group() for m in anchors[:3])}) is in the target"))
    return hits
