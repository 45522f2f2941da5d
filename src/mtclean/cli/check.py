"""``mtclean check``: report findings, write nothing (unless ``--output`` names a file).

The command CI and the ``mtclean`` pre-commit hook run: its exit status says
whether anything at or above the severity threshold is left.
"""

from __future__ import annotations

from pathlib import Path

import typer

from .. import __version__
from ..io import check_output_file, write_atomic
from ..report import github, sarif, text
from ..report import json as json_report
from ..settings import ConfigError
from . import app
from .lintopts import (
    CHECK_EXIT_HELP,
    ConfigOpt,
    DiffBaseOpt,
    EncodingOpt,
    ExcludeOpt,
    ExitZeroOpt,
    ExtendSelectOpt,
    IgnoreOpt,
    LangOpt,
    LinesOpt,
    PathsArg,
    RulesOpt,
    SelectOpt,
    SeverityOpt,
    UnsafeOpt,
    exit_status,
    overrides,
    run_checker,
)

FORMATS = ("text", "json", "github", "sarif")


@app.command(help=f"Report machine-translation artifacts; write nothing.\n\n{CHECK_EXIT_HELP}")
def check(
    paths: list[Path] = PathsArg,
    output_format: str = typer.Option("text", "--output-format", help="text, json, github or sarif."),
    output: Path = typer.Option(None, "--output", help="Write the report to this file instead of stdout."),
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
) -> None:
    if output_format not in FORMATS:
        raise ConfigError(f"must be one of {', '.join(FORMATS)}, not {output_format!r}", "--output-format")
    if output is not None:
        check_output_file(output, list(paths or [Path(".")]), "--output")  # never over an input, a device or a folder
    opts = overrides(select, ignore, extend_select, severity, unsafe_fixes, rules, exclude, lines, language_pair)
    checker, outcome = run_checker(paths, opts, config, diff_base, encoding)
    results = [c.result for c in outcome.files]
    if output_format == "text":
        body = text.render(results)
    elif output_format == "github":
        body = github.render(results)
    else:
        engine = outcome.files[0].engine if outcome.files else checker.default_engine(list(paths or []))
        errors = [str(e) for e in outcome.errors]
        if output_format == "json":
            run_info = {"command": "check", "errors": errors, "skipped": [p.as_posix() for p in outcome.skipped]}
            body = json_report.dumps(json_report.report_dict(__version__, engine.signature, results, run_info)) + "\n"
        else:
            rules_by_id = {}
            for c in outcome.files:
                rules_by_id.update(c.engine.rules.by_id())
            doc = sarif.report(results, rules_by_id, __version__, engine.signature, errors)
            body = sarif.dumps(doc)
    if output is not None:
        write_atomic(output, body)
    else:
        print(body, end="")
    raise typer.Exit(exit_status(outcome, outcome.findings > 0, exit_zero))
