"""GitHub Actions workflow commands: each finding becomes an annotation on the pull
request's diff (``::warning file=…,line=…,col=…::message``)."""

from __future__ import annotations

from ..model import FileResult
from ..offsets import line_col, line_starts

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def _data(s: str) -> str:
    """Escape a message as the runner's command parser expects."""
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(s: str) -> str:
    return _data(s).replace(":", "%3A").replace(",", "%2C")


def render(results: list[FileResult]) -> str:
    out: list[str] = []
    for r in results:
        starts = line_starts(r.original)
        for f in r.findings:
            line, col = line_col(starts, f.start)
            level = LEVELS.get(f.severity, "warning")
            message = f.message + (f" Suggestion: {f.suggestion}" if f.suggestion and not f.applied else "")
            props = f"file={_prop(r.path)},line={line},col={col},title={_prop(f'mtclean {f.rule}')}"
            out.append(f"::{level} {props}::{_data(f'{f.rule} {message}')}")
    return "\n".join(out) + ("\n" if out else "")
