"""The source-aware branch of ``mtclean run`` (options --source, --columns, --glossary, --fail-on, --drop)."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import typer

from ..config import Config
from ..errors import MtcleanError
from ..model import CLASSES
from ..rules import RuleSet
from .glossary import load as load_glossary
from .runner import CRITICAL, run


def _fail(message: str) -> None:
    print(f"mtclean: {message}", file=sys.stderr)
    raise typer.Exit(2)


def fail_on_classes(fail_on: str | None) -> list[str]:
    """The classes --fail-on names; an unknown one is a one-line error (exit 2)."""
    classes = [c.strip() for c in (fail_on or "").split(",") if c.strip()]
    unknown = [c for c in classes if c not in CLASSES]
    if unknown:
        _fail(f"--fail-on: unknown class {unknown[0]!r} (classes: {', '.join(CLASSES)})")
    return classes


def parse_columns(columns: str | None) -> tuple[int, int] | None:
    """--columns 1,2: the source and target columns of a TSV file (1-based); a bad value exits 2."""
    if not columns:
        return None
    try:
        a, b = (int(x) for x in columns.split(","))
        if a < 1 or b < 1 or a == b:
            raise ValueError
    except ValueError:
        _fail(f"--columns takes two different column numbers like 1,2, not {columns!r}")
    return a, b


def run_source(paths: list[Path], out: Path, config: Config, ruleset: RuleSet, source: Path | None,
               columns: str | None, glossary: Path | None, fail_on: str | None, drop: bool,
               encoding: str | None, quiet: bool) -> None:
    if source is not None and len(paths) != 1:
        _fail("--source pairs one target file with one source file: give one target")
    cols = parse_columns(columns)
    classes = fail_on_classes(fail_on)
    terms = None
    if glossary is not None:
        try:
            terms = load_glossary(glossary)
        except MtcleanError as exc:
            _fail(str(exc))
    result, done = run(paths, out, config, ruleset, source=source, columns=cols, glossary=terms,
                       encoding=encoding, drop=drop)
    for err in result.errors:
        print(f"mtclean: {err}", file=sys.stderr)
    if not quiet:
        by_class: Counter[str] = Counter(f.cls for r in result.results for f in r.findings)
        for d in done:
            segs = len(d.bitext.units)
            src_n = sum(len(s) for s in d.per_segment)
            crit = Counter(c for seg in d.per_segment for c in {f.cls for f in seg} & set(CRITICAL))
            print(f"{d.bitext.path}: {segs} segments ({d.bitext.kind}), {len(d.result.findings)} findings, "
                  f"{src_n} source-aware, {sum(f.applied for f in d.result.findings)} fixed")
            print("  segments with critical problems: " + ", ".join(f"{c} {crit.get(c, 0)}" for c in CRITICAL))
            counts = d.drop_counts
            if counts is not None:
                print(f"  dropped {sum(counts.values())} of {segs}: "
                      + (", ".join(f"{k} {v}" for k, v in counts.most_common()) or "none"))
        if by_class:
            print("by class: " + ", ".join(f"{c} {n}" for c, n in sorted(by_class.items())))
        print(f"wrote {out}/cleaned/, {out}/changes.diff, {out}/report.json, {out}/report.html, {out}/source.html")
    if result.errors:
        raise typer.Exit(2)
    if classes and any(f.cls in classes for r in result.results for f in r.findings):
        raise typer.Exit(1)
