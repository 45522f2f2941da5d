"""One pass over a text for a whole set of regular expressions: which of them can match.

Python's ``re`` runs one pattern at a time, so the regex stages cost one scan of the
text per rule, and the coverage work multiplied the rules. Hyperscan (Intel's
multi-pattern engine, through the ``hyperscan`` wheel) compiles a set of patterns
into one automaton and scans a text once for all of them, at a cost that hardly
grows with the set. It is used here as a *filter*: a rule the scan says cannot
match is not run; a rule it says can match is run by ``re`` exactly as before, so
the findings never change.

That needs each rule's pattern translated into one Hyperscan matches *at least*
wherever Python's matches (a superset), although the dialects differ: Hyperscan
has no look-arounds or back-references, and its Unicode tables and case folding
are not Python's. So the translation walks ``re``'s own parse tree and

- drops zero-width items it cannot express (look-arounds, ``\\A``, ``\\Z``): the rest
  must still match; a look-behind right before the match (a look-ahead right after it)
  is consumed instead, since the text it asserts is there; ``^`` and ``$`` stay
  (multi-line: they hold wherever Python's do); ``\\b`` stays where one side can only
  be an ASCII word character (then Hyperscan's ASCII boundary holds wherever Python's
  Unicode one does), else it is dropped;
- widens what it cannot express (a back-reference becomes its group's pattern, or
  "anything" under IGNORECASE; atomic groups
  and possessive repeats become plain ones; long bounded repeats unbounded);
- writes every single-character item (a literal, a class, ``\\w``, ``.``) as an
  explicit class whose members were tested with Python's own engine: exactly over
  ASCII and over the non-ASCII characters the item names (with their case
  partners), and as "any non-ASCII character" where the item is open-ended
  (``\\w``, a negated class), so no Unicode table of Hyperscan's is relied on.

Case partners are part of every class: under IGNORECASE ``re`` takes the Kelvin sign
for k, the long s for s and dotted I for i, and so does the translation. Texts
Hyperscan cannot take as they are (lone surrogates, from undecodable bytes, are not
UTF-8) are not filtered: every rule runs on them. A pattern the translation or
Hyperscan does not take (one that can match the empty string, say) always runs.

Beyond the pattern itself, the body of each positive look-around every match passes
through becomes an expression of its own when it holds a rare literal: a rule runs
only where all its expressions are found. For a rule whose matches stay on one line
(prefilter.within_line), Hyperscan reports where each match of its first expression
ends, and the rule runs on those lines only.

The compiled set is kept on disk (``MTCLEAN_CACHE_DIR``), keyed by the patterns,
this module's source, Hyperscan's and Python's versions (Unicode tables), so a
short run loads it instead of translating and compiling.
"""

from __future__ import annotations

import hashlib
import marshal
import re
import sys
import threading
from bisect import bisect_left
from collections.abc import Sequence
from functools import lru_cache
from itertools import repeat
from operator import sub
from pathlib import Path
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

from . import lexcache
from .prefilter import spans_within_line, within_line

MAXCODE = 0x10FFFF
WIDE = 8  # bounded repeats above this many become unbounded (a superset, and cheaper to compile)
ENUMERATE = 1024  # non-ASCII members of a class range enumerated up to this many; wider: any non-ASCII
NON_ASCII = r"\x{80}-\x{d7ff}\x{e000}-\x{10ffff}"

try:
    import hyperscan  # type: ignore[import-untyped]
except ImportError:  # no wheel for this platform: every rule runs, as before
    hyperscan = None


class Unsupported(Exception):
    """The translation cannot express this pattern: its rule always runs."""


# --- case partners ------------------------------------------------------------------

_INVERSE: dict[int, list[int]] | None = None


def _inverse() -> dict[int, list[int]]:
    """For each lowercase code point, the other code points ``re`` lowers to it."""
    global _INVERSE
    if _INVERSE is None:
        import _sre

        inv: dict[int, list[int]] = {}
        lower = _sre.unicode_tolower
        for cp in range(MAXCODE + 1):
            lo = lower(cp)
            if lo != cp:
                inv.setdefault(lo, []).append(cp)
        _INVERSE = inv
    return _INVERSE


def _fixes() -> dict[int, tuple[int, ...]]:
    from re import _casefix  # type: ignore[attr-defined]

    return _casefix._EXTRA_CASES  # type: ignore[no-any-return]


def _partners(cp: int) -> set[int]:
    """Every code point ``re`` may treat as equal to ``cp`` under IGNORECASE."""
    import _sre

    lo = _sre.unicode_tolower(cp)
    out = {cp, lo}
    for base in [lo, *_fixes().get(lo, ())]:
        out.add(base)
        out.update(_inverse().get(base, ()))
    return out


# --- translation ----------------------------------------------------------------------


class _Chars:
    """A set of code points: explicit members plus, optionally, every non-ASCII one."""

    def __init__(self, members: set[int], any_non_ascii: bool) -> None:
        self.members = members
        self.any_non_ascii = any_non_ascii

    def emit(self) -> str:
        members = sorted(c for c in self.members if not (self.any_non_ascii and c > 127))
        if not members and not self.any_non_ascii:
            raise Unsupported("a character class that matches nothing")
        if len(members) == 1 and not self.any_non_ascii:
            return _esc(members[0])
        parts: list[str] = []
        run_start = prev = None
        for c in members + [None]:  # type: ignore[list-item]
            if c is not None and prev is not None and c == prev + 1 and not (0xD800 <= c <= 0xDFFF):
                prev = c
                continue
            if run_start is not None:
                parts.append(_esc(run_start) if run_start == prev else f"{_esc(run_start)}-{_esc(prev)}")  # type: ignore[arg-type]
            run_start = prev = c
        if self.any_non_ascii:
            parts.append(NON_ASCII)
        return "[" + "".join(parts) + "]"


def _esc(cp: int) -> str:
    ch = chr(cp)
    if cp < 128 and ch.isalnum():
        return ch
    return f"\\x{{{cp:x}}}"


def _single(op: Any, av: Any, flags: int) -> _Chars:
    """The characters one single-character item matches, tested with ``re`` itself."""
    from re import _compiler  # type: ignore[attr-defined]

    state = _parser.State()
    state.flags = flags
    rx = _compiler.compile(_parser.SubPattern(state, [(op, av)]), flags)
    ignore = bool(flags & re.IGNORECASE)
    named: set[int] = set()
    open_ended = False
    items = av if op is C.IN else [(op, av)]
    for iop, iav in items:
        if iop in (C.LITERAL, C.NOT_LITERAL):
            named.add(iav)
            open_ended = open_ended or iop is C.NOT_LITERAL
        elif iop is C.RANGE:
            lo, hi = iav
            if hi > 127 and hi - max(lo, 128) >= ENUMERATE:
                open_ended = True
            named.update(range(lo, min(hi, 127) + 1))
            if hi > 127:
                named.update(range(max(lo, 128), min(hi, max(lo, 128) + ENUMERATE) + 1))
        elif iop in (C.CATEGORY, C.NEGATE, C.ANY):
            open_ended = True
        else:
            raise Unsupported(f"class item {iop}")
    candidates = set(range(128))
    for c in named:
        candidates.update(_partners(c) if ignore else (c,))
    members = {c for c in candidates if not 0xD800 <= c <= 0xDFFF and rx.fullmatch(chr(c))}
    if op is C.ANY:
        open_ended = True
    return _Chars(members, open_ended)


class _Walk:
    """One pattern's translation, with what each group translated to (a back-reference
    matches what its group matched)."""

    def __init__(self, ignorecase: bool) -> None:
        self.groups: dict[int, str] = {}
        self.ignorecase = ignorecase

    def seq(self, items: Sequence[Any], flags: int, first: bool = False, last: bool = False) -> str:
        """``first``/``last``: the sequence starts (ends) the whole match, so a look-behind
        before its first consuming item (a look-ahead after its last) may be consumed
        instead of dropped: the text it asserts is there, right before (after) the match."""
        items = list(items)
        consuming = [k for k, item in enumerate(items) if not _zero_width(item)]
        lo = consuming[0] if consuming else len(items)
        hi = consuming[-1] if consuming else -1
        # the one look-around consumed at each edge: the nearest to the match's content
        behind = next((k for k in range(lo - 1, -1, -1) if _looks(items[k], behind=True)), None) if first else None
        ahead = next((k for k in range(hi + 1, len(items)) if _looks(items[k], behind=False)), None) if last else None
        out: list[str] = []
        for k, (op, av) in enumerate(items):
            if k in (behind, ahead):
                out.append("(?:" + self.seq(av[1], flags) + ")")
            elif op is C.AT and av == C.AT_BOUNDARY:
                out.append("\\b" if _ascii_word_edge(items, k, flags) else "")
            else:
                out.append(self.item(op, av, flags, first and k <= lo and behind is None, last and k >= hi and ahead is None))
        return "".join(out)

    def item(self, op: Any, av: Any, flags: int, first: bool, last: bool) -> str:
        if op in (C.LITERAL, C.NOT_LITERAL, C.IN, C.ANY, C.CATEGORY):
            return _single(op, av, flags).emit()
        if op is C.AT:
            # ^ and $ hold (Hyperscan's, in multi-line mode, wherever Python's can); the
            # rest (\b, \B, \A, \Z) are dropped
            if av in (C.AT_BEGINNING, C.AT_BEGINNING_LINE):
                return "^"
            if av in (C.AT_END, C.AT_END_LINE):
                return "$"
            return ""
        if op in (C.ASSERT, C.ASSERT_NOT):
            return ""  # zero width: the rest of the match must still be there
        if op is C.SUBPATTERN:
            group, add, remove, sub = av
            inner = (flags | add) & ~remove
            body = self.seq(sub, inner, first, last)
            if group is not None:  # what the group itself matched, without a consumed look-around
                self.groups[group] = self.seq(sub, inner) if first or last else body
            return "(?:" + body + ")"
        if op is getattr(C, "ATOMIC_GROUP", None):
            return "(?:" + self.seq(av, flags, first, last) + ")"
        if op is C.BRANCH:
            return "(?:" + "|".join(self.seq(b, flags, first, last) for b in av[1]) + ")"
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT)):
            lo, hi, sub = av
            body = "(?:" + self.seq(sub, flags) + ")"
            lo = min(lo, WIDE)
            if hi == C.MAXREPEAT or hi > WIDE:
                return f"{body}{{{lo},}}"
            return f"{body}{{{lo},{hi}}}"
        if op is C.GROUPREF:
            held = self.groups.get(av)
            if held is not None and not self.ignorecase and "^" not in held and "$" not in held:
                return "(?:" + held + ")"  # the same text matched the group's pattern
            return "(?:[\\x{0}-\\x{d7ff}\\x{e000}-\\x{10ffff}]*)"  # anything
        if op is C.GROUPREF_EXISTS:
            _group, yes, no = av
            return "(?:" + self.seq(yes, flags) + "|" + (self.seq(no, flags) if no else "") + ")"
        raise Unsupported(f"pattern item {op}")


WORD = frozenset(ord(c) for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


def _ascii_word_edge(items: list[Any], k: int, flags: int) -> bool:
    """May ``\\b`` at ``items[k]`` be kept as Hyperscan's (ASCII) word boundary?

    Yes when the character on one side can only be an ASCII word character: then
    Python's boundary (Unicode word characters) holds only where Hyperscan's does,
    whatever the other side is (Hyperscan takes every non-ASCII character as a non-word
    one). A side that is an ASCII non-word character or unknown proves nothing."""
    after = next((it for it in items[k + 1 :] if not _zero_width(it)), None)
    before = next((it for it in reversed(items[:k]) if not _zero_width(it)), None)
    for item, at_start in ((after, True), (before, False)):
        if item is None:
            continue
        chars = _edge(item, at_start, flags)
        if chars is not None and not chars.any_non_ascii and chars.members and chars.members <= WORD:
            return True
    return False


def _edge(item: tuple[Any, Any], at_start: bool, flags: int, depth: int = 0) -> _Chars | None:
    """The characters a match of ``item`` can start (end) with, where that is easy to tell."""
    op, av = item
    if depth > 20:
        return None
    if op in (C.LITERAL, C.IN):
        try:
            return _single(op, av, flags)
        except Unsupported:
            return None
    if op is C.SUBPATTERN:
        _group, add, remove, sub = av
        seq = [it for it in sub if not _zero_width(it)]
        if not seq:
            return None
        return _edge(seq[0] if at_start else seq[-1], at_start, (flags | add) & ~remove, depth + 1)
    if op is C.BRANCH:
        members: set[int] = set()
        for b in av[1]:
            seq = [it for it in b if not _zero_width(it)]
            if not seq:
                return None
            chars = _edge(seq[0] if at_start else seq[-1], at_start, flags, depth + 1)
            if chars is None or chars.any_non_ascii:
                return None
            members |= chars.members
        return _Chars(members, False)
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT)):
        lo, _hi, sub = av
        seq = [it for it in sub if not _zero_width(it)]
        if lo < 1 or not seq:
            return None
        return _edge(seq[0] if at_start else seq[-1], at_start, flags, depth + 1)
    return None


def _zero_width(item: tuple[Any, Any]) -> bool:
    if item[0] in (C.AT, C.ASSERT, C.ASSERT_NOT):
        return True
    try:
        return _parser.SubPattern(_parser.State(), [item]).getwidth()[1] == 0
    except Exception:  # noqa: BLE001
        return False


def _strength(items: list[Any]) -> int:
    """How rare the literals every match of ``items`` holds are (prefilter's measure)."""
    from .prefilter import _score, _sequence

    found = _sequence(items)
    return 0 if found is None else _score(found)


def _looks(item: tuple[Any, Any], behind: bool) -> bool:
    """A positive look-behind (look-ahead)."""
    op, av = item
    return op is C.ASSERT and (av[0] < 0) == behind


def translate(pattern: re.Pattern[str]) -> list[str]:
    """Hyperscan patterns that all match (somewhere) in every text ``pattern`` matches in,
    with Hyperscan's multi-line mode (``^`` and ``$`` at every line): the pattern itself,
    then the body of each positive look-around every match passes through (a rule that
    looks ahead for an agency's name on the line holds the name; the look-ahead is
    dropped from the first pattern, so the name must be found on its own)."""
    parsed = _parser.parse(pattern.pattern, pattern.flags)
    flags = pattern.flags | parsed.state.flags
    walk = _Walk(bool(flags & re.IGNORECASE))
    out = [walk.seq(list(parsed), flags, first=True, last=True)]
    for body, inner in _necessary(list(parsed), flags):
        if _strength(body) < 3:
            continue  # a look-around without a rare literal filters little and slows the scan
        try:
            out.append(_Walk(bool(inner & re.IGNORECASE)).seq(body, inner))
        except Unsupported:
            continue
    return out


def _necessary(items: list[Any], flags: int, depth: int = 0) -> list[tuple[list[Any], int]]:
    """The bodies of the positive look-arounds that every match passes through (not in an
    alternative or an optional part), with their flags."""
    out: list[tuple[list[Any], int]] = []
    if depth > 20:
        return out
    for op, av in items:
        if op is C.ASSERT:
            out.append((list(av[1]), flags))
        elif op is C.SUBPATTERN:
            _group, add, remove, sub = av
            out += _necessary(list(sub), (flags | add) & ~remove, depth + 1)
        elif op is getattr(C, "ATOMIC_GROUP", None):
            out += _necessary(list(av), flags, depth + 1)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT)) and av[0] >= 1:
            out += _necessary(list(av[2]), flags, depth + 1)
    return out


# --- the compiled set -------------------------------------------------------------------


@lru_cache(maxsize=1)
def _source_tag() -> str:
    try:
        return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    except OSError:
        return "unknown"


class Hits:
    """What one scan found: the rules that may match, and for some of them the lines
    that may hold a match."""

    __slots__ = ("rules", "ends", "text", "data")

    def __init__(self, rules: set[int], ends: dict[int, list[int]], text: str, data: bytes) -> None:
        self.rules = rules
        self.ends = ends  # rule index -> byte offsets where a match of its pattern may end
        self.text = text
        self.data = data

    def lines(self, i: int) -> list[tuple[int, int]] | None:
        """(start, end) of the lines a match of rule ``i`` can be on, in order, or None
        when the scan did not locate its matches."""
        ends = self.ends.get(i)
        if ends is None:
            return None
        text, data = self.text, self.data
        ascii_ = len(text) == len(data)
        spans: list[tuple[int, int]] = []
        chars = done = 0
        last = -1
        for b in sorted(set(ends)):
            if b <= last:
                continue  # on the line just taken
            start_b = data.rfind(b"\n", 0, b - 1) + 1
            end_b = data.find(b"\n", b - 1)
            end_b = len(data) if end_b < 0 else end_b
            last = end_b
            if ascii_:
                spans.append((start_b, end_b))
                continue
            chars += len(data[done:start_b].decode("utf-8"))  # line starts are character boundaries
            line = len(data[start_b:end_b].decode("utf-8"))
            spans.append((chars, chars + line))
            chars += line
            done = end_b
        return spans


class RegexSet:
    """The rules of one stage as one Hyperscan database.

    Each rule held is a conjunction of expressions (see translate), so ``scan(text)``
    gives the indices (into the patterns given) of the rules all of whose expressions
    the text holds, plus ``always``, the rules not held; or None when the text is not
    filtered (every rule runs). For a rule whose matches stay within a line, the first
    expression reports every match's end (the others stop at their first): such a rule
    then runs only on the lines that may hold a match."""

    def __init__(
        self, db: Any, parts: list[tuple[int, tuple[int, ...]]], located: dict[int, int], size: int
    ) -> None:
        self._db = db
        self.parts = parts  # (rule index, its expressions' ids)
        self.located = located  # expression id reporting every match end -> rule index
        held = {i for i, _ in parts}
        self.always = [i for i in range(size) if i not in held]
        self._local = threading.local()

    def scan(self, text: str) -> Hits | None:
        if self._db is None:
            return None
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates (undecodable bytes kept): not UTF-8
            return None
        found: set[int] = set()
        ends: dict[int, list[int]] = {}
        located = self.located

        def collect(id_: int, start: int, end: int, flags: int, context: object) -> None:
            found.add(id_)  # (a located-only expression is in no rule's conjunction: harmless)
            rule = located.get(id_)
            if rule is None:
                pass
            elif rule in ends:
                ends[rule].append(end)
            else:
                ends[rule] = [end]

        scratch = getattr(self._local, "scratch", None)
        try:
            if scratch is None:
                scratch = self._local.scratch = hyperscan.Scratch(self._db)
            self._db.scan(data, match_event_handler=collect, scratch=scratch)
        except hyperscan.HyperscanError:
            return None
        rules = set(self.always)
        rules.update(i for i, ids in self.parts if ids[0] in found and all(e in found for e in ids))
        return Hits(rules, ends, text, data)


_BUILT: dict[str, RegexSet | None] = {}


def build(patterns: Sequence[re.Pattern[str] | None]) -> RegexSet | None:
    """The set for ``patterns`` (None entries always run), from the disk cache when it holds it.
    None when Hyperscan is not installed."""
    if hyperscan is None or not any(p is not None for p in patterns):
        return None
    key_src = repr(
        (
            _source_tag(),
            getattr(hyperscan, "__version__", "?"),
            sys.version,
            [(p.pattern, p.flags) if isinstance(p, re.Pattern) else None for p in patterns],
        )
    )
    key = hashlib.sha256(key_src.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    if key in _BUILT:
        return _BUILT[key]
    made = _from_disk(key, len(patterns))
    if made is None:
        made = _compile(patterns)
        if made is not None:
            _to_disk(key, made)
    _BUILT[key] = made
    return made


FLAGS = ("HS_FLAG_UTF8", "HS_FLAG_SINGLEMATCH", "HS_FLAG_MULTILINE")


def _compile(patterns: Sequence[re.Pattern[str] | None]) -> RegexSet | None:
    flags = 0
    for name in FLAGS:
        flags |= getattr(hyperscan, name)
    exprs: list[bytes] = []
    every: list[bool] = []  # per expression: report every match (not only the first)
    parts: list[tuple[int, tuple[int, ...]]] = []
    located: dict[int, int] = {}
    for i, p in enumerate(patterns):
        if not isinstance(p, re.Pattern) or not isinstance(p.pattern, str):
            continue
        try:
            translated = translate(p)
        except (Unsupported, re.error, RecursionError, ValueError):
            continue
        ids: list[int] = []
        for expr in translated:
            try:  # one by one first: an expression Hyperscan refuses (one that matches "") is left out
                hyperscan.Database().compile(expressions=[expr.encode("ascii")], elements=1, flags=[flags])
            except hyperscan.HyperscanError:
                continue
            ids.append(len(exprs))
            exprs.append(expr.encode("ascii"))
            every.append(False)
        if ids:  # a rule none of whose expressions Hyperscan takes always runs
            parts.append((i, tuple(ids)))
            if within_line(p):  # its first expression reports every match: its lines are known
                located[ids[0]] = i
                every[ids[0]] = True
                exprs[ids[0]] = _to_line_end(exprs[ids[0]], flags)
            elif spans_within_line(p):
                # Its matches stay on a line but its look-arounds see further: the pattern
                # without look-arounds consumed at its edges reports where matches end.
                try:
                    parsed = _parser.parse(p.pattern, p.flags)
                    flags_ = p.flags | parsed.state.flags
                    bare = _Walk(bool(flags_ & re.IGNORECASE)).seq(list(parsed), flags_).encode("ascii")
                    hyperscan.Database().compile(expressions=[bare], elements=1, flags=[flags])
                except (Unsupported, re.error, RecursionError, ValueError, hyperscan.HyperscanError):
                    continue
                located[len(exprs)] = i
                exprs.append(_to_line_end(bare, flags))
                every.append(True)
    if not exprs:
        return RegexSet(None, [], {}, len(patterns))
    db = hyperscan.Database()
    single = hyperscan.HS_FLAG_SINGLEMATCH
    db.compile(
        expressions=exprs,
        ids=list(range(len(exprs))),
        elements=len(exprs),
        flags=[flags & ~single if e else flags for e in every],
    )
    made = RegexSet(db, parts, located, len(patterns))
    made._serialized = hyperscan.dumpb(db)  # type: ignore[attr-defined]
    return made


def _to_line_end(expr: bytes, flags: int) -> bytes:
    """An expression that reports every match of ``expr`` (which never crosses a line
    break) at the end of its line: Hyperscan reports an end once per expression, so a
    line is reported once however many matches it holds (a pattern of words and blanks
    can end at every word of a line). The lines found are the same (Hits.lines)."""
    extended = b"(?:" + expr + b")[^\\n]*$"
    try:
        hyperscan.Database().compile(expressions=[extended], elements=1, flags=[flags & ~hyperscan.HS_FLAG_SINGLEMATCH])
    except hyperscan.HyperscanError:
        return expr
    return extended


def _cache_path(key: str) -> Path | None:
    where = lexcache.folder()
    return None if where is None else where / f"regexset-{key}.marshal"


def _from_disk(key: str, size: int) -> RegexSet | None:
    path = _cache_path(key)
    if path is None:
        return None
    try:
        parts, located, blob = marshal.loads(lexcache.read_used(path))
        db = hyperscan.loadb(blob, hyperscan.HS_MODE_BLOCK) if blob else None
        return RegexSet(db, [(int(i), tuple(ids)) for i, ids in parts], dict(located), size)
    except Exception:  # noqa: BLE001 - missing, damaged or foreign: compiled again
        return None


def _to_disk(key: str, made: RegexSet) -> None:
    _write(_cache_path(key), marshal.dumps((made.parts, made.located, getattr(made, "_serialized", b""))))


class LiteralSet:
    """Every occurrence of many literals (a phrase table's forms) in one Hyperscan pass in
    literal mode: the same hits as an overlapping Aho-Corasick search, in character
    offsets."""

    def __init__(self, db: Any, lengths: list[int]) -> None:
        self._db = db
        self.lengths = lengths  # per literal, its length in characters
        self._local = threading.local()

    def find(self, text: str) -> list[tuple[int, int, int]] | None:
        """(literal index, start, end) of every occurrence, or None when the text cannot be
        scanned (lone surrogates)."""
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:
            return None
        ends: list[tuple[int, int]] = []
        scratch = getattr(self._local, "scratch", None)
        try:
            if scratch is None:
                scratch = self._local.scratch = hyperscan.Scratch(self._db)
            self._db.scan(data, match_event_handler=lambda i, _s, e, _f, _c: ends.append((e, i)), scratch=scratch)
        except hyperscan.HyperscanError:
            return None
        ends.sort()
        lengths = self.lengths
        if len(data) == len(text):
            return [(i, e - lengths[i], e) for e, i in ends]
        out: list[tuple[int, int, int]] = []
        chars = done = 0
        for e, i in ends:  # byte offsets to character offsets, one decode of each stretch
            chars += len(data[done:e].decode("utf-8"))
            done = e
            out.append((i, chars - lengths[i], chars))
        return out


_LITERALS: dict[str, LiteralSet | None] = {}


def literal_set(literals: Sequence[str]) -> LiteralSet | None:
    """The set for ``literals``, from the disk cache when it holds it; None without Hyperscan."""
    if hyperscan is None or not literals:
        return None
    key_src = repr((_source_tag(), getattr(hyperscan, "__version__", "?"), "literal", list(literals)))
    key = hashlib.sha256(key_src.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    if key in _LITERALS:
        return _LITERALS[key]
    lengths = [len(s) for s in literals]
    path = _cache_path(key)
    made: LiteralSet | None = None
    if path is not None:
        try:
            made = LiteralSet(hyperscan.loadb(lexcache.read_used(path), hyperscan.HS_MODE_BLOCK), lengths)
        except Exception:  # noqa: BLE001 - missing, damaged or foreign: compiled again
            made = None
    if made is None:
        try:
            encoded = [s.encode("utf-8") for s in literals]
            db = hyperscan.Database()
            db.compile(
                expressions=encoded, ids=list(range(len(encoded))), elements=len(encoded), flags=[0] * len(encoded), literal=True
            )
        except (hyperscan.HyperscanError, UnicodeEncodeError):
            _LITERALS[key] = None
            return None
        made = LiteralSet(db, lengths)
        _write(path, hyperscan.dumpb(db))
    _LITERALS[key] = made
    return made


class StartSet:
    """Where matches of several patterns may start, in one Hyperscan pass.

    Each entry is held as the first of its candidate patterns that Hyperscan takes with
    start-of-match reporting (the later ones are simpler supersets, a pattern the engine
    finds too large in that mode being the usual reason). Every match of an entry's
    pattern lies within a span reported for that entry: Hyperscan reports each end once
    per pattern with the leftmost start, so a match that ends where an earlier one of the
    same pattern ends starts inside that earlier span. The caller confirms each place
    with ``re``: the spans are a superset (see translate)."""

    def __init__(self, db: Any) -> None:
        self._db = db
        self._local = threading.local()

    def spans(self, text: str) -> list[tuple[int, int, int]] | None:
        """(entry index, start, end) in character offsets of every reported match, or None
        when the text cannot be scanned (lone surrogates)."""
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:
            return None
        found: list[tuple[int, int, int]] = []
        scratch = getattr(self._local, "scratch", None)
        try:
            if scratch is None:
                scratch = self._local.scratch = hyperscan.Scratch(self._db)
            self._db.scan(data, match_event_handler=lambda i, s, e, _f, _c: found.append((i, s, e)), scratch=scratch)
        except hyperscan.HyperscanError:
            return None
        if len(data) == len(text):
            return found
        return to_characters(found, data, len(data) - len(text))


def to_characters(found: list[tuple[int, int, int]], data: bytes, continuation: int) -> list[tuple[int, int, int]]:
    """``found``'s (entry, start, end) with byte offsets into ``data`` (UTF-8) turned into
    character offsets: a character offset is the byte offset less the continuation bytes
    (0x80-0xBF) before it, of which ``data`` holds ``continuation``.

    Mostly English text holds few (a curly quote, a name): their places are listed and
    each offset looks its count up by bisection. Otherwise (German, Cyrillic …) they are
    counted between consecutive offsets in a copy with those bytes marked.
    tests/test_regex_set.py compares both ways."""
    if continuation <= CONTINUATION_LISTED:
        # (marked, then found as a literal: the regex engine skips to each at memory speed)
        places = [m.start() for m in _MARKED.finditer(data.translate(_CONTINUATION))]
        entries, starts, ends = zip(*found) if found else ((), (), ())
        # (in C: map over the columns, no Python step per offset)
        starts = map(sub, starts, map(bisect_left, repeat(places), starts))
        ends = map(sub, ends, map(bisect_left, repeat(places), ends))
        return list(zip(entries, starts, ends))
    return _to_characters_counted(found, data)


def _to_characters_counted(found: list[tuple[int, int, int]], data: bytes) -> list[tuple[int, int, int]]:
    marked = data.translate(_CONTINUATION)
    at: dict[int, int] = {}
    cont = done = 0
    count = marked.count
    for b in sorted({b for _, s, e in found for b in (s, e)}):
        cont += count(0, done, b)
        done = b
        at[b] = b - cont
    return [(i, at[s], at[e]) for i, s, e in found]


# Every UTF-8 continuation byte (0x80-0xBF) as 0, every other byte as 1.
_CONTINUATION = bytes(0 if 0x80 <= b <= 0xBF else 1 for b in range(256))
_MARKED = re.compile(b"\x00")
CONTINUATION_LISTED = 20_000  # continuation bytes up to which they are listed (see to_characters)


_STARTS: dict[str, StartSet | None] = {}


def start_set(entries: Sequence[Sequence[re.Pattern[str]]]) -> StartSet | None:
    """The set for ``entries`` (each a list of patterns, tried in order), from the disk
    cache when it holds it; None without Hyperscan or when an entry has no pattern that
    Hyperscan takes (the caller then searches with ``re`` alone)."""
    if hyperscan is None or not entries:
        return None
    key_src = repr(
        (
            _source_tag(),
            getattr(hyperscan, "__version__", "?"),
            sys.version,
            "starts",
            [[(p.pattern, p.flags) for p in ps] for ps in entries],
        )
    )
    key = hashlib.sha256(key_src.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    if key in _STARTS:
        return _STARTS[key]
    path = _cache_path(key)
    made: StartSet | None = None
    if path is not None:
        try:
            made = StartSet(hyperscan.loadb(lexcache.read_used(path), hyperscan.HS_MODE_BLOCK))
        except Exception:  # noqa: BLE001 - missing, damaged or foreign: compiled again
            made = None
    if made is None:
        exprs = [_first_taken(ps) for ps in entries]
        if any(e is None for e in exprs):
            _STARTS[key] = None
            return None
        db = hyperscan.Database()
        db.compile(
            expressions=exprs, ids=list(range(len(exprs))), elements=len(exprs), flags=[_start_flags()] * len(exprs)
        )
        made = StartSet(db)
        _write(path, hyperscan.dumpb(db))
    _STARTS[key] = made
    return made


def _start_flags() -> int:
    return hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_MULTILINE | hyperscan.HS_FLAG_SOM_LEFTMOST


def _first_taken(patterns: Sequence[re.Pattern[str]]) -> bytes | None:
    """The translation of the first pattern Hyperscan compiles with start reporting."""
    for p in patterns:
        try:
            expr = translate(p)[0].encode("ascii")
            hyperscan.Database().compile(expressions=[expr], elements=1, flags=[_start_flags()])
        except (Unsupported, re.error, RecursionError, ValueError, hyperscan.HyperscanError):
            continue
        return expr
    return None


KEEP = 64  # compiled sets kept on disk; every other set of user rules adds one, the least used go


def _write(path: Path | None, blob: bytes) -> None:
    """Write atomically, then keep the ``KEEP`` most recently used sets (lexcache.bound)."""
    if path is not None and lexcache.store(path, blob):
        lexcache.bound("regexset", KEEP)
