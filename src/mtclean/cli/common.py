"""Options and helpers the commands share."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from ..api import rules_for
from ..config import GRAMMAR_MODES, Config
from ..errors import MtcleanError
from ..rules import RuleSet


def fail(message: str) -> None:
    print(f"mtclean: {message}", file=sys.stderr)
    raise typer.Exit(2)


def load(config: Config) -> RuleSet:
    try:
        return rules_for(config)
    except MtcleanError as exc:
        fail(str(exc))
        raise  # unreachable


RulesOpt = typer.Option(None, "--rules", help="Extra folder of rule files (repeatable).")
UnsafeOpt = typer.Option(False, "--unsafe-fixes", help="Also apply fixes marked unsafe.")
LinesOpt = typer.Option(False, "--lines", help="One segment per line: lines are never joined or split.")
SelectOpt = typer.Option(None, "--select", help="Only these rules (id, id prefix or class; repeatable).")
IgnoreOpt = typer.Option(None, "--ignore", help="Leave out these rules (id, id prefix or class; repeatable).")
LanguageToolUrlOpt = typer.Option(
    None, "--languagetool-url", help="A LanguageTool server for the grammar stage (implies --grammar server)."
)
GrammarOpt = typer.Option(
    None, "--grammar", help="Grammar stage: auto (default), server, local, public (opt-in, sends text out) or off."
)


def grammar_options(config: Config, url: str | None, mode: str | None) -> None:
    """Apply --languagetool-url/--grammar to the config; a bad mode is a one-line error."""
    if mode is not None and mode not in GRAMMAR_MODES:
        fail(f"--grammar must be one of {', '.join(GRAMMAR_MODES)}, not {mode!r}")
    if url:
        config.grammar.url = url
        config.grammar.mode = mode or "server"
    elif mode:
        config.grammar.mode = mode


def make_config(
    rules: list[Path] | None, unsafe_fixes: bool, lines: bool, select: list[str] | None, ignore: list[str] | None
) -> Config:
    return Config(
        unsafe_fixes=unsafe_fixes,
        lines=lines,
        rules_dirs=list(rules or []),
        select=list(select or []),
        ignore=list(ignore or []),
    )
