"""Pattern rules over tokens: the ``pattern`` rule kind.

Like LanguageTool's pattern rules, but smaller. A rule's ``tokens`` is a list of
elements matched in order inside one sentence. An element is either a token test
or a gap:

    - text: [that, because]      # literal(s), case-insensitive (``case: true`` for exact)
      regex: '[a-z]+ed'          # the whole token must match (case-sensitive)
      class: [finite-verb, '!noun']  # word classes / rules/lexicon lists, all must hold
      not: {text: said}          # a nested test that must NOT hold
      cap: true                  # capitalised (false: not capitalised)
      punct: true                # a punctuation mark (false: a word or number)
      first: true                # first token of the sentence or of a clause (after – : ; or a quote)
      last: true                 # the last token before the sentence's closing marks
      optional: true             # or repeat: [min, max]
      name: verb                 # for the suggestion template: {verb}
      report: false              # context only: not part of the flagged span
    - gap: 8                     # skip up to 8 tokens (min: 1 for at least one) …
      each: {punct: false}       # … each of which passes this test

Gaps are lazy (shortest first), repeats greedy. Everything is validated when the
rule loads, with the file and line of the offending element.
"""

from __future__ import annotations

import contextvars
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .doc import OPENING, Doc, Token, trie_regex
from .lexicon import Lexicon

TEST_KEYS = {"text", "regex", "class", "not", "cap", "punct", "first", "last", "case"}
ELEMENT_KEYS = TEST_KEYS | {"optional", "repeat", "name", "report"}
GAP_KEYS = {"gap", "min", "each", "name", "report"}
# True while a user's rule file is compiled (rules.py): its token regexes are guarded.
USER_RULES: contextvars.ContextVar[bool] = contextvars.ContextVar("mtclean_user_rules", default=False)
TEMPLATE_NAME = re.compile(r"\{([\w-]+)\}")
CLOSERS = set(".!?…\"”’'»)]")

Fail = Callable[[str, int | None], Exception]
Test = Callable[[list[Token], int], bool]


@dataclass
class Element:
    test: Test | None  # None: a gap
    lo: int
    hi: int
    name: str | None = None
    report: bool = True
    literals: frozenset[str] | None = None  # the words this element can be, when it is a fixed set
    each: Test | None = None  # for a gap: what every skipped token must pass
    piece: str | None = None  # a regex every text this element matches must match (for the prefilter)
    case_free: bool = False  # the piece is a token regex that lowercasing does not affect


@dataclass
class TokenPattern:
    """A compiled rule, with a prefilter so that most sentences are never cut into tokens.

    The *anchor* is the rarest literal element (by wordfreq): one fast scan of the
    lowercased text for its words finds candidate sentences and start positions.
    ``runs`` are regexes over the raw text for runs of consecutive elements that a
    regex can stand for; each must also occur in a candidate sentence."""

    elements: list[Element]
    runs: list[re.Pattern[str]] = field(default_factory=list)
    names: set[str] = field(default_factory=set)
    _anchor: tuple[frozenset[str], re.Pattern[str], int, int] | None = None
    _anchored: bool = False
    _ahead: str | None = None
    guarded: bool = False  # from a user's rule file: its token regexes run with a time limit

    def matches(self, doc: Doc, found: dict[str, list[int]] | None = None) -> list[tuple[int, int, dict[str, str]]]:
        """(start, end, named texts) of every non-overlapping match, in text order."""
        out: list[tuple[int, int, dict[str, str]]] = []
        text = doc.text
        for si, starts in sorted(self._candidates(doc, found)):
            toks = doc.tokens(si)
            i = 0
            while i < len(toks):
                if starts is not None and i not in starts:
                    i += 1
                    continue
                spans = self._match(toks, 0, i, [])
                if spans is None:
                    i += 1
                    continue
                reported = [(a, b) for el, a, b in spans if el.report and b > a]
                if reported:
                    start = toks[reported[0][0]].start
                    end = toks[reported[-1][1] - 1].end
                    named = {
                        el.name: text[toks[a].start : toks[b - 1].end] if b > a else "" for el, a, b in spans if el.name
                    }
                    out.append((start, end, named))
                i = max(i + 1, max(b for _, _, b in spans))
        return out

    def anchor(self) -> tuple[frozenset[str], re.Pattern[str], int, int] | None:
        """(words to scan for, check regex over the text at each hit, min and max tokens
        before the anchor element).

        The scan looks for one literal element's words (a trie with nothing before it,
        which the regex engine skips through fast); the check then matches that element
        and the following elements a regex can stand for at the hit. Of all literal
        elements, the one expected to pass the check least often (wordfreq frequencies,
        each further element a strong filter) is chosen."""
        if not self._anchored:
            self._anchored = True
            best: tuple[float, int, str] | None = None
            for k, el in enumerate(self.elements):
                if el.test is None or el.lo == 0 or not el.literals:
                    continue
                body = _cased(el.literals)
                hits = sum(_frequency(w) for w in el.literals)
                passed = hits
                if el.hi != 1:
                    body = f"(?:{body}\\s*){{{el.lo},{el.hi}}}"
                ahead, needed, safe = "", False, True
                if el.hi != 1:  # the scan finds the first word of the run; the rest of it comes next
                    safe = all(w.isascii() for w in el.literals)
                    ahead, needed = f"\\s*(?:{_cased(el.literals)}\\s*){{{el.lo - 1},{el.hi - 1}}}", el.lo > 1
                for nxt in self.elements[k + 1 :]:
                    if nxt.test is None or nxt.piece is None:
                        break
                    piece = _cased(nxt.literals) if nxt.literals else nxt.piece
                    if nxt.lo == 1 and nxt.hi == 1:
                        part = r"\s*" + piece
                    else:
                        part = f"(?:\\s*{piece}){{{nxt.lo},{nxt.hi}}}"
                    body += part
                    # The scan's test is the leading run of elements that match the same
                    # in the lowercased text (a prefix of the check: it passes wherever
                    # the check does).
                    safe = safe and _lowercase_safe(nxt)
                    if safe:
                        ahead += part
                        needed = needed or nxt.lo > 0
                    if nxt.lo:
                        passed *= 0.05 if nxt.literals else 0.3
                # Each scan hit costs a check; each hit that passes it costs far more (tokens).
                cost = hits + 100 * passed
                if best is None or cost < best[0]:
                    best = (cost, k, body)
                    rest = ahead if needed else None
            if best is not None:
                _, k, body = best
                self._ahead = rest
                lo = sum(e.lo for e in self.elements[:k])
                hi = sum(e.hi for e in self.elements[:k])
                words = self.elements[k].literals or frozenset()
                if all(w[:1].isalnum() for w in words):
                    body = r"(?<![\w'’-])" + body
                self._anchor = (words, re.compile(body), lo, hi)
        return self._anchor

    def anchor_words(self) -> frozenset[str]:
        anchor = self.anchor()
        return frozenset() if anchor is None else anchor[0]

    def anchor_ahead(self) -> str | None:
        """The part of the check regex after the anchor word (None when the anchor element
        repeats or no element after it has a regex). A scan tests it right after each
        anchor word, so the (many) hits of a common word that no match can start at are
        dropped inside the regex engine; the check itself is still applied to each hit."""
        self.anchor()
        return self._ahead

    def _candidates(self, doc: Doc, found: dict[str, list[int]] | None = None) -> list[tuple[int, set[int] | None]]:
        """Sentences that can hold a match, with the token indices a match can start at.
        ``found``: where words occur (see scan), if the caller scanned for them already."""
        anchor = self.anchor()
        if anchor is None:
            return [(i, None) for i in range(len(doc)) if self._runs_in(doc, i)]
        words, check, lo, hi = anchor
        text = doc.text
        if found is None:
            found = scan(doc, words)
        if len(found) < len(words):  # a short text (a segment with --lines) holds few of many words
            positions = sorted(p for w, ps in found.items() if w in words for p in ps)
        else:
            positions = sorted(p for w in words for p in found.get(w, ()))
        if not positions:
            return []
        hits: dict[int, list[int]] = {}
        match, starts_at, spans = check.match, doc.starts, doc.spans  # (doc.sentence_at, inlined: a call per hit)
        for p in positions:
            if match(text, p) is None:
                continue
            si = bisect_right(starts_at, p) - 1
            if si >= 0 and p < spans[si][1]:
                hits.setdefault(si, []).append(p)
        out: list[tuple[int, set[int] | None]] = []
        for si, positions in hits.items():
            if not self._runs_in(doc, si):
                continue
            toks = doc.tokens(si)
            index = {t.start: k for k, t in enumerate(toks)}
            starts = {
                k - d for p in positions if (k := index.get(p)) is not None for d in range(lo, hi + 1) if k - d >= 0
            }
            if starts:
                out.append((si, starts))
        return out

    def _runs_in(self, doc: Doc, si: int) -> bool:
        s, e = doc.spans[si]
        text = doc.text
        for r in self.runs:
            if r.search(text, s, e) is None:
                return False
        return True

    def _match(
        self, toks: list[Token], ei: int, ti: int, acc: list[tuple[Element, int, int]]
    ) -> list[tuple[Element, int, int]] | None:
        if ei == len(self.elements):
            return list(acc)
        el = self.elements[ei]
        if el.test is None:  # a gap: lazy, every skipped token passing ``each``
            n = 0
            while n < el.lo:
                if ti + n >= len(toks) or not _each(el, toks, ti + n):
                    return None
                n += 1
            while True:
                acc.append((el, ti, ti + n))
                found = self._match(toks, ei + 1, ti + n, acc)
                acc.pop()
                if found is not None:
                    return found
                if n >= el.hi or ti + n >= len(toks) or not _each(el, toks, ti + n):
                    return None
                n += 1
        n = 0
        while n < el.hi and ti + n < len(toks) and el.test(toks, ti + n):
            n += 1
        while n >= el.lo:  # greedy, backing off
            acc.append((el, ti, ti + n))
            found = self._match(toks, ei + 1, ti + n, acc)
            acc.pop()
            if found is not None:
                return found
            n -= 1
        return None


def _each(el: Element, toks: list[Token], i: int) -> bool:
    return el.each is None or el.each(toks, i)


def compile_pattern(spec: Any, lexicon: Lexicon, line: int | None, fail: Fail) -> TokenPattern:
    if not isinstance(spec, list) or not spec:
        raise fail("'tokens' must be a non-empty list of token tests", line)
    elements: list[Element] = []
    for raw in spec:
        if not isinstance(raw, dict):
            raise fail("each entry of 'tokens' is a mapping (a token test or a gap)", line)
        where = raw.get("__line__", line)
        elements.append(_element(raw, lexicon, where, fail))
    if all(not e.report for e in elements):
        raise fail("at least one token must be reported (report: true)", line)
    names = [e.name for e in elements if e.name]
    if len(names) != len(set(names)):
        raise fail("token names must be unique within a rule", line)
    return TokenPattern(elements, _runs(elements), set(names), guarded=USER_RULES.get())


# What may stand right before a token the scan looks for: white space, an opening
# bracket or quote, a slash or a dash. Starting the scan regex with this small set
# (rather than a look-behind) lets the regex engine skip through words fast.
LEAD = '[ \\t\\n\\r(\\["“‘„«/–—-]'


Ahead = tuple[tuple[str, str], ...]


def scan(doc: Doc, words: frozenset[str], ahead: Ahead = ()) -> dict[str, list[int]]:
    """One pass over the lowercased text for ``words``: where each occurs as a whole
    token after white space or an opening mark (or at the start). ``ahead`` pairs a
    word with a regex that must match right after it (in the lowercased text) for the
    hit to count (see TokenPattern.anchor_ahead). Several rules share one scan this way."""
    return word_scan(words, ahead).find(doc)


# Text a scan reads with a regex before it loads its Hyperscan set (see _led_hits): loading
# it costs a few milliseconds, which a pre-commit hook on a small file would not win back.
HYPERSCAN_AFTER = 300_000
# A text shorter than this (a segment with --lines) is scanned by the regex: a Hyperscan
# pass has a fixed cost per text, and the two cost the same at ~200 characters.
HYPERSCAN_TEXT = 500

# Text a scan reads with the grouped regex before the one-trie regex is compiled (see
# WordScan): on the English benchmark corpus the grouped one scans ~0.017 s slower per
# million characters and the other takes ~0.17 s to compile, so it pays from ~10 M on.
ONE_TRIE_AFTER = 10_000_000


@dataclass(eq=False)
class WordScan:
    """A scan (see scan) made once, to run on many texts: with --lines every segment
    is a text, so what is done per text must be little.

    Two regexes find exactly the same hits (at most one word can match at a place):
    one trie of all the words with each word's ``ahead`` test at its leaf, which scans
    fastest but takes ~0.17 s to compile (each test is repeated at every leaf), and an
    alternation of one trie per distinct test, which compiles in milliseconds and scans
    at about two thirds of that speed. A process starts with the second (a pre-commit
    hook on one file never pays for the first) and compiles the first once it has read
    ONE_TRIE_AFTER characters, where the faster scan has paid for its compilation.

    With Hyperscan installed, once HYPERSCAN_AFTER characters were read, neither runs on
    the words that start with a letter: one Hyperscan pass finds where they may stand and
    the grouped regex's branches confirm each place (``_led_hits``; about half the scan's
    time on whole documents)."""

    words: frozenset[str]
    ahead: Ahead
    read: int = 0
    hyperscan: bool = True  # find the led hits with Hyperscan when it is installed (see _led_hits) …
    hyperscan_after: int = HYPERSCAN_AFTER  # … once this many characters were read, …
    hyperscan_text: int = HYPERSCAN_TEXT  # … on a text this long or longer

    def find(self, doc: Doc) -> dict[str, list[int]]:
        low = doc.lower
        self.read += len(low)
        led, bare, other = _scanner(self.words, self.ahead, True)
        if led is None and bare is None and other is None:
            return _plain_scan(low, self.words)
        fast = self.hyperscan and self.read >= self.hyperscan_after and len(low) >= self.hyperscan_text
        hits = _led_hits(self.words, self.ahead, low) if led is not None and fast else None
        if led is not None and hits is None:  # (no Hyperscan, or a text it cannot take)
            led = _scanner(self.words, self.ahead, self.read < ONE_TRIE_AFTER)[0]
            hits = [(m.group()[1:], m.start() + 1) for m in led.finditer(low)]  # type: ignore[union-attr]
        hits = hits or []
        if bare is not None and (m0 := bare.match(low)) is not None:
            hits.append((m0.group(), 0))
        if other:
            hits += [(m.group(), m.start()) for m in other.finditer(low)]
        return _group(hits)


def _led_hits(words: frozenset[str], ahead: Ahead, low: str) -> list[tuple[str, int]] | None:
    """The hits of the led regex (``_scanner``), found by Hyperscan: (word, offset) in
    text order; None without Hyperscan or on a text it cannot take.

    Python's regex engine tries the tries at every blank of the text (most of a
    document's scan time); Hyperscan finds, in one pass at a fraction of that cost, the
    spans where a word of each group (one test) may stand with its test passing, and
    each such place is confirmed by the group's own regex, exactly the branch of the led
    regex for it. A place can hold at most one word (whole words), so the hits are those
    of the led regex. tests/test_word_scan.py compares both on real text."""
    found = _hit_spans(words, ahead)
    if found is None:
        return None
    starts, groups, longest = found
    spans = starts.spans(low)
    if spans is None:
        return None
    # A match of a group ending where another of the same group ends may start inside the
    # other's span (see regex_set.StartSet): only a span longer than a mark, a word and
    # its tail can hold one, and there each mark that may lead a word is tried too.
    # Places as (offset, group), so that sorting them puts them in text order (at most one
    # group's word can stand at a place).
    places = {(s, g) for g, s, _ in spans}
    lead = _LEAD_RE.finditer
    for g, s, e in [span for span in spans if span[2] - span[1] > longest[span[0]] + 2]:
        places.update((m.start(), g) for m in lead(low, s + 1, e))
    return [(m.group()[1:], q + 1) for q, g in sorted(places) if (m := groups[g].match(low, q)) is not None]


_LEAD_RE = re.compile(LEAD)


@lru_cache(maxsize=64)
def _hit_spans(words: frozenset[str], ahead: Ahead) -> tuple[Any, list[re.Pattern[str]], list[int]] | None:
    """(the Hyperscan start set, each group's exact regex, each group's longest word) for
    the led words grouped by test, or None without Hyperscan or a set it takes.

    A group's Hyperscan pattern is the translation of its exact regex (its test
    included), or, where Hyperscan finds that too large, of the words with a consumed
    tail alone: both are supersets of the group's hits."""
    from . import regex_set

    tests = dict(ahead)
    wordy = sorted(w for w in words if w[:1].isalnum())
    if not wordy:
        return None
    by_test: dict[str | None, list[str]] = {}
    for w in wordy:
        by_test.setdefault(tests.get(w), []).append(w)
    groups: list[re.Pattern[str]] = []
    entries: list[list[re.Pattern[str]]] = []
    longest: list[int] = []
    tail = _tail(wordy)
    for test, ws in sorted(by_test.items(), key=lambda kv: kv[0] or ""):
        trie = trie_regex(ws)
        exact = re.compile(f"{LEAD}(?:{trie}){tail}" + ("" if test is None else f"(?=(?:{test}))"))
        # The word's tail consumed (a class Hyperscan can take, unlike the look-ahead).
        words_only = re.compile(f"{LEAD}(?:{trie})(?:[^\\w'’-]|$)")
        groups.append(exact)
        entries.append([words_only] if test is None else [exact, words_only])
        longest.append(max(len(w) for w in ws))
    starts = regex_set.start_set(entries)
    return None if starts is None else (starts, groups, longest)


@lru_cache(maxsize=256)
def word_scan(words: frozenset[str], ahead: Ahead = ()) -> WordScan:
    return WordScan(words, ahead)


def _plain_scan(low: str, words: frozenset[str]) -> dict[str, list[int]]:
    led, other = _plain_scanner(words)
    hits = [(m.group()[1:], m.start() + 1) for m in led.finditer(low)] if led else []
    if led and (m0 := led.match(" " + low[:80])) is not None:
        hits.append((m0.group()[1:], 0))
    if other:
        hits += [(m.group(), m.start()) for m in other.finditer(low)]
    return _group(hits)


def _group(hits: list[tuple[str, int]]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for w, p in hits:
        if w in out:
            out[w].append(p)
        else:
            out[w] = [p]
    return out


def _tail(ws: list[str] | frozenset[str]) -> str:
    return r"(?![\w'’-])" if all(w[-1:].isalnum() for w in ws) else ""


@lru_cache(maxsize=256)
def _plain_scanner(words: frozenset[str]) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """(words that start with a letter or digit, after a LEAD mark; the others, anywhere)."""
    wordy = sorted(w for w in words if w[:1].isalnum())
    other = sorted(w for w in words if not w[:1].isalnum())
    led = re.compile(f"{LEAD}(?:{trie_regex(wordy)}){_tail(wordy)}") if wordy else None
    rest = re.compile(f"(?:{trie_regex(other)}){_tail(other)}") if other else None
    return led, rest


Scanner = tuple[re.Pattern[str] | None, re.Pattern[str] | None, re.Pattern[str] | None]


@lru_cache(maxsize=256)
def _scanner(words: frozenset[str], ahead: Ahead, grouped: bool = False) -> Scanner:
    """(the words that start with a letter or digit after a LEAD mark, the same at the very
    start, the others anywhere); all (None, None, None) when the words do not fit the
    scheme below.

    One trie holds every word, each leaf followed by the word's own tail and ``ahead``
    test: every branch then starts with a literal character, which the regex engine
    rejects at once (an alternation of tries would enter each one). This needs at most
    one word to be able to match at a place: whole alphanumeric words; for the others,
    none a prefix of another. The text's start is matched apart (``bare``), on the
    whole text. ``grouped``: the words that start with a letter or digit as an
    alternation of one trie per distinct test instead (the same hits, as at most one
    word can match at a place; see WordScan)."""
    tests = dict(ahead)
    wordy = sorted(w for w in words if w[:1].isalnum())
    other = sorted(w for w in words if not w[:1].isalnum())
    if not all(w.isalnum() for w in wordy):
        return None, None, None

    def suffixes(ws: list[str]) -> dict[str, str]:
        tail = _tail(ws)
        out: dict[str, str] = {}
        for w in ws:
            test = f"(?=(?:{tests[w]}))" if w in tests else ""
            out[w] = tail + test
        return out

    led = bare = rest = None
    if other:
        forms = suffixes(other)
        if any(a != b and b.startswith(a) for a in forms for b in forms):
            return None, None, None
        rest = re.compile(_trie_with_suffixes(forms))
    if wordy and grouped:
        by_test: dict[str | None, list[str]] = {}
        for w in wordy:
            by_test.setdefault(tests.get(w), []).append(w)
        tail = _tail(wordy)
        body = "|".join(
            f"(?:{trie_regex(ws)}){tail}" + ("" if test is None else f"(?=(?:{test}))")
            for test, ws in sorted(by_test.items(), key=lambda kv: kv[0] or "")
        )
        led, bare = re.compile(f"{LEAD}(?:{body})"), re.compile(f"(?:{body})")
    elif wordy:
        trie = _trie_with_suffixes(suffixes(wordy))
        led, bare = re.compile(f"{LEAD}{trie}"), re.compile(trie)
    return led, bare, rest


def _trie_with_suffixes(suffix: dict[str, str]) -> str:
    """A trie of the words in ``suffix`` in which each word is followed by its own regex."""
    root: dict[str, dict] = {}
    for w in suffix:
        node = root
        for c in w:
            node = node.setdefault(c, {})
        node[""] = {"": w}  # type: ignore[dict-item]

    def emit(node: dict[str, dict]) -> str:
        alts = [re.escape(c) + emit(sub) for c, sub in sorted(node.items()) if c]
        if "" in node:
            alts.append(suffix[node[""][""]])  # type: ignore[index]
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return emit(root)


def _lowercase_safe(el: Element) -> bool:
    """Does the element's regex (as the check uses it) match in the lowercased text
    wherever it matches in the text? Literals in ASCII (their check regex holds the
    lowercase form) and token regexes without letters (digits, marks) do."""
    if el.literals:
        return all(w.isascii() for w in el.literals)
    return el.case_free


def _case_free(rx: str) -> bool:
    """A regex of digits, white space and ASCII marks only (\\d, \\s, \\w, \\b escapes):
    lowercasing a text does not change what it matches."""
    rest = re.sub(r"\\[dswb]", "", rx)
    return rest.isascii() and not any(c.isalpha() or c == "\\" for c in rest)


def _cased(words: frozenset[str]) -> str:
    """A case-sensitive trie of ``words`` as written lower, Title and UPPER case (a
    case-insensitive group would stop the regex engine from skipping ahead fast)."""
    forms = {v for w in words for v in (w, w[:1].upper() + w[1:], w.upper())}
    tail = r"(?![\w'’-])" if all(w[-1:].isalnum() for w in words) else ""
    return "(?:" + trie_regex(sorted(forms)) + ")" + tail


def _frequency(word: str) -> float:
    if not word[:1].isalnum():
        # wordfreq has no punctuation: commas and stops are as common as "the",
        # brackets and quotes about as common as "from".
        return 10**7.5 if word in ",." else 10**6
    from .lexicon import zipf

    return 10 ** zipf(word)


def _runs(elements: list[Element]) -> list[re.Pattern[str]]:
    """Prefilter regexes: each run of consecutive elements that a regex can stand for
    (literals, capitals, token regexes; optional ones as optional groups), with the
    number of tokens that can come before the run's first element. Longest first."""
    runs: list[tuple[int, str, int, int]] = []
    lo = hi = 0
    k = 0
    while k < len(elements):
        if elements[k].piece is None or elements[k].lo == 0:
            el = elements[k]
            lo, hi = lo + el.lo, hi + el.hi
            k += 1
            continue
        parts: list[str] = []
        strength = 0
        start_lo, start_hi = lo, hi
        while k < len(elements) and elements[k].piece is not None and (elements[k].hi == 1 or not parts):
            el = elements[k]
            if el.lo == 0:
                parts.append(f"(?:{el.piece}\\s*)?")
            else:
                parts.append(f"{el.piece}\\s*")
                strength += 2 if el.literals else 1
            lo, hi = lo + el.lo, hi + el.hi
            k += 1
            if el.hi != 1:
                break
        runs.append((strength, "".join(parts), start_lo, start_hi))
    return [re.compile(body) for strength, body, _, _ in runs if strength >= 2]


def _element(raw: dict[str, Any], lexicon: Lexicon, line: int | None, fail: Fail) -> Element:
    keys = set(raw) - {"__line__"}
    name = raw.get("name")
    if name is not None and not (isinstance(name, str) and re.fullmatch(r"[\w-]+", name)):
        raise fail(f"token name must be a word, not {name!r}", line)
    report = raw.get("report", True)
    if not isinstance(report, bool):
        raise fail("'report' is true or false", line)
    if "gap" in keys:
        unknown = keys - GAP_KEYS
        if unknown:
            raise fail(f"unknown key {sorted(unknown)[0]!r} in a gap (keys: {', '.join(sorted(GAP_KEYS))})", line)
        hi, lo = raw["gap"], raw.get("min", 0)
        if not (isinstance(hi, int) and isinstance(lo, int) and 0 <= lo <= hi <= 50):
            raise fail("a gap is 'gap: MAX' (0-50) with an optional 'min: MIN' <= MAX", line)
        el = Element(None, lo, hi, name, report)
        if "each" in raw:
            el.each = _test(raw["each"], lexicon, line, fail)
        return el
    unknown = keys - ELEMENT_KEYS
    if unknown:
        raise fail(
            f"unknown key {sorted(unknown)[0]!r} in a token test (keys: {', '.join(sorted(ELEMENT_KEYS))})", line
        )
    if not keys & TEST_KEYS - {"case"}:
        raise fail("a token test needs at least one of text, regex, class, not, cap, punct, first, last", line)
    lo, hi = 1, 1
    if raw.get("optional"):
        lo = 0
    if "repeat" in raw:
        rep = raw["repeat"]
        if isinstance(rep, int):
            rep = [rep, rep]
        if not (
            isinstance(rep, list)
            and len(rep) == 2
            and all(isinstance(x, int) for x in rep)
            and 0 <= rep[0] <= rep[1] <= 20
            and rep[1] > 0
        ):
            raise fail("'repeat' is N or [MIN, MAX] with 0 <= MIN <= MAX <= 20", line)
        lo, hi = rep
        if raw.get("optional"):
            lo = 0
    test = _test({k: v for k, v in raw.items() if k in TEST_KEYS}, lexicon, line, fail)
    literals = None
    if "text" in raw and not raw.get("case"):
        literals = frozenset(w.lower() for w in _strings(raw["text"]))
    elif "class" in raw:
        # A positive lexicon list is a fixed set of words too, and so can anchor the search.
        for c in _strings(raw["class"]):
            if c in lexicon.lists:
                literals = frozenset(w.lower() for w in lexicon.lists[c] if " " not in w)
                break
    case_free = "text" not in raw and not literals and "regex" in raw and _case_free(raw["regex"])
    return Element(test, lo, hi, name, report, literals, piece=_piece(raw, literals), case_free=case_free)


def _piece(raw: dict[str, Any], literals: frozenset[str] | None) -> str | None:
    """A regex that the text of any token this element matches must match, or None."""
    if "text" in raw:
        # longest first, then alphabetical: one pattern in every process, which the regex cache knows
        words = sorted(_strings(raw["text"]), key=lambda w: (-len(w), w))
        alts = "|".join(re.escape(w) for w in words)
        bound = r"(?![\w'’-])" if all(w[-1:].isalnum() for w in words) else ""
        lead = r"(?<![\w'’-])" if all(w[:1].isalnum() for w in words) else ""
        return f"{lead}(?{'' if raw.get('case') else 'i'}:{alts}){bound}"
    if literals:
        alts = "|".join(re.escape(w) for w in sorted(literals, key=lambda w: (-len(w), w)))
        return rf"(?<![\w'’-])(?i:{alts})(?![\w'’-])"
    if "regex" in raw:
        if USER_RULES.get():
            return None  # a user's regex runs only token by token, with a time limit
        return rf"(?<![\w'’-])(?:{raw['regex']})(?![\w'’-])"
    if raw.get("cap") is True:
        return r"(?<![\w'’-])[A-ZÀ-ÞĀ-Ž]\S*?"
    return None


def _strings(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _test(spec: Any, lexicon: Lexicon, line: int | None, fail: Fail) -> Test:
    if not isinstance(spec, dict):
        raise fail("a token test is a mapping", line)
    unknown = set(spec) - TEST_KEYS - {"__line__"}
    if unknown:
        raise fail(f"unknown key {sorted(unknown)[0]!r} in a token test", line)
    checks: list[Test] = []
    case = spec.get("case", False)
    if "text" in spec:
        words = spec["text"]
        if not (
            isinstance(words, str) or (isinstance(words, list) and words and all(isinstance(w, str) for w in words))
        ):
            hint = " (quote on/off/yes/no: YAML reads them as true/false)" if isinstance(words, (bool, list)) else ""
            raise fail(f"'text' is a word or a list of words{hint}", line)
        if case:
            exact = frozenset(_strings(words))
            checks.append(lambda t, i: t[i].text in exact)
        else:
            lowered = frozenset(w.lower() for w in _strings(words))
            checks.append(lambda t, i: t[i].lower in lowered)
    if "regex" in spec:
        try:
            if USER_RULES.get():
                # A user's token regex may backtrack without end (one 72-byte line held a run
                # for good): compiled by ``regex`` with the file's time budget (guarded.py).
                from .guarded import compile_guarded

                if not isinstance(spec["regex"], str):
                    raise TypeError("not text")
                rx = compile_guarded(spec["regex"], 0, lambda exc: re.error(str(exc).splitlines()[0]))
            else:
                rx = re.compile(spec["regex"])
        except (re.error, TypeError) as exc:
            raise fail(f"bad token regex {spec['regex']!r}: {exc}", line) from None
        checks.append(lambda t, i: rx.fullmatch(t[i].text) is not None)
    if "class" in spec:
        classes = spec["class"]
        if not (isinstance(classes, str) or (isinstance(classes, list) and all(isinstance(c, str) for c in classes))):
            raise fail("'class' is a word class or a list of them", line)
        for c in _strings(classes):
            if not lexicon.has(c):
                raise fail(f"unknown word class {c!r} (have: {', '.join(lexicon.names())})", line)
        names = tuple(_strings(classes))
        checks.append(lambda t, i: t[i].word and all(lexicon.test(c, t[i].text) for c in names))
    if "not" in spec:
        inner = _test(spec["not"], lexicon, line, fail)
        checks.append(lambda t, i: not inner(t, i))
    for key, fn in (("cap", _cap), ("punct", _punct), ("first", _first), ("last", _last)):
        if key in spec:
            want = spec[key]
            if not isinstance(want, bool):
                raise fail(f"'{key}' is true or false", line)
            checks.append((lambda f, w: lambda t, i: f(t, i) == w)(fn, want))
    if "case" in spec and not isinstance(case, bool):
        raise fail("'case' is true or false", line)
    if len(checks) == 1:
        return checks[0]
    return lambda t, i: all(c(t, i) for c in checks)


def _cap(t: list[Token], i: int) -> bool:
    return t[i].text[:1].isupper()


def _punct(t: list[Token], i: int) -> bool:
    return not t[i].text[:1].isalnum()


def _first(t: list[Token], i: int) -> bool:
    return i == 0 or t[i - 1].text in OPENING or (i == 1 and t[0].text in OPENING)


def _last(t: list[Token], i: int) -> bool:
    return all(x.text in CLOSERS for x in t[i + 1 :])


def template_names(template: str) -> list[str]:
    return TEMPLATE_NAME.findall(template)


def fill(template: str, named: dict[str, str]) -> str:
    """The template with each {name} replaced by the text its token(s) matched;
    slots left empty (an optional token) leave no double space."""
    filled = TEMPLATE_NAME.sub(lambda m: named.get(m.group(1), ""), template)
    return re.sub(r"[ \t]{2,}", " ", filled).strip()
