"""The batch run behind ``mtclean run``: read → pipeline → outputs.

Per-file errors are collected, not raised, so one bad input never stops the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__, parallel
from .config import Config
from .errors import InputError, MtcleanError
from .io import collect, read_text, safe_relpath, write_atomic, write_atomic_chunks
from .model import FileResult
from .pipeline import Pipeline
from .report import html as html_report
from .report import json as json_report
from .report.diff import unified_diff
from .rules import RuleSet
from .stages import build_pipeline


# process(files, pipeline, encoding, jobs=, spool_dir=) -> (results, errors): where the work runs.
Engine = Callable[..., tuple[list[FileResult], list[MtcleanError]]]


def signature(rules: RuleSet, config: Config) -> str:
    return f"mtclean:{__version__}|rules:{rules.digest}|{config.signature()}"


@dataclass
class RunResult:
    results: list[FileResult]
    errors: list[MtcleanError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    report: dict = field(default_factory=dict)


def process_files(
    files: list[Path],
    pipeline: Pipeline,
    encoding: str | None = None,
    progress: Callable[[Path], None] | None = None,
) -> tuple[list[FileResult], list[MtcleanError]]:
    def one(path: Path) -> FileResult | InputError:
        try:
            decoded = read_text(path, encoding)
        except InputError as exc:
            return exc
        result = pipeline.run(decoded.text, path.as_posix())
        result.notes.append(f"encoding:{decoded.encoding}")
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
    errors: list[MtcleanError] = [o for o in outcomes if isinstance(o, InputError)]
    return results, errors


def run(
    paths: list[Path],
    out: Path,
    config: Config,
    rules: RuleSet,
    encoding: str | None = None,
    jobs: int | None = None,
    engine: Engine | None = None,
) -> RunResult:
    files, errors = collect(paths, exclude=[out])
    pipeline = build_pipeline(rules, config)
    # Files (and parts of large files) spread over processes, or over a cluster (see parallel.py).
    results, read_errors = (engine or parallel.process)(files, pipeline, encoding, jobs=jobs, spool_dir=out / "cleaned")
    errors.extend(read_errors)
    diffs = []
    for r in results:
        target = out / "cleaned" / safe_relpath(Path(r.path))
        if isinstance(r, parallel.LargeFileResult):
            r.install(target)  # written part by part already
            diffs.append(r.diff_chunks())  # kept on disk
        else:
            if getattr(r, "written", None) != target.as_posix():  # a worker may have written it
                write_atomic(target, r.cleaned)
            # The engines compute each file's diff where they cleaned it.
            diff = getattr(r, "diff", None)
            diffs.append(diff if diff is not None else unified_diff(r.path, r.original, r.cleaned))
        r.cleaned_path = target.as_posix()
    sig = signature(rules, config)
    run_info = {
        # A stage may say it did not run and why (e.g. no LanguageTool server): ``status``.
        "stages": [{"name": s.name, "status": getattr(s, "status", "ran")} for s in pipeline.stages],
        "errors": [str(e) for e in errors],
    }
    report = json_report.report_dict(__version__, sig, results, run_info)
    out.mkdir(parents=True, exist_ok=True)
    write_atomic_chunks(out / "changes.diff", parallel.pieces(diffs))
    write_atomic_chunks(out / "report.json", json_report.chunks(report))
    write_atomic(out / "report.html", html_report.render(*parallel.for_html(report, results)))
    return RunResult(results, errors, report=report)
