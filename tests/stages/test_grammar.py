"""The grammar stage against a stand-in LanguageTool server (tests/stages/lt_fake.py), with
the real language-tool-python client in between: findings, offsets through earlier
edits, chunking, time-outs, 500s, garbage, a server that is down, and the CLI."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from conftest import mtclean
from lt_fake import FakeLanguageTool, closed_port_url, fresh, load  # noqa: F401 (fresh: an autouse fixture)

from mtclean import languagetool as lt
from mtclean import lt_install, lt_profile, lt_server
from mtclean.api import rules_for
from mtclean.config import Config, GrammarConfig
from mtclean.model import Finding
from mtclean.pipeline import Context, Pipeline
from mtclean.runner import run as run_batch
from mtclean.stages import build_pipeline, build_stages
from mtclean.stages.grammar import GrammarStage, competes


def config(url: str | None, **grammar: object) -> Config:
    return Config(grammar=GrammarConfig(mode=grammar.pop("mode", "server"), url=url, **grammar))  # type: ignore[arg-type]


def run_text(text: str, cfg: Config) -> tuple[object, GrammarStage]:
    pipeline = build_pipeline(rules_for(cfg), cfg)
    stage = next(s for s in pipeline.stages if s.name == "grammar")
    return pipeline.run(text, "doc.txt"), stage  # type: ignore[return-value]


def grammar_findings(result: object) -> list[Finding]:
    return [f for f in result.findings if f.cls == "grammar"]  # type: ignore[attr-defined]


# ---------------------------------------------------------------- parsing the real format


def test_fixture_responses_parse_to_code_point_spans() -> None:
    for name in ("check_en_a_vs_an.json", "check_word_repeat.json"):
        fixture = load(name)
        text = fixture["request"]["text"]
        (m,) = lt.parse_matches(fixture["response"], text)
        raw = fixture["response"]["matches"][0]
        assert text[m.start : m.end] == raw["context"]["text"][raw["context"]["offset"] :][: raw["length"]]
        assert m.rule_id == raw["rule"]["id"] and m.category == "MISC"
        assert m.replacements == [r["value"] for r in raw["replacements"]]


def test_utf16_offsets_become_code_points() -> None:
    text = "😀 x 😀😀 I ate a apple."
    answer = FakeLanguageTool().answer_check(text, "en-US")
    (m,) = lt.parse_matches(answer, text)
    assert answer["matches"][0]["offset"] != text.index("a apple")  # Java counted the emoji twice
    assert (m.start, m.end) == (text.index("a apple"), text.index("a apple") + 1)


def test_malformed_match_is_an_error() -> None:
    with pytest.raises(ValueError):
        lt.parse_matches({"matches": [{"offset": 3}]}, "some text")
    with pytest.raises(ValueError):
        lt.parse_matches({"matches": [{"offset": 30, "length": 2, "rule": {"id": "X"}}]}, "short")


# ---------------------------------------------------------------- chunking


def test_chunks_keep_paragraphs_and_cover_the_text() -> None:
    paras = [f"Paragraph {i} says a thing or two about the talks." for i in range(30)]
    text = "\n\n".join(paras) + "\n"
    pieces = lt.chunks(text, 200)
    assert "".join(p for _, p in pieces) == text
    assert all(text[o : o + len(p)] == p for o, p in pieces)
    assert all(lt.utf16_len(p) <= 200 for _, p in pieces)
    assert all(p.endswith("\n\n") for _, p in pieces[:-1])  # cut only between paragraphs
    assert len(pieces) < len(paras)  # paragraphs are packed, not sent one by one


def test_long_paragraph_is_cut_at_sentence_ends() -> None:
    text = " ".join(f"Sentence number {i} is here." for i in range(40))
    pieces = lt.chunks(text, 100)
    assert "".join(p for _, p in pieces) == text
    assert all(lt.utf16_len(p) <= 100 for _, p in pieces)
    assert all(p.rstrip().endswith(".") for _, p in pieces)
    # no sentence end and no space at all: cut anyway, nothing lost
    blob = "x" * 250
    assert [len(p) for _, p in lt.chunks(blob, 100)] == [100, 100, 50]
    assert lt.chunks("😀" * 60, 100)[0][1] == "😀" * 50  # 50 emoji are 100 UTF-16 units


# ---------------------------------------------------------------- findings through the pipeline


def test_findings_carry_rule_id_message_category_and_suggestion() -> None:
    text = "The talks will will resume on Monday. I ate a apple yesterday.\n"
    with FakeLanguageTool() as fake:
        result, stage = run_text(text, config(fake.url))
    found = {f.rule: f for f in grammar_findings(result)}
    assert set(found) == {"LT:EN_A_VS_AN", "LT:ENGLISH_WORD_REPEAT_RULE"}
    a = found["LT:EN_A_VS_AN"]
    assert a.text == "a" and text[a.start : a.end] == "a" and a.start == text.index("a apple")
    assert a.message.startswith("Use “an” instead of ‘a’")
    assert a.suggestion == "an" and a.extra["category"] == "MISC" and a.stage == "grammar"
    assert not a.applied and a.edit is None and a.fix == "none"
    assert found["LT:ENGLISH_WORD_REPEAT_RULE"].text == "will will"
    assert result.cleaned == text  # LanguageTool's replacements are never applied by default
    assert stage.status == "ran"


def test_safe_fix_list_applies_named_rules_only() -> None:
    text = "The talks will will resume. I ate a apple.\n"
    with FakeLanguageTool() as fake:
        result, _ = run_text(text, config(fake.url, safe_fixes=["LT:EN_A_VS_AN"]))
    assert result.cleaned == "The talks will will resume. I ate an apple.\n"
    applied = [f.rule for f in grammar_findings(result) if f.applied]
    assert applied == ["LT:EN_A_VS_AN"]
    assert [(e.start, e.end, e.replacement) for e in result.edits] == [
        (text.index("a apple"), text.index("a apple") + 1, "an")
    ]


def test_unsafe_fix_list_applies_only_with_unsafe_fixes() -> None:
    text = "The talks will will resume. I ate a apple.\n"
    with FakeLanguageTool() as fake:
        cfg = config(fake.url, safe_fixes=[], unsafe_fixes=["ENGLISH_WORD_REPEAT_RULE"])
        plain, _ = run_text(text, cfg)
        lt.forget_connections()
        cfg.unsafe_fixes = True
        unsafe, _ = run_text(text, cfg)
    (repeat,) = [f for f in grammar_findings(plain) if f.rule == "LT:ENGLISH_WORD_REPEAT_RULE"]
    assert repeat.fix == "unsafe" and not repeat.applied and plain.cleaned == text
    assert unsafe.cleaned == "The talks will resume. I ate a apple.\n"


def test_offsets_map_through_an_earlier_boilerplate_edit() -> None:
    text = "Home › Business › Markets\nShe ate a apple on Monday.\n"
    with FakeLanguageTool() as fake:
        result, _ = run_text(text, config(fake.url))
        sent = fake.checks()[0]["text"]
    assert "Home" not in sent  # the grammar stage saw the text after the boilerplate stage
    assert any(f.rule == "BOI001" and f.applied for f in result.findings)
    (a,) = grammar_findings(result)
    assert a.start == text.index("a apple") and a.text == "a"
    assert sent.index("a apple") != a.start  # the span really was moved


def test_offsets_with_emoji_before_the_error() -> None:
    text = "Fans 😀😀 cheered. It was a odd mistake, a official said.\n"
    with FakeLanguageTool() as fake:
        result, _ = run_text(text, config(fake.url))
    spans = sorted((f.start, f.text) for f in grammar_findings(result))
    assert spans == [(text.index("a odd"), "a"), (text.index("a official"), "a")]


def test_long_text_is_chunked_within_the_server_limit() -> None:
    paras = [f"In part {i} the council met and a agreement was reached." for i in range(40)]
    text = "\n\n".join(paras) + "\n"
    with FakeLanguageTool(max_text_length=400) as fake:
        result, stage = run_text(text, config(fake.url, max_chars=400))
        sizes = [len(r["text"]) for r in fake.checks()]
    assert stage.status == "ran"  # no request was refused with 413
    assert len(sizes) > 1 and max(sizes) <= 400
    starts = sorted(f.start for f in grammar_findings(result))
    expected = [text.index("a agreement", text.index(p)) for p in paras]
    assert starts == expected


def test_too_large_chunk_is_reported_not_hidden() -> None:
    text = "\n\n".join(f"Part {i}: a agreement was reached." for i in range(20))
    with FakeLanguageTool(max_text_length=100) as fake:
        result, stage = run_text(text, config(fake.url, max_chars=10_000))
    assert stage.status.startswith("partial: 1 of 1") and "exceeds the limit of 100" in stage.status
    assert grammar_findings(result) == []


def test_config_passes_through_as_request_parameters() -> None:
    cfg = config(
        None,
        picky=True,
        disabled_rules=["EN_QUOTES", "WHITESPACE_RULE"],
        disabled_categories=["TYPOS"],
        enabled_categories=["PLAIN_ENGLISH"],
        mother_tongue=None,
        language="en-GB",
    )
    with FakeLanguageTool() as fake:
        cfg.grammar.url = fake.url
        run_text("A text.", cfg)
        (req,) = fake.checks()
    assert req["language"] == "en-GB" and req["level"] == "picky"
    assert req["motherTongue"] == "de"  # None: the run's source language
    assert set(req["disabledRules"].split(",")) == {"EN_QUOTES", "WHITESPACE_RULE"}
    assert req["disabledCategories"] == "TYPOS" and req["enabledCategories"] == "PLAIN_ENGLISH"
    with FakeLanguageTool() as fake:
        run_text("A text.", config(fake.url))  # the profile: its disabled rules, no mother tongue
        (req,) = fake.checks()
        assert "motherTongue" not in req and "level" not in req
        assert set(req["disabledRules"].split(",")) == set(lt_profile.DISABLED_RULES)


def test_select_and_ignore_apply_to_languagetool_rule_ids() -> None:
    text = "The talks will will resume. I ate a apple.\n"
    with FakeLanguageTool() as fake:
        cfg = config(fake.url)
        cfg.ignore = ["LT:ENGLISH_WORD_REPEAT_RULE"]
        result, _ = run_text(text, cfg)
        assert [f.rule for f in grammar_findings(result)] == ["LT:EN_A_VS_AN"]
        cfg = config(fake.url)
        cfg.select = ["LT:ENGLISH_WORD"]
        result, _ = run_text(text, cfg)
        assert [f.rule for f in result.findings] == ["LT:ENGLISH_WORD_REPEAT_RULE"]
    for selector in (["calque"], ["CAL002"]):
        assert not any(s.name == "grammar" for s in build_stages(rules_for(Config()), Config(select=selector)))
    assert not any(s.name == "grammar" for s in build_stages(rules_for(Config()), Config(ignore=["grammar"])))


def test_rule_tests_never_build_the_grammar_stage() -> None:
    rules = rules_for(Config())
    assert not any(s.name == "grammar" for s in build_stages(rules, Config(), only=rules.rules[:1]))


class _Flag:
    """A rule stage that flags ``text[start:end]``, with or without a suggestion."""

    name = "calque"

    def __init__(self, start: int, end: int, suggestion: str | None = None) -> None:
        self.start, self.end, self.suggestion = start, end, suggestion

    def check(self, text: str, ctx: Context) -> list[Finding]:
        return [Finding("CAL999", "calque", "warning", self.start, self.end, "flagged", suggestion=self.suggestion)]


def merged(text: str, rule_stage: _Flag) -> list[Finding]:
    with FakeLanguageTool() as fake:
        cfg = config(fake.url)
        return Pipeline([rule_stage, GrammarStage(cfg)], cfg, rules_for(cfg)).run(text).findings


def test_one_finding_per_place_the_better_one_kept() -> None:
    text = "I ate a apple and the the pie."
    a = text.index("a apple")
    # The rule has its own suggestion: it stays, LanguageTool's match on the place is named under `also`.
    found = merged(text, _Flag(a, a + 1, suggestion="an"))
    assert [f.rule for f in found] == ["CAL999", "LT:ENGLISH_WORD_REPEAT_RULE"]
    assert found[0].extra["also"] == ["LT:EN_A_VS_AN"]
    # The rule only flags (nearly) the same place: LanguageTool's suggestion replaces it.
    found = merged(text, _Flag(a, a + 2))
    assert [f.rule for f in found] == ["LT:EN_A_VS_AN", "LT:ENGLISH_WORD_REPEAT_RULE"]
    assert found[0].extra["also"] == ["CAL999"] and found[0].suggestion == "an"


def test_a_word_inside_a_flagged_clause_is_not_a_rival() -> None:
    text = "I ate a apple and the the pie."
    found = merged(text, _Flag(0, len("I ate a apple and")))
    assert [f.rule for f in found] == ["CAL999", "LT:EN_A_VS_AN", "LT:ENGLISH_WORD_REPEAT_RULE"]
    assert "also" not in found[0].extra


def test_competing_spans() -> None:
    def f(start: int, end: int) -> Finding:
        return Finding("X", "grammar", "info", start, end, "")

    assert competes(f(0, 4), f(0, 4)) and competes(f(0, 4), f(2, 6))  # same, crossing
    assert competes(f(0, 4), f(1, 4)) and not competes(f(0, 20), f(3, 5))  # nested: close in size or not
    assert not competes(f(0, 4), f(4, 8)) and not competes(f(2, 2), f(0, 4))


# ---------------------------------------------------------------- failures are bounded and reported


def test_slow_server_times_out_and_the_stage_stops_asking(tmp_path: Path) -> None:
    files = []
    for i in range(3):
        p = tmp_path / f"f{i}.txt"
        p.write_text(f"File {i}: a apple.\n", encoding="utf-8")
        files.append(p)
    with FakeLanguageTool(behaviour="sleep", sleep=3) as fake:
        cfg = config(fake.url, timeout=0.3, concurrency=1)
        out = run_batch(files, tmp_path / "out", cfg, rules_for(cfg))
        asked = len(fake.checks())
    (status,) = [s["status"] for s in out.report["run"]["stages"] if s["name"] == "grammar"]
    assert status.startswith("partial:") and "timed out" in status and "stopped asking" in status
    assert asked == 2  # language-tool-python's one retry, then no file asks again
    assert len(out.results) == 3  # every file still cleaned and reported


def test_server_that_hangs_on_languages_is_unavailable_quickly() -> None:
    with FakeLanguageTool(behaviour="sleep-languages", sleep=3) as fake:
        result, stage = run_text("I ate a apple.", config(fake.url, timeout=0.3))
    assert stage.status.startswith("failed: LanguageTool server at") and "timed out" in stage.status
    assert grammar_findings(result) == []


def test_an_answer_the_client_stopped_waiting_for_prints_nothing_later(capsys: pytest.CaptureFixture[str]) -> None:
    """The stand-in's handler outlives its test: its write to the closed connection must not put
    a traceback into whatever stderr a later test is capturing (it once failed CI so)."""
    with FakeLanguageTool(behaviour="sleep-languages", sleep=0.4) as fake:
        run_text("I ate a apple.", config(fake.url, timeout=0.1))
    time.sleep(0.8)  # the handler wakes, answers, and finds the connection gone
    assert "Traceback" not in capsys.readouterr().err
    assert fake.errors == []


@pytest.mark.parametrize(
    "behaviour, words",
    [
        ("500", "Internal Error"),
        ("garbage", "upstream proxy"),
        ("nomatches", "not a LanguageTool check answer"),
        ("badmatch", "match outside the text sent"),
    ],
)
def test_bad_answers_are_reported_and_the_run_goes_on(behaviour: str, words: str) -> None:
    text = "Home › Business › Markets\nI ate a apple.\n"
    with FakeLanguageTool(behaviour=behaviour) as fake:
        result, stage = run_text(text, config(fake.url))
    assert stage.status.startswith("partial: 1 of 1 LanguageTool requests failed") and words in stage.status
    assert result.cleaned == "I ate a apple.\n"  # the rule stages' work stands
    assert grammar_findings(result) == []


def test_server_that_is_down() -> None:
    url = closed_port_url()
    result, stage = run_text("I ate a apple.", config(url))
    assert stage.status.startswith(f"failed: LanguageTool server at {url} did not answer")
    assert result.cleaned == "I ate a apple."
    # auto: the configured server is tried, then a local LanguageTool; neither: skipped, with the way to enable it
    lt.forget_connections()
    _, stage = run_text("I ate a apple.", config(url, mode="auto"))
    assert stage.status.startswith(f"skipped: LanguageTool server at {url} did not answer")
    assert "is not installed in" in stage.status and "mtclean languagetool install" in stage.status


def test_server_url_forms() -> None:
    assert lt.server_base("localhost:8081") == "http://localhost:8081/"
    assert lt.server_base("http://lt.example.com/tools/lt") == "http://lt.example.com/tools/lt/"
    assert lt.server_base("https://lt.example.com/v2/") == "https://lt.example.com/"
    with FakeLanguageTool() as fake:
        _, stage = run_text("I ate a apple.", config(fake.url + "/v2"))
    assert stage.status == "ran"


def test_not_a_languagetool_server() -> None:
    with FakeLanguageTool() as fake:
        _, stage = run_text("I ate a apple.", config(fake.url + "/nothing-here/"))
    assert stage.status.startswith("failed:") and "did not answer" in stage.status


# ---------------------------------------------------------------- local and public modes


def fake_install(home: Path) -> Path:
    """An install's shape (marker and a server jar) without LanguageTool in it."""
    folder = home / lt_install.pinned_version()
    (folder / "lib").mkdir(parents=True)
    (folder / "lib" / f"languagetool-server-{lt_install.pinned_version()}.jar").write_bytes(b"")
    meta = {"version": lt_install.pinned_version(), "jars": 1, "size": 0}
    (folder / lt_install.MARKER).write_text(json.dumps(meta), encoding="utf-8")
    return folder


def test_not_installed_auto_skips_and_local_fails(tmp_path: Path) -> None:
    _, stage = run_text("Text.", config(None, mode="auto"))
    assert stage.status.startswith(f"skipped: LanguageTool {lt_install.pinned_version()} is not installed in ")
    lt.forget_connections()
    _, stage = run_text("Text.", config(None, mode="local"))
    assert stage.status.startswith("failed: LanguageTool") and "(run `mtclean languagetool install`)" in stage.status


def test_an_incomplete_install_is_not_trusted(tmp_path: Path) -> None:
    folder = fake_install(tmp_path / "lt-home")
    assert lt_install.installed() is not None
    (folder / "lib" / "extra.jar").write_bytes(b"")  # the folder no longer matches its marker
    assert lt_install.installed() is None


def test_installed_without_java_fails_even_in_auto(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake_install(tmp_path / "lt-home")
    monkeypatch.setattr(lt_install, "java", lambda: None)
    _, stage = run_text("Text.", config(None, mode="auto"))
    assert stage.status == (
        f"failed: LanguageTool {lt_install.pinned_version()} is installed but no `java` was found to run it"
    )


@pytest.mark.skipif(lt_install.java() is None, reason="needs Java")
def test_a_server_that_cannot_start_says_why(tmp_path: Path) -> None:
    fake_install(tmp_path / "lt-home")  # an empty jar: Java cannot find the server class
    before = set(lt_server.running_pids())
    _, stage = run_text("Text.", config(None, mode="auto"))
    assert stage.status.startswith("failed: local LanguageTool")
    assert "the server exited with status 1" in stage.status and "HTTPServer" in stage.status
    assert set(lt_server.running_pids()) == before


def test_start_up_is_bounded_and_leaves_nothing_behind(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake_install(tmp_path / "lt-home")
    java = tmp_path / "jdk" / "bin" / "java"
    java.parent.mkdir(parents=True)
    java.write_text("#!/bin/sh\nexec sleep 60\n", encoding="utf-8")  # starts, never answers
    java.chmod(0o755)
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "jdk"))
    started = time.monotonic()
    before = set(lt_server.running_pids())
    _, stage = run_text("Text.", config(None, mode="auto", startup_timeout=1.0))
    assert time.monotonic() - started < 15
    assert stage.status.endswith("did not start: the server did not answer within 1 s")
    assert set(lt_server.running_pids()) == before


def test_public_mode_respects_the_public_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeLanguageTool() as fake:
        monkeypatch.setattr(lt, "PUBLIC_URL", fake.url)
        conn = lt.connect(GrammarConfig(mode="public", max_chars=100_000), "de")
        assert conn.max_chars == lt.PUBLIC_MAX_CHARS and conn.concurrency == 1 and conn.limit is not None
        assert [m.rule_id for m in conn.check("I ate a apple.")] == ["EN_A_VS_AN"]


def test_rate_limit_waits_for_the_window(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [0.0]
    slept: list[float] = []
    monkeypatch.setattr(lt.time, "monotonic", lambda: clock[0])

    def sleep(s: float) -> None:
        slept.append(s)
        clock[0] += s

    monkeypatch.setattr(lt.time, "sleep", sleep)
    limit = lt._RateLimit(requests=2, chars=100)
    limit.wait(40)
    limit.wait(40)
    assert slept == []
    limit.wait(10)  # third request in the minute: waits for the window
    assert slept and clock[0] >= 60
    limit.wait(90)  # 10 + 90 chars fit only once the earlier ones left the window
    assert clock[0] >= 60


def test_mode_off() -> None:
    result, stage = run_text("I ate a apple.", config(None, mode="off"))
    assert stage.status.startswith("off") and grammar_findings(result) == []


# ---------------------------------------------------------------- concurrency and the CLI


def test_files_share_one_server_and_run_concurrently_up_to_the_limit(tmp_path: Path) -> None:
    files = []
    for i in range(6):
        p = tmp_path / f"f{i}.txt"
        p.write_text(f"Report {i}: a apple fell.\n", encoding="utf-8")
        files.append(p)
    with FakeLanguageTool(sleep=0.4) as fake:
        cfg = config(fake.url, concurrency=2)
        out = run_batch(files, tmp_path / "out", cfg, rules_for(cfg))
        languages = [r for r in fake.requests if r["path"].endswith("/languages")]
    assert fake.max_in_flight == 2
    assert len(languages) == 1  # one connection for the whole run
    assert [r.path for r in out.results] == [p.as_posix() for p in files]  # order kept
    assert all(any(f.rule == "LT:EN_A_VS_AN" for f in r.findings) for r in out.results)


def test_cli_without_languagetool_prints_one_skip_line(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = mtclean("run", "seeds/", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    lines = [ln for ln in (proc.stdout + proc.stderr).splitlines() if "grammar" in ln]
    assert len(lines) == 1 and lines[0].startswith("mtclean: grammar stage skipped: ")
    # short (the install folder aside: pytest's temporary one is long), on stderr
    home = os.environ.get("MTCLEAN_LANGUAGETOOL_HOME", "")
    assert "--languagetool-url" in lines[0] and lines[0] in proc.stderr and len(lines[0].replace(home, "~")) < 160
    quiet = mtclean("run", "seeds/", "--out", str(out), "-q")
    assert quiet.returncode == 0 and "grammar" not in quiet.stdout + quiet.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    (stage,) = [s for s in report["run"]["stages"] if s["name"] == "grammar"]
    assert stage["status"].startswith("skipped: LanguageTool 6.5 is not installed in ")


def test_cli_with_languagetool_url(tmp_path: Path) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text("From: Anna Schmidt\n\nThe council reached a agreement.\n", encoding="utf-8")
    with FakeLanguageTool() as fake:
        proc = mtclean("run", str(doc), "--out", str(tmp_path / "out"), "--languagetool-url", fake.url)
    assert proc.returncode == 0, proc.stderr
    assert "grammar" not in proc.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    (f,) = [f for f in report["files"][0]["findings"] if f["class"] == "grammar"]
    original = doc.read_text(encoding="utf-8")
    assert f["rule"] == "LT:EN_A_VS_AN" and f["text"] == "a" and f["start"] == original.index("a agreement")
    assert f["suggestion"] == "an" and f["applied"] is False and f["category"] == "MISC"
    assert "grammar:server" in report["signature"]


def test_cli_with_a_dead_server_or_bad_mode(tmp_path: Path) -> None:
    proc = mtclean("run", "seeds/", "--out", str(tmp_path / "o"), "--languagetool-url", closed_port_url())
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    (line,) = proc.stderr.strip().splitlines()
    assert line.startswith("mtclean: grammar stage failed: LanguageTool server at")
    assert (tmp_path / "o" / "report.json").exists()  # the run itself finished
    bad = mtclean("run", "seeds/", "--out", str(tmp_path / "o"), "--grammar", "sometimes")
    assert bad.returncode == 2 and bad.stderr.strip().startswith("mtclean: --grammar must be one of auto")


# ---------------------------------------------------------------- settings


def test_grammar_settings_from_a_config_table() -> None:
    made = GrammarConfig.from_dict(
        {"mode": "server", "url": "http://lt:8010", "picky": True, "safe_fixes": ["EN_A_VS_AN"]}
    )
    assert made.mode == "server" and made.picky and made.safe_fixes == ["EN_A_VS_AN"] and made.timeout == 60.0
    with pytest.raises(ValueError, match="unknown grammar setting"):
        GrammarConfig.from_dict({"mod": "server"})
    with pytest.raises(ValueError, match="grammar mode must be one of"):
        GrammarConfig.from_dict({"mode": "sometimes"})


def test_auto_mode_with_nothing_installed_skips_without_loading_the_client(tmp_path: Path) -> None:
    """The usual run without LanguageTool: the client and its HTTP stack (0.2 s) stay unloaded."""
    import os
    import subprocess
    import sys

    page = tmp_path / "page.txt"
    page.write_text("How the BBC reported, the results came late.\n", encoding="utf-8")
    code = (
        "import atexit, sys; from mtclean.entry import main;"
        " atexit.register(lambda: print('client loaded:', 'language_tool_python' in sys.modules));"
        f" sys.argv = ['mtclean', 'run', {str(page)!r}, '-q', '--out', {str(tmp_path / 'out')!r}]; main()"
    )
    env = {**os.environ, "MTCLEAN_LANGUAGETOOL_HOME": str(tmp_path / "empty-home")}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120, check=False)
    assert "client loaded: False" in out.stdout, out.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    status = next(s["status"] for s in report["run"]["stages"] if s["name"] == "grammar")
    assert status.startswith(f"skipped: LanguageTool {lt_install.pinned_version()} is not installed in ")


def test_maybe_installed_is_true_for_anything_the_full_look_up_must_judge(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("MTCLEAN_LANGUAGETOOL_HOME", str(tmp_path / "home"))
    assert lt_install.maybe_installed() is False  # no folder at all
    (tmp_path / "home" / "6.4").mkdir(parents=True)
    assert lt_install.maybe_installed() is False  # a folder without a marker: never an install
    fake_install(tmp_path / "home")
    assert lt_install.maybe_installed() is True and lt_install.installed() is not None
