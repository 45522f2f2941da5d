"""The term base: required and forbidden translations, English inflection tolerated."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtclean.errors import InputError
from mtclean.source.glossary import load

TBX = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
 <text><body>
  <conceptEntry id="c1">
   <langSec xml:lang="de"><termSec><term>Kurzarbeit</term></termSec></langSec>
   <langSec xml:lang="en">
    <termSec><term>short-time work</term></termSec>
    <termSec><term>short work</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
   </langSec>
  </conceptEntry>
  <conceptEntry id="c2">
   <langSec xml:lang="de"><termSec><term>Tarifvertrag</term></termSec></langSec>
   <langSec xml:lang="en"><termSec><term>collective agreement</term></termSec></langSec>
  </conceptEntry>
 </body></text>
</tbx>
"""


@pytest.fixture(params=["tbx", "csv", "tsv"])
def glossary(request, tmp_path: Path):  # type: ignore[no-untyped-def]
    if request.param == "tbx":
        path = tmp_path / "terms.tbx"
        path.write_text(TBX)
    else:
        sep = "," if request.param == "csv" else "\t"
        path = tmp_path / f"terms.{request.param}"
        rows = [("source", "target", "status"), ("Kurzarbeit", "short-time work", ""),
                ("Kurzarbeit", "short work", "forbidden"), ("Tarifvertrag", "collective agreement", "")]
        path.write_text("".join(sep.join(r) + "\n" for r in rows))
    return load(path)


def kinds(glossary, source: str, target: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [k for k, _ in glossary.check(source, target)]


def test_required_term_violated(glossary) -> None:  # type: ignore[no-untyped-def]
    assert kinds(glossary, "Der Tarifvertrag gilt ab Mai.", "The wage deal applies from May.") == ["glossary-required"]


def test_forbidden_term_used(glossary) -> None:  # type: ignore[no-untyped-def]
    found = glossary.check("Die Kurzarbeit wurde verlängert.", "Short work was extended.")
    assert [k for k, _ in found] == ["glossary-required", "glossary-forbidden"]
    hit = found[1][1]
    assert "Short work was extended."[hit.start : hit.end] == "Short work"
    assert "Die Kurzarbeit wurde verlängert."[hit.src_start : hit.src_end] == "Kurzarbeit"


def test_inflected_correct_use_is_not_flagged(glossary) -> None:  # type: ignore[no-untyped-def]
    # German plural with umlaut in the source, English plural in the target
    assert kinds(glossary, "Die Tarifverträge wurden unterzeichnet.", "The collective agreements were signed.") == []


def test_term_absent_from_source_asks_nothing(glossary) -> None:  # type: ignore[no-untyped-def]
    assert kinds(glossary, "Das Wetter war schön.", "The weather was fine.") == []


def test_bad_glossary_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "terms.tbx"
    path.write_text(TBX.replace("</conceptEntry>", "", 1))
    with pytest.raises(InputError) as exc:
        load(path)
    assert exc.value.path == str(path) and exc.value.line is not None


def test_tbx2_martif_with_forbidden_term(tmp_path: Path) -> None:
    path = tmp_path / "old.tbx"
    path.write_text("""<?xml version="1.0"?>
<martif type="TBX" xml:lang="en"><text><body>
 <termEntry id="t1">
  <langSet xml:lang="de-DE"><tig><term>Kanzler</term></tig></langSet>
  <langSet xml:lang="en-US">
   <tig><term>chancellor</term></tig>
   <tig><term>kanzler</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
  </langSet>
 </termEntry>
</body></text></martif>
""")
    g = load(path)
    assert kinds(g, "Der Kanzler sprach.", "The chancellors spoke.") == []
    assert kinds(g, "Der Kanzler sprach.", "The Kanzler spoke.") == ["glossary-required", "glossary-forbidden"]
