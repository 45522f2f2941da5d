"""mtclean: find and fix the source language's fingerprints in machine-translated text."""

from __future__ import annotations

__version__ = "0.1.0"

from .api import Cleaned, clean, config_for  # noqa: E402
from .config import Config  # noqa: E402
from .model import Edit, FileResult, Finding  # noqa: E402

__all__ = ["Cleaned", "Config", "config_for", "Edit", "FileResult", "Finding", "clean", "__version__"]
