"""``mtclean check`` on bilingual input: the same findings ``run`` reports, nothing written.

A bilingual file (XLIFF, TMX, PO, TSV, or a target with ``--source``) is checked unit by
unit with the English stages and the source rules the configuration selects, exactly as
``run`` does (``runner.process``); ``check`` then keeps the findings its severity
threshold and ``--diff-base`` scope keep.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..formats import read
from ..model import FileResult
from ..pipeline import Pipeline
from ..rules import RuleSet
from ..stages import selected
from .runner import process


def check_bitext(path: Path, pipeline: Pipeline, rules: RuleSet, config: object, *, source: Path | None,
                 columns: tuple[int, int] | None, encoding: str | None,
                 keep: Callable[[str, int, int], bool]) -> FileResult:
    bt = read(path, source, columns, encoding)
    source_rules = [r for r in selected(rules, config) if r.kind == "source"]  # type: ignore[arg-type]
    result = process(bt, pipeline, source_rules, None).result
    result.findings = [f for f in result.findings if keep(f.severity, f.start, f.end)]
    return result
