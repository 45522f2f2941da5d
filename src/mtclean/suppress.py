"""Inline suppressions: ``mtclean: ignore[CAL001]`` for a line, ``mtclean: off`` … ``mtclean: on``
for a block.

The directives are plain text, so they work in ``.txt`` files and, inside an HTML
comment (``<!-- mtclean: ignore[CAL002] -->``), invisibly in Markdown. They act
through the pipeline's ``keep`` hook, so a suppressed finding is neither reported
nor fixed. A directive that silenced nothing is reported itself (rule MTC001,
like ruff's unused-noqa), so stale ones don't pile up after the text is fixed.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from dataclasses import dataclass, field

from .config import rule_matches
from .model import Finding
from .offsets import line_starts

UNUSED_RULE = "MTC001"
GRAMMAR_PREFIX = "LT:"
META_CLASS = "meta"
META_RULES = {UNUSED_RULE: "A suppression comment silenced nothing; remove it."}

# ``ignore`` with or without a list of selectors, ``off``, ``on``; not part of a longer word.
DIRECTIVE = re.compile(r"mtclean:[ \t]*(?:(?P<ignore>ignore)(?:\[(?P<sel>[^\]\n]*)\])?|(?P<off>off)|(?P<on>on))(?![\w-])")


@dataclass
class LineIgnore:
    """``mtclean: ignore[...]`` on one line; an empty ``selectors`` silences every rule there."""

    line: int
    start: int  # span of the directive in the original text
    end: int
    selectors: list[str]
    used: set[str] = field(default_factory=set)  # selectors that silenced something ("" = all)


@dataclass
class Block:
    """``mtclean: off`` up to the next ``mtclean: on`` (or the end of the text)."""

    first: int  # first and last line silenced
    last: int
    start: int  # span of the ``off`` directive
    end: int
    used: bool = False


class Suppressions:
    """The directives of one document, and which of them were used during a run."""

    def __init__(self, text: str, skip: list[tuple[int, int]] | None = None) -> None:
        """``skip``: sorted ranges (code) where a directive is an example, not a directive."""
        self.text = text
        self._starts: array[int] | None = None  # line starts, found when a directive needs them (most texts hold none)
        self.ignores: dict[int, list[LineIgnore]] = {}
        self.blocks: list[Block] = []
        open_block: tuple[int, int, int] | None = None
        skip_starts = [s for s, _ in skip or []]
        for m in DIRECTIVE.finditer(text):
            i = bisect_right(skip_starts, m.start()) - 1
            if skip and i >= 0 and m.start() < skip[i][1]:
                continue
            line = self.line_of(m.start())
            if m.group("ignore"):
                sel = [s.strip() for s in (m.group("sel") or "").split(",") if s.strip()]
                self.ignores.setdefault(line, []).append(LineIgnore(line, m.start(), m.end(), sel))
            elif m.group("off"):
                if open_block is None:
                    open_block = (line, m.start(), m.end())
            elif open_block is not None:
                self.blocks.append(Block(open_block[0], line, open_block[1], open_block[2]))
                open_block = None
        if open_block is not None:
            self.blocks.append(Block(open_block[0], len(self.starts), open_block[1], open_block[2]))

    @property
    def starts(self) -> array[int]:
        if self._starts is None:
            self._starts = line_starts(self.text)
        return self._starts

    def line_of(self, pos: int) -> int:
        return bisect_right(self.starts, pos)

    def silences(self, finding: Finding, start: int) -> bool:
        """Does a directive silence this finding (at ``start`` in the whole text)? Marks it used."""
        if finding.rule == UNUSED_RULE or not (self.ignores or self.blocks):
            return False  # (no directive in the text: its lines are never counted)
        line = self.line_of(start)
        hit = False
        for ig in self.ignores.get(line, []):
            if not ig.selectors:
                ig.used.add("")
                hit = True
            for sel in ig.selectors:
                if rule_matches(finding.rule, finding.cls, sel):
                    ig.used.add(sel)
                    hit = True
        for block in self.blocks:
            if block.first <= line <= block.last:
                block.used = True
                hit = True
        return hit

    def unused(self, active: list[tuple[str, str]], known: list[tuple[str, str]]) -> list[Finding]:
        """MTC001 findings for directives that silenced nothing.

        ``active`` are the (id, class) of the rules that ran: a selector naming only
        rules that did not run cannot be judged and is left alone. ``known`` are all
        rules: a selector naming none of them is reported as unknown.
        """
        out: list[Finding] = []
        for igs in self.ignores.values():
            for ig in igs:
                if not ig.selectors:
                    if "" not in ig.used and active:
                        out.append(self._finding(ig.start, ig.end, "this suppression silenced nothing"))
                    continue
                for sel in ig.selectors:
                    if sel in ig.used or sel.startswith(GRAMMAR_PREFIX):
                        continue  # LanguageTool's rule ids are not known before it answers
                    if not any(rule_matches(rid, cls, sel) for rid, cls in known):
                        out.append(self._finding(ig.start, ig.end, f"suppression names an unknown rule {sel!r}"))
                    elif any(rule_matches(rid, cls, sel) for rid, cls in active):
                        out.append(self._finding(ig.start, ig.end, f"suppression of {sel} silenced nothing"))
        for block in self.blocks:
            if not block.used and active:
                out.append(self._finding(block.start, block.end, "'mtclean: off' block silenced nothing"))
        return out

    def _finding(self, start: int, end: int, why: str) -> Finding:
        return Finding(
            rule=UNUSED_RULE,
            cls=META_CLASS,
            severity="warning",
            start=start,
            end=end,
            text=self.text[start:end],
            message=f"Unused suppression: {why}.",
            suggestion="remove the directive",
            stage="suppress",
        )
