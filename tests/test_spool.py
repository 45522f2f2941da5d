"""Large files keep their findings and edits on disk: the lists read back are the lists
written, the streamed report.json is the text json writes, and line numbers of a
large file's findings are those of the whole file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtclean import parallel
from mtclean.api import rules_for
from mtclean.config import Config
from mtclean.model import Edit, Finding
from mtclean.offsets import line_col, line_starts
from mtclean.report import json as json_report
from mtclean.spool import Mapped, Spool, SpooledList
from mtclean.stages import build_pipeline


def test_spooled_list_reads_back_what_was_written(tmp_path: Path) -> None:
    """Input: three frames of findings and edits (one empty). Outcome: the spooled lists
    equal the lists, as often as they are read, by index and slice too; the folder
    holds no file at any time."""
    frames = [
        [Finding("R1", "calque", "info", i, i + 2, "m", extra={"note": ("a", 1)}) for i in range(5)],
        [],
        [Finding("R2", "grammar", "error", 10, 12, "m\ud800", edit=Edit(1, 2, "x"))],
    ]
    spool = Spool(tmp_path)
    findings = SpooledList(spool)
    edits = SpooledList(spool)
    for frame in frames:
        findings.extend(frame)
        edits.extend([Edit(f.start, f.end, "y") for f in frame])
    flat = [f for frame in frames for f in frame]
    assert list(tmp_path.iterdir()) == []
    assert len(findings) == 6 and findings == flat and list(findings) == flat  # twice
    assert findings[0] == flat[0] and findings[-1] == flat[-1] and findings[5] == flat[5]
    assert findings[2:4] == flat[2:4]
    with pytest.raises(IndexError):
        findings[6]
    assert edits == [Edit(f.start, f.end, "y") for f in flat]
    assert findings.map(lambda f: f.rule) == ["R1"] * 5 + ["R2"]
    assert findings[0].extra == {"note": ("a", 1)}  # exactly as written, tuples too
    assert SpooledList(Spool(tmp_path)) == [] and not SpooledList(Spool(tmp_path))


def _encode(value: object) -> str:
    return json.JSONEncoder(ensure_ascii=True, indent=1).encode(json_report._no_surrogates(value))


KEYS = st.text(st.characters(blacklist_categories=("Cs",)), max_size=4)  # keys that stay distinct
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.dictionaries(KEYS, JSON, max_size=3), max_size=3), JSON)
def test_streamed_report_is_the_text_json_writes(files: list[dict[str, object]], run: object) -> None:
    """Input: any JSON values as files and run info, the files' lists read lazily (as a
    large file's findings are). Outcome: chunks() gives exactly json's indented text."""
    report = {"version": "1", "run": run, "files": files}
    lazy = [{k: Mapped(v, lambda x: x) if isinstance(v, list) else v for k, v in f.items()} for f in files]
    assert "".join(json_report.chunks(dict(report, files=Mapped(lazy, lambda x: x)))) == _encode(report)


@pytest.fixture()
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "LARGE_FILE", 20_000)
    monkeypatch.setattr(parallel, "PART_CHARS", 2_000)
    monkeypatch.setattr(parallel, "READ_BLOCK", 4096)


@pytest.mark.parametrize(
    "text",
    [
        ("The Ukraine rejects the plan.  \n" * 3 + "\n") * 300,  # paragraphs: cut at blank lines
        "The Ukraine rejects the plan. The council met on Friday. " * 800,  # one line: cut between sentences
    ],
    ids=["paragraphs", "one-line"],
)
def test_large_file_findings_have_whole_file_lines(small_parts: None, tmp_path: Path, text: str) -> None:
    """Input: a file cleaned in many parts. Outcome: its report entry lists every finding
    with the line and column it has in the whole file (a cut between sentences starts
    no new line), and the edits and findings of a run on the whole text."""
    src = tmp_path / "big.txt"
    src.write_text(text, encoding="utf-8")
    config = Config()
    pipeline = build_pipeline(rules_for(config), config)
    results, errors = parallel.process([src], pipeline, jobs=1, spool_dir=tmp_path / "spool", progress=False)
    assert errors == [] and isinstance(results[0], parallel.LargeFileResult)
    entry = json.loads("".join(json_report.chunks(json_report.report_view("0", "s", results, {}))))["files"][0]
    starts = line_starts(text)
    assert len(entry["findings"]) > 100
    for f in entry["findings"]:
        assert (f["line"], f["column"]) == line_col(starts, f["start"])
        assert text[f["start"] : f["end"]] == f["text"]
    assert len(entry["edits"]) == len(results[0].edits) > 100
