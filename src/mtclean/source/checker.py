"""Running the selected source rules over a file's segment pairs.

Pair checks see one (source, target) pair; file checks (consistency, the term base)
see them all. Every finding is a ``model.Finding`` in the TARGET's segment coordinates
with the source span, the segment number and the pair check's detail in ``extra``;
the caller moves it into file coordinates.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..model import Finding
from ..rules import Rule
from .checks import CHECKS, Hit, kept_names
from .glossary import Glossary


@dataclass
class Pair:
    """One segment: the German source and the English target, as the file holds them."""

    source: str
    target: str


def _finding(rule: Rule, hit: Hit, pair: Pair, index: int) -> Finding:
    return Finding(
        rule=rule.id,
        cls=rule.cls,
        severity=rule.severity,
        start=hit.start,
        end=hit.end,
        message=f"{rule.message} {hit.detail}".strip(),
        fix="none",
        suggestion=rule.suggestion,
        text=pair.target[hit.start : hit.end],
        stage="source",
        extra={
            "segment": index + 1,
            "source_start": hit.src_start,
            "source_end": hit.src_end,
            "source_text": pair.source[hit.src_start : hit.src_end],
        },
    )


def check_pairs(pairs: list[Pair], rules: list[Rule], glossary: Glossary | None = None) -> list[list[Finding]]:
    """Findings per segment (segment coordinates), for the given source rules."""
    out: list[list[Finding]] = [[] for _ in pairs]
    pair_rules = [r for r in rules if r.kind == "source" and r.params.get("check") in CHECKS]
    names = kept_names([(p.source, p.target) for p in pairs]) if any(
        r.params.get("check") == "clause-missing" for r in pair_rules) else set()
    reported: set[tuple[str, str]] = set()
    for i, pair in enumerate(pairs):
        if not pair.source.strip() or not pair.target.strip():
            continue
        for rule in pair_rules:
            params = dict(rule.params.get("options") or {})
            params.setdefault("names", names)
            for hit in CHECKS[rule.params["check"]](pair.source, pair.target, params):
                # `once: true`: one decision a translator made for the whole file ("Rakoczi" for
                # "Rakoczy") is reported where it first appears, not in every segment
                if params.get("once"):
                    if (rule.id, hit.detail) in reported:
                        continue
                    reported.add((rule.id, hit.detail))
                out[i].append(_finding(rule, hit, pair, i))
    by_check = {r.params.get("check"): r for r in rules if r.kind == "source"}
    if "source-consistency" in by_check or "target-consistency" in by_check:
        for i, hit in _consistency(pairs, "source-consistency" in by_check, "target-consistency" in by_check):
            rule = by_check[hit.detail.split("|", 1)[0]]
            hit.detail = hit.detail.split("|", 1)[1]
            out[i].append(_finding(rule, hit, pairs[i], i))
    if glossary is not None:
        for i, pair in enumerate(pairs):
            for kind, hit in glossary.check(pair.source, pair.target):
                rule = by_check.get(kind)
                if rule is not None:
                    out[i].append(_finding(rule, hit, pair, i))
    for found in out:
        found.sort(key=lambda f: (f.start, f.end, f.rule))
    return out


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _consistency(pairs: list[Pair], by_source: bool, by_target: bool) -> list[tuple[int, Hit]]:
    """One source translated two ways, one target given to two sources: each later occurrence."""
    hits: list[tuple[int, Hit]] = []
    for side, wanted in (("source", by_source), ("target", by_target)):
        if not wanted:
            continue
        groups: dict[str, list[int]] = defaultdict(list)
        for i, p in enumerate(pairs):
            this = p.source if side == "source" else p.target
            if len(this.split()) >= 3 and p.source.strip() and p.target.strip():
                groups[_key(this)].append(i)
        for idx in groups.values():
            other = "target" if side == "source" else "source"
            first: dict[str, int] = {}
            for i in idx:
                first.setdefault(_key(getattr(pairs[i], other)), i)
            if len(first) < 2:
                continue
            if side == "target" and len({tuple(sorted(_key(k).split())) for k in first}) < 2:
                continue  # the sources only reorder the same words: one translation is right for both
            seen_first = next(iter(first.values()))
            for i in sorted(first.values())[1:]:
                p = pairs[i]
                t = p.target.strip()
                s = p.source.strip()
                ts = p.target.find(t)
                ss = p.source.find(s)
                if side == "source":
                    detail = f"source-consistency|segment {seen_first + 1} translates the same source differently"
                else:
                    detail = f"target-consistency|segment {seen_first + 1} has this translation for another source"
                hits.append((i, Hit(ts, ts + len(t), ss, ss + len(s), detail)))
    return hits
