"""What every rule-driven stage shares: turning a rule and a span into a finding."""

from __future__ import annotations

from ..model import Edit, Finding
from ..rules import Rule


def finding(
    rule: Rule,
    start: int,
    end: int,
    edit: Edit | None = None,
    *,
    suggestion: str | None = None,
    message: str | None = None,
    note: str | None = None,
) -> Finding:
    """A finding of ``rule``; a rule without a fix never carries an edit."""
    if rule.fix == "none":
        edit = None
    if suggestion is None:
        suggestion = edit.replacement if edit is not None else rule.suggestion
    f = Finding(
        rule=rule.id,
        cls=rule.cls,
        severity=rule.severity,
        start=start,
        end=end,
        message=message or rule.message,
        fix=rule.fix,
        suggestion=suggestion,
        edit=edit,
        priority=rule.priority,
        stage=rule.stage,
    )
    if note:
        f.extra["note"] = note
    return f
