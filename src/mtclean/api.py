"""The Python API for people who embed mtclean: ``clean(text)``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .config import Config
from .model import Finding
from .report.diff import unified_diff
from .rules import RuleSet, load_rules
from .stages import build_pipeline


@dataclass
class Cleaned:
    text: str
    findings: list[Finding]
    diff: str


@lru_cache(maxsize=8)
def _builtin_rules() -> RuleSet:
    return load_rules()


def rules_for(config: Config) -> RuleSet:
    if config.rules_dirs:
        return load_rules(config.rules_dirs)
    return _builtin_rules()


def config_for(path: str | Path, config_file: str | Path | None = None) -> Config:
    """The Config the project configuration gives ``path`` (the nearest ``.mtclean.yaml`` or
    ``[tool.mtclean]``, or ``config_file``): the settings ``run``, ``check`` and ``fix`` use."""
    from .settings import build_config, settings_for

    settings = settings_for(Path(path), Path(config_file) if config_file else None)
    return build_config(settings, {})


def clean(text: str, config: Config | None = None, *, path: str = "<text>") -> Cleaned:
    """Clean one text with the default pipeline; safe fixes only unless the config says so."""
    config = config or Config()
    result = build_pipeline(rules_for(config), config).run(text, path)
    return Cleaned(result.cleaned, result.findings, unified_diff(path, result.original, result.cleaned))
