"""Checks of one segment against its source: what the target lost, added, changed or left in German.

Each check is a function ``(source, target, params) -> list[Hit]`` registered under the
name a rule's ``check:`` gives. A hit points at both sides: the target span (where a
reviewer looks) and the source span (what it should have said). The checks only
compare; they never edit, because deciding the right translation needs a translator.
Every threshold was set on WMT21 de→en human references (see README, "Source-aware
mode"): a check that fires on careful human translations is not worth its noise.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from . import numbers
from .german import german_word, is_english_word

# calibrated on WMT21 newstest de→en, source vs. human references A and B: over the 1,916 pairs
# with 40+ characters the character ratio target/source runs from 0.50 to 1.59 (1st percentile
# 0.67, 99th 1.33); the bounds sit outside that range, so a careful translation never trips them
RATIO_LOW = 0.45
RATIO_HIGH = 2.2
MIN_CHARS = 40  # below this a ratio says nothing (headlines, captions)


@dataclass
class Hit:
    """One problem: target span, source span (code points into the segment texts), detail."""

    start: int
    end: int
    src_start: int
    src_end: int
    detail: str


Check = Callable[[str, str, dict[str, Any]], list[Hit]]
CHECKS: dict[str, Check] = {}


def check(name: str) -> Callable[[Check], Check]:
    def register(fn: Check) -> Check:
        CHECKS[name] = fn
        return fn

    return register


def _whole(text: str) -> tuple[int, int]:
    stripped = text.strip()
    start = text.find(stripped[:1]) if stripped else 0
    return start, start + len(stripped)


# ------------------------------------------------------------------ numbers
@check("number-missing")
def number_missing(source: str, target: str, params: dict[str, Any]) -> list[Hit]:
    """A number of the source absent from the target; paired with a target number it became, if one."""
    res = numbers.compare(source, target)
    hits: list[Hit] = []
    added = list(res.added)
    gone = []
    for a in res.missing:
        if added:
            b = added.pop(0)
            hits.append(Hit(b.start, b.end, a.start, a.end,
                            f'"{a.text(source)}" in the source became "{b.text(target)}"'))
        else:
            gone.append(a)
    if gone:  # one finding for all the numbers a segment lost (a dropped date is one problem, not three)
        ts, te = _whole(target)
        listed = ", ".join(f'"{a.text(source)}"' for a in gone)
        hits.append(Hit(ts, te, gone[0].start, gone[-1].end, f"{listed} in the source {'is' if len(gone) == 1 else 'are'} missing"))
    return hits


@check("number-added")
def number_added(source: str, target: str, params: dict[str, Any]) -> list[Hit]:
    """A number in the target that the source does not have (and no source number went missing)."""
    res = numbers.compare(source, target)
    extra = res.added[len(res.missing):]
    ss, se = _whole(source)
    return [Hit(b.start, b.end, ss, se, f'"{b.text(target)}" is not in the source') for b in extra]


@check("unit-changed")
def unit_changed(source: str, target: str, params: dict[str, Any]) -> list[Hit]:
    res = numbers.compare(source, target)
    return [
        Hit(b.start, b.end, a.start, a.end, f"{a.unit[1]} in the source, {b.unit[1]} in the target")  # type: ignore[index]
        for a, b in res.units
    ]


# ------------------------------------------------------------------ things copied verbatim
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"'“”„]+[^\s<>\"'“”„.,;:!?)\]]", re.IGNORECASE)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b", re.IGNORECASE)
_HASHTAG = re.compile(r"(?<![\w&#/])[#@][^\W\d_][\w]{1,}")
_PLACEHOLDER = re.compile(
    r"\{\{[^{}]{1,40}\}\}|\{[\w.:]{0,30}\}|%(?:\([\w]+\))?[-+ #0]*\d*(?:\.\d+)?[sdifgxXeEcr%]|\$\{[\w.]+\}|"
    r"\[\[[\w.]+\]\]|</?[a-zA-Z][\w:-]*(?:\s[^<>]*)?/?>|&(?:[a-z]+|#\d+|#x[0-9a-f]+);|"
    "[\ue000-\ue0ff]",  # XLIFF/TMX inline codes, one private-use character each (formats/base.py)
)


def _shown(token: str) -> str:
    if len(token) == 1 and 0xE000 <= ord(token) <= 0xE0FF:
        return f"inline code {ord(token) - 0xE000 + 1}"
    return f'"{token}"'



def _tokens(pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    return list(pattern.finditer(text))


def _kept(source: str, target: str, pattern: re.Pattern[str], what: str, fold: bool = False) -> list[Hit]:
    """Each occurrence in the source must be in the target exactly (as many times)."""
    key: Callable[[str], str] = (lambda x: x.lower()) if fold else (lambda x: x)
    src = _tokens(pattern, source)
    if not src:
        return []
    have = Counter(key(m.group()) for m in _tokens(pattern, target))
    hits: list[Hit] = []
    for m in src:
        k = key(m.group())
        if have[k] > 0:
            have[k] -= 1
            continue
        ts, te = _whole(target)
        near = [t for t in _tokens(pattern, target) if SequenceMatcher(None, key(t.group()), k).ratio() >= 0.6]
        if near:
            ts, te = near[0].start(), near[0].end()
            hits.append(Hit(ts, te, m.start(), m.end(), f"{what} {_shown(m.group())} became {_shown(near[0].group())}"))
        else:
            hits.append(Hit(ts, te, m.start(), m.end(), f"{what} {_shown(m.group())} is missing"))
    return hits


@check("url-kept")
def url_kept(source: str, target: str, params: dict[str, Any]) -> list[Hit]:
    return (_kept(source, target, _URL, "the address")
            + _kept(source, target, _EMAIL, "the e-mail address", fold=True)
            + _kept(source, target, _HASHTAG, "the tag", fold=False))


@check("placeholder-kept")
def placeholder_kept(source: str, target: str, params: dict[str, Any]) -> list[Hit]:
    hits = _kept(source, target, _PLACEHOLDER, "the placeholder")
    # and none invented: a placeholder in the target that the source lacks breaks the software
    have = Counter(m.group() for m in _tokens(_PLACEHOLDER, source))
    ss, se = _whole(source)
    for m in _tokens(_PLACEHOLDER, target):
        if have[m.group()] > 0:
            have[m.group()] -= 1
        elif not any(h.start == m.start() for h in hits):
            hits.append(Hit(m.start(), m.end(), ss, se, f"the placeholder {_shown(m.group())} is not in the source"))
    return hits


# ------------------------------------------------------------------ brackets and quotes
_PAIRS = {"(": ")", "[": "]", "{": "}"}
_QUOTES = "\"„“”«»‚‘’›‹"


@check("brackets")
def brackets(source: str, target: str, params: dict[str, Any]) -> list[Hit]:
    """Brackets balanced in the source and unbalanced in the target: a bracket lost or invented."""
    hits: list[Hit] = []
    for o, c in _PAIRS.items():
        if source.count(o) != source.count(c):
            continue
        if target.count(o) != target.count(c):
            pos = target.rfind(o) if target.count(o) > target.count(c) else target.rfind(c)
            sp = source.rfind(o)
            hits.append(Hit(pos, pos + 1, max(sp, 0), max(sp, 0) + (1 if sp >= 0 else 0),
                            f'"{o}…{c}" do not pair up in the target ({target.count(o)} "{o}", {target.count(c)} "{c}")'))
    # quotes: an odd number of double quotes where the source's pair up
    def dq(t: str) -> int:
        return sum(t.count(q) for q in "\"„“”«»")

    if dq(source) >= 2 and dq(source) % 2 == 0 and dq(target) % 2 == 1:
        pos = max(target.rfind(q) for q in "\"„“”«»")
        sp = max(source.rfind(q) for q in "\"„“”«»")
        hits.append(Hit(pos, pos + 1, max(sp, 0), max(sp, 0) + (1 if sp >= 0 else 0),
                        "a quotation mark in the target has no partner"))
    return hits


# ------------------------------------------------------------------ untranslated
_WORDS = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def _norm(t: str) -> str:
    return re.sub(r"\s+", " ", t.strip()).casefold()


@check("target-equals-source")
def target_equals_source(source: str, target: str, params: dict[str, Any]) -> list[Hit]:
    """The target is the source itself, and the source has German words (not only names or numbers)."""
    if not target.strip() or _norm(source) != _norm(target):
        return []
    words = [w for w in _WORDS.findall(source)]
    german = [w for w in words if german_word(w)]
    # a lowercase German word (a verb, an article) is never a name; "Bayern München" alone is
    if len(words) < 2 or not any(w[0].islower() for w in german):
        return []
    ts, te = _whole(target)
    ss, se = _whole(source)
    return [Hit(ts, te, ss, se, f"the target is the German source ({', '.join(german[:3])})")]


def _quoted(text: str, at: int) -> bool:
    """Inside quotation marks: a quoted slogan or title left in German is usually left on purpose."""
    return sum(text.count(q, 0, at) for q in "\"“”„«»") % 2 == 1


@check("german-copied")
def german_copied(source: str, target: str, params: dict[str, Any]) -> list[Hit]:
    """German words of the source left in the target: a run of them, or one that cannot be a name."""
    if not target.strip() or _norm(source) == _norm(target):
        return []  # target-equals-source says it once
    min_run = int(params.get("min_run", 3))
    src_words = {w.casefold() for w in _WORDS.findall(source)}
    hits: list[Hit] = []
    run: list[re.Match[str]] = []
    matches = list(_WORDS.finditer(target))

    def flush() -> None:
        if not run:
            return
        lowercase = [m for m in run if m.group()[0].islower() and len(m.group()) >= 4]
        first_in_sentence = run[0].start() == 0 or re.search(r"[.!?:]\s*[\"“„']?\s*$", target[: run[0].start()])
        # a run of capitalised words is a name or a title ("Frankfurter Allgemeine Zeitung"), kept on purpose;
        # a word glued to a dot, slash or hyphen is part of an address or a compound ("bild.de")
        glued = re.match(r"[./@\-]\w", target[run[-1].end() : run[-1].end() + 2]) or (
            run[0].start() > 0 and target[run[0].start() - 1] in "./@-")
        lone = len(run) == 1 and lowercase and not first_in_sentence and not _quoted(target, run[0].start())
        if not glued and ((len(run) >= min_run and any(m.group()[0].islower() for m in run)) or lone):
            s, e = run[0].start(), run[-1].end()
            copied = target[s:e]
            sp = source.casefold().find(run[0].group().casefold())
            sp_end = sp + len(run[0].group()) if sp >= 0 else 0
            if len(run) > 1 and sp >= 0:
                last = source.casefold().find(run[-1].group().casefold(), sp)
                sp_end = last + len(run[-1].group()) if last >= 0 else sp_end
            hits.append(Hit(s, e, max(sp, 0), sp_end, f'"{copied}" is German, copied from the source'))
        run.clear()

    for i, m in enumerate(matches):
        w = m.group()
        gap = target[matches[i - 1].end() : m.start()] if i else ""
        if run and not re.fullmatch(r"[ ,\-]*", gap):
            flush()
        if w.casefold() in src_words and german_word(w) and not is_english_word(w):
            run.append(m)
        else:
            flush()
    flush()
    return hits


# ------------------------------------------------------------------ omissions and additions


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
    from wordfreq import zipf_frequency

    de, en = zipf_frequency(word, "de"), zipf_frequency(word, "en")
    return not (en == 0 and de >= 2.5) and de - en < 2.8


def _fold(w: str) -> str:
    """Case, accents and the j/y/i of transliteration ("Netanjahu" / "Netanyahu") do not make two names."""
    w = w.casefold().replace("ß", "ss").replace("j", "i").replace("y", "i")
    return "".join(c for c in unicodedata.normalize("NFD", w) if not unicodedata.combining(c))


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


# ------------------------------------------------------------------ repetition
@check("repetition")
def repetition(source: str, target: str, params: dict[str, Any]) -> list[Hit]:
    """A word or phrase repeated back to back (three times or more) that the source does not repeat."""
    min_times = int(params.get("min_times", 3))
    words = list(re.finditer(r"\S+", target))
    toks = [re.sub(r"\W+", "", m.group().casefold()) for m in words]
    hits: list[Hit] = []
    i = 0
    while i < len(toks):
        found = False
        for n in range(1, 7):
            if i + n * (2 if n >= 3 else min_times) > len(toks):
                break
            unit = toks[i : i + n]
            if not any(re.search(r"[^\W\d_]", u) for u in unit):
                continue  # scores and lists of numbers ("1 (1:1)") repeat digits on purpose
            k = 1
            while toks[i + k * n : i + (k + 1) * n] == unit:
                k += 1
            # a phrase of three words or more said twice back to back is already a loop
            if k >= (2 if n >= 3 else min_times):
                phrase = " ".join(unit)
                if _longest_loop(source, n) < k:
                    s, e = words[i].start(), words[i + k * n - 1].end()
                    ss, se = _whole(source)
                    hits.append(Hit(s, e, ss, se, f'"{phrase}" {k} times in a row'))
                i += k * n
                found = True
                break
        if not found:
            i += 1
    return hits


def _longest_loop(text: str, n: int) -> int:
    """How often the source itself repeats an n-word unit back to back ("Tor, Tor, Tor!")."""
    toks = [re.sub(r"\W+", "", w.casefold()) for w in text.split()]
    best = 1
    for i in range(len(toks)):
        unit = toks[i : i + n]
        if len(unit) < n or not any(unit):
            continue
        k = 1
        while toks[i + k * n : i + (k + 1) * n] == unit:
            k += 1
        best = max(best, k)
    return best


# ------------------------------------------------------------------ names
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
