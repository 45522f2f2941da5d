"""``mtclean eval``: the pipeline's edits judged against real post-edits, in a
table, a stable JSON document and an HTML page."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import mtclean


def test_eval_on_mlqe_pe_ru_en(shared: Path, tmp_path: Path) -> None:
    d = shared / "data" / "mlqe-pe-dev" / "ru-en"
    out, page = tmp_path / "eval.json", tmp_path / "eval.html"
    proc = mtclean(
        "eval", "--mt", str(d / "dev.mt"), "--pe", str(d / "dev.pe"), "--src", str(d / "dev.src"),
        "--detok", "--json", str(out), "--html", str(page),
    )
    assert proc.returncode == 0, proc.stderr
    assert "overall" in proc.stdout and "TER vs PE:" in proc.stdout and "chrF2 vs PE:" in proc.stdout
    r = json.loads(out.read_text(encoding="utf-8"))
    assert r["schema"] == "mtclean-eval/1" and r["segments"] == 1000 and r["inputs"]["detok"] is True
    assert set(r["scores"]) == {"pe"} and set(r["scores"]["pe"]) == {"before", "after"}
    assert r["scores"]["pe"]["before"]["ter"]["signature"].startswith("nrefs:1|case:lc|tok:tercom")
    for rule in r["rules"]:
        assert rule["edits"] == rule["agree"] + rule["partly"] + rule["contradict"]
        assert rule["precision"] is None or 0 <= rule["precision"] <= 1
    assert r["overall"]["edits"] == sum(rule["edits"] for rule in r["rules"])
    # Detokenized: the MT words around a finding read as running text, not "word ,".
    assert all(" ," not in f["mt"] for f in r["findings"])
    assert all("src" in f for f in r["findings"])
    assert page.read_text(encoding="utf-8").startswith("<!doctype html>")


def test_html_escapes_the_data(tmp_path: Path) -> None:
    mt, pe = tmp_path / "mt<script>.txt", tmp_path / "pe.txt"  # a file name is data too
    mt.write_text("How the BBC reported, it <script>rained</script> <b>hard</b>.\n", encoding="utf-8")
    pe.write_text("As the BBC reported, it <script>rained</script> <b>hard</b>.\n", encoding="utf-8")
    page = tmp_path / "e.html"
    proc = mtclean("eval", "--mt", str(mt), "--pe", str(pe), "--html", str(page), "--json", "-")
    assert proc.returncode == 0, proc.stderr
    r = json.loads(proc.stdout)
    assert [(f["rule"], f["verdict"]) for f in r["findings"]] == [("CAL003", "agree")]
    html = page.read_text(encoding="utf-8")
    assert "<script>" not in html and "mt&lt;script&gt;.txt" in html


def test_misaligned_post_edits_are_an_error(tmp_path: Path) -> None:
    mt, pe = tmp_path / "mt.txt", tmp_path / "pe.txt"
    mt.write_text("a\nb\n", encoding="utf-8")
    pe.write_text("a\n", encoding="utf-8")
    proc = mtclean("eval", "--mt", str(mt), "--pe", str(pe))
    assert proc.returncode == 2 and "pe.txt" in proc.stderr and "Traceback" not in proc.stderr
