"""The grammar stage with ``--lines``: its ``candidates`` leave every segment out when no
LanguageTool answers (so the stage costs nothing per segment) without changing what the
run reports, and every segment when one answers (stand-in server, tests/stages/lt_fake.py)."""

from __future__ import annotations

import pytest
from lt_fake import FakeLanguageTool, fresh  # noqa: F401 (fresh: an autouse fixture)

from mtclean import languagetool as lt
from mtclean.api import rules_for
from mtclean.config import Config, GrammarConfig
from mtclean.pipeline import Context
from mtclean.stages import build_pipeline
from mtclean.stages.grammar import GrammarStage

SEGMENTS = ["The talks resumed on Monday.", "I ate a apple yesterday.", "", "He will will go home."]




def _run(text: str, mode: str, url: str | None = None) -> tuple[object, GrammarStage]:
    cfg = Config(lines=True, grammar=GrammarConfig(mode=mode, url=url))  # type: ignore[arg-type]
    pipeline = build_pipeline(rules_for(cfg), cfg)
    stage = next(s for s in pipeline.stages if s.name == "grammar")
    return pipeline.run(text, "mt.txt"), stage  # type: ignore[return-value]


def test_a_server_checks_every_segment() -> None:
    text = "\n".join(SEGMENTS) + "\n"
    with FakeLanguageTool() as fake:
        result, stage = _run(text, "server", fake.url)
        assert stage.candidates(SEGMENTS, Context(stage.config, rules_for(stage.config))) is None
        checked = {r["text"] for r in fake.checks()}
    assert {s for s in SEGMENTS if s} <= checked  # each segment went on its own
    found = {(f.rule, f.text, f.start) for f in result.findings if f.cls == "grammar"}  # type: ignore[attr-defined]
    assert found == {
        ("LT:EN_A_VS_AN", "a", text.index("a apple")),
        ("LT:ENGLISH_WORD_REPEAT_RULE", "will will", text.index("will will")),
    }
    assert stage.status == "ran"


@pytest.mark.parametrize("mode", ["auto", "off"])
def test_no_languagetool_no_segment_and_the_same_status(mode: str) -> None:
    text = "\n".join(SEGMENTS) + "\n"
    lined, stage = _run(text, mode)
    assert stage.candidates(SEGMENTS, Context(stage.config, rules_for(stage.config))) == set()
    # the status a run without --lines reports for the same text
    cfg = Config(grammar=GrammarConfig(mode=mode))  # type: ignore[arg-type]
    plain = next(s for s in build_pipeline(rules_for(cfg), cfg).stages if s.name == "grammar")
    lt.forget_connections()
    plain.check(text, Context(cfg, rules_for(cfg)))
    assert stage.status == plain.status
    assert stage.status.startswith("skipped: " if mode == "auto" else "off: ")
    assert not [f for f in lined.findings if f.cls == "grammar"]  # type: ignore[attr-defined]


def test_blank_segments_never_reach_for_languagetool() -> None:
    _, stage = _run("\n  \n\n", "auto")
    assert stage.status == "not run: no text reached the stage"
