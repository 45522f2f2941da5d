"""The ``grammar`` stage: LanguageTool's findings inside mtclean's pipeline.

It has no YAML rules: its findings carry LanguageTool's rule ids (``LT:EN_A_VS_AN``).
LanguageTool is reached lazily, on the first text, so building a pipeline costs
nothing; where it cannot be reached the stage reports why in ``status`` and
returns no findings, and the run goes on. Its replacements are suggestions only,
unless the rule id is listed in ``grammar.safe_fixes``.
"""

from __future__ import annotations

import threading

from ..lazy import lazy_import

lt = lazy_import("mtclean.languagetool")  # the client and its HTTP stack load when a text reaches the stage
from ..config import Config, rule_matches
from ..model import Edit, Finding
from ..pipeline import Context, Stage

PREFIX = "LT:"
# LanguageTool's issue types (ITS 2.0 localization-quality issue types) -> mtclean severity
_SEVERITY = {"grammar": "warning", "misspelling": "warning", "duplication": "warning", "typographical": "info"}


def build(config: Config) -> list[Stage]:
    """The stage for this run, unless select/ignore leave no LanguageTool finding wanted."""
    if config.select and not any(rule_matches(PREFIX, "grammar", s) or s.startswith(PREFIX) for s in config.select):
        return []
    if any(s in ("grammar", PREFIX) for s in config.ignore):
        return []
    return [GrammarStage(config)]


class GrammarStage:
    """Sends each text (in chunks) to the run's one LanguageTool and turns matches into findings."""

    name = "grammar"

    def __init__(self, config: Config, connect=None) -> None:  # type: ignore[no-untyped-def]
        self.config = config
        self.settings = config.grammar
        self._connect = connect  # None: languagetool.connect, looked up when first needed
        self._lock = threading.Lock()
        self._conn: lt.Connection | None = None
        self._resolved = False
        self._why_not: str | None = None
        self._requests = 0
        self._failures: list[str] = []
        self._stopped: str | None = None
        if self.settings.mode == "off":
            self._resolved = True

    @property
    def concurrency(self) -> int:
        """How many files the runner may check at once: the limit, once a LanguageTool answers."""
        if self.settings.mode == "off" or self._connection() is None:
            return 1
        return max(1, self.settings.concurrency)

    # ------------------------------------------------------------ status
    @property
    def status(self) -> str:
        """What the run report says: ran, skipped/failed (and why, and how to enable it), partial."""
        mode = self.settings.mode
        if mode == "off":
            return "off: grammar mode is 'off'"
        if not self._resolved:
            return "not run: no text reached the stage"
        if self._why_not is not None:
            if mode == "auto":
                return f"skipped: {self._why_not}; {lt.ENABLE_HINT}"
            return f"failed: {self._why_not}"
        if self._failures:
            stopped = f"; stopped asking: {self._stopped}" if self._stopped else ""
            return (
                f"partial: {len(self._failures)} of {self._requests} LanguageTool requests failed "
                f"(first: {self._failures[0]}){stopped}"
            )
        return "ran"

    def _connection(self) -> lt.Connection | None:
        with self._lock:
            if not self._resolved:
                mother = self.settings.mother_tongue
                if mother is None:
                    mother = self.config.source_language
                try:
                    self._conn = (self._connect or lt.connect)(self.settings, mother or None)
                except lt.Unavailable as exc:
                    self._why_not = str(exc)
                self._resolved = True
            return None if self._stopped else self._conn

    # ------------------------------------------------------------ checking
    def check(self, text: str, ctx: Context) -> list[Finding]:
        if not text.strip():
            return []
        conn = self._connection()
        if conn is None:
            return []
        findings: list[Finding] = []
        for offset, piece in lt.chunks(text, conn.max_chars):
            if not piece.strip():
                continue
            if self._stopped:
                break
            with self._lock:
                self._requests += 1
            try:
                matches = conn.check(piece)
            except lt.RequestFailed as exc:
                with self._lock:
                    self._failures.append(f"{ctx.path}: {exc}")
                    if exc.fatal and not self._stopped:
                        self._stopped = str(exc)
                continue
            findings.extend(self._finding(m, offset) for m in matches if self._wanted(m))
        return findings

    def _wanted(self, m: lt.Match) -> bool:
        rid = PREFIX + m.rule_id
        if self.config.select and not any(rule_matches(rid, "grammar", s) for s in self.config.select):
            return False
        return not any(rule_matches(rid, "grammar", s) for s in self.config.ignore)

    def _finding(self, m: lt.Match, offset: int) -> Finding:
        rid = PREFIX + m.rule_id
        start, end = offset + m.start, offset + m.end
        first = m.replacements[0] if m.replacements else None
        safe = first is not None and (rid in self.settings.safe_fixes or m.rule_id in self.settings.safe_fixes)
        f = Finding(
            rule=rid,
            cls="grammar",
            severity=_SEVERITY.get(m.issue_type, "info"),
            start=start,
            end=end,
            message=m.message,
            fix="safe" if safe else "none",
            suggestion=first,
            edit=Edit(start, end, first) if safe and first is not None else None,
            priority=-1,  # a rule stage's own fix wins a clash
            stage=self.name,
        )
        f.extra["category"] = m.category
        if m.issue_type:
            f.extra["issue_type"] = m.issue_type
        return f

    # ------------------------------------------------------------ merging
    def merge(self, mine: list[Finding], earlier: list[Finding]) -> list[Finding]:
        """A LanguageTool finding on exactly the span of an earlier rule finding is not repeated:
        the earlier finding records it under ``also``."""
        by_span: dict[tuple[int, int], Finding] = {}
        for e in earlier:
            by_span.setdefault((e.start, e.end), e)
        kept = []
        for f in mine:
            twin = by_span.get((f.start, f.end))
            if twin is None:
                kept.append(f)
                continue
            twin.extra.setdefault("also", []).append(f.rule)
        return kept
