"""Capitalization checks beyond the possessive: a German-capitalised common noun
anywhere in mid-sentence ("waited for the Bus"), "You" for German "Sie" in
mid-sentence, a name the document writes capitalised written lowercase ("thomas
Müller" beside "Thomas Müller"), and a sentence that starts lowercase.

Each check is decided from the document itself as far as it can be: a noun is
lowercased outright only where the document writes it lowercase elsewhere (else it
is a suggestion), and is left alone where the document capitalises it as one of its
terms, in quotes, in a title-case run ("Why Children Lie"), beside another
capitalised word (a name) or before a number ("Phase 2"). A lowercase sentence start
is fixed only in a document that otherwise starts its sentences with a capital.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from ..doc import ABBREVIATIONS
from ..lexicon import Lexicon, pos_readings, zipf
from ..model import Edit, Finding
from ..rules import Rule
from ..tokens import WORD, has_whole_word, previous_word, token_occurrences
from .common import finding

YOU = frozenset({"You", "Your", "Yours", "Yourself", "Yourselves"})
QUOTED = re.compile(
    r'"[^"\n]{1,300}"|“[^”\n]{1,300}”|„[^“”\n]{1,300}[“”]|«[^»\n]{1,300}»|‘[^’\n]{1,300}’(?!\w)|`[^`\n]+`'
)
NUMBER_OR_BRACKET_NEXT = re.compile(r"[ \t]*[\d(\[]")
# A lowercase word then a capitalised one after a sentence end or a line break ("thomas
# Müller"). It starts with a small character set, so the engine skips to candidates fast;
# whether a sentence ends there is tested after.
LOWER_NAME_START = re.compile(r"[.!?\n] ?(?P<first>[a-z]+) (?P<second>[^\W\d_a-z][^\W\d_]+)(?![\w-])")
# A terminal mark, one blank, then a lowercase word: a sentence that starts lowercase.
# (A set of marks first, so the engine skips to candidates; what precedes is tested after.)
LOWER_START = re.compile(r"\.(?: |\n\n)([a-z]+)(?=[ ,;:])")  # (after "!" it is often code: "redraw! just")
UPPER_START = re.compile(r"[.!?](?: |\n\n)[A-Z]")
LABEL = re.compile(r"[a-z]+(?: [a-z]+)?:")
SENTENCE_END_BEFORE = re.compile(r"[a-z)\]%]")  # not a digit: "1. find the module" is a list item
# A capital then lowercase letters, right after a lowercase letter and one blank ("the Bus").
AFTER_LOWER = re.compile(r"[A-Z](?<=[a-z] [A-Z])[a-z]+(?![\w-])")
MIN_NOUNS = 3  # different nouns a document must capitalise German-style before any is flagged
WORDS_PER_NOUN = 300  # ... and at least one per this many words (a manual's "see Assignment statements")
# After these a capitalised noun names a section, a command or a key ("see Comparisons").
REFERENCE_BEFORE = frozenset("see cf aka press click select choose type".split())
# Before these it names one too ("the Jump command", "the Imports section").
NAMING_NEXT = frozenset(
    """statement statements command commands section sections chapter option options function
    method class mode key button menu window tab field page file directory module package type
    object variable protocol dialog setting settings""".split()
)
PLACE_WORDS = frozenset("in at near from to into outside via".split())
# A licence's defined term: '"You" (or "Your") shall mean ...'
DEFINED_YOU = re.compile(r'["“‘]Your?["”’]')


class Quotes:
    """Quoted stretches (titles, quoted speech, code) of the lines asked about: a
    quotation here does not cross a line, so only a candidate's own line is searched."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._lines: dict[int, list[tuple[int, int]]] = {}

    def inside(self, pos: int) -> bool:
        ls = self.text.rfind("\n", 0, pos) + 1
        spans = self._lines.get(ls)
        if spans is None:
            le = self.text.find("\n", pos)
            end = len(self.text) if le < 0 else le
            spans = self._lines[ls] = [m.span() for m in QUOTED.finditer(self.text, ls, end)]
        return any(a <= pos < b for a, b in spans)


CODE_MARKS = re.compile(r"[\t|=<>{}`\\]|\(\)|^\s*(?:[-*•]|\d+[.)])\s")
# Abbreviations a full stop ends in mid-sentence, besides the token layer's ("max. of 700").
MORE_ABBREVIATIONS = frozenset(
    "max min approx ca incl excl esp resp vol pp ch sec fig abbr ie eg op viz cf al seq".split()
)


def _prose_line(text: str, pos: int) -> bool:
    """The line holding ``pos`` is running prose: no tab (columns), no marks of code or
    markup, not a list item."""
    ls = text.rfind("\n", 0, pos) + 1
    le = text.find("\n", pos)
    return CODE_MARKS.search(text, ls, len(text) if le < 0 else le) is None


def _next_word(text: str, end: int) -> re.Match[str] | None:
    """The word right after ``end`` when only one blank separates them."""
    return WORD.match(text, end + 1) if text[end : end + 1] == " " else None


def _title_run(text: str, start: int, function_words: frozenset[str]) -> bool:
    """Part of a title-case run: a capitalised word a few function words back
    ("Gone with the Wind", "Lord of the Rings")."""
    pos = start
    for _ in range(3):
        prev = previous_word(text, pos)
        if prev is None or text[prev[1] + len(prev[0]) : pos].strip():
            return False
        if prev[0][:1].isupper():
            return True
        if prev[0].lower() not in function_words:
            return False
        pos = prev[1]
    return False


def common_nouns(
    text: str,
    caps: dict[str, list[int]],
    rule: Rule,
    lex: Lexicon,
    in_prose: Callable[[int, int], bool],
    quotes: Quotes,
) -> list[Finding]:
    """A common noun capitalised after a lowercase word in running text ("the Bus"),
    in a document that does so with several different nouns.

    English capitalises many dictionary nouns as names ("a valid Python expression",
    "in Worms", "the Reds", "Corona"), and wordfreq cannot tell a name's capital from
    German's. So a noun the document capitalises in running text twice or more is one
    of its names or terms, and the check speaks only in a document that capitalises at
    least MIN_NOUNS different nouns once each: German's habit, not a name's.
    """
    # Capitals straight after a lowercase word and one blank (found by the regex engine:
    # most of a text's capitals follow a full stop, a capital or a mark). Such a word is
    # in mid-sentence for certain, so ``caps`` (the capitals in mid-sentence) holds it.
    # First a bound from the capitals already found: nouns capitalised once in mid-sentence.
    # (The bound's second part is counted only once MIN_NOUNS nouns were seen: most texts
    # have fewer, and counting a long text's blanks is a pass over it.)
    need: int | None = None
    once = 0
    for low, at in caps.items():
        if len(at) == 1 and "NOUN" in pos_readings(low) and zipf(low) >= 3.0:
            once += 1
            if once >= MIN_NOUNS:
                if need is None:
                    need = max(MIN_NOUNS, text.count(" ") // WORDS_PER_NOUN)
                if once >= need:
                    break
    if need is None or once < need:
        return []  # (most English texts: a capital is a name, and names recur)
    after_lower = [(m.group(), m.start(), m.end()) for m in AFTER_LOWER.finditer(text)]
    if len(after_lower) < MIN_NOUNS:
        return []  # (most lines with --lines)
    function_words = lex.lists.get("function_words", frozenset())
    keep = lex.lists.get("capitalized_nouns", frozenset())
    titles = lex.lists.get("titles", frozenset())
    title_words = lex.lists.get("title_words", frozenset())
    possessives = lex.lists.get("possessives", frozenset())
    places = PLACE_WORDS
    found: list[tuple[str, int, int]] = []
    terms: dict[str, bool] = {}  # lowercase form -> capitalised twice or more in running text
    for t, start, end in after_lower:
        low = t.lower()
        if low in function_words or t in keep or t in titles or t in YOU:
            continue
        if "NOUN" not in pos_readings(t) or zipf(t) < 3.0:
            continue  # (cached look-ups: most capitals in mid-sentence are names)
        nxt = _next_word(text, end)
        if nxt is not None and (nxt.group()[:1].isupper() or nxt.group() in NAMING_NEXT):
            continue  # a name of several words; "the Jump command"
        if NUMBER_OR_BRACKET_NEXT.match(text, end) or text[end : end + 1] in "-'’:":
            continue  # "Phase 2", "Kelo (...)", "Bus-Stop", "Bus's", "class Point:"
        prev = previous_word(text, start)
        if prev is None or prev[1] + len(prev[0]) != start - 1 or not prev[0].islower():
            continue  # only straight after a lowercase word: "the Bus", "heavy Thunderstorms"
        if prev[0] in possessives or prev[0] in title_words or prev[0] in places or prev[0] in REFERENCE_BEFORE:
            continue  # the possessive check's; a title after "called"; a place ("in Worms"); "see Comparisons"
        if _title_run(text, prev[1], function_words) or quotes.inside(start) or not in_prose(start, end):
            continue
        if not _prose_line(text, start):
            continue
        if len(caps.get(low, ())) > 1:  # (recounted in running text only)
            if low not in terms:
                prose = (s for s in caps[low] if in_prose(s, s + len(t)))
                terms[low] = next(prose, None) is not None and next(prose, None) is not None
            if terms[low]:
                continue  # capitalised more than once in running text: the document's name or term
        found.append((t, start, end))
    if len({t for t, _, _ in found}) < need:
        return []
    out = []
    for t, start, end in found:
        low = t.lower()
        f = finding(rule, start, end, Edit(start, end, low))
        if not token_occurrences(text, low, limit=1) and f.fix == "safe":
            f.fix = "unsafe"  # the document never writes it lowercase: a suggestion
        out.append(f)
    return out


def formal_you(
    text: str,
    mids: list[tuple[str, int, int]],
    rule: Rule,
    in_prose: Callable[[int, int], bool],
    quotes: Quotes,
) -> list[Finding]:
    """"You" capitalised in mid-sentence: German "Sie" (you, formal — or they, she)."""
    out: list[Finding] = []
    if " You" not in text:
        return out
    for t, start, end in mids:
        if t not in YOU or text[start - 1] != " ":
            continue
        prev = previous_word(text, start)
        if prev is None or not prev[0].islower() or text[prev[1] + len(prev[0]) : start].strip() not in ("", ","):
            continue
        nxt = _next_word(text, end)
        if nxt is None or not nxt.group().islower() or quotes.inside(start) or not in_prose(start, end):
            continue
        if not out and DEFINED_YOU.search(text):
            return []  # a licence that defines "You" as a term
        out.append(finding(rule, start, end, suggestion=f"{t.lower()} (or they/she: German \"Sie\")"))
    return out


def name_pairs(text: str, rule: Rule, function_words: frozenset[str]) -> list[Finding]:
    """A name whose first word starts a sentence or line in lowercase ("thomas Müller")
    where the document writes it capitalised ("Thomas Müller"); only a first word that
    is a name (no dictionary reading), not a word of plain English."""
    out = []
    for m in LOWER_NAME_START.finditer(text):
        if (text[m.start()] == "\n") == (m.start("first") > m.start() + 1):
            continue  # a mark with one blank after it, or a line break with none
        first, second = m.group("first"), m.group("second")
        if not second[1:].islower() or pos_readings(first) or zipf(first) >= 5.0 or first in function_words:
            continue
        name = first[:1].upper() + first[1:] + " " + second
        if not has_whole_word(text, name):
            continue
        start = m.start("first")
        out.append(finding(rule, start, m.end("second"), Edit(start, m.end("second"), name)))
    if text.startswith(tuple("abcdefghijklmnopqrstuvwxyz")):
        m = re.match(r"(?P<first>[a-z]+) (?P<second>[^\W\d_a-z][^\W\d_]+)(?![\w-])", text)
        if m is not None:
            name = m.group("first").capitalize() + " " + m.group("second")
            if not pos_readings(m.group("first")) and has_whole_word(text, name):
                out.insert(0, finding(rule, 0, m.end(), Edit(0, m.end(), name)))
    return out


def _prose_paragraph(text: str, start: int) -> bool:
    """A paragraph of prose: at least six words on its line, ending a sentence (not a
    list item, a command or a line of code)."""
    end = text.find("\n", start)
    line = text[start : len(text) if end < 0 else end].rstrip()
    return len(line.split()) >= 6 and line[-1:] in ".!?\"”" and not re.search(r"[=<>{}`|]|\(\)", line)


def _upper_starts(text: str) -> Iterator[re.Match[str]]:
    """The sentences after a full stop (or "!", "?") that start with a capital."""
    return (m for m in UPPER_START.finditer(text) if m.start() > 0 and SENTENCE_END_BEFORE.match(text, m.start() - 1))


def _at_least(items: Iterable[object], n: int) -> bool:
    """Are there ``n`` or more ``items``? Counted only that far: a document's capital
    sentence starts are many, and the test needs a few times the lowercase ones."""
    return n <= 0 or next(islice(items, n - 1, None), _NONE) is not _NONE


_NONE = object()


def lowercase_starts(text: str, rule: Rule, in_prose: Callable[[int, int], bool], quotes: Quotes) -> list[Finding]:
    """A sentence that starts lowercase after a full stop, in a document whose other
    sentences start with a capital (chat logs and code write lowercase on purpose)."""
    hits = [m for m in LOWER_START.finditer(text) if m.start() > 0 and SENTENCE_END_BEFORE.match(text, m.start() - 1)]
    hits = [m for m in hits if pos_readings(m.group(1)) or zipf(m.group(1)) >= 3.0]
    if not hits:
        return []
    if not _at_least(_upper_starts(text), 4 * len(hits)):
        return []  # lowercase after a full stop is this document's habit, or too little to tell
    out = []
    for m in hits:
        word = m.group(1)
        start, end = m.start(1), m.end(1)
        dot = m.start()
        prev = previous_word(text, dot)
        if prev is None or len(prev[0]) < 2 or prev[0].isupper():
            continue
        if prev[0].lower() in ABBREVIATIONS or prev[0].lower() in MORE_ABBREVIATIONS:
            continue  # "Mr. smith", "U.S. troops", "approx. ten"
        if text[prev[1] - 1 : prev[1]] == ".":
            continue  # "e.g. the", "etc." runs
        if len(prev[0]) <= 5 and text[text.rfind("\n", 0, prev[1]) + 1 : prev[1]].strip() == "":
            continue  # "ii. moral rights", "b. the seller": a list marker at the line start
        nxt = _next_word(text, end)
        if nxt is not None and nxt.group()[:1].isupper():
            continue  # "blue News", "iOS Update": a name written lowercase on purpose
        if LABEL.match(text, start):
            continue  # "also read:", "photo:": a label, not a sentence
        if (text[start - 1] == "\n" and not _prose_paragraph(text, start)) or not _prose_line(text, start):
            continue
        if quotes.inside(start) or (text[start - 1] == " " and not in_prose(start, end)):
            continue
        out.append(finding(rule, start, end, Edit(start, end, word[:1].upper() + word[1:])))
    return out
