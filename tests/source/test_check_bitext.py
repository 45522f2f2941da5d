"""mtclean check on bilingual input: source-aware findings reported, nothing written, exit status as for text."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from mtclean.cli import register

app = register()  # every command, as the program has them

SRC = "Der Zug fährt um 20 Uhr ab.\nDie Polizei sucht Zeugen.\n"
PO = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Eine Datei wurde gelöscht."
msgid_plural "%d Dateien wurden gelöscht."
msgstr[0] "One file was deleted."
msgstr[1] "%s files were deleted."
'''


def test_check_with_a_source(tmp_path: Path) -> None:
    (tmp_path / "s.de").write_text(SRC)
    (tmp_path / "t.en").write_text("The train leaves at 10 p.m.\nThe police are looking for witnesses.\n")
    before = sorted(p.name for p in tmp_path.iterdir())
    res = CliRunner().invoke(app, ["check", str(tmp_path / "t.en"), "--source", str(tmp_path / "s.de")])
    assert res.exit_code == 1
    assert "t.en:1:21: SRC001" in res.output and '"20" in the source became "10"' in res.output
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # check writes nothing


def test_check_a_correct_translation_is_clear(tmp_path: Path) -> None:
    (tmp_path / "s.de").write_text(SRC)
    (tmp_path / "t.en").write_text("The train leaves at 8 p.m.\nThe police are looking for witnesses.\n")
    res = CliRunner().invoke(app, ["check", str(tmp_path / "t.en"), "--source", str(tmp_path / "s.de")])
    assert res.exit_code == 0, res.output


def test_check_reads_po_by_extension(tmp_path: Path) -> None:
    (tmp_path / "de.po").write_text(PO)
    res = CliRunner().invoke(app, ["check", str(tmp_path / "de.po"), "--output-format", "json"])
    assert res.exit_code == 1
    found = json.loads(res.output)["files"][0]["findings"]
    placeholder = [f for f in found if f["rule"] == "SRC011"]
    assert len(placeholder) == 1 and placeholder[0]["line"] == 8 and placeholder[0]["segment"] == 2


def test_check_source_needs_one_target(tmp_path: Path) -> None:
    for name in ("s.de", "a.en", "b.en"):
        (tmp_path / name).write_text(SRC)
    res = CliRunner().invoke(app, ["check", str(tmp_path / "a.en"), str(tmp_path / "b.en"), "--source",
                                   str(tmp_path / "s.de")])
    assert res.exit_code == 2 and "--source" in res.output and "Traceback" not in res.output
