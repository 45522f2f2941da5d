"""The source span of a source-aware finding as a SARIF ``relatedLocation``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..model import Finding


def related_source(f: Finding, path: str, location: Callable[[str], dict[str, Any]]) -> dict[str, Any]:
    x = f.extra
    start, end = x["source_start"], x["source_end"]
    text = x.get("source_text", "")
    where = x.get("source_path") or path
    loc: dict[str, Any] = {"id": 1, "message": {"text": f"source of segment {x.get('segment')}: {text}"[:300]},
                           "properties": {"segment": x.get("segment"), "source_start": start, "source_end": end}}
    region: dict[str, Any] = {}
    if "source_line" in x:  # line-aligned and TSV sources: offsets into the source file itself
        region = {"startLine": x["source_line"], "startColumn": x["source_column"],
                  "charOffset": start, "charLength": end - start}
        if text:
            region["snippet"] = {"text": text}
        loc["physicalLocation"] = {"artifactLocation": location(where), "region": region}
    return loc
