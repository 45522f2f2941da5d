"""``mtclean fix``: apply the safe fixes in place (or show them with ``--diff``).

Each file is replaced through a temporary file and an atomic rename, so an
interrupted run leaves either the old or the new file, never half of one. The
exit status follows pre-commit's convention for fixers: 1 when a file changed.
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
from . import app
from .lintopts import (
    FIX_EXIT_HELP,
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


@app.command(
    help="Apply the safe fixes in place (with --unsafe-fixes also the unsafe ones); "
    f"findings without a safe fix are listed, not changed.\n\n{FIX_EXIT_HELP}"
)
def fix(
    paths: list[Path] = PathsArg,
    diff: bool = typer.Option(False, "--diff", help="Print the changes as a unified diff; write nothing."),
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
    opts = overrides(select, ignore, extend_select, severity, unsafe_fixes, rules, exclude, lines, language_pair)
    _, outcome = run_checker(paths, opts, config, diff_base, encoding)
    changed = [c for c in outcome.files if c.result.changed]
    if diff:
        print("".join(unified_diff(c.result.path, c.result.original, c.result.cleaned) for c in changed), end="")
    else:
        written = []
        for c in changed:
            try:
                _write(c.result, c.encoding)
                written.append(c)
            except InputError as exc:
                outcome.errors.append(exc)
                print(f"mtclean: {exc}", file=sys.stderr)
        changed = written
        for c in changed:
            n = sum(f.applied for f in c.result.findings)
            print(f"fixed {c.result.path} ({n} fix{'es' if n != 1 else ''})")
    remaining = [_unfixed(c.result) for c in outcome.files]
    left = sum(len(r.findings) for r in remaining)
    if left:
        print(text.render(remaining, summary=False), end="")
        print(f"{left} finding{'s' if left != 1 else ''} without a safe fix left for review (see `mtclean check`).")
    raise typer.Exit(exit_status(outcome, bool(changed), exit_zero))


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
