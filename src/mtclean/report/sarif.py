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
from .rulesdoc import doc_for

# Where ``mtclean rules doc`` writes by default; helpUri points there unless
# MTCLEAN_RULES_DOC_URL names the published page (helpUri must be an absolute URI).
RULES_DOC = Path("mtclean-out") / "rules" / "index.html"
SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _location(path: str) -> dict[str, Any]:
    # Percent-encoded from the name's bytes: a name that is not UTF-8 stays exact.
    raw = os.fsencode(Path(path).as_posix())
    if Path(path).is_absolute():
        return {"uri": "file://" + quote(raw)}
    return {"uri": quote(raw), "uriBaseId": "%SRCROOT%"}


def help_base(cwd: Path | None = None) -> str:
    """The rules page helpUri points into: MTCLEAN_RULES_DOC_URL, else the file
    ``mtclean rules doc`` writes by default (``mtclean-out/rules/index.html``)."""
    url = os.environ.get("MTCLEAN_RULES_DOC_URL")
    if url:
        return url.split("#")[0]
    return ((cwd or Path.cwd()) / RULES_DOC).resolve().as_uri()


def _help(rule: Rule) -> dict[str, str]:
    """The rule's documentation inline (what a SARIF viewer shows without following helpUri)."""
    doc = doc_for(rule)
    text = [doc.message, *doc.why, doc.fix_text]
    md = [f"**{doc.id}** ({doc.cls}, {doc.severity}): {doc.message}", *doc.why, f"*{doc.fix_text}*"]
    for bad, fixed in doc.bad:
        line = f"flagged: {bad!r}" + (f" -> {fixed!r}" if fixed is not None else "")
        text.append(line)
        md.append(f"- {line}")
    for good in doc.good:
        text.append(f"left alone: {good!r}")
        md.append(f"- left alone: {good!r}")
    return {"text": "\n".join(text), "markdown": "\n\n".join(md)}


def _descriptor(rule_id: str, rules: dict[str, Rule], base: str) -> dict[str, Any]:
    rule = rules.get(rule_id)
    if rule is None:
        text = META_RULES.get(rule_id, rule_id)
        return {
            "id": rule_id,
            "shortDescription": {"text": text},
            "helpUri": f"{base}#rule-{quote(rule_id)}",
            "defaultConfiguration": {"level": "warning"},
            "properties": {"class": META_CLASS, "fix": "none"},
        }
    d: dict[str, Any] = {
        "id": rule.id,
        "shortDescription": {"text": rule.message},
        "helpUri": f"{base}#rule-{quote(rule.id)}",
        "help": _help(rule),
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
    out = {
        "ruleId": f.rule,
        "ruleIndex": index,
        "level": LEVELS.get(f.severity, "warning"),
        "message": {"text": message},
        "locations": [{"physicalLocation": {"artifactLocation": _location(path), "region": region}}],
        "properties": {"class": f.cls, "fixable": f.applied, "fix": f.fix},
    }
    if "source_start" in f.extra:  # source-aware findings: the source span as a related location
        from ..source.sarif import related_source

        out["relatedLocations"] = [related_source(f, path, _location)]
    return out


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
    base = help_base(cwd)
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
                        "rules": [_descriptor(rid, rules, base) for rid in used],
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
