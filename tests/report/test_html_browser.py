"""The HTML report in a real browser: Debian's Chromium, driven by Playwright.

Everything is asserted through the DOM of the page as a reviewer would open it
(file://, no server). Each page also records every request it makes, every
dialog, every script error and every CSP violation: a self-contained report
makes exactly one request (itself) and logs nothing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from conftest import SEED, mtclean

from mtclean.model import Edit, FileResult, Finding
from mtclean.offsets import apply_edits
from mtclean.report import html as html_report
from mtclean.report import json as json_report

CHROMIUM = os.environ.get("MTCLEAN_CHROMIUM", "/usr/bin/chromium")
# Playwright's own browser download is not used: the system Chromium, quiet and offline.
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# Reads a file section's inline view back into the two texts it shows: original
# (plain, kept and deleted text) and cleaned (plain, kept and inserted text).
# White space shown as glyphs is turned back into white space; a row ending in a
# deleted line break ("↵") joins the next row in the cleaned reading.
READ_INLINE = """(section) => {
  const unglyph = (s) => s.replace(/·/g, ' ').replace(/→/g, '\\t').replace(/↵/g, '\\n').replace(/⍽/g, '\\u00a0');
  let orig = '', clean = '';
  for (const row of section.querySelectorAll('.text .row')) {
    let joined = false;
    const walk = (node) => {
      for (const child of node.childNodes) {
        if (child.nodeType === Node.TEXT_NODE) { orig += child.data; clean += child.data; joined = false; continue; }
        if (child.matches('.rid, .tip')) continue;
        if (child.matches('.ann')) { walk(child); continue; }
        joined = false;
        const text = child.matches('.ws') ? unglyph(child.textContent) : child.textContent;
        if (child.tagName === 'DEL') { orig += text; joined = child.matches('.ws') && text.endsWith('\\n'); }
        else if (child.tagName === 'INS') { clean += child.matches('.ws') ? text : text.replace(/↵/g, '\\n'); }
        else { orig += text; clean += text; }
      }
    };
    walk(row.querySelector('.tx'));
    if (!joined) { orig += '\\n'; clean += '\\n'; }
  }
  return [orig, clean];
}"""

# The side-by-side table read back into its two columns, one line per non-empty cell.
READ_SBS = """(table) => {
  const unglyph = (cell) => Array.from(cell.childNodes).map((n) => {
    if (n.nodeType === Node.TEXT_NODE) return n.data;
    if (n.matches('.ws')) return n.textContent.replace(/·/g, ' ').replace(/→/g, '\\t').replace(/↵/g, '').replace(/⍽/g, '\\u00a0');
    return n.textContent;
  }).join('');
  const side = (sel) => Array.from(table.querySelectorAll(sel)).map(unglyph);
  return [side('tbody td.o:not(.pad)'), side('tbody td.c:not(.pad)')];
}"""


@dataclass
class Opened:
    page: Any
    url: str
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def assert_quiet(self) -> None:
        """Nothing ran that should not have, nothing was fetched, nothing failed."""
        assert self.requests == [self.url]
        assert self.dialogs == []
        assert self.errors == []
        assert self.page.evaluate("typeof window.pwned") == "undefined"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    # In CI (which installs both) a missing browser is a failure, never a silent skip.
    if os.environ.get("CI"):
        import playwright.sync_api as sync_api

        assert Path(CHROMIUM).exists(), f"no Chromium at {CHROMIUM}: .ci/run installs Debian's chromium"
    else:
        sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the test extra")
        if not Path(CHROMIUM).exists():
            pytest.skip(f"no Chromium at {CHROMIUM} (.ci/run installs Debian's chromium)")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def open_report(browser: Any, path: Path, **context: Any) -> Opened:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, **context)
    page = ctx.new_page()
    opened = Opened(page, path.resolve().as_uri())
    page.on("request", lambda r: opened.requests.append(r.url))
    page.on("dialog", lambda d: (opened.dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: opened.errors.append(str(e)))
    page.on("console", lambda m: opened.errors.append(m.text) if m.type in ("error", "warning") else None)
    page.goto(opened.url)
    return opened


@pytest.fixture
def seed(browser: Any, seed_run: Path) -> Iterator[tuple[Opened, dict[str, Any]]]:
    report = json.loads((seed_run / "report.json").read_text(encoding="utf-8"))
    opened = open_report(browser, seed_run / "report.html")
    yield opened, report["files"][0]
    opened.page.context.close()


def cluster_of(page: Any, rule: str, line: int, status: str) -> Any:
    """The head element of the mark that carries one finding (found by rule, status and line)."""
    notes = page.locator(f'.ann > .tip > .fi[data-rule="{rule}"][data-st="{status}"]')
    for i in range(notes.count()):
        note = notes.nth(i)
        if f"line {line}," in (note.text_content() or ""):
            return note.locator("xpath=../..")
    raise AssertionError(f"no {status} {rule} on line {line}")


def test_every_applied_change_is_shown_with_its_rule_id(seed: tuple[Opened, dict[str, Any]]) -> None:
    opened, entry = seed
    page = opened.page
    applied = [f for f in entry["findings"] if f["applied"]]
    assert len(applied) >= 10
    assert page.locator(".ann > .tip > .fi[data-st=applied]").count() == len(applied)
    assert page.locator(".ann > .tip > .fi").count() == len(entry["findings"])
    for f in applied:
        head = cluster_of(page, f["rule"], f["line"], "applied")
        head.scroll_into_view_if_needed()  # the file's section renders once near the viewport
        badge = head.locator(":scope > .rid")
        assert badge.is_visible() and f["rule"] in badge.inner_text().split()
        assert head.locator("del, ins").count() >= 1
        head.hover()
        note = head.locator(f':scope > .tip > .fi[data-rule="{f["rule"]}"]')
        assert note.is_visible()
        text = note.inner_text()
        assert f["message"] in text and f["class"] in text and "applied" in text and "safe fix" in text
        if "\n" not in f["text"]:
            orig, clean = head.evaluate(
                """(el) => { const r = (sel) => Array.from(el.children).filter((c) => c.matches(sel)).map((c) =>
                     c.matches('.ws') ? c.textContent.replace(/·/g, ' ') : c.textContent).join('');
                   return [r('.k, del'), r('.k, ins')]; }"""
            )
            assert f["text"] in orig
            assert f["replacement"] in clean
    opened.assert_quiet()


def test_inline_view_holds_the_original_and_the_cleaned_text_exactly(seed: tuple[Opened, dict[str, Any]], seed_run: Path) -> None:
    opened, entry = seed
    orig, clean = opened.page.locator("section.file").first.evaluate(READ_INLINE)
    assert orig == SEED.read_text(encoding="utf-8") + "\n"  # the seed has no final line break
    assert clean == Path(entry["cleaned_path"]).read_text(encoding="utf-8") + "\n"


def test_unapplied_findings_are_underlined_with_their_suggestion(seed: tuple[Opened, dict[str, Any]]) -> None:
    opened, entry = seed
    page = opened.page
    for f in (f for f in entry["findings"] if not f["applied"]):
        head = cluster_of(page, f["rule"], f["line"], "suggested")
        head.focus()
        note = head.locator(f':scope > .tip > .fi[data-rule="{f["rule"]}"][data-st=suggested]')
        assert note.is_visible() and f["message"] in note.inner_text()
        if f["suggestion"]:
            assert f["suggestion"] in note.inner_text()
        if not head.locator(":scope > del, :scope > ins").count():  # a pure suggestion: wavy underline
            style = head.locator(":scope > .k").first.evaluate("(e) => getComputedStyle(e).textDecorationStyle")
            assert style == "wavy"


def test_filters_hide_and_show_findings(seed: tuple[Opened, dict[str, Any]]) -> None:
    opened, entry = seed
    page = opened.page
    total = len(entry["findings"])
    calque = sum(1 for f in entry["findings"] if f["class"] == "calque")
    count = page.locator("#shown-count")
    assert count.inner_text() == f"{total} of {total} findings shown"
    page.locator("details.list > summary").click()
    only_calque = page.locator('.ann[data-cls="calque"][id]')
    other = page.locator('.ann[data-cls~="capitalization"][id]')  # a cluster may hold several classes
    assert only_calque.count() > 3 and other.count() > 0

    page.locator('input[data-filter=cls][value=calque]').uncheck()
    assert count.inner_text() == f"{total - calque} of {total} findings shown"
    for i in range(only_calque.count()):
        head = only_calque.nth(i)
        assert "off" in (head.get_attribute("class") or "").split()
        assert not head.locator(":scope > .rid").is_visible()
        assert all(not head.locator(":scope > ins").nth(k).is_visible() for k in range(head.locator(":scope > ins").count()))
    assert all("off" not in (other.nth(i).get_attribute("class") or "") for i in range(other.count()))
    assert page.locator('tr.fi[data-cls=calque]:visible').count() == 0
    assert page.locator("tr.fi:visible").count() == total - calque

    page.locator('input[data-filter=cls][value=calque]').check()
    assert count.inner_text() == f"{total} of {total} findings shown"
    assert page.locator("tr.fi:visible").count() == total
    assert all(only_calque.nth(i).locator(":scope > .rid").is_visible() for i in range(only_calque.count()))

    # Applied vs suggested: "the US President" carries an applied and a suggested finding.
    page.locator('input[data-filter=st][value=suggested]').uncheck()
    shown = page.locator('.ann[id]:not(.off)')
    assert all("applied" in shown.nth(i).get_attribute("data-st") for i in range(shown.count()))
    both = page.locator('.ann[data-st="applied suggested"][id]')
    assert both.count() >= 1
    both.first.hover()
    assert both.first.locator(":scope > .tip > .fi[data-st=applied]").is_visible()
    assert not both.first.locator(":scope > .tip > .fi[data-st=suggested]").is_visible()
    page.locator('input[data-filter=st][value=suggested]').check()

    # Severity.
    info = sum(1 for f in entry["findings"] if f["severity"] == "info")
    page.locator('input[data-filter=sev][value=info]').uncheck()
    assert count.inner_text() == f"{total - info} of {total} findings shown"
    assert page.locator('tr.fi[data-sev=info]:visible').count() == 0
    opened.assert_quiet()


def test_keyboard_moves_to_the_next_and_previous_change(seed: tuple[Opened, dict[str, Any]]) -> None:
    opened, _ = seed
    page = opened.page
    heads = page.locator(".ann[id]")
    ids = [heads.nth(i).get_attribute("id") for i in range(heads.count())]
    focused = lambda: page.evaluate("document.activeElement.id")
    page.keyboard.press("n")
    assert focused() == ids[0]
    assert page.locator(f"#{ids[0]} > .tip").is_visible()
    page.keyboard.press("n")
    page.keyboard.press("j")
    assert focused() == ids[2]
    page.keyboard.press("p")
    assert focused() == ids[1]
    page.locator('input[data-filter=cls][value=calque]').uncheck()
    page.locator("#next-change").click()
    assert page.locator(".ann[id]:focus").get_attribute("data-cls") != "calque"
    opened.assert_quiet()


def test_side_by_side_view_holds_original_and_cleaned(seed: tuple[Opened, dict[str, Any]]) -> None:
    opened, entry = seed
    page = opened.page
    table = page.locator("details.sbs table").first
    assert not table.is_visible()
    page.locator("details.sbs > summary").first.click()
    assert table.is_visible()
    orig, clean = table.evaluate(READ_SBS)
    assert orig == SEED.read_text(encoding="utf-8").split("\n")
    assert clean == Path(entry["cleaned_path"]).read_text(encoding="utf-8").split("\n")
    assert page.locator("details.sbs tr.chg del").first.is_visible()
    assert page.locator("details.sbs tr.chg ins").first.is_visible()
    opened.assert_quiet()


def test_report_reads_without_javascript(browser: Any, seed_run: Path) -> None:
    opened = open_report(browser, seed_run / "report.html", java_script_enabled=False)
    page = opened.page
    assert not page.locator("#toolbar").is_visible()
    assert page.locator(".ann ins").first.is_visible() and page.locator(".ann .rid").first.is_visible()
    head = page.locator(".ann[id]").first
    head.hover()
    assert head.locator(":scope > .tip").is_visible()  # tooltips are CSS only
    page.locator("details.sbs > summary").first.click()
    assert page.locator("details.sbs table").first.is_visible()
    opened.assert_quiet()
    page.context.close()


def test_report_prints_without_controls(seed: tuple[Opened, dict[str, Any]]) -> None:
    opened, _ = seed
    page = opened.page
    page.emulate_media(media="print")
    assert not page.locator("#toolbar").is_visible()
    assert page.locator(".ann ins").first.is_visible() and page.locator(".ann .rid").first.is_visible()
    assert not page.locator("details.sbs").first.is_visible()
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_screenshot_of_the_report(seed: tuple[Opened, dict[str, Any]], tmp_path: Path) -> None:
    opened, _ = seed
    page = opened.page
    # A tooltip open in the picture, the page scrolled to the top (the toolbar is sticky).
    page.locator(".ann[id]").nth(2).evaluate("(el) => { el.focus({ preventScroll: true }); window.scrollTo(0, 0); }")
    assert page.locator(".ann[id]").nth(2).locator(":scope > .tip").is_visible()
    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width == 1280 and height > 1500
    print(f"screenshot: {shot}")


# --- hostile input -------------------------------------------------------------------------------

HOSTILE_LINES = [
    'How CNN reported, the vote was close. <script>window.pwned = 1; alert("script ran")</script>',
    "<img src=x onerror=\"window.pwned = 2; alert('onerror ran')\"> and The Switzerland has voted.",
    "He wrote \" onmouseover=\"window.pwned=3\" x=\" and ' onfocus='window.pwned=4' autofocus x='.",
    ('</textarea><script>window.pwned = 5</script></style><svg onload="window.pwned=6"> {{ 7 * 7 }} &amp; &lt;b&gt;'
     ' <iframe src="javascript:alert(8)">'),
    'Last but not least, <b onmouseover="window.pwned=7">bold</b> was never bold. © IMAGO / <script>x</script>',
]
HOSTILE_NAME = "<img src=x onerror=alert(9)> \"q\" 'a'.txt"


def poke(page: Any) -> None:
    """Give any injected handler its chance: hover and focus every mark, open every fold."""
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    heads = page.locator(".ann[id]")
    for i in range(heads.count()):
        heads.nth(i).hover()
        heads.nth(i).focus()
    page.mouse.move(5, 5)


def test_hostile_article_runs_nothing_and_shows_verbatim(browser: Any, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    text = "\n".join(HOSTILE_LINES) + "\n"
    (folder / HOSTILE_NAME).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    proc = mtclean("run", str(folder), "--out", str(out), "-q")
    assert proc.returncode == 0, proc.stderr
    entry = json.loads((out / "report.json").read_text(encoding="utf-8"))["files"][0]
    assert {f["rule"] for f in entry["findings"] if f["applied"]} >= {"CAL002", "CAL003"}
    assert any("onmouseover" in f["text"] for f in entry["findings"])  # hostile text inside a finding too
    opened = open_report(browser, out / "report.html")
    page = opened.page
    poke(page)
    opened.assert_quiet()
    assert page.title().startswith("mtclean report")
    assert page.locator("img, iframe, textarea, style + style, section.file svg, .text b:not(.rule)").count() == 0
    assert page.locator("script").count() == 1
    # Verbatim: the inline view gives back the article character for character ...
    orig, clean = page.locator("section.file").first.evaluate(READ_INLINE)
    assert orig == text
    assert clean == Path(entry["cleaned_path"]).read_text(encoding="utf-8")
    # ... and every hostile line is visible as text on screen.
    rows = page.locator(".text .row .tx")
    shown = [rows.nth(i).inner_text() for i in range(rows.count())]
    for line in HOSTILE_LINES[2:4]:
        assert line in shown
    assert page.locator("section.file h2.path").inner_text().endswith(HOSTILE_NAME)
    note = cluster_of(page, "BOI003", 5, "suggested").locator(":scope > .tip")
    assert '<b onmouseover="window.pwned=7">bold</b>' in note.text_content()
    page.context.close()


def test_hostile_rule_messages_run_nothing(browser: Any, tmp_path: Path) -> None:
    """A user's own rule file (--rules DIR) may say anything: its words are text too."""
    bad = '<script>window.pwned=1</script><img src=x onerror="window.pwned=2">"\'</textarea>'
    original = "One sentence here.\nAnother one.\n"
    edits = [Edit(0, 3, "1")]
    findings = [
        Finding(f"R{bad}", f"cls{bad}", "warning", 0, 3, f"message {bad}", fix="safe", suggestion=f"s {bad}",
                edit=Edit(0, 3, "1"), applied=True, text="One"),
        Finding("X001", "calque", f"sev{bad}", 4, 12, f"second {bad}", suggestion=f"t {bad}", text="sentence"),
    ]
    result = FileResult(f"p{bad}.txt", original, apply_edits(original, edits), findings, edits, notes=[f"n{bad}"])
    run = {"stages": [{"name": f"st{bad}", "status": f"skipped {bad}"}], "errors": [f"e{bad}"]}
    report = json_report.report_dict("0", f"mtclean:0|rules:{bad}", [result], run)
    path = tmp_path / "report.html"
    path.write_text(html_report.render(report, [result]), encoding="utf-8")
    opened = open_report(browser, path)
    page = opened.page
    poke(page)
    opened.assert_quiet()
    body = page.locator("body").inner_text()
    for piece in (f"message {bad}", f"second {bad}", f"t {bad}", f"R{bad}", f"cls{bad}", f"n{bad}", f"e{bad}",
                  f"p{bad}.txt", f"mtclean:0|rules:{bad}"):
        assert piece in body, piece
    box = page.locator("input[data-filter=sev]").filter(has_not=page.locator("xpath=self::*[@value='warning']"))
    assert box.count() == 1 and box.get_attribute("value") == f"sev{bad}"
    box.uncheck()
    assert page.locator("#shown-count").inner_text() == "1 of 2 findings shown"
    opened.assert_quiet()
    page.context.close()
