"""In a source-aware run the grammar stage sends each segment with its German source (LanguageTool's bitext mode)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "stages"))
from lt_fake import FakeLanguageTool

from mtclean import languagetool as lt
from mtclean.api import rules_for
from mtclean.config import Config, GrammarConfig
from mtclean.source.runner import run


@pytest.fixture(autouse=True)
def fresh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    lt.forget_connections()
    (tmp_path / "ltp").mkdir()
    monkeypatch.setenv("LTP_PATH", str(tmp_path / "ltp"))
    yield
    lt.forget_connections()


def test_each_segment_goes_with_its_source(tmp_path: Path) -> None:
    (tmp_path / "src.de").write_text("Ich aß einen Apfel.\nDas Wetter ist schön.\n")
    (tmp_path / "mt.en").write_text("I ate a apple.\nThe weather is nice.\n")
    with FakeLanguageTool() as fake:
        cfg = Config(grammar=GrammarConfig(mode="server", url=fake.url))
        result, _ = run([tmp_path / "mt.en"], tmp_path / "out", cfg, rules_for(cfg), source=tmp_path / "src.de")
        sent = {(r["text"], r.get("srctext"), r.get("motherTongue")) for r in fake.checks()}
    assert sent == {("I ate a apple.", "Ich aß einen Apfel.", "de"), ("The weather is nice.", "Das Wetter ist schön.", "de")}
    assert any(f.rule.startswith("LT:") for f in result.results[0].findings)


def test_plain_runs_send_no_source() -> None:
    with FakeLanguageTool() as fake:
        cfg = Config(grammar=GrammarConfig(mode="server", url=fake.url))
        from mtclean.stages import build_pipeline

        build_pipeline(rules_for(cfg), cfg).run("I ate a apple.", "doc.txt")
        assert all("srctext" not in r for r in fake.checks())
