"""``mtclean run``: the batch command that writes cleaned files and reports.

It reads the same configuration as ``check`` and ``fix`` (the nearest
``.mtclean.yaml`` / ``[tool.mtclean]``, or ``--config``; command-line options
override it) and its pipeline honours the same inline directives and protected
ranges, so its report and ``cleaned/`` hold exactly what ``check`` reports and
``fix`` would do.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import typer

from ..checker import Checker
from ..pipeline import Pipeline
from ..parallel import clamp_jobs
from ..runner import run as run_batch
from . import app
from .check import _grammar_mode
from .engine import pick_engine
from .lintopts import (
    AllowEmptyOpt,
    ConfigOpt,
    Console,
    ExcludeOpt,
    ExtendSelectOpt,
    GrammarOpt,
    IgnoreOpt,
    LangOpt,
    LanguageToolUrlOpt,
    LinesOpt,
    RulesOpt,
    SelectOpt,
    UnsafeOpt,
    overrides,
)


@app.command()
def run(
    paths: list[Path] = typer.Argument(..., metavar="PATH", readable=False, help="Files or folders (folders: *.txt and *.md, recursively)."),
    out: Path = typer.Option(Path("mtclean-out"), "--out", "-o", metavar="DIR", help="Output folder."),
    config: Path = ConfigOpt,
    unsafe_fixes: bool = UnsafeOpt,
    lines: bool = LinesOpt,
    rules: list[Path] = RulesOpt,
    select: list[str] = SelectOpt,
    ignore: list[str] = IgnoreOpt,
    extend_select: list[str] = ExtendSelectOpt,
    exclude: list[str] = ExcludeOpt,
    language_pair: str = LangOpt,
    encoding: str = typer.Option(None, "--encoding", metavar="CODEC", help="Decode inputs with this encoding."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary table and no notices."),
    allow_empty: bool = AllowEmptyOpt,
    languagetool_url: str = LanguageToolUrlOpt,
    grammar: str = GrammarOpt,
    follow_symlinks: bool = typer.Option(
        False, "--follow-symlinks", help="Follow symbolic links out of an input folder (never by default)."
    ),
    jobs: int = typer.Option(0, "--jobs", "-j", metavar="N", help="Processes to use (default: all cores)."),
    engine: str = typer.Option("local", "--engine", metavar="NAME", help="local (processes on this machine) or dask (a Dask cluster)."),
    scheduler: str = typer.Option(None, "--scheduler", metavar="ADDRESS", help="With --engine dask: the scheduler's address (tcp://host:8786)."),
    source: Path = typer.Option(
        None, "--source", metavar="FILE", help="The German source, line-aligned with the target (implies --lines)."
    ),
    columns: str = typer.Option(None, "--columns", metavar="SRC,TGT", help="TSV input: the source and target columns, e.g. 1,2."),
    glossary: Path = typer.Option(None, "--glossary", metavar="FILE", help="Term base (TBX, CSV or TSV) for the source-aware checks."),
    fail_on: str = typer.Option(
        None, "--fail-on", metavar="CLASSES", help="Exit 1 when a finding of these classes is found (e.g. number,omission)."
    ),
    drop: bool = typer.Option(False, "--drop", help="Line-aligned/TSV input: write kept pairs and rejected.tsv."),
) -> None:
    """Clean files and write OUT/cleaned/, OUT/changes.diff, OUT/report.json and OUT/report.html.

    Originals are never written. Files an earlier run wrote to OUT/cleaned/ and this
    one did not are removed. Exit 0 when every input was processed, 2 when an input or
    the configuration could not be read or an output not written (the other inputs are
    still processed), or when there was nothing to clean (unless --allow-empty). Binary
    files and links not followed are skipped with a note.
    """
    console = Console(quiet)
    if jobs < 0:
        console.error(f"--jobs must be 1 or more, not {jobs}")
        raise typer.Exit(2)
    if config is not None and not config.is_file():
        console.error(f"{config}: configuration file not found")
        raise typer.Exit(2)
    opts = overrides(select, ignore, extend_select, None, unsafe_fixes, rules, exclude, lines, language_pair)
    checker = Checker(
        opts, config, None, encoding, grammar=(languagetool_url, _grammar_mode(grammar)), start_grammar=True
    )
    default = checker.default_engine(list(paths))  # configuration errors stop the run before it starts
    clamped, why = clamp_jobs(jobs or None)
    if why:
        console.error(why)
        jobs = clamped or 0

    def pipeline_for(path: Path) -> Pipeline | None:
        found = checker.engine_for(path)
        return found.pipeline if found is not None else None

    from ..formats import is_bitext

    if source or columns or glossary or drop or any(is_bitext(p) for p in paths):
        from ..source.cli import run_source

        run_source(paths, out, default.config, default.rules, source, columns, glossary, fail_on, drop, encoding, quiet)
        return
    fail_classes: list[str] = []
    if fail_on:  # (the source-aware checks' module loads only when asked for)
        from ..source.cli import fail_on_classes

        fail_classes = fail_on_classes(fail_on)

    result = run_batch(
        paths,
        out,
        default.config,
        default.rules,
        encoding,
        follow_symlinks=follow_symlinks,
        jobs=jobs or None,
        engine=pick_engine(engine, scheduler),
        pipeline_for=pipeline_for,
    )
    for note in result.notes:  # inputs skipped (binary, links not followed): said even with -q
        console.error(f"note: {note}")
    for err in result.errors:
        console.error(str(err))
    for rel in result.removed:
        console.notice(f"removed {out / 'cleaned' / rel} (an earlier run's output; not written by this run)")
    # A stage that could not run says so in one short line: skipped (auto: nothing to run it
    # with) is a notice; failed or partial (an option that could not be used) is an error.
    unusable = False
    from ..config import effective_select
    from .lintopts import only_grammar

    default_select = effective_select(default.config)
    stages = result.report["run"]["stages"] if result.results else []  # no text, no stage to speak of
    for stage in stages:
        status = stage["status"]
        # nothing else was selected (mtclean's own grammar-class rules run in other stages)
        alone = bool(default_select) and all(only_grammar(sel) for sel in default_select)
        if status.startswith("skipped") and alone:
            console.error(f"{stage['name']} stage {status.split(';')[0]}; nothing else was selected")
            unusable = True
        elif status.startswith("skipped"):
            console.notice(f"{stage['name']} stage {status.split(';')[0]} (enable with --languagetool-url URL or --grammar local)")
        elif status.startswith(("failed", "partial")):
            console.error(f"{stage['name']} stage {status}")
            unusable = True
    empty = not result.results and not result.errors and not result.notes  # nothing found at all
    if empty and result.excluded:  # the configuration left everything out: its choice, not an error
        n = len(result.excluded)
        console.notice(f"nothing to clean: {n} file{'s' if n != 1 else ''} excluded by the configuration")
        allow_empty = True
    elif empty:
        if allow_empty:
            console.notice("no files to clean")
        else:
            console.error("no files to clean; pass --allow-empty to accept that")
    if not quiet and not empty:
        _summary(result)
        print(f"wrote {out}/cleaned/, {out}/changes.diff, {out}/report.json, {out}/report.html")
    if result.errors or unusable or (empty and not allow_empty):
        raise typer.Exit(2)
    if fail_classes and any(f.cls in fail_classes for r in result.results for f in r.findings):
        raise typer.Exit(1)


def _summary(result) -> None:  # type: ignore[no-untyped-def]
    rows = []
    by_class: Counter[str] = Counter()
    for r in result.results:
        fixed = sum(f.applied for f in r.findings)
        rows.append((r.path, len(r.findings), fixed, len(r.findings) - fixed))
        by_class.update(f.cls for f in r.findings)
    width = max([len("file")] + [len(p) for p, *_ in rows])
    print(f"{'file':<{width}}  findings  fixed  suggested")
    for path, n, a, s in rows:
        print(f"{path:<{width}}  {n:>8}  {a:>5}  {s:>9}")
    if by_class:
        print("by class: " + ", ".join(f"{c} {n}" for c, n in sorted(by_class.items())))
