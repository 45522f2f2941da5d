"""What the pipeline may touch in one document: not the protected ranges (code,
link targets, markup; ``markup``), not what an inline directive silences
(``suppress``).

Every verb (``run``, ``check``, ``fix``, the API) runs documents through the
pipeline, and the pipeline asks this object about every finding before it is
kept or its fix applied, so no verb can report or change what another leaves
alone.
"""

from __future__ import annotations

from bisect import bisect_right

from .config import Config, effective_select, rule_matches
from .markup import Protected, protected_ranges
from .model import Finding
from .suppress import META_CLASS, META_RULES, UNUSED_RULE, Suppressions

# Directives are read in prose and in HTML comments, never in code (a README that
# documents ``mtclean: ignore`` inside a code block does not suppress anything).
DIRECTIVE_KINDS = frozenset({"html-comment"})


class DocumentScope:
    def __init__(self, text: str, path: str) -> None:
        self.protected = protected_ranges(text, path)
        self._starts = [r.start for r in self.protected]
        code = [(r.start, r.end) for r in self.protected if r.kind not in DIRECTIVE_KINDS]
        self.suppressions = Suppressions(text, skip=code)

    def covering(self, start: int, end: int) -> list[Protected]:
        """The protected ranges that overlap ``[start, end)`` (a point: that contain it)."""
        out = []
        i = max(0, bisect_right(self._starts, start) - 1)
        while i < len(self.protected) and self.protected[i].start < max(end, start + 1):
            r = self.protected[i]
            if r.end > start and (r.start < end or (start == end and r.start < start)):
                out.append(r)
            i += 1
        return out

    def keeps(self, finding: Finding, start: int, end: int) -> bool:
        """False for a finding inside (or reaching into) a protected range, or one a directive silences.

        A finding that takes in a protected range whole is kept only when its fix
        deletes it all (a page-chrome line with a link in it) or it has no fix.
        """
        if finding.rule == UNUSED_RULE:
            return True
        for r in self.covering(start, end):
            whole = start <= r.start and r.end <= end and start < end
            deletes = finding.edit is None or finding.edit.replacement.strip() == ""
            if not (whole and deletes):
                return False
        return not self.suppressions.silences(finding, start)

    def unused(self, pipeline_stages: list[object], rules: object, config: Config) -> list[Finding]:
        """MTC001 findings (unused directives) when MTC001 is selected."""
        select = effective_select(config)
        wanted = (not select or any(rule_matches(UNUSED_RULE, META_CLASS, s) for s in select)) and not any(
            rule_matches(UNUSED_RULE, META_CLASS, s) for s in config.ignore
        )
        if not wanted:
            return []
        from .stages import selected  # the stages package imports the pipeline

        ran = {s.name for s in pipeline_stages if getattr(s, "status", "ran") == "ran"}  # type: ignore[attr-defined]
        chosen = selected(rules, config)  # type: ignore[arg-type]
        active = [(r.id, r.cls) for r in chosen if r.stage in ran]
        known = [(r.id, r.cls) for r in rules.rules] + [(rid, META_CLASS) for rid in META_RULES]  # type: ignore[attr-defined]
        return self.suppressions.unused(active, known)
