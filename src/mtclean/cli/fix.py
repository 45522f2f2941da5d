"""``mtclean fix``: apply the safe fixes in place (or show them with ``--diff``).

Each file is replaced through a temporary file and an atomic rename, so an
interrupted run leaves either the old or the new file, never half of one. As
with ``ruff check --fix``, the exit status says whether findings at or above the
severity threshold are left after fixing, so the fix hook alone cannot pass
over what it could not fix.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from ..errors import InputError
from ..io import Decoded, OutputError, write_atomic
from ..model import FileResult
from ..report import text
from ..report.diff import unified_diff
from ..report.text import Style
from . import app
from .check import _grammar_mode
from .lintopts import (
    FIX_EXIT_HELP,
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
from ..settings import ConfigError


@app.command(
    help="Apply the safe fixes in place (with --unsafe-fixes also the unsafe ones) and list the findings "
    f"left for review. With '-' the fixed text goes to stdout.\n\n{FIX_EXIT_HELP}"
)
def fix(
    paths: list[Path] = PathsArg,
    diff: bool = typer.Option(False, "--diff", help="Print the changes as a unified diff; write nothing."),
    show_fixes: bool = typer.Option(False, "--show-fixes", help="List every fix made, as old → new."),
    output_format: str = FormatOpt,
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
) -> None:
    if output_format not in ("full", "concise", "text"):
        raise ConfigError(f"must be full or concise, not {output_format!r}", "--output-format")
    fmt = "concise" if output_format == "concise" else "full"
    style = Style(use_color(color))
    opts = overrides(select, ignore, extend_select, severity, unsafe_fixes, rules, exclude, lines, language_pair)
    console = Console(quiet)
    lint = run_lint(
        paths, opts, config, diff_base, encoding, console=console, allow_empty=allow_empty,
        stdin_filename=stdin_filename, grammar=(languagetool_url, _grammar_mode(grammar)),
    )
    outcome = lint.outcome
    stdin = bool(paths) and str(paths[0]) == "-"
    report = sys.stderr if stdin or diff else sys.stdout  # stdout carries the fixed text or the diff
    changed = [c for c in outcome.files if c.result.changed]
    if diff:
        print("".join(unified_diff(c.result.path, c.result.original, c.result.cleaned) for c in changed), end="")
    elif stdin:
        for c in outcome.files:
            sys.stdout.write(c.result.cleaned)
    else:
        written = []
        for c in changed:
            try:
                _write(c.result, c.encoding)
                written.append(c)
            except InputError as exc:
                outcome.errors.append(exc)
                console.error(str(exc))
        changed = written
    if show_fixes:
        for c in changed:
            print(_fixes(c.result, style), end="", file=report)
    remaining = [_unfixed(c.result) for c in outcome.files]
    left = sum(len(r.findings) for r in remaining)
    if statistics:
        print(text.statistics(remaining), end="", file=report)
    elif left:
        print(text.render(remaining, summary=False, fmt=fmt, style=style), end="", file=report)
    fixed = sum(f.applied for c in changed for f in c.result.findings)
    if not (lint.errors or lint.empty):
        verb = "would fix" if diff else "fixed"
        files = f" in {len(changed)} file{'s' if len(changed) != 1 else ''}" if changed else ""
        tail = f", {left} left for review" if left else ""
        print(f"{verb.capitalize()} {fixed} finding{'s' if fixed != 1 else ''}{files}{tail}.", file=report)
    flagged = bool(changed) if diff else outcome.failing(unfixed=True) > 0
    raise typer.Exit(exit_status(lint, flagged, exit_zero))


def _fixes(r: FileResult, style: Style) -> str:
    from ..offsets import line_col, line_starts

    starts = line_starts(r.original)
    out = []
    for f in r.findings:
        if f.applied:
            line, col = line_col(starts, f.start)
            out.append(f"{style.bold(f'{r.path}:{line}:{col}:')} {style.red(f.rule)} {text.fix_line(f)}")
    return "\n".join(out) + ("\n" if out else "")


def _unfixed(r: FileResult) -> FileResult:
    return FileResult(r.path, r.original, r.cleaned, [f for f in r.findings if not f.applied], r.edits, r.notes)


def _write(result: FileResult, encoding: str) -> None:
    """Replace the file a symlink points to, not the link; keep the encoding (and BOM) it was read with."""
    target = Path(result.path).resolve()
    source = result.source if isinstance(result.source, Decoded) else Decoded(result.original, encoding)
    try:
        data = source.encode(result.cleaned, result.path)
    except OutputError:
        raise InputError(f"fixed text cannot be written back as {source.label}; left unchanged", result.path) from None
    try:
        write_atomic(target, data, expect=getattr(source, "stamp", None))
    except OutputError as exc:
        if exc.message.startswith("changed while"):
            raise InputError(exc.message, result.path) from None
        reason = exc.message
        if reason.startswith("cannot write (") and reason.endswith(")"):
            reason = reason[len("cannot write (") : -1]
        raise InputError(f"cannot write the fixed file ({reason}); left unchanged", result.path) from None
