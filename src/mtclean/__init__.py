"""mtclean: find and fix the source language's fingerprints in machine-translated text."""

from __future__ import annotations

__version__ = "0.1.0"

# The API is imported when first used, so the ``mtclean`` program starts with only what
# it needs before its signal handlers are set (entry.py).
_LAZY = {"Cleaned": "api", "clean": "api", "config_for": "api", "Config": "config", "Edit": "model", "FileResult": "model", "Finding": "model"}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Cleaned", "Config", "config_for", "Edit", "FileResult", "Finding", "clean", "__version__"]
