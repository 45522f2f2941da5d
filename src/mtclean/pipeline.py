"""The pipeline: an ordered list of stages, each applied to the output of the last.

Data flows one way. A stage sees the current text and returns findings; the
fixes it may apply are applied (non-overlapping, highest priority first) before
the next stage runs; every finding is moved into original coordinates at once.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, chain, islice
from typing import Any, Protocol

from .config import Config
from .guarded import file_budget
from .lowercase import lowered
from .model import Edit, FileResult, Finding
from .offsets import EditLog
from .rules import RuleSet


@dataclass
class Context:
    """What a stage may know besides the text: the run's config and rules, and a
    per-document cache so expensive layers (tokens, sentences) are built once."""

    config: Config
    rules: RuleSet
    path: str = "<text>"
    cache: dict[str, Any] = field(default_factory=dict)

    @property
    def markdown(self) -> bool:
        return self.path.lower().endswith((".md", ".markdown"))


class Stage(Protocol):
    name: str

    def check(self, text: str, ctx: Context) -> list[Finding]:
        """Findings in ``text``'s coordinates; those with a fix carry an ``edit``."""
        ...


def _segments(text: str) -> Iterator[tuple[str, str, int]]:
    """``--lines``: each line of ``text`` as (body, line ending, offset in text), one at a time.

    Lines end at "\n" only: str.splitlines() also splits at \x0b, \x0c, \x85 and
    U+2028, which the encoding stage may remove, joining two segments on a second run.
    """
    offset = 0
    while offset < len(text):
        nl = text.find("\n", offset)
        end = len(text) if nl < 0 else nl + 1
        line = text[offset:end]
        body = line.rstrip("\r\n")
        yield body, line[len(body) :], offset
        offset = end


def segment_starts(texts: Sequence[str]) -> list[int]:
    """Where each of ``texts`` starts in ``"\n".join(texts)``: a whole-file pass over
    --lines segments maps its hits back to segments with these (bisect)."""
    # (in C: each length plus one for the line break, summed up)
    starts = list(accumulate(map((1).__add__, map(len, texts)), initial=0))
    starts.pop()
    return starts


def joined_lower(texts: Sequence[str], joined: str) -> str:
    """Each segment's ``Doc.lower`` (its lowercase, or itself where that changes its
    length), joined by line breaks as ``joined`` (the segments joined) is: a whole-file
    scan for lowercase words then finds what it would find in each segment. Lowercasing
    goes character by character (a final sigma looks only at letters, and a line break is
    none), so the joined text is lowered at once unless some character lowers to two."""
    low = lowered(joined)
    if len(low) == len(joined):
        return low
    out = []
    for t in texts:
        one = lowered(t)
        out.append(one if len(one) == len(t) else t)
    return "\n".join(out)


def segments_hit(starts: list[int], positions: Iterable[int]) -> set[int]:
    """The segments (indices into ``starts``) that hold the given offsets of the joined text."""
    return {bisect_right(starts, p) - 1 for p in positions}


# (finding in original coordinates, the whole original text, offset of this segment) -> keep it?
Keep = Callable[[Finding, str, int], bool]


def applicable(finding: Finding, config: Config) -> bool:
    if finding.edit is None:
        return False
    return finding.fix == "safe" or (finding.fix == "unsafe" and config.unsafe_fixes)


def choose_edits(findings: Sequence[Finding], config: Config) -> list[Finding]:
    """The fixes to apply: highest priority first, then earliest, then longest; no overlaps."""
    candidates = [f for f in findings if applicable(f, config)]
    candidates.sort(key=lambda f: (-f.priority, f.edit.start, -(f.edit.end - f.edit.start)))  # type: ignore[union-attr]
    chosen: list[Finding] = []
    # Chosen edits never clash with each other, so they sort into a strict order and a
    # new edit need only be compared with its neighbours there (no quadratic scan).
    placed: list[Edit] = []
    for f in candidates:
        e = f.edit
        assert e is not None
        if config.lines and ("\n" in e.replacement or "\r" in e.replacement):
            continue
        i = bisect_left(placed, e)
        if any(_clash(e, placed[j]) for j in range(max(0, i - 1), min(len(placed), i + 2))):
            continue
        placed.insert(i, e)
        chosen.append(f)
    return chosen


def _clash(a: Edit, b: Edit) -> bool:
    if a.start < b.end and b.start < a.end:
        return True
    # Zero-width edits clash with anything at (or around) their point.
    if a.start == a.end:
        return b.start <= a.start <= b.end
    if b.start == b.end:
        return a.start <= b.start <= a.end
    return False


def _record_fix(f: Finding, log: EditLog, text: str, ostart: int, oend: int) -> None:
    """Where the finding's fix lies in the original, and the text it was made on, when
    either differs from the finding's own span and text.

    ``mtclean apply`` replays a reviewer's accepted fixes from report.json alone: it
    needs each fix's span (a rule may fix less or more than it flags) and, when the fix
    was made on text an earlier stage had already changed, that text, so it can tell
    whether the replayed text still reads the same there.
    """
    e = f.edit
    assert e is not None
    fstart, fend = log.to_original(e.start, e.end)
    base: str | None = log.current[e.start : e.end]
    if base == text[fstart:fend]:
        base = None  # made on the original text itself
    if (fstart, fend) != (ostart, oend) or base is not None:
        # Relative to the finding's start, so moving a finding (a --lines segment, a part
        # of a large file) moves its fix along without knowing of it.
        f.extra["fix"] = (fstart - ostart, fend - ostart, base)


ROUNDS = 10  # runs of one stage on its own output, at most (each only while it still fixes)
LINES_BATCH = 2_000  # --lines: segments cleaned together (memory follows a batch, not the file)


class Pipeline:
    def __init__(self, stages: Sequence[Stage], config: Config, rules: RuleSet, keep: Keep | None = None) -> None:
        self.stages = list(stages)
        self.config = config
        self.rules = rules
        self.keep = keep

    def run(self, text: str, path: str = "<text>") -> FileResult:
        """Clean one document. Its protected ranges (code, link targets; ``markup``) and
        inline directives (``suppress``) act here, so every caller honours them."""
        # Users' patterns share one time budget for the whole file (guarded.py).
        with file_budget(len(text)):
            return self._run(text, path)

    def _run(self, text: str, path: str) -> FileResult:
        from .scope import DocumentScope  # markup parsers load only when a document is cleaned

        scope = DocumentScope(text, path)
        result = self._run_document(text, path, scope)
        unused = scope.unused(self.stages, self.rules, self.config)
        kept = [u for u in unused if self.keep is None or self.keep(u, text, 0)]
        if kept:
            result.findings.extend(kept)
            result.findings.sort(key=lambda f: (f.start, f.end, f.rule))
        return result

    def _run_document(self, text: str, path: str, scope: Any) -> FileResult:
        if not self.config.lines:
            findings, edits, cleaned = self._run_text(text, path, scope=scope)
            return FileResult(path, text, cleaned, findings, edits)
        return self._run_lines(text, path, scope)

    def _run_lines(
        self, text: str, path: str, scope: Any = None, batch: list[tuple[str, str, int]] | None = None
    ) -> FileResult:
        """``--lines``: every segment goes through the stages on its own, as if it were a
        text, but stage by stage over all segments, so a line-local stage (one with
        ``one_pass``) checks the whole file in one pass and its findings are handed
        to the segments they fall in. Only stages that need a segment's context (its
        sentences, its names, its neighbours in a window) run per segment, and of those a
        stage with ``candidates`` (one test over the whole file naming the segments it
        can find anything in: a sound superset) runs only on the segments it names."""
        if batch is not None:
            segments = batch
        else:
            # Read one batch ahead: a file of more lines goes batch by batch, its lines
            # cut out as each batch is reached (a list of every line of a file of short
            # lines costs several times the file).
            lines = _segments(text)
            segments = list(islice(lines, LINES_BATCH + 1))
            if len(segments) > LINES_BATCH:
                return self._lines_in_batches(text, path, scope, chain(segments, lines))
        n = len(segments)
        bodies = [body for body, _, _ in segments]
        # A segment's state exists only once a stage touches it: most segments are never
        # checked by most stages (one pass, candidates) and most checks find nothing, so
        # the text stands for itself until a stage finds something (then an edit log).
        texts = list(bodies)  # each segment's current text
        ctxs: list[Context | None] = [None] * n
        logs: list[EditLog | None] = [None] * n
        found: list[list[Finding] | None] = [None] * n
        whole = Context(self.config, self.rules, path)  # for the stages' whole-file passes
        tidy_seen: list[tuple[int, list[str]]] = []  # tidying stage -> the texts it left
        for i, stage in enumerate(self.stages):
            one_pass = getattr(stage, "one_pass", None)
            first = one_pass(texts, whole) if one_pass is not None and n > 1 else None
            todo: Iterable[int]
            if first is not None:
                # A segment the one pass found nothing in goes through _settle for nothing.
                todo = [k for k in range(n) if first[k]]
            elif n > 1 and (candidates := getattr(stage, "candidates", None)) is not None:
                # ... nor one that the stage's own whole-file test rules out.
                maybe = candidates(texts, whole)
                todo = range(n) if maybe is None else sorted(maybe)
            else:
                todo = range(n)
            for k in todo:
                log = logs[k]
                ctx = ctxs[k]
                if ctx is None:
                    ctx = ctxs[k] = Context(self.config, self.rules, path)
                if first is not None:
                    hits: list[Finding] | None = first[k]
                elif log is None:
                    hits = stage.check(texts[k], ctx)  # (the usual case: nothing)
                    if not hits:
                        continue
                else:
                    hits = None  # _settle asks the stage itself
                if log is None:
                    log = logs[k] = EditLog(bodies[k])
                body, _, at = segments[k]
                found[k] = self._settle(
                    stage, ctx, log, body, text, at, found[k] or [], first=True, scope=scope, found=hits
                )
                texts[k] = log.current
            if getattr(stage, "tidy", False):
                tidy_seen.append((i, list(texts)))
        findings: list[Finding] = []
        edits: list[Edit] = []
        out: list[str] = []
        for k, (body, ending, at) in enumerate(segments):
            log = logs[k]
            everything = found[k] or []
            for i, seen in tidy_seen:
                # A tidying stage (white space) runs once more where later stages changed
                # the text after it.
                if texts[k] != seen[k]:
                    assert log is not None
                    ctx = ctxs[k]
                    assert ctx is not None
                    everything = self._settle(
                        self.stages[i], ctx, log, body, text, at, everything, first=False, scope=scope
                    )
                    texts[k] = log.current
            if everything:
                everything.sort(key=lambda f: (f.start, f.end, f.rule))
                for x in everything:
                    x.start += at
                    x.end += at
                findings.extend(everything)
            if log is None:
                out.append(body + ending)
                continue
            edits.extend(Edit(x.start + at, x.end + at, x.replacement) for x in log.edits)
            out.append(log.current + ending)
        return FileResult(path, text, "".join(out), findings, edits)

    def _lines_in_batches(
        self, text: str, path: str, scope: Any, segments: Iterator[tuple[str, str, int]]
    ) -> FileResult:
        """``--lines`` on more than ``LINES_BATCH`` segments: batch by batch, so what a
        segment needs while it is cleaned (its context, edit log and findings so far)
        exists for one batch at a time, not for every line of the file. Segments are
        cleaned on their own either way: the result is the same."""
        findings: list[Finding] = []
        edits: list[Edit] = []
        out: list[str] = []
        while batch := list(islice(segments, LINES_BATCH)):
            part = self._run_lines(text, path, scope, batch=batch)
            findings.extend(part.findings)
            edits.extend(part.edits)
            out.append(part.cleaned)
        return FileResult(path, text, "".join(out), findings, edits)

    def _check(
        self, stage: Stage, ctx: Context, log: EditLog, text: str, whole: str | None, offset: int,
        scope: Any = None, found: list[Finding] | None = None,
    ) -> list[Finding]:
        """The stage's findings on the current text (``found``: already made by its one pass),
        moved to original coordinates, minus suppressed ones."""
        kept: list[Finding] = []
        for f in stage.check(log.current, ctx) if found is None else found:
            f.stage = f.stage or stage.name
            ostart, oend = log.to_original(f.start, f.end)
            if f.edit is not None:
                _record_fix(f, log, text, ostart, oend)
            f.start, f.end, f.text = ostart, oend, text[ostart:oend]
            if scope is not None and not scope.keeps(f, ostart + offset, oend + offset):
                continue
            if self.keep is None or self.keep(f, whole if whole is not None else text, offset):
                kept.append(f)
        return kept

    def _settle(
        self, stage: Stage, ctx: Context, log: EditLog, text: str, whole: str | None, offset: int,
        everything: list[Finding], *, first: bool, scope: Any = None, found: list[Finding] | None = None,
    ) -> list[Finding]:
        """Run a stage, then again on its own output while it still applies fixes.

        A fix can uncover another (removing control characters leaves blank lines;
        removing one credit exposes the next), and cleaning twice must equal cleaning
        once. The first run reports all its findings; later runs only the fixes they
        apply (a fix applied late replaces the same finding left unapplied earlier).
        """
        for round_ in range(ROUNDS):
            kept = self._check(stage, ctx, log, text, whole, offset, scope, found if round_ == 0 else None)
            if not kept:
                break  # nothing found: nothing to merge, apply or report (the usual case per segment)
            if round_:
                # Later rounds only remove or shorten (page chrome uncovered by a removal):
                # a fix that grows the text can never feed on its own output.
                kept = [f for f in kept if f.edit is None or len(f.edit.replacement) < f.edit.end - f.edit.start]
                if not kept:
                    break
            merge = getattr(stage, "merge", None)  # a stage may fold its duplicates into earlier findings
            if merge is not None:
                kept = merge(kept, everything)
            chosen = choose_edits(kept, self.config)
            if chosen:
                log.apply([f.edit for f in chosen if f.edit])
                for f in chosen:
                    f.applied = True
            if first and round_ == 0:
                everything.extend(kept)
            else:
                again = {(f.rule, f.start, f.end) for f in chosen}
                everything = [f for f in everything if f.applied or (f.rule, f.start, f.end) not in again]
                everything.extend(chosen)
            # Only stages whose fixes can uncover more (``settle``) run again on their own output.
            if not chosen or not getattr(stage, "settle", False):
                break
        return everything

    def _run_text(
        self, text: str, path: str, whole: str | None = None, offset: int = 0, scope: Any = None
    ) -> tuple[list[Finding], list[Edit], str]:
        ctx = Context(self.config, self.rules, path)
        log = EditLog(text)
        everything: list[Finding] = []
        tidy_at: dict[int, str] = {}  # tidying stage -> the text it last left
        for i, stage in enumerate(self.stages):
            everything = self._settle(stage, ctx, log, text, whole, offset, everything, first=True, scope=scope)
            if getattr(stage, "tidy", False):
                tidy_at[i] = log.current
        # A tidying stage (white space) runs once more when later stages changed the
        # text after it: removed lines leave blank lines behind that it would fix on
        # the next run otherwise.
        for i, seen in tidy_at.items():
            if log.current != seen:
                everything = self._settle(
                    self.stages[i], ctx, log, text, whole, offset, everything, first=False, scope=scope
                )
        everything.sort(key=lambda f: (f.start, f.end, f.rule))
        return everything, list(log.edits), log.current
