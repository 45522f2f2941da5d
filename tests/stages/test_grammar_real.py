"""The grammar stage against a real LanguageTool: the one `mtclean languagetool install` put in
the user cache (`.ci/run` installs it). One server serves the whole session; the tests of
the life cycle (a run that starts its own server, the server dying mid-run, Ctrl-C) start
their own, as a user's run would.

Without an install (or Java) these tests are skipped; under CI (the ``CI`` environment
variable) they fail instead, so CI cannot pass without having run them.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import REAL_LT_HOME, ROOT

from mtclean import languagetool as lt
from mtclean import lt_install, lt_server
from mtclean.api import rules_for
from mtclean.config import Config, GrammarConfig
from mtclean.model import Finding
from mtclean.runner import run as run_batch
from mtclean.stages import build_pipeline

# One LanguageTool server serves the whole session: under pytest-xdist every test of this file runs
# on the same worker (tests/conftest.py's scheduler; this mark says the same to xdist's loadgroup).
pytestmark = pytest.mark.xdist_group("languagetool")


def unavailable(why: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"CI runs the grammar stage against a real LanguageTool, but {why}")
    pytest.skip(why)


@contextmanager
def real_home() -> Iterator[None]:
    before = os.environ.get("MTCLEAN_LANGUAGETOOL_HOME")
    os.environ["MTCLEAN_LANGUAGETOOL_HOME"] = str(REAL_LT_HOME)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("MTCLEAN_LANGUAGETOOL_HOME", None)
        else:
            os.environ["MTCLEAN_LANGUAGETOOL_HOME"] = before


@pytest.fixture(scope="session")
def install() -> lt_install.Installed:
    with real_home():
        made = lt_install.installed()
    if made is None:
        unavailable(f"no LanguageTool installed in {REAL_LT_HOME} (run `mtclean languagetool install`)")
    if lt_install.java() is None:
        unavailable("no `java` found to run LanguageTool")
    return made  # type: ignore[return-value]


@pytest.fixture(scope="session")
def server(install: lt_install.Installed) -> Iterator[lt_server.LocalServer]:
    try:
        srv = lt_server.LocalServer(install, lt_install.java() or "java", startup_timeout=300).start()
    except lt_server.StartError as exc:
        unavailable(f"LanguageTool did not start: {exc}")
    yield srv
    srv.stop()


@pytest.fixture(autouse=True)
def fresh() -> Iterator[None]:
    lt.forget_connections()
    yield
    lt.forget_connections()


def config(server: lt_server.LocalServer, **grammar: object) -> Config:
    return Config(grammar=GrammarConfig(mode="server", url=server.url, **grammar))  # type: ignore[arg-type]


def clean(text: str, cfg: Config) -> tuple[object, str]:
    pipeline = build_pipeline(rules_for(cfg), cfg)
    stage = next(s for s in pipeline.stages if s.name == "grammar")
    return pipeline.run(text, "doc.txt"), stage.status  # type: ignore[attr-defined]


def lt_findings(result: object) -> list[Finding]:
    return [f for f in result.findings if f.stage == "grammar"]  # type: ignore[attr-defined]


def languagetool_children(parent: int) -> list[int]:
    """Running LanguageTool servers whose parent process is ``parent``."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes().decode("utf-8", "replace")
        except OSError:
            continue
        if int(fields[1]) == parent and fields[0] != "Z" and lt_install.SERVER_CLASS in cmdline:
            found.append(int(stat.parent.name))
    return found


def answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/v2/languages", timeout=2) as answer:
            return bool(answer.status == 200)
    except OSError:
        return False


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


# ---------------------------------------------------------------- findings


def test_findings_are_placed_in_the_original_through_earlier_edits(server: lt_server.LocalServer) -> None:
    original = (
        "Home › Politics › Europe\n"
        "As the spokesman confirmed 🙂, the committee made a error in the the final report.\n"
    )
    result, status = clean(original, config(server))
    assert status == "ran"
    assert "Home ›" not in result.cleaned  # type: ignore[attr-defined]  # an earlier stage removed a line first
    found = {f.rule: f for f in lt_findings(result)}
    a_an = found["LT:EN_A_VS_AN"]
    assert (a_an.start, a_an.end) == (original.index("a error"), original.index("a error") + 1)
    assert a_an.suggestion == "an" and a_an.extra["category"] == "MISC"
    repeat = found["LT:ENGLISH_WORD_REPEAT_RULE"]
    assert original[repeat.start : repeat.end].lower() == "the the"


def test_a_long_file_is_checked_in_chunks(server: lt_server.LocalServer) -> None:
    paragraphs = [f"Item {i}: the inspectors found a error in section {i} of the audit." for i in range(60)]
    long_paragraph = " ".join(f"Sentence {i} of the long paragraph is fine." for i in range(80))
    long_paragraph += " The last sentence has a error too."
    text = "\n\n".join(paragraphs + [long_paragraph]) + "\n"
    cfg = config(server, max_chars=1500)
    assert len(lt.chunks(text, 1500)) >= 5
    result, status = clean(text, cfg)
    assert status == "ran"
    starts = sorted(f.start for f in lt_findings(result) if f.rule == "LT:EN_A_VS_AN")
    expected = []
    pos = text.find("a error")
    while pos != -1:
        expected.append(pos)
        pos = text.find("a error", pos + 1)
    assert starts == expected and len(expected) == 61


def test_picky_mode_turns_on_picky_rules(server: lt_server.LocalServer) -> None:
    text = 'The minister said "we will see" and left.\n'
    plain, _ = clean(text, config(server, picky=False, disabled_categories=[]))
    picky, _ = clean(text, config(server, picky=True, disabled_categories=[], disabled_rules=[]))
    assert not [f for f in lt_findings(plain) if f.rule == "LT:EN_QUOTES"]
    quotes = [f for f in lt_findings(picky) if f.rule == "LT:EN_QUOTES"]
    assert [text[f.start : f.end] for f in quotes] == ['"', '"']


def test_disabled_rules_and_categories_are_not_asked_for(server: lt_server.LocalServer) -> None:
    text = "The board made a error. We discussed about the budget.\n"
    both, _ = clean(text, config(server))
    assert {"LT:EN_A_VS_AN", "LT:MENTION_ABOUT"} <= {f.rule for f in lt_findings(both)}
    fewer, _ = clean(text, config(server, disabled_rules=["EN_A_VS_AN"], disabled_categories=["COLLOCATIONS"]))
    assert not {"LT:EN_A_VS_AN", "LT:MENTION_ABOUT"} & {f.rule for f in lt_findings(fewer)}


def _as_paragraphs(path: Path) -> str:
    """A corpus file (one segment a line) as one text, a segment per paragraph."""
    return "\n\n".join(line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()) + "\n"


def test_human_references_get_at_most_0_3_languagetool_fixes_per_100kb(
    server: lt_server.LocalServer, shared: Path
) -> None:
    refs = sorted((shared / "data" / "wmt21-deen").glob("*.ref.*.en"))
    assert len(refs) == 2
    applied, size = [], 0
    for ref in refs:
        text = _as_paragraphs(ref)
        size += len(text.encode("utf-8"))
        result, status = clean(text, config(server))
        assert status == "ran"
        applied += [(f.rule, f.text) for f in lt_findings(result) if f.applied]
    assert len(applied) <= 0.3 * size / 100_000, applied


def test_machine_translation_does_get_languagetool_fixes(server: lt_server.LocalServer, shared: Path) -> None:
    """The budget above must not be met by a profile that applies nothing."""
    hyp = shared / "data" / "wmt21-deen" / "newstest2021.de-en.hyp.Online-G.en"
    cfg = config(server)
    cfg.unsafe_fixes = True
    result, status = clean(_as_paragraphs(hyp), cfg)
    assert status == "ran"
    assert [f for f in lt_findings(result) if f.applied]


# ---------------------------------------------------------------- the life cycle of a run's own server


def test_mtclean_run_starts_languagetool_and_leaves_nothing_behind(
    install: lt_install.Installed, tmp_path: Path
) -> None:
    doc = tmp_path / "article.txt"
    doc.write_text("The mayor opened a exhibition about the the history of the harbour.\n", encoding="utf-8")
    env = dict(os.environ, MTCLEAN_LANGUAGETOOL_HOME=str(REAL_LT_HOME))
    proc = subprocess.Popen(
        [sys.executable, "-m", "mtclean", "run", "seeds/", str(doc), "--out", str(tmp_path / "out")],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    seen: set[int] = set()
    while proc.poll() is None:
        seen.update(languagetool_children(proc.pid))
        time.sleep(0.2)
    out, err = proc.communicate()
    assert proc.returncode == 0, err
    assert "grammar stage" not in out + err  # it ran: nothing to say about it
    assert seen and not [p for p in seen if alive(p)]  # it had a server of its own, and it is gone
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert [s["status"] for s in report["run"]["stages"] if s["name"] == "grammar"] == ["ran"]
    mine = next(f for f in report["files"] if f["path"].endswith("article.txt"))
    rules = {f["rule"] for f in mine["findings"] if f["stage"] == "grammar"}
    assert "LT:EN_A_VS_AN" in rules and all(r.startswith("LT:") for r in rules)


def test_server_stopped_mid_run(install: lt_install.Installed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = []
    for i in range(5):
        p = tmp_path / f"report{i}.txt"
        p.write_text(f"The Switzerland has voted.\n\nThe agency made a error in report {i}.\n", encoding="utf-8")
        files.append(p)
    checks = []
    real_check = lt.Connection.check

    def check_then_die(self: lt.Connection, text: str) -> list[lt.Match]:
        checks.append(text)
        if len(checks) == 2 and self.server is not None:  # the server dies after one answer
            self.server.proc.kill()  # type: ignore[union-attr]
            self.server.proc.wait()  # type: ignore[union-attr]
        return real_check(self, text)

    monkeypatch.setattr(lt.Connection, "check", check_then_die)
    cfg = Config(grammar=GrammarConfig(mode="auto", concurrency=1))
    before = set(lt_server.running_pids())  # e.g. the session's server
    with real_home():
        out = run_batch(files, tmp_path / "out", cfg, rules_for(cfg))
    (status,) = [s["status"] for s in out.report["run"]["stages"] if s["name"] == "grammar"]
    assert status.startswith("partial: 1 of 2 LanguageTool requests failed") and "stopped asking" in status
    assert "stopped answering (the connection was refused or closed)" in status
    assert "\n" not in status and len(status) < 600
    with_lt = [r for r in out.results if any(f.stage == "grammar" for f in r.findings)]
    assert len(with_lt) == 1  # the one answer before the server died is kept
    for r in out.results:  # every file still got the other stages' work
        assert r.cleaned.startswith("Switzerland has voted.")
    assert set(lt_server.running_pids()) == before


def test_ctrl_c_stops_the_server(install: lt_install.Installed, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    body = "\n\n".join(f"Paragraph {i}: the delegation made a error in its statement." for i in range(40))
    for i in range(200):
        (docs / f"d{i:03}.txt").write_text(body + "\n", encoding="utf-8")
    env = dict(os.environ, MTCLEAN_LANGUAGETOOL_HOME=str(REAL_LT_HOME))
    proc = subprocess.Popen(
        [sys.executable, "-m", "mtclean", "run", str(docs), "--out", str(tmp_path / "out")],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.monotonic() + 300
    children: list[int] = []
    while not children and time.monotonic() < deadline and proc.poll() is None:
        children = languagetool_children(proc.pid)
        time.sleep(0.2)
    assert children, "the run never started a LanguageTool"
    cmdline = Path(f"/proc/{children[0]}/cmdline").read_bytes().split(b"\0")
    port = int(cmdline[cmdline.index(b"--port") + 1])
    while not answers(port) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
    time.sleep(1)  # the run is now sending text
    assert proc.poll() is None, "the run ended before it could be interrupted"
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "Traceback" not in err
    gone = time.monotonic() + 10
    while any(alive(p) for p in children) and time.monotonic() < gone:
        time.sleep(0.1)
    assert not any(alive(p) for p in children)
