"""ftfy's badness test (``ftfy.badness.is_bad``), answered by searching only around
the few characters a mojibake sequence must contain.

``is_bad`` runs ftfy's one large regular expression over the whole text: on a
document with a single curly quote that is about a quarter of a second per megabyte,
and the encoding stage asks again each time it re-runs on an edited text. The
expression is a list of short fixed sequences (at most ``width`` characters), each
holding at least one character from a small set (mostly letters and marks of
mojibake: "Ã", "â", C1 controls …; "“" and "ü" are among the commonest). So a match,
if there is one, lies within ``width`` characters of such a character: searching
windows around those characters alone gives the same answer, for the price of one
scan for a character set.

That reasoning is checked on ftfy's own expression when first used (no look-arounds,
no anchor other than the text's start, a bounded width, a required character set in
every alternative); an expression that does not fit (a later ftfy) is used as ftfy
uses it. tests/stages/test_badness.py compares both on real and generated text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from re import _constants as _sre  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]

from ..lexcache import MISSING, keep, per_pattern, recall

Plan = tuple[re.Pattern[str], re.Pattern[str], int]

# Pattern operations whose match depends only on the characters consumed, or on being at
# the real start of the text (which a search starting later never claims).
_PLAIN_OPS = {_sre.LITERAL, _sre.NOT_LITERAL, _sre.IN, _sre.ANY, _sre.BRANCH, _sre.SUBPATTERN}
_REPEATS = {_sre.MAX_REPEAT, _sre.MIN_REPEAT}
_START_ONLY = {_sre.AT_BEGINNING, _sre.AT_BEGINNING_STRING}


def is_bad(text: str) -> bool:
    """Exactly ``ftfy.badness.is_bad(text)``."""
    plan = _plan()
    if plan is None:
        from ftfy.badness import is_bad as ftfy_is_bad

        return ftfy_is_bad(text)
    return found(plan, text)


def found(plan: Plan, text: str) -> bool:
    """Does the plan's pattern match anywhere in ``text``? Searched in windows only."""
    bad, trigger, width = plan
    n = len(text)
    lo = hi = -1  # the window being grown (none yet): triggers close together share one search
    for m in trigger.finditer(text):
        p = m.start()
        if hi < 0 or p - width + 1 > hi:
            if hi >= 0 and bad.search(text, lo, hi) is not None:
                return True
            lo = max(0, p - width + 1)
        hi = min(n, p + width)
    return hi >= 0 and bad.search(text, lo, hi) is not None


@lru_cache(maxsize=1)
def _plan() -> Plan | None:
    """The plan for ftfy's expression. ftfy's ``badness.py`` builds it from its own text
    alone (it imports only ``re`` and ``warnings``), so the expression and its analysis
    are kept in the cache under that file's bytes and this module's: a run that meets
    no damage then never imports ftfy (a package import of about 30 ms, a tenth of a
    short run's start)."""
    raw = _ftfy_badness_source()
    if raw is not None:
        kept = recall("badness-plan", raw)
        if kept is not MISSING:
            source, flags, trigger, width = kept
            return None if trigger is None else (re.compile(source, flags), re.compile(trigger), width)
    from ftfy.badness import BADNESS_RE

    plan = plan_for(BADNESS_RE)
    if raw is not None:
        trigger_source = None if plan is None else plan[1].pattern
        keep("badness-plan", raw, (BADNESS_RE.pattern, BADNESS_RE.flags, trigger_source, 0 if plan is None else plan[2]))
    return plan


def _ftfy_badness_source() -> bytes | None:
    """ftfy's ``badness.py`` and this module, as bytes (found without importing ftfy),
    or None when ftfy is not laid out as plain files."""
    from importlib.util import find_spec

    try:
        spec = find_spec("ftfy")
        if spec is None or not spec.submodule_search_locations:
            return None
        theirs = Path(next(iter(spec.submodule_search_locations))) / "badness.py"
        return theirs.read_bytes() + b"\0" + Path(__file__).read_bytes()
    except (ImportError, ValueError, OSError, StopIteration):
        return None


def plan_for(pattern: re.Pattern[str]) -> Plan | None:
    """(the pattern, a regex for the characters one of which every match holds, the
    longest match) — or None when the pattern is not of the kind the window search is
    exact for."""
    found = _trigger(pattern)
    return None if found is None else (pattern, re.compile(found[0]), found[1])


@per_pattern()
def _trigger(pattern: re.Pattern[str]) -> tuple[str, int] | None:
    """The trigger's source and the width: the analysis of ftfy's large expression (its
    parse alone is a twentieth of a second), kept in the cache."""
    if pattern.flags & (re.IGNORECASE | re.MULTILINE):
        return None  # a case partner could be the required character; "^" at every line
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
    except re.error:  # pragma: no cover - it compiled
        return None
    width = parsed.getwidth()[1]
    if width <= 0 or width >= _sre.MAXREPEAT or not _plain(parsed):
        return None
    items = list(parsed)
    alternatives = items[0][1][1] if len(items) == 1 and items[0][0] == _sre.BRANCH else [parsed]
    required: set[str] = set()
    for alt in alternatives:
        best: set[str] | None = None
        for op, av in alt:  # elements every match of this alternative passes through
            chars = _charset(op, av)
            if chars is not None and (best is None or _rarer(chars, best)):
                best = chars
        if best is None:
            return None  # an alternative of white space or word characters only
        required |= best
    return "[" + "".join(re.escape(c) for c in sorted(required)) + "]", width


def _rarer(a: set[str], b: set[str]) -> bool:
    """Is a set of characters likely to occur less often in text? Any ASCII character
    is common (a space, a letter); then the smaller set."""
    return (any(c.isascii() for c in a), len(a)) < (any(c.isascii() for c in b), len(b))


def _plain(sub: object) -> bool:
    """No look-arounds, back-references or anchors other than the text's start."""
    for op, av in sub:  # type: ignore[attr-defined]
        if op == _sre.AT:
            if av not in _START_ONLY:
                return False
        elif op in _REPEATS:
            if not _plain(av[2]):
                return False
        elif op == _sre.BRANCH:
            if not all(_plain(alt) for alt in av[1]):
                return False
        elif op == _sre.SUBPATTERN:
            if not _plain(av[-1]):
                return False
        elif op not in _PLAIN_OPS:
            return False
    return True


def _charset(op: object, av: object) -> set[str] | None:
    """The characters a one-character element matches, when they are listed (literals
    and ranges, no classes such as \\w, no negation)."""
    if op == _sre.LITERAL:
        return {chr(av)}  # type: ignore[arg-type]
    if op != _sre.IN:
        return None
    out: set[str] = set()
    for kind, value in av:  # type: ignore[attr-defined]
        if kind == _sre.LITERAL:
            out.add(chr(value))
        elif kind == _sre.RANGE:
            lo, hi = value
            if hi - lo > 4096:
                return None
            out.update(chr(c) for c in range(lo, hi + 1))
        else:
            return None  # a category (\s, \w) or a negation
    return out
