"""runner.run: the heap alive after cleaning is held out of full collections while the
outputs are written, and handed back to the collector afterwards."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from mtclean.api import rules_for
from mtclean.config import Config, GrammarConfig
from mtclean.report import html as html_report
from mtclean.runner import run


def test_outputs_are_written_with_the_heap_frozen_and_it_is_released(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Input: one small file run through runner.run. Outcome: while report.html is
    written, the objects alive before it are frozen (gc.get_freeze_count() > 0); after
    the run none are, also when writing the report fails."""
    src = tmp_path / "a.txt"
    src.write_text("This is is a sentence.\n", encoding="utf-8")
    config = Config(grammar=GrammarConfig(mode="off"))
    seen: list[int] = []
    real = html_report.render_chunks

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(gc.get_freeze_count())
        return real(*args, **kwargs)

    monkeypatch.setattr(html_report, "render_chunks", spy)
    gc.unfreeze()  # whatever an earlier test in this process left frozen
    before = gc.get_freeze_count()
    result = run([src], tmp_path / "out", config, rules_for(config), jobs=1)
    assert not result.errors and (tmp_path / "out" / "report.html").stat().st_size > 0
    assert seen and seen[0] > 0
    assert gc.get_freeze_count() == before == 0

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("render failed")

    monkeypatch.setattr(html_report, "render_chunks", broken)
    with pytest.raises(RuntimeError):
        run([src], tmp_path / "out2", config, rules_for(config), jobs=1)
    assert gc.get_freeze_count() == 0


def test_a_heap_frozen_before_the_run_stays_frozen(tmp_path: Path) -> None:
    """Input: a run in a process whose heap is frozen already (the program's start-up
    freezes its tables, startup.over). Outcome: the run does not thaw it — the collector
    can only thaw everything, and neither the cleaning (parallel.process) nor the writing
    of the outputs may hand the start-up's tables back."""
    src = tmp_path / "a.txt"
    src.write_text("This is is a sentence.\n", encoding="utf-8")
    config = Config(grammar=GrammarConfig(mode="off"))
    gc.freeze()
    try:
        before = gc.get_freeze_count()
        assert before > 0
        result = run([src], tmp_path / "out", config, rules_for(config), jobs=1)
        assert not result.errors
        assert gc.get_freeze_count() > 0  # a thaw empties the frozen generation
    finally:
        gc.unfreeze()
