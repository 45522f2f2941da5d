"""The Hyperscan set scan is a filter only: it never hides a match ``re`` would find."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtclean import regex_set
from mtclean.api import rules_for
from mtclean.config import Config
from mtclean.pipeline import Context
from mtclean.stages import build_pipeline
from mtclean.stages.regex_rules import RegexStage

pytestmark = pytest.mark.skipif(regex_set.hyperscan is None, reason="no Hyperscan wheel for this platform")

# Patterns that lean on what Hyperscan lacks or does differently: look-arounds at the
# edges and in the middle, \b next to non-ASCII words, back-references, IGNORECASE
# with the Kelvin sign / long s / dotted I, \w and \s over Unicode, anchors, conditionals.
TRICKY = [
    r"(?<=[€£])[ \t]+(?=\d)",
    r"(?<![\w-])dpa(?![\w-])",
    r"\bthe\b",
    r"\bété\b",
    r"\w+ing\b",
    r"(?i)kelvin",
    r"(?i)\bstrasse\b",
    r"(?i)istanbul",
    r"(?P<a>[A-Z])(?P=a)[a-z]{2,}",
    r"^(?P<line>[A-Z][^\n]{3,40}?)\n(?P=line)$",
    r"(?m)^\s*Photo:\s*\S+$",
    r"(?m)[ \t]+$",
    r"(?=[^\n]*Reuters)[A-Z][a-z]+ /",
    r"(?m)^[A-Z][a-z]+ /(?=\s*Reuters)",  # its matches stay on a line, its look-ahead does not
    r"(?<=\n\n)[a-z]{2}\b",
    r"(?:(?<=^“)|(?<=[ (]“))[ \t]+(?=[^\W_])",
    r"(a)?(?(1)b|c)d",
    r"\d{1,3}(?:\.\d{3})+ euros",
    r"[^\W\d_]+[ \t]+(?=[.;])",
    r"(?s)start.+?end",
    r"\s{2,}",
    r"(?>ab|a)c",
    r"x*+y",
    r"\bκόσμε\b",
    r"\AFirst",
    r"last\Z",
    r"[^a-z ]{3}",
    r"(?i)[k-m]ilo\b",
]

ALPHABET = "aAbBcdeEiIkKsSltTxRuters yz0123456789 \t\n.,;:-“”’€£()/étéκόσμεİıſK\u212aßÉ_"


def _scan_finds(patterns: list[re.Pattern[str]], text: str) -> set[int] | None:
    made = regex_set._compile(patterns)
    assert made is not None
    hits = made.scan(text)
    return None if hits is None else hits.rules


def _re_finds(patterns: list[re.Pattern[str]], text: str) -> set[int]:
    return {i for i, p in enumerate(patterns) if any(m.end() > m.start() for m in p.finditer(text))}


COMPILED = [re.compile(p) for p in TRICKY]
SET = regex_set._compile(COMPILED)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=80))
def test_scan_never_hides_a_match(text: str) -> None:
    assert SET is not None
    hits = SET.scan(text)
    if hits is None:
        return  # not filtered: every rule runs
    assert _re_finds(COMPILED, text) <= hits.rules


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=120))
def test_located_lines_hold_every_match(text: str) -> None:
    assert SET is not None
    hits = SET.scan(text)
    if hits is None:
        return
    for i, p in enumerate(COMPILED):
        lines = hits.lines(i)
        if lines is None:
            continue
        for m in p.finditer(text):
            if m.end() > m.start():
                assert any(a <= m.start() and m.end() <= b for a, b in lines), (TRICKY[i], text, m.span(), lines)


def test_case_partners_and_word_edges() -> None:
    cases = [
        (r"(?i)kelvin", "\u212aelvin scale", True),  # the Kelvin sign is a capital K to re
        (r"(?i)strasse", "ſtrasse", True),  # long s
        (r"(?i)istanbul", "İstanbul", True),
        (r"\bété\b", "en été.", True),
        (r"\bthe\b", "breathe", False),
        (r"(?<=€)[ \t]+(?=\d)", "costs € 5", True),
        (r"(?<=€)[ \t]+(?=\d)", "costs $ 5", False),
        (r"(?P<a>[A-Z])(?P=a)[a-z]{2,}", "DDie Welt", True),
        (r"(?P<a>[A-Z])(?P=a)[a-z]{2,}", "Die Welt", False),
    ]
    for pattern, text, found in cases:
        rx = re.compile(pattern)
        assert bool(rx.search(text)) is found, (pattern, text)
        got = _scan_finds([rx], text)
        assert got is not None
        assert (0 in got) is found, (pattern, text)


def test_surrogates_are_not_filtered() -> None:
    made = regex_set._compile([re.compile("abc")])
    assert made is not None
    assert made.scan("x\udcff y") is None  # not UTF-8: every rule runs


def test_unsupported_patterns_always_run() -> None:
    made = regex_set._compile([re.compile(r"\b"), re.compile(r"a*"), re.compile("abc")])
    assert made is not None
    assert made.always == [0, 1]
    hits = made.scan("nothing here")
    assert hits is not None and hits.rules == {0, 1}


def test_built_in_rules_filtered_find_exactly_what_every_rule_finds(shared: Path) -> None:
    """Each stage with the scan against the same stage running every rule over the whole
    text: on WMT21 lines, the rules' own examples and shuffled mixtures of both."""
    config = Config()
    rules = rules_for(config)
    lines: list[str] = []
    for p in sorted((shared / "data" / "wmt21-deen").glob("*.en")):
        lines += p.read_text(encoding="utf-8").splitlines()[:300]
    pieces = [ex.text for r in rules.rules if r.regex is not None for ex in r.bad + r.good]
    rng = random.Random(7)
    mixed = pieces + lines
    rng.shuffle(mixed)
    texts = ["\n".join(mixed[i : i + 200]) for i in range(0, len(mixed), 200)] + pieces
    stages = [s for s in build_pipeline(rules, config).stages if isinstance(s, RegexStage)]
    assert stages and all(s.shared is not None for s in stages)
    for stage in stages:
        whole = RegexStage(stage.name, stage.rules, filtered=False)
        for text in texts:
            got = [(f.rule, f.start, f.end, f.suggestion) for f in stage.check(text, Context(config, rules))]
            want = [(f.rule, f.start, f.end, f.suggestion) for f in whole.check(text, Context(config, rules))]
            assert got == want


def test_compiled_set_is_cached_on_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MTCLEAN_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(regex_set, "_BUILT", {})
    patterns = [re.compile(r"(?<=€) (?=\d)"), re.compile(r"\bdpa\b")]
    first = regex_set.build(patterns)
    assert first is not None and list(tmp_path.glob("regexset-*.marshal"))
    monkeypatch.setattr(regex_set, "_BUILT", {})
    monkeypatch.setattr(regex_set, "_compile", lambda _p: pytest.fail("compiled again"))
    again = regex_set.build(patterns)
    assert again is not None and again.parts == first.parts
    hits = again.scan("costs € 5 (dpa)")
    assert hits is not None and hits.rules == {0, 1}


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab éß€\n", max_size=60))
def test_literal_set_finds_what_aho_corasick_finds(text: str) -> None:
    import ahocorasick_rs

    literals = ["ab", "ba", "aa", "a", "é b", "ß€", "b\n", "ééé"]
    made = regex_set.literal_set(literals)
    assert made is not None
    want = ahocorasick_rs.AhoCorasick(literals).find_matches_as_indexes(text, overlapping=True)
    got = made.find(text)
    assert got is not None and sorted(got) == sorted(want)


def test_phrase_stage_same_hits_with_either_matcher(shared: Path) -> None:
    from mtclean.phrase_table import fold
    from mtclean.stages.phrases import PhraseStage

    rules = rules_for(Config())
    stage = next(s for s in build_pipeline(rules, Config()).stages if isinstance(s, PhraseStage))
    texts = [p.read_text(encoding="utf-8") for p in sorted((shared / "data" / "wmt21-deen").glob("*.en"))]
    texts += [ex.text for r in stage.rules for e in r.compiled.entries for ex in getattr(e, "examples", [])][:500]
    import ahocorasick_rs

    automaton = ahocorasick_rs.AhoCorasick([form for form, _ in stage.patterns])
    found = 0
    for text in texts:
        folded = fold(text)
        want = sorted(automaton.find_matches_as_indexes(folded, overlapping=True))
        got = sorted(stage.find(folded))
        assert got == want
        found += len(got)
    assert found > 0


def test_disk_cache_keeps_the_newest_sets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MTCLEAN_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(regex_set, "_BUILT", {})
    monkeypatch.setattr(regex_set, "KEEP", 3)
    for n in range(6):
        assert regex_set.build([re.compile(f"word{n}")]) is not None
    assert len(list(tmp_path.glob("regexset-*.marshal"))) == 3


def test_byte_offsets_become_character_offsets_either_way() -> None:
    """StartSet's byte-to-character conversion: listing the few continuation bytes of
    mostly English text and bisecting, or counting between offsets, gives each offset's
    character count (checked by decoding), for 2-, 3- and 4-byte characters."""
    import random

    from mtclean.regex_set import _to_characters_counted, to_characters

    rng = random.Random(18)
    alphabet = ["a", "b", " ", "\n", "é", "ü", "’", "“", "€", "中", "😀", "ß", "Ж"]
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        data = text.encode("utf-8")
        bounds = [len(text[:k].encode("utf-8")) for k in range(len(text) + 1)]
        found = sorted((rng.randrange(3), *sorted(rng.sample(bounds, 2))) for _ in range(rng.randint(0, 8)) if len(bounds) >= 2)
        want = [(i, len(data[:s].decode("utf-8")), len(data[:e].decode("utf-8"))) for i, s, e in found]
        assert to_characters(found, data, len(data) - len(text)) == want
        assert _to_characters_counted(found, data) == want
