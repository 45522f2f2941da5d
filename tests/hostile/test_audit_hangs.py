"""Issue 20, hangs and exhaustion: inputs and rule files that made mtclean block,
run without end or grow without bound. Every run here has a timeout well below what
the audit saw (a hang fails the test instead of stalling the suite)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from ._util import no_traceback, report, run_cli

pytestmark = pytest.mark.timeout(240)


def test_a_fifo_named_on_the_command_line_is_one_line_not_a_hang(tmp_path: Path) -> None:
    """Case: a FIFO named on the command line blocked forever. Outcome: one line naming
    it, the other input still checked, exit 2, within seconds."""
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    doc = tmp_path / "doc.txt"
    doc.write_text("The Ukraine rejects the plan.\n")
    proc = run_cli("check", str(fifo), str(doc), timeout=60)
    no_traceback(proc)
    assert proc.returncode == 2
    assert f"{fifo}: a FIFO (named pipe), not a regular file; skipped" in proc.stderr
    assert "CAL002" in proc.stdout


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_endless_devices_are_refused_not_read(tmp_path: Path, device: str) -> None:
    """Case: /dev/zero or /dev/urandom named as input was read until MemoryError.
    Outcome: one line (a character device), exit 2, at once, for run and check."""
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    for args in (["check", device], ["run", device, "--out", str(tmp_path / "out"), "-q"]):
        proc = run_cli(*args, timeout=60)
        no_traceback(proc)
        assert proc.returncode == 2
        assert f"{device}: a character device, not a regular file; skipped" in proc.stderr


# Nested aliases that PyYAML builds cheaply (each list once, shared) but that anything
# walking or printing the data expands 9^8 = 43 million times: the old code's message
# "'stage' must be one of ..., not [[[['lol', ...". 426 bytes; on the old code this
# took 23 s and 1.3 GB to print one line (the audit: 518 bytes, 6 s, 455 MB).
BOMB = "description:\n" + '  - &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + "".join(
    f"  - &{name} [{', '.join([f'*{prev}'] * 9)}]\n" for prev, name in zip("abcdefg", "bcdefgh")
) + "stage: *h\nclass: calque\nrules: []\n"


def test_yaml_alias_bombs_are_refused(tmp_path: Path) -> None:
    """Case: a 518-byte rule file of nested aliases took 6 s and 455 MB, ninefold per
    level. Outcome: an alias is an error naming the file and line (the first alias, on
    line 3), in a rule folder and in .mtclean.yaml alike, within seconds."""
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "bomb.yaml").write_text(BOMB)
    doc = tmp_path / "doc.txt"
    doc.write_text("Fine text.\n")
    start = time.monotonic()
    proc = run_cli("check", "--rules", str(rules), str(doc), timeout=60)
    no_traceback(proc)
    assert proc.returncode == 2
    assert f"{rules / 'bomb.yaml'}:3:" in proc.stderr and "aliases" in proc.stderr
    project = tmp_path / "project"
    project.mkdir()
    (project / ".mtclean.yaml").write_text(BOMB)
    (project / "doc.txt").write_text("Fine text.\n")
    proc = run_cli("check", "doc.txt", cwd=project, timeout=60)
    no_traceback(proc)
    assert proc.returncode == 2 and "aliases" in proc.stderr
    assert time.monotonic() - start < 30


TOKEN_RULE = """stage: word-order
class: word-order
rules:
  - id: ZZT001
    kind: pattern
    message: A token rule with a pattern that backtracks.
    tokens:
      - {regex: '(a|aa)+$'}
      - {text: plan, report: true}
    examples:
      bad:
        - "aaa plan"
        - "aa plan"
      good:
        - "the plan"
        - "no match"
"""


def test_token_pattern_regexes_have_a_time_limit(tmp_path: Path) -> None:
    """Case: the regexes of token-pattern rules ran without any time limit (one 72-byte
    line: killed after 15 s). Outcome: the rule is stopped within the file's budget
    and reported once as an error finding; the run ends."""
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "slow.yaml").write_text(TOKEN_RULE)
    doc = tmp_path / "doc.txt"
    doc.write_text("a" * 70 + "b plan\n")
    start = time.monotonic()
    proc = run_cli("check", "--rules", str(rules), "--select", "ZZT001", str(doc), timeout=90)
    no_traceback(proc)
    assert time.monotonic() - start < 45
    assert proc.stdout.count("was stopped after") == 1, proc.stdout


REGEX_RULE = """stage: calque
class: calque
rules:
  - id: ZZR001
    kind: existence
    message: A rule whose pattern backtracks on runs of a.
    pattern: '(a|aa)+$'
    examples:
      bad:
        - "aaa"
        - "aa"
      good:
        - "b"
        - "c"
"""


def test_lines_mode_shares_one_regex_budget_per_file(tmp_path: Path) -> None:
    """Case: the regex time limit was per document, so --lines granted one second per
    line. Outcome: one budget for the whole file: 40 such lines end in a few seconds,
    with the rule reported once."""
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "slow.yaml").write_text(REGEX_RULE)
    doc = tmp_path / "doc.txt"
    doc.write_text(("a" * 40 + "b\n") * 40)
    out = tmp_path / "out"
    start = time.monotonic()
    proc = run_cli("run", "--lines", "--rules", str(rules), "--select", "ZZR001", str(doc), "--out", str(out), "-q",
                   "--jobs", "1", timeout=120)
    elapsed = time.monotonic() - start
    no_traceback(proc)
    assert elapsed < 25, elapsed
    stopped = [f for f in report(out)["files"][0]["findings"] if "was stopped after" in f["message"]]
    assert len(stopped) == 1


GROWING = """stage: boilerplate
class: boilerplate
rules:
  - id: ZZG001
    kind: substitution
    message: A fix whose replacement holds its own match.
    fix: safe
    pattern: '\\bMenu\\b'
    replace: 'Menu Menu'
    examples:
      bad:
        - text: "Menu here"
          fixed: "Menu Menu here"
        - text: "a Menu"
          fixed: "a Menu Menu"
      good:
        - "menus"
        - "none"
"""


def test_a_fix_that_grows_on_its_own_output_is_refused_at_load(tmp_path: Path) -> None:
    """Case: a safe fix whose replacement contains its own match grew the text 1024-fold.
    Outcome: refused when the rules load (file:line, not idempotent), exit 2; the
    file is never touched."""
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "grow.yaml").write_text(GROWING)
    doc = tmp_path / "doc.txt"
    doc.write_text("Menu\nThe text.\n")
    proc = run_cli("fix", "--rules", str(rules), str(doc), timeout=60)
    no_traceback(proc)
    assert proc.returncode == 2
    assert f"{rules / 'grow.yaml'}:" in proc.stderr and "not idempotent" in proc.stderr
    assert doc.read_text() == "Menu\nThe text.\n"


def test_jobs_beyond_the_machine_are_clamped_with_one_line(tmp_path: Path) -> None:
    """Case: `--jobs 1000` died with BlockingIOError and the process never exited.
    Outcome: clamped with one line; the run completes and exits 0."""
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(6):
        (folder / f"{i}.txt").write_text("The Ukraine rejects the plan.\n")
    proc = run_cli("run", str(folder), "--jobs", "1000", "--out", str(tmp_path / "out"), "-q", timeout=120)
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    assert "--jobs 1000 is more processes than this machine can start well; using" in proc.stderr
    assert len(report(tmp_path / "out")["files"]) == 6
