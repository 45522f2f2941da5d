"""The token layer the linguistic stages share: sentences, tokens with offsets, and
a cheap way to find the sentences a rule can possibly match.

Built once per document text and kept in ``ctx.cache`` (the stages that use it do
not edit, so they all see the same text). It is lazy on purpose: sentence bounds
come from one regular-expression pass, but a sentence is cut into tokens only when
a stage asks for it. Most rules look for a literal word ("that", "on", "quoted")
and so only ever tokenise the few sentences that contain one; that is what keeps
the layer within a few per cent of the spine's run time on a large corpus.

Sentence splitting is rule-based (terminal punctuation followed by a capital, an
abbreviation list, line structure) rather than pysbd or a model: news prose needs
little more, and a splitter that costs more than the whole spine would fail the
speed budget on its own.
"""

from __future__ import annotations

import bisect
import re
from itertools import compress
from operator import lt
from typing import Any

from .lowercase import lowered
from .offsets import line_starts

# Words (with inner hyphens and apostrophes), dotted abbreviations (U.S.), numbers, single marks.
TOKEN = re.compile(
    r"(?:[^\W\d_]\.){2,}"
    r"|[^\W\d_]+(?:[-'’][^\W\d_]+)*"
    r"|\d+(?:[.,:/]\d+)*(?:[^\W\d_]+)?"
    r"|[^\w\s]"
)
# Sentence ends: terminal marks (with closing quotes/brackets) before a capital, a digit
# or an opening mark, or at a line end; blank lines; a line break unless the next line
# continues in lowercase (hard-wrapped text). The pattern starts with one character set
# (a mark or a newline; a look-behind then tells the two kinds apart), which lets the
# regex engine skip ahead fast: an alternation of groups would be tried at every
# character. Group 1 holds the marks after the first one (it ends where the marks do).
BOUNDARY = re.compile(
    r"[.!?…\n](?:"
    r"(?<=[.!?…])([.!?…]*[\"”’'»)\]]*)(?:[ \t]+(?=[A-Z0-9\"“‘'«„(\[–—-])|[ \t]*(?=\r?\n|$))\s*"
    r"|(?<=\n)(?:(?:[ \t]*\r?\n)+\s*"
    r"|(?![ \t]*[a-z,;])\s*))"
)
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen lt col sgt capt cmdr adm gov sen rep rev st mt ft no nr vs etc
    inc ltd co corp jr sr dept univ approx fig jan feb mar apr jun jul aug sep sept oct nov dec
    e.g i.e cf al""".split()
)
SENTENCE_END = ".!?…"
DOTTED = re.compile(r"(?:\w\.)+\w")
OPENING = set("\"“‘'«„([{–—-:;")


class Token:
    """One token; ``lower`` is kept because every literal test compares it."""

    __slots__ = ("end", "lower", "start", "text", "word")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.lower = text.lower()
        self.word = text[0].isalpha()

    def __repr__(self) -> str:
        return f"Token({self.text!r}, {self.start})"


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    return [
        Token(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text, start, len(text) if end is None else end)
    ]


# A full stop that may end an abbreviation (a superset, tested quickly at each full stop
# before white space; _abbreviation decides): not after two ASCII letters (an initial,
# U.S., e.g, a word in another script), or after a listed abbreviation's letters.
_MAYBE_ABBREVIATION = re.compile(
    r"\.(?:(?<![a-zA-Z][a-zA-Z]\.)"
    + "".join(
        f"|(?<=(?i:{'|'.join(sorted(w for w in ABBREVIATIONS if len(w) == n and '.' not in w))})\\.)"
        for n in sorted({len(w) for w in ABBREVIATIONS if "." not in w})
    )
    + ")"
)


def _abbreviation(text: str, dot: int) -> bool:
    """Is the full stop at ``dot`` the end of an abbreviation or an initial (Mr., U.S., J.)?"""
    i = dot
    while i > 0 and dot - i < 12 and (text[i - 1].isalpha() or text[i - 1] == "."):
        i -= 1
    w = text[i:dot]
    return len(w) == 1 or w.lower() in ABBREVIATIONS or DOTTED.fullmatch(w) is not None


# The full stops a sentence may not end at: those of _MAYBE_ABBREVIATION before a blank
# and not after another full stop (found in one pass; _abbreviation decides each).
_ABBREVIATION_END = re.compile(_MAYBE_ABBREVIATION.pattern.replace(r"\.(?:", r"\.(?=[ \t])(?<!\.\.)(?:", 1))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, white space excluded at the start and after a mark."""
    return sentence_bounds(text)[0]


def sentence_bounds(text: str) -> tuple[list[tuple[int, int]], list[int]]:
    """``sentence_spans`` and the sentences' starts (which Doc bisects). Written as
    comprehensions over one regex pass: this runs on every document.

    A boundary's sentence end is where group 1 ends (after the marks), or, at a line
    break (group 1 not taking part: ``end(1)`` is -1), where the match starts, before a
    "\\r". A sentence does not end at an abbreviation's full stop before a blank: those
    are found in a pass of their own (few), not tested at each boundary."""
    crlf = "\r" in text
    # (end of the sentence, start of the next) at each boundary
    cuts = [
        (e, m.end())
        if (e := m.end(1)) >= 0
        else ((s := m.start()) - (crlf and s > 0 and text[s - 1] == "\r"), m.end())
        for m in BOUNDARY.finditer(text)
    ]
    # (only a full stop before a blank can be one: a short segment seldom holds any)
    if ". " in text or ".\t" in text:
        held = {m.end() for m in _ABBREVIATION_END.finditer(text) if _abbreviation(text, m.start())}
        if held:
            cuts = [c for c in cuts if c[0] not in held]
    starts = [len(text) - len(text.lstrip())]
    starts += [nxt for _, nxt in cuts]
    ends = [e for e, _ in cuts]
    ends.append(len(text.rstrip()))
    kept = list(map(lt, starts, ends))
    return list(compress(zip(starts, ends), kept)), list(compress(starts, kept))


class Doc:
    """One text's sentences, with tokens made on demand and cached."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans, self._starts = sentence_bounds(text)
        self._tokens: dict[int, list[Token]] = {}
        self._lower: str | None = None
        self._line_starts: list[int] | None = None
        self.line_verdicts: dict[int, bool] = {}  # per line start, for stages that judge whole lines

    @property
    def lower(self) -> str:
        """The text in lowercase (same offsets for the scripts news uses), for literal anchors."""
        if self._lower is None:
            low = lowered(self.text)  # in pieces: a long text's lower() takes 12 bytes a character
            self._lower = low if len(low) == len(self.text) else self.text
        return self._lower

    def __len__(self) -> int:
        return len(self.spans)

    def tokens(self, i: int) -> list[Token]:
        toks = self._tokens.get(i)
        if toks is None:
            s, e = self.spans[i]
            toks = self._tokens[i] = tokenize(self.text, s, e)
        return toks

    @property
    def starts(self) -> list[int]:
        """Where each sentence starts (made with the spans, in C)."""
        return self._starts

    def sentence_at(self, pos: int) -> int | None:
        i = bisect.bisect_right(self.starts, pos) - 1
        if i >= 0 and pos < self.spans[i][1]:
            return i
        return None

    def line_start(self, pos: int) -> int:
        """Where the line holding ``pos`` starts (line starts found once, then bisected)."""
        if self._line_starts is None:
            self._line_starts = line_starts(self.text)
        return self._line_starts[bisect.bisect_right(self._line_starts, pos) - 1]

    def line_of(self, pos: int) -> str:
        s = self.line_start(pos)
        e = self.text.find("\n", pos)
        return self.text[s : len(self.text) if e < 0 else e]


def doc_for(text: str, cache: dict[str, Any]) -> Doc:
    """The layer for ``text``, built once per document and shared through the context cache."""
    doc = cache.get("doc")
    if doc is None or doc.text is not text and doc.text != text:
        doc = cache["doc"] = Doc(text)
    return doc


def trie_regex(words: list[str] | frozenset[str]) -> str:
    """An alternation of ``words`` as a trie. It begins with a plain character set, which
    lets the regex engine skip through text fast (a leading \\b or look-behind would not):
    callers check the left word boundary themselves.

    The regex depends on the set of words alone; the rules' tries are kept in the disk
    cache by a hash of it (building them was a tenth of a hook's start-up)."""
    from . import lexcache

    found = lexcache.memo("trie", "\n".join(sorted(set(words))), lambda: _trie_regex(words))
    return found if isinstance(found, str) else _trie_regex(words)  # (a damaged cache file)


def _trie_regex(words: list[str] | frozenset[str]) -> str:
    root: dict[str, dict] = {}
    for w in words:
        node = root
        for c in w:
            node = node.setdefault(c, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        alts = [re.escape(c) + emit(sub) for c, sub in sorted(node.items()) if c]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


def word_start(text: str, pos: int) -> bool:
    return pos == 0 or not (text[pos - 1].isalnum() or text[pos - 1] in "_'’-")
