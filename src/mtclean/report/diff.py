"""Unified diffs of original against cleaned text."""

from __future__ import annotations

import difflib


def unified_diff(path: str, original: str, cleaned: str) -> str:
    if original == cleaned:
        return ""
    lines = difflib.unified_diff(
        original.splitlines(keepends=True),
        cleaned.splitlines(keepends=True),
        fromfile=f"a/{path}",
        tofile=f"b/{path}",
    )
    out = []
    for line in lines:
        if not line.endswith("\n"):
            line += "\n\\ No newline at end of file\n"
        out.append(line)
    return "".join(out)
