"""Modules loaded on first use, so a command pays only for what it uses: ``mtclean check``
on one file never needs the LanguageTool client and its HTTP stack unless the grammar
stage actually asks LanguageTool.

Not ``importlib.util.LazyLoader``: before Python 3.12 it is not thread-safe, and the
grammar stage is reached from several threads at once. ``import_module`` takes the
import lock, so the first access imports the module whole and every other waits for it.
"""

from __future__ import annotations

import importlib
from typing import Any


class LazyModule:
    """Stands for a module; reading an attribute imports it (once) and reads it there."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attr: str) -> Any:
        return getattr(importlib.import_module(self._name), attr)

    def __reduce__(self) -> tuple[Any, tuple[str]]:  # pickled (to worker processes) by name
        return (LazyModule, (self._name,))


def lazy_import(name: str) -> LazyModule:
    return LazyModule(name)
