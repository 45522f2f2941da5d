"""The stage list. Each stage is built from the rules of its family; a stage with
no selected rules is left out, so ``select``/``ignore`` cost nothing at run time."""

from __future__ import annotations

from collections.abc import Callable

from ..config import Config, effective_select, rule_matches
from ..pipeline import Pipeline, Stage
from ..rules import STAGES, Rule, RuleSet
from ..startup import over
from .capitalization import CapitalizationStage
from .consistency import ConsistencyStage
from .encoding import EncodingStage
from .fragment import FragmentStage
from .grammar import build as build_grammar
from .patterns import PatternStage
from .phrases import PhraseStage
from .regex_rules import RegexStage, link
from .untranslated import UntranslatedStage

REGEX_KINDS = {"substitution", "existence", "boilerplate"}


def _regex_or(special: Callable[[list[Rule]], Stage]) -> Callable[[str, list[Rule]], list[Stage]]:
    def build(name: str, rules: list[Rule]) -> list[Stage]:
        stages: list[Stage] = []
        plain = [r for r in rules if r.kind in REGEX_KINDS or r.kind == "phrases"]
        other = [r for r in rules if r.kind not in REGEX_KINDS and r.kind != "phrases"]
        if plain:
            stages.extend(_regex_only(name, plain))  # regex rules, then phrase tables
        if other:
            stages.append(special(other))
        return stages

    return build


def _regex_only(name: str, rules: list[Rule]) -> list[Stage]:
    """The family's regex rules, then its phrase tables (which see the regex fixes applied)."""
    plain = [r for r in rules if r.kind != "phrases"]
    stages: list[Stage] = [RegexStage(name, plain)] if plain else []
    tables = [r for r in rules if r.kind == "phrases"]
    if tables:
        stages.append(PhraseStage(name, tables))
    return stages


def _by_kind(name: str, rules: list[Rule]) -> list[Stage]:
    """Linguistic families: regex rules, token pattern rules and the family's own kind."""
    stages: list[Stage] = _regex_only(name, [r for r in rules if r.kind in REGEX_KINDS or r.kind == "phrases"])
    patterns = [r for r in rules if r.kind == "pattern"]
    if patterns:
        stages.append(PatternStage(name, patterns))
    if any(r.kind == "consistency" for r in rules):
        stages.append(ConsistencyStage(rules))
    if any(r.kind == "fragment" for r in rules):
        stages.append(FragmentStage(rules))
    return stages


# stage name -> builder of the stage objects for that family's rules
BUILDERS: dict[str, Callable[[str, list[Rule]], list[Stage]]] = {
    "encoding": lambda name, rules: [EncodingStage(rules)] if rules else [],
    "boilerplate": _regex_only,
    "calque": _regex_only,
    "untranslated": _regex_or(UntranslatedStage),
    "capitalization": _regex_or(CapitalizationStage),
    "word-order": _by_kind,
    "consistency": _by_kind,
    "fragment": _by_kind,
    "source": lambda name, rules: [],  # source-aware checks run beside the pipeline (mtclean.source.checker)
}

# stage name -> builder of a stage without YAML rules of its own, made from the run's config
# (left out when only some rules are tested: `mtclean rules test` never reaches LanguageTool)
CONFIG_BUILDERS: dict[str, Callable[[Config], list[Stage]]] = {
    "grammar": build_grammar,
}


def selected(rules: RuleSet, config: Config) -> list[Rule]:
    keep = []
    select = effective_select(config)
    for r in rules.rules:
        if select and not any(rule_matches(r.id, r.cls, s) for s in select):
            continue
        if any(rule_matches(r.id, r.cls, s) for s in config.ignore):
            continue
        keep.append(r)
    return keep


def build_stages(rules: RuleSet, config: Config, only: list[Rule] | None = None) -> list[Stage]:
    chosen = only if only is not None else selected(rules, config)
    stages: list[Stage] = []
    for name in STAGES:
        if name in config.disable_stages:
            continue
        family = [r for r in chosen if r.stage == name]
        builder = BUILDERS.get(name, _regex_only)
        stages.extend(builder(name, family))
        if only is None and name in CONFIG_BUILDERS:
            stages.extend(CONFIG_BUILDERS[name](config))
    link(stages)  # one Hyperscan pass per text for all regex stages
    over()  # the program's start-up is done: the garbage collector resumes (startup.py)
    return stages


def build_pipeline(rules: RuleSet, config: Config, **kw: object) -> Pipeline:
    return Pipeline(build_stages(rules, config), config, rules, **kw)  # type: ignore[arg-type]
