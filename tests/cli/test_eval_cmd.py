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


def _spans_project(tmp_path: Path) -> tuple[Path, Path]:
    docs = tmp_path / "docs"
    docs.mkdir()
    text = "How the BBC reported, the talks failed.\nEnlarge image\nThe results come on Monday.\n"
    (docs / "a.txt").write_text(text, encoding="utf-8", newline="")
    (docs / "b.txt").write_text("A clean sentence stays as it is.\n", encoding="utf-8")
    gold = [
        {"doc": "a", "start": 0, "end": 3, "text": "How", "class": "calque", "fix": "As"},
        {"doc": "a", "start": text.index("the talks"), "end": text.index("the talks") + 9, "text": "the talks",
         "class": "grammar", "fix": None},
    ]
    g = tmp_path / "gold.jsonl"
    g.write_text("".join(json.dumps(x) + "\n" for x in gold), encoding="utf-8")
    return g, docs


def test_eval_spans_table_and_json(tmp_path: Path) -> None:
    gold, docs = _spans_project(tmp_path)
    out = tmp_path / "spans.json"
    proc = mtclean("eval", "--spans", str(gold), str(docs), "--json", str(out), "--grammar", "off")
    assert proc.returncode == 0, proc.stderr
    tail = proc.stdout.strip().splitlines()[-3:]
    assert tail[0].split()[:4] == ["all", "2", "1", "50.0"]
    assert tail[1].startswith("applied fixes:") and tail[2].startswith("flags and suggestions:")
    d = json.loads(out.read_text(encoding="utf-8"))
    calque = next(c for c in d["classes"] if c["class"] == "calque")
    assert calque == {"class": "calque", "gold": 1, "flagged": 1, "fixed": 1, "flagged_share": 1.0, "fixed_share": 1.0}
    assert d["documents"] == 2 and d["applied"]["on_gold"] >= 1 and d["signature"].startswith("mtclean:")


def test_eval_spans_errors_are_one_line(tmp_path: Path) -> None:
    gold, docs = _spans_project(tmp_path)
    gold.write_text(gold.read_text(encoding="utf-8").replace('"text": "How"', '"text": "Who"'), encoding="utf-8")
    proc = mtclean("eval", "--spans", str(gold), str(docs), "--grammar", "off")
    assert proc.returncode == 2 and "gold.jsonl:1: 'text' 'Who'" in proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    proc = mtclean("eval", "--spans", str(gold))
    assert proc.returncode == 2 and "needs the annotated documents" in proc.stderr
    proc = mtclean("eval", "--spans", str(gold), str(docs), "--mt", str(gold))
    assert proc.returncode == 2 and "one or the other" in proc.stderr


def test_eval_spans_on_webmt_dev_runs(shared: Path) -> None:
    dev = shared / "data" / "webmt-dev"
    proc = mtclean("eval", "--spans", str(dev / "gold.jsonl"), str(dev / "docs"), "--json", "-", "--grammar", "off")
    assert proc.returncode == 0, proc.stderr
    d = json.loads(proc.stdout)
    # 807 annotations, 12 of them the page store's date prefix (left out by default).
    assert d["documents"] == 86 and d["all"]["gold"] == 795
    assert d["inputs"]["skip_notes"] == ["date prefix"]
