"""Running the pipeline on a Dask cluster.

Two ways in:

- ``mtclean run --engine dask --scheduler ADDRESS``: the driver reads and decodes
  the files (so workers need no shared file system), sends documents to the
  cluster, and writes outputs and reports itself, exactly as a local run does; the
  same pipeline object is shipped once to every worker, so results are identical.
- ``clean_bag(bag)``: for people whose documents already live in a dask bag
  (texts, or ``(path, text)`` pairs); returns a bag of plain dicts.

Large files are sent as the same paragraph-aligned parts a local run uses.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import Config
from .errors import InputError, MtcleanError
from .io import read_text
from .model import FileResult
from .pipeline import Pipeline

BATCH = 64  # documents in flight per worker thread, so the driver's memory stays bounded


@dataclass(frozen=True)
class Recipe:
    """What a worker needs to build the run's pipeline itself. The pipeline object may hold
    what cannot travel (a stage's server connection, locks); rules and options can."""

    rules: Any
    config: Config
    keep: Any = None

    @classmethod
    def of(cls, pipeline: Pipeline) -> Recipe:
        return cls(pipeline.rules, pipeline.config, pipeline.keep)

    def build(self) -> Pipeline:
        """The pipeline, built once per copy of the recipe (one copy per worker when scattered)."""
        built = self.__dict__.get("_pipeline")
        if built is None:
            from .stages import build_stages

            built = Pipeline(build_stages(self.rules, self.config), self.config, self.rules, keep=self.keep)
            self.__dict__["_pipeline"] = built
        return built

    def __getstate__(self) -> dict[str, Any]:
        return {"rules": self.rules, "config": self.config, "keep": self.keep}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)


def _run_document(recipe: Recipe, path: str, text: str, encoding: str) -> FileResult:
    from .parallel import with_report_parts

    result = recipe.build().run(text, path)
    result.notes.append(f"encoding:{encoding}")
    return with_report_parts(result)


@dataclass
class DaskEngine:
    """An engine for runner.run: process(files, pipeline, encoding, jobs=, spool_dir=)."""

    scheduler: str

    def __call__(
        self,
        files: list[Path],
        pipeline: Pipeline,
        encoding: str | None = None,
        jobs: int | None = None,
        spool_dir: Path | None = None,
    ) -> tuple[list[FileResult], list[MtcleanError]]:
        from distributed import Client

        from . import parallel

        # As a local run does: stages that need a server find out here whether there is one,
        # so the run report states the same status.
        for stage in pipeline.stages:
            getattr(stage, "concurrency", 1)

        try:
            client = Client(self.scheduler, timeout="10s")
        except (OSError, TimeoutError) as exc:
            raise MtcleanError(f"cannot reach the Dask scheduler at {self.scheduler}: {exc}") from None
        try:
            # One copy of the pipeline on every worker, kept for the whole run.
            shipped = client.scatter(Recipe.of(pipeline), broadcast=True, hash=False)
            small = [p for p in files if not _large(p)]
            results, errors = self._documents(client, small, shipped, encoding)
            for path in files:
                if _large(path):
                    # Parts of a large file go through parallel's driver with the cluster as its pool.
                    try:
                        results[path] = parallel.clean_large_with(
                            _ClientPool(client, shipped), pipeline, path, encoding, spool_dir, jobs=_threads(client)
                        )
                    except InputError as exc:
                        errors[path] = exc
        finally:
            client.close()
        ordered = [results[p] for p in files if p in results]
        return ordered, [errors[p] for p in files if p in errors]

    def _documents(
        self, client: Any, files: list[Path], shipped: Any, encoding: str | None
    ) -> tuple[dict[Path, FileResult], dict[Path, MtcleanError]]:
        from distributed import as_completed

        results: dict[Path, FileResult] = {}
        errors: dict[Path, MtcleanError] = {}
        window = max(1, _threads(client)) * BATCH
        todo = iter(files)
        running: dict[Any, Path] = {}

        def submit(n: int) -> None:
            for path in _take(todo, n):
                try:
                    decoded = read_text(path, encoding)
                except InputError as exc:
                    errors[path] = exc
                    continue
                fut = client.submit(_run_document, shipped, path.as_posix(), decoded.text, decoded.encoding, pure=False)
                running[fut] = path

        submit(window)
        done = as_completed(list(running))
        for fut in done:
            path = running.pop(fut)
            results[path] = fut.result()
            before = set(running)
            submit(1)
            for new in set(running) - before:
                done.add(new)
        return results, errors


class _ClientPool:
    """The bit of an executor parallel's large-file driver uses, backed by a Dask client."""

    def __init__(self, client: Any, shipped: Any) -> None:
        self.client = client
        self.shipped = shipped

    def submit(self, fn: Any, *args: Any) -> Any:
        return self.client.submit(_run_part, self.shipped, fn, *args, pure=False)


def _run_part(recipe: Recipe, fn: Any, *args: Any) -> Any:
    from . import parallel

    return parallel.run_with(recipe.build(), fn, *args)


def _threads(client: Any) -> int:
    try:
        return max(1, sum(client.nthreads().values()))
    except Exception:  # noqa: BLE001 - only a sizing hint
        return 1


def _large(path: Path) -> bool:
    from . import parallel

    try:
        return path.is_file() and path.stat().st_size > parallel.LARGE_FILE
    except OSError:
        return False


def _take(it: Iterator[Path], n: int) -> list[Path]:
    out = []
    for _ in range(n):
        try:
            out.append(next(it))
        except StopIteration:
            break
    return out


# --- The Python API for dask bags -----------------------------------------------------


def clean_bag(bag: Any, config: Config | None = None, pipeline: Pipeline | None = None) -> Any:
    """Clean every document of a dask bag; returns a bag of dicts, in the same order.

    Elements are texts or ``(path, text)`` pairs. Each result is
    ``{"path", "cleaned", "changed", "findings", "edits"}`` with findings and edits
    as in ``report.json`` (offsets into that document, end exclusive)::

        import dask.bag as db
        from mtclean.dask_engine import clean_bag

        docs = db.from_sequence(["How the BBC reported, the Ukraine rejects it."], npartitions=1)
        print(clean_bag(docs).pluck("cleaned").compute())

    The pipeline (built from ``config``, default rules when None) travels to the
    workers with the task graph, once per partition.
    """
    if pipeline is None:
        from .api import rules_for
        from .stages import build_pipeline

        config = config or Config()
        pipeline = build_pipeline(rules_for(config), config)
    return bag.map_partitions(_clean_partition, Recipe.of(pipeline))


def _clean_partition(docs: Any, recipe: Recipe) -> list[dict[str, Any]]:
    from .report.json import file_dict

    pipeline = recipe.build()
    out = []
    for i, doc in enumerate(docs):
        path, text = doc if isinstance(doc, tuple) else (f"<doc {i}>", doc)
        result = pipeline.run(text, path)
        d = file_dict(result)
        d["cleaned"] = result.cleaned
        del d["cleaned_path"]
        del d["notes"]
        out.append(d)
    return out
