"""``mtclean score`` prints what the sacrebleu command line prints on the same files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import mtclean


def _wmt(shared: Path, name: str) -> str:
    return str(shared / "data" / "wmt21-deen" / f"newstest2021.de-en.{name}.en")


def _sacrebleu(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sacrebleu", *args], check=False, capture_output=True, text=True)


def test_scores_and_signatures_equal_the_sacrebleu_command_line(shared: Path) -> None:
    hyp, ref_a, ref_b = _wmt(shared, "hyp.Online-B"), _wmt(shared, "ref.A"), _wmt(shared, "ref.B")
    theirs = _sacrebleu(ref_a, ref_b, "-i", hyp, "-m", "bleu", "chrf", "ter", "-w", "2", "-f", "text")
    assert theirs.returncode == 0, theirs.stderr
    ours = mtclean("score", hyp, "--ref", ref_a, "--ref", ref_b, "-w", "2")
    assert ours.returncode == 0, ours.stderr
    their_lines = [line.strip() for line in theirs.stdout.splitlines() if line.strip()]
    our_lines = [line.strip() for line in ours.stdout.splitlines()[1:]]
    assert len(their_lines) == 3
    assert our_lines == their_lines  # name|signature = score (and BLEU's details), character for character

    # The JSON carries the same figures as sacrebleu's JSON (TER, the slow one, is covered above).
    theirs_json = json.loads(_sacrebleu(ref_a, ref_b, "-i", hyp, "-m", "bleu", "chrf").stdout)
    ours_json = json.loads(mtclean("score", hyp, "--ref", ref_a, "--ref", ref_b, "-m", "bleu,chrf", "--json", "-").stdout)
    assert ours_json["schema"] == "mtclean-score/1" and ours_json["segments"] == 1000
    assert [(s["name"], s["score"], s["signature"]) for s in ours_json["scores"]] == [
        (s["name"], s["score"], s["signature"]) for s in theirs_json
    ]
    assert ours_json["scores"][0]["verbose"] == theirs_json[0]["verbose_score"]


def test_clean_shows_before_and_after_and_segment_deltas(tmp_path: Path) -> None:
    hyp = tmp_path / "hyp.txt"
    ref = tmp_path / "ref.txt"
    hyp.write_text("How the BBC reported, the plan failed.\nThe cat sat on the mat.\n", encoding="utf-8")
    ref.write_text("As the BBC reported, the plan failed.\nThe cat sat on the mat.\n", encoding="utf-8")
    out = tmp_path / "score.json"
    proc = mtclean("score", str(hyp), "--ref", str(ref), "--clean", "--json", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "segments: 2, edited 1: better 1, worse 0, unchanged 1" in proc.stdout
    d = json.loads(out.read_text(encoding="utf-8"))
    assert d["cleaned"]["scores"][0]["score"] == 100.0 > d["scores"][0]["score"]
    assert d["cleaned"]["segments"]["better"] == 1 and d["cleaned"]["signature"].startswith("mtclean:")


def test_misaligned_or_missing_files_are_one_line_errors(tmp_path: Path) -> None:
    hyp = tmp_path / "hyp.txt"
    ref = tmp_path / "ref.txt"
    hyp.write_text("a\nb\n", encoding="utf-8")
    ref.write_text("a\n", encoding="utf-8")
    proc = mtclean("score", str(hyp), "--ref", str(ref))
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and str(ref) in proc.stderr and "line-aligned" in proc.stderr
    proc = mtclean("score", str(hyp), "--ref", str(tmp_path / "nope.txt"))
    assert proc.returncode == 2 and "nope.txt" in proc.stderr and "Traceback" not in proc.stderr
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    proc = mtclean("score", str(empty), "--ref", str(empty))
    assert proc.returncode == 2 and "empty.txt: is empty" in proc.stderr and "Traceback" not in proc.stderr
    proc = mtclean("score", str(hyp), "--ref", str(hyp), "-m", "meteor")
    assert proc.returncode == 2 and "meteor" in proc.stderr
