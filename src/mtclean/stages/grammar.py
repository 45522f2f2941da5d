"""The ``grammar`` stage: LanguageTool's findings inside mtclean's pipeline.

It has no YAML rules: its findings carry LanguageTool's rule ids (``LT:EN_A_VS_AN``).
LanguageTool is reached lazily, on the first text, so building a pipeline costs
nothing; where it cannot be reached the stage reports why in ``status`` and
returns no findings, and the run goes on. Its replacements are suggestions, unless
the rule id is listed in ``grammar.safe_fixes`` (applied) or ``grammar.unsafe_fixes``
(applied with ``--unsafe-fixes``); mtclean's defaults for both are in lt_profile.py.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from ..lazy import lazy_import

lt = lazy_import("mtclean.languagetool")  # the client and its HTTP stack load when a text reaches the stage
from ..config import Config, rule_matches
from ..model import Edit, Finding
from ..pipeline import Context, Stage
from ..source.context import segment_source

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
        self._broken = False  # set up here but not working: a failure even in auto mode
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
            if mode == "auto" and not self._broken:
                return f"skipped: {self._why_not}; {self.settings.ENABLE_HINT}"
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
                refused = self.settings.refused_at_once() if self._connect is None else None
                try:
                    if refused is not None:
                        self._why_not = refused
                    else:
                        self._conn = (self._connect or lt.connect)(self.settings, mother or None)
                except lt.Unavailable as exc:
                    self._why_not = str(exc)
                    self._broken = isinstance(exc, lt.Broken)
                self._resolved = True
            return None if self._stopped else self._conn

    def close(self) -> None:
        """The run is over: a LanguageTool server this stage's connection started is stopped."""
        with self._lock:
            conn = self._conn
        if conn is not None and conn.server is not None:
            lt.release(conn)

    # ------------------------------------------------------------ checking
    def candidates(self, texts: list[str], ctx: Context) -> set[int] | None:
        """``--lines``: no segment when no LanguageTool answers (off, or skipped), so the
        stage costs nothing per segment then. The connection is settled here as ``check``
        would settle it on the first segment that is not blank (and not at all when every
        one is blank), so the stage's status reads the same."""
        if not any(t.strip() for t in texts):
            return set()
        return set() if self._connection() is None else None

    def check(self, text: str, ctx: Context) -> list[Finding]:
        if not text.strip():
            return []
        conn = self._connection()
        if conn is None:
            return []
        pieces = [(offset, piece) for offset, piece in lt.chunks(text, conn.max_chars) if piece.strip()]
        if len(pieces) > 1 and conn.concurrency > 1:
            # A long text's chunks go out side by side; the connection's own limit bounds
            # the requests in flight across every file of the run.
            with ThreadPoolExecutor(min(conn.concurrency, len(pieces)), thread_name_prefix="languagetool") as pool:
                answers = list(pool.map(lambda piece: self._ask(conn, piece[1], ctx), pieces))
        else:
            # source-aware runs: a whole segment goes with its German source (LanguageTool's bitext rules)
            source = segment_source() if len(pieces) == 1 and pieces[0][1] == text else None
            answers = [self._ask(conn, piece, ctx, source) for _, piece in pieces]
        findings: list[Finding] = []
        for (offset, _), matches in zip(pieces, answers):
            findings.extend(self._finding(m, offset) for m in matches or [] if self._wanted(m))
        return findings

    def _ask(self, conn: lt.Connection, piece: str, ctx: Context, source: str | None = None) -> list[lt.Match] | None:
        """One chunk's matches, or None when the request failed (recorded for the status)."""
        if self._stopped:
            return None
        with self._lock:
            self._requests += 1
        try:
            return conn.check(piece, source) if source else conn.check(piece)
        except lt.RequestFailed as exc:
            with self._lock:
                self._failures.append(f"{ctx.path}: {exc}")
                if exc.fatal and not self._stopped:
                    self._stopped = str(exc)
            return None

    def _wanted(self, m: lt.Match) -> bool:
        rid = PREFIX + m.rule_id
        if self.config.select and not any(rule_matches(rid, "grammar", s) for s in self.config.select):
            return False
        return not any(rule_matches(rid, "grammar", s) for s in self.config.ignore)

    def _finding(self, m: lt.Match, offset: int) -> Finding:
        rid = PREFIX + m.rule_id
        start, end = offset + m.start, offset + m.end
        first = m.replacements[0] if m.replacements else None
        fix = "none"
        if first is not None:
            if m.rule_id in self.settings.safe_fixes or rid in self.settings.safe_fixes:
                fix = "safe"
            elif m.rule_id in self.settings.unsafe_fixes or rid in self.settings.unsafe_fixes:
                fix = "unsafe"
        f = Finding(
            rule=rid,
            cls="grammar",
            severity=_SEVERITY.get(m.issue_type, "info"),
            start=start,
            end=end,
            message=m.message,
            fix=fix,
            suggestion=first,
            edit=Edit(start, end, first) if fix != "none" and first is not None else None,
            priority=-1,  # a rule stage's own fix wins a clash
            stage=self.name,
        )
        f.extra["category"] = m.category
        if m.issue_type:
            f.extra["issue_type"] = m.issue_type
        return f

    # ------------------------------------------------------------ merging
    def merge(self, mine: list[Finding], earlier: list[Finding]) -> list[Finding]:
        """One finding per place: a LanguageTool finding that competes with an earlier rule's
        finding (same or crossing span, see ``competes``) is folded into it, the better of the two
        kept and the other named under ``also``. mtclean's rule is kept unless it only flags and
        LanguageTool has a fix or a suggestion for the place; an applied fix is always kept.
        A small finding inside a much larger one (a word inside a flagged clause) is not a
        competitor: both say something different."""
        kept = []
        for f in mine:
            rivals = [e for e in earlier if competes(f, e)]
            if not rivals:
                kept.append(f)
                continue
            if any(e.applied or e.suggestion is not None or f.suggestion is None for e in rivals):
                for e in rivals[:1]:
                    e.extra.setdefault("also", []).append(f.rule)
                continue
            for e in rivals:  # flags only, and LanguageTool offers a fix: it replaces them
                earlier.remove(e)
                f.extra.setdefault("also", []).append(e.rule)
            kept.append(f)
        return kept


def competes(a: Finding, b: Finding) -> bool:
    """Two findings about the same place: their spans overlap and neither is a small part of
    a much larger one (overlap at least half the longer span), or they cross."""
    if a.start == a.end or b.start == b.end:
        return a.start == b.start and a.end == b.end
    overlap = min(a.end, b.end) - max(a.start, b.start)
    if overlap <= 0:
        return False
    nested = (a.start <= b.start and b.end <= a.end) or (b.start <= a.start and a.end <= b.end)
    return not nested or 2 * overlap >= max(a.end - a.start, b.end - b.start)
