"""Source-aware mode: checks of each English translation against its German source.

For embedding: ``mtclean.source.check_pair("Der Zug fährt um 20 Uhr.", "The train leaves at 10 p.m.")``
returns the findings of every source rule (spans in the target, ``extra`` with the source span).
"""

from __future__ import annotations

from ..model import Finding


def check_pair(source: str, target: str) -> list[Finding]:
    from ..api import rules_for
    from ..config import Config
    from .checker import Pair, check_pairs

    rules = [r for r in rules_for(Config()).rules if r.kind == "source"]
    return check_pairs([Pair(source, target)], rules)[0]


__all__ = ["check_pair"]
