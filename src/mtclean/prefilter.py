"""A cheap necessary condition for a regular expression: literal text that every
match must contain.

Most rules name a word or phrase that is rare in ordinary prose ("background",
"around", a country from a list). Before a rule's pattern is run over a text, the
text (case-folded once) is searched for those literals with ``str.__contains__``,
which runs at memory speed; when none is there the pattern cannot match and is
not run. The condition is derived from the parsed pattern, so it is exact for
user rules too, and the result of a run never changes: a rule is skipped only
when it provably has no match.

Soundness: matching is checked on ``casefold()``ed text and literals, because
case folding is context free and maps every pair of characters that ``re``
treats as equal under IGNORECASE to the same string — except the Turkish
dotted/dotless i, so texts containing those are never prefiltered.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]

import ahocorasick_rs

from .lexcache import per_pattern

Needed = frozenset[str]  # any one of these (case-folded) must occur in the text
UNSAFE_CHARS = ("\u0130", "\u0131")  # İ ı: folding does not agree with re's case-insensitivity
MIN_USEFUL = 3  # literals shorter than this are too common to be worth checking


def required(pattern: re.Pattern[str], fewest: int = MIN_USEFUL) -> Needed | None:
    """Strings one of which (case-folded) every match of ``pattern`` contains, or None.
    ``fewest``: the shortest literal worth a test (a whole-file pass with --lines takes
    any: even "(" rules out most segments)."""
    found = _required_any(pattern)
    if found is None or _score(found) < fewest:
        return None
    return found


@lru_cache(maxsize=4096)
@per_pattern()
def _required_any(pattern: re.Pattern[str]) -> Needed | None:
    """``required`` at any length (parsed once per pattern: asked for twice with --lines)."""
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # noqa: BLE001 - a pattern re accepted but we cannot analyse
        return None
    return _sequence(list(parsed))


def may_match(needed: Needed | None, folded: str | None) -> bool:
    """False only when the text certainly holds none of the needed literals.

    ``folded`` is the text's ``casefold()``, or None when the text must not be prefiltered.
    """
    if needed is None or folded is None:
        return True
    if len(needed) > 3 and len(folded) < 4000:
        # Short texts (a segment in --lines mode): one search in C beats many ``in`` calls.
        return _alternation(needed).search(folded) is not None
    return any(s in folded for s in needed)


_ALTERNATIONS: dict[Needed, re.Pattern[str]] = {}


def _alternation(needed: Needed) -> re.Pattern[str]:
    rx = _ALTERNATIONS.get(needed)
    if rx is None:
        rx = _ALTERNATIONS[needed] = re.compile("|".join(re.escape(s) for s in sorted(needed)))
    return rx


def fold(text: str) -> str | None:
    """The case-folded text the literals are searched in (None: do not prefilter this text)."""
    if any(c in text for c in UNSAFE_CHARS):
        return None
    return text.casefold()


def _score(needed: Needed) -> int:
    """How selective a set is: its shortest member's length; a non-ASCII character
    (©, », ’) is rare in prose and counts as much as a word."""
    return min(len(s) + (5 if not s.isascii() else 0) for s in needed)


def _single_char(items: list) -> str | None:  # type: ignore[type-arg]
    """A character class whose members all fold to one string (``[Tt]``): that string."""
    folds: set[str] = set()
    for op, av in items:
        if op is C.LITERAL:
            folds.add(chr(av).casefold())
        elif op is C.RANGE and av[1] - av[0] < 64:
            folds.update(chr(c).casefold() for c in range(av[0], av[1] + 1))
        else:
            return None
        if len(folds) > 1:
            return None
    return folds.pop() if len(folds) == 1 else None


def _sequence(items: list) -> Needed | None:  # type: ignore[type-arg]
    """The most selective necessary literal set of a sequence of pattern items."""
    candidates: list[Needed] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            candidates.append(frozenset(["".join(run)]))
            run.clear()

    for op, av in items:
        if op is C.LITERAL:
            run.append(chr(av).casefold())
        elif op is C.IN:
            ch = _single_char(av)
            if ch is None:
                flush()
            else:
                run.append(ch)
        elif op in (C.AT, C.ASSERT_NOT):
            continue  # zero width: the literals on either side stay adjacent
        elif op is C.SUBPATTERN:
            flush()
            sub = _sequence(list(av[-1]))
            if sub:
                candidates.append(sub)
        elif op is getattr(C, "ATOMIC_GROUP", None):
            flush()
            sub = _sequence(list(av))
            if sub:
                candidates.append(sub)
        elif op is C.ASSERT:
            # A lookaround must match too, so what it needs is needed; it is zero width.
            flush()
            sub = _sequence(list(av[1]))
            if sub:
                candidates.append(sub)
        elif op is C.BRANCH:
            flush()
            alternatives = [_sequence(list(b)) for b in av[1]]
            if alternatives and all(alternatives):
                candidates.append(frozenset().union(*alternatives))  # type: ignore[arg-type]
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT)):
            flush()
            lo, _hi, sub_items = av
            if lo >= 1:
                sub = _sequence(list(sub_items))
                if sub:
                    candidates.append(sub)
        else:
            flush()
    flush()
    if not candidates:
        return None
    return max(candidates, key=_score)


# --- Hoisting leading assertions ------------------------------------------------
# ``re`` scans for a match quickly only when the pattern starts with a literal or
# a character class; a leading ``\b`` or ``(?:^|(?<=[.!?] ))`` makes it try the
# whole pattern at every position. ``A F R`` (zero-width assertions A, a
# fixed-width literal part F) matches exactly where ``F (?<=A F) R`` does, and the
# latter starts with F. Only applied when A and F hold no capturing group, so
# group numbers and names are unchanged.

_QUANT = re.compile(r"[*+?]|\{\d*(?:,\d*)?\}")


def _class_end(src: str, j: int) -> int:
    """Index of the "]" closing the character class that opens at ``src[j]`` (len(src) if none)."""
    n = len(src)
    j += 1
    if j < n and src[j] == "^":
        j += 1
    if j < n and src[j] == "]":
        j += 1
    while j < n and src[j] != "]":
        j += 2 if src[j] == "\\" else 1
    return min(j, n)


def _atoms(src: str) -> list[tuple[str, str]] | None:
    """Top-level atoms of a pattern with their quantifiers: [(atom, quantifier)]."""
    out: list[tuple[str, str]] = []
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if c == "\\":
            if i + 1 >= n:
                return None
            j = i + 2
        elif c == "[":
            j = _class_end(src, i)
            if j >= n:
                return None
            j += 1
        elif c == "(":
            depth, j = 0, i
            while j < n:
                ch = src[j]
                if ch == "\\":
                    j += 2
                    continue
                if ch == "[":
                    j = _class_end(src, j)
                elif ch == "(":
                    depth += 1
                elif ch == ")":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            if j >= n:
                return None
            j += 1
        elif c in "|)":
            return None  # a top-level alternation: leave the pattern alone
        else:
            j = i + 1
        atom_end = j
        m = _QUANT.match(src, j)
        q = ""
        if m:
            q = m.group()
            j = m.end()
            if j < n and src[j] in "?+":
                q += src[j]
                j += 1
        out.append((src[i:atom_end], q))
        i = j
    return out


def _parse(src: str, flags: int) -> list | None:  # type: ignore[type-arg]
    try:
        return list(_parser.parse(src, flags))
    except Exception:  # noqa: BLE001
        return None


def _zero_width(items: list) -> bool:  # type: ignore[type-arg]
    for op, av in items:
        if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            continue
        if op is C.SUBPATTERN and av[0] is None and not av[1] and not av[2]:
            if not _zero_width(list(av[-1])):
                return False
        elif op is C.BRANCH:
            if not all(_zero_width(list(b)) for b in av[1]):
                return False
        else:
            return False
    return True


def subpatterns(op: object, av: object) -> list:  # type: ignore[type-arg]
    """The parsed sub-patterns one node of ``re``'s parse tree holds (groups, look-arounds,
    branches, repeats, atomic groups, conditionals): the one walk every tree test shares."""
    if op is C.SUBPATTERN:
        return [av[-1]]  # type: ignore[index]
    if op in (C.ASSERT, C.ASSERT_NOT):
        return [av[1]]  # type: ignore[index]
    if op is C.BRANCH:
        return list(av[1])  # type: ignore[index]
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT)):
        return [av[2]]  # type: ignore[index]
    if op is getattr(C, "ATOMIC_GROUP", None):
        return [av]
    if op is C.GROUPREF_EXISTS:
        return [b for b in av[1:] if b is not None]  # type: ignore[index]
    return []


def _captures(items: list) -> bool:  # type: ignore[type-arg]
    for op, av in items:
        if op is C.SUBPATTERN and av[0] is not None:
            return True
        if any(_captures(list(s)) for s in subpatterns(op, av)):
            return True
    return False


def hoisted(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """An equivalent pattern that starts with its first literal, or ``pattern`` itself."""
    src, flags = pattern.pattern, pattern.flags
    atoms = _atoms(src)
    if not atoms:
        return pattern
    i = 0
    while i < len(atoms) and not atoms[i][1]:
        items = _parse(atoms[i][0], flags)
        if items is None or not _zero_width(items):
            break
        i += 1
    j = i
    while j < len(atoms) and not atoms[j][1]:
        items = _parse(atoms[j][0], flags)
        if not items or len(items) != 1 or items[0][0] not in (C.LITERAL, C.IN):
            break
        j += 1
    if i == 0 or j == i:
        return pattern
    lead = "".join(a for a, _ in atoms[:i])
    first = "".join(a for a, _ in atoms[i:j])
    rest = "".join(a + q for a, q in atoms[j:])
    check = _parse(lead + first, flags)
    if check is None or _captures(check):
        return pattern
    try:
        return re.compile(f"{first}(?<={lead}{first}){rest}", flags)
    except re.error:
        return pattern


# --- Rules whose matches stay on one line ---------------------------------------
# A rule that needs a literal and can never match (or look at) a line break has all
# its matches on lines that hold the literal. On a long text those lines are found
# with ``str.find`` and the pattern is run on them alone (``finditer(text, start, end)``:
# look-behinds and ``\b`` still see the text before ``start``, and the line end looks
# like the end of the string, which a pattern that cannot see "\n" cannot tell apart).
# The matches are exactly those of a scan of the whole text.

_NL = ord("\n")
_SPACE_CATEGORIES = {
    C.CATEGORY_SPACE, C.CATEGORY_NOT_DIGIT, C.CATEGORY_NOT_WORD, C.CATEGORY_LINEBREAK,
    C.CATEGORY_UNI_SPACE, C.CATEGORY_UNI_NOT_DIGIT, C.CATEGORY_UNI_NOT_WORD, C.CATEGORY_UNI_LINEBREAK,
    C.CATEGORY_LOC_NOT_WORD,
}
_QUIET_CATEGORIES = {
    C.CATEGORY_DIGIT, C.CATEGORY_NOT_SPACE, C.CATEGORY_WORD, C.CATEGORY_NOT_LINEBREAK,
    C.CATEGORY_UNI_DIGIT, C.CATEGORY_UNI_NOT_SPACE, C.CATEGORY_UNI_WORD, C.CATEGORY_UNI_NOT_LINEBREAK,
    C.CATEGORY_LOC_WORD,
}


def _set_has_newline(items: list) -> bool | None:  # type: ignore[type-arg]
    """Does a character class hold "\\n"? None when it cannot be told."""
    negate = False
    found = False
    for op, av in items:
        if op is C.NEGATE:
            negate = True
        elif op is C.LITERAL:
            found = found or av == _NL
        elif op is C.RANGE:
            found = found or av[0] <= _NL <= av[1]
        elif op is C.CATEGORY:
            if av in _SPACE_CATEGORIES:
                found = True
            elif av not in _QUIET_CATEGORIES:
                return None
        else:
            return None
    return found != negate


def _within_line(items: list, flags: int, spans: bool = False) -> bool:  # type: ignore[type-arg]
    """``spans``: only what the match consumes counts (look-arounds and anchors may see
    past a line break)."""
    for op, av in items:
        if op is C.LITERAL:
            ok = av != _NL
        elif op is C.NOT_LITERAL:
            ok = av == _NL
        elif op is C.IN:
            ok = _set_has_newline(av) is False
        elif op is C.ANY:
            ok = not flags & re.DOTALL
        elif spans and op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            ok = True
        elif op is C.AT:
            # "^" and "\A" match only at the real start (the scan of a line starts after
            # it); "$" only in MULTILINE mode, where it means a line end; never "\Z".
            ok = av in (C.AT_BEGINNING, C.AT_BEGINNING_STRING, C.AT_BOUNDARY, C.AT_NON_BOUNDARY) or (
                av is C.AT_END and bool(flags & re.MULTILINE)
            )
        elif op is C.SUBPATTERN:
            ok = _within_line(list(av[-1]), (flags | av[1]) & ~av[2], spans)
        elif op in (C.ASSERT, C.ASSERT_NOT):
            ok = _within_line(list(av[1]), flags)
        elif op is C.BRANCH:
            ok = all(_within_line(list(b), flags, spans) for b in av[1])
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT)):
            ok = _within_line(list(av[2]), flags, spans)
        elif op is getattr(C, "ATOMIC_GROUP", None):
            ok = _within_line(list(av), flags, spans)
        elif op is C.GROUPREF:
            # a group holds only what the pattern's items match; with ``spans``, a group in a
            # look-around may have taken a line break
            ok = not spans
        elif op is C.GROUPREF_EXISTS:
            ok = all(_within_line(list(b), flags, spans) for b in av[1:] if b is not None)
        else:
            ok = False
        if not ok:
            return False
    return True


@per_pattern()
def within_line(pattern: re.Pattern[str]) -> bool:
    """Can no match of ``pattern`` (look-arounds included) reach across or look at a line break?"""
    items = _parse(pattern.pattern, pattern.flags)
    return items is not None and _within_line(items, pattern.flags)


@per_pattern()
def spans_within_line(pattern: re.Pattern[str]) -> bool:
    """Does every match of ``pattern`` stay on one line (its look-arounds may look further)?"""
    items = _parse(pattern.pattern, pattern.flags)
    return items is not None and _within_line(items, pattern.flags, spans=True)


@per_pattern()
def starts_with_literal(pattern: re.Pattern[str]) -> bool:
    """Does ``re`` scan for this pattern with a fast literal search (no line look-up gains then)?"""
    items = _parse(pattern.pattern, pattern.flags)
    return bool(items) and items[0][0] is C.LITERAL and not pattern.flags & re.IGNORECASE  # type: ignore[index]


class LiteralIndex:
    """All the literals a stage's rules need, in one Aho-Corasick automaton
    (ahocorasick_rs, the same library as the phrase tables'): one native pass over a
    text finds every occurrence of every literal, where a ``str.__contains__`` per
    literal would read the text once each."""

    def __init__(self, literals: Iterable[str]) -> None:
        words = sorted(set(literals))
        self.words = words
        self.automaton: ahocorasick_rs.AhoCorasick | None = ahocorasick_rs.AhoCorasick(words) if words else None

    def scan(self, text: str) -> Literals:
        return Literals(text, self.automaton, self.words)


class Literals:
    """Where one text holds the literals its rules need: found in one pass, shared by the rules.

    Occurrences are offsets in the case-folded text. When folding kept the text's
    length they are offsets in the text too (folding never shortens a character),
    and the lines that hold a literal can be named."""

    def __init__(self, text: str, automaton: ahocorasick_rs.AhoCorasick | None, words: list[str] | None = None) -> None:
        self.text = text
        self.folded = fold(text)
        self.aligned = self.folded is not None and len(self.folded) == len(text)
        self.at: dict[str, list[int]] = {}
        if self.folded is not None and automaton is not None:
            at = self.at
            words = words or []
            # overlapping: every occurrence of every literal, in order of their ends
            for index, start, _end in automaton.find_matches_as_indexes(self.folded, overlapping=True):
                word = words[index]
                found = at.get(word)
                if found is None:
                    at[word] = [start]
                else:
                    found.append(start)

    def may_match(self, needed: Needed | None) -> bool:
        """False only when the text certainly holds none of ``needed``."""
        if needed is None or self.folded is None:
            return True
        return not needed.isdisjoint(self.at)  # a set operation in C: the index is small

    def lines(self, needed: Needed) -> list[tuple[int, int]] | None:
        """(start, end) of the lines holding one of ``needed``, in order; None when the
        offsets are not the text's or the literals are on too much of the text to gain."""
        if not self.aligned:
            return None
        text = self.text
        spans: set[tuple[int, int]] = set()
        for literal in needed:
            end = -1
            for i in self.at.get(literal, ()):
                if i <= end:
                    continue  # on the line just taken
                start = text.rfind("\n", 0, i) + 1
                end = text.find("\n", i)
                end = len(text) if end < 0 else end
                spans.add((start, end))
        found = sorted(spans)
        if sum(e - s for s, e in found) > len(text) // 4:
            return None
        return found


# --- A line-start pattern's first character, tested first ----------------------------
# A pattern that starts at a line start with look-aheads (``^(?=…)(?=…)X…``) makes them at
# every line before its first consumed character X can turn the line down. When X is one
# of a listed set of characters, a look-ahead for that set put first answers the same
# (every match consumes such a character there) and turns most lines down at once.


def line_start_guard(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """An equivalent pattern that tests the first consumed character right after its
    leading ``^``, or ``pattern`` itself when that does not apply or gains nothing."""
    src = _guard_source(pattern)
    if src is None:
        return pattern
    try:
        return re.compile(src, pattern.flags)
    except re.error:
        return pattern


@per_pattern()
def _guard_source(pattern: re.Pattern[str]) -> str | None:
    src = pattern.pattern
    if not src.startswith("^") or pattern.flags & re.IGNORECASE:
        return None
    try:
        items = list(_parser.parse(src, pattern.flags))
    except Exception:  # noqa: BLE001 - a pattern re accepted but we cannot analyse
        return None
    if not items or items[0] != (C.AT, C.AT_BEGINNING) and items[0] != (C.AT, C.AT_BEGINNING_STRING):
        return None
    k = 1
    while k < len(items) and items[k][0] in (C.ASSERT, C.ASSERT_NOT) and items[k][1][0] == 1:
        k += 1  # look-aheads (direction 1): they do not move the position
    if k == 1 or k == len(items):
        return None  # nothing to put the test before, or nothing consumed after them
    chars = _first_class(items[k])
    return None if chars is None else "^(?=" + chars + ")" + src[1:]


def _first_class(item: tuple) -> str | None:  # type: ignore[type-arg]
    """A character class every match of ``item`` starts with, written out, when it is a
    listed set (literals and ranges: no categories, no negation)."""
    op, av = item
    if op is C.SUBPATTERN:
        inner = list(av[-1])
        return _first_class(inner[0]) if inner and av[1] == 0 and av[2] == 0 else None  # (no flag changes)
    if op in (C.MAX_REPEAT, C.MIN_REPEAT):
        lo, _, inner = av
        inner = list(inner)
        return _first_class(inner[0]) if lo >= 1 and inner else None
    if op is C.LITERAL:
        return "[" + _class_char(av) + "]"
    if op is C.IN:
        parts = []
        for kind, value in av:
            if kind is C.LITERAL:
                parts.append(_class_char(value))
            elif kind is C.RANGE:
                parts.append(_class_char(value[0]) + "-" + _class_char(value[1]))
            else:
                return None  # a category (\w, \s), a negation or a big charset
        return "[" + "".join(parts) + "]"
    return None


def _class_char(code: int) -> str:
    return "\\x%02x" % code if code < 0x100 else ("\\u%04x" % code if code < 0x10000 else "\\U%08x" % code)
