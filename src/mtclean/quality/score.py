"""Corpus BLEU, chrF and TER through sacrebleu, and what cleaning did segment by segment.

The corpus figures are computed by sacrebleu's own metric objects with their
default settings, the settings its command line uses, and are printed in its
format with its signatures: a figure from ``mtclean score`` can be compared with
any published sacrebleu figure. Sentence-level changes use chrF, because
sentence BLEU on a one-word edit is mostly smoothing noise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sacrebleu.metrics import BLEU, CHRF, TER

METRICS: tuple[str, ...] = ("bleu", "chrf", "ter")


@dataclass
class CorpusScore:
    metric: str  # "bleu" | "chrf" | "ter"
    name: str  # sacrebleu's name: BLEU, chrF2, TER
    score: float
    signature: str
    verbose: str  # BLEU's n-gram precisions and brevity penalty; "" for the others
    text: str  # the line sacrebleu's text output would print

    def as_dict(self, width: int) -> dict[str, Any]:
        return {
            "metric": self.metric,
            "name": self.name,
            "score": float(f"{self.score:.{width}f}"),  # as sacrebleu prints it
            "exact": self.score,
            "signature": self.signature,
            "verbose": self.verbose,
        }


def _metric(name: str) -> BLEU | CHRF | TER:
    return {"bleu": BLEU, "chrf": CHRF, "ter": TER}[name]()


def corpus_scores(
    hyps: Sequence[str], refs: Sequence[Sequence[str]], metrics: Sequence[str] = METRICS, width: int = 1
) -> list[CorpusScore]:
    """``refs`` is a list of reference streams, each as long as ``hyps``."""
    out = []
    for name in metrics:
        metric = _metric(name)
        result = metric.corpus_score(list(hyps), [list(r) for r in refs])
        signature = str(metric.get_signature())
        verbose = ""
        if name == "bleu":
            verbose = result.format(width=width, score_only=False).split(" = ", 1)[1].split(" ", 1)[1]
        out.append(
            CorpusScore(name, result.name, result.score, signature, verbose, result.format(width=width, signature=signature))
        )
    return out


@dataclass
class SegmentChange:
    line: int  # 1-based
    before: str
    after: str
    chrf_before: float
    chrf_after: float
    ter_before: float
    ter_after: float

    @property
    def delta(self) -> float:
        return self.chrf_after - self.chrf_before

    def as_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "before": self.before,
            "after": self.after,
            "chrf_before": round(self.chrf_before, 2),
            "chrf_after": round(self.chrf_after, 2),
            "chrf_delta": round(self.delta, 2),
            "ter_before": round(self.ter_before, 2),
            "ter_after": round(self.ter_after, 2),
        }


@dataclass
class SegmentDeltas:
    total: int
    better: int = 0
    worse: int = 0
    unchanged: int = 0  # includes every segment cleaning did not touch
    changes: list[SegmentChange] = field(default_factory=list)

    def worst(self, n: int) -> list[SegmentChange]:
        regressions = [c for c in self.changes if c.delta < 0]
        return sorted(regressions, key=lambda c: (c.delta, c.line))[:n]

    def as_dict(self, worst: int) -> dict[str, Any]:
        return {
            "segments": self.total,
            "edited": len(self.changes),
            "better": self.better,
            "worse": self.worse,
            "unchanged": self.unchanged,
            "worst": [c.as_dict() for c in self.worst(worst)],
        }


def segment_deltas(before: Sequence[str], after: Sequence[str], refs: Sequence[Sequence[str]]) -> SegmentDeltas:
    """Sentence chrF (and TER) before and after, for the segments cleaning changed."""
    chrf, ter = CHRF(), TER()
    deltas = SegmentDeltas(total=len(before))
    for i, (b, a) in enumerate(zip(before, after)):
        if a == b:
            deltas.unchanged += 1
            continue
        seg_refs = [r[i] for r in refs]
        change = SegmentChange(
            i + 1,
            b,
            a,
            chrf.sentence_score(b, seg_refs).score,
            chrf.sentence_score(a, seg_refs).score,
            ter.sentence_score(b, seg_refs).score,
            ter.sentence_score(a, seg_refs).score,
        )
        deltas.changes.append(change)
        if change.delta > 0:
            deltas.better += 1
        elif change.delta < 0:
            deltas.worse += 1
        else:
            deltas.unchanged += 1
    return deltas
