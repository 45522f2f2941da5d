"""``mtclean run``: the batch command that writes cleaned files and reports."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import typer

from ..parallel import clamp_jobs
from ..runner import run as run_batch
from ..settings import known_selector
from . import app
from .common import (
    GrammarOpt,
    IgnoreOpt,
    LanguageToolUrlOpt,
    LinesOpt,
    RulesOpt,
    SelectOpt,
    UnsafeOpt,
    fail,
    grammar_options,
    load,
    make_config,
)
from .engine import pick_engine


@app.command()
def run(
    paths: list[Path] = typer.Argument(..., readable=False, help="Files or folders (folders: *.txt and *.md, recursively)."),
    out: Path = typer.Option(Path("mtclean-out"), "--out", "-o", help="Output folder."),
    unsafe_fixes: bool = UnsafeOpt,
    lines: bool = LinesOpt,
    rules: list[Path] = RulesOpt,
    select: list[str] = SelectOpt,
    ignore: list[str] = IgnoreOpt,
    encoding: str = typer.Option(None, "--encoding", help="Decode inputs with this encoding."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary table."),
    languagetool_url: str = LanguageToolUrlOpt,
    grammar: str = GrammarOpt,
    follow_symlinks: bool = typer.Option(
        False, "--follow-symlinks", help="Follow symbolic links out of an input folder (never by default)."
    ),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Processes to use (default: all cores)."),
    engine: str = typer.Option("local", "--engine", help="local (processes on this machine) or dask (a Dask cluster)."),
    scheduler: str = typer.Option(None, "--scheduler", help="With --engine dask: the scheduler's address (tcp://host:8786)."),
) -> None:
    """Clean files and write OUT/cleaned/, OUT/changes.diff, OUT/report.json and OUT/report.html.

    Originals are never written. Exit 0 when every input was processed, 2 when an
    input or the configuration could not be read or an output not written (the other
    inputs are still processed). Binary files and links not followed are skipped
    with a note and do not change the exit status.
    """
    config = make_config(rules, unsafe_fixes, lines, select, ignore)
    grammar_options(config, languagetool_url, grammar)
    ruleset = load(config)
    if jobs < 0:
        fail(f"--jobs must be 1 or more, not {jobs}")
    clamped, why = clamp_jobs(jobs or None)
    if why:
        print(f"mtclean: {why}", file=sys.stderr)
        jobs = clamped or 0
    # A --select/--ignore value that names no rule, prefix or class is a mistake, not an empty run.
    ids = [r.id for r in ruleset.rules]
    for option, values in (("--select", select), ("--ignore", ignore)):
        for sel in values or []:
            if not known_selector(sel, ids):
                fail(f"{option}: unknown rule id, prefix or class {sel!r}")
    result = run_batch(
        paths,
        out,
        config,
        ruleset,
        encoding,
        follow_symlinks=follow_symlinks,
        jobs=jobs or None,
        engine=pick_engine(engine, scheduler),
    )
    for note in result.notes:
        print(f"mtclean: note: {note}", file=sys.stderr)
    for err in result.errors:
        print(f"mtclean: {err}", file=sys.stderr)
    # A stage that could not run says so in one line: skipped (auto: nothing to run it with) is
    # information; failed or partial (an option that could not be used) is an error.
    unusable = False
    for stage in result.report["run"]["stages"]:
        status = stage["status"]
        if status.startswith("skipped"):
            print(f"mtclean: {stage['name']} stage {status}")
        elif status.startswith(("failed", "partial")):
            print(f"mtclean: {stage['name']} stage {status}", file=sys.stderr)
            unusable = True
    if not quiet:
        _summary(result)
        print(f"wrote {out}/cleaned/, {out}/changes.diff, {out}/report.json, {out}/report.html")
    if result.errors or unusable:
        raise typer.Exit(2)


def _summary(result) -> None:  # type: ignore[no-untyped-def]
    rows = []
    by_class: Counter[str] = Counter()
    for r in result.results:
        applied = sum(f.applied for f in r.findings)
        rows.append((r.path, len(r.findings), applied, len(r.findings) - applied))
        by_class.update(f.cls for f in r.findings)
    width = max([len("file")] + [len(p) for p, *_ in rows])
    print(f"{'file':<{width}}  findings  fixed  suggested")
    for path, n, a, s in rows:
        print(f"{path:<{width}}  {n:>8}  {a:>5}  {s:>9}")
    if by_class:
        print("by class: " + ", ".join(f"{c} {n}" for c, n in sorted(by_class.items())))
