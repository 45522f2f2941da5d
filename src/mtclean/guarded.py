"""Patterns from users' rule folders, compiled so that no text can hang a run.

Python's ``re`` backtracks without limit: ``(a|aa)+$`` on a long run of a's takes
longer than the age of the universe. Users' rules are therefore compiled with the
``regex`` module (in its ``re``-compatible VERSION0 mode) and every search is
given a time limit; a rule that runs out of time on a text is stopped there and
reported (regex_rules.py), and the run goes on. The built-in rules are reviewed
and use ``re``, which is faster for them.
"""

from __future__ import annotations

import contextlib
import contextvars
import re
import time
from collections.abc import Callable, Iterator
from typing import Any

BASE_SECONDS = 1.0  # time limit per file (all users' rules together), plus PER_CHAR for each character
PER_CHAR = 2e-6  # 2 s per million characters: a sane pattern scans far faster


class Budget:
    """The time users' patterns may take on one file, all rules and segments together.

    A limit per text would give ``--lines`` one second per line; one per file is what
    bounds a run. A rule stopped once is not run again on that file (``stopped``), so
    it is reported once, not on every segment.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        # Only the time spent in users' patterns counts: the rest of the run (a slow stage,
        # a word table built on first use, a loaded machine) must not use up their budget.
        self.spent = 0.0
        self.stopped: set[str] = set()

    def remaining(self) -> float:
        return self.seconds - self.spent


@contextlib.contextmanager
def _charged() -> Iterator[None]:
    """The time spent inside goes on the file's budget (when one is set)."""
    budget, started = _BUDGET.get(), time.monotonic()
    try:
        yield
    finally:
        if budget is not None:
            budget.spent += time.monotonic() - started


def _timed(found: Iterator[Any]) -> Iterator[Any]:
    with _charged():
        yield from found


_BUDGET: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("mtclean_regex_budget", default=None)


def current() -> Budget | None:
    return _BUDGET.get()


@contextlib.contextmanager
def file_budget(chars: int) -> Iterator[Budget]:
    """One budget for a file of ``chars`` characters (an enclosing one is kept)."""
    active = _BUDGET.get()
    if active is not None:
        yield active
        return
    budget = Budget(BASE_SECONDS + PER_CHAR * chars)
    token = _BUDGET.set(budget)
    try:
        yield budget
    finally:
        _BUDGET.reset(token)


class GuardedPattern:
    """A ``regex`` pattern that looks like an ``re.Pattern`` to the stages."""

    guarded = True

    def __init__(self, compiled: Any) -> None:
        self.compiled = compiled
        self.pattern = compiled.pattern
        self.flags = compiled.flags
        self.groupindex = compiled.groupindex
        self.groups = compiled.groups

    def budget(self, text: str) -> float:
        """Seconds left: of the file's budget when one is set, else for this text alone."""
        active = _BUDGET.get()
        if active is None:
            return BASE_SECONDS + PER_CHAR * len(text)
        left = active.remaining()
        if left <= 0:
            raise TimeoutError("regex time budget of the file used up")
        return left

    def finditer(self, text: str, timeout: float | None = None) -> Iterator[Any]:
        """Raises TimeoutError when the whole scan takes longer than ``timeout`` seconds."""
        return _timed(self.compiled.finditer(text, timeout=self.budget(text) if timeout is None else timeout))

    def search(self, text: str, pos: int = 0) -> Any:
        with _charged():
            return self.compiled.search(text, pos, timeout=self.budget(text))

    def match(self, text: str, pos: int = 0) -> Any:
        with _charged():
            return self.compiled.match(text, pos, timeout=self.budget(text))

    def fullmatch(self, text: str, pos: int = 0) -> Any:
        with _charged():
            return self.compiled.fullmatch(text, pos, timeout=self.budget(text))

    def sub(self, repl: Any, text: str, count: int = 0) -> str:
        with _charged():
            return self.compiled.sub(repl, text, count, timeout=self.budget(text))  # type: ignore[no-any-return]

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.pattern, self.flags))


def _rebuild(pattern: str, flags: int) -> GuardedPattern:
    import regex

    return GuardedPattern(regex.compile(pattern, flags))


def compile_guarded(pattern: str, flags: int, fail: Callable[[Exception], Exception]) -> Any:
    import regex  # (users' patterns only: the built-in rules need not load it)

    flags_v0 = regex.VERSION0
    if flags & re.IGNORECASE:
        flags_v0 |= regex.IGNORECASE
    if flags & re.MULTILINE:
        flags_v0 |= regex.MULTILINE
    if flags & re.DOTALL:
        flags_v0 |= regex.DOTALL
    if flags & re.VERBOSE:
        flags_v0 |= regex.VERBOSE
    try:
        return GuardedPattern(regex.compile(pattern, flags_v0))
    except (regex.error, re.error) as exc:
        raise fail(exc) from None
