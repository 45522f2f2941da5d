"""The reviewer's HTML report, rendered from the Jinja2 templates in ``templates/``.

One self-contained file: CSS and JS are inlined and pinned by a Content-Security-
Policy hash, so the page makes no request to any host and, should an escaping bug
ever slip through, an injected script or event handler still would not run. All
input text reaches the page escaped: through Jinja's autoescaping, or, in the
per-line and per-finding fragments that ``markup.py`` writes for speed, through
the same escaping done there. None is concatenated into markup here, and the
script reads its data from the DOM, never from inlined JSON.

The page is written as a stream (``render_chunks``): the page list up front holds
only each file's counts and edit rates; a file's text views are built when its
section is written and dropped after it.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined

from .. import lexcache
from ..model import SEVERITIES, FileResult
from ..rules import RuleSet
from . import json as json_report
from . import markup
from .annotate import FileView, file_view
from .chart import Chart, class_chart, colour_index
from .quality import EditRate, SegmentCache, file_rate, signatures
from .rulesdoc import RuleDoc, rule_docs

TEMPLATES = Path(__file__).with_name("templates")
# The page grows with the findings, not with the input: files are shown whole while
# their texts fit in WHOLE_TEXT_BUDGET characters in all, the rest only near their
# changes; a file marks its first SHOWN_PER_FILE findings, the page SHOWN_TOTAL in
# all (report.json has every one).
WHOLE_TEXT_BUDGET = 60_000
SHOWN_PER_FILE = 200
SHOWN_TOTAL = 1_000
SECTIONS_MAX = 300  # files with a section of their own; the rest are listed only
LISTED_MAX = 1_000  # rows of the files table


_OPTIONS: dict[str, Any] = {
    "autoescape": True,  # every template, whatever its extension
    "undefined": StrictUndefined,
    "trim_blocks": True,
    "lstrip_blocks": True,
}


class _QuietCache(FileSystemBytecodeCache):
    """Jinja's own cache of compiled templates, in mtclean's cache folder: compiling the
    report's templates took about 0.1 s of every run. A cache that cannot be written
    costs that time again, never the report."""

    def load_bytecode(self, bucket: Any) -> None:
        with contextlib.suppress(OSError):
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: Any) -> None:
        with contextlib.suppress(OSError):
            os.makedirs(self.directory, exist_ok=True)
            super().dump_bytecode(bucket)


def _bytecode_cache() -> FileSystemBytecodeCache | None:
    where = lexcache.folder()
    if where is None:
        return None
    import jinja2

    from .. import __version__

    # Jinja keys its entries by template and source only; the options that shape the
    # compiled code, and the versions that wrote it, name the folder.
    basis = f"{__version__}|{jinja2.__version__}|{sorted((k, repr(v)) for k, v in _OPTIONS.items())}"
    tag = hashlib.blake2b(basis.encode("utf-8"), digest_size=8).hexdigest()
    return _QuietCache(str(where / f"jinja-{tag}"))


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), bytecode_cache=_bytecode_cache(), **_OPTIONS)
    env.globals.update(colour_index=colour_index,
                       rows=markup.rows, finding_rows=markup.finding_rows, sbs_rows=markup.sbs_rows)
    return env


@lru_cache(maxsize=4)
def _asset(name: str) -> tuple[str, str]:
    """An inlined asset and its CSP source expression ('sha256-…')."""
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    if "</" in text:  # would end the <style>/<script> element early
        raise ValueError(f"{name} must not contain '</'")
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return text, f"'sha256-{digest}'"


@dataclass
class FilePage:
    """What the summary needs of a file; its section's views are built only when it is written."""

    id: str
    path: str
    cleaned_path: str | None
    notes: list[str]
    changed: bool
    applied: int
    suggested: int
    lines: int
    rate: EditRate
    result: FileResult
    complete: bool = True  # the whole text is in the page (else only the lines near changes)
    shown: int = SHOWN_PER_FILE  # findings marked on the page (the first ones by position)

    @property
    def findings(self) -> int:
        return self.applied + self.suggested

    def section(self) -> FileSection:
        """The page with its text views, built now and dropped once its section is written,
        so only one file's views are held at a time."""
        r = self.result
        ids = dict(zip(map(id, r.findings), json_report.file_ids(r)))
        return FileSection(self, file_view(r, self.id, ids, self.shown))


@dataclass
class FileSection:
    page: FilePage
    view: FileView

    def __getattr__(self, name: str) -> Any:  # the page's summary fields, for the template
        return getattr(self.page, name)


@dataclass
class RuleTotal:
    rule: str
    cls: str
    severity: str
    fix: str
    message: str
    applied: int = 0
    suggested: int = 0

    @property
    def total(self) -> int:
        return self.applied + self.suggested


def _file_page(i: int, r: FileResult, entry: dict[str, Any], cache: SegmentCache) -> FilePage:
    # The rate comes with the result when the file was cleaned by a run (parallel.py).
    rate = getattr(r, "rate", None) or file_rate(r, cache)
    text = r.original
    applied = sum(1 for f in r.findings if f.applied)
    return FilePage(
        id=f"f{i}",
        path=r.path,
        cleaned_path=entry.get("cleaned_path", r.cleaned_path),
        notes=list(entry.get("notes", r.notes)),
        changed=r.changed,
        applied=applied,
        suggested=len(r.findings) - applied,
        lines=text.count("\n") + (not text.endswith("\n")) if text else 0,
        rate=rate,
        result=r,
    )


def _signature_parts(signature: str) -> list[tuple[str, str]]:
    parts = []
    for item in signature.split("|"):
        key, _, value = item.partition(":")
        parts.append((key, value))
    return parts


def _rule_totals(results: list[FileResult]) -> list[RuleTotal]:
    totals: dict[str, RuleTotal] = {}
    for r in results:
        for f in r.findings:
            t = totals.setdefault(f.rule, RuleTotal(f.rule, f.cls, f.severity, f.fix, f.message))
            if f.applied:
                t.applied += 1
            else:
                t.suggested += 1
    return sorted(totals.values(), key=lambda t: (-t.total, t.rule))


def _class_counts(results: list[FileResult]) -> dict[str, tuple[int, int]]:
    applied: Counter[str] = Counter()
    suggested: Counter[str] = Counter()
    for r in results:
        for f in r.findings:
            (applied if f.applied else suggested)[f.cls] += 1
    return {c: (applied[c], suggested[c]) for c in set(applied) | set(suggested)}


CHUNK = 1 << 20  # characters handed to the writer at a time


def _stages(stages: list[dict[str, Any]]) -> list[dict[str, str]]:
    """One entry per stage name: a stage made of several parts (regex and token rules)
    ran if every part ran, else shows the first other status."""
    merged: dict[str, str] = {}
    for st in stages:
        name, status = str(st.get("name", "")), str(st.get("status", "ran"))
        if merged.get(name, "ran") == "ran":
            merged[name] = status
    return [{"name": k, "status": v} for k, v in merged.items()]


def _run_key(signature: str, results: list[FileResult]) -> str:
    """Where the page keeps its decisions in the browser: the run signature and the inputs."""
    h = hashlib.sha256(signature.encode("utf-8"))
    for r in results:
        h.update(r.path.encode("utf-8", "surrogatepass") + b"\0" + json_report.text_hash(r.original).encode("ascii"))
    return f"{signature}#{h.hexdigest()[:16]}"


def render(report: dict[str, Any], results: list[FileResult], rules: RuleSet | None = None) -> str:
    """The report page for one run: ``report`` is report/json.py's dict, ``results`` its source."""
    return "".join(render_chunks(report, results, rules))


def render_chunks(report: dict[str, Any], results: list[FileResult], rules: RuleSet | None = None) -> Iterator[str]:
    """``render`` as a stream of pieces of about ``CHUNK`` characters.

    The page of a large run is tens of MB; written this way it is never one string,
    and each file's views exist only while its section is written.
    """
    entries = {e["path"]: e for e in report.get("files", [])}
    cache = SegmentCache()
    pages = [_file_page(i, r, entries.get(r.path, {}), cache) for i, r in enumerate(results)]
    del cache
    pages.sort(key=lambda p: (-p.findings, p.path))
    budget = WHOLE_TEXT_BUDGET
    for p in sorted(pages, key=lambda p: len(p.result.original)):
        size = len(p.result.original)
        p.complete = size <= budget
        budget -= size if p.complete else 0
    left = SHOWN_TOTAL
    for p in pages:  # most findings first, as the page lists them
        p.shown = min(SHOWN_PER_FILE, left)
        left -= min(p.findings, p.shown)
    used = sorted({f.rule for r in results for f in r.findings})
    docs: list[RuleDoc] = rule_docs(used, rules)
    counts = _class_counts(results)
    chart: Chart = class_chart(counts)
    severities = Counter(f.severity for r in results for f in r.findings)
    css, css_hash = _asset("report.css")
    js, js_hash = _asset("report.js")
    stream = _env().get_template("report.html.j2").generate(
        report=report,
        signature_parts=_signature_parts(str(report.get("signature", ""))),
        stages=_stages(report.get("run", {}).get("stages", [])),
        rule_docs=docs,
        run_key=_run_key(str(report.get("signature", "")), results),
        run_errors=report.get("run", {}).get("errors", []),
        pages=pages[:LISTED_MAX],
        sections=pages[:SECTIONS_MAX],
        unlisted=len(pages) - min(len(pages), LISTED_MAX),
        unshown=len(pages) - min(len(pages), SECTIONS_MAX),
        chart=chart,
        classes=sorted(counts, key=lambda c: (colour_index(c), c)),
        severities=[s for s in SEVERITIES if s in severities] + sorted(set(severities) - set(SEVERITIES)),
        rule_totals=_rule_totals(results),
        totals={
            "files": len(results),
            "changed": sum(1 for r in results if r.changed),
            "findings": sum(p.findings for p in pages),
            "applied": sum(p.applied for p in pages),
            "suggested": sum(p.suggested for p in pages),
        },
        metric_signatures=signatures(),
        css=css,
        js=js,
        csp=f"default-src 'none'; style-src {css_hash}; script-src {js_hash}; base-uri 'none'; form-action 'none'",
    )
    buffer: list[str] = []
    size = 0
    for piece in stream:
        buffer.append(piece)
        size += len(piece)
        if size >= CHUNK:
            yield "".join(buffer)
            buffer.clear()
            size = 0
    if buffer:
        yield "".join(buffer)
