"""decisions.rebuild: a reviewer's decisions replayed on the original, fix by fix."""

from __future__ import annotations

from typing import Any

import pytest

from mtclean.decisions import DecisionError, Decisions, rebuild


def finding(fid: str, rule: str, stage: str, start: int, end: int, text: str, repl: str | None,
            applied: bool, **fix: Any) -> dict[str, Any]:
    d = {"id": fid, "rule": rule, "class": "calque", "severity": "warning", "start": start, "end": end,
         "line": 1, "column": start + 1, "text": text, "message": "m", "suggestion": repl,
         "fix": "safe" if repl is not None else "none", "applied": applied, "stage": stage}
    if repl is not None:
        d["replacement"] = repl
    d.update(fix)
    return d


# An insertion at 1, then a later stage's fix made on the text with the insertion in it.
ORIGINAL = "ab cd"
ENTRY = {"path": "t.txt", "findings": [
    finding("i1", "INS", "first", 1, 1, "", "X", True),
    finding("f2", "FIX", "second", 1, 2, "b", "Yb", True, fix_start=1, fix_end=2, fix_base="Xb"),
    finding("s3", "SUG", "second", 3, 5, "cd", "CD", False),
    finding("g4", "FLG", "second", 0, 2, "ab", None, False),
]}
STAGES = ["first", "second"]


def rebuilt(*decided: tuple[str, str] | tuple[str, str, str]) -> str:
    items = [{"path": "t.txt", "id": d[0], "decision": d[1], **({"replacement": d[2]} if len(d) > 2 else {})}
             for d in decided]
    chosen = Decisions.from_dict({"version": 1, "signature": "s", "decisions": items})
    return rebuild(ENTRY, ORIGINAL, chosen, STAGES).result.cleaned


def test_no_decisions_replay_the_run() -> None:
    assert rebuilt() == "aYb cd"


def test_rejecting_the_later_fix_keeps_the_insertion() -> None:
    assert rebuilt(("f2", "reject")) == "aXb cd"
    assert rebuilt(("f2", "reject"), ("i1", "reject")) == ORIGINAL


def test_a_fix_made_on_an_insertion_that_is_rejected_is_refused() -> None:
    with pytest.raises(DecisionError, match=r"finding f2 \(FIX, line 1\) cannot be applied: it was made on text that INS i1"):
        rebuilt(("i1", "reject"))


def test_accepted_suggestion_and_typed_replacement() -> None:
    assert rebuilt(("s3", "accept")) == "aYb CD"
    assert rebuilt(("s3", "accept", "Cd")) == "aYb Cd"
    # A flag given a replacement fixes its own span; here it overlaps the applied fixes.
    with pytest.raises(DecisionError, match="finding g4"):
        rebuilt(("g4", "accept", "AB"))
    assert rebuilt(("i1", "reject"), ("f2", "reject"), ("g4", "accept", "AB")) == "AB cd"
    for what in ("keep", "false-positive"):
        assert rebuilt(("g4", what)) == "aYb cd"


def test_a_typed_line_break_is_refused_for_a_lines_run() -> None:
    chosen = Decisions.from_dict({"version": 1, "signature": "s", "decisions": [
        {"path": "t.txt", "id": "s3", "decision": "accept", "replacement": "C\nD"}]})
    assert rebuild(ENTRY, ORIGINAL, chosen, STAGES).result.cleaned == "aYb C\nD"
    with pytest.raises(DecisionError, match="may not hold a line break"):
        rebuild(ENTRY, ORIGINAL, chosen, STAGES, lines=True)
