"""Issue 20, tracebacks and unclear outcomes: every problem the audit met must be one
line naming the file and the reason, with the other inputs still processed and exit
status 2; interrupts and signals end the program cleanly."""

from __future__ import annotations

import json
import os
import resource
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mtclean.io import TMP_SUFFIX

from ._util import ROOT, env, no_traceback, report, run_cli, unprivileged

pytestmark = pytest.mark.timeout(300)

GOOD = "The Ukraine rejects the plan.\n"


def big_text(path: Path, size: int = 9_000_000) -> None:
    """A prose file larger than parallel.LARGE_FILE, so it is cleaned part by part."""
    para = ("The Ukraine rejects the plan. The minister said so on Monday in Kyiv, "
            "and the talks go on next week.\n\n")
    path.write_text(para * (size // len(para) + 1))


# --- tracebacks -----------------------------------------------------------------------


def test_a_path_component_longer_than_name_max_is_one_line(tmp_path: Path) -> None:
    """Case: a path component longer than NAME_MAX was a traceback."""
    long = tmp_path / ("x" * 300 + ".txt")
    (tmp_path / "ok.txt").write_text(GOOD)
    for cmd in (["check"], ["run", "--out", str(tmp_path / "out"), "-q"]):
        proc = run_cli(*cmd, str(long), str(tmp_path / "ok.txt"))
        no_traceback(proc)
        assert proc.returncode == 2
        assert "file name too long" in proc.stderr


def test_an_unreadable_large_file_is_one_line_and_the_rest_is_processed(tmp_path: Path) -> None:
    """Case: an unreadable file over 8 MB was a traceback; one unreadable file stopped
    the whole command (unclear case). Outcome: one line, the other file cleaned, exit 2."""
    prefix = unprivileged()
    big = tmp_path / "big.txt"
    big_text(big)
    big.chmod(0)
    (tmp_path / "ok.txt").write_text(GOOD)
    out = tmp_path / "out"
    proc = run_cli("run", str(big), str(tmp_path / "ok.txt"), "--out", str(out), "-q", prefix=prefix)
    no_traceback(proc)
    assert proc.returncode == 2
    assert f"{big}: permission denied" in proc.stderr
    assert [f["path"] for f in report(out)["files"]] == [str(tmp_path / "ok.txt")]
    proc = run_cli("check", str(big), str(tmp_path / "ok.txt"), prefix=prefix)
    no_traceback(proc)
    assert proc.returncode == 2 and "CAL002" in proc.stdout


def test_out_naming_an_existing_file_is_one_line(tmp_path: Path) -> None:
    """Case: `--out` naming an existing file was a traceback."""
    (tmp_path / "ok.txt").write_text(GOOD)
    (tmp_path / "taken").write_text("mine\n")
    proc = run_cli("run", str(tmp_path / "ok.txt"), "--out", str(tmp_path / "taken"))
    no_traceback(proc)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines()[-1].endswith("is a file, not a folder; --out names the folder the outputs go to")
    assert (tmp_path / "taken").read_text() == "mine\n"


def _small_file_limit() -> None:
    # Files may not grow past 2 MB: writes beyond fail with EFBIG, as on a full disk.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (2_000_000, 2_000_000))


def test_the_disk_filling_while_results_are_spooled_is_one_line(tmp_path: Path) -> None:
    """Case: the disk filling while results are spooled was a traceback. Outcome (a
    file-size limit stands in for the full disk): one line, exit 2, no temporary file left."""
    big = tmp_path / "big.txt"
    big_text(big)
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "mtclean", "run", str(big), "--out", str(out), "-q", "--jobs", "1"],
        capture_output=True, text=True, env=env(), timeout=240, preexec_fn=_small_file_limit, cwd=ROOT, check=False,
    )
    no_traceback(proc)
    assert proc.returncode == 2
    assert str(big) in proc.stderr
    assert not [p for p in out.rglob("*") if p.name.endswith(TMP_SUFFIX)]


def test_sarif_for_a_name_that_is_not_utf8(tmp_path: Path) -> None:
    """Case: SARIF for a non-UTF-8 file name was a traceback. Outcome: valid JSON, the
    name percent-encoded from its bytes."""
    name = os.fsdecode(b"caf\xe9.txt")
    (tmp_path / name).write_text(GOOD)
    proc = run_cli("check", "--output-format", "sarif", name, cwd=tmp_path)
    no_traceback(proc)
    doc = json.loads(proc.stdout)
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in doc["runs"][0]["results"]]
    assert uris == ["caf%E9.txt"]


@pytest.mark.parametrize("what", ["folder", "broken-link", "binary", "fifo"])
def test_odd_entries_named_yaml_in_a_rules_folder(tmp_path: Path, what: str) -> None:
    """Case: folders, broken links and binary files named *.yaml in a --rules folder
    were tracebacks (a FIFO hung). Outcome: one line naming the entry, exit 2. (A binary
    file was one line on the old code already: not UTF-8, or NUL bytes; the text that
    was a traceback is in test_yaml_pyyaml_cannot_build_is_one_line.)"""
    rules = tmp_path / "rules"
    rules.mkdir()
    entry = rules / "odd.yaml"
    if what == "folder":
        entry.mkdir()
    elif what == "broken-link":
        entry.symlink_to(tmp_path / "missing.yaml")
    elif what == "fifo":
        os.mkfifo(entry)
    else:
        entry.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\xff\xfe")
    (tmp_path / "ok.txt").write_text(GOOD)
    proc = run_cli("check", "--rules", str(rules), str(tmp_path / "ok.txt"), timeout=60)
    no_traceback(proc)
    assert proc.returncode == 2
    assert str(entry) in proc.stderr


# Files named *.yaml that are not rule files, which PyYAML itself cannot build: its
# constructors raise plain Python errors (not YAMLError) for an impossible date, a tag
# on a value it cannot hold or a number past Python's digit limit, and deep nesting
# exhausts the recursion limit. A binary file (the audit's case) is refused earlier,
# as not UTF-8 or for its NUL bytes, on the old code already; these were tracebacks
# on the old code and on main until untrusted.NoAliasLoader turned them into errors.
NOT_RULES = {
    "impossible-date": b"updated: 2024-13-45\n",
    "int-tag": b"stage: !!int calque\n",
    "timestamp-tag": b"when: !!timestamp soon\n",
    "5000-digit-number": b"n: " + b"7" * 5000 + b"\n",
    "nested-brackets": b"[" * 5000 + b"\n",
}


@pytest.mark.parametrize("what", list(NOT_RULES))
def test_yaml_pyyaml_cannot_build_is_one_line(tmp_path: Path, what: str) -> None:
    """Case: a file named *.yaml in a --rules folder that is no rule file was a traceback
    (and so was the same text as .mtclean.yaml). Outcome: one line naming the file and
    its line, exit 2."""
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "odd.yaml").write_bytes(NOT_RULES[what])
    (tmp_path / "ok.txt").write_text(GOOD)
    proc = run_cli("check", "--rules", str(rules), str(tmp_path / "ok.txt"), timeout=60)
    no_traceback(proc)
    assert proc.returncode == 2
    assert f"{rules / 'odd.yaml'}:1: invalid YAML: " in proc.stderr
    (tmp_path / ".mtclean.yaml").write_bytes(NOT_RULES[what])
    proc = run_cli("check", "ok.txt", cwd=tmp_path, timeout=60)
    no_traceback(proc)
    assert proc.returncode == 2
    assert ".mtclean.yaml:1: not valid YAML: " in proc.stderr


def test_a_rule_file_whose_name_is_not_utf8(tmp_path: Path) -> None:
    """Case: a rule file in a --rules folder whose name is not UTF-8 (a folder copied
    from elsewhere) was a traceback. Outcome: its rules load like any other's."""
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / os.fsdecode(b"r\xe8gles.yaml")).write_text(RULE_FILE)
    (tmp_path / "ok.txt").write_text("The colour is red.\n")
    proc = run_cli("check", "--rules", str(rules), "--select", "ZZN001", str(tmp_path / "ok.txt"), timeout=60)
    no_traceback(proc)
    assert proc.returncode == 1, proc.stderr
    assert "ZZN001" in proc.stdout


RULE_FILE = """stage: calque
class: calque
rules:
  - id: ZZN001
    kind: existence
    message: A test rule.
    pattern: '\\bcolour\\b'
    examples:
      bad: ["The colour is red.", "A colour chart."]
      good: ["The color is red.", "No match here."]
"""


@pytest.mark.parametrize("codec", ["rot13", "base64", "hex", "zlib", "idna", "punycode", "undefined", "nonesuch"])
def test_odd_encoding_names_are_one_line(tmp_path: Path, codec: str) -> None:
    """Case: odd --encoding codecs were tracebacks. Outcome: one line naming --encoding, exit 2."""
    (tmp_path / "ok.txt").write_text(GOOD)
    for cmd in (["check"], ["fix"], ["run", "--out", str(tmp_path / "out"), "-q"]):
        proc = run_cli(*cmd, "--encoding", codec, str(tmp_path / "ok.txt"))
        no_traceback(proc)
        assert proc.returncode == 2
        assert "--encoding" in proc.stderr
    assert (tmp_path / "ok.txt").read_text() == GOOD


def test_a_replacement_ending_in_a_backslash_is_a_load_error(tmp_path: Path) -> None:
    """Case: a replacement ending in a backslash was a traceback. Outcome: file:line, exit 2."""
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "mine.yaml").write_text(
        "stage: calque\nclass: calque\nrules:\n  - id: ZZB001\n    kind: substitution\n    message: m.\n"
        "    fix: safe\n    pattern: 'colour'\n    replace: 'color\\'\n    examples:\n      bad:\n"
        "        - {text: 'a colour', fixed: 'a color'}\n        - {text: 'colour b', fixed: 'color b'}\n"
        "      good: ['color', 'none']\n"
    )
    (tmp_path / "ok.txt").write_text("The colour.\n")
    proc = run_cli("check", "--rules", str(rules), str(tmp_path / "ok.txt"))
    no_traceback(proc)
    assert proc.returncode == 2
    assert f"{rules / 'mine.yaml'}:4: ZZB001: 'replace' is not a valid replacement: ends in a lone backslash" in proc.stderr


def test_ascii_only_output_with_non_ascii_names(tmp_path: Path) -> None:
    """Case: PYTHONIOENCODING=ascii with non-ASCII file names or messages was a traceback.
    Outcome: the names escaped, the findings printed, the usual exit status."""
    (tmp_path / "Übersetzung.txt").write_text(GOOD + "Grüße aus Köln.\n")
    for cmd in (["check"], ["run", "--out", str(tmp_path / "out")]):
        proc = run_cli(*cmd, "Übersetzung.txt", cwd=tmp_path, extra_env={"PYTHONIOENCODING": "ascii"})
        no_traceback(proc)
        assert proc.returncode in (0, 1), proc.stderr
        assert "\\xdcbersetzung.txt" in proc.stdout


def _interrupt_after(seconds: float, args: list[str], cwd: Path, sig: int = signal.SIGINT) -> subprocess.CompletedProcess[str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "mtclean", *args], cwd=cwd, env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(seconds)
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=60)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


@pytest.mark.parametrize("delay", [0.15, 0.3, 0.6, 0.9])
def test_ctrl_c_during_start_up_is_clean(tmp_path: Path, delay: float) -> None:
    """Case: Ctrl-C in the first second of start-up was a traceback (and later Ctrl-C
    printed nothing). Outcome: "mtclean: interrupted" (or the run's normal end), never
    a traceback."""
    (tmp_path / "ok.txt").write_text(GOOD)
    proc = _interrupt_after(delay, ["run", "ok.txt", "--out", "out", "-q"], tmp_path)
    no_traceback(proc)
    assert proc.returncode in (0, 130), proc.stderr
    if proc.returncode == 130:
        assert proc.stderr.strip().splitlines()[-1] == "mtclean: interrupted"


# --- unclear outcomes and cosmetic ----------------------------------------------------


def test_out_equal_to_an_input_folder_is_refused(tmp_path: Path) -> None:
    """Case: `--out` equal to an input folder exited 0. Outcome: exit 2 with one line."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(GOOD)
    proc = run_cli("run", "docs", "--out", "docs", "-q", cwd=tmp_path)
    no_traceback(proc)
    assert proc.returncode == 2
    assert "docs: is (or holds) the input docs" in proc.stderr
    assert sorted(p.name for p in docs.iterdir()) == ["a.txt"]


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_select_matching_no_rule_is_an_error(tmp_path: Path, option: str) -> None:
    """Case: `--select CAL02` (no such rule or prefix) ran nothing and said nothing."""
    (tmp_path / "a.txt").write_text(GOOD)
    for cmd in (["run", "--out", str(tmp_path / "out"), "-q"], ["check"], ["fix"]):
        proc = run_cli(*cmd, option, "CAL02", str(tmp_path / "a.txt"))
        no_traceback(proc)
        assert proc.returncode == 2
        assert "'CAL02'" in proc.stderr
    assert (tmp_path / "a.txt").read_text() == GOOD


@pytest.mark.parametrize("length", [240, 250, 255])
def test_long_file_names_can_be_fixed(tmp_path: Path, length: int) -> None:
    """Case: 240-255-byte file names failed because the temporary name was longer than
    the original. Outcome: fixed in place like any other file."""
    doc = tmp_path / ("n" * (length - 4) + ".txt")
    doc.write_text(GOOD)
    proc = run_cli("fix", str(doc))
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr  # fixed, nothing left at or above the threshold
    assert doc.read_text() == "Ukraine rejects the plan.\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [doc.name]


def test_a_binary_file_met_in_a_folder_does_not_fail_check_or_fix(tmp_path: Path) -> None:
    """Case: a binary .txt met in a folder made `check` and `fix` exit 2 while saying
    it was skipped. Outcome: a note; the exit status is that of the text files."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    (folder / "clean.txt").write_text("Ukraine rejects the plan.\n")
    for cmd, status in (("check", 0), ("fix", 0)):
        proc = run_cli(cmd, str(folder))
        no_traceback(proc)
        assert proc.returncode == status, proc.stderr
        assert f"mtclean: note: {folder / 'image.txt'}: binary file (NUL bytes), skipped" in proc.stderr


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_clean_up_like_ctrl_c(tmp_path: Path, sig: int) -> None:
    """Case: SIGTERM/SIGHUP left .mtclean-tmp files behind. Outcome: no temporary file
    is left, the exit status is 128 + the signal, no traceback."""
    big = tmp_path / "big.txt"
    big_text(big, 30_000_000)
    out = tmp_path / "out"
    proc = _interrupt_after(4.0, ["run", str(big), "--out", str(out), "-q", "--jobs", "2"], tmp_path, sig)
    no_traceback(proc)
    assert proc.returncode in (128 + sig, 0), proc.stderr
    if proc.returncode:
        assert proc.stderr.strip().splitlines()[-1].startswith("mtclean: terminated")
    time.sleep(0.5)  # worker processes end with the parent
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(TMP_SUFFIX)]


def test_cleaned_copies_of_large_files_get_the_usual_mode(tmp_path: Path) -> None:
    """Case: cleaned copies of large files got mode 0600. Outcome: what the umask gives (0644 here)."""
    big = tmp_path / "big.txt"
    big_text(big)
    out = tmp_path / "out"
    old = os.umask(0o022)
    try:
        proc = run_cli("run", str(big), "--out", str(out), "-q")
    finally:
        os.umask(old)
    assert proc.returncode == 0, proc.stderr
    [cleaned] = [p for p in (out / "cleaned").rglob("big.txt")]
    assert stat.S_IMODE(cleaned.stat().st_mode) == 0o644


def test_two_names_that_are_not_utf8_stay_two_in_report_json(tmp_path: Path) -> None:
    """Case: two non-UTF-8 names became the same U+FFFD path in report.json. Outcome:
    their bytes escaped, so the two paths differ and say which file is which."""
    for raw in (b"a\xe9.txt", b"a\xff.txt"):
        (tmp_path / os.fsdecode(raw)).write_text(GOOD)
    proc = run_cli("run", os.fsdecode(b"a\xe9.txt"), os.fsdecode(b"a\xff.txt"), "--out", "out", "-q", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    paths = [f["path"] for f in report(tmp_path / "out")["files"]]
    assert paths == ["a\\xe9.txt", "a\\xff.txt"]


def test_symlink_loops_are_named_as_loops(tmp_path: Path) -> None:
    """Case: symlink loops were reported as "broken". Outcome: "a symbolic link loop"
    for one named, "symbolic link loop" in a folder's note."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "ok.txt").write_text(GOOD)
    proc = run_cli("check", str(folder / "loop.txt"), str(folder / "ok.txt"))
    no_traceback(proc)
    assert f"{folder / 'loop.txt'}: a symbolic link loop" in proc.stderr
    proc = run_cli("run", str(folder), "--out", str(tmp_path / "out"), "-q")
    no_traceback(proc)
    assert f"{folder / 'loop.txt'}: symbolic link loop, skipped" in proc.stderr
