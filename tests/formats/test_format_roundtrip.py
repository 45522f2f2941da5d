"""Round trips of the structured formats: unchanged units byte-identical, tags intact, cleaned targets written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtclean.cli import register

app = register()  # every command, as the program has them

XLIFF12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="de" target-language="en" datatype="plaintext" original="app">
    <body>
      <trans-unit id="1">
        <source>Klicken Sie auf <g id="b1">Speichern</g>, um {count} Dateien zu sichern.</source>
        <target   state="translated">Click <g id="b1">Save</g> to back up {count} files.</target>
      </trans-unit>
      <trans-unit id="2">
        <source>Der Bericht vom 14.7.2020 liegt vor.</source>
        <target>The report from 14 July 2021 is available &amp; ready.</target>
      </trans-unit>
      <trans-unit id="3">
        <source>Die Schweiz stimmt ab.</source>
        <target>The Switzerland votes.</target>
      </trans-unit>
    </body>
  </file>
</xliff>
"""

XLIFF20 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="de" trgLang="en">
 <file id="f1">
  <unit id="u1">
   <segment>
    <source>Hallo <ph id="1"/>, Sie haben 3 Nachrichten.</source>
    <target>Hello <ph id="1"/>, you have 3 messages.</target>
   </segment>
  </unit>
  <unit id="u2">
   <segment>
    <source>Die Schweiz stimmt ab.</source>
    <target>The Switzerland votes <pc id="2">today</pc>.</target>
   </segment>
  </unit>
 </file>
</xliff>
"""

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="de" datatype="plaintext" segtype="sentence" adminlang="en" creationtool="t" creationtoolversion="1" o-tmf="t"/>
<body>
<tu tuid="1"><tuv xml:lang="de"><seg>Der Zug fährt um 20 Uhr.</seg></tuv><tuv xml:lang="en"><seg>The train leaves at 8 p.m.</seg></tuv></tu>
<tu tuid="2"><tuv xml:lang="de"><seg>Die Schweiz stimmt ab.</seg></tuv><tuv xml:lang="en"><seg>The Switzerland votes.</seg></tuv></tu>
<tu tuid="3"><tuv xml:lang="de"><seg>Der Wagen fuhr 250 km/h.</seg></tuv><tuv xml:lang="en"><seg>The car drove at 250 mph.</seg></tuv></tu>
</body></tmx>
"""

PO = '''# Translator comment
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

#: app.py:10
msgid "Die Schweiz stimmt ab."
msgstr "The Switzerland votes."

#: app.py:12
#, python-format
msgid "Hallo %(name)s, Sie haben %d neue Nachrichten."
msgstr ""
"Hello %(name)s, you have "
"new messages."

msgid "Datei gespeichert."
msgstr "File saved."
'''


def _run(tmp_path: Path, name: str, text: str, *extra: str) -> tuple[int, str, dict, str]:
    src = tmp_path / name
    src.write_bytes(text.encode("utf-8"))
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["run", str(src), "--out", str(out), "--grammar", "off", *extra])
    report = json.loads((out / "report.json").read_text()) if (out / "report.json").exists() else {}
    done = report.get("files") or [{}]
    cleaned = Path(done[0]["cleaned_path"]).read_bytes().decode() if done[0].get("cleaned_path") else ""
    return res.exit_code, res.output, report, cleaned


def _only_changed(original: str, cleaned: str, old: str, new: str) -> None:
    """The cleaned file is the original with exactly this one replacement: every other byte kept."""
    assert original.count(old) == 1
    assert cleaned == original.replace(old, new)


def test_xliff12_round_trip(tmp_path: Path) -> None:
    code, out, report, cleaned = _run(tmp_path, "app.xlf", XLIFF12)
    assert code == 0, out
    _only_changed(XLIFF12, cleaned, "<target>The Switzerland votes.</target>", "<target>Switzerland votes.</target>")
    rules = {f["rule"] for f in report["files"][0]["findings"]}
    assert "SRC001" in rules  # 2020 -> 2021
    year = next(f for f in report["files"][0]["findings"] if f["rule"] == "SRC001")
    assert year["segment"] == 2 and year["text"] == "2021"
    source = "Der Bericht vom 14.7.2020 liegt vor."
    assert source[year["source_start"] : year["source_end"]] == "2020"
    assert "SRC011" not in rules  # the <g> tags and {count} are kept


def test_xliff20_round_trip_keeps_inline_tags(tmp_path: Path) -> None:
    code, out, _report, cleaned = _run(tmp_path, "app.xliff", XLIFF20)
    assert code == 0, out
    _only_changed(XLIFF20, cleaned, "The Switzerland votes <pc", "Switzerland votes <pc")
    assert '<pc id="2">today</pc>' in cleaned and '<ph id="1"/>' in cleaned


def test_tmx_round_trip_and_unit_check(tmp_path: Path) -> None:
    code, out, report, cleaned = _run(tmp_path, "memory.tmx", TMX)
    assert code == 0, out
    _only_changed(TMX, cleaned, "<seg>The Switzerland votes.</seg>", "<seg>Switzerland votes.</seg>")
    found = {(f["rule"], f["segment"]) for f in report["files"][0]["findings"]}
    assert ("SRC003", 3) in found  # km/h -> mph
    assert not any(seg == 1 for rule, seg in found if rule.startswith("SRC"))  # 20 Uhr = 8 p.m.


def test_po_round_trip(tmp_path: Path) -> None:
    code, out, report, cleaned = _run(tmp_path, "de.po", PO)
    assert code == 0, out
    _only_changed(PO, cleaned, 'msgstr "The Switzerland votes."', 'msgstr "Switzerland votes."')
    missing = [f for f in report["files"][0]["findings"] if f["rule"] == "SRC011"]
    assert missing and "%d" in missing[0]["message"]


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("bad.xlf", XLIFF12.replace("</target>\n      </trans-unit>\n      <trans-unit id=\"2\">", "\n      </trans-unit>\n      <trans-unit id=\"2\">", 1), 8),
        ("bad.po", PO.replace('msgstr "File saved."', 'msgstr "File saved.'), 19),
    ],
)
def test_malformed_file_is_one_line_naming_file_and_line(tmp_path: Path, name: str, text: str, line: int) -> None:
    code, out, _, _ = _run(tmp_path, name, text)
    assert code == 2
    errors = [x for x in out.splitlines() if x.startswith("mtclean:")]
    assert len(errors) == 1 and name in errors[0]
    assert f":{line}:" in errors[0] or f":{line - 1}:" in errors[0] or f":{line + 1}:" in errors[0], errors[0]
    assert "Traceback" not in out


def test_tsv_columns_and_drop(tmp_path: Path) -> None:
    rows = "id\tDer Zug fährt um 20 Uhr.\tThe train leaves at 9 p.m.\nid2\tDie Schweiz stimmt ab.\tThe Switzerland votes.\n"
    code, out, report, cleaned = _run(tmp_path, "pairs.tsv", rows, "--columns", "2,3", "--drop")
    assert code == 0, out
    assert cleaned == rows.replace("\tThe Switzerland votes.", "\tSwitzerland votes.")
    num = next(f for f in report["files"][0]["findings"] if f["rule"] == "SRC001")
    assert rows[num["source_start"] : num["source_end"]] == "20" and rows[num["start"] : num["end"]] == "9"
    kept = (tmp_path / "out" / "kept" / "pairs.tsv").read_text()
    assert kept == "id2\tDie Schweiz stimmt ab.\tThe Switzerland votes.\n"


def test_malformed_tmx(tmp_path: Path) -> None:
    code, out, _, _ = _run(tmp_path, "bad.tmx", TMX.replace("<seg>The car drove", "<seg>The car <drove"))
    assert code == 2 and "bad.tmx:" in out and "Traceback" not in out


def test_xliff_inline_code_dropped_is_flagged(tmp_path: Path) -> None:
    text = XLIFF12.replace('Click <g id="b1">Save</g> to', "Click Save to")
    code, out, report, _cleaned = _run(tmp_path, "app.xlf", text)
    assert code == 0, out
    lost = [f for f in report["files"][0]["findings"] if f["rule"] == "SRC011"]
    assert [f["segment"] for f in lost] == [1, 1] and "inline code" in lost[0]["message"]


def test_utf16_xliff_is_written_back_in_utf16(tmp_path: Path) -> None:
    text = XLIFF12.replace('encoding="UTF-8"', 'encoding="UTF-16"')
    path = tmp_path / "wide.xlf"
    path.write_bytes(text.encode("utf-16"))
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["run", str(path), "--out", str(out), "--grammar", "off"])
    assert res.exit_code == 0, res.output
    report = json.loads((out / "report.json").read_text())
    written = Path(report["files"][0]["cleaned_path"]).read_bytes()
    assert written.decode("utf-16") == text.replace("<target>The Switzerland votes.</target>", "<target>Switzerland votes.</target>")


PO_PLURAL = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

msgid "Eine Datei wurde gelöscht."
msgid_plural "%d Dateien wurden gelöscht."
msgstr[0] "One file was deleted."
msgstr[1] "%s files were deleted."

msgid "Die Schweiz stimmt ab."
msgstr "The Switzerland votes."
'''


def test_po_plural_forms_are_units_checked_against_their_source(tmp_path: Path) -> None:
    """msgstr[0] translates msgid, msgstr[1] msgid_plural: the plural's %d became %s."""
    code, out, report, cleaned = _run(tmp_path, "plural.po", PO_PLURAL)
    assert code == 0, out
    found = {(f["rule"], f["segment"]) for f in report["files"][0]["findings"]}
    assert ("SRC011", 2) in found and ("SRC011", 1) not in found
    _only_changed(PO_PLURAL, cleaned, 'msgstr "The Switzerland votes."', 'msgstr "Switzerland votes."')
