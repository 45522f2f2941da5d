"""The JSON report: the stable, documented shape machines read (see README, "Outputs")."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from ..model import FileResult, Finding
from ..offsets import line_col, line_starts


def finding_dict(f: Finding, starts: list[int]) -> dict[str, Any]:
    line, column = line_col(starts, f.start)
    d: dict[str, Any] = {
        "rule": f.rule,
        "class": f.cls,
        "severity": f.severity,
        "start": f.start,
        "end": f.end,
        "line": line,
        "column": column,
        "text": f.text,
        "message": f.message,
        "suggestion": f.suggestion,
        "fix": f.fix,
        "applied": f.applied,
        "stage": f.stage,
    }
    if f.edit is not None:
        d["replacement"] = f.edit.replacement
    if f.extra:
        d.update({k: v for k, v in f.extra.items() if k not in d})
    return d


def file_dict(r: FileResult) -> dict[str, Any]:
    # A large file's text stays on disk; its result carries the line starts instead.
    starts = getattr(r, "line_index", None) or line_starts(r.original)
    return {
        "path": r.path,
        "cleaned_path": r.cleaned_path,
        "changed": r.changed,
        "findings": [finding_dict(f, starts) for f in r.findings],
        "edits": [{"start": e.start, "end": e.end, "replacement": e.replacement} for e in r.edits],
        "notes": r.notes,
    }


def report_dict(version: str, signature: str, results: list[FileResult], run: dict[str, Any]) -> dict[str, Any]:
    return {
        "version": version,
        "signature": signature,
        "run": run,
        "files": [file_dict(r) for r in results],
    }


SURROGATE = re.compile("[\ud800-\udfff]")


def _no_surrogates(value: Any) -> Any:
    """Lone surrogates (only reachable through odd ``--encoding`` codecs or the API)
    become U+FFFD: strict JSON parsers reject an unpaired ``\\ud800`` escape. One
    code point for one, so offsets stay right."""
    if isinstance(value, str):
        return SURROGATE.sub("\ufffd", value) if SURROGATE.search(value) else value
    if isinstance(value, dict):
        return {_no_surrogates(k): _no_surrogates(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_no_surrogates(v) for v in value]
    return value


def dumps(report: dict[str, Any]) -> str:
    # ensure_ascii escapes control characters (and everything non-ASCII), so the
    # file is plain ASCII JSON whatever the input held.
    return json.dumps(_no_surrogates(report), ensure_ascii=True, indent=1)


def chunks(report: dict[str, Any]) -> Iterator[str]:
    """``dumps(report)`` in pieces (the same text), so a large report is never one string."""
    return json.JSONEncoder(ensure_ascii=True, indent=1).iterencode(_no_surrogates(report))
