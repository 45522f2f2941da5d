"""SARIF 2.1.0, the format code-scanning services ingest.

Columns count Unicode code points (``columnKind``), as every mtclean offset does.
Relative paths are given against ``%SRCROOT%``, the folder the command ran in.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..model import FileResult, Finding
from ..offsets import line_col, line_starts
from ..rules import Rule
from ..suppress import META_CLASS, META_RULES

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _location(path: str) -> dict[str, Any]:
    # Percent-encoded from the name's bytes: a name that is not UTF-8 stays exact.
    raw = os.fsencode(Path(path).as_posix())
    if Path(path).is_absolute():
        return {"uri": "file://" + quote(raw)}
    return {"uri": quote(raw), "uriBaseId": "%SRCROOT%"}


def _descriptor(rule_id: str, rules: dict[str, Rule]) -> dict[str, Any]:
    rule = rules.get(rule_id)
    if rule is None:
        text = META_RULES.get(rule_id, rule_id)
        return {
            "id": rule_id,
            "shortDescription": {"text": text},
            "defaultConfiguration": {"level": "warning"},
            "properties": {"class": META_CLASS, "fix": "none"},
        }
    d: dict[str, Any] = {
        "id": rule.id,
        "shortDescription": {"text": rule.message},
        "defaultConfiguration": {"level": LEVELS.get(rule.severity, "warning")},
        "properties": {"class": rule.cls, "fix": rule.fix},
    }
    if rule.description:
        d["fullDescription"] = {"text": rule.description}
    return d


def _result(f: Finding, path: str, starts: list[int], index: int) -> dict[str, Any]:
    line, col = line_col(starts, f.start)
    end_line, end_col = line_col(starts, f.end)
    message = f.message
    if f.suggestion and not f.applied:
        message += f" Suggestion: {f.suggestion}"
    region: dict[str, Any] = {
        "startLine": line,
        "startColumn": col,
        "endLine": end_line,
        "endColumn": end_col,
        "charOffset": f.start,
        "charLength": f.end - f.start,
    }
    if f.text:
        region["snippet"] = {"text": f.text}
    return {
        "ruleId": f.rule,
        "ruleIndex": index,
        "level": LEVELS.get(f.severity, "warning"),
        "message": {"text": message},
        "locations": [{"physicalLocation": {"artifactLocation": _location(path), "region": region}}],
        "properties": {"class": f.cls, "fixable": f.applied, "fix": f.fix},
    }


def report(
    results: list[FileResult],
    rules: dict[str, Rule],
    version: str,
    signature: str,
    errors: list[str],
    cwd: Path | None = None,
) -> dict[str, Any]:
    used = sorted({f.rule for r in results for f in r.findings})
    index = {rid: i for i, rid in enumerate(used)}
    out_results = []
    for r in results:
        starts = line_starts(r.original)
        out_results.extend(_result(f, r.path, starts, index[f.rule]) for f in r.findings)
    root = (cwd or Path.cwd()).resolve().as_uri().rstrip("/") + "/"
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "mtclean",
                        "version": version,
                        "semanticVersion": version,
                        "rules": [_descriptor(rid, rules) for rid in used],
                    }
                },
                "invocations": [
                    {
                        "executionSuccessful": not errors,
                        "toolExecutionNotifications": [
                            {"level": "error", "message": {"text": e}} for e in errors
                        ],
                    }
                ],
                "originalUriBaseIds": {"%SRCROOT%": {"uri": root}},
                "columnKind": "unicodeCodePoints",
                "properties": {"signature": signature},
                "results": out_results,
            }
        ],
    }


def dumps(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=True, indent=1) + "\n"
