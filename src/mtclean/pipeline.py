"""The pipeline: an ordered list of stages, each applied to the output of the last.

Data flows one way. A stage sees the current text and returns findings; the
fixes it may apply are applied (non-overlapping, highest priority first) before
the next stage runs; every finding is moved into original coordinates at once.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from .config import Config
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


class Pipeline:
    def __init__(self, stages: Sequence[Stage], config: Config, rules: RuleSet, keep: Keep | None = None) -> None:
        self.stages = list(stages)
        self.config = config
        self.rules = rules
        self.keep = keep

    def run(self, text: str, path: str = "<text>") -> FileResult:
        if not self.config.lines:
            findings, edits, cleaned = self._run_text(text, path)
            return FileResult(path, text, cleaned, findings, edits)
        findings: list[Finding] = []
        edits: list[Edit] = []
        out: list[str] = []
        offset = 0
        for line in text.splitlines(keepends=True):
            body = line.rstrip("\r\n")
            ending = line[len(body) :]
            f, e, cleaned = self._run_text(body, path, whole=text, offset=offset)
            for x in f:
                x.start += offset
                x.end += offset
            findings.extend(f)
            edits.extend(Edit(x.start + offset, x.end + offset, x.replacement) for x in e)
            out.append(cleaned + ending)
            offset += len(line)
        return FileResult(path, text, "".join(out), findings, edits)

    def _run_text(
        self, text: str, path: str, whole: str | None = None, offset: int = 0
    ) -> tuple[list[Finding], list[Edit], str]:
        ctx = Context(self.config, self.rules, path)
        log = EditLog(text)
        everything: list[Finding] = []
        for stage in self.stages:
            current = log.current
            found = stage.check(current, ctx)
            kept: list[Finding] = []
            for f in found:
                f.stage = f.stage or stage.name
                ostart, oend = log.to_original(f.start, f.end)
                f.start, f.end, f.text = ostart, oend, text[ostart:oend]
                if self.keep is None or self.keep(f, whole if whole is not None else text, offset):
                    kept.append(f)
            merge = getattr(stage, "merge", None)  # a stage may fold its duplicates into earlier findings
            if merge is not None:
                kept = merge(kept, everything)
            chosen = choose_edits(kept, self.config)
            if chosen:
                log.apply([f.edit for f in chosen if f.edit])
                for f in chosen:
                    f.applied = True
            everything.extend(kept)
        everything.sort(key=lambda f: (f.start, f.end, f.rule))
        return everything, list(log.edits), log.current
