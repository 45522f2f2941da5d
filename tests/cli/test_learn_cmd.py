"""``mtclean learn`` on real post-edits writes candidates that load and pass
``mtclean rules test``, best first."""

from __future__ import annotations

from pathlib import Path

import yaml
from conftest import mtclean


def test_learn_on_mlqe_pe_dev_splits(shared: Path, tmp_path: Path) -> None:
    d = shared / "data" / "mlqe-pe-dev"
    out = tmp_path / "learned" / "learned.yaml"
    args = ["learn", "--out", str(out), "--detok"]
    for lp in ("ru-en", "et-en"):
        args += ["--mt", str(d / lp / "dev.mt"), "--pe", str(d / lp / "dev.pe")]
    proc = mtclean(*args)
    assert proc.returncode == 0, proc.stderr
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    rules = data["rules"]
    assert len(rules) >= 10
    assert [r["id"] for r in rules] == [f"LRN{k:03d}" for k in range(1, len(rules) + 1)]
    assert all(r["kind"] == "existence" and r["fix"] == "none" for r in rules)
    mt_lines = {line for lp in ("ru-en", "et-en") for line in (d / lp / "dev.mt").read_text(encoding="utf-8").split("\n")}
    assert any(" ," in line for line in mt_lines)  # the data is tokenized; the examples are not
    assert all(" , " not in ex for r in rules for ex in r["examples"]["bad"])
    scores = [float(r["description"].split("score ")[1].split(")")[0]) for r in rules]
    assert scores == sorted(scores, reverse=True)
    tested = mtclean("rules", "test", "--rules", str(out.parent))
    assert tested.returncode == 0, tested.stdout
    assert "0 failed" in tested.stdout


def test_learn_needs_paired_inputs(tmp_path: Path) -> None:
    f = tmp_path / "x.txt"
    f.write_text("a\n", encoding="utf-8")
    proc = mtclean("learn", "--mt", str(f), "--mt", str(f), "--pe", str(f), "--out", str(tmp_path / "o.yaml"))
    assert proc.returncode == 2 and "--pe" in proc.stderr
