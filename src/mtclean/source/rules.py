"""Validating ``kind: source`` rules: the check must exist and its options be a mapping."""

from __future__ import annotations

from typing import Any

from ..rules import Rule

# checks that look at the whole file rather than one pair (see checker.py)
FILE_CHECKS = ("source-consistency", "target-consistency", "glossary-required", "glossary-forbidden")


def validate(rule: Rule, fail: Any) -> None:
    from .checks import CHECKS

    if rule.stage != "source":
        raise fail(f"{rule.id}: a source rule belongs in a file with 'stage: source'")
    name = rule.params.get("check")
    if not isinstance(name, str) or (name not in CHECKS and name not in FILE_CHECKS):
        known = ", ".join(sorted([*CHECKS, *FILE_CHECKS]))
        raise fail(f"{rule.id}: a source rule names its 'check' (one of {known}), not {name!r}")
    options = rule.params.get("options", {})
    if not isinstance(options, dict):
        raise fail(f"{rule.id}: 'options' must be a mapping")
