"""Options ``check`` and ``fix`` share (``run`` takes the configuration ones too): the
configuration keys a command line may override, the terminal's look, and how an
outcome becomes notices, errors and an exit status.

Every notice and error is printed once, on stderr; ``-q`` silences notices.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import typer

from ..checker import Checker, Outcome
from ..config import effective_select
from ..settings import LANG_PAIR, ConfigError

CHECK_EXIT_HELP = (
    "Exit status: 0 nothing at or above the severity threshold (default: warning), 1 findings at or "
    "above it, 2 usage, configuration or input error, or nothing to check (see --allow-empty). "
    "--exit-zero turns 1 into 0."
)
FIX_EXIT_HELP = (
    "Exit status: 0 no finding at or above the severity threshold is left, 1 some are left (with "
    "--diff: a file would change), 2 usage, configuration or input error, or nothing to check. "
    "--exit-zero turns 1 into 0."
)
GRAMMAR_ONLY = "grammar"

PathsArg = typer.Argument(
    None, metavar="PATH", readable=False, help="Files or folders (folders: *.txt and *.md, recursively); '-' reads stdin. Default: '.'."
)
ConfigOpt = typer.Option(
    None, "--config", metavar="FILE", help="Use this .mtclean.yaml or pyproject.toml instead of the nearest one."
)
SelectOpt = typer.Option(
    None, "--select", metavar="RULES", help="Only these rules: ids, id prefixes or classes, comma-separated (replaces the file's)."
)
IgnoreOpt = typer.Option(None, "--ignore", metavar="RULES", help="Leave out these rules (ids, prefixes or classes, comma-separated).")
ExtendSelectOpt = typer.Option(None, "--extend-select", metavar="RULES", help="Add these rules to --select.")
SeverityOpt = typer.Option(
    None, "--severity", metavar="LEVEL",
    help="Fail on findings at or above this level: error, warning (default) or info. All are reported.",
)
UnsafeOpt = typer.Option(
    None, "--unsafe-fixes/--no-unsafe-fixes", help="Also apply (or count as fixable) fixes marked unsafe."
)
RulesOpt = typer.Option(None, "--rules", metavar="DIR", help="Extra folder of rule files (repeatable).")
ExcludeOpt = typer.Option(
    None, "--exclude", metavar="GLOB", help="Skip files matching this glob, relative to the current folder (repeatable)."
)
LinesOpt = typer.Option(None, "--lines/--no-lines", help="One segment per line: lines are never joined or split.")
LangOpt = typer.Option(None, "--language-pair", metavar="PAIR", help="Source-target languages, e.g. de-en.")
EncodingOpt = typer.Option(
    None, "--encoding", metavar="CODEC", help="Decode inputs with this encoding (and write them back with it)."
)
DiffBaseOpt = typer.Option(None, "--diff-base", metavar="REF", help="Only lines changed against this git ref (e.g. origin/main).")
ExitZeroOpt = typer.Option(False, "--exit-zero", help="Exit 0 even when findings remain (errors still exit 2).")
QuietOpt = typer.Option(False, "--quiet", "-q", help="Print no notices (errors and findings still print).")
AllowEmptyOpt = typer.Option(False, "--allow-empty", help="Nothing to check is a notice and exit 0, not exit 2.")
ColorOpt = typer.Option(
    "auto", "--color", metavar="WHEN", help="Colour the output: auto (on a terminal, unless NO_COLOR is set), always or never."
)
StatisticsOpt = typer.Option(False, "--statistics", help="Print the number of findings per rule instead of each finding.")
StdinNameOpt = typer.Option(
    None, "--stdin-filename", metavar="NAME",
    help="With '-': the name the text on stdin has (for its configuration, its format and the report).",
)
FormatOpt = typer.Option(
    "full", "--output-format", metavar="FORMAT",
    help="full (the source line and the fix under each finding), concise (one line each), json, github or sarif.",
)
LanguageToolUrlOpt = typer.Option(
    None, "--languagetool-url", metavar="URL", help="A LanguageTool server for the grammar stage (implies --grammar server)."
)
GrammarOpt = typer.Option(
    None, "--grammar", metavar="MODE", help="Grammar stage: auto (default), server, local, public (sends text out) or off."
)


def split_list(values: list[str] | None) -> list[str] | None:
    """``--select CAL002,CAP001`` and ``--select CAL002 --select CAP001`` alike."""
    if not values:
        return None
    return [part.strip() for v in values for part in v.split(",") if part.strip()]


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
    for folder in rules or []:
        if not folder.is_dir():
            raise ConfigError("rules folder not found", str(folder))
    return {
        "select": split_list(select),
        "ignore": split_list(ignore),
        "extend-select": split_list(extend_select),
        "severity": severity,
        "unsafe-fixes": unsafe_fixes,
        "rules": [p.resolve() for p in rules] if rules else None,
        "exclude": list(exclude) if exclude else None,
        "lines": lines,
        "language-pair": pair,
    }


def use_color(when: str) -> bool:
    if when not in ("auto", "always", "never"):
        raise ConfigError(f"must be auto, always or never, not {when!r}", "--color")
    if when != "auto":
        return when == "always"
    return not os.environ.get("NO_COLOR") and sys.stdout.isatty()


@dataclass
class Console:
    """Notices (silenced by ``-q``) and errors, each printed once, on stderr."""

    quiet: bool = False
    said: set[str] = field(default_factory=set)

    def notice(self, message: str) -> None:
        if not self.quiet:
            self._say(message)

    def error(self, message: str) -> None:
        self._say(message)

    def _say(self, message: str) -> None:
        if message not in self.said:
            self.said.add(message)
            print(f"mtclean: {message}", file=sys.stderr)


@dataclass
class Lint:
    """One ``check``/``fix`` run: its checker, outcome and whether it ended in an error."""

    checker: Checker
    outcome: Outcome
    console: Console
    failed: bool = False  # an error (exit 2) besides the per-file ones
    empty: bool = False  # nothing was checked

    @property
    def errors(self) -> bool:
        return bool(self.outcome.errors) or self.failed


def run_lint(
    paths: list[Path] | None,
    opts: dict[str, Any],
    config: Path | None,
    diff_base: str | None,
    encoding: str | None,
    *,
    console: Console,
    allow_empty: bool,
    stdin_filename: str | None = None,
    grammar: tuple[str | None, str | None] = (None, None),
    source: Path | None = None,
    columns: tuple[int, int] | None = None,
) -> Lint:
    if config is not None and not config.is_file():
        raise ConfigError("configuration file not found", str(config))
    checker = Checker(opts, config, diff_base, encoding, source=source, columns=columns, grammar=grammar)
    given = list(paths) if paths else [Path(".")]
    if any(str(p) == "-" for p in given):
        if len(given) > 1:
            raise ConfigError("'-' (stdin) cannot be mixed with paths", "-")
        outcome = checker.run_stdin(sys.stdin.buffer.read(), stdin_filename or "-")
    else:
        if stdin_filename is not None:
            raise ConfigError("only with '-' (stdin) as the path", "--stdin-filename")
        outcome = checker.run(given)
    for note in outcome.notes:  # inputs skipped (binary in a folder): said even with -q
        console.error(f"note: {note}")
    for err in outcome.errors:
        console.error(str(err))
    lint = Lint(checker, outcome, console)
    _stage_notices(lint)
    if not outcome.files and not outcome.errors:
        lint.empty = True
        if outcome.skipped:  # the configuration left out every named file (pre-commit names them all)
            n = len(outcome.skipped)
            console.notice(f"nothing to check: {n} file{'s' if n != 1 else ''} excluded by the configuration")
            return lint
        what = "no files to check"
        if allow_empty:
            console.notice(what)
        else:
            console.error(f"{what}; pass --allow-empty to accept that")
            lint.failed = True
    return lint


def only_grammar(selector: str) -> bool:
    return selector == GRAMMAR_ONLY or selector.startswith("LT:")


def _stage_notices(lint: Lint) -> None:
    """A stage that could not run says so once: a notice when it was merely not available
    (``auto``), an error when asked for explicitly, or when it was all that was selected."""
    seen: set[int] = set()
    for c in lint.outcome.files:
        pipeline = c.engine.pipeline
        if id(pipeline) in seen:
            continue
        seen.add(id(pipeline))
        # Only grammar selected (the class or LT: ids): mtclean's own grammar-class rules
        # (CAP005, MTG…) run in other stages, but the selection was LanguageTool's.
        select = effective_select(c.engine.config)
        others = not select or not all(only_grammar(sel) for sel in select)
        for stage in pipeline.stages:
            status = getattr(stage, "status", "ran")
            if status == "ran" or status.startswith(("off", "not run")):
                continue
            short = status.split(";")[0]
            asked = any(sel == stage.name or sel.startswith("LT:") for sel in effective_select(c.engine.config))
            if status.startswith("skipped") and not asked:
                continue  # the default ``auto`` found no LanguageTool: not worth a line on every commit
            if status.startswith(("failed", "partial")) or not others:
                lint.console.error(f"{stage.name} stage {short}" + ("; nothing else was selected" if not others else ""))
                lint.failed = True
            else:
                lint.console.notice(f"{stage.name} stage {short} (enable with --languagetool-url URL or --grammar local)")


def exit_status(lint: Lint, flagged: bool, exit_zero: bool) -> int:
    if lint.errors:
        return 2
    return 1 if flagged and not exit_zero else 0
