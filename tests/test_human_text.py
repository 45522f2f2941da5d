"""Precision on human text: the WMT21 human references are real English news
prose, so a fix outside encoding and white space that fires there is almost
certainly wrong. Budget: at most one per 100 KB."""

from __future__ import annotations

from pathlib import Path

from mtclean import Config
from mtclean.api import rules_for
from mtclean.io import read_text
from mtclean.stages import build_pipeline

TEXT_CLASSES = {"encoding", "whitespace"}


def applied_fixes(path: Path) -> list[tuple[str, str]]:
    config = Config(lines=True)
    result = build_pipeline(rules_for(config), config).run(read_text(path).text, path.name)
    return [(f.rule, f.text) for f in result.findings if f.applied and f.cls not in TEXT_CLASSES]


def test_references_get_at_most_one_fix_per_100kb(shared: Path) -> None:
    refs = sorted((shared / "data" / "wmt21-deen").glob("*.ref.*.en"))
    assert len(refs) == 2
    fixes = [fix for ref in refs for fix in applied_fixes(ref)]
    size_kb = sum(ref.stat().st_size for ref in refs) / 1000
    assert len(fixes) <= size_kb / 100, fixes


def test_mt_output_does_get_fixed(shared: Path) -> None:
    """The same budget must not be met by a pipeline that does nothing."""
    hyps = sorted((shared / "data" / "wmt21-deen").glob("*.hyp.*.en"))
    assert sum(len(applied_fixes(h)) for h in hyps) > 0
