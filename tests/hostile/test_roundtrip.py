"""Round trip and idempotence, as properties over generated and real text.

Each property is checked by hypothesis on documents stitched from generated
characters (CRLF, BOM, NBSP, tabs, control characters, astral characters),
phrases the rules act on, and real lines from the seed and WMT21.
"""

from __future__ import annotations

import json

import pytest
from pipelines import pipeline_for  # one pipeline per configuration, not one per example
from hypothesis import HealthCheck, example, given, settings

from mtclean.config import Config
from mtclean.offsets import apply_edits
from mtclean.report import json as json_report
from mtclean.report.diff import unified_diff

from ._texts import documents, real_documents

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DEFAULT = Config()
NO_TEXT_FIXES = Config(ignore=["encoding", "whitespace"])


def clean(text: str, config: Config = DEFAULT):  # type: ignore[no-untyped-def]
    return pipeline_for(config).run(text, "doc.txt")


@SETTINGS
@given(documents())
@example("The Ukraine rejects it.\n© dpa\n\n\nHow CNN reported, the vote was close.  \n")
def test_cleaning_twice_equals_cleaning_once(text: str) -> None:
    """Input: any document. Outcome: cleaning the cleaned text changes nothing more."""
    once = clean(text).cleaned
    assert clean(once).cleaned == once


@SETTINGS
@given(real_documents())
def test_real_text_is_idempotent(text: str) -> None:
    """Input: runs of real MT and reference lines (LF or CRLF, final newline or not).
    Outcome: cleaning twice equals cleaning once."""
    once = clean(text).cleaned
    assert clean(once).cleaned == once


@SETTINGS
@given(documents())
@example("\ufeffTabs\tand\u00a0NBSP, CRLF\r\nno final newline")
@example("Trailing space  \r\n\r\n\r\n\r\nlast line\n")
def test_text_without_findings_comes_back_identical(text: str) -> None:
    """Input: any document, encoding and white-space rules off. Outcome: a document with
    no findings comes back character for character (line endings, BOM character,
    final newline or its absence, tabs, NBSP); with findings, only the edited spans differ."""
    result = clean(text, NO_TEXT_FIXES)
    if not result.findings:
        assert result.cleaned == text
    assert apply_edits(text, result.edits) == result.cleaned


@SETTINGS
@given(documents())
def test_report_edits_reproduce_the_cleaned_text(text: str) -> None:
    """Input: any document. Outcome: the ``edits`` of report.json (after a JSON round
    trip), applied to the original in order, give exactly the cleaned text."""
    result = clean(text)
    entry = json.loads(json_report.dumps({"files": [json_report.file_dict(result)]}))["files"][0]
    out, pos = [], 0
    for e in entry["edits"]:
        assert e["start"] >= pos, "edits are sorted and do not overlap"
        out.append(text[pos : e["start"]] + e["replacement"])
        pos = e["end"]
    assert "".join(out) + text[pos:] == result.cleaned


@SETTINGS
@given(documents())
@example("Home > News > World\nThe Ukraine rejects it.\n")
def test_every_applied_edit_is_in_the_report_and_the_diff(text: str) -> None:
    """Input: any document. Outcome: each applied edit lies on an applied finding of
    the report, each applied finding on an edit, and each line an edit touches is a
    removed line of the unified diff (one line at least per edit)."""
    result = clean(text)
    applied = [f for f in result.findings if f.applied]
    touching = lambda f, e: f.start <= e.end and e.start <= f.end
    for e in result.edits:
        assert any(touching(f, e) for f in applied), e
    for f in applied:
        assert any(touching(f, e) for e in result.edits), f
    diff = unified_diff("doc.txt", text, result.cleaned)
    body = lambda line: (line.splitlines() or [""])[0]
    removed = {body(line[1:]) for line in diff.splitlines(keepends=True)[2:] if line.startswith("-")}
    # The diff's lines are str.splitlines() lines; find which of them each edit touches.
    original_lines = text.splitlines(keepends=True)
    bounds, pos = [], 0
    for line in original_lines:
        bounds.append((pos, pos + len(line)))
        pos += len(line)
    for e in result.edits:
        hit = [i for i, (a, b) in enumerate(bounds) if a <= e.start < b or (e.start < a < e.end)]
        if not hit and e.start == len(text) and original_lines and not text.endswith(tuple("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")):
            hit = [len(original_lines) - 1]  # text added to an unterminated last line
        # One of the lines the edit touches is a removed line (an edit at a line's
        # end may leave that line as it was and change only the next one).
        assert any(body(original_lines[i]) in removed for i in hit), (hit, e)


def test_photo_credit_alone_on_its_line_takes_the_line() -> None:
    """Input: a photo credit alone on a line before a blank line (found by the
    idempotence property). Outcome: the line goes, no blank-line run is left,
    and a second run has nothing to do."""
    text = "The Ukraine rejects it.\n© dpa\n\n\nHow CNN reported, the vote was close.  \n"
    once = clean(text).cleaned
    assert once == "Ukraine rejects it.\n\nAs CNN reported, the vote was close.\n"
    assert clean(once).findings == []


LINES = Config(lines=True)


@SETTINGS
@given(documents())
@example("a\x0bb\nc\u2028d\r\n")
def test_lines_mode_keeps_lines_and_is_idempotent(text: str) -> None:
    """Input: any document in ``--lines`` mode, with vertical tabs and U+2028 inside
    lines (str.splitlines() would take them as line ends; a removed vertical tab then
    joined two segments). Outcome: the same number of lines, and cleaning twice
    equals cleaning once."""
    once = clean(text, LINES).cleaned
    assert once.count("\n") == text.count("\n")
    assert clean(once, LINES).cleaned == once


@pytest.mark.parametrize(
    "text",
    [
        "the\x02\n\x02\x02\n\n",  # removed control characters leave a blank-line run
        "© dpa© dpa© dpa© dpa© dpa",  # removing the last credit exposes the one before
        "It ended.\n\n date 2023-05-26 Home page politics\n date 2023-05-26 Home page politics\n",  # lines removed at the end
        "   \ufeff ",  # a removed BOM leaves trailing white space
    ],
)
def test_found_non_idempotent_cases(text: str) -> None:
    """Input: documents the idempotence properties found (each needed a second run).
    Outcome: one run leaves nothing for a second run to do."""
    for config in (DEFAULT, LINES, NO_TEXT_FIXES):
        once = clean(text, config).cleaned
        assert clean(once, config).cleaned == once, config
