"""The ``phrases`` rule kind (src/mtclean/phrase_table.py, src/mtclean/stages/phrases.py)
and the shipped table PHR001 (rules/calque_phrases.yaml).

The stage finds every form of every entry in one Aho-Corasick pass; these tests
compare it with the plain way (one regular expression per form) on real and
generated text, run the table's own examples, and measure its safe fixes on
human English, where there must be none.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from pipelines import pipeline_for  # one pipeline per configuration, not one per call
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtclean import Config
from mtclean.api import rules_for
from mtclean.errors import RuleError
from mtclean.io import read_text
from mtclean.phrase_table import case_choices, context_ok, fold, resolve
from mtclean.rules import load_rules
from mtclean.ruletest import check_rule
from mtclean.stages import build_pipeline
from mtclean.stages.phrases import PhraseStage

from conftest import mtclean

RULES = load_rules()
TABLES = [r for r in RULES.rules if r.kind == "phrases"]
STAGE = PhraseStage("calque", TABLES)


def _form_regex(form: str) -> re.Pattern[str]:
    words = r"\s".join(re.escape(w) for w in form.split(" "))
    return re.compile(rf"(?<![\w-]){words}(?![\w-])", re.IGNORECASE)


NAIVE = [[(entry, form, choices, _form_regex(form)) for entry in r.compiled.entries for form, choices in entry.forms] for r in TABLES]


def naive_hits(text: str) -> list[list[tuple[int, int, str]]]:
    """The plain way: per entry and form, a case-insensitive regex with word boundaries,
    then the same case, guard and overlap decisions the stage makes."""
    folded = fold(text)
    out = []
    for forms in NAIVE:
        hits = []
        for entry, form, choices, regex in forms:
            for m in regex.finditer(text):
                made = case_choices(entry, form, m.group(), choices)
                if made is not None and context_ok(entry, folded, m.start(), m.end()):
                    hits.append((m.start(), m.end(), (entry, made)))
        out.append([(s, e, ent.key) for s, e, (ent, _) in resolve(hits)])
    return out


def stage_hits(text: str) -> list[list[tuple[int, int, str]]]:
    return [[(s, e, ent.key) for s, e, (ent, _) in hits] for hits in STAGE.hits(text)]


# ---- the shipped table ----------------------------------------------------------------------


def test_the_table_is_large_and_every_entry_has_examples() -> None:
    (table,) = [r for r in TABLES if r.id == "PHR001"]
    entries = table.compiled.entries
    assert len(entries) >= 300
    keys = {e.key for e in entries}
    assert {ex.entry for ex in table.bad} == keys  # every entry has a bad example of its own
    assert sum(1 for e in entries if e.fix == "safe") >= 20


def test_entries_examples_pass() -> None:
    for rule in TABLES:
        assert check_rule(rule, RULES) == []


def test_a_bad_example_of_one_entry_is_not_credited_to_another(tmp_path: Path) -> None:
    (tmp_path / "t.yaml").write_text(textwrap.dedent("""\
        stage: calque
        rules:
          - id: TST001
            kind: phrases
            message: test
            phrases:
              - phrase: top candidate
                suggestion: lead candidate
                examples: {bad: ["The top candidate won."]}
              - phrase: tariff round
                suggestion: wage talks
                examples: {bad: ["The top candidate spoke."]}
        """))
    rules = load_rules([tmp_path], builtin=False)
    [failure] = check_rule(rules.rules[0], rules)
    assert "not flagged by entry 'tariff round'" in str(failure) and str(failure).startswith(f"{tmp_path / 't.yaml'}:")


# ---- one pass equals the plain way ----------------------------------------------------------


def _real_texts() -> list[str]:
    texts = [ex.text for r in TABLES for ex in r.bad + r.good]
    texts.append("\n".join(texts))
    return texts


def test_matching_equals_a_regex_per_entry_on_the_examples() -> None:
    for text in _real_texts():
        assert stage_hits(text) == naive_hits(text), text


def test_matching_equals_a_regex_per_entry_on_wmt21(shared: Path) -> None:
    """A human reference and an MT system's output (a regex per form is slow: two files)."""
    for name in ("newstest2021.de-en.ref.A.en", "newstest2021.de-en.hyp.happypoet.en"):
        text = read_text(shared / "data" / "wmt21-deen" / name).text
        found = stage_hits(text)
        assert found == naive_hits(text), name
        assert sum(map(len, found)) >= 5, name  # both hold some of these phrases


FORMS = sorted({form for r in TABLES for e in r.compiled.entries for form, _ in e.forms})
GLUE = st.sampled_from([" ", "  ", "\n", "\t", "\u00a0", ", ", ". ", "-", "'s ", "x", "9", "(", " The ", " the "])


@st.composite
def texts(draw: st.DrawFn) -> str:
    """Phrases from the table, cut, re-cased and joined by spaces, line breaks, hyphens and
    letters (which must block a match), with guard words and other text around them."""
    parts = []
    for _ in range(draw(st.integers(1, 8))):
        form = draw(st.sampled_from(FORMS))
        if draw(st.booleans()):
            form = form[: draw(st.integers(0, len(form)))] + form[len(form) // 2 :]
        case = draw(st.sampled_from([str.lower, str.upper, str.capitalize, str.title, lambda s: s]))
        form = case(form)
        if draw(st.booleans()):
            form = form.replace(" ", draw(st.sampled_from(["\n", "\t", "  ", "\u00a0", " "])), 1)
        parts.append(form)
        parts.append(draw(GLUE))
        parts.append(draw(st.text(alphabet="abcdeföüß ,.-'’\n", max_size=12)))
    return "".join(parts)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts())
def test_matching_equals_a_regex_per_entry_on_generated_text(text: str) -> None:
    assert stage_hits(text) == naive_hits(text)


# ---- what a finding says and does -----------------------------------------------------------


def clean(text: str, **kw: object) -> tuple[str, list]:
    config = Config(select=["PHR"], **kw)  # type: ignore[arg-type]
    result = pipeline_for(config).run(text)
    return result.cleaned, [f for f in result.findings if f.rule.startswith("PHR")]


def test_a_finding_names_its_entry_and_the_german() -> None:
    _, [f] = clean("Verdi called a warning strike at the airports.")
    assert f.extra["entry"] == "warning strike{s}"
    assert f.extra["source"] == "Warnstreik"
    assert f.message.startswith('"warning strike{s}": ') and "Warnstreik" in f.message
    assert f.suggestion == "token strike" and f.edit is None and f.stage == "calque" and f.cls == "calque"


def test_safe_fix_keeps_a_sentence_start_capital_and_follows_slots() -> None:
    cleaned, found = clean("Sounding talks began. Hail grains fell.\nThe weather frogs were wrong.")
    assert cleaned == "Exploratory talks began. Hailstones fell.\nThe weather forecasters were wrong."
    assert len(found) == 3 and all(f.applied and f.fix == "safe" for f in found)


def test_unsafe_fix_only_with_unsafe_fixes() -> None:
    text = "The union wants 8 percent in the new tariff round."
    assert clean(text)[0] == text
    assert clean(text, unsafe_fixes=True)[0] == "The union wants 8 percent in the new round of wage talks."


def test_all_caps_title_case_and_line_breaks_are_offered_not_fixed() -> None:
    for text in ("HAIL GRAINS FELL.", "Hail Grains Fell.", "The hail\ngrains fell."):
        cleaned, [f] = clean(text)
        assert cleaned == text and not f.applied and f.fix == "none" and f.suggestion, text


def test_guards() -> None:
    assert clean("The champion made short work of his rival at the company.")[1] == []
    assert clean("The carmaker sent workers into short work at the company.")[1]
    assert clean("Since years of neglect left it unsafe, it closed.")[1] == []  # not_before
    assert clean("The fans on the other side, however, were silent.")[1] == []  # not_after
    assert clean("Prices rose. On the other side, wages fell.")[1]  # followed_by
    assert clean("The road was closed, so the police diverted traffic.")[1] == []
    assert clean("She is a top candidate for the job at the bank.")[1] == []  # near


def test_no_match_inside_a_longer_word() -> None:
    for text in ("Sounding talksmen.", "Pre-sounding talks.", "Sounding talks-ish.", "Xsounding talks"):
        assert clean(text)[1] == [], text


def test_turkish_dotted_capital_keeps_offsets() -> None:
    text = "İİ hail grains fell."
    cleaned, [f] = clean(text)
    assert f.text == "hail grains" and cleaned == "İİ hailstones fell."


# ---- precision on human English -------------------------------------------------------------


def _safe_phrase_fixes(findings: list) -> list[tuple[str, str]]:
    table_ids = {r.id for r in TABLES}
    return [(f.rule, f.text) for f in findings if f.rule in table_ids and f.applied and f.fix == "safe"]


def test_no_safe_phrase_fix_on_the_wmt21_references(shared: Path) -> None:
    refs = sorted((shared / "data" / "wmt21-deen").glob("*.ref.*.en"))
    assert len(refs) == 2
    config = Config(lines=True)
    pipeline = build_pipeline(rules_for(config), config)
    for ref in refs:
        assert _safe_phrase_fixes(pipeline.run(read_text(ref).text, ref.name).findings) == []


def test_no_safe_phrase_fix_on_the_documentation_corpus() -> None:
    from test_human_text import _documentation

    config = Config()
    pipeline = build_pipeline(rules_for(config), config)
    docs = _documentation()
    assert sum(len(d) for d in docs) > 300_000
    for i, text in enumerate(docs):
        assert _safe_phrase_fixes(pipeline.run(text, f"doc{i}.txt").findings) == []


def test_safe_entries_do_fix_mt_output(shared: Path) -> None:
    """The zero above must not come from a table that never fixes anything."""
    config = Config(lines=True)
    pipeline = build_pipeline(rules_for(config), config)
    hyps = sorted((shared / "data" / "wmt21-deen").glob("*.hyp.*.en"))
    assert any(_safe_phrase_fixes(pipeline.run(read_text(h).text, h.name).findings) for h in hyps)


# ---- users' own tables ----------------------------------------------------------------------

USER_TABLE = """\
stage: calque
class: calque
rules:
  - id: USR001
    kind: phrases
    message: House style.
    fix: unsafe
    phrases:
      - phrase: ["kick-off meeting{s}", "kickoff meeting{s}"]
        replace: launch meeting{s}
        examples:
          bad: [{text: "The kickoff meetings start at nine.", fixed: "The launch meetings start at nine."}]
          good: ["The launch meeting starts at nine."]
      - phrase: "{utilise|utilize}"
        replace: "{use|use}"
        class: other
        severity: info
        examples:
          bad: [{text: "We utilize the tool.", fixed: "We use the tool."}]
"""


def test_a_users_table_with_rules_dir(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "house.yaml").write_text(USER_TABLE)
    doc = tmp_path / "doc.txt"
    doc.write_text("Kick-off meetings utilise the room.\n")
    proc = mtclean("rules", "test", "--rules", str(rules))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    proc = mtclean("rules", "show", "USR001", "--rules", str(rules))
    assert proc.returncode == 0
    assert "entries:  2" in proc.stdout and "'kick-off meeting{s}' -> 'launch meeting{s}'" in proc.stdout
    assert "bad:  'The kickoff meetings start at nine.' -> 'The launch meetings start at nine.'" in proc.stdout
    proc = mtclean("fix", str(doc), "--rules", str(rules), "--unsafe-fixes", "--select", "USR")
    assert proc.returncode in (0, 1), proc.stderr
    assert doc.read_text() == "Launch meetings use the room.\n"


@pytest.mark.parametrize(
    ("entry", "line", "problem"),
    [
        ("- phrase: a b c\n  replace: x\n  fix: maybe\n  examples: {bad: [a b c]}", 9, "fix must be one of"),
        ("- phrase: a b c\n  sugestion: x\n  examples: {bad: [a b c]}", 9, "unknown key 'sugestion'"),
        ("- phrase: a b c\n  replace: x\n  fix: safe\n  examples: {bad: [a b c]}", 9, "needs 'fixed'"),
        ("- phrase: a b c{s}\n  replace: x{s}{y}\n  fix: safe\n  examples: {bad: [{text: a b c, fixed: x}]}", 9, "slots"),
        ("- phrase: a b c\n  suggestion: x\n  examples: {good: [x]}", 9, "at least one 'bad'"),
        ("- phrase: a b c\n  suggestion: x\n  examples: {bad: [a b c]}\n- phrase: A B C\n  suggestion: y\n  examples: {bad: [A B C]}", 12,
         "already in this table (line 9)"),
        ("- phrase: '{a|b'\n  suggestion: x\n  examples: {bad: [a]}", 9, "unbalanced braces"),
        ("- phrase: ', a'\n  suggestion: x\n  examples: {bad: [a]}", 9, "must start and end with a letter or digit"),
        ("- phrase: a b c\n  suggestion: x\n  near: [[x]]\n  examples: {bad: [a b c]}", 9, "'near' is a word or a list"),
        ("- just text", 4, "each phrases entry is a mapping"),
        ("- phrase: '" + "{a|b|c|d|e|f|g|h|i|j}" * 30 + " x'\n  suggestion: y\n  examples: {bad: [a x]}", 9, "more than 256 forms"),
        ("- phrase: 17\n  suggestion: y\n  examples: {bad: [a x]}", 9, "'phrase' is a phrase or a list"),
        ("- phrase: a b c\n  suggestion: y\n  case: [exact]\n  examples: {bad: [a b c]}", 9, "'case' is 'any' or 'exact'"),
    ],
)
def test_errors_in_an_entry_name_the_file_and_line(tmp_path: Path, entry: str, line: int, problem: str) -> None:
    body = textwrap.indent(entry, " " * 6)
    (tmp_path / "t.yaml").write_text(
        "stage: calque\nclass: calque\nrules:\n  - id: TST001\n    kind: phrases\n    message: m\n    phrases:\n\n" + body + "\n"
    )
    with pytest.raises(RuleError) as err:
        load_rules([tmp_path], builtin=False)
    assert str(err.value).startswith(f"{tmp_path / 't.yaml'}:{line}: TST001: "), str(err.value)
    assert problem in str(err.value)
    proc = mtclean("rules", "list", "--rules", str(tmp_path))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and f"t.yaml:{line}:" in proc.stderr


def test_a_table_in_a_stage_with_a_special_matcher_runs_there(tmp_path: Path) -> None:
    """Capitalization's stage hands its own kind to its matcher and phrase tables to the phrase stage."""
    (tmp_path / "t.yaml").write_text(
        "stage: capitalization\nclass: capitalization\nrules:\n  - id: TST001\n    kind: phrases\n    message: m\n"
        "    phrases:\n      - {phrase: federal Chancellery, replace: Federal Chancellery, fix: safe, case: exact,\n"
        "         examples: {bad: [{text: 'At the federal Chancellery.', fixed: 'At the Federal Chancellery.'}]}}\n"
    )
    rules = load_rules([tmp_path])
    config = Config(select=["TST"])
    result = build_pipeline(rules, config).run("Talks at the federal Chancellery ended.")
    assert result.cleaned == "Talks at the Federal Chancellery ended."
    assert [f.stage for f in result.findings] == ["capitalization"]


def test_phrases_rule_examples_belong_to_entries(tmp_path: Path) -> None:
    (tmp_path / "t.yaml").write_text(
        "stage: calque\nrules:\n  - id: TST001\n    kind: phrases\n    message: m\n"
        "    examples: {bad: [x], good: [y]}\n    phrases:\n      - {phrase: a b, suggestion: c, examples: {bad: [a b]}}\n"
    )
    with pytest.raises(RuleError, match="examples belong to its entries"):
        load_rules([tmp_path], builtin=False)


def test_a_phrases_rule_in_a_stage_with_its_own_matcher_is_refused(tmp_path: Path) -> None:
    (tmp_path / "t.yaml").write_text(
        "stage: encoding\nrules:\n  - id: TST001\n    kind: phrases\n    message: m\n"
        "    phrases:\n      - {phrase: a b, suggestion: c, examples: {bad: [a b]}}\n"
    )
    with pytest.raises(RuleError, match="cannot run in stage encoding"):
        load_rules([tmp_path], builtin=False)


def test_a_table_built_from_the_cache_is_the_table_built_from_its_rows(tmp_path, monkeypatch) -> None:
    """A table checked and built once is read back from the disk cache at the next start:
    the entries and examples must be exactly those the rows give."""
    from mtclean import lexcache
    from mtclean.rules import load_rules

    monkeypatch.setenv("MTCLEAN_CACHE_DIR", str(tmp_path))
    first = load_rules()
    assert any(tmp_path.glob("phrases-*.marshal"))
    from mtclean import phrase_table

    built: list[object] = []
    real = phrase_table._check_and_build
    monkeypatch.setattr(phrase_table, "_check_and_build", lambda *a: (built.append(a), real(*a)))
    second = load_rules()  # the same rows: from the cache
    assert not built  # the cache key is the same bytes in every process (marshal version 0)
    monkeypatch.setattr(phrase_table, "_check_and_build", real)
    monkeypatch.setenv("MTCLEAN_CACHE_DIR", "off")
    fresh = load_rules()
    tables = [r for r in fresh.rules if r.kind == "phrases"]
    assert tables
    for other in (first, second):
        by_id = {r.id: r for r in other.rules}
        for rule in tables:
            assert by_id[rule.id].compiled.entries == rule.compiled.entries
            assert by_id[rule.id].bad == rule.bad and by_id[rule.id].good == rule.good
    assert lexcache.recall("phrases", b"rows never seen") is lexcache.MISSING


def test_a_damaged_table_cache_is_built_again(tmp_path, monkeypatch) -> None:
    """A cache file of the right name but the wrong shape is ignored: the table is built
    from its rows, as if there were no cache."""
    import marshal

    from mtclean.rules import load_rules

    monkeypatch.setenv("MTCLEAN_CACHE_DIR", str(tmp_path))
    first = load_rules()
    for cached in tmp_path.glob("phrases-*.marshal"):
        cached.write_bytes(marshal.dumps(([("too", "few")], [("bad",)])))
    again = load_rules()
    by_id = {r.id: r for r in again.rules}
    for rule in (r for r in first.rules if r.kind == "phrases"):
        assert by_id[rule.id].compiled.entries == rule.compiled.entries
        assert by_id[rule.id].bad == rule.bad
