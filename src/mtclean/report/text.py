"""The terminal view of ``mtclean check``: one ``path:line:col: RULE message`` line per
finding, the form editors and CI logs turn into links."""

from __future__ import annotations

from ..model import FileResult
from ..offsets import line_col, line_starts


def render(results: list[FileResult], summary: bool = True) -> str:
    out: list[str] = []
    total = fixable = 0
    files = 0
    for r in results:
        if not r.findings:
            continue
        files += 1
        starts = line_starts(r.original)
        for f in r.findings:
            line, col = line_col(starts, f.start)
            total += 1
            fixable += f.applied
            tail = ""
            if f.applied:
                tail = " [fixable]"
            elif f.suggestion:
                tail = f" (suggestion: {f.suggestion})"
            out.append(f"{r.path}:{line}:{col}: {f.rule} {f.severity}: {f.message}{tail}")
    if not summary:
        pass
    elif total:
        verb = "fixable with `mtclean fix`"
        noun = "finding" if total == 1 else "findings"
        out.append(f"Found {total} {noun} in {files} file{'s' if files != 1 else ''} ({fixable} {verb}).")
    else:
        out.append(f"All clear: {len(results)} file{'s' if len(results) != 1 else ''} checked, no findings.")
    return "\n".join(out) + "\n"
