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
from functools import lru_cache
from typing import Any

# Words (with inner hyphens and apostrophes), dotted abbreviations (U.S.), numbers, single marks.
TOKEN = re.compile(
    r"(?:[^\W\d_]\.){2,}"
    r"|[^\W\d_]+(?:[-'’][^\W\d_]+)*"
    r"|\d+(?:[.,:/]\d+)*(?:[^\W\d_]+)?"
    r"|[^\w\s]"
)
# Candidate sentence ends: terminal marks (with closing quotes/brackets), or a line break.
BOUNDARY = re.compile(r"[.!?…]+[\"”’'»)\]]*(?=\s|$)|\n")
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen lt col sgt capt cmdr adm gov sen rep rev st mt ft no nr vs etc
    inc ltd co corp jr sr dept univ approx fig jan feb mar apr jun jul aug sep sept oct nov dec
    e.g i.e cf al""".split()
)
SENTENCE_END = ".!?…"
OPENING = set("\"“‘'«„([{–—-:;")


class Token:
    """One token; ``lower`` is kept because every literal test compares it."""

    __slots__ = ("text", "start", "end", "lower", "word")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.lower = text.lower()
        self.word = text[0].isalpha()

    def __repr__(self) -> str:
        return f"Token({self.text!r}, {self.start})"


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text, start, len(text) if end is None else end)]


def _ends_sentence(text: str, m: re.Match[str]) -> bool:
    """Is this full stop (or line break) really the end of a sentence?"""
    if m.group() == "\n":
        before = text[: m.start()].rstrip(" \t\r")
        if not before or before.endswith("\n"):
            return True
        nxt = text[m.end() :].lstrip(" \t")
        if not nxt or nxt[0] in "\r\n":
            return True
        # A hard-wrapped line that continues the sentence: no end mark and a lowercase next line.
        return before[-1] in SENTENCE_END + ":;\"”’)" or not (nxt[0].islower() or nxt[0] in ",;")
    mark = m.group()
    nxt = text[m.end() :].lstrip(" \t")
    if not nxt:
        return True
    if nxt[0] in "\r\n":
        return True
    if not (nxt[0].isupper() or nxt[0].isdigit() or nxt[0] in "\"“‘'«„([–—-"):
        return False
    if mark[0] == "." and mark.rstrip("\"”’'»)]") == ".":
        word = re.search(r"(\S+)$", text[: m.start()])
        w = word.group(1).lstrip("\"“‘'«„([") if word else ""
        if w.lower() in ABBREVIATIONS or (len(w) == 1 and w.isalpha()) or re.fullmatch(r"(?:\w\.)+\w", w):
            return False
    return True


def sentence_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for m in BOUNDARY.finditer(text):
        if not _ends_sentence(text, m):
            continue
        end = m.end() if m.group() != "\n" else m.start()
        _add(text, spans, start, end)
        start = m.end()
    _add(text, spans, start, len(text))
    return spans


def _add(text: str, spans: list[tuple[int, int]], start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


class Doc:
    """One text's sentences, with tokens made on demand and cached."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans = sentence_spans(text)
        self.starts = [s for s, _ in self.spans]
        self._tokens: dict[int, list[Token]] = {}

    def __len__(self) -> int:
        return len(self.spans)

    def tokens(self, i: int) -> list[Token]:
        toks = self._tokens.get(i)
        if toks is None:
            s, e = self.spans[i]
            toks = self._tokens[i] = tokenize(self.text, s, e)
        return toks

    def sentence_at(self, pos: int) -> int | None:
        i = bisect.bisect_right(self.starts, pos) - 1
        if i >= 0 and pos < self.spans[i][1]:
            return i
        return None

    def sentences_with(self, anchor: re.Pattern[str] | None) -> list[int]:
        """Indices of the sentences where ``anchor`` matches (all sentences for None)."""
        if anchor is None:
            return list(range(len(self.spans)))
        found: list[int] = []
        for m in anchor.finditer(self.text):
            i = self.sentence_at(m.start())
            if i is not None and (not found or found[-1] != i):
                found.append(i)
        return found

    def line_of(self, pos: int) -> str:
        s = self.text.rfind("\n", 0, pos) + 1
        e = self.text.find("\n", pos)
        return self.text[s : len(self.text) if e < 0 else e]


def doc_for(text: str, cache: dict[str, Any]) -> Doc:
    """The layer for ``text``, built once per document and shared through the context cache."""
    doc = cache.get("doc")
    if doc is None or doc.text is not text and doc.text != text:
        doc = cache["doc"] = Doc(text)
    return doc


@lru_cache(maxsize=4096)
def literal_anchor(words: frozenset[str]) -> re.Pattern[str]:
    """One case-insensitive search for any of ``words`` as whole tokens."""
    alts = sorted(words, key=lambda w: (-len(w), w))
    return re.compile(r"(?<![\w'’-])(?:" + "|".join(re.escape(w) for w in alts) + r")(?![\w'’-])", re.IGNORECASE)
