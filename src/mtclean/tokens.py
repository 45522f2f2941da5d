"""The light token layer: words with offsets and where sentences start.

Kept cheap on purpose (one regular expression, no objects per character): the
capitalization stage needs only "is this word at a sentence start" and "is this
line a headline", and it runs on every document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WORD = re.compile(r"[^\W\d_](?:[\w-]*\w)?")
# After these (and white space) a word starts a sentence or a quote or a dateline.
LIST_MARKER = re.compile(r"[ \t]*\(?[ \t]*(?:\d{1,3}|[A-Za-z]|[ivxIVX]{1,4})[ \t]*\)")
OPENERS = set(".!?:;\"“”‘'«»„([{–—-•*#>|")


@dataclass(frozen=True)
class Word:
    text: str
    start: int
    end: int


def words(text: str) -> list[Word]:
    return [Word(m.group(), m.start(), m.end()) for m in WORD.finditer(text)]


def sentence_initial(text: str, pos: int) -> bool:
    """Is the word at ``pos`` the first of a sentence, line, quote or parenthesis?"""
    i = pos - 1
    while i >= 0 and text[i] in " \t\u00a0":
        i -= 1
    if i < 0 or text[i] in "\r\n":
        return True
    if text[i] == ")":
        # A list marker opening the line: "3) For what reasons …", "(b) The …".
        line_start = text.rfind("\n", 0, i) + 1
        return LIST_MARKER.fullmatch(text[line_start : i + 1]) is not None
    return text[i] in OPENERS


def line_bounds(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def is_headline(line: str, function_words: frozenset[str]) -> bool:
    """A title-case line (headline, caption title, heading): most content words capitalised
    and no sentence-final full stop."""
    ws = [w.group() for w in WORD.finditer(line)]
    content = [w for w in ws if w.lower() not in function_words]
    if not content or line.rstrip().endswith("."):
        return False
    caps = sum(w[:1].isupper() for w in content)
    fw_caps = sum(w[:1].isupper() for w in ws[1:] if w.lower() in function_words)
    return caps / len(content) >= 0.75 or (fw_caps >= 2 and caps / len(content) >= 0.5)
