"""--jobs and large files: the split into work units never changes a result."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import SEED, mtclean
from hypothesis import example, given, settings
from hypothesis import strategies as st

from mtclean import parallel
from mtclean.api import rules_for
from mtclean.config import Config
from mtclean.offsets import apply_edits, line_col, line_starts
from mtclean.runner import run


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _run_in(where: Path, inputs: list[Path], config: Config, jobs: int) -> dict[str, bytes]:
    """A run with the output folder at the same relative path, so reports compare byte for byte."""
    where.mkdir()
    import os

    cwd = os.getcwd()
    os.chdir(where)
    try:
        run(inputs, Path("out"), config, rules_for(config), jobs=jobs)
    finally:
        os.chdir(cwd)
    return _tree(where / "out")


@pytest.fixture()
def corpus(shared: Path, tmp_path: Path) -> Path:
    """A few real documents: the seed, human references and MT output cut into articles."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "seed.txt").write_bytes(SEED.read_bytes())
    for name in ("newstest2021.de-en.ref.A.en", "newstest2021.de-en.hyp.Online-B.en"):
        lines = (shared / "data" / "wmt21-deen" / name).read_text(encoding="utf-8").splitlines()
        for k in range(3):
            (folder / f"{name}.{k}.txt").write_text("\n\n".join(lines[k * 40 : (k + 1) * 40]) + "\n", encoding="utf-8")
    return folder


def test_jobs_do_not_change_outputs(corpus: Path, tmp_path: Path) -> None:
    one = _run_in(tmp_path / "one", [corpus], Config(), jobs=1)
    two = _run_in(tmp_path / "two", [corpus], Config(), jobs=2)
    assert one.keys() == two.keys()
    assert len([k for k in one if k.startswith("cleaned/")]) == 7
    for key in one:
        assert one[key] == two[key], key


@pytest.fixture()
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Treat files over 40 kB as large and cut them into parts of about 8,000 characters."""
    monkeypatch.setattr(parallel, "LARGE_FILE", 40_000)
    monkeypatch.setattr(parallel, "PART_CHARS", 8_000)
    monkeypatch.setattr(parallel, "READ_BLOCK", 4096)


def _big_document(shared: Path, folder: Path) -> Path:
    """~100 kB of real text with real damage: seed articles and MT lines as paragraphs, some
    trailing blanks (safe fixes) so parts have edits near their edges."""
    seed = SEED.read_text(encoding="utf-8")
    mt = (shared / "data" / "wmt21-deen" / "newstest2021.de-en.hyp.Online-G.en").read_text(encoding="utf-8")
    paras = [line + ("  " if i % 7 == 0 else "") for i, line in enumerate(mt.splitlines())]
    text = seed + "\n\n" + "\n\n".join(paras) + "\n\n" + seed + "\n\n" + "\n\n".join(paras[::-1]) + "\n\n" + seed
    path = folder / "big.txt"
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size > 100_000, path.stat().st_size
    return path


def test_large_file_in_parts_is_consistent(shared: Path, tmp_path: Path, small_parts: None) -> None:
    big = _big_document(shared, tmp_path)
    one = _run_in(tmp_path / "one", [big], Config(), jobs=1)
    two = _run_in(tmp_path / "two", [big], Config(), jobs=2)
    assert one == two
    original = big.read_text(encoding="utf-8")
    cleaned = next(v for k, v in one.items() if k.startswith("cleaned/")).decode("utf-8")
    report = json.loads(one["report.json"])
    entry = report["files"][0]
    edits = entry["edits"]
    assert len(edits) > 50  # edits from many parts
    # The report's edits, applied to the original, give the cleaned file exactly.
    from mtclean.model import Edit

    assert apply_edits(original, [Edit(e["start"], e["end"], e["replacement"]) for e in edits]) == cleaned
    # Spans, lines and columns point into the whole original file.
    starts = line_starts(original)
    for f in entry["findings"]:
        assert original[f["start"] : f["end"]] == f["text"]
        assert (f["line"], f["column"]) == line_col(starts, f["start"])
    # The diff's hunks name the right original lines.
    lines = original.splitlines(keepends=True)
    diff = one["changes.diff"].decode("utf-8")
    assert diff.count("--- a/") == 1
    hunks: list[tuple[int, list[str]]] = []
    prev = ""
    for ln in diff.splitlines(keepends=True)[2:]:
        if ln.startswith("@@ "):
            hunks.append((int(ln.split()[1][1:].split(",")[0]), []))
        elif ln[:1] in (" ", "-"):
            hunks[-1][1].append(ln[1:])
        elif ln.startswith("\\ No newline") and prev[:1] in (" ", "-"):
            hunks[-1][1][-1] = hunks[-1][1][-1].rstrip("\n")
        prev = ln
    assert len(hunks) > 10
    for first, old in hunks:
        assert old and "".join(lines[first - 1 : first - 1 + len(old)]) == "".join(old)


def test_lines_mode_parts_equal_whole_file(shared: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With --lines every line is its own document, so cutting a file into parts is exact."""
    src = shared / "data" / "wmt21-deen" / "newstest2021.de-en.hyp.happypoet.en"
    whole = _run_in(tmp_path / "whole", [src], Config(lines=True), jobs=1)
    monkeypatch.setattr(parallel, "LARGE_FILE", 20_000)
    monkeypatch.setattr(parallel, "PART_CHARS", 5_000)
    monkeypatch.setattr(parallel, "READ_BLOCK", 3000)
    cut = _run_in(tmp_path / "cut", [src], Config(lines=True), jobs=2)
    key = next(k for k in whole if k.startswith("cleaned/"))
    assert cut[key] == whole[key]
    a, b = json.loads(whole["report.json"]), json.loads(cut["report.json"])
    assert a["files"][0]["findings"] == b["files"][0]["findings"]
    assert a["files"][0]["edits"] == b["files"][0]["edits"]


def test_large_file_decoding_errors_name_the_byte(tmp_path: Path, small_parts: None) -> None:
    bad = tmp_path / "bad.txt"
    # UTF-8 text (the dash) with one stray Latin-1 byte: not a Latin-1 file, so an error.
    bad.write_bytes("Good text \u2014 ok.\n\n".encode() * 10_000 + b"caf\xe9\n")
    proc = mtclean("run", str(bad), "--out", str(tmp_path / "out"), "-q")
    # The threshold patch does not reach a subprocess; check the in-process driver too.
    assert proc.returncode == 2 and "byte 190003" in proc.stderr
    _, errors = parallel.process([bad], _pipeline(), jobs=1, spool_dir=tmp_path)
    assert len(errors) == 1 and "byte 190003" in str(errors[0])
    assert not list(tmp_path.glob(".bad.txt.*"))  # the spool file is gone


def _pipeline():  # type: ignore[no-untyped-def]
    from mtclean.stages import build_pipeline

    config = Config()
    return build_pipeline(rules_for(config), config)


def test_edit_rates_computed_where_files_are_cleaned_equal_the_reports_own(corpus: Path) -> None:
    """The workers attach each file's edit rate; the HTML report, given results without
    them, computes the same page."""
    from mtclean import __version__
    from mtclean.model import FileResult
    from mtclean.report import html, quality
    from mtclean.report import json as json_report

    results, errors = parallel.process(sorted(corpus.iterdir()), _pipeline(), jobs=2, progress=False)
    assert not errors and len(results) == 7
    assert all(r.rate == quality.file_rate(r) for r in results)  # type: ignore[attr-defined]
    assert any(r.rate.chrf < 100 for r in results)  # type: ignore[attr-defined]
    bare = [FileResult(r.path, r.original, r.cleaned, r.findings, r.edits, r.notes) for r in results]
    assert not any(hasattr(r, "rate") for r in bare)
    info = {"stages": [], "errors": [], "skipped": []}
    assert html.render(json_report.report_dict(__version__, "s", results, info), results) == html.render(
        json_report.report_dict(__version__, "s", bare, info), bare)


def test_no_progress_output_off_a_terminal(corpus: Path, tmp_path: Path) -> None:
    proc = mtclean("run", str(corpus), "--out", str(tmp_path / "out"), "-q", "--jobs", "2")
    assert proc.returncode == 0
    assert proc.stderr == ""


def test_bad_jobs_value(tmp_path: Path) -> None:
    proc = mtclean("run", str(SEED), "--out", str(tmp_path / "out"), "--jobs", "-1")
    assert proc.returncode == 2 and "--jobs" in proc.stderr and "Traceback" not in proc.stderr


# The cut as first written: patterns that start with a look-behind (slow on a buffer of
# megabytes, but plainly right). The patterns in parallel.py must cut at the same places.
_REF_PARAGRAPH = re.compile(r"(?<=\S\n)\n(?=\S)|(?<=\S\r\n)\r\n(?=\S)")
_REF_LINE = re.compile(r"(?<=\S\n)(?=\S)")
_REF_SENTENCE = re.compile(r"(?<=[.!?])[ \t]+(?=[A-Z\"“‘(])")


def _reference_cut(buf: str, final: bool, part: int) -> tuple[int, int] | None:
    def in_line() -> re.Match[str] | None:
        return _REF_SENTENCE.search(buf, part) or parallel.WORD_BREAK.search(buf, part)

    m = _REF_PARAGRAPH.search(buf, part)
    if m is None and len(buf) >= 8 * part:
        m = _REF_LINE.search(buf, part)
        if m is None or m.start() > 8 * part:
            m = in_line() or m
    elif m is None and final and buf.find("\n", part, len(buf.rstrip())) < 0:
        m = in_line()
    return None if m is None else (m.start(), m.end())


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(["ab", "Cd", ". ", "! ", " ", "\t", "\n", "\r\n", "\n\n", "x.", "(", "“"]), max_size=40).map("".join),
    st.booleans(),
)
@example("abc\nd" + "e" * 30, False)  # a line break right at the part size
@example("a" * 10 + ". Be" + "c" * 30, True)  # a sentence break in a one-line tail
def test_cuts_fall_where_the_plain_patterns_put_them(buf: str, final: bool) -> None:
    part = 4
    old = parallel.PART_CHARS
    parallel.PART_CHARS = part
    try:
        assert parallel._cut(buf, False, final=final) == _reference_cut(buf, final, part)
    finally:
        parallel.PART_CHARS = old
