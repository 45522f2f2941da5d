"""What every check shares: the hit it returns, the registry, the helpers that find spans."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass
class Hit:
    """One problem: target span, source span (code points into the segment texts), detail."""

    start: int
    end: int
    src_start: int
    src_end: int
    detail: str


Check = Callable[[str, str, dict[str, Any]], list[Hit]]
CHECKS: dict[str, Check] = {}


def check(name: str) -> Callable[[Check], Check]:
    def register(fn: Check) -> Check:
        CHECKS[name] = fn
        return fn

    return register


def _whole(text: str) -> tuple[int, int]:
    stripped = text.strip()
    start = text.find(stripped[:1]) if stripped else 0
    return start, start + len(stripped)


def _fold(w: str) -> str:
    """Case, accents and the j/y/i of transliteration ("Netanjahu" / "Netanyahu") do not make two names."""
    w = w.casefold().replace("ß", "ss").replace("j", "i").replace("y", "i")
    return "".join(c for c in unicodedata.normalize("NFD", w) if not unicodedata.combining(c))
