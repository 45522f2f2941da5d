"""The untranslated stage: German left in English text, and the names it must leave alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from pipelines import pipeline_for  # one pipeline per configuration, not one per call

from mtclean import Config
from mtclean.api import rules_for
from mtclean.errors import RuleError
from mtclean.rules import load_rules
from mtclean.stages import build_pipeline


def _run(text: str, **options: bool):  # type: ignore[no-untyped-def]
    config = Config(**options)
    return pipeline_for(config).run(text, "doc.txt")


def _found(text: str, rule: str, **options: bool) -> list[tuple[str, str, bool, str | None]]:
    return [(f.text, f.fix, f.applied, f.suggestion) for f in _run(text, **options).findings if f.rule == rule]


def test_an_exonym_is_fixed_where_the_document_also_writes_the_english_name() -> None:
    text = "Munich airport reopened. Flights from München to Hamburg resumed at noon."
    assert _found(text, "UNT001") == [("München", "safe", True, "Munich")]
    assert _run(text).cleaned == "Munich airport reopened. Flights from Munich to Hamburg resumed at noon."


def test_an_exonym_the_writer_may_keep_on_purpose_is_only_suggested() -> None:
    """A text that writes "Nürnberg" throughout is not rewritten by default."""
    text = "The trial in Nürnberg opened on Monday; the court in Nürnberg sits until May."
    assert [f[1:3] for f in _found(text, "UNT001")] == [("unsafe", False), ("unsafe", False)]
    assert _run(text).cleaned == text
    assert _run(text, unsafe_fixes=True).cleaned.count("Nuremberg") == 2


@pytest.mark.parametrize(
    "text",
    [
        "He scored twice against FC Bayern München on Saturday.",  # a club
        "The striker left Rapid Wien for Hamburg.",  # a club
        "Premier Boris Rhein spoke first; later Rhein met the press in Wiesbaden.",  # a person
        "The party met at Messe Wien, and Messe Wien was full.",  # a venue
        "Their song \"Servus Wien\" opened the show.",  # a quoted title
        "See https://example.org/Wien for the programme.",  # a URL
        "Bayern won the cup again.",  # the club, not the state
    ],
)
def test_names_that_contain_a_place_are_left_alone(text: str) -> None:
    assert _found(text, "UNT001") == []


def test_a_club_name_is_at_most_a_suggestion() -> None:
    found = _found("The keeper joined 1860 München in June.", "UNT001")
    assert found == [("München", "unsafe", False, "Munich")]


def test_bayern_is_flagged_without_a_fix_only_where_it_is_a_place() -> None:
    assert _found("Farmers in Bayern protested.", "UNT001") == [("Bayern", "none", False, "Bavaria")]
    assert _found("Bayern won 3-0 at home.", "UNT001") == []


def test_kreis_becomes_district() -> None:
    result = _run("The accident happened in the Kreis Gütersloh on Friday.")
    assert result.cleaned == "The accident happened in the Gütersloh district on Friday."
    assert _run("Schools in Landkreis München stay closed.").cleaned == "Schools in Munich district stay closed."
    # a hyphenated district name is one name, and a district beside another capitalised word is only suggested
    assert _found("The Rhein-Kreis Neuss has a new head.", "UNT002") == []
    assert _found("The Kreis Mettmann Police reported a theft.", "UNT002")[0][1:3] == ("unsafe", False)


def test_german_function_words_in_running_english() -> None:
    (f,) = _found("The law vom 12 March 2021 changed the rules.", "UNT003")
    assert f[0] == "vom" and f[3] == "from the" and f[2] is False
    assert [x[0] for x in _found("Die talkshow was cancelled.", "UNT003")] == ["Die"]
    # names and English homographs
    for text in (
        "Ursula von der Leyen spoke in Brussels.",
        "The weekly Die Zeit printed the letter.",
        "Some plants die when the frost comes.",
        "They hid in a den near the river.",
        "The city of Halle an der Saale lies on a river.",
    ):
        assert _found(text, "UNT003") == [], text


def test_german_nouns_and_compounds_are_flagged_with_a_translation_where_known() -> None:
    assert _found("The Bürgermeister opened the bridge.", "UNT004") == [("Bürgermeister", "none", False, "mayor")]
    # a compound of German words, unknown to English and to the word list: flagged, nothing to suggest
    assert _found("Crowds watched the Persiflagewagen pass.", "UNT004") == [("Persiflagewagen", "none", False, None)]
    # a lowercase German word is never a name
    found = _found("The farmers weibeln for subsidies; the mood was not gemütlich.", "UNT004")
    assert [f[0] for f in found] == ["gemütlich"]


@pytest.mark.parametrize(
    "text",
    [
        "The Bundestag passed the law; children start kindergarten at three.",  # loanwords
        "He grew up in Heidenheim and studied in Wolfsburg.",  # place names
        "The festival in Traiskirchen drew large crowds.",  # a place after "in"
        "Mayor Jens Böhrnsen said Böhrnsen's office was open.",  # a person
        "Their slogan \"Gemeinsam für Bürgerrechte\" was on every poster.",  # quoted
        "class VerboseModule(ModuleType): pass",  # code
    ],
)
def test_names_loanwords_quotes_and_code_are_not_german_words(text: str) -> None:
    assert _found(text, "UNT004") == []


def test_a_german_sentence_is_flagged_whole_and_its_words_not_again() -> None:
    text = "Police closed the road. Die Polizei sperrte die Straße am frühen Morgen für mehrere Stunden. It reopened."
    result = _run(text)
    sentences = [f for f in result.findings if f.rule == "UNT005"]
    assert [f.text for f in sentences] == ["Die Polizei sperrte die Straße am frühen Morgen für mehrere Stunden."]
    inside = [f for f in result.findings if f.rule in ("UNT003", "UNT004") and sentences[0].start <= f.start]
    assert [f for f in inside if f.end <= sentences[0].end] == []


def test_an_unknown_check_is_an_error_naming_the_rule(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text(
        "stage: untranslated\nclass: untranslated\nrules:\n  - id: USR001\n    kind: untranslated\n"
        "    check: klingon\n    message: m\n    examples: {bad: [a, b], good: [c, d]}\n",
        encoding="utf-8",
    )
    rules = load_rules([tmp_path])
    with pytest.raises(RuleError, match="USR001: 'check' must be one of"):
        build_pipeline(rules, Config())


def test_human_references_get_no_untranslated_fix(shared: Path) -> None:
    """The WMT21 references keep some German names ("Nürnberg", "Tirol"): a translator's
    choice there, so at most a suggestion, never an applied fix."""
    from mtclean.io import read_text

    config = Config(lines=True)
    pipeline = build_pipeline(rules_for(config), config)
    for ref in sorted((shared / "data" / "wmt21-deen").glob("*.ref.*.en")):
        result = pipeline.run(read_text(ref).text, ref.name)
        assert [f.text for f in result.findings if f.cls == "untranslated" and f.applied] == []
        assert sum(f.cls == "untranslated" for f in result.findings) < 20


def test_word_lists_answer_alike_by_trie_and_by_set() -> None:
    """The small word lists are mapped tries; a text with many distinct words is compared
    with a set of the list instead. Both must say the same of every word."""
    from mtclean.stages.untranslated import WordList, _common_english, _common_german

    for listed in (_common_english(), _common_german()):
        trie_only = WordList(listed.trie)
        words = list(listed.trie.keys())
        sample = frozenset(words[::97] + ["qwzxv", "Haus", "the", "Zeitenwende", "über", "", "x" * 40])
        by_trie = set(trie_only.not_in(sample))
        assert trie_only._set is None  # small: no set built
        assert by_trie == set(sample - frozenset(words))
        many = frozenset(words[: WordList.SET_FROM] + ["qwzxv"])
        assert set(trie_only.not_in(many)) == {"qwzxv"}  # large: through the set
        assert all((w in trie_only) == (w in frozenset(words)) for w in sample)


def test_german_candidates_are_those_of_the_plain_test(shared: Path) -> None:
    """german_candidates skips the common-English test for a word already lowercase (it
    is among the words not in the list); the candidates are those of every test made on
    every word, on news (human and MT), German source text and a mixed sample."""
    from mtclean.stages.untranslated import _Lists, _Scan, _common_english, _common_german

    lists = _Lists(rules_for(Config()).lexicon)
    common, german = _common_english(), _common_german()
    paths = sorted((shared / "data" / "wmt21-deen").glob("newstest2021.*"))
    texts = [p.read_text(encoding="utf-8")[:40_000] for p in paths]
    texts.append("Die Verbandsgemeinde und das Rathaus: the Mayor said über 3000 Leute, Haus and house, ÜBER 'Zeit'.")
    found = 0
    for text in texts:
        scan = _Scan(text, lists)
        plain = {
            w
            for w in scan.tokens
            if len(w) >= 4
            and w not in common
            and w.lower() not in common
            and (w.lower() in german if w[:1].islower() else (len(w) >= 9 or w.lower() in lists.words))
        }
        assert scan.german_candidates() == plain
        found += len(plain)
    assert found > 50


def _german_word_as_first_written(word: str, scan) -> bool:  # type: ignore[no-untyped-def]
    from mtclean.lexicon import pos_readings, zipf
    from mtclean.stages.untranslated import ENGLISH_KNOWS, MIN_GERMAN, _compound, zipf_de, zipf_other

    low = word.lower()
    if len(low) < 4 or word.isupper() or any(c.isdigit() or c == "_" for c in word):
        return False
    if any(c.isupper() for c in word[1:]):
        return False
    if low in scan.exonyms or low in scan.function_words or low in scan.loanwords:
        return False
    if low in scan.words:
        return True
    if "-" in low or "'" in low or "’" in low:
        return False
    if zipf(low) >= ENGLISH_KNOWS or pos_readings(low):
        return False
    de = zipf_de(low)
    if word[:1].islower():
        if de >= MIN_GERMAN:
            return de >= max(zipf(low), zipf_other(low)) + 1.0
        return _compound(low, scan) and zipf(low) < 1.0
    if zipf(low) >= 1.0 or any(low.endswith(p) for p in scan.name_parts):
        return False
    return _compound(low, scan)


def test_german_word_judges_as_first_written(shared: Path) -> None:
    """_german_word looks up the German frequency only for a lowercase word (the only
    branch that reads it) and tests the name endings as one tuple: the same verdicts on
    the candidate words of German source text, MT output and a list of place names."""
    from mtclean.stages.untranslated import _german_word, _Lists, _Scan

    lists = _Lists(rules_for(Config()).lexicon)
    paths = sorted((shared / "data" / "wmt21-deen").glob("newstest2021.*"))
    text = "\n".join(p.read_text(encoding="utf-8")[:30_000] for p in paths)
    text += " Traiskirchen Oberhausen Verbandsgemeinde Bürgermeisterwahl Kindergarten Görlitz"
    scan = _Scan(text, lists)
    words = sorted(scan.tokens)[:6000]
    verdicts = [_german_word(w, scan) for w in words]
    assert verdicts == [_german_word_as_first_written(w, scan) for w in words]
    assert sum(verdicts) > 20


def test_german_verdicts_kept_in_the_cache_are_the_judged_ones(shared: Path) -> None:
    """_is_german answers from the disk cache's table of verdicts (a later run's stage
    too); the answers are _german_word's, and other lists make another table."""
    import copy

    from mtclean.stages.untranslated import UntranslatedStage, _german_word, _Scan

    rules = rules_for(Config())
    paths = sorted((shared / "data" / "wmt21-deen").glob("newstest2021.*"))
    text = "\n".join(p.read_text(encoding="utf-8")[:20_000] for p in paths) + " Verbandsgemeinde Bürgermeisterwahl"
    stages = [UntranslatedStage([r for r in rules.rules if r.kind == "untranslated"]) for _ in range(2)]
    for stage in stages:  # the second: a fresh stage, as in a later run
        scan = _Scan(text, stage._lists_for(rules.lexicon))
        words = sorted(scan.german_candidates() | set(sorted(scan.tokens)[:2000]))
        assert [stage._is_german(w, scan) for w in words] == [_german_word(w, scan) for w in words]
    lists = stages[0]._lists_for(rules.lexicon)
    other = copy.copy(lists)
    other.loanwords, other._verdict_table = lists.loanwords | {"verbandsgemeinde"}, None
    assert lists.verdict_table() is not None and other.verdict_table() != lists.verdict_table()
    assert _german_word("Verbandsgemeinde", _Scan("", lists)) and not _german_word("Verbandsgemeinde", _Scan("", other))
