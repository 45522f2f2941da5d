"""The batch run behind ``mtclean run``: read → pipeline → outputs.

Per-file errors are collected, not raised, so one bad input never stops the rest.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__, manifest, parallel
from .config import Config
from .errors import InputError, MtcleanError
from .io import (
    BinaryFileError,
    Decoded,
    OutputError,
    check_encoding,
    check_output_folder,
    gather,
    output_path,
    prepare_folder,
    read_text,
    without_surrogates,
    write_atomic,
    write_atomic_chunks,
)
from .model import FileResult
from .pipeline import Pipeline
from .report import json as json_report
from .report.diff import unified_diff
from .rules import RuleSet
from .stages import build_pipeline
from .startup import thaw_if_unfrozen

# process(files, pipeline, encoding, jobs=, spool_dir=) -> (results, errors): where the work runs.
Engine = Callable[..., tuple[list[FileResult], list[MtcleanError]]]


def signature(rules: RuleSet, config: Config) -> str:
    return f"mtclean:{__version__}|rules:{rules.digest}|{config.signature()}"


@dataclass
class RunResult:
    results: list[FileResult]
    errors: list[MtcleanError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # report.json's content; its "files" (and a large file's findings) are built as read.
    report: dict = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)  # stale files of earlier runs removed from OUT/cleaned/
    excluded: list[Path] = field(default_factory=list)  # left out by the configuration's exclude globs


def process_files(
    files: list[Path],
    pipeline: Pipeline,
    encoding: str | None = None,
    progress: Callable[[Path], None] | None = None,
    notes: list[str] | None = None,
) -> tuple[list[FileResult], list[MtcleanError]]:
    def one(path: Path) -> FileResult | InputError:
        try:
            decoded = read_text(path, encoding)
        except InputError as exc:
            return exc
        result = pipeline.run(decoded.text, path.as_posix())
        result.notes.append(f"encoding:{decoded.label}")
        result.source = decoded  # written back in the same encoding
        if progress:
            progress(path)
        return result

    # A stage that waits on a server (grammar) may ask for files to run side by side.
    jobs = min(len(files), max([getattr(s, "concurrency", 1) for s in pipeline.stages] + [1]))
    if jobs > 1:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            outcomes = list(pool.map(one, files))
    else:
        outcomes = [one(p) for p in files]
    results = [o for o in outcomes if isinstance(o, FileResult)]
    # A binary file is not text: nothing to clean, and not a failure of the run.
    if notes is not None:
        notes.extend(str(o) for o in outcomes if isinstance(o, BinaryFileError))
    errors: list[MtcleanError] = [
        o for o in outcomes if isinstance(o, InputError) and (notes is None or not isinstance(o, BinaryFileError))
    ]
    return results, errors


@contextmanager
def _settled_heap() -> Iterator[None]:
    """The objects alive once the files are cleaned (rule tables, word lists, results)
    held out of the garbage collector's full collections while the outputs are written.

    Writing the reports makes many short-lived objects, and a full collection among
    them walked every entry of the large tables too (0.05 to 0.1 s of CPU each time,
    once or twice a run); the tables and results outlive the outputs anyway. Afterwards
    the freeze is as it was found (``startup.thaw_if_unfrozen``): a library caller's
    heap is handed back to the collector; the program's, frozen since start-up, stays
    so to its end (the collection at exit then skips it too).
    """
    was = gc.get_freeze_count()
    gc.freeze()
    try:
        yield
    finally:
        thaw_if_unfrozen(was)


def run(
    paths: list[Path],
    out: Path,
    config: Config,
    rules: RuleSet,
    encoding: str | None = None,
    follow_symlinks: bool = False,
    jobs: int | None = None,
    engine: Engine | None = None,
    pipeline_for: Callable[[Path], Pipeline | None] | None = None,
) -> RunResult:
    """``pipeline_for`` gives the pipeline of the configuration that applies to a file (None:
    the configuration excludes it), so ``run`` honours project files as ``check`` does;
    without it every file gets ``config`` and ``rules``."""
    check_output_folder(out, paths)
    if encoding:
        check_encoding(encoding)
    prepare_folder(out, out / "cleaned")  # never through a link planted there
    found = gather(paths, exclude=[out], follow_symlinks=follow_symlinks)
    errors: list[MtcleanError] = list(found.errors)
    notes = list(found.notes)
    default = build_pipeline(rules, config) if pipeline_for is None else None
    groups: dict[int, tuple[Pipeline, list[Path]]] = {}
    excluded: list[Path] = []
    for path in found.files:
        try:
            pipeline = default if pipeline_for is None else pipeline_for(path)
        except MtcleanError as exc:
            errors.append(exc)
            continue
        if pipeline is None:
            excluded.append(path)
            continue
        groups.setdefault(id(pipeline), (pipeline, []))[1].append(path)
    if not groups:
        groups[0] = (default or build_pipeline(rules, config), [])
    results: list[FileResult] = []
    read_errors: list[MtcleanError] = []
    try:
        for pipeline, files in groups.values():
            # Files (and parts of large files) spread over processes, or over a cluster (see parallel.py).
            r, e = (engine or parallel.process)(files, pipeline, encoding, jobs=jobs, spool_dir=out / "cleaned")
            results.extend(r)
            read_errors.extend(e)
    finally:
        for pipeline, _ in groups.values():  # a stage's server (LanguageTool) ends with the run, also on error
            for stage in pipeline.stages:
                getattr(stage, "close", lambda: None)()
    if len(groups) > 1:  # input order, whatever the configuration
        order = {p.as_posix(): i for i, p in enumerate(found.files)}
        results.sort(key=lambda r: order.get(r.path, len(order)))
    pipeline = next(iter(groups.values()))[0]  # the first configuration names the run
    config, rules = pipeline.config, pipeline.rules
    # A binary file met in a folder is not text: skipped with a note, not a failure of the
    # run. A binary file the user named on the command line is an error (exit 2).
    named = {os.path.abspath(p) for p in paths}
    for e in read_errors:
        if isinstance(e, BinaryFileError) and os.path.abspath(e.path or "") not in named:
            notes.append(str(e))
        else:
            errors.append(e)
    with _settled_heap():
        diffs = []
        taken: set[Path] = set()
        before = manifest.previous(out)
        written: list[Path] = []
        for r in results:
            target = None
            try:
                target = output_path(out / "cleaned", Path(r.path), taken)
                if isinstance(r, parallel.LargeFileResult):
                    r.install(target)  # written part by part already (as UTF-8)
                    diffs.append(r.diff_chunks())  # kept on disk
                else:
                    source = r.source if isinstance(r.source, Decoded) else Decoded(r.original, "utf-8")
                    write_atomic(target, source.encode(r.cleaned, target.as_posix()), root=out)
                    # The engines compute each file's diff where they cleaned it.
                    diff = getattr(r, "diff", None)
                    diffs.append(diff if diff is not None else unified_diff(r.path, r.original, r.cleaned, r.edits))
            except OutputError as exc:
                errors.append(exc)  # this file's output is missing; the others are still written
                if target is not None:
                    written.append(target)  # still this input's output: an earlier version is not "stale"
                continue
            r.cleaned_path = target.as_posix()
            written.append(target)
        removed = manifest.record(out, written, before)  # stale outputs of earlier runs
        sig = signature(rules, config)
        run_info = {
            # A stage may say it did not run and why (e.g. no LanguageTool server): ``status``.
            "stages": [{"name": s.name, "status": getattr(s, "status", "ran")} for s in pipeline.stages],
            "errors": [str(e) for e in errors],
            "skipped": notes,
        }
        from .report import html as html_report  # Jinja2 loads only when a report is written

        # Built as it is written: a large file's findings are read back from disk part by part.
        report = json_report.report_view(__version__, sig, results, run_info)
        for name, pieces in (
            ("changes.diff", lambda: parallel.pieces(diffs)),
            ("report.json", lambda: json_report.chunks(report)),
            ("report.html", lambda: html_report.render_chunks(*parallel.for_html(report, results), rules=rules)),
        ):
            try:
                write_atomic_chunks(out / name, (without_surrogates(p) for p in pieces()), root=out)
            except OutputError as exc:
                errors.append(exc)
        return RunResult(results, errors, notes=notes, report=report, removed=removed, excluded=excluded)
