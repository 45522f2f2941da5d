"""Spreading ``mtclean run`` over processes, and cleaning large files in bounded memory.

Work is split into units that are independent by construction: whole files, and
paragraph-aligned parts of large files. The same split is used whatever the number
of processes, so ``--jobs 1`` and ``--jobs N`` give identical results; the pool
only changes where each unit runs. Results come back in input order.

A file larger than ``LARGE_FILE`` bytes is never held whole: it is decoded as a
stream, cut into parts of about ``PART_CHARS`` characters at a blank line (at a
line end in ``--lines`` mode, where every line is a document anyway), each part is
cleaned as a document of its own, and the cleaned text, the diff, the findings and
the edits are written to spool files as parts complete (the reports read them back
part by part), so memory does not grow with the file or its findings. Rules that
look at a document's first or last line (trailing author tags, leading blank lines)
therefore see each part's edges; the blank line at a cut is passed through unchanged.
"""

from __future__ import annotations

import codecs
import contextlib
import gc
import multiprocessing as mp
import os
import re
import sys
import tempfile
import time
from array import array
from bisect import bisect_right
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import InputError, MtcleanError
from .io import OutputError, default_mode, open_regular, read_text, sniff
from .model import Edit, FileResult, Finding
from .offsets import line_starts
from .pipeline import Pipeline
from .report.diff import unified_diff
from .report.quality import SegmentCache, file_rate
from .spool import Spool, SpooledList
from .startup import thaw_if_unfrozen

LARGE_FILE = 8_000_000  # bytes: larger files are cleaned part by part
PART_CHARS = 500_000  # characters per part of a large file (a cut waits for a blank line)
READ_BLOCK = 1 << 20
# A blank line between two lines that end and start with text: a cut there changes nothing.
# Each pattern starts with the character it cuts at (the look-behinds come after it),
# so the engine skips to candidates at C speed: a buffer of megabytes is searched on
# every block read while no cut is found.
PARAGRAPH_BREAK = re.compile(r"\n(?<=\S\n\n)(?=\S)|\r\n(?<=\S\r\n\r\n)(?=\S)")
LINE_BREAK = re.compile(r"\n(?<=\S\n)(?=\S)")  # the cut is just after the "\n"
# A line of many megabytes (a whole corpus on one line): cut between sentences, or at
# worst between words, so memory stays bounded by the part size, not the line length.
SENTENCE_BREAK = re.compile(r"[ \t](?<=[.!?][ \t])[ \t]*(?=[A-Z\"“‘(])")
WORD_BREAK = re.compile(r"[ \t]+")
HUNK = re.compile(r"^@@ -(\d+)(,\d+)? \+(\d+)(,\d+)? @@", re.M)

_PIPELINE: Pipeline | None = None  # the pipeline a worker process runs (inherited or sent once)


def max_jobs() -> int:
    """How many worker processes this machine can reasonably start: a few per core, and
    well within the processes the user may still create (RLIMIT_NPROC)."""
    cap = min(64, 4 * default_jobs())
    try:
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_NPROC)
        if soft != resource.RLIM_INFINITY:
            cap = min(cap, max(1, soft // 4))
    except (ImportError, ValueError, OSError, AttributeError):
        pass
    return max(1, cap)


def clamp_jobs(jobs: int | None) -> tuple[int | None, str | None]:
    """``--jobs`` bounded by :func:`max_jobs`, and the line saying so when it was."""
    if jobs is None or jobs <= max_jobs():
        return jobs, None
    return max_jobs(), f"--jobs {jobs} is more processes than this machine can start well; using {max_jobs()}"


def default_jobs() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass
class LargeFileResult(FileResult):
    """A large file's result: the texts stay on disk (``spool``), the rest is as usual.

    ``original`` and ``cleaned`` are empty; ``diff`` gives the unified diff. ``findings``
    and ``edits`` are read-only sequences kept on disk (spool.py): a 200 MB file has
    about 100,000 findings, which would otherwise stay in memory until the reports
    are written. ``located`` holds each finding with its line and column.
    """

    spool: Path | None = None
    diff_spool: Path | None = None
    is_changed: bool = False
    located: Any = None  # SpooledList of (Finding, line, column)
    size: int = 0

    @property  # type: ignore[override]
    def changed(self) -> bool:
        return self.is_changed

    @property
    def diff(self) -> str:
        return "".join(self.diff_chunks(keep=True))

    def diff_chunks(self, keep: bool = False) -> Iterator[str]:
        """The unified diff, read from its spool file (removed after reading unless ``keep``)."""
        if self.diff_spool is None:
            return
        with self.diff_spool.open(encoding="utf-8", newline="") as fh:
            while block := fh.read(READ_BLOCK):
                yield block
        if not keep:
            self.diff_spool.unlink(missing_ok=True)
            self.diff_spool = None

    def install(self, target: Path) -> None:
        """Move the spooled cleaned text to ``target`` (atomically: same folder, then rename)."""
        assert self.spool is not None
        target.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(self.spool, default_mode())  # a spool file is 0600; a cleaned copy is a new file
        os.replace(self.spool, target)
        self.spool = None


# --- work units (run in the worker processes) ----------------------------------------


def _init(pipeline: Pipeline | None) -> None:
    global _PIPELINE
    if pipeline is not None:
        _PIPELINE = pipeline


def _clean_file(path: str, encoding: str | None) -> FileResult | InputError:
    assert _PIPELINE is not None
    try:
        decoded = read_text(Path(path), encoding)
    except InputError as exc:
        return exc
    result = _PIPELINE.run(decoded.text, path)
    result.notes.append(f"encoding:{decoded.label}")
    result.source = decoded  # the runner writes it back in the same encoding
    if len(decoded.text) >= TRIM_AFTER:
        _release_memory()  # what the stages used, before the diff allocates its own
    return with_report_parts(result)


_RATES: SegmentCache | None = None  # this process's scored segments (see report/quality.py)


def with_report_parts(result: FileResult) -> FileResult:
    """Attach what the reports need of this file alone, its unified diff and its edit rate
    (sacrebleu: the costliest part of the HTML report), so they are computed where the
    file was cleaned, in parallel with the other files."""
    global _RATES
    result.diff = unified_diff(result.path, result.original, result.cleaned, result.edits)  # type: ignore[attr-defined]
    if _RATES is None:
        _RATES = SegmentCache()
    result.rate = file_rate(result, _RATES)  # type: ignore[attr-defined]
    return result


@dataclass
class _Part:
    cleaned: str
    findings: list[Finding]
    edits: list[Edit]
    diff: str
    lines: int  # line breaks in the original part
    cleaned_lines: int
    starts: array  # type: ignore[type-arg]


def run_with(pipeline: Pipeline, fn: Any, *args: Any) -> Any:
    """Run a work unit with an explicit pipeline (for engines whose workers share a process)."""
    return fn(*args, pipeline=pipeline)


def _clean_part(text: str, path: str, base: int, pipeline: Pipeline | None = None) -> _Part:
    """Clean one part; findings and edits come back in the whole file's coordinates."""
    pipeline = pipeline or _PIPELINE
    assert pipeline is not None
    r = pipeline.run(text, path)
    for f in r.findings:
        f.start += base
        f.end += base
    edits = [Edit(e.start + base, e.end + base, e.replacement) for e in r.edits]
    diff = unified_diff(path, text, r.cleaned) if r.cleaned != text else ""
    starts = array("q", [s + base for s in line_starts(text)[1:]])
    return _Part(r.cleaned, r.findings, edits, diff, text.count("\n"), r.cleaned.count("\n"), starts)


# --- reading a large file as a stream of parts ---------------------------------------


def _decoded_blocks(path: Path, encoding: str | None) -> tuple[str, Iterator[tuple[str, int]]]:
    """The codec and the file's text in blocks, each with the bytes read so far."""
    name = str(path)
    fd, _ = open_regular(path)
    fh = os.fdopen(fd, "rb")
    try:
        codec = sniff(fh, name, encoding, READ_BLOCK)
    except BaseException:
        fh.close()
        raise
    head = fh.read(READ_BLOCK)
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")

    def blocks() -> Iterator[tuple[str, int]]:
        done = 0
        data = head
        try:
            while True:
                final = len(data) < READ_BLOCK
                try:
                    text = decoder.decode(data, final=final)
                except UnicodeDecodeError as exc:
                    at = done + exc.start - len(decoder.getstate()[0])
                    if encoding:
                        raise InputError(f"cannot decode as {encoding} at byte {at}", name) from None
                    if codec == "utf-16":
                        raise InputError(f"invalid UTF-16 at byte {at}", name) from None
                    raise InputError(
                        f"not valid UTF-8 at byte {at}; name the encoding with --encoding (e.g. cp1252)", name
                    ) from None
                done += len(data)
                yield text, done
                if final:
                    return
                data = fh.read(READ_BLOCK)
        finally:
            fh.close()

    return codec, blocks()


def parts(blocks: Iterator[tuple[str, int]], lines_mode: bool) -> Iterator[tuple[str, str, int]]:
    """(part, separator after it, bytes read so far): cut at blank lines (line ends with --lines)."""
    buf = ""
    read = 0
    for text, read in blocks:
        buf += text
        while len(buf) >= 2 * PART_CHARS:
            cut = _cut(buf, lines_mode)
            if cut is None:
                break
            start, end = cut
            yield buf[:start], buf[start:end], read
            buf = buf[end:]
    while len(buf) >= 2 * PART_CHARS and (cut := _cut(buf, lines_mode, final=True)) is not None:
        yield buf[: cut[0]], buf[cut[0] : cut[1]], read
        buf = buf[cut[1] :]
    yield buf, "", read


def _cut(buf: str, lines_mode: bool, final: bool = False) -> tuple[int, int] | None:
    """Where to end a part and start the next: (end, start); None while no cut is due."""
    if lines_mode:
        i = buf.find("\n", PART_CHARS)
        return None if i < 0 else (i + 1, i + 1)
    m = PARAGRAPH_BREAK.search(buf, PART_CHARS)
    if m is not None:
        return m.span()
    if len(buf) >= 8 * PART_CHARS:
        # No blank line for a long stretch: a line break, or inside a line if none comes soon.
        line = LINE_BREAK.search(buf, PART_CHARS - 1)
        at = None if line is None else line.end()
        if at is None or at > 8 * PART_CHARS:
            inside = _in_line(buf)
            if inside is not None:
                return inside.span()
        return None if at is None else (at, at)
    if final and buf.find("\n", PART_CHARS, len(buf.rstrip())) < 0:
        # The end of a file whose last megabytes are one line: cut between sentences too,
        # not cleaned as one part of up to 8 * PART_CHARS (the stages' memory grows much
        # faster than the length of a line: a 4 MB line of prose takes gigabytes).
        inside = _in_line(buf)
        return None if inside is None else inside.span()
    return None


def _in_line(buf: str) -> re.Match[str] | None:
    """A cut inside a line: between sentences, or at worst between words."""
    return SENTENCE_BREAK.search(buf, PART_CHARS) or WORD_BREAK.search(buf, PART_CHARS)


# --- the driver -----------------------------------------------------------------------


class _Progress:
    """A rich progress bar on a terminal, shown only once a run has taken a second."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total = total
        self.done = 0
        self.enabled = enabled and sys.stderr.isatty()
        self.started = time.monotonic()
        self.bar: Any = None
        self.task: Any = None

    def advance(self, n: int) -> None:
        self.done += n
        if not self.enabled:
            return
        if self.bar is None and time.monotonic() - self.started > 1.0:
            from rich.console import Console
            from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn, TransferSpeedColumn

            self.bar = Progress(
                "cleaning", BarColumn(), DownloadColumn(), TransferSpeedColumn(), TimeRemainingColumn(),
                console=Console(stderr=True), transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task("clean", total=self.total)
        if self.bar is not None:
            self.bar.update(self.task, completed=self.done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


@dataclass
class _Run:
    pipeline: Pipeline
    encoding: str | None
    pool: Any  # an executor (anything with submit(fn, *args) -> future), or None: run here
    jobs: int
    spool_dir: Path | None
    progress: _Progress

    def call(self, fn: Any, *args: Any) -> Future[Any]:
        if self.pool is not None:
            try:
                return self.pool.submit(fn, *args)
            except (OSError, RuntimeError) as exc:
                # The machine would not start another process (fork: EAGAIN): the work runs
                # here instead, and the pool (its started processes) is shut down.
                if isinstance(exc, RuntimeError) and "fork" not in str(exc) and "shutdown" not in str(exc):
                    raise
                pool, self.pool = self.pool, None
                with contextlib.suppress(Exception):
                    pool.shutdown(wait=False, cancel_futures=True)
                print(f"mtclean: could not start more worker processes ({exc}); going on in one", file=sys.stderr)
        done: Future[Any] = Future()
        done.set_result(fn(*args))
        return done


def server_threads(pipeline: Pipeline) -> int:
    """Threads asked for by stages that wait on a server in use (0: no such stage)."""
    wanted = 0
    for stage in pipeline.stages:
        if hasattr(stage, "concurrency"):
            n = stage.concurrency  # finds out whether the server is there
            if not str(getattr(stage, "status", "")).startswith(("skipped", "failed", "off", "not run")):
                wanted = max(wanted, n)
    return wanted


def process(
    files: list[Path],
    pipeline: Pipeline,
    encoding: str | None = None,
    jobs: int | None = None,
    spool_dir: Path | None = None,
    progress: bool = True,
) -> tuple[list[FileResult], list[MtcleanError]]:
    """Clean ``files`` with ``pipeline`` on ``jobs`` processes; results in input order."""
    global _PIPELINE
    jobs = max(1, jobs or default_jobs())
    sizes = []
    for p in files:
        try:
            sizes.append(p.stat().st_size)
        except OSError:
            sizes.append(0)
    large = [s > LARGE_FILE and p.is_file() for p, s in zip(files, sizes)]
    units = sum(large) * 2 + len(files) - sum(large)
    pool: Any = None
    was_frozen = gc.get_freeze_count()
    threads = server_threads(pipeline)
    if threads:
        # A stage talks to a server (grammar): files run side by side in threads of this
        # process, sharing its one connection and the status it reports.
        _PIPELINE = pipeline
        if threads > 1 and units > 1:
            pool = ThreadPoolExecutor(min(threads, units))
    elif jobs > 1 and units > 1:
        if "fork" in mp.get_all_start_methods():
            _PIPELINE = pipeline  # inherited by the forked workers: nothing to pickle
            # The word tables loaded so far stay out of the garbage collector's walks, which
            # would otherwise touch (and so copy) every page of them in each forked worker.
            gc.freeze()
            pool = ProcessPoolExecutor(jobs, mp_context=mp.get_context("fork"), initializer=_init, initargs=(None,))
        else:
            pool = ProcessPoolExecutor(jobs, initializer=_init, initargs=(pipeline,))
    else:
        _PIPELINE = pipeline
    run = _Run(pipeline, encoding, pool, jobs, spool_dir, _Progress(sum(sizes), progress))
    try:
        pending: list[tuple[int, Future[Any]]] = []
        slots: list[FileResult | None] = [None] * len(files)
        errors: list[MtcleanError | None] = [None] * len(files)
        # Largest files first: the processes then end close together, not one of them
        # still busy with a big file picked up last (results keep the input order).
        for i in sorted(range(len(files)), key=lambda k: -sizes[k]):
            if not large[i]:
                fut = run.call(_clean_file, files[i].as_posix(), encoding)
                fut.add_done_callback(lambda _f, n=sizes[i]: run.progress.advance(n))
                pending.append((i, fut))
        pending.sort()
        for i, (path, is_large) in enumerate(zip(files, large)):
            if is_large:
                try:
                    slots[i] = _clean_large(run, path)
                except InputError as exc:
                    errors[i] = exc
                except OSError as exc:  # the spool's disk is full, or the file went away
                    errors[i] = OutputError(f"cannot clean it part by part ({exc.strerror or exc})", path.as_posix())
        for i, fut in pending:
            got = fut.result()
            if isinstance(got, InputError):
                errors[i] = got
            else:
                slots[i] = got
    except BaseException:
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        run.progress.close()
        thaw_if_unfrozen(was_frozen)  # the workers are forked: this process collects as before again
    if pool is not None:
        pool.shutdown()
    return [r for r in slots if r is not None], [e for e in errors if e is not None]


def clean_large_with(
    pool: Any, pipeline: Pipeline, path: Path, encoding: str | None, spool_dir: Path | None, jobs: int
) -> LargeFileResult:
    """Clean one large file with parts running on ``pool`` (e.g. a cluster)."""
    return _clean_large(_Run(pipeline, encoding, pool, jobs, spool_dir, _Progress(0, False)), path)


def _clean_large(run: _Run, path: Path) -> LargeFileResult:
    """Clean a large file part by part, at most two parts per process in flight.

    Each part's findings (with their line and column) and edits go to a spool as the
    part completes, like its cleaned text and diff: nothing kept grows with the file.
    """
    name = path.as_posix()
    codec, blocks = _decoded_blocks(path, run.encoding)
    folder = run.spool_dir or Path(tempfile.gettempdir())
    folder.mkdir(parents=True, exist_ok=True)
    fd, spool = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".mtclean-tmp", dir=folder)
    dfd, diff_spool = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".diff.mtclean-tmp", dir=folder)
    items = Spool(folder)
    located = SpooledList(items)
    result = LargeFileResult(
        name, "", "", located.map(_first), SpooledList(items), spool=Path(spool), diff_spool=Path(diff_spool),
        located=located,
    )
    diff_out = os.fdopen(dfd, "w", encoding="utf-8", newline="")
    window: deque[tuple[Future[_Part], str, int, int]] = deque()
    offset = 0
    done_bytes = 0
    oline = cline = 0
    line_start = 0  # where the line the next part starts in begins (a part may start mid-line)

    def collect(out: Any) -> None:
        nonlocal oline, cline, done_bytes, line_start
        fut, sep, read, next_base = window.popleft()
        part: _Part = fut.result()
        out.write(part.cleaned)
        out.write(sep)
        # Line and column as offsets.line_col gives them in the whole file: the part's own
        # line starts, after the lines of the parts before it.
        starts = part.starts
        here = []
        for f in part.findings:
            i = bisect_right(starts, f.start)
            here.append((f, oline + 1 + i, f.start - (starts[i - 1] if i else line_start) + 1))
        located.extend(here)
        result.edits.extend(part.edits)  # type: ignore[attr-defined]
        if len(starts):
            line_start = starts[-1]
        if "\n" in sep:  # the blank line at a cut (a cut between sentences starts no line)
            line_start = next_base - len(sep) + sep.rindex("\n") + 1
        if part.diff:
            diff_out.write(_shift_hunks(part.diff, oline, cline, first=not result.is_changed))
            result.is_changed = True
        oline += part.lines + sep.count("\n")
        cline += part.cleaned_lines + sep.count("\n")
        run.progress.advance(read - done_bytes)
        done_bytes = read
        _release_memory()

    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            for text, sep, read in parts(blocks, run.pipeline.config.lines):
                window.append((run.call(_clean_part, text, name, offset), sep, read, offset + len(text) + len(sep)))
                offset += len(text) + len(sep)
                while len(window) > 2 * run.jobs:
                    collect(out)
            while window:
                collect(out)
        diff_out.close()  # its last write may fail too (a full disk): inside the clean-up's reach
    except BaseException:
        with contextlib.suppress(OSError):
            diff_out.close()
        items.close()
        Path(spool).unlink(missing_ok=True)
        Path(diff_spool).unlink(missing_ok=True)
        raise
    result.notes.append(f"encoding:{codec}")
    result.size = offset
    return result


def _first(item: tuple[Any, ...]) -> Any:
    return item[0]


def for_html(report: dict[str, Any], results: list[FileResult]) -> tuple[dict[str, Any], list[FileResult]]:
    """What the HTML report shows: large files' texts stay on disk, so their pages are left
    out and the page says so (report.json and changes.diff have everything).

    The page takes each file's output path and notes from its result, so the report's
    ``files`` (built finding by finding as it is read, see report/json.py) is not passed on.
    """
    view = {k: v for k, v in report.items() if k != "files"}
    large = [r for r in results if isinstance(r, LargeFileResult)]
    if not large:
        return view, results
    notes = [
        f"{r.path}: {r.size / 1e6:.0f} million characters, too large to show here; "
        f"its {len(r.findings)} findings are in report.json and its changes in changes.diff"
        for r in large
    ]
    run = dict(report.get("run", {}))
    run["errors"] = list(run.get("errors", [])) + notes
    return dict(view, run=run), [r for r in results if not isinstance(r, LargeFileResult)]


def pieces(items: list[Any]) -> Iterator[str]:
    """Strings and iterators of strings, in order, as one stream of strings."""
    for item in items:
        if isinstance(item, str):
            yield item
        else:
            yield from item


def _release_memory() -> None:
    """Give the memory a finished part used back to the system.

    Cleaning a part allocates tens of MB of short-lived objects; the findings kept
    from it are small but scattered, and they pin the freed pages, so without this
    the process grows with the file. glibc's malloc_trim returns free pages
    wherever they are.
    """
    global _TRIM
    if _TRIM is None:
        try:
            import ctypes

            _TRIM = ctypes.CDLL("libc.so.6").malloc_trim
        except (OSError, AttributeError):
            _TRIM = False
    if _TRIM:
        _TRIM(0)


_TRIM: Any = None
# Characters of a file worth a trim after cleaning it: the pages a small file's stages
# used are reused by the next file anyway, and a trim walks the whole heap (0.2 ms each,
# a second over a corpus of ten thousand files).
TRIM_AFTER = 1_000_000


def _shift_hunks(diff: str, oline: int, cline: int, first: bool) -> str:
    """A part's diff in the whole file's line numbers (its file header kept only once)."""
    if not first:
        diff = diff.split("\n", 2)[2]

    def shift(m: re.Match[str]) -> str:
        return f"@@ -{int(m.group(1)) + oline}{m.group(2) or ''} +{int(m.group(3)) + cline}{m.group(4) or ''} @@"

    return HUNK.sub(shift, diff)
