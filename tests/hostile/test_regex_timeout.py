"""A user's rule that backtracks catastrophically must not hang a run: it is stopped on
the text where it runs away, reported with its file and line, and everything else goes on."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

# Nested alternatives that overlap: on a long word that is not followed by a line end,
# a backtracking engine tries every way of splitting the word (~1.6^45 of them here).
RULES = """\
stage: calque
class: calque
rules:
  - id: USR001
    kind: existence
    message: A lowercase word ends the line without punctuation.
    pattern: '\\b(?:[a-z]|[a-z][a-z])+$'
    examples:
      bad:
        - "the plan"
        - "end of story"
      good:
        - "The plan."
        - "End of story."
"""
TEXT = (
    "How the BBC reported, the Ukraine rejects the plan.\n"
    "Doctors call it pneumonoultramicroscopicsilicovolcanoconiosis.\n"
    "the last line has no full stop\n"
)


def test_runaway_rule_is_stopped_and_reported(tmp_path: Path) -> None:
    rules = tmp_path / "myrules"
    rules.mkdir()
    (rules / "mine.yaml").write_text(RULES, encoding="utf-8")
    doc = tmp_path / "doc.txt"
    doc.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "out"
    # The subprocess timeout only keeps a broken build from hanging the suite.
    proc = subprocess.run(
        [sys.executable, "-m", "mtclean", "run", str(doc), "--rules", str(rules), "--out", str(out), "-q"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    findings = report["files"][0]["findings"]
    stopped = [f for f in findings if f["rule"] == "USR001" and f.get("note") == "timeout"]
    assert len(stopped) == 1
    assert stopped[0]["severity"] == "error"
    assert f"{rules / 'mine.yaml'}:4" in stopped[0]["message"]
    # The built-in rules still ran and fixed the text.
    cleaned = (out / "cleaned").rglob("doc.txt").__next__().read_text(encoding="utf-8")
    assert cleaned.startswith("As the BBC reported, Ukraine rejects the plan.\n")


def test_same_rule_finds_its_matches_on_ordinary_text(tmp_path: Path) -> None:
    """The guard does not get in the way of a rule on text it handles quickly."""
    rules = tmp_path / "myrules"
    rules.mkdir()
    (rules / "mine.yaml").write_text(RULES, encoding="utf-8")
    doc = tmp_path / "doc.txt"
    doc.write_text("A sentence.\nthe last line has no full stop\n", encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "mtclean", "run", str(doc), "--rules", str(rules), "--out", str(out), "-q"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    findings = json.loads((out / "report.json").read_text(encoding="utf-8"))["files"][0]["findings"]
    mine = [f for f in findings if f["rule"] == "USR001"]
    assert [f["text"] for f in mine] == ["stop"]
    assert all(f.get("note") != "timeout" for f in mine)


def test_only_time_in_users_patterns_counts_against_the_budget() -> None:
    """A slow stage or a word table built on first use (wall time outside users' patterns)
    must not leave a user's rule 'stopped' on an ordinary line (flaky under a loaded CI)."""
    import time

    import regex

    from mtclean import guarded

    rx = guarded.GuardedPattern(regex.compile(r"\b(?:[a-z]|[a-z][a-z])+$", regex.M))
    with guarded.file_budget(40) as budget:
        time.sleep(budget.seconds + 0.2)  # the rest of the run took longer than the budget
        found = [m.group() for m in rx.finditer("the last line has no full stop")]
        assert found == ["stop"]
        assert 0 < budget.spent < budget.seconds
