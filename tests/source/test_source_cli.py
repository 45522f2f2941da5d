"""mtclean run TARGET --source SOURCE: report.json fields, --fail-on, --drop (WMT21 figures: test_wmt21_figures.py)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtclean.cli import register

app = register()  # every command, as the program has them

SRC = "Der Zug fährt um 20 Uhr ab.\nDie Polizei sucht Zeugen.\nDer Wagen fuhr 250 km/h.\nDas Spiel endete 2:1.\n"
TGT = "The train leaves at 10 p.m.\nDie Polizei sucht Zeugen.\nThe car drove at 250 km/h.\nThe game ended 2-1.\n"


def _run(tmp_path: Path, *extra: str):  # type: ignore[no-untyped-def]
    (tmp_path / "src.de").write_text(SRC)
    (tmp_path / "mt.en").write_text(TGT)
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["run", str(tmp_path / "mt.en"), "--source", str(tmp_path / "src.de"),
                                   "--out", str(out), "--grammar", "off", *extra])
    return res, out


def test_source_findings_carry_both_spans(tmp_path: Path) -> None:
    res, out = _run(tmp_path)
    assert res.exit_code == 0, res.output
    report = json.loads((out / "report.json").read_text())
    found = [f for f in report["files"][0]["findings"] if f["rule"].startswith("SRC")]
    by_rule = {f["rule"]: f for f in found}
    assert set(by_rule) == {"SRC001", "SRC020"}
    num = by_rule["SRC001"]
    assert num["segment"] == 1 and TGT[num["start"] : num["end"]] == "10"
    assert SRC[num["source_start"] : num["source_end"]] == "20"
    same = by_rule["SRC020"]
    assert same["segment"] == 2 and SRC[same["source_start"] : same["source_end"]] == "Die Polizei sucht Zeugen."
    assert "segments with critical problems: number 1, omission 0, untranslated 1" in res.output
    page = (out / "source.html").read_text()
    assert "<mark" in page and "Zug" in page
    report_page = (out / "report.html").read_text()
    section = report_page[report_page.index('<section id="source-aware">') :]
    assert section.index("</section>") < section.index("</body>")
    assert '<td lang="de">Der Zug fährt um <mark' in section and '<td lang="en">The train leaves at <mark' in section


def test_fail_on_counts_only_the_named_classes(tmp_path: Path) -> None:
    assert _run(tmp_path, "--fail-on", "number")[0].exit_code == 1
    assert _run(tmp_path, "--fail-on", "terminology")[0].exit_code == 0
    bad = _run(tmp_path, "--fail-on", "numbers")[0]
    assert bad.exit_code == 2 and "unknown class" in bad.output


def test_drop_writes_kept_pairs_and_reasons(tmp_path: Path) -> None:
    res, out = _run(tmp_path, "--drop")
    assert res.exit_code == 0, res.output
    assert (out / "kept" / "mt.en").read_text() == "The car drove at 250 km/h.\nThe game ended 2-1.\n"
    assert (out / "kept" / "src.de").read_text() == "Der Wagen fuhr 250 km/h.\nDas Spiel endete 2:1.\n"
    rejected = (out / "rejected-mt.en.tsv").read_text().splitlines()
    assert [r.split("\t")[:2] for r in rejected[1:]] == [["1", "SRC001"], ["2", "SRC020"]]
    assert "SRC001\t1" in (out / "drop-counts-mt.en.tsv").read_text()


def test_line_counts_must_agree(tmp_path: Path) -> None:
    (tmp_path / "src.de").write_text("Eins.\n")
    (tmp_path / "mt.en").write_text("One.\nTwo.\n")
    res = CliRunner().invoke(app, ["run", str(tmp_path / "mt.en"), "--source", str(tmp_path / "src.de"),
                                   "--out", str(tmp_path / "o"), "--grammar", "off"])
    assert res.exit_code == 2 and "mt.en" in res.output and "src.de" in res.output


def test_sarif_carries_the_source_span(tmp_path: Path) -> None:
    _res, out = _run(tmp_path)
    doc = json.loads((out / "report.sarif").read_text())
    results = [r for r in doc["runs"][0]["results"] if r["ruleId"] == "SRC001"]
    related = results[0]["relatedLocations"][0]["physicalLocation"]
    assert related["artifactLocation"]["uri"].endswith("src.de")
    assert related["region"]["startLine"] == 1 and related["region"]["snippet"]["text"] == "20"
    assert SRC[related["region"]["charOffset"] :][:2] == "20"


def test_fail_on_works_without_a_source_too(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text("How the BBC reported, the talks failed.\n")
    args = ["run", str(tmp_path / "doc.txt"), "--out", str(tmp_path / "o"), "--grammar", "off", "--fail-on"]
    assert CliRunner().invoke(app, [*args, "calque"]).exit_code == 1
    assert CliRunner().invoke(app, [*args, "number"]).exit_code == 0


def test_glossary_through_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "terms.csv").write_text("source,target,status\nKurzarbeit,short-time work,\nKurzarbeit,short work,forbidden\n")
    (tmp_path / "s.de").write_text("Die Kurzarbeit wurde verlängert.\nDie Kurzarbeit endet.\n")
    (tmp_path / "t.en").write_text("Short work was extended.\nShort-time working ends.\n")
    out = tmp_path / "o"
    res = CliRunner().invoke(app, ["run", str(tmp_path / "t.en"), "--source", str(tmp_path / "s.de"), "--glossary",
                                   str(tmp_path / "terms.csv"), "--out", str(out), "--grammar", "off"])
    assert res.exit_code == 0, res.output
    found = [(f["rule"], f["segment"]) for f in json.loads((out / "report.json").read_text())["files"][0]["findings"]
             if f["rule"].startswith("SRC06")]
    assert sorted(found) == [("SRC060", 1), ("SRC061", 1)]  # "short-time working" is an inflected correct use
    bad = CliRunner().invoke(app, ["run", str(tmp_path / "t.en"), "--source", str(tmp_path / "s.de"), "--glossary",
                                   str(tmp_path / "missing.csv"), "--out", str(out), "--grammar", "off"])
    assert bad.exit_code == 2 and "missing.csv" in bad.output
