"""A reviewer's decisions on a run, and the cleaned text they call for.

report.html exports a decisions file: for findings of report.json (named by ``path``
and ``id``), ``accept`` (apply its fix, or the ``replacement`` the reviewer typed),
``reject`` (leave the text as it was), ``keep`` or ``false-positive`` (a flag looked
at: nothing to apply). A finding the file does not name keeps what the run did.

The text is rebuilt from the ORIGINAL, not patched on top of the cleaned file: the
accepted fixes are replayed in the order of the stages that made them. Each fix is
recorded in report.json with its original span and, when it was made on text an
earlier stage had already changed, that text (``fix_base``). A fix is applied where
the replayed text reads exactly as it read for the rule, so rejecting a fix never
leaves a later fix patched onto text that is no longer there; a fix that cannot be
placed so is an error naming both findings, not a guess.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import MtcleanError
from .model import Edit, FileResult, Finding
from .offsets import EditLog

DECISIONS = ("accept", "reject", "keep", "false-positive")
FORMAT_VERSION = 1


class DecisionError(MtcleanError):
    """A decisions file, report or original that cannot be used as it is."""


@dataclass(frozen=True)
class Decision:
    path: str
    id: str
    decision: str
    replacement: str | None = None


@dataclass
class Decisions:
    signature: str
    items: dict[tuple[str, str], Decision] = field(default_factory=dict)
    source: str = "<decisions>"

    @classmethod
    def load(cls, path: Path) -> Decisions:
        name = str(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise DecisionError("no such file", name) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise DecisionError(f"cannot read: {exc}", name) from None
        except json.JSONDecodeError as exc:
            raise DecisionError(f"not JSON: {exc.msg}", name, exc.lineno) from None
        return cls.from_dict(data, name)

    @classmethod
    def from_dict(cls, data: Any, name: str = "<decisions>") -> Decisions:
        if not isinstance(data, dict) or not isinstance(data.get("decisions"), list):
            raise DecisionError('not a decisions file: expected {"version", "signature", "decisions": [...]}', name)
        if data.get("version") != FORMAT_VERSION:
            raise DecisionError(f"decisions format version {data.get('version')!r}; this mtclean reads {FORMAT_VERSION}", name)
        signature = data.get("signature")
        if not isinstance(signature, str):
            raise DecisionError('"signature" must be the run signature (a string)', name)
        out = cls(signature, source=name)
        for i, d in enumerate(data["decisions"]):
            where = f'decision {i + 1}'
            if not isinstance(d, dict):
                raise DecisionError(f"{where}: not an object", name)
            path, fid, what = d.get("path"), d.get("id"), d.get("decision")
            if not isinstance(path, str) or not isinstance(fid, str):
                raise DecisionError(f'{where}: "path" and "id" must be strings', name)
            if what not in DECISIONS:
                raise DecisionError(f"{where}: decision {what!r} is not one of {', '.join(DECISIONS)}", name)
            repl = d.get("replacement")
            if repl is not None and not isinstance(repl, str):
                raise DecisionError(f'{where}: "replacement" must be a string', name)
            if (path, fid) in out.items:
                raise DecisionError(f"{where}: a second decision for {path} {fid}", name)
            out.items[path, fid] = Decision(path, fid, what, repl)
        return out


@dataclass
class Fix:
    """An accepted fix, in original coordinates, with the text it replaces."""

    fid: str
    rule: str
    line: int
    start: int
    end: int
    replacement: str
    base: str
    order: tuple[int, int]


@dataclass
class Outcome:
    result: FileResult
    accepted: int = 0
    rejected: int = 0
    false_positives: list[dict[str, Any]] = field(default_factory=list)


_STANDARD = {"id", "rule", "class", "severity", "start", "end", "line", "column", "text", "message",
             "suggestion", "fix", "applied", "stage", "replacement", "fix_start", "fix_end", "fix_base"}


def _finding(d: dict[str, Any], applied: bool, replacement: str | None, fix_span: tuple[int, int, str | None] | None) -> Finding:
    """A report.json finding as a Finding again, so the same report writers can write it."""
    extra = {k: v for k, v in d.items() if k not in _STANDARD}
    if fix_span is not None:
        extra["fix"] = fix_span
    start = d["start"]
    edit = None
    if replacement is not None:
        edit = Edit(start if fix_span is None else start + fix_span[0],
                    d["end"] if fix_span is None else start + fix_span[1], replacement)
    return Finding(
        rule=d["rule"], cls=d["class"], severity=d["severity"], start=start, end=d["end"],
        message=d["message"], fix=d["fix"], suggestion=d.get("suggestion"), edit=edit,
        applied=applied, text=d["text"], stage=d.get("stage", ""), extra=extra,
    )


def rebuild(entry: dict[str, Any], original: str, decisions: Decisions, stage_order: list[str],
            lines: bool = False) -> Outcome:
    """One file of report.json rebuilt from its original with the decided fixes. With
    ``lines`` (a ``--lines`` run), a typed replacement may not break a segment in two."""
    path = entry["path"]
    rank = {name: i for i, name in enumerate(stage_order)}
    fixes: list[Fix] = []
    undone: list[Fix] = []  # fixes the run applied that the reviewer did not accept
    findings: list[Finding] = []
    by_id: dict[str, Finding] = {}
    outcome = Outcome(FileResult(path, original, original, [], []))
    for d in entry.get("findings", []):
        fid = d.get("id")
        if not isinstance(fid, str):
            raise DecisionError("report.json has findings without ids; run mtclean run again", path)
        decided = decisions.items.get((path, fid))
        what = decided.decision if decided else ("accept" if d.get("applied") else "reject")
        replacement = d.get("replacement")
        typed = decided.replacement if decided else None
        if typed is not None and what == "accept":
            if lines and ("\n" in typed or "\r" in typed):
                raise DecisionError(f"finding {fid} ({d['rule']}, line {d['line']}): a --lines run keeps one segment "
                                    "a line, so its replacement may not hold a line break", path)
            replacement = typed
        if what == "accept" and replacement is None:
            raise DecisionError(f"finding {fid} ({d['rule']}, line {d['line']}) is accepted but has no fix: "
                                "give it a replacement, or mark it keep or false-positive", path)
        span: tuple[int, int, str | None] | None = None
        start, end, base = d["start"], d["end"], d["text"]
        if "fix_start" in d and not (typed is not None and d.get("replacement") is None):
            start, end = d["fix_start"], d["fix_end"]
            base = d.get("fix_base", original[start:end])
            span = (start - d["start"], end - d["start"], d.get("fix_base"))
        fx = Fix(fid, d["rule"], d["line"], start, end, replacement or "", base,
                 (rank.get(d.get("stage", ""), len(rank)), 0 if d.get("applied") else 1))
        if what == "accept":
            outcome.accepted += 1
            fixes.append(fx)
        elif d.get("applied"):
            undone.append(fx)
        elif what == "reject":
            outcome.rejected += 1
        elif what == "false-positive":
            outcome.false_positives.append(d)
        f = _finding(d, False, replacement, span)
        findings.append(f)
        by_id[fid] = f
    unknown = [k[1] for k in decisions.items if k[0] == path and k[1] not in by_id]
    if unknown:
        raise DecisionError(f"the decisions name finding {unknown[0]}, which report.json does not have for this file", path)
    log = EditLog(original)
    for fx in _replay(log, fixes, undone, path):
        by_id[fx.fid].applied = True
    r = outcome.result
    r.cleaned, r.edits, r.findings = log.current, list(log.edits), findings
    return outcome


def _replay(log: EditLog, fixes: list[Fix], undone: list[Fix], path: str) -> Iterable[Fix]:
    """Apply fixes in stage order, each where the text reads as it did for its rule."""
    pending = sorted(fixes, key=lambda f: (f.order, f.start, f.end))
    placed: list[Fix] = []
    while pending:
        rest = []
        for fx in pending:
            span = _locate(log, fx.start, fx.end, fx.base)
            if span is None:
                rest.append(fx)
                continue
            log.apply([Edit(span[0], span[1], fx.replacement)])
            placed.append(fx)
        if len(rest) == len(pending):
            break
        pending = rest
    for fx in pending:
        span = _locate(log, fx.start, fx.end, fx.replacement)
        if span is not None:  # another accepted fix already wrote the same text there
            placed.append(fx)
            continue
        inside = [u for u in undone if fx.start <= u.start and u.end <= fx.end]
        overlap = [p for p in placed if p.start < fx.end and fx.start < p.end]
        if inside:
            why = (f"it was made on text that {inside[0].rule} {inside[0].fid} (line {inside[0].line}) had changed, "
                   "and that change is not accepted; accept both or reject both")
        elif overlap:
            why = f"it overlaps {overlap[0].rule} {overlap[0].fid} (line {overlap[0].line}); accept only one of them"
        else:
            why = "the text it was made on is not there with these decisions; reject it or run again"
        raise DecisionError(f"finding {fx.fid} ({fx.rule}, line {fx.line}) cannot be applied: {why}", path)
    return placed


def _locate(log: EditLog, start: int, end: int, base: str) -> tuple[int, int] | None:
    """The current span that the original span [start, end) became, if it reads ``base``."""
    for cs in _to_current(log, start, end_side=False):
        for ce in _to_current(log, end, end_side=True):
            if cs <= ce and log.current[cs:ce] == base:
                return cs, ce
    return None


def _to_current(log: EditLog, pos: int, *, end_side: bool) -> list[int]:
    """Where an original position is in the current text: none when an edit replaced it,
    two places when an insertion sits at it (before and after the inserted text)."""
    edits = log.edits
    starts = _starts(log)
    j = bisect_left(starts, pos)  # edits[:j] start before pos
    here = pos
    if j:
        e = edits[j - 1]
        if e.end > pos:
            return []
        here = log._cur_starts[j - 1] + len(e.replacement) + (pos - e.end)
    inserted = 0
    while j < len(edits) and edits[j].start == edits[j].end == pos:
        inserted += len(edits[j].replacement)
        j += 1
    if not inserted:
        return [here]
    # An end takes the insertion in first; a start first leaves it out.
    return [here + inserted, here] if end_side else [here, here + inserted]


_STARTS: dict[int, tuple[list[Edit], list[int]]] = {}


def _starts(log: EditLog) -> list[int]:
    """The original start of each applied edit, for bisecting (rebuilt when the log changes)."""
    cached = _STARTS.get(id(log))
    if cached is None or cached[0] is not log.edits:
        cached = (log.edits, [e.start for e in log.edits])
        _STARTS.clear()
        _STARTS[id(log)] = cached
    return cached[1]
