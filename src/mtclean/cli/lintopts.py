"""Options ``check`` and ``fix`` share: the configuration keys a command line may override,
plus how the two commands turn an outcome into an exit status."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from ..checker import Checker, Outcome
from ..settings import LANG_PAIR, ConfigError

CHECK_EXIT_HELP = (
    "Exit status: 0 nothing found, 1 findings at or above the severity threshold, "
    "2 usage, configuration or input error. --exit-zero turns 1 into 0."
)
FIX_EXIT_HELP = (
    "Exit status: 0 no file changed, 1 files changed (or, with --diff, would change), "
    "2 usage, configuration or input error. --exit-zero turns 1 into 0."
)

PathsArg = typer.Argument(None, readable=False, help="Files or folders (folders: *.txt and *.md, recursively). Default: '.'.")
ConfigOpt = typer.Option(None, "--config", help="Use this .mtclean.yaml or pyproject.toml instead of the nearest one.")
SelectOpt = typer.Option(None, "--select", help="Only these rules: id, id prefix or class (repeatable; replaces the file's).")
IgnoreOpt = typer.Option(None, "--ignore", help="Leave out these rules: id, id prefix or class (repeatable).")
ExtendSelectOpt = typer.Option(None, "--extend-select", help="Add these rules to --select (repeatable).")
SeverityOpt = typer.Option(None, "--severity", help="Lowest severity reported and fixed: error, warning or info.")
UnsafeOpt = typer.Option(None, "--unsafe-fixes/--no-unsafe-fixes", help="Also apply (or count as fixable) fixes marked unsafe.")
RulesOpt = typer.Option(None, "--rules", help="Extra folder of rule files (repeatable).")
ExcludeOpt = typer.Option(None, "--exclude", help="Skip files matching this glob, relative to the current folder (repeatable).")
LinesOpt = typer.Option(None, "--lines/--no-lines", help="One segment per line: lines are never joined or split.")
LangOpt = typer.Option(None, "--language-pair", help="Source-target languages, e.g. de-en.")
EncodingOpt = typer.Option(None, "--encoding", help="Decode inputs with this encoding (and write them back with it).")
DiffBaseOpt = typer.Option(None, "--diff-base", help="Only lines changed against this git ref (e.g. origin/main).")
ExitZeroOpt = typer.Option(False, "--exit-zero", help="Exit 0 even when there are findings (errors still exit 2).")


def overrides(
    select: list[str] | None,
    ignore: list[str] | None,
    extend_select: list[str] | None,
    severity: str | None,
    unsafe_fixes: bool | None,
    rules: list[Path] | None,
    exclude: list[str] | None,
    lines: bool | None,
    language_pair: str | None,
) -> dict[str, Any]:
    """The command line's values by configuration key; None where an option was not given."""
    if severity is not None and severity not in ("error", "warning", "info"):
        raise ConfigError(f"must be error, warning or info, not {severity!r}", "--severity")
    pair = None
    if language_pair is not None:
        m = LANG_PAIR.match(language_pair)
        if m is None or m.group(2) != "en":
            raise ConfigError(f"must look like 'de-en' (target en), not {language_pair!r}", "--language-pair")
        pair = (m.group(1), m.group(2))
    return {
        "select": list(select) if select else None,
        "ignore": list(ignore) if ignore else None,
        "extend-select": list(extend_select) if extend_select else None,
        "severity": severity,
        "unsafe-fixes": unsafe_fixes,
        "rules": [p.resolve() for p in rules] if rules else None,
        "exclude": list(exclude) if exclude else None,
        "lines": lines,
        "language-pair": pair,
    }


def run_checker(
    paths: list[Path] | None,
    opts: dict[str, Any],
    config: Path | None,
    diff_base: str | None,
    encoding: str | None,
) -> tuple[Checker, Outcome]:
    if config is not None and not config.is_file():
        raise ConfigError("configuration file not found", str(config))
    checker = Checker(opts, config, diff_base, encoding)
    outcome = checker.run(list(paths) if paths else [Path(".")])
    for note in outcome.notes:
        print(f"mtclean: note: {note}", file=sys.stderr)
    for err in outcome.errors:
        print(f"mtclean: {err}", file=sys.stderr)
    return checker, outcome


def exit_status(outcome: Outcome, flagged: bool, exit_zero: bool) -> int:
    if outcome.errors:
        return 2
    return 1 if flagged and not exit_zero else 0
