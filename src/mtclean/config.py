"""Run options. One object, passed everywhere, so a run is described by it alone
(and its signature can be printed, as sacrebleu prints its own)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Config:
    unsafe_fixes: bool = False
    lines: bool = False  # one segment per line: no stage joins or splits lines
    rules_dirs: list[Path] = field(default_factory=list)
    select: list[str] = field(default_factory=list)  # rule ids, id prefixes or class names; empty = all
    ignore: list[str] = field(default_factory=list)
    disable_stages: list[str] = field(default_factory=list)
    source_language: str = "de"
    target_language: str = "en"
    prefer: dict[str, str] = field(default_factory=dict)  # consistency: variant group -> preferred form
    grammar: dict[str, object] = field(default_factory=dict)  # the grammar stage's own settings
    # check/fix (issue 5): rules added to ``select`` (only matters when select is given), the lowest
    # severity reported and fixed, and globs of files to leave alone (matched by settings.py).
    extend_select: list[str] = field(default_factory=list)
    severity: str = "info"
    exclude: list[str] = field(default_factory=list)

    def signature(self) -> str:
        parts = [
            f"unsafe:{'yes' if self.unsafe_fixes else 'no'}",
            f"lines:{'yes' if self.lines else 'no'}",
            f"lang:{self.source_language}-{self.target_language}",
        ]
        if self.select:
            parts.append("select:" + ",".join(self.select))
        if self.ignore:
            parts.append("ignore:" + ",".join(self.ignore))
        if self.extend_select:
            parts.append("extend-select:" + ",".join(self.extend_select))
        if self.severity != "info":
            parts.append(f"severity:{self.severity}")
        if self.disable_stages:
            parts.append("off:" + ",".join(self.disable_stages))
        return "|".join(parts)


def effective_select(config: Config) -> list[str]:
    """``select`` plus ``extend-select``; empty means every rule (extend-select then adds nothing)."""
    return config.select + config.extend_select if config.select else []


def rule_matches(rule_id: str, rule_class: str, selector: str) -> bool:
    """A selector is a rule id, an id prefix (``CAL``, ``CAL00``) or a class name."""
    return selector == rule_class or rule_id.startswith(selector)
