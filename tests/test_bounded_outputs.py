"""What keeps memory in proportion to the input changes no output: ``--lines`` cleaned in
batches of segments writes byte for byte the cleaned files, changes.diff, report.json and
report.html that cleaning every segment of the file together writes, on the seed article
and real MT output (the four WMT21 systems and MLQE-PE)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtclean import pipeline as pipeline_module
from mtclean.api import rules_for
from mtclean.config import Config, GrammarConfig
from mtclean.runner import run

ROOT = Path(__file__).resolve().parents[1]


def _outputs(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def _inputs(shared: Path, tmp_path: Path) -> list[Path]:
    """The seed article and the first 300 segments of each MT file (whole files take minutes here)."""
    folder = tmp_path / "in"
    folder.mkdir()
    files = sorted((shared / "data" / "wmt21-deen").glob("*.hyp.*.en")) + sorted(
        (shared / "data" / "mlqe-pe-dev").glob("*/dev.mt")
    )
    out = []
    for k, src in enumerate(files):
        target = folder / f"{k}-{src.parent.name}-{src.name}.txt"
        target.write_text("".join(src.read_text(encoding="utf-8").splitlines(keepends=True)[:300]), encoding="utf-8")
        out.append(target)
    return [*sorted((ROOT / "seeds").glob("*")), *out]


@pytest.mark.timeout(600)
def test_lines_in_batches_write_the_same_outputs(shared: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Input: the seeds and real MT files, with --lines. Outcome: batches of 7 segments (many
    batch edges, one with a single segment) and one batch for the whole file give identical
    output files."""
    paths = _inputs(shared, tmp_path)
    config = Config(lines=True, grammar=GrammarConfig(mode="off"))
    rules = rules_for(config)
    outs = {}
    for batch in (7, 10**9):
        monkeypatch.setattr(pipeline_module, "LINES_BATCH", batch)
        out = tmp_path / "out"  # the same folder: the reports name it
        result = run(paths, out, config, rules, jobs=1)
        assert result.errors == []
        assert any(f.applied for r in result.results for f in r.findings)  # there was something to clean
        outs[batch] = _outputs(out)
    small, whole = outs.values()
    assert small.keys() == whole.keys()
    for name in whole:
        assert small[name] == whole[name], name
