"""Scoring a run against span-annotated documents (the webmt-dev format).

An editor marked every artifact in a set of documents: a span, a class and the
fix (``""`` deletes, ``null`` when no single-span fix exists). A run is scored
the way a user would judge it:

- **flagged**: some finding of the run overlaps the artifact's span (lenient:
  pointing the reviewer at the right place is what a flag is for);
- **fixed as gold**: the run's applied edits turn the stretch around the
  artifact into exactly what the editor's fix gives (white space collapsed, so
  a removed line and a removed line ending count the same);
- **precision** of applied fixes and of flags: the share that lies on an
  annotated artifact. Edits that only normalise white space or encoding damage
  the editor did not annotate (trailing blanks, runs of blank lines) are
  counted apart as ``layout`` and not judged: the annotation guideline marks MT
  artifacts, not file hygiene.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import MtcleanError
from ..model import Edit, FileResult, Finding

LAYOUT_CLASSES = {"encoding", "whitespace"}


class GoldError(MtcleanError):
    """An annotation file that cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class Artifact:
    doc: str
    start: int
    end: int
    cls: str
    fix: str | None
    text: str | None = None
    note: str = ""
    line: int = 0  # line of the annotation file, for messages


def read_gold(path: Path, skip_notes: Sequence[str] = ()) -> tuple[list[Artifact], list[Artifact]]:
    """Annotations in webmt-dev's ``gold.jsonl`` format: those scored, and those whose
    note starts with one of ``skip_notes`` (metadata a page store added). A skipped
    annotation is neither counted nor used to judge an edit that stays inside it."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(f"{path}: cannot read annotations: {getattr(exc, 'strerror', None) or exc}") from None
    out: list[Artifact] = []
    skipped: list[Artifact] = []
    for n, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldError(f"{path}:{n}: not JSON ({exc.msg})") from None
        if not isinstance(d, dict):
            raise GoldError(f"{path}:{n}: each line must be a JSON object")
        doc, start, end, cls, fix = d.get("doc"), d.get("start"), d.get("end"), d.get("class"), d.get("fix", None)
        if not isinstance(doc, str | int) or isinstance(doc, bool):
            raise GoldError(f"{path}:{n}: 'doc' must name a document")
        if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool) or not 0 <= start <= end:
            raise GoldError(f"{path}:{n}: 'start' and 'end' must be offsets with start <= end")
        if not isinstance(cls, str) or not cls:
            raise GoldError(f"{path}:{n}: 'class' must be a string")
        if fix is not None and not isinstance(fix, str):
            raise GoldError(f"{path}:{n}: 'fix' must be a string or null")
        note = d.get("note") or ""
        if not isinstance(note, str):
            raise GoldError(f"{path}:{n}: 'note' must be a string")
        text = d.get("text")
        a = Artifact(str(doc), start, end, cls, fix, text if isinstance(text, str) else None, note, n)
        (skipped if any(note.startswith(s) for s in skip_notes if s) else out).append(a)
    return out, skipped


def check_against(gold: Iterable[Artifact], doc: str, text: str, gold_path: Path, doc_path: Path) -> None:
    """The annotation's ``text`` must be what its offsets cut from the document:
    otherwise the offsets were counted another way and every figure would be wrong."""
    for a in gold:
        if a.end > len(text):
            raise GoldError(f"{gold_path}:{a.line}: span {a.start}-{a.end} lies beyond the end of {doc_path}")
        if a.text is not None and text[a.start : a.end] != a.text:
            raise GoldError(
                f"{gold_path}:{a.line}: 'text' {a.text!r} is not {doc_path}[{a.start}:{a.end}] "
                f"({text[a.start:a.end]!r}); offsets are code points, newlines untranslated"
            )


def _touches(start: int, end: int, a_start: int, a_end: int) -> bool:
    """Spans overlap; an empty span (an insertion) touches a span it lies inside or at the edge of."""
    if start == end:
        return a_start <= start <= a_end
    if a_start == a_end:
        return start <= a_start <= end
    return start < a_end and a_start < end


def _squash(s: str) -> str:
    return " ".join(s.split())


@dataclass
class DocScore:
    doc: str
    flagged: list[bool] = field(default_factory=list)
    fixed: list[bool] = field(default_factory=list)
    applied_right: list[Finding] = field(default_factory=list)
    applied_wrong: list[Finding] = field(default_factory=list)
    applied_layout: list[Finding] = field(default_factory=list)
    flags_right: list[Finding] = field(default_factory=list)
    flags_wrong: list[Finding] = field(default_factory=list)


def _window(a: Artifact, edits: Sequence[Edit], gold: Sequence[Artifact]) -> tuple[int, int]:
    """The smallest stretch holding the artifact, every edit touching it and every
    artifact touching those, so both sides are compared over the same text."""
    lo, hi = a.start, a.end
    while True:
        nlo, nhi = lo, hi
        for e in edits:
            if _touches(e.start, e.end, lo, hi):
                nlo, nhi = min(nlo, e.start), max(nhi, e.end)
        for g in gold:
            if _touches(g.start, g.end, nlo, nhi) and g.start != g.end:
                nlo, nhi = min(nlo, g.start), max(nhi, g.end)
        if (nlo, nhi) == (lo, hi):
            return lo, hi
        lo, hi = nlo, nhi


def _apply(text: str, lo: int, hi: int, changes: Sequence[tuple[int, int, str]]) -> str:
    out, at = [], lo
    for s, e, r in sorted(changes):
        out.append(text[at:s])
        out.append(r)
        at = e
    out.append(text[at:hi])
    return "".join(out)


def _fixed_as_gold(a: Artifact, text: str, edits: Sequence[Edit], gold: Sequence[Artifact]) -> bool:
    if a.fix is None:
        return False
    lo, hi = _window(a, edits, gold)
    inside = [e for e in edits if lo <= e.start and e.end <= hi]
    if not any(_touches(e.start, e.end, a.start, a.end) for e in inside):
        return False
    golds = [g for g in gold if lo <= g.start and g.end <= hi]
    if any(g.fix is None for g in golds):
        return False
    expected = _apply(text, lo, hi, [(g.start, g.end, g.fix or "") for g in golds])
    got = _apply(text, lo, hi, [(e.start, e.end, e.replacement) for e in inside])
    return _squash(expected) == _squash(got)


def _only_layout(f: Finding, result: FileResult) -> bool:
    """An applied encoding or white-space edit: file hygiene, not an MT artifact."""
    return f.cls in LAYOUT_CLASSES


def score_doc(
    doc: str, result: FileResult, gold: Sequence[Artifact], skipped: Sequence[Artifact] = ()
) -> DocScore:
    sc = DocScore(doc)
    findings = [
        f for f in result.findings
        if f.cls != "meta" and not any(s.start <= f.start and f.end <= s.end for s in skipped)
    ]
    for a in gold:
        sc.flagged.append(any(_touches(f.start, f.end, a.start, a.end) for f in findings))
        sc.fixed.append(_fixed_as_gold(a, result.original, result.edits, gold))
    for f in findings:
        on_gold = any(_touches(f.start, f.end, a.start, a.end) for a in gold)
        if f.applied:
            if on_gold:
                sc.applied_right.append(f)
            elif _only_layout(f, result):
                sc.applied_layout.append(f)
            else:
                sc.applied_wrong.append(f)
        elif on_gold:
            sc.flags_right.append(f)
        else:
            sc.flags_wrong.append(f)
    return sc


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def _finding(doc: str, f: Finding, text: str) -> dict[str, Any]:
    line = text.count("\n", 0, f.start) + 1
    d: dict[str, Any] = {"doc": doc, "line": line, "rule": f.rule, "class": f.cls, "text": f.text, "start": f.start}
    if f.edit is not None:
        d["replacement"] = f.edit.replacement
    elif f.suggestion:
        d["suggestion"] = f.suggestion
    return d


def summarise(scores: Sequence[tuple[DocScore, Sequence[Artifact], str]]) -> dict[str, Any]:
    """Per class and overall: gold, flagged, fixed as gold; precision of applied fixes and flags."""
    per: dict[str, Counter[str]] = defaultdict(Counter)
    applied_wrong: list[dict[str, Any]] = []
    flags_wrong: list[dict[str, Any]] = []
    counts: Counter[str] = Counter()
    by_rule: dict[str, Counter[str]] = defaultdict(Counter)
    for sc, gold, text in scores:
        for a, flagged, fixed in zip(gold, sc.flagged, sc.fixed, strict=True):
            per[a.cls]["gold"] += 1
            per[a.cls]["flagged"] += flagged
            per[a.cls]["fixed"] += fixed
        for name in ("applied_right", "applied_wrong", "applied_layout", "flags_right", "flags_wrong"):
            found = getattr(sc, name)
            counts[name] += len(found)
            for f in found:
                by_rule[f.rule][name] += 1
        applied_wrong.extend(_finding(sc.doc, f, text) for f in sc.applied_wrong)
        flags_wrong.extend(_finding(sc.doc, f, text) for f in sc.flags_wrong)
    classes = []
    for cls, c in sorted(per.items(), key=lambda kv: (-kv[1]["gold"], kv[0])):
        classes.append(
            {"class": cls, "gold": c["gold"], "flagged": c["flagged"], "fixed": c["fixed"],
             "flagged_share": _ratio(c["flagged"], c["gold"]), "fixed_share": _ratio(c["fixed"], c["gold"])}
        )
    total = sum((c for c in per.values()), Counter())
    judged = counts["applied_right"] + counts["applied_wrong"]
    flags = counts["flags_right"] + counts["flags_wrong"]
    return {
        "documents": len(scores),
        "classes": classes,
        "all": {"gold": total["gold"], "flagged": total["flagged"], "fixed": total["fixed"],
                "flagged_share": _ratio(total["flagged"], total["gold"]),
                "fixed_share": _ratio(total["fixed"], total["gold"])},
        "applied": {"judged": judged, "on_gold": counts["applied_right"], "wrong": counts["applied_wrong"],
                    "layout_not_judged": counts["applied_layout"],
                    "precision": _ratio(counts["applied_right"], judged)},
        "flags": {"count": flags, "on_gold": counts["flags_right"], "precision": _ratio(counts["flags_right"], flags)},
        "rules": {r: dict(c) for r, c in sorted(by_rule.items())},
        "applied_wrong": applied_wrong,
        "flags_wrong": flags_wrong,
    }


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.1f}"


def terminal(d: dict[str, Any], examples: int = 10) -> str:
    """The table a user reads; the last three lines are the headline figures."""
    lines: list[str] = []
    wrong = d["applied_wrong"]
    if wrong and examples:
        lines.append(f"applied fixes on no annotated artifact ({len(wrong)}; all in --json):")
        for w in wrong[:examples]:
            lines.append(f"  {w['doc']}:{w['line']} {w['rule']} {w['text']!r} -> {w.get('replacement', '')!r}")
        lines.append("")
    head = f"{'class':<16}{'gold':>6}{'flagged':>9}{'%':>7}{'fixed as gold':>15}{'%':>7}"
    lines.append(head)
    lines.append("-" * len(head))
    for c in d["classes"]:
        lines.append(
            f"{c['class']:<16}{c['gold']:>6}{c['flagged']:>9}{_pct(c['flagged_share']):>7}"
            f"{c['fixed']:>15}{_pct(c['fixed_share']):>7}"
        )
    lines.append("-" * len(head))
    a = d["all"]
    lines.append(
        f"{'all':<16}{a['gold']:>6}{a['flagged']:>9}{_pct(a['flagged_share']):>7}{a['fixed']:>15}{_pct(a['fixed_share']):>7}"
    )
    ap, fl = d["applied"], d["flags"]
    lines.append(
        f"applied fixes: {ap['judged']} judged, {ap['on_gold']} on an annotated artifact, precision "
        f"{_pct(ap['precision'])}% ({ap['layout_not_judged']} white-space/encoding edits not judged)"
    )
    lines.append(f"flags and suggestions: {fl['count']}, {fl['on_gold']} on an annotated artifact, precision "
                 f"{_pct(fl['precision'])}%")
    return "\n".join(lines) + "\n"
