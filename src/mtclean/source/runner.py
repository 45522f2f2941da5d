"""Source-aware runs: read bilingual files, clean each target, check it against its source, write outputs.

The English stages clean each target segment on its own (as ``--lines`` does); the
source rules then compare the ORIGINAL target with its source, so their spans are
spans of the text the translator delivered. Both kinds of finding end up in one
report, in file coordinates, with ``segment`` and (for source rules) ``source_start``/
``source_end``. The cleaned file is the original with only the edited characters
replaced, so a unit nothing changed in is byte for byte what it was.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..config import Config
from ..errors import MtcleanError
from ..formats import Bitext, Unit, read
from ..io import Decoded, OutputError, output_path, without_surrogates, write_atomic, write_atomic_chunks
from ..model import Edit, FileResult, Finding
from ..pipeline import Pipeline
from ..report import html as html_report
from ..report import json as json_report
from ..report import sarif
from ..report.diff import unified_diff
from ..rules import Rule, RuleSet
from ..runner import RunResult, signature
from ..stages import build_pipeline, selected
from .checker import Pair, check_pairs
from .context import with_source
from .glossary import Glossary

CRITICAL = ("number", "omission", "untranslated")


@dataclass
class BitextResult:
    """One file's outcome, with what --drop and the summary need."""

    result: FileResult
    bitext: Bitext
    per_segment: list[list[Finding]] = field(default_factory=list)  # source findings by segment
    drop_counts: Counter[str] | None = None  # --drop: dropped pairs per reason


def _move(f: Finding, unit: Unit, text: str, index: int) -> Finding:
    s = unit.pos[f.start]
    e = unit.end_of(f.end - 1) if f.end > f.start else s
    f.start, f.end, f.text = s, e, text[s:e]
    f.extra = dict(f.extra, segment=index + 1)
    return f


def process(bt: Bitext, pipeline: Pipeline, source_rules: list[Rule], glossary: Glossary | None) -> BitextResult:
    findings: list[Finding] = []
    edits: list[Edit] = []
    notes: list[str] = []
    for i, unit in enumerate(bt.units):
        if not unit.target.strip():
            continue
        with with_source(unit.source):
            res = pipeline.run(unit.target, bt.path)
        raw = bt.raw_edits(unit, res.edits) if res.edits else []
        if raw is None:
            notes.append(f"segment {i + 1}: fixes left unapplied: they would have changed an inline tag")
            for f in res.findings:
                f.applied = False
            raw = []
        edits.extend(raw)
        findings.extend(_move(f, unit, bt.text, i) for f in res.findings)
    pairs = [Pair(u.source, u.target) for u in bt.units]
    per_segment = check_pairs(pairs, source_rules, glossary)
    for i, found in enumerate(per_segment):
        unit = bt.units[i]
        for f in found:
            ss, se = f.extra["source_start"], f.extra["source_end"]
            if unit.src_pos is not None:  # line-aligned and TSV: offsets into the source file
                f.extra["source_line"] = unit.line
                f.extra["source_column"] = ss + 1 + (unit.src_pos[0] - _line_start(bt, unit))
                ss, se = unit.src_pos[ss], unit.src_pos[se]
            f.extra["source_start"], f.extra["source_end"] = ss, se
            if bt.source_path and bt.source_path != bt.path:
                f.extra["source_path"] = bt.source_path
            _move(f, unit, bt.text, i)
            findings.append(f)
    edits.sort()
    cleaned = bt.text
    for e in reversed(edits):
        cleaned = cleaned[: e.start] + e.replacement + cleaned[e.end :]
    findings.sort(key=lambda f: (f.start, f.end, f.rule))
    result = FileResult(bt.path, bt.text, cleaned, findings, edits, notes=notes + [f"format:{bt.kind}"],
                        source=bt.decoded)
    return BitextResult(result, bt, per_segment)


def _line_start(bt: Bitext, unit: Unit) -> int:
    """Where the unit's line starts in its source file (TSV: the source column may not be the first)."""
    if bt.kind == "plain":
        return unit.src_pos[0] if unit.src_pos else 0
    return bt.text.rfind("\n", 0, unit.src_pos[0] if unit.src_pos else 0) + 1


def critical_segments(results: list[BitextResult]) -> Counter[str]:
    """Segments with at least one finding of each critical class (a segment counts once per class)."""
    counts: Counter[str] = Counter()
    for r in results:
        for found in r.per_segment:
            for cls in {f.cls for f in found} & set(CRITICAL):
                counts[cls] += 1
    return counts


def run(
    paths: list[Path],
    out: Path,
    config: Config,
    rules: RuleSet,
    *,
    source: Path | None = None,
    columns: tuple[int, int] | None = None,
    glossary: Glossary | None = None,
    encoding: str | None = None,
    drop: bool = False,
) -> tuple[RunResult, list[BitextResult]]:
    config.lines = True  # a segment is never joined to the next
    pipeline = build_pipeline(rules, config)
    source_rules = [r for r in selected(rules, config) if r.kind == "source"]
    errors: list[MtcleanError] = []
    done: list[BitextResult] = []
    for path in paths:
        try:
            bt = read(path, source, columns, encoding)
        except MtcleanError as exc:
            errors.append(exc)
            continue
        done.append(process(bt, pipeline, source_rules, glossary))
    results = [d.result for d in done]
    diffs: list[str] = []
    taken: set[Path] = set()
    for r in results:
        try:
            target = output_path(out / "cleaned", Path(r.path), taken)
            dec = r.source if isinstance(r.source, Decoded) else Decoded(r.original, "utf-8")
            write_atomic(target, dec.encode(r.cleaned, target.as_posix()))
            r.cleaned_path = target.as_posix()
            diffs.append(unified_diff(r.path, r.original, r.cleaned))
        except OutputError as exc:
            errors.append(exc)
    if drop:
        from .drop import write_drop

        for d in done:
            try:
                write_drop(d, out)
            except OutputError as exc:
                errors.append(exc)
    crit = critical_segments(done)
    run_info = {
        "stages": [{"name": s.name, "status": getattr(s, "status", "ran")} for s in pipeline.stages]
        + [{"name": "source", "status": "ran"}],
        "errors": [str(e) for e in errors],
        "skipped": [],
        "source_aware": {
            "segments": sum(len(d.bitext.units) for d in done),
            "critical_segments": dict(crit),
            "by_rule": dict(Counter(f.rule for d in done for seg in d.per_segment for f in seg)),
        },
    }
    report = json_report.report_view(__version__, signature(rules, config) + "|source:yes", results, run_info)
    from .html import render_source_page, render_source_section, with_section

    for name, pieces in (
        ("changes.diff", lambda: iter(diffs)),
        ("report.json", lambda: json_report.chunks(report)),
        ("report.html", lambda: with_section(
            html_report.render_chunks({k: v for k, v in report.items() if k != "files"}, results),
            render_source_section(done))),
        ("source.html", lambda: iter([render_source_page(done)])),
        ("report.sarif", lambda: iter([sarif.dumps(sarif.report(results, rules.by_id(), __version__,
                                                                 report["signature"], [str(e) for e in errors]))])),
    ):
        try:
            write_atomic_chunks(out / name, (without_surrogates(p) for p in pieces()))
        except OutputError as exc:
            errors.append(exc)
    return RunResult(results, errors, notes=[], report=report), done
