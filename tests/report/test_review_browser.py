# ruff: noqa: F811  (tests take the imported ``browser`` fixture as a parameter)
"""Reviewing in the browser: decide findings in report.html (mouse and keyboard), export the
decisions, and ``mtclean apply`` them. Debian's Chromium driven by Playwright, the page
opened from disk as a reviewer opens it; its Content-Security-Policy stays in force.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from conftest import SEED, mtclean
from test_html_browser import HOSTILE_LINES, browser, open_report  # noqa: F401  (browser: the Chromium fixture)

from mtclean.model import Edit
from mtclean.offsets import apply_edits


def seed_project(tmp_path: Path) -> tuple[Path, Path, dict[str, Any]]:
    """The seed run from a folder of its own (relative paths, as a user runs it)."""
    (tmp_path / "seeds").mkdir()
    shutil.copy(SEED, tmp_path / "seeds" / SEED.name)
    proc = mtclean("run", "seeds/", "--out", "out", "-q", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    return tmp_path, tmp_path / "out", report


def one(entry: dict[str, Any], rule: str, **where: Any) -> dict[str, Any]:
    found = [f for f in entry["findings"] if f["rule"] == rule and all(f[k] == v for k, v in where.items())]
    assert len(found) == 1, (rule, where, found)
    return found[0]


def current_id(page: Any) -> str | None:
    return page.evaluate("(() => { const n = document.querySelector('#rv-body .fi'); return n && n.getAttribute('data-id'); })()")


def export(page: Any, dest: Path) -> dict[str, Any]:
    with page.expect_download() as info:
        page.locator("#export").click()
    info.value.save_as(dest)
    return json.loads(dest.read_text(encoding="utf-8"))


def test_reject_a_fix_by_mouse_accept_a_suggestion_by_keyboard_then_apply(browser: Any, tmp_path: Path) -> None:
    """Acceptance: the text apply writes differs from run's by exactly the two decisions."""
    root, out, report = seed_project(tmp_path)
    entry = report["files"][0]
    fix = one(entry, "CAL002")  # "The Ukraine" -> "Ukraine", applied by the run
    unsafe = one(entry, "CAL009")  # "against the background of" -> "amid", unsafe: suggested only
    assert fix["applied"] and not unsafe["applied"] and unsafe["fix"] == "unsafe"

    opened = open_report(browser, out / "report.html")
    page = opened.page
    progress = page.locator("#progress")
    assert progress.inner_text().startswith(f"0 of {len(entry['findings'])} reviewed")

    # Mouse: click the applied fix's badge, then Reject in the review panel.
    badge = page.locator(f'.ann [data-f="{fix["id"]}"]').first
    badge.scroll_into_view_if_needed()
    badge.click()
    assert current_id(page) == fix["id"]
    page.locator("#rv-reject").click()
    mark = page.locator(f'.ann:has(> .rid [data-f="{fix["id"]}"])')
    assert "rej" in (mark.get_attribute("class") or "").split()  # its change is drawn as undone
    assert not mark.locator(":scope > ins").is_visible()

    # Keyboard: n until the unsafe suggestion is current, then a.
    page.keyboard.press("Escape")
    for _ in range(len(entry["findings"])):
        page.keyboard.press("n")
        if current_id(page) == unsafe["id"]:
            break
    assert current_id(page) == unsafe["id"]
    page.keyboard.press("a")
    assert "accepted" in page.locator("#rv-state").inner_text()
    assert progress.inner_text().startswith(f"2 of {len(entry['findings'])} reviewed")
    sug = page.locator(f'.sug[data-f="{unsafe["id"]}"]')
    assert sug.inner_text() == "→ amid" and "d-accept" in (sug.get_attribute("class") or "")

    # Kept in the browser: a reload shows the same decisions.
    opened.assert_quiet()
    opened.requests.clear()
    page.reload()
    assert progress.inner_text().startswith(f"2 of {len(entry['findings'])} reviewed")

    decisions = export(page, root / "decisions.json")
    assert decisions["version"] == 1 and decisions["signature"] == report["signature"]
    by_id = {d["id"]: d for d in decisions["decisions"]}
    assert by_id[fix["id"]]["decision"] == "reject" and by_id[unsafe["id"]]["decision"] == "accept"
    assert all(d["path"] == entry["path"] for d in decisions["decisions"])
    opened.assert_quiet()
    page.context.close()

    proc = mtclean("apply", "decisions.json", "--report", "out/report.json", "--out", "reviewed", cwd=root)
    assert proc.returncode == 0, proc.stderr
    original = (root / entry["path"]).read_text(encoding="utf-8")
    run_edits = [Edit(e["start"], e["end"], e["replacement"]) for e in entry["edits"]]
    assert apply_edits(original, run_edits) == (root / entry["cleaned_path"]).read_text(encoding="utf-8")
    expected_edits = [e for e in run_edits if (e.start, e.end) != (fix["start"], fix["end"])]
    assert len(expected_edits) == len(run_edits) - 1
    expected_edits.append(Edit(unsafe["start"], unsafe["end"], unsafe["replacement"]))
    cleaned = (root / "reviewed" / "cleaned" / entry["path"]).read_text(encoding="utf-8")
    assert cleaned == apply_edits(original, expected_edits)
    assert "The Ukraine" in cleaned and " amid " in cleaned
    # The same outputs as run: diff and both reports, the latter saying what was applied.
    after = json.loads((root / "reviewed" / "report.json").read_text(encoding="utf-8"))
    done = {f["id"]: f["applied"] for f in after["files"][0]["findings"]}
    assert done[fix["id"]] is False and done[unsafe["id"]] is True
    assert after["run"]["decisions"]["accepted"] == sum(1 for f in entry["findings"] if f["applied"]) - 1 + 1
    assert "+" in (root / "reviewed" / "changes.diff").read_text(encoding="utf-8")
    assert (root / "reviewed" / "report.html").stat().st_size > 0


def test_bulk_false_positives_per_rule_and_a_typed_replacement(browser: Any, tmp_path: Path) -> None:
    root, out, report = seed_project(tmp_path)
    entry = report["files"][0]
    con = [f for f in entry["findings"] if f["rule"] == "CON002"]
    flag = one(entry, "CAL007")  # "Last but not least," flagged, no replacement
    assert len(con) >= 2 and flag["fix"] == "none" and "replacement" not in flag

    opened = open_report(browser, out / "report.html")
    page = opened.page
    page.locator('table.rules tr[data-rule="CON002"] button[data-bulk="reject"]').click()
    for f in con:
        assert "d-false-positive" in (page.locator(f'.ann [data-f="{f["id"]}"]').first.get_attribute("class") or "")
    badge = page.locator(f'.ann [data-f="{flag["id"]}"]').first
    badge.scroll_into_view_if_needed()
    badge.click()
    assert page.locator("#rv-accept").inner_text().startswith("Keep")  # a flag is kept or dismissed
    page.locator("#rv-repl").fill("Finally,")
    decisions = export(page, root / "decisions.json")
    opened.assert_quiet()
    page.context.close()

    by_id = {d["id"]: d for d in decisions["decisions"]}
    assert by_id[flag["id"]] == {"path": entry["path"], "id": flag["id"], "decision": "accept", "replacement": "Finally,"}
    assert {by_id[f["id"]]["decision"] for f in con} == {"false-positive"}
    proc = mtclean("apply", "decisions.json", "--report", "out/report.json", "--out", "reviewed", cwd=root)
    assert proc.returncode == 0, proc.stderr
    cleaned = (root / "reviewed" / "cleaned" / entry["path"]).read_text(encoding="utf-8")
    run_cleaned = (root / entry["cleaned_path"]).read_text(encoding="utf-8")
    assert cleaned == run_cleaned.replace("Last but not least,", "Finally,", 1) != run_cleaned
    listed = (root / "reviewed" / "false-positives.txt").read_text(encoding="utf-8")
    for f in con:
        assert f"{entry['path']}:{f['line']}: mtclean: ignore[CON002]" in listed
    assert 'ignore: ["CON002"]' in (root / "reviewed" / "ignore.mtclean.yaml").read_text(encoding="utf-8")


def test_reviewing_hostile_text_runs_nothing(browser: Any, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    text = "\n".join(HOSTILE_LINES) + "\n"
    (tmp_path / "in" / "h.txt").write_text(text, encoding="utf-8")
    proc = mtclean("run", "in", "--out", "out", "-q", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    entry = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))["files"][0]
    opened = open_report(browser, tmp_path / "out" / "report.html")
    page = opened.page
    for _ in entry["findings"]:  # every finding through the panel, accepted, a replacement typed
        page.keyboard.press("n")
        page.keyboard.press("a")
    page.locator("#rv-repl").fill('<img src=x onerror="window.pwned=9">')
    page.keyboard.press("Escape")
    assert page.evaluate("window.pwned === undefined")
    assert page.locator("img, iframe").count() == 0 and page.locator("script").count() == 1
    decisions = export(page, tmp_path / "decisions.json")
    opened.assert_quiet()
    page.context.close()
    assert any(d.get("replacement") == '<img src=x onerror="window.pwned=9">' for d in decisions["decisions"])


def test_display_defects_of_the_issue_are_gone(browser: Any, tmp_path: Path) -> None:
    root, out, _ = seed_project(tmp_path)
    (root / "seeds" / "second.txt").write_text("How the BBC reported, the Switzerland voted against it.\n", encoding="utf-8")
    proc = mtclean("run", "seeds/", "--out", "out", "-q", cwd=root)
    assert proc.returncode == 0, proc.stderr
    opened = open_report(browser, out / "report.html")
    page = opened.page

    # The sticky toolbar is opaque; each stage is listed once.
    assert page.locator("#toolbar").evaluate("(e) => getComputedStyle(e).backgroundColor") == "rgb(255, 255, 255)"
    stages = page.locator(".stages .stage").all_inner_texts()
    assert len(stages) == len({s.split(" (")[0] for s in stages}) and any(s.startswith("fragment") for s in stages)

    # Fix kind and severity inline, as colour and glyph, with a legend; the suggestion beside its mark.
    legend = page.locator(".legend-inline").inner_text()
    assert all(w in legend for w in ("✓", "safe fix", "⚠", "unsafe fix", "⚑", "flag only", "E", "error", "W", "warning"))
    unsafe = page.locator('.ann .b.fx-unsafe:not(.cov)').first
    unsafe.scroll_into_view_if_needed()
    assert unsafe.is_visible() and unsafe.inner_text().startswith("⚠")
    assert unsafe.evaluate("(e) => getComputedStyle(e).color") != page.locator('.ann .b.fx-safe').first.evaluate(
        "(e) => getComputedStyle(e).color")
    assert page.locator('.sug:text-is("→ amid")').is_visible()

    # A suggestion inside an applied change is not drawn as pending.
    nested = page.locator('.ann:has(> .rid .b[href="#rule-CAL004"])')
    cal011 = nested.locator(':scope > .rid .b[href="#rule-CAL011"]')
    assert "cov" in (cal011.get_attribute("class") or "") and cal011.inner_text().startswith("≡⚠")
    assert nested.locator(":scope > .rid .sug").count() == 0
    # Unchecking "applied" hides that applied change although the cluster stays for its suggestion.
    page.locator('input[data-filter=st][value=applied]').uncheck()
    assert not nested.locator(":scope > ins").first.is_visible()
    assert nested.locator(":scope > del").first.evaluate("(e) => getComputedStyle(e).textDecorationLine") == "none"
    page.locator('input[data-filter=st][value=applied]').check()

    # Tooltips near the right edge open leftwards and stay on screen.
    width = page.evaluate("document.documentElement.clientWidth")
    heads = page.locator(".ann[id]")
    rightmost = max(range(heads.count()), key=lambda i: heads.nth(i).evaluate("(e) => e.getBoundingClientRect().right"))
    heads.nth(rightmost).scroll_into_view_if_needed()
    heads.nth(rightmost).hover()
    tip = heads.nth(rightmost).locator(":scope > .tip")
    assert tip.is_visible() and tip.evaluate("(e) => e.getBoundingClientRect().right") <= width

    # Ids and rule badges do not wrap in the findings table.
    page.locator("details.list > summary").first.click()
    cell = page.locator("table.findings code.fid").first
    assert cell.evaluate("(e) => e.getClientRects().length") == 1
    assert cell.evaluate("(e) => getComputedStyle(e).whiteSpace") == "nowrap"

    # Next file: "]" brings the second file's section to the top, with its first finding current.
    page.evaluate("window.scrollTo(0, 0)")
    page.keyboard.press("]")
    page.keyboard.press("]")
    second = page.locator("section.file").nth(1)
    assert abs(second.evaluate("(e) => e.getBoundingClientRect().top")) < 200
    assert page.locator("#rv-file").inner_text() == second.get_attribute("data-path")
    page.locator("#prev-file").click()
    assert page.locator("#rv-file").inner_text() == page.locator("section.file").first.get_attribute("data-path")
    opened.assert_quiet()
    page.context.close()
