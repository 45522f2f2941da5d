"""Run options. One object, passed everywhere, so a run is described by it alone
(and its signature can be printed, as sacrebleu prints its own)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from . import lt_profile

GRAMMAR_MODES = ("auto", "server", "local", "public", "off")


@dataclass
class GrammarConfig:
    """Where LanguageTool runs and what it is asked; the grammar stage reads nothing else.

    ``auto`` uses ``url`` if a server answers there, else a LanguageTool already
    installed locally (never a download), else skips the stage and says why.
    """

    mode: str = "auto"  # auto | server | local | public | off
    url: str | None = None  # an existing LanguageTool HTTP server (mode server, or tried first by auto)
    language: str = "en-US"
    # None: the run's source language; "" (the profile's default, see lt_profile.py): none
    mother_tongue: str | None = lt_profile.MOTHER_TONGUE
    # What is asked and applied: by default the profile chosen from figures (lt_profile.py).
    picky: bool = lt_profile.PICKY
    disabled_rules: list[str] = field(default_factory=lambda: list(lt_profile.DISABLED_RULES))
    disabled_categories: list[str] = field(default_factory=lambda: list(lt_profile.DISABLED_CATEGORIES))
    enabled_rules: list[str] = field(default_factory=list)  # off-by-default LanguageTool rules to turn on
    enabled_categories: list[str] = field(default_factory=lambda: list(lt_profile.ENABLED_CATEGORIES))
    safe_fixes: list[str] = field(default_factory=lambda: list(lt_profile.SAFE_FIXES))  # first replacement applied
    unsafe_fixes: list[str] = field(default_factory=lambda: list(lt_profile.UNSAFE_FIXES))  # ... with --unsafe-fixes
    timeout: float = 60.0  # seconds per request (connect and read); a busy 2-core machine needs >20 s for 20 KB
    # auto may start a local server from the installed jars: `run`, the API and eval do; check and
    # fix (run per commit by pre-commit) do not, and use only a server that is already there.
    auto_start: bool = True
    startup_timeout: float = 120.0  # seconds for a local server to start and answer
    max_chars: int = 10_000  # per request; paragraphs are kept whole when they fit (10 KB: chunks run side by side)
    concurrency: int = 4  # files checked at the same time against the one shared server

    ENABLE_HINT = (
        "enable it with `mtclean languagetool install` (needs Java and Maven), "
        "--languagetool-url URL (a LanguageTool server) or --grammar public (sends the text to languagetool.org)"
    )
    NO_AUTO_START = "check and fix start no LanguageTool of their own (pass --grammar local, or --languagetool-url URL)"

    def refused_at_once(self) -> str | None:
        """Why no LanguageTool can be used, when that is known without the client (auto mode,
        no URL, and no starting one or nothing installed to start): the grammar stage then
        skips without loading the client and its HTTP stack (0.2 s of every start)."""
        if self.mode != "auto" or self.url:
            return None
        if not self.auto_start:
            return self.NO_AUTO_START
        from . import lt_install

        if not lt_install.maybe_installed():  # the words languagetool._local would say
            return f"LanguageTool {lt_install.pinned_version()} is not installed in {lt_install.home()}"
        return None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GrammarConfig:
        """From a config file's ``grammar:`` table; unknown keys are an error, not ignored."""
        names = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - names)
        if unknown:
            raise ValueError(f"unknown grammar setting(s): {', '.join(unknown)}")
        made = cls(**data)
        if made.mode not in GRAMMAR_MODES:
            raise ValueError(f"grammar mode must be one of {', '.join(GRAMMAR_MODES)}, not {made.mode!r}")
        return made


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
    grammar: GrammarConfig = field(default_factory=GrammarConfig)  # the grammar stage's own settings
    # check/fix (issue 5): rules added to ``select`` (only matters when select is given), the lowest
    # severity reported and fixed, and globs of files to leave alone (matched by settings.py).
    extend_select: list[str] = field(default_factory=list)
    severity: str = "warning"  # check/fix fail on findings at or above it; it changes no result
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
        if self.grammar.mode != "auto" or self.grammar.url:
            parts.append(f"grammar:{self.grammar.mode}")
        if self.extend_select:
            parts.append("extend-select:" + ",".join(self.extend_select))
        if self.disable_stages:
            parts.append("off:" + ",".join(self.disable_stages))
        return "|".join(parts)


def effective_select(config: Config) -> list[str]:
    """``select`` plus ``extend-select``; empty means every rule (extend-select then adds nothing)."""
    return config.select + config.extend_select if config.select else []


def rule_matches(rule_id: str, rule_class: str, selector: str) -> bool:
    """A selector is a rule id, an id prefix (``CAL``, ``CAL00``) or a class name."""
    return selector == rule_class or rule_id.startswith(selector)
