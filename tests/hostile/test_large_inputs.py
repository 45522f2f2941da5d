"""Large inputs are processed in bounded memory: a large file, even one that is a
single line, is cleaned part by part, never held whole. (The peak RSS of a 200 MB
file and of a 50 MB one-line file are benchmark figures, see README "Speed and
scale"; here the mechanism is tested at a small scale.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from mtclean import Config, parallel
from mtclean.api import rules_for
from mtclean.stages import build_pipeline

SENTENCE = "The council met on Friday and agreed the budget. "


@pytest.fixture()
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "LARGE_FILE", 40_000)
    monkeypatch.setattr(parallel, "PART_CHARS", 2_000)
    monkeypatch.setattr(parallel, "READ_BLOCK", 4096)


def test_one_long_line_is_cut_into_parts(small_parts: None) -> None:
    """Input: one line of 200,000 characters, no line break. Outcome: many parts, each
    far smaller than the line, cut between sentences, that join back to the line."""
    line = SENTENCE * 4000
    blocks = ((line[i : i + 4096], i) for i in range(0, len(line), 4096))
    pieces = list(parallel.parts(blocks, lines_mode=False))
    assert len(pieces) > 10
    assert max(len(p) for p, _, _ in pieces) < 20 * parallel.PART_CHARS
    assert "".join(p + sep for p, sep, _ in pieces) == line
    assert all(p.endswith(".") for p, _, _ in pieces[:-1])  # between sentences


def test_the_end_of_a_one_line_file_is_cut_too(small_parts: None) -> None:
    """Input: one line shorter than the stretch after which a line is cut (8 parts' worth),
    read to its end. Outcome: still cut between sentences into parts under two part
    sizes, not left as one part (the stages need gigabytes for a line of megabytes)."""
    line = SENTENCE * 300  # 15,000 characters: 7.5 parts
    blocks = ((line[i : i + 4096], i) for i in range(0, len(line), 4096))
    pieces = list(parallel.parts(blocks, lines_mode=False))
    assert len(pieces) > 5
    assert max(len(p) for p, _, _ in pieces) < 2 * parallel.PART_CHARS
    assert "".join(p + sep for p, sep, _ in pieces) == line


def test_the_end_of_a_file_with_lines_stays_whole(small_parts: None) -> None:
    """Input: lines with no blank line between them, shorter than 8 parts' worth. Outcome:
    the end of the file is one part, as it always was (only a single line is cut)."""
    text = (SENTENCE + "\n") * 250
    blocks = ((text[i : i + 4096], i) for i in range(0, len(text), 4096))
    assert [p for p, _, _ in parallel.parts(blocks, lines_mode=False)] == [text]


def test_one_line_file_through_the_large_file_path(small_parts: None, tmp_path: Path) -> None:
    """Input: a 100 kB file that is one line with a calque in every sentence. Outcome:
    cleaned part by part (a large-file result), every calque fixed, nothing else changed."""
    src = tmp_path / "line.txt"
    src.write_text(("The Ukraine rejects the plan. " + SENTENCE) * 1300, encoding="utf-8")
    config = Config()
    pipeline = build_pipeline(rules_for(config), config)
    results, errors = parallel.process([src], pipeline, jobs=1, spool_dir=tmp_path / "spool", progress=False)
    assert errors == [] and isinstance(results[0], parallel.LargeFileResult)
    target = tmp_path / "out.txt"
    results[0].install(target)
    # (the trailing space at the very end is white space the encoding stage removes)
    assert target.read_text(encoding="utf-8") == (("Ukraine rejects the plan. " + SENTENCE) * 1300).rstrip(" ")
