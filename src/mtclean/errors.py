"""Errors a user can act on: each renders as one line naming the file (and line)."""

from __future__ import annotations


class MtcleanError(Exception):
    """A problem with the user's input, configuration or rules; never a bug in mtclean."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "
        return f"{where}{self.message}"


class RuleError(MtcleanError):
    """A rule file that cannot be loaded or a rule that is not what it claims."""


class InputError(MtcleanError):
    """An input path that cannot be read as text."""
