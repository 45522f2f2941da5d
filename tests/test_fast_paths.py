"""The fast matching paths change nothing: the whole pipeline with its prefilter
(literals found by Aho-Corasick, hoisted patterns, line look-ups) and its phrase
tables matched by Aho-Corasick gives byte-for-byte the output of the plain way
(every rule's pattern over the whole text, every phrase form found with ``str.find``),
on the seed, the WMT21 MT output (--lines) and human English."""

from __future__ import annotations

import sysconfig
from pathlib import Path

import pytest

from mtclean.api import rules_for
from mtclean.config import Config
from mtclean.phrase_table import case_choices, context_ok, fold, is_word_char, resolve
from mtclean.pipeline import Pipeline
from mtclean.stages import build_pipeline
from mtclean.stages.phrases import PhraseStage
from mtclean.stages.regex_rules import RegexStage

from conftest import SEED


def _plain_regex(stage: RegexStage) -> None:
    """Every rule on every text, its own pattern over the whole text."""
    n = len(stage.rules)
    stage.needed = [None] * n
    stage.scanners = [r.regex for r in stage.rules]
    stage.line_bound = [False] * n
    stage.always = list(range(n))
    stage.prefiltered = False


class PlainPhrases(PhraseStage):
    """Each form of each entry found with ``str.find`` (every occurrence, overlapping ones too)."""

    def hits(self, text, folded=None):  # type: ignore[no-untyped-def,override]
        folded = fold(text) if folded is None else folded
        n = len(text)
        per_rule = [[] for _ in self.rules]  # type: ignore[var-annotated]
        for i, rule in enumerate(self.rules):
            for entry in rule.compiled.entries:
                for form, choices in entry.forms:
                    at = folded.find(form)
                    while at >= 0:
                        end = at + len(form)
                        if not ((at > 0 and is_word_char(text[at - 1])) or (end < n and is_word_char(text[end]))):
                            made = case_choices(entry, form, text[at:end], choices)
                            if made is not None and context_ok(entry, folded, at, end):
                                per_rule[i].append((at, end, (entry, made)))
                        at = folded.find(form, at + 1)
        return [resolve(h) for h in per_rule]


def _pipelines(lines: bool) -> tuple[Pipeline, Pipeline]:
    config = Config(lines=lines)
    rules = rules_for(config)
    fast = build_pipeline(rules, config)
    plain = build_pipeline(rules, config)
    for i, stage in enumerate(plain.stages):
        if isinstance(stage, PhraseStage):
            plain.stages[i] = PlainPhrases(stage.name, stage.rules)
        elif isinstance(stage, RegexStage):
            copy = RegexStage(stage.name, stage.rules)
            _plain_regex(copy)
            plain.stages[i] = copy
    return fast, plain


def _same(fast: Pipeline, plain: Pipeline, path: str, text: str) -> list[str]:
    a, b = fast.run(text, path), plain.run(text, path)
    assert a.cleaned == b.cleaned, path
    assert [(e.start, e.end, e.replacement) for e in a.edits] == [(e.start, e.end, e.replacement) for e in b.edits]
    key = lambda f: (f.rule, f.start, f.end, f.message, f.suggestion, f.fix, f.applied)  # noqa: E731
    assert [key(f) for f in a.findings] == [key(f) for f in b.findings], path
    return [f.rule for f in a.findings]


def test_seed_and_human_english_are_cleaned_alike() -> None:
    fast, plain = _pipelines(lines=False)
    _same(fast, plain, str(SEED), SEED.read_text(encoding="utf-8"))
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    licence = stdlib / "LICENSE.txt"
    if licence.is_file():
        _same(fast, plain, "LICENSE.txt", licence.read_text(encoding="utf-8"))


def test_wmt21_references_are_cleaned_alike(shared: Path) -> None:
    fast, plain = _pipelines(lines=False)
    found: list[str] = []
    for p in sorted((shared / "data" / "wmt21-deen").glob("*.ref.*.en")):
        found += _same(fast, plain, p.name, p.read_text(encoding="utf-8"))
    # the comparison is not vacuous: phrase-table entries and prefiltered regex rules fire here
    assert any(r.startswith("PHR") for r in found) and sum(not r.startswith("PHR") for r in found) > 10


@pytest.mark.parametrize("system", ["Online-B", "happypoet"])
def test_mt_output_in_lines_mode_is_cleaned_alike(shared: Path, system: str) -> None:
    fast, plain = _pipelines(lines=True)
    (path,) = (shared / "data" / "wmt21-deen").glob(f"*.hyp.{system}.en")
    text = "\n".join(path.read_text(encoding="utf-8").split("\n")[:400])
    assert _same(fast, plain, path.name, text)
