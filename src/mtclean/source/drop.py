"""``--drop``: filter a parallel corpus the way corpus builders do (OpusFilter, Bicleaner).

A pair with a source-aware finding of severity error or warning is dropped; the kept
pairs go to ``kept/`` in the input's own layout (two line-aligned files, or the TSV),
the dropped ones to ``rejected.tsv`` with one reason code (the rule id and its check)
per line, and ``drop-counts.tsv`` counts the reasons.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from ..io import write_atomic
from ..model import SEVERITY_RANK, Finding

if TYPE_CHECKING:
    from .runner import BitextResult


def reason(found: list[Finding]) -> str | None:
    serious = [f for f in found if SEVERITY_RANK.get(f.severity, 0) >= 1]
    if not serious:
        return None
    worst = max(serious, key=lambda f: (SEVERITY_RANK[f.severity], -f.start))
    return worst.rule


def write_drop(done: BitextResult, out: Path) -> Counter[str]:
    bt = done.bitext
    if bt.kind not in ("plain", "tsv"):
        return Counter()
    stem = Path(bt.path).name
    kept_src: list[str] = []
    kept_tgt: list[str] = []
    kept_rows: list[str] = []
    rejected: list[str] = ["line\treason\tsource\ttarget"]
    counts: Counter[str] = Counter()
    lines = bt.text.split("\n")
    for i, (unit, found) in enumerate(zip(bt.units, done.per_segment)):
        why = reason(found)
        if why is None and unit.source.strip() and unit.target.strip():
            kept_src.append(unit.source)
            kept_tgt.append(unit.target)
            kept_rows.append(lines[unit.line - 1].rstrip("\r"))
            continue
        why = why or "EMPTY"
        counts[why] += 1
        rejected.append(f"{unit.line}\t{why}\t{unit.source}\t{unit.target}")
    kept_dir = out / "kept"
    if bt.kind == "plain":
        write_atomic(kept_dir / stem, "".join(t + "\n" for t in kept_tgt))
        write_atomic(kept_dir / Path(bt.source_path or "source").name, "".join(s + "\n" for s in kept_src))
    else:
        write_atomic(kept_dir / stem, "".join(r + "\n" for r in kept_rows))
    write_atomic(out / f"rejected-{stem}.tsv", "\n".join(rejected) + "\n")
    write_atomic(out / f"drop-counts-{stem}.tsv",
                 "reason\tcount\n" + "".join(f"{k}\t{v}\n" for k, v in counts.most_common()))
    done.drop_counts = counts
    return counts
