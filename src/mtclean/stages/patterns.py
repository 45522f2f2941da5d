"""Runs ``pattern`` rules (token sequences, see mtclean.patterns) over the shared token layer.

One stage object per family (word-order, fragment, …); the rules decide what is
matched, this module only turns matches into findings with filled-in suggestions.
"""

from __future__ import annotations

from ..doc import doc_for
from ..model import Finding
from ..patterns import fill, scan
from ..pipeline import Context
from ..rules import Rule
from .common import finding


class PatternStage:
    def __init__(self, name: str, rules: list[Rule]) -> None:
        self.name = name
        self.rules = [r for r in rules if r.kind == "pattern" and r.compiled is not None]

        # One scan of the text finds the anchor words of all these rules at once.
        self.words = frozenset(w for rule in self.rules for w in rule.compiled.anchor_words())

    def check(self, text: str, ctx: Context) -> list[Finding]:
        doc = doc_for(text, ctx.cache)
        found = scan(doc, self.words) if self.words else {}
        out: list[Finding] = []
        for rule in self.rules:
            template = rule.params.get("suggest_template")
            for start, end, named in rule.compiled.matches(doc, found):
                suggestion = fill(template, named) if template else None
                out.append(finding(rule, start, end, suggestion=suggestion))
        return out
