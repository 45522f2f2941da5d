"""Judging rule edits by what professional post-editors did to the same MT.

For every edit the pipeline applies to an MT segment we look at the words it
touched in the word alignment of that MT with its post-edit (PE):

- agree: the post-editor changed those words, and to what the rule produced;
- partly: the post-editor changed them, but to something else;
- contradict: the post-editor kept the words the rule changed.

Precision is agree / edits. Flags (findings without an applied fix) are judged
the same way, but only as "the post-editor changed the flagged words" or not.
Corpus TER and chrF of the MT and of the cleaned MT against the PE (and a
reference, if given) show the net effect.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..config import Config
from ..model import Edit, FileResult, Finding
from ..rules import RuleSet
from .align import Alignment, tokenize
from .corpus import clean_segments
from .score import CorpusScore, corpus_scores

VERDICTS: tuple[str, ...] = ("agree", "partly", "contradict")
SCHEMA = "mtclean-eval/1"
_SPACE = re.compile(r"\s+")


@dataclass
class Judged:
    """One rule finding judged against the post-edit, with the words involved."""

    line: int
    rule: str
    cls: str
    fix: str
    verdict: str  # agree | partly | contradict for edits; changed | kept for flags
    mt: str  # the MT words around the finding
    cleaned: str  # the same words after the edit ("" stays "" for a deletion)
    pe: str  # what the post-editor wrote there
    src: str | None = None

    def as_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "line": self.line,
            "rule": self.rule,
            "verdict": self.verdict,
            "mt": self.mt,
            "cleaned": self.cleaned,
            "pe": self.pe,
        }
        if self.src is not None:
            d["src"] = self.src
        return d


@dataclass
class RuleTally:
    rule: str
    cls: str
    fix: str
    agree: int = 0
    partly: int = 0
    contradict: int = 0
    flags: int = 0
    flags_changed: int = 0

    @property
    def edits(self) -> int:
        return self.agree + self.partly + self.contradict

    def add(self, j: Judged) -> None:
        if j.verdict in VERDICTS:
            setattr(self, j.verdict, getattr(self, j.verdict) + 1)
        else:
            self.flags += 1
            self.flags_changed += j.verdict == "changed"

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "class": self.cls,
            "fix": self.fix,
            "edits": self.edits,
            "agree": self.agree,
            "partly": self.partly,
            "contradict": self.contradict,
            "precision": _ratio(self.agree, self.edits),
            "flags": self.flags,
            "flags_changed": self.flags_changed,
            "flag_precision": _ratio(self.flags_changed, self.flags),
        }


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


@dataclass
class Evaluation:
    segments: int
    segments_changed: int
    judged: list[Judged]
    rules: list[RuleTally]
    scores: dict[str, dict[str, list[CorpusScore]]]  # "pe"/"ref" -> "before"/"after" -> [TER, chrF]
    inputs: dict[str, Any] = field(default_factory=dict)

    def overall(self) -> RuleTally:
        total = RuleTally("*", "*", "*")
        for r in self.rules:
            for name in ("agree", "partly", "contradict", "flags", "flags_changed"):
                setattr(total, name, getattr(total, name) + getattr(r, name))
        return total

    def most_contradicted(self, n: int = 3) -> list[RuleTally]:
        hit = [r for r in self.rules if r.contradict]
        return sorted(hit, key=lambda r: (-r.contradict, r.rule))[:n]

    def as_dict(self, version: str, signature: str) -> dict[str, Any]:
        overall = self.overall().as_dict()
        for key in ("rule", "class", "fix"):
            overall.pop(key)
        return {
            "schema": SCHEMA,
            "version": version,
            "signature": signature,
            "inputs": self.inputs,
            "segments": self.segments,
            "segments_changed": self.segments_changed,
            "scores": {
                against: {when: {s.metric: s.as_dict(2) for s in scores} for when, scores in by_when.items()}
                for against, by_when in self.scores.items()
            },
            "overall": overall,
            "most_contradicted": [r.rule for r in self.most_contradicted()],
            "rules": [r.as_dict() for r in self.rules],
            "findings": [j.as_dict() for j in self.judged],
        }


def _tokens(text: str) -> list[str]:
    return [t.text for t in tokenize(text)]


def judge_edit(al: Alignment, edit: Edit) -> tuple[str, str, str, str]:
    """(verdict, MT words, cleaned words, PE words) for one applied edit (MT coordinates)."""
    i1, i2 = al.mt_token_range(edit.start, edit.end)
    a, b, j1, j2 = al.window(i1, i2)
    ws, we = al.mt_chars(a, b)
    ws, we = min(ws, edit.start), max(we, edit.end)
    mt = al.mt[ws:we]
    cleaned = al.mt[ws : edit.start] + edit.replacement + al.mt[edit.end : we]
    pe = al.pe_text(j1, j2)
    if _tokens(mt) == _tokens(cleaned):
        # A spacing-only edit: the words are the same, so compare the spacing.
        mt_s, cl_s, pe_s = (_SPACE.sub(" ", x).strip() for x in (mt, cleaned, pe))
        verdict = "agree" if cl_s == pe_s else "contradict" if mt_s == pe_s else "partly"
    elif _tokens(cleaned) == _tokens(pe):
        verdict = "agree"
    elif _tokens(mt) == _tokens(pe):
        verdict = "contradict"
    else:
        verdict = "partly"
    return verdict, mt.strip(), cleaned.strip(), pe


def judge_flag(al: Alignment, f: Finding) -> tuple[str, str, str]:
    i1, i2 = al.mt_token_range(f.start, f.end)
    a, b, j1, j2 = al.window(i1, i2)
    mt, pe = al.mt_text(a, b), al.pe_text(j1, j2)
    return ("kept" if _tokens(mt) == _tokens(pe) else "changed"), mt, pe


def _edit_of(f: Finding, edits: list[Edit]) -> Edit | None:
    """The applied edit (original coordinates) that carries this finding's fix: the one
    overlapping its span most, else one touching it (an insertion at its edge).

    The pipeline merges edits that touch each other, so several findings may
    share one edit; each is judged by the edit as applied."""
    best, best_overlap = None, 0
    for e in edits:
        overlap = min(e.end, f.end) - max(e.start, f.start)
        if overlap > best_overlap:
            best, best_overlap = e, overlap
    if best is not None:
        return best
    for e in edits:
        if e.start <= f.end and f.start <= e.end:
            return e
    return None


def judge_segment(line: int, result: FileResult, pe: str, src: str | None = None) -> list[Judged]:
    al = Alignment(result.original, pe)
    out: list[Judged] = []
    for f in result.findings:
        edit = _edit_of(f, result.edits) if f.applied else None
        if edit is not None:
            verdict, mt, cleaned, pe_words = judge_edit(al, edit)
        else:
            verdict, mt, pe_words = judge_flag(al, f)
            cleaned = mt
        out.append(Judged(line, f.rule, f.cls, f.fix, verdict, mt, cleaned, pe_words, src))
    return out


def evaluate(
    mt: Sequence[str],
    pe: Sequence[str],
    config: Config,
    rules: RuleSet,
    ref: Sequence[str] | None = None,
    src: Sequence[str] | None = None,
) -> Evaluation:
    """Clean every MT segment, judge each finding against the PE, score before and after."""
    cleaned = clean_segments(mt, config, rules, "mt")
    judged: list[Judged] = []
    for i, (result, pe_seg) in enumerate(zip(cleaned.results, pe)):
        judged.extend(judge_segment(i + 1, result, pe_seg, src[i] if src is not None else None))
    tallies: dict[str, RuleTally] = {}
    for j in judged:
        tallies.setdefault(j.rule, RuleTally(j.rule, j.cls, j.fix)).add(j)
    scores: dict[str, dict[str, list[CorpusScore]]] = {}
    for against, refs in (("pe", pe), ("ref", ref)):
        if refs is None:
            continue
        scores[against] = {
            "before": corpus_scores(mt, [refs], ("ter", "chrf"), width=2),
            "after": corpus_scores(cleaned.segments, [refs], ("ter", "chrf"), width=2),
        }
    changed = sum(a != b for a, b in zip(mt, cleaned.segments))
    return Evaluation(len(mt), changed, judged, sorted(tallies.values(), key=lambda t: t.rule), scores)
