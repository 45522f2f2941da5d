"""markup.plaintext: only lines that can only be code, and URLs, are protected in plain text."""

from __future__ import annotations

import pytest

from mtclean.markup.plaintext import plaintext_ranges


@pytest.mark.parametrize(
    "line",
    [
        "rem Above opens the settings file",
        "REM Copy The files",
        "@echo off",
        ":: Batch comment With Capitals",
        "$ pip install The-Package",
        ">>> print('The Ukraine')",
        "C:\\Users\\Anna> dir The Folder",
        "#!/bin/sh",
    ],
)
def test_code_lines(line: str) -> None:
    text = f"Before.\n{line}\nAfter.\n"
    (r,) = plaintext_ranges(text)
    assert text[r.start : r.end] == line and r.kind == "code-line"


@pytest.mark.parametrize(
    "line",
    [
        "Remember the milk.",  # starts like "rem" but is a word
        "Remarks: none.",
        "$5 is the price.",  # no blank after the dollar
        "The price is $ 5.",
        "> quoted mail line",  # a quote, not a prompt
        "# A heading",
    ],
)
def test_prose_lines_are_not_code(line: str) -> None:
    assert plaintext_ranges(f"{line}\n") == []


def test_urls_end_before_trailing_punctuation() -> None:
    text = "Read https://example.org/a/B_c?x=1. Then (https://example.org/d), done.\n"
    assert [text[r.start : r.end] for r in plaintext_ranges(text)] == [
        "https://example.org/a/B_c?x=1",
        "https://example.org/d",
    ]
