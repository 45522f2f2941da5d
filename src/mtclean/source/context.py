"""The German source of the segment being cleaned, for stages that can use it (LanguageTool's bitext mode).

A context variable rather than a pipeline argument: the English stages stay unaware of
source-aware mode, and only the grammar stage asks.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_SOURCE: ContextVar[str | None] = ContextVar("mtclean_segment_source", default=None)


def segment_source() -> str | None:
    return _SOURCE.get()


@contextmanager
def with_source(text: str) -> Iterator[None]:
    token = _SOURCE.set(text)
    try:
        yield
    finally:
        _SOURCE.reset(token)
