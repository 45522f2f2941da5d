"""The spine's acceptance: the seed article is cleaned as its expectations say."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, SEED, mtclean

NAME = SEED.name


def check(shared: Path, out: Path, only: str | None) -> subprocess.CompletedProcess[str]:
    args = [
        sys.executable,
        str(shared / "seeds" / "check_seed.py"),
        str(shared / "seeds" / f"{SEED.stem}.expect.yaml"),
        str(SEED),
        str(out / "cleaned" / "seeds" / NAME),
        str(out / "report.json"),
    ]
    if only:
        args += ["--only", only]
    return subprocess.run(args, capture_output=True, text=True, cwd=ROOT)


def test_seed_spine_classes(shared: Path, seed_run: Path) -> None:
    proc = check(shared, seed_run, "boilerplate,calque,capitalization")
    assert "16/16 expectations met" in proc.stdout and "0 unexpected edits" in proc.stdout, proc.stdout
    assert proc.returncode == 0


def test_seed_all_classes(shared: Path, seed_run: Path) -> None:
    """Issue 3's acceptance: with word order, consistency and fragments, every expectation."""
    proc = check(shared, seed_run, None)
    assert "24/24 expectations met" in proc.stdout and "0 unexpected edits" in proc.stdout, proc.stdout
    assert proc.returncode == 0


def test_outputs_written(seed_run: Path) -> None:
    report = json.loads((seed_run / "report.json").read_text(encoding="utf-8"))
    assert report["version"] and "rules:" in report["signature"]
    entry = report["files"][0]
    assert entry["path"] == f"seeds/{NAME}"
    keys = {"rule", "class", "severity", "start", "end", "line", "column", "text", "message", "suggestion", "fix", "applied"}
    assert all(keys <= set(f) for f in entry["findings"])
    original = SEED.read_text(encoding="utf-8")
    for f in entry["findings"]:
        assert original[f["start"] : f["end"]] == f["text"]
    diff = (seed_run / "changes.diff").read_text(encoding="utf-8")
    assert "-From: Michelle Brey" in diff and "+By Michelle Brey" in diff
    assert (seed_run / "report.html").read_text(encoding="utf-8").startswith("<!doctype html>")


def test_report_edits_reproduce_cleaned_text(seed_run: Path) -> None:
    report = json.loads((seed_run / "report.json").read_text(encoding="utf-8"))
    original = SEED.read_text(encoding="utf-8")
    text = original
    for e in sorted(report["files"][0]["edits"], key=lambda e: e["start"], reverse=True):
        text = text[: e["start"]] + e["replacement"] + text[e["end"] :]
    assert text == (seed_run / "cleaned" / "seeds" / NAME).read_text(encoding="utf-8")


def test_second_run_changes_nothing(seed_run: Path, tmp_path: Path) -> None:
    out2 = tmp_path / "again"
    proc = mtclean("run", str(seed_run / "cleaned"), "--out", str(out2))
    assert proc.returncode == 0, proc.stderr
    report = json.loads((out2 / "report.json").read_text(encoding="utf-8"))
    assert [f for f in report["files"][0]["findings"] if f["applied"]] == []
    assert (out2 / "changes.diff").read_text(encoding="utf-8") == ""


def test_originals_untouched(seed_run: Path, shared: Path) -> None:
    assert SEED.read_bytes() == (shared / "seeds" / NAME).read_bytes()
