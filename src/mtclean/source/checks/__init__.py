"""Checks of one segment against its source: what the target lost, added, changed or left in German.

Each check is a function ``(source, target, params) -> list[Hit]`` registered under the
name a rule's ``check:`` gives. A hit points at both sides: the target span (where a
reviewer looks) and the source span (what it should have said). The checks only
compare; they never edit, because deciding the right translation needs a translator.
Every threshold was set on WMT21 de→en human references (see README, "Source-aware
mode"): a check that fires on careful human translations is not worth its noise.
"""

from __future__ import annotations

from . import markup, names, numeric, omission, repetition, untranslated  # noqa: F401  (each registers its checks)
from .base import CHECKS, Check, Hit, check
from .omission import kept_names, name_like

__all__ = ["CHECKS", "Check", "Hit", "check", "kept_names", "name_like"]
