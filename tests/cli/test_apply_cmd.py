"""``mtclean apply`` and the finding ids it relies on, through the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import SEED, mtclean

# Trailing blanks on a metadata line the boilerplate stage then removes: the removal is
# made on text the encoding stage already changed (report.json's fix_base says so).
NESTED = (" date 2023-05-26 Home page politics   \n\nFrom: Michelle Brey  \n\n"
          "How CNN reported, the Ukraine rejects the plan against the background of the talks.\n")


def run(root: Path, *args: str, out: str = "out") -> dict[str, Any]:
    proc = mtclean("run", *args, "--out", out, "-q", cwd=root)
    assert proc.returncode == 0, proc.stderr
    return json.loads((root / out / "report.json").read_text(encoding="utf-8"))


def decide(root: Path, report: dict[str, Any], items: list[dict[str, Any]], name: str = "d.json") -> Path:
    path = root / name
    path.write_text(json.dumps({"version": 1, "signature": report["signature"], "decisions": items}), encoding="utf-8")
    return path


def by_rule(entry: dict[str, Any], rule: str) -> dict[str, Any]:
    (f,) = [f for f in entry["findings"] if f["rule"] == rule]
    return f


@pytest.fixture
def seed_root(tmp_path: Path) -> Path:
    (tmp_path / "seeds").mkdir()
    shutil.copy(SEED, tmp_path / "seeds" / SEED.name)
    return tmp_path


def test_same_input_and_rules_give_the_same_ids(seed_root: Path) -> None:
    first = run(seed_root, "seeds/", out="a")
    (seed_root / "other.txt").write_text("How the BBC reported, the Switzerland voted.\n", encoding="utf-8")
    second = run(seed_root, "seeds/", "other.txt", out="b")
    ids = lambda report, path: [f["id"] for e in report["files"] if e["path"] == path for f in e["findings"]]
    path = f"seeds/{SEED.name}"
    assert ids(first, path) == ids(second, path)
    assert len(set(ids(first, path))) == len(ids(first, path)) > 20
    assert all(e["hash"].startswith("sha256:") for e in second["files"])
    # Another rule set (unsafe fixes change what is applied, not what is found): same ids.
    third = run(seed_root, "seeds/", "--unsafe-fixes", out="c")
    assert ids(third, path) == ids(first, path)


def test_no_decisions_rebuild_exactly_what_run_wrote(seed_root: Path) -> None:
    report = run(seed_root, "seeds/")
    proc = mtclean("apply", str(decide(seed_root, report, [])), "--report", "out/report.json", "--out", "again", cwd=seed_root)
    assert proc.returncode == 0, proc.stderr
    entry = report["files"][0]
    assert (seed_root / "again" / "cleaned" / entry["path"]).read_bytes() == (seed_root / entry["cleaned_path"]).read_bytes()
    after = json.loads((seed_root / "again" / "report.json").read_text(encoding="utf-8"))
    assert after["files"][0]["edits"] == entry["edits"]
    assert [f["id"] for f in after["files"][0]["findings"]] == [f["id"] for f in entry["findings"]]


def test_wmt_lines_rebuild_exactly_what_run_wrote(tmp_path: Path, shared: Path) -> None:
    files = sorted((shared / "data" / "wmt21-deen").glob("newstest2021.de-en.hyp.*.en"))
    assert len(files) == 4
    report = run(tmp_path, *map(str, files), "--lines", "--unsafe-fixes")
    proc = mtclean("apply", str(decide(tmp_path, report, [])), "--report", "out/report.json", "--out", "again", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    for entry in report["files"]:
        written = Path(entry["cleaned_path"])
        rebuilt = tmp_path / "again" / "cleaned" / written.relative_to(Path("out") / "cleaned")
        assert rebuilt.read_bytes() == (tmp_path / written).read_bytes()


def test_a_fix_made_on_changed_text_follows_the_decisions(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(NESTED, encoding="utf-8")
    report = run(tmp_path, "a.txt")
    entry = report["files"][0]
    meta, trailing = by_rule(entry, "BOI001"), next(f for f in entry["findings"] if f["rule"] == "WSP001")
    assert meta["fix_base"] != NESTED[meta["fix_start"]:meta["fix_end"]]  # made after the blanks went

    # The metadata line kept: its trailing blanks still go, everything else as run.
    keep = decide(tmp_path, report, [{"path": "a.txt", "id": meta["id"], "decision": "reject"}])
    proc = mtclean("apply", str(keep), "--report", "out/report.json", "--out", "kept", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    text = (tmp_path / "kept" / "cleaned" / "a.txt").read_text(encoding="utf-8")
    assert text.startswith("date 2023-05-26 Home page politics\n\nBy Michelle Brey\n")

    # Blanks kept but the line removed: the removal was made on the line without them.
    clash = decide(tmp_path, report, [{"path": "a.txt", "id": trailing["id"], "decision": "reject"}], "clash.json")
    proc = mtclean("apply", str(clash), "--report", "out/report.json", "--out", "clash", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("mtclean: a.txt: finding " + meta["id"]) and trailing["id"] in proc.stderr
    assert not (tmp_path / "clash").exists()


def test_an_original_edited_after_the_run_is_refused(seed_root: Path) -> None:
    report = run(seed_root, "seeds/")
    decisions = decide(seed_root, report, [])
    source = seed_root / "seeds" / SEED.name
    source.write_text(source.read_text(encoding="utf-8").replace("Kirby", "Kirbi", 1), encoding="utf-8")
    proc = mtclean("apply", str(decisions), "--report", "out/report.json", "--out", "again", cwd=seed_root)
    assert proc.returncode == 2
    assert proc.stderr == f"mtclean: seeds/{SEED.name}: the original changed since the run (its hash differs from report.json's); run mtclean run again and review the new report\n"
    assert not (seed_root / "again").exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(signature="mtclean:0|rules:other"), "the decisions were made on another run"),
        (lambda d: d["decisions"].append({"path": f"seeds/{SEED.name}", "id": "000000000000", "decision": "accept"}),
         "which report.json does not have"),
        (lambda d: d["decisions"].append({"path": f"seeds/{SEED.name}", "id": "x", "decision": "maybe"}),
         "decision 'maybe' is not one of accept, reject, keep, false-positive"),
        (lambda d: d.update(version=7), "decisions format version 7"),
    ],
)
def test_decisions_that_cannot_be_used_are_one_line_and_exit_2(seed_root: Path, change: Any, message: str) -> None:
    report = run(seed_root, "seeds/")
    data = {"version": 1, "signature": report["signature"], "decisions": []}
    change(data)
    (seed_root / "d.json").write_text(json.dumps(data), encoding="utf-8")
    proc = mtclean("apply", "d.json", "--report", "out/report.json", "--out", "again", cwd=seed_root)
    assert proc.returncode == 2 and message in proc.stderr, proc.stderr
    assert proc.stderr.count("\n") == 1 and not (seed_root / "again").exists()


def test_accepting_a_flag_without_a_replacement_is_an_error(seed_root: Path) -> None:
    report = run(seed_root, "seeds/")
    flag = by_rule(report["files"][0], "CAL007")
    d = decide(seed_root, report, [{"path": flag and report["files"][0]["path"], "id": flag["id"], "decision": "accept"}])
    proc = mtclean("apply", str(d), "--report", "out/report.json", cwd=seed_root)
    assert proc.returncode == 2 and "is accepted but has no fix" in proc.stderr


def test_in_place_writes_the_originals(seed_root: Path) -> None:
    report = run(seed_root, "seeds/")
    unsafe = by_rule(report["files"][0], "CAL009")
    d = decide(seed_root, report, [{"path": report["files"][0]["path"], "id": unsafe["id"], "decision": "accept"}])
    proc = mtclean("apply", str(d), "--report", "out/report.json", "--in-place", cwd=seed_root)
    assert proc.returncode == 0, proc.stderr
    text = (seed_root / "seeds" / SEED.name).read_text(encoding="utf-8")
    assert text == (seed_root / report["files"][0]["cleaned_path"]).read_text(encoding="utf-8").replace(
        "against the background of", "amid")
    # The original changed: the same decisions are refused now.
    again = mtclean("apply", str(d), "--report", "out/report.json", "--in-place", cwd=seed_root)
    assert again.returncode == 2 and "changed since the run" in again.stderr
