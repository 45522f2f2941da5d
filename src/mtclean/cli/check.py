"""``mtclean check``: report findings, write nothing (unless ``--output`` names a file).

The command CI and the ``mtclean`` pre-commit hook run: its exit status says
whether anything at or above the severity threshold is left.
"""

from __future__ import annotations

from pathlib import Path

import typer

from ..io import check_output_file
from ..settings import ConfigError
from . import app
from .lintopts import (
    CHECK_EXIT_HELP,
    AllowEmptyOpt,
    ColorOpt,
    ConfigOpt,
    Console,
    DiffBaseOpt,
    EncodingOpt,
    ExcludeOpt,
    ExitZeroOpt,
    ExtendSelectOpt,
    FormatOpt,
    GrammarOpt,
    IgnoreOpt,
    LangOpt,
    LanguageToolUrlOpt,
    LinesOpt,
    PathsArg,
    QuietOpt,
    RulesOpt,
    SelectOpt,
    SeverityOpt,
    StatisticsOpt,
    StdinNameOpt,
    UnsafeOpt,
    exit_status,
    overrides,
    run_lint,
    use_color,
)

FORMATS = ("full", "concise", "text", "json", "github", "sarif")  # text: the old name of full


@app.command(help=f"Report machine-translation artifacts; write nothing.\n\n{CHECK_EXIT_HELP}")
def check(
    paths: list[Path] = PathsArg,
    output_format: str = FormatOpt,
    output: Path = typer.Option(None, "--output", "-o", metavar="FILE", help="Write the report to this file instead of stdout."),
    config: Path = ConfigOpt,
    select: list[str] = SelectOpt,
    ignore: list[str] = IgnoreOpt,
    extend_select: list[str] = ExtendSelectOpt,
    severity: str = SeverityOpt,
    unsafe_fixes: bool = UnsafeOpt,
    rules: list[Path] = RulesOpt,
    exclude: list[str] = ExcludeOpt,
    lines: bool = LinesOpt,
    language_pair: str = LangOpt,
    encoding: str = EncodingOpt,
    diff_base: str = DiffBaseOpt,
    exit_zero: bool = ExitZeroOpt,
    statistics: bool = StatisticsOpt,
    color: str = ColorOpt,
    quiet: bool = QuietOpt,
    allow_empty: bool = AllowEmptyOpt,
    stdin_filename: str = StdinNameOpt,
    languagetool_url: str = LanguageToolUrlOpt,
    grammar: str = GrammarOpt,
    source: Path = typer.Option(
        None, "--source", metavar="FILE", help="The German source, line-aligned with the one target file (source-aware checks)."
    ),
    columns: str = typer.Option(None, "--columns", metavar="SRC,TGT", help="TSV input: the source and target columns, e.g. 1,2."),
) -> None:
    if output_format not in FORMATS:
        raise ConfigError(f"must be one of {', '.join(f for f in FORMATS if f != 'text')}, not {output_format!r}", "--output-format")
    styled = use_color(color) and output is None
    if output is not None:
        check_output_file(output, list(paths or [Path(".")]), "--output")  # never over an input, a device or a folder
    opts = overrides(select, ignore, extend_select, severity, unsafe_fixes, rules, exclude, lines, language_pair)
    if source is not None and len(paths or []) != 1:
        typer.echo("mtclean: --source pairs one target file with one source file: give one target", err=True)
        raise typer.Exit(2)
    console = Console(quiet)
    lint = run_lint(
        paths, opts, config, diff_base, encoding, console=console, allow_empty=allow_empty,
        stdin_filename=stdin_filename, grammar=(languagetool_url, _grammar_mode(grammar)),
        source=source, columns=_columns(columns),
    )
    outcome = lint.outcome
    results = [c.result for c in outcome.files]
    body = _render(lint, results, output_format, statistics, styled)
    if output is not None:
        from ..io import write_atomic

        write_atomic(output, body)
    else:
        print(body, end="")
    raise typer.Exit(exit_status(lint, outcome.failing() > 0, exit_zero))


def _grammar_mode(mode: str | None) -> str | None:
    from ..config import GRAMMAR_MODES

    if mode is not None and mode not in GRAMMAR_MODES:
        raise ConfigError(f"--grammar must be one of {', '.join(GRAMMAR_MODES)}, not {mode!r}")
    return mode


def _render(lint, results, output_format: str, statistics: bool, styled: bool) -> str:  # type: ignore[no-untyped-def]
    from .. import __version__

    outcome = lint.outcome
    if output_format in ("full", "concise", "text"):
        from ..report import text
        from ..report.text import Style

        if statistics:
            return text.statistics(results)
        fmt = "concise" if output_format == "concise" else "full"
        # never "All clear" beside an error, or when nothing was checked
        return text.render(results, summary=not (lint.errors or lint.empty), fmt=fmt, style=Style(styled))
    if output_format == "github":
        from ..report import github

        return github.render(results)
    engine = outcome.files[0].engine if outcome.files else lint.checker.default_engine([])
    errors = [str(e) for e in outcome.errors]
    if output_format == "json":
        from ..report import json as json_report

        run_info = {"command": "check", "errors": errors, "skipped": [p.as_posix() for p in outcome.skipped]}
        return json_report.dumps(json_report.report_dict(__version__, engine.signature, results, run_info)) + "\n"
    from ..report import sarif

    rules_by_id = {}
    for c in outcome.files:
        rules_by_id.update(c.engine.rules.by_id())
    return sarif.dumps(sarif.report(results, rules_by_id, __version__, engine.signature, errors))


def _columns(columns: str | None) -> tuple[int, int] | None:
    """--columns, parsed by the source-aware mode (imported only when the option is given)."""
    if not columns:
        return None
    from ..source.cli import parse_columns

    return parse_columns(columns)
