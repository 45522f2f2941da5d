"""Word-level alignment of an MT segment with its post-edit.

Tokens are words and single punctuation marks with their character spans, so an
alignment can be read back as text on either side. The alignment is difflib's
longest-matching-blocks diff over the token lists (case-sensitive, so a
capitalization fix shows as a change), which is what a post-editor's edit
looks like: long untouched runs and short changed ones.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from difflib import SequenceMatcher

TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]


@dataclass(frozen=True)
class Block:
    """One diff block: MT tokens [i1, i2) became PE tokens [j1, j2)."""

    op: str  # equal | replace | delete | insert
    i1: int
    i2: int
    j1: int
    j2: int


class Alignment:
    def __init__(self, mt: str, pe: str) -> None:
        self.mt, self.pe = mt, pe
        self.mt_tokens, self.pe_tokens = tokenize(mt), tokenize(pe)
        matcher = SequenceMatcher(None, [t.text for t in self.mt_tokens], [t.text for t in self.pe_tokens], autojunk=False)
        self.blocks = [Block(*op) for op in matcher.get_opcodes()]
        self._starts = [t.start for t in self.mt_tokens]
        self._ends = [t.end for t in self.mt_tokens]

    def changes(self) -> list[Block]:
        return [b for b in self.blocks if b.op != "equal"]

    def mt_token_range(self, start: int, end: int) -> tuple[int, int]:
        """The MT tokens a character span touches; for an empty span (an insertion
        point, or a span of spaces), the tokens on either side of it."""
        i1 = bisect_right(self._ends, start)  # first token ending after start
        i2 = bisect_left(self._starts, end)  # first token starting at or after end
        if end > start and i2 > i1:
            return i1, i2
        return max(0, i1 - 1), min(len(self.mt_tokens), i1 + 1)

    def window(self, i1: int, i2: int) -> tuple[int, int, int, int]:
        """Grow MT tokens [i1, i2) to whole changed blocks; return that MT token range
        and the PE token range that corresponds to it. Words the post-editor
        inserted inside the window belong to it; words inserted just outside its
        edges do not (they are another change)."""
        a, b = i1, i2
        grown = True
        while grown:
            grown = False
            for blk in self.blocks:
                if blk.op in ("equal", "insert"):
                    continue
                if blk.i1 < b and a < blk.i2 and (blk.i1 < a or blk.i2 > b):
                    a, b = min(a, blk.i1), max(b, blk.i2)
                    grown = True
        return a, b, self._left(a), self._right(b)

    def _left(self, i: int) -> int:
        for blk in self.blocks:
            if blk.i1 <= i < blk.i2 and blk.op == "equal":
                return blk.j1 + (i - blk.i1)
            if blk.i1 == i and blk.op != "insert":
                return blk.j1
        return len(self.pe_tokens)

    def _right(self, i: int) -> int:
        for blk in reversed(self.blocks):
            if blk.i1 < i <= blk.i2 and blk.op == "equal":
                return blk.j1 + (i - blk.i1)
            if blk.i2 == i and blk.op != "insert":
                return blk.j2
        return 0

    def mt_text(self, i1: int, i2: int) -> str:
        return _span(self.mt, self.mt_tokens, i1, i2)

    def pe_text(self, j1: int, j2: int) -> str:
        return _span(self.pe, self.pe_tokens, j1, j2)

    def mt_chars(self, i1: int, i2: int) -> tuple[int, int]:
        return _chars(self.mt, self.mt_tokens, i1, i2)


def _chars(text: str, tokens: list[Token], i1: int, i2: int) -> tuple[int, int]:
    if i1 >= i2:
        pos = tokens[i1].start if i1 < len(tokens) else len(text)
        return pos, pos
    return tokens[i1].start, tokens[i2 - 1].end


def _span(text: str, tokens: list[Token], i1: int, i2: int) -> str:
    s, e = _chars(text, tokens, i1, i2)
    return text[s:e]
