"""The rendered page without a browser: self-contained, escaped, pinned by its CSP, ordered."""

from __future__ import annotations

import base64
import hashlib
import html
import re
from pathlib import Path

from mtclean.model import Edit, FileResult, Finding
from mtclean.offsets import apply_edits
from mtclean.report import html as html_report
from mtclean.report import json as json_report
from mtclean.report.chart import BAR_W, class_chart

HOSTILE = '<script>alert(1)</script> <img src=x onerror="alert(2)"> </textarea> " onmouseover="alert(3)'


def page(results: list[FileResult]) -> str:
    report = json_report.report_dict("0.0.0", "mtclean:0.0.0|rules:abc|unsafe:no", results, {"stages": [], "errors": []})
    return html_report.render(report, results)


def hostile_result() -> FileResult:
    original = f"How CNN reported, {HOSTILE}\nplain line\n"
    edits = [Edit(0, 3, "As")]
    findings = [
        Finding("CAL003", "calque", "warning", 0, 3, HOSTILE, fix="safe", suggestion=HOSTILE,
                edit=Edit(0, 3, "As"), applied=True, text="How"),
        Finding("X<b>1", "<i>cls", 'warn"ing', 18, 18 + len(HOSTILE), HOSTILE, suggestion=HOSTILE, text=HOSTILE),
    ]
    return FileResult(f"dir/{HOSTILE}.txt", original, apply_edits(original, edits), findings, edits)


def test_seed_report_loads_nothing_from_anywhere(seed_run: Path) -> None:
    text = (seed_run / "report.html").read_text(encoding="utf-8")
    assert "://" not in text
    assert not re.search(r"""\b(?:src|href|action|srcset)\s*=\s*(?:"(?!#)|'(?!#)|(?!["'#]))""", text, re.IGNORECASE)
    assert "@import" not in text and "url(" not in text


def test_inline_assets_are_exactly_what_the_csp_allows(seed_run: Path) -> None:
    text = (seed_run / "report.html").read_text(encoding="utf-8")
    csp = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', text).group(1))  # type: ignore[union-attr]
    assert "default-src 'none'" in csp
    for tag in ("style", "script"):
        bodies = re.findall(rf"<{tag}>(.*?)</{tag}>", text, re.DOTALL)
        assert len(bodies) == 1, tag
        digest = base64.b64encode(hashlib.sha256(bodies[0].encode()).digest()).decode()
        assert f"{tag}-src 'sha256-{digest}'" in csp


def test_hostile_text_is_escaped_everywhere() -> None:
    text = page([hostile_result()])
    assert text.count("<script>") == 1  # ours, at the end
    assert "<img" not in text and "</textarea>" not in text and "X<b>1" not in text and "<i>cls" not in text
    assert '" onmouseover="' not in text and "onerror=\"" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&lt;/textarea&gt;" in text


def test_files_with_most_findings_come_first() -> None:
    def res(path: str, n: int) -> FileResult:
        found = [Finding("CAL007", "calque", "info", 0, 4, "m", text="word") for _ in range(n)]
        return FileResult(path, "word\n", "word\n", found, [])

    text = page([res("a.txt", 1), res("b.txt", 3), res("c.txt", 0)])
    table = text[text.index("Files, most findings first"):]
    assert table.index("b.txt") < table.index("a.txt") < table.index("c.txt")
    sections = re.findall(r'<h2 id="f\d+h" class="path"><span class="fno">file \d of 3</span> ([^<]+)</h2>', text)
    assert sections == ["b.txt", "a.txt", "c.txt"]


def test_chart_bars_scale_to_the_largest_class() -> None:
    chart = class_chart({"calque": (4, 6), "whitespace": (2, 0), "house-style": (0, 1)})
    bars = {b.label: b for b in chart.bars}
    assert [b.label for b in chart.bars] == ["whitespace", "calque", "house-style"]
    assert bars["calque"].applied_w + bars["calque"].suggested_w == BAR_W
    assert bars["whitespace"].applied_w == BAR_W * 2 / 10
    assert bars["house-style"].colour == bars["house-style"].colour and bars["house-style"].suggested_w == BAR_W / 10


def test_templates_ship_inside_the_package() -> None:
    folder = Path(html_report.__file__).with_name("templates")
    assert {"report.html.j2", "macros.j2", "report.css", "report.js"} <= {p.name for p in folder.iterdir()}


def test_empty_run_and_empty_files_render() -> None:
    assert "0 files (0 changed)" in page([])
    empty = page([FileResult("empty.txt", "", "", [], [])])
    assert "No findings: the file is unchanged." in empty
    gone = page([FileResult("gone.txt", "abc", "", [], [Edit(0, 3, "")])])
    assert "<del>abc</del>" in gone and "chrF <b class=\"chrf\">0.00</b>" in gone
    born = page([FileResult("born.txt", "", "x\n", [], [Edit(0, 0, "x\n")])])
    assert "<ins>x↵</ins>" in born


def test_markup_escape_writes_what_jinja_autoescaping_writes() -> None:
    """report/markup.py escapes the per-line fragments itself; the bytes must be markupsafe's."""
    from markupsafe import escape as jinja_escape

    from mtclean.report.markup import escape

    for text in ["", "plain words", "<script>alert('x')</script>", 'a "q" & b', "&amp; already", "\ud800 <\x00>",
                 "' onmouseover='x", "<<>>&&''\"\""]:
        assert escape(text) == str(jinja_escape(text))


def test_side_by_side_rows_written_block_by_block_equal_row_by_row() -> None:
    """markup.sbs_rows writes an unchanged run as one escaped text; it must equal side_by_side's rows."""
    from mtclean.report import markup
    from mtclean.report.sidebyside import side_by_side

    texts = [
        "",
        "one line, no break",
        "a\r\nb & <c>\r\n\r\nd 'e' \"f\"\n",
        "ctrl \x01 and lone \r cr\n\x7f\n\t tab\u00a0nbsp\nlast",
        f"How CNN reported, {HOSTILE}\nplain line\n\n\nmore\n",
    ]
    for text in texts:
        for edits in ([], [Edit(0, min(3, len(text)), "As")], [Edit(len(text), len(text), "\nadded\n")]):
            r = FileResult("x.txt", text, apply_edits(text, edits), [], edits)
            out: list[str] = []
            markup._sbs_rows(side_by_side(text, edits), out)
            assert str(markup.sbs_rows(r)) == "".join(out)


CACHED_RENDER = """
import sys
import jinja2
compiled = []
real = jinja2.Environment.compile
def counting(self, *a, **k):
    compiled.append(1)
    return real(self, *a, **k)
jinja2.Environment.compile = counting
from mtclean.report import html as html_report
from mtclean.report import json as json_report
from mtclean.model import FileResult
r = FileResult("a.txt", "How CNN reported.\\n", "As CNN reported.\\n", [], [])
report = json_report.report_dict("0.0.0", "sig", [r], {"stages": [], "errors": []})
sys.stdout.write(html_report.render(report, [r]))
print("\\ncompiled:", bool(compiled))
"""


def _render_in_process(cache: str) -> tuple[str, bool]:
    import os
    import subprocess
    import sys

    env = {**os.environ, "MTCLEAN_CACHE_DIR": cache}
    out = subprocess.run([sys.executable, "-c", CACHED_RENDER], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    page, _, flag = out.stdout.rpartition("\ncompiled:")
    return page, flag.strip() == "True"


def test_compiled_templates_are_reused_from_the_cache_and_render_the_same(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first, compiled_first = _render_in_process(str(cache))
    second, compiled_second = _render_in_process(str(cache))
    assert compiled_first and not compiled_second  # the second run loaded the templates' code
    assert first == second
    assert list(cache.glob("jinja-*/__jinja2_*.cache"))
    off, compiled_off = _render_in_process("off")
    assert off == first and compiled_off


def test_an_unwritable_template_cache_costs_time_not_the_report(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder would be", encoding="utf-8")
    page_text, compiled = _render_in_process(str(blocker))
    assert compiled and "<html" in page_text
