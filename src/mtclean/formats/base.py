"""Bilingual files as segment pairs that know where their target text sits in the file.

Every format is read into ``Unit``s: the source and target as plain text (inline tags
stand as one private-use character each, entities and escapes decoded) plus, for each
target character, its offset in the file's text (``pos``). Writing back splices only
the edited character ranges into the original text, so every byte the cleaning did not
touch is the byte that was there: a full re-serialisation (lxml's, polib's) would
re-wrap, re-quote and re-order attributes of unchanged units.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..model import Edit

TAG_BASE = 0xE000  # inline tags become U+E000, U+E001, ... (one per distinct tag in the unit)


@dataclass
class Unit:
    source: str
    target: str
    pos: list[int]  # pos[i]: offset in the file text of target character i; pos[len(target)]: the end
    line: int  # 1-based line of the target in the file
    id: str = ""
    src_pos: list[int] | None = None  # source character -> offset in the source file (line-aligned, TSV)
    tags: dict[str, str] = field(default_factory=dict)  # placeholder character -> the target's raw tag
    ends: list[int] | None = None  # ends[i]: file offset after target character i's raw form (None: pos[i] + 1)

    def end_of(self, i: int) -> int:
        return self.ends[i] if self.ends is not None else self.pos[i] + 1


@dataclass
class Bitext:
    """A file's segment pairs and how to write a changed target back in its syntax."""

    path: str
    text: str  # the file as decoded (the target file for line-aligned input)
    units: list[Unit]
    kind: str  # plain | tsv | xliff1 | xliff2 | tmx | po
    escape: Callable[[str], str] = lambda s: s
    source_path: str | None = None
    forbidden: str = "\n\r"  # characters a replacement may not bring in (they would break the syntax)
    decoded: Any = None  # io.Decoded of the file: the cleaned file is written back in its encoding

    def raw_edits(self, unit: Unit, edits: list[Edit]) -> list[Edit] | None:
        """The unit's edits (target coordinates) as edits of the file text; None if one would break it.

        An edit that removes or adds an inline tag, or brings in a character the
        syntax cannot hold, is refused: the unit keeps its original target.
        """
        out: list[Edit] = []
        for e in edits:
            removed = unit.target[e.start : e.end]
            if any(_is_tag(c) for c in removed + e.replacement) or any(c in self.forbidden for c in e.replacement):
                return None
            start = unit.pos[e.start]
            end = unit.end_of(e.end - 1) if e.end > e.start else start
            out.append(Edit(start, end, self.escape(e.replacement)))
        return out


def _is_tag(c: str) -> bool:
    return TAG_BASE <= ord(c) < TAG_BASE + 0x1000


def identity_pos(start: int, length: int) -> list[int]:
    return list(range(start, start + length + 1))
