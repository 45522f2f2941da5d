"""report.html grows with the findings, not with the input, and is bounded whatever the input."""

from __future__ import annotations

import re

from mtclean.model import Edit, FileResult, Finding
from mtclean.offsets import apply_edits
from mtclean.report import html as html_report
from mtclean.report import json as json_report


def page(results: list[FileResult]) -> str:
    report = json_report.report_dict("0.0.0", "mtclean:0.0.0|rules:abc|unsafe:no", results, {"stages": [], "errors": []})
    return html_report.render(report, results)


def result(path: str, text: str, spans: list[tuple[int, int, str | None]]) -> FileResult:
    """Findings at the spans; those with a replacement applied."""
    edits = [Edit(s, e, r) for s, e, r in spans if r is not None]
    findings = [Finding("CAL002", "calque", "warning", s, e, "m", fix="safe" if r is not None else "none",
                        edit=None if r is None else Edit(s, e, r), applied=r is not None, text=text[s:e]) for s, e, r in spans]
    return FileResult(path, text, apply_edits(text, edits), findings, edits)


def test_unchanged_text_of_a_large_file_is_not_embedded() -> None:
    lines = [f"Segment number {i} reads like plain English text of a news article." for i in range(8000)]
    lines[4000] = "The Ukraine rejects the plan."
    text = "\n".join(lines) + "\n"
    at = text.index("The Ukraine")
    small = page([result("big.txt", text, [(at, at + 11, "Ukraine")])])
    assert len(small) < 120_000 < len(text)
    assert "Segment number 3999 " in small and "Segment number 4001 " in small  # context kept
    assert "Segment number 10 " not in small and "Segment number 7000 " not in small
    assert "3998 unchanged lines (1–3998) not included" in small
    # A small file is still shown whole.
    short = "\n".join(lines[3990:4010]) + "\n"
    at = short.index("The Ukraine")
    whole = page([result("small.txt", short, [(at, at + 11, "Ukraine")])])
    assert all(line in whole for line in lines[3990:4010] if "Ukraine" not in line)


def test_findings_marked_per_file_and_per_page_are_bounded() -> None:
    text = "The Ukraine said no. " * 3000 + "\n"
    spans = [(21 * i, 21 * i + 11, "Ukraine") for i in range(3000)]
    out = page([result("many.txt", text, spans)])
    assert len(re.findall(r'<span class="fi" ', out)) == html_report.SHOWN_PER_FILE
    assert f"{3000 - html_report.SHOWN_PER_FILE} more are in report.json" in out
    files = [result(f"f{i:02}.txt", text, spans[:300]) for i in range(15)]
    out = page(files)
    assert len(re.findall(r'<span class="fi" ', out)) == html_report.SHOWN_TOTAL
    assert len(out) < 8_000_000


def test_a_huge_line_is_shortened_when_the_file_is_not_shown_whole() -> None:
    text = "The Ukraine said. " + "word " * 200_000 + "end.\n"
    out = page([result("line.txt", text, [(0, 11, "Ukraine")])])
    assert len(out) < 200_000
    assert "characters not shown]" in out


def test_the_most_the_page_marks_stays_small_even_on_long_lines() -> None:
    """Every marked finding on its own long line between long lines: the worst a page can
    hold is what its caps allow (a hostile input must not make it as large as itself)."""
    line = ("The Ukraine said " + "x" * 1080)[:1100]
    filler = ("word " * 220)[:1100]
    files = []
    for f in range(8):
        parts, spans, pos = [], [], 0
        for _ in range(html_report.SHOWN_PER_FILE):
            parts.extend([filler] * 3)
            pos += 3 * (len(filler) + 1)
            parts.append(line)
            spans.append((pos, pos + 11, "Ukraine"))
            pos += len(line) + 1
        files.append(result(f"f{f}.txt", "\n".join(parts) + "\n", spans))
    out = page(files)
    assert len(re.findall(r'<span class="fi" ', out)) == html_report.SHOWN_TOTAL
    assert len(out.encode("utf-8")) < 10_000 * html_report.SHOWN_TOTAL
