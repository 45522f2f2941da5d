"""Numbers, dates, times and amounts on both sides, reduced to comparable values.

German and English write the same quantity differently ("3,5 Mio." / "3.5 million",
"14.7.1789" / "July 14, 1789", "20 Uhr" / "8 p.m."). Each number is read into an
``Atom``: its span and the set of canonical values it may stand for ("n:3.5",
"n:3500000", "t:20:00", "m:7"). Two atoms correspond when their value sets meet;
ambiguity is resolved by offering every reading, never by guessing one, so a correct
translation is never flagged for a format the parser could not decide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache

SCALES_DE = {
    "tsd": 10**3, "tausend": 10**3,
    "mio": 10**6, "million": 10**6, "millionen": 10**6,
    "mrd": 10**9, "milliarde": 10**9, "milliarden": 10**9,
    "bio": 10**12, "billion": 10**12, "billionen": 10**12,
}
SCALES_EN = {
    "thousand": 10**3, "k": 10**3, "m": 10**6, "mn": 10**6, "million": 10**6, "millions": 10**6,
    "bn": 10**9, "billion": 10**9, "billions": 10**9, "trillion": 10**12, "tn": 10**12,
}
MONTHS_DE = {
    "januar": 1, "jänner": 1, "jan": 1, "februar": 2, "feb": 2, "märz": 3, "april": 4, "apr": 4, "mai": 5,
    "juni": 6, "juli": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "oktober": 10, "okt": 10,
    "november": 11, "nov": 11, "dezember": 12, "dez": 12,
}
MONTHS_EN = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "april": 4, "apr": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10,
    "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WORDS_DE = {
    "null": 0, "eins": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8,
    "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12, "dreizehn": 13, "vierzehn": 14, "fünfzehn": 15,
    "sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19, "zwanzig": 20, "dreißig": 30,
    "vierzig": 40, "fünfzig": 50, "sechzig": 60, "siebzig": 70, "achtzig": 80, "neunzig": 90, "hundert": 100,
    "tausend": 1000, "zweiten": 2, "zweite": 2, "dritte": 3, "dritten": 3, "vierte": 4, "vierten": 4,
    "fünfte": 5, "fünften": 5, "erste": 1, "ersten": 1, "erster": 1, "zweiter": 2, "dritter": 3,
    "halb": 0.5, "hälfte": 0.5, "dutzend": 12, "doppelt": 2, "beiden": 2, "beide": 2, "paar": 2,
}
WORDS_EN = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "half": 0.5, "dozen": 12, "twice": 2,
    "double": 2, "both": 2, "once": 1, "single": 1, "a": 1, "an": 1, "pair": 2, "couple": 2, "twenties": 20,
    "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60, "seventies": 70, "eighties": 80, "nineties": 90,
    "hundreds": 100, "thousands": 1000, "millions": 10**6,
    # "100-jähriges Bestehen" is a centenary
    "centennial": 100, "centenary": 100, "bicentennial": 200, "bicentenary": 200, "tercentenary": 300,
}
# Units by dimension: a number keeping its value while its unit moves to another unit of the same
# dimension (250 km/h -> 250 mph) is a changed quantity, not a conversion.
UNITS: dict[str, dict[str, str]] = {
    "speed": {"km/h": "km/h", "kmh": "km/h", "stundenkilometer": "km/h", "kilometers per hour": "km/h",
              "kilometres per hour": "km/h", "mph": "mph", "miles per hour": "mph", "knoten": "kn", "knots": "kn"},
    "length": {"km": "km", "kilometer": "km", "kilometern": "km", "kilometers": "km", "kilometres": "km",
               "kilometre": "km", "meilen": "mi", "miles": "mi", "mile": "mi", "mi": "mi",
               "m": "m", "meter": "m", "metern": "m", "meters": "m", "metres": "m", "metre": "m",
               "feet": "ft", "ft": "ft", "fuß": "ft", "foot": "ft", "yards": "yd", "yard": "yd",
               "cm": "cm", "zentimeter": "cm", "centimeters": "cm", "centimetres": "cm",
               "zoll": "in", "inches": "in", "inch": "in"},
    "mass": {"kg": "kg", "kilogramm": "kg", "kilo": "kg", "kilograms": "kg", "kilogrammes": "kg", "kilos": "kg",
             "pfund": "lb", "pounds": "lb", "lbs": "lb", "lb": "lb", "tonnen": "t", "tonnes": "t", "tons": "t",
             "t": "t", "gramm": "g", "grams": "g", "g": "g", "ounces": "oz", "oz": "oz"},
    "temperature": {"°c": "C", "grad celsius": "C", "celsius": "C", "degrees celsius": "C", "°f": "F",
                    "fahrenheit": "F", "degrees fahrenheit": "F"},
    "currency": {"€": "EUR", "euro": "EUR", "eur": "EUR", "euros": "EUR", "$": "USD", "dollar": "USD",
                 "dollars": "USD", "usd": "USD", "us-dollar": "USD", "£": "GBP", "pfund sterling": "GBP",
                 "pounds sterling": "GBP", "gbp": "GBP", "chf": "CHF", "franken": "CHF", "francs": "CHF"},
    "area": {"km²": "km2", "quadratkilometer": "km2", "square kilometers": "km2", "square kilometres": "km2",
             "square miles": "mi2", "hektar": "ha", "hectares": "ha", "ha": "ha", "acres": "ac"},
    "volume": {"liter": "l", "litern": "l", "liters": "l", "litres": "l", "l": "l", "gallonen": "gal",
               "gallons": "gal"},
}
_UNIT_INDEX = {name: (dim, canon) for dim, table in UNITS.items() for name, canon in table.items()}
_UNIT_WORDS = sorted(_UNIT_INDEX, key=len, reverse=True)
_UNIT_AFTER = re.compile(
    r"\s?(" + "|".join(re.escape(u) for u in _UNIT_WORDS) + r")(?![\w/])", re.IGNORECASE
)
_UNIT_BEFORE = re.compile(r"(€|\$|£|EUR|USD|CHF|GBP)\s?$")

_DE_DATE = re.compile(r"(?<![\d.,])(\d{1,2})\.\s?(\d{1,2})\.(?:\s?(\d{4}|\d{2})(?![\d.,]))?")
_DE_TIME = re.compile(r"(?<![\d.,])(\d{1,2})(?:[.:](\d{2}))?(?:\s?(?:bis|-|–)\s?(\d{1,2})(?:[.:](\d{2}))?)?\s?Uhr\b")
_CLOCK = re.compile(r"(?<![\d.,:])([01]?\d|2[0-3]): ?([0-5]\d)(?![\d:])")
_EN_TIME = re.compile(
    r"(?<![\d.,:])(?<![\d][.:] )(\d{1,2})(?:[.:]\s?([0-5]\d))?\s?(a\.?\s?m\b\.?|p\.?\s?m\b\.?|o'clock|o’clock|h\b|hrs\b)", re.IGNORECASE
)
_NUM = re.compile(r"(?<![\d])(\d{1,3}(?:(?:[\u202f\u00a0 ]|, )\d{3})+(?![\d.,])|\d+(?:[.,]\d+)*)")
_FRACTION = re.compile(r"(?<![\d/])(?:(\d+)\s?)?(½|¼|¾|⅓|⅔|\b[1-3]/[2-4]\b)")
_FRACTIONS = {"½": Decimal("0.5"), "¼": Decimal("0.25"), "¾": Decimal("0.75"), "⅓": Decimal("0.33"),
              "⅔": Decimal("0.67")}
# German compounds that begin with a number ("Tabellenvierten" needs the middle; these the start)
STEMS_DE = {
    "achtelfinal": 16, "viertelfinal": 8, "halbfinal": 4, "zweit": 2, "zwei": 2, "dritt": 3, "drei": 3,
    "viert": 4, "vier": 4, "fünft": 5, "fünf": 5, "sechst": 6, "sechs": 6, "siebt": 7, "sieben": 7,
    "zehn": 10, "zwölf": 12, "zwanzig": 20, "dreißig": 30, "vierzig": 40, "fünfzig": 50, "sechzig": 60,
    "siebzig": 70, "achtzig": 80, "neunzig": 90, "hundert": 100, "tausend": 1000, "doppel": 2,
}
_STEM_INSIDE = re.compile(r"(tabellen|platz|rang)(zweit|dritt|viert|fünft|sechst|siebt|acht|neunt|zehnt)", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)?", re.UNICODE)


@dataclass
class Atom:
    """One number-like expression: where it is, what it may mean, whether it must be matched."""

    start: int
    end: int
    values: frozenset[str]
    required: bool = True  # digits must be accounted for; number words and months only help match
    unit: tuple[str, str] | None = None  # (dimension, canonical unit) written beside it
    parts: list[Atom] = field(default_factory=list)  # a time or date split into its numbers

    def text(self, s: str) -> str:
        return s[self.start : self.end]


def _n(x: Decimal | float) -> str:
    d = Decimal(str(x)).normalize()
    if d == d.to_integral():
        d = d.quantize(Decimal(1))
    return f"n:{d}"


def _num_values(raw: str, german: bool) -> set[Decimal]:
    """Every value a digit string may denote in this language (ambiguous ones give several)."""
    s = raw.replace("\u202f", " ").replace("\u00a0", " ").replace(", ", " ")
    out: set[Decimal] = set()
    groups = re.split(r"[., ]", s)
    seps = re.findall(r"[., ]", s)
    try:
        if not seps:
            out.add(Decimal(s))
            return out
        dec, thou = (",", ".") if german else (".", ",")
        # as written in this language
        for d_sep, t_sep in ((dec, thou), (thou, dec)):
            last = seps[-1]
            if all(x in (t_sep, " ") for x in seps) and all(len(g) == 3 for g in groups[1:]):
                out.add(Decimal("".join(groups)))
            if last == d_sep and all(x in (t_sep, " ") for x in seps[:-1]) and all(len(g) == 3 for g in groups[1:-1]):
                out.add(Decimal("".join(groups[:-1]) + "." + groups[-1]))
            if german:
                break  # German text uses the German convention; English text may carry either (MT keeps "3,5")
    except InvalidOperation:
        pass
    if not out:  # "1.2.3" (a version, a list of section numbers): each part alone
        for g in groups:
            if g.isdigit():
                out.add(Decimal(g))
    return out


def _scale_after(text: str, end: int, german: bool) -> tuple[int, int]:
    m = re.match(r"\s?([A-Za-zäöü]+)\.?", text[end:])
    if not m:
        return 1, end
    table = SCALES_DE if german else SCALES_EN
    word = m.group(1).lower()
    if word in table and not (not german and word == "m" and re.match(r"\s?m\s?(?:/|\b(?:long|high|wide|deep|tall))", text[end:])):
        if not german and word in ("m", "k") and text[end : end + 1] == " ":
            return 1, end  # "5 m" is metres; "5m" is five million
        return table[word], end + m.end()
    return 1, end


def _unit(text: str, start: int, end: int) -> tuple[str, str] | None:
    m = _UNIT_AFTER.match(text, end)
    if m:
        return _UNIT_INDEX[m.group(1).lower()]
    b = _UNIT_BEFORE.search(text[max(0, start - 5) : start])
    if b:
        return _UNIT_INDEX.get(b.group(1).lower())
    return None


def _years(value: Decimal, text: str, start: int) -> set[str]:
    """A two-digit number after a year and a slash or dash ("2020/21") is also that year."""
    if value < 100 and re.search(r"(1[89]|20)\d\d\s?[/\-–]\s?$", text[max(0, start - 7) : start]):
        return {_n(1900 + value), _n(2000 + value)}
    if value < 100 and re.match(r"er(?:\s?Jahre|n)?\b|s\b|’s|'s", text[start + len(str(value)) :]):
        return {_n(1900 + value), _n(2000 + value)}  # "die 90er Jahre" / "the 90s"
    return set()


def atoms(text: str, german: bool) -> list[Atom]:
    """All number-like expressions of one segment, times and dates before plain numbers."""
    found: list[Atom] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    def add(atom: Atom) -> None:
        found.append(atom)
        taken.append((atom.start, atom.end))

    def clock(h: int, mi: int, both: bool) -> set[str]:
        vals = {f"t:{h}:{mi:02d}"}
        if both and 1 <= h <= 12:
            vals.add(f"t:{h % 12 + 12 if h != 12 else 12}:{mi:02d}")
            vals.add(f"t:{h % 12}:{mi:02d}")
        return vals

    if german:
        for m in _DE_TIME.finditer(text):
            h, mi = int(m.group(1)), int(m.group(2) or 0)
            if h > 24:
                continue
            vals = clock(h, mi, True) | ({_n(h)} if not m.group(2) else set())
            end = m.end(2) if m.group(2) else m.end(1)
            parts = [Atom(m.start(1), m.end(1), frozenset({_n(h)}))]
            if m.group(2):
                parts.append(Atom(m.start(2), m.end(2), frozenset({_n(mi)})))
            add(Atom(m.start(1), end, frozenset(vals), parts=parts))
            if m.group(3):
                h2, mi2 = int(m.group(3)), int(m.group(4) or 0)
                if h2 <= 24:
                    add(Atom(m.start(3), m.end(4) if m.group(4) else m.end(3),
                             frozenset(clock(h2, mi2, True) | {_n(h2)})))
        for m in _DE_DATE.finditer(text):
            d, mo = int(m.group(1)), int(m.group(2))
            if not (1 <= d <= 31 and 1 <= mo <= 12) or not free(m.start(), m.end()):
                continue
            add(Atom(m.start(1), m.end(1), frozenset({_n(d)})))
            add(Atom(m.start(2), m.end(2), frozenset({_n(mo), f"m:{mo}"})))
            if m.group(3):
                y = int(m.group(3))
                vals = {_n(y)} | ({_n(1900 + y), _n(2000 + y)} if y < 100 else set())
                add(Atom(m.start(3), m.end(3), frozenset(vals)))
    else:
        for m in _EN_TIME.finditer(text):
            h, mi = int(m.group(1)), int(m.group(2) or 0)
            if h > 24 or not free(m.start(), m.end()):
                continue
            suffix = m.group(3).lower().replace(" ", "").replace(".", "")
            if suffix == "pm":
                vals = {f"t:{h % 12 + 12}:{mi:02d}"}
            elif suffix == "am":
                vals = {f"t:{h % 12}:{mi:02d}"}
            else:
                vals = clock(h, mi, True)
            vals |= {_n(h)} if not m.group(2) else set()
            parts = [Atom(m.start(1), m.end(1), frozenset({_n(h)}))]
            if m.group(2):
                parts.append(Atom(m.start(2), m.end(2), frozenset({_n(mi)})))
            add(Atom(m.start(1), m.end(2) if m.group(2) else m.end(1), frozenset(vals), parts=parts))
    for m in _CLOCK.finditer(text):
        if not free(m.start(), m.end()):
            continue
        h, mi = int(m.group(1)), int(m.group(2))
        parts = [Atom(m.start(1), m.end(1), frozenset({_n(h)})), Atom(m.start(2), m.end(2), frozenset({_n(mi)}))]
        add(Atom(m.start(), m.end(), frozenset(clock(h, mi, True) | {_n(Decimal(f"{h}.{mi:02d}"))}), parts=parts))
    for m in _NUM.finditer(text):
        raw = m.group(1).rstrip(" ")
        s, e = m.start(1), m.start(1) + len(raw)
        if not free(s, e):
            continue
        # "21.30" read as a clock time too (German and MT write times with a dot)
        nums = _num_values(raw, german)
        if not nums:
            continue
        scale, _ = _scale_after(text, e, german)
        vals = {_n(v) for v in nums} | {_n(v * scale) for v in nums}
        for v in nums:
            vals |= _years(v, text, s)
        dot = re.fullmatch(r"(\d{1,2})[.:](\d{2})", raw)
        parts: list[Atom] = []
        if dot and int(dot.group(1)) <= 24 and int(dot.group(2)) < 60:
            vals |= clock(int(dot.group(1)), int(dot.group(2)), True)
            parts = [Atom(s, s + len(dot.group(1)), frozenset({_n(int(dot.group(1)))})),
                     Atom(e - 2, e, frozenset({_n(int(dot.group(2)))}))]
        elif re.search(r"[.,]", raw):
            parts = [Atom(s + g.start(), s + g.end(), frozenset({_n(int(g.group()))})) for g in re.finditer(r"\d+", raw)]
        glued = bool(re.search(r"[^\W\d_]-?$", text[max(0, s - 2) : s])) or bool(re.match(r"[^\W\d_]", text[e : e + 1]))
        add(Atom(s, e, frozenset(vals), required=not glued, unit=_unit(text, s, e), parts=parts))
    for m in _FRACTION.finditer(text):
        frac = m.group(2)
        value = _FRACTIONS.get(frac) or Decimal(frac[0]) / Decimal(frac[2])
        whole = Decimal(m.group(1)) if m.group(1) else Decimal(0)
        s = m.start(1) if m.group(1) else m.start(2)
        found[:] = [a for a in found if not (a.start >= s and a.end <= m.end())]
        taken[:] = [t for t in taken if not (t[0] >= s and t[1] <= m.end())]
        add(Atom(s, m.end(), frozenset({_n(whole + value), _n((whole + value).quantize(Decimal("0.01")))})))
    # words: number words and month names help matching but are never required
    words = WORDS_DE if german else WORDS_EN
    months = MONTHS_DE if german else MONTHS_EN
    for m in _WORD.finditer(text):
        w = m.group().lower()
        if not free(m.start(), m.end()):
            continue
        if w in months and (w not in ("may", "march", "mai") or m.group()[0].isupper()):
            found.append(Atom(m.start(), m.end(), frozenset({f"m:{months[w]}"}), required=False))
            continue
        value = _word_value(w, words)
        if value is None and german:
            value = _stem_value(w)
        if value is not None:
            scale, _ = _scale_after(text, m.end(), german)
            found.append(Atom(m.start(), m.end(), frozenset({_n(value), _n(value * scale)} | _decade(w)),
                              required=False))
    found.sort(key=lambda a: a.start)
    return found


def _stem_value(word: str) -> int | None:
    inside = _STEM_INSIDE.search(word)
    if inside:
        return STEMS_DE[inside.group(2).lower()] if inside.group(2).lower() in STEMS_DE else \
            {"acht": 8, "neunt": 9, "zehnt": 10}.get(inside.group(2).lower())
    for part in word.split("-"):
        m = _STEM_START.match(part)
        if m and len(part) >= len(m.group()) + (0 if len(m.group()) >= 6 else 3):
            return STEMS_DE[m.group()]
    return None


_STEM_START = re.compile("|".join(sorted(STEMS_DE, key=len, reverse=True)))
_UND = re.compile(r"(\w+?)und(zwanzig|dreißig|vierzig|fünfzig|sechzig|siebzig|achtzig|neunzig)")


def _decade(word: str) -> set[str]:
    tens = {"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60, "seventies": 70,
            "eighties": 80, "nineties": 90}
    if word in tens:
        return {_n(1900 + tens[word]), _n(2000 + tens[word])}
    return set()


def _word_value(w: str, table: dict[str, float]) -> float | None:
    if w in table:
        return table[w]
    if "-" in w:  # twenty-five
        a, _, b = w.partition("-")
        if a in table and b in table and table[a] >= 20 and table[b] < 10:
            return table[a] + table[b]
    if "und" not in w:
        return None
    m = _UND.fullmatch(w)
    if m and m.group(1) in table and m.group(2) in table:  # fünfundzwanzig
        return table[m.group(1)] + table[m.group(2)]
    return None


@dataclass
class NumberMatch:
    missing: list[Atom]  # required source atoms with no counterpart
    added: list[Atom]  # required target atoms with no counterpart
    units: list[tuple[Atom, Atom]]  # (source, target) with the same value but a changed unit
    # number words of the source ("Sechzig", "zwölf") no target number or word matched: the
    # translation may have written them any way ("1860" for the club "Sechzig"), so each excuses
    # one added target number
    words_left: int = 0
    source_values: frozenset[str] = frozenset()  # every value the source's atoms may stand for


@lru_cache(maxsize=64)  # three checks (missing, added, unit) ask about the same pair in a row
def compare(source: str, target: str) -> NumberMatch:
    """Match source atoms to target atoms by value; the leftovers are the problems."""
    src = atoms(source, german=True)
    tgt = atoms(target, german=False)
    used_t: set[int] = set()
    used_s: set[int] = set()
    pairs: list[tuple[Atom, Atom]] = []

    def match(s_list: list[tuple[int, Atom]], t_list: list[tuple[int, Atom]]) -> None:
        # required source atoms first, each to the nearest-in-order target atom with a shared value
        for i, a in s_list:
            if i in used_s:
                continue
            for j, b in t_list:
                if j in used_t or not (a.values & b.values):
                    continue
                used_s.add(i)
                used_t.add(j)
                pairs.append((a, b))
                break

    s_idx = list(enumerate(src))
    t_idx = list(enumerate(tgt))
    # required on both sides first, so an optional word never steals a digit's partner
    match([x for x in s_idx if x[1].required], [x for x in t_idx if x[1].required])
    match([x for x in s_idx if x[1].required], t_idx)
    match(s_idx, [x for x in t_idx if x[1].required])
    # split what is left: a time may come out as two numbers ("21.30 Uhr" -> "21 30")
    s_rest = [(i, a) for i, a in s_idx if i not in used_s and a.parts]
    t_rest = [(j, b) for j, b in t_idx if j not in used_t and b.parts]
    for i, a in s_rest:
        parts = list(enumerate(a.parts, start=10_000 + 100 * i))
        before = len(used_s)
        match(parts, [x for x in t_idx if x[0] not in used_t])
        if len(used_s) - before == len(parts):
            used_s.add(i)
    for j, b in t_rest:
        if j in used_t:
            continue
        parts = list(enumerate(b.parts, start=20_000 + 100 * j))
        hit = 0
        for k, p in parts:
            for i, a in s_idx:
                if i not in used_s and a.values & p.values:
                    used_s.add(i)
                    hit += 1
                    break
        if hit == len(parts):
            used_t.add(j)
    missing = [a for i, a in s_idx if a.required and i not in used_s]
    added = [b for j, b in t_idx if b.required and j not in used_t]
    t_values = frozenset().union(*[b.values for b in tgt])
    words_left = sum(1 for i, a in s_idx
                     if not a.required and i not in used_s and not _month_only(a) and not a.values & t_values)
    units = [
        (a, b) for a, b in pairs
        if a.unit and b.unit and a.unit[0] == b.unit[0] and a.unit[1] != b.unit[1]
    ]
    return NumberMatch(missing, added, units, words_left, frozenset().union(*[a.values for a in src]))


def _month_only(atom: Atom) -> bool:
    """A month name stands for a month, not for a number the target could write in digits."""
    return all(v.startswith("m:") for v in atom.values)
