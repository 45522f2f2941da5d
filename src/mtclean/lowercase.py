"""``str.lower()`` of a long text in bounded memory.

CPython lowercases a text that is not pure ASCII through a working buffer of three
UCS-4 characters per character (12 bytes each, since one character may lower into
three), before it builds the result: 72 MB for a 6 MB document that holds a single
curly quote, the largest single allocation of a run. Lowercasing piece by piece gives
the same text with a buffer the size of one piece.
"""

from __future__ import annotations

import re

PIECE = 1 << 16  # characters lowered at a time (about)
# A piece ends after a line break or a space. Case mapping depends on context only for
# the Greek final sigma, whose context stops at the first character that is neither
# cased nor case-ignorable: a space or a line break is neither, so no piece's edge
# changes what any character lowers to.
_EDGE = re.compile(r"[ \n]")


def lowered(text: str) -> str:
    """``text.lower()``, the same string, in pieces when the text is long and not ASCII."""
    if len(text) <= PIECE or text.isascii():  # ASCII lowers in place of its result
        return text.lower()
    pieces: list[str] = []
    at = 0
    while at < len(text):
        edge = _EDGE.search(text, at + PIECE)
        end = len(text) if edge is None else edge.end()
        pieces.append(text[at:end].lower())
        at = end
    return "".join(pieces)
