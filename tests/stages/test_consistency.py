"""consistency: one entity spelled two ways in one document."""

from __future__ import annotations

from mtclean import Config
from mtclean.api import clean

TEXT = "Troops left Kiev in March. Kyiv said the front held. Later Kyiv asked for more aid."


def hits(text: str, config: Config | None = None) -> list:  # type: ignore[type-arg]
    return [f for f in clean(text, config or Config()).findings if f.cls == "consistency"]


def test_the_other_spelling_is_flagged_with_both_counts() -> None:
    (f,) = hits(TEXT)
    assert (f.rule, f.text, f.suggestion) == ("CON001", "Kiev", "Kyiv")
    assert '"Kyiv" (2x)' in f.message and '"Kiev" (1x)' in f.message
    assert not f.applied


def test_one_spelling_throughout_is_consistent() -> None:
    assert hits("Troops left Kiev in March. Kiev said the front held.") == []


def test_config_prefer_overrides_the_table() -> None:
    found = hits(TEXT, Config(prefer={"kyiv": "Kiev"}))
    assert [f.text for f in found] == ["Kyiv", "Kyiv"] and {f.suggestion for f in found} == {"Kiev"}


def test_fixed_names_and_longer_words_do_not_count() -> None:
    assert hits("The chef served Chicken Kiev in Kyiv; Kievan Rus was older.") == []
    assert hits("Peking duck is a Beijing dish.") == []


def test_country_short_forms() -> None:
    found = hits("The US and the EU agreed. Exports to the USA rose; U.S. officials smiled.")
    assert sorted(f.text for f in found) == ["U.S.", "USA"] and {f.suggestion for f in found} == {"US"}


RULE = """stage: consistency
rules:
  - id: TST001
    kind: consistency
    message: m
    prefer: {prefer}
    variants: {variants}
    examples: {{bad: ["Kiev. Kyiv.", "Kyiv. Kiev."], good: ["Kyiv.", "Kiev."]}}
"""


def test_majority_preference(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from mtclean.rules import load_rules
    from mtclean.stages import build_pipeline

    d = tmp_path / "rules"
    d.mkdir()
    (d / "c.yaml").write_text(RULE.format(prefer="majority", variants="[[Kyiv, Kiev]]"), encoding="utf-8")
    rules = load_rules([d], builtin=False)
    result = build_pipeline(rules, Config()).run("Kiev fell silent. Kiev slept. Kyiv woke.")
    assert [(f.text, f.suggestion) for f in result.findings] == [("Kyiv", "Kiev")]


def test_bad_variants_tables_name_the_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from mtclean.errors import RuleError
    from mtclean.rules import load_rules

    for prefer, variants, message in [
        ("first", "[[Kyiv]]", "two or more spellings"),
        ("first", "[[Kyiv, Kiev], [Kiev, Kyjiw]]", "in two variants groups"),
        ("newest", "[[Kyiv, Kiev]]", "'prefer' is one of first, majority"),
    ]:
        d = tmp_path / prefer / variants.replace("[", "").replace("]", "").replace(",", "").replace(" ", "")
        d.mkdir(parents=True)
        (d / "c.yaml").write_text(RULE.format(prefer=prefer, variants=variants), encoding="utf-8")
        with pytest.raises(RuleError, match=message) as exc:
            load_rules([d], builtin=False)
        assert str(exc.value).startswith(f"{d / 'c.yaml'}:3: TST001: ")
