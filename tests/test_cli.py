"""The command line as a user meets it: bad input is one line naming the file and
a non-zero exit; the other inputs are still processed."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import mtclean


def test_missing_binary_and_non_utf8_inputs(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("The Ukraine rejects the plan.\n", encoding="utf-8")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\xe9 in M\xfcnchen.\n".encode("latin-1"))
    missing = tmp_path / "nope.txt"
    out = tmp_path / "out"
    proc = mtclean("run", str(good), str(binary), str(latin), str(missing), "--out", str(out))
    assert proc.returncode == 2  # the missing file and the binary file named on the command line
    lines = [ln for ln in proc.stderr.strip().splitlines() if "grammar stage skipped" not in ln]  # a notice
    assert len(lines) == 2 and "Traceback" not in proc.stderr
    # A binary file named by the user is a one-line error; the latin-1 file is detected and cleaned.
    assert any(str(binary) in e and "note:" not in e and "binary" in e for e in lines)
    assert any(str(missing) in e and "no such file" in e for e in lines)
    assert next((out / "cleaned").rglob("latin.txt")).read_bytes() == latin.read_bytes()
    cleaned = next((out / "cleaned").rglob("good.txt")).read_text(encoding="utf-8")
    assert cleaned == "Ukraine rejects the plan.\n"


def test_encoding_option_decodes_latin1(tmp_path: Path) -> None:
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\xe9 in M\xfcnchen.\n".encode("latin-1"))
    proc = mtclean("run", str(latin), "--out", str(tmp_path / "o"), "--encoding", "latin-1")
    assert proc.returncode == 0, proc.stderr


def test_broken_rule_file(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "bad.yaml").write_text("stage: calque\nrules:\n  - id: X\n", encoding="utf-8")
    proc = mtclean("run", "seeds/", "--rules", str(rules), "--out", str(tmp_path / "o"))
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"mtclean: {rules / 'bad.yaml'}:3: rule id must look like CAL001 (2-5 capitals, 3 digits), not 'X'"


def test_lines_mode_keeps_line_count(tmp_path: Path) -> None:
    src = tmp_path / "corpus.txt"
    src.write_text("The Ukraine rejects it.\n© dpa\nsecond  \n\n\nlast", encoding="utf-8")
    proc = mtclean("run", str(src), "--lines", "--out", str(tmp_path / "o"))
    assert proc.returncode == 0, proc.stderr
    cleaned = next((tmp_path / "o" / "cleaned").rglob("corpus.txt")).read_text(encoding="utf-8")
    assert cleaned.split("\n") == ["Ukraine rejects it.", "", "second", "", "", "last"]


def test_rules_commands() -> None:
    listing = mtclean("rules", "list")
    assert listing.returncode == 0 and "CAL002" in listing.stdout
    shown = mtclean("rules", "show", "CAL002")
    assert shown.returncode == 0 and "bad:" in shown.stdout
    unknown = mtclean("rules", "show", "NOPE999")
    assert unknown.returncode == 2 and "unknown rule id" in unknown.stderr
    tested = mtclean("rules", "test")
    assert tested.returncode == 0 and " 0 failed" in tested.stdout


def test_output_folder_inside_input_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Fine text.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert mtclean("run", str(tmp_path), "--out", str(out)).returncode == 0
    assert mtclean("run", str(tmp_path), "--out", str(out)).returncode == 0
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [f["path"] for f in report["files"]] == [(tmp_path / "a.txt").as_posix()]


def test_binary_file_named_on_the_command_line_is_an_error(tmp_path: Path) -> None:
    """Input: only a binary file, named explicitly. Outcome: one line naming it, exit 2
    (in a folder the same file is skipped with a note; see tests/hostile/test_files.py)."""
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    proc = mtclean("run", str(binary), "--out", str(tmp_path / "out"), "-q")
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"mtclean: {binary}: binary file (NUL bytes), skipped"
