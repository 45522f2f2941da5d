"""Benchmark: the HTML report of a 200-file, 2 MB run, opened in a real browser.

Builds 200 articles of real German→English MT (WMT21 system outputs from the
shared data, each article led by the seed so every file has findings), runs the
real pipeline on them, renders report.html, and opens it from disk in Debian's
Chromium through Playwright, several times, each in a fresh browser context.

Prints: input size, pipeline and render time, report size, and the time to open
(navigation start to the end of the load event, which includes our script
having run), plus first contentful paint. Target: open in under 3 s.

    MTCLEAN_SHARED=/work/shared PYTHONPATH=src python3 benchmarks/html_report.py [--files 200] [--mb 2] [--runs 3]

``--wmt``: the four WMT21 MT system outputs as they are, cleaned with ``--lines``
(4,000 segments, few findings): the page must grow with the findings, not the input.
Prints report.html's size, its DOM nodes and DOMContentLoaded. Targets: under 500 KB,
DOMContentLoaded under 0.5 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mtclean.api import rules_for
from mtclean.config import Config
from mtclean.report import html as html_report
from mtclean.runner import run

CHROMIUM = os.environ.get("MTCLEAN_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SEED = ROOT / "seeds" / "000_7812e24d0ad2b208.txt"


def corpus_lines() -> list[str]:
    shared = Path(os.environ.get("MTCLEAN_SHARED", ROOT.parent / "shared")) / "data" / "wmt21-deen"
    lines: list[str] = []
    for path in sorted(shared.glob("newstest2021.de-en.hyp.*.en")):
        lines.extend(line for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    if not lines:
        sys.exit(f"no WMT21 MT output under {shared} (set MTCLEAN_SHARED)")
    return lines


def write_inputs(folder: Path, files: int, total_chars: int) -> int:
    """``files`` articles of about total_chars/files characters: the seed, then MT paragraphs."""
    lines = corpus_lines()
    seed = SEED.read_text(encoding="utf-8")
    per_file = total_chars // files
    cursor = 0
    written = 0
    for i in range(files):
        parts = [seed]
        size = len(seed)
        while size < per_file:
            paragraph = " ".join(lines[(cursor + k) % len(lines)] for k in range(4))
            cursor += 4
            parts.append(paragraph)
            size += len(paragraph) + 2
        text = "\n\n".join(parts)[:per_file].rstrip() + "\n"
        (folder / f"article_{i:03d}.txt").write_text(text, encoding="utf-8")
        written += len(text)
    return written


# Runs an action and resolves with the milliseconds until the browser has painted the result.
TIMED = """async () => {
  const t = performance.now();
  ACTION;
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  return performance.now() - t;
}"""


def open_times(report: Path, runs: int) -> list[tuple[float, float, float, float, float]]:
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for _ in range(runs):
            ctx = browser.new_context(viewport={"width": 1280, "height": 900})
            page = ctx.new_page()
            t0 = time.perf_counter()
            page.goto(report.as_uri(), wait_until="load", timeout=120_000)
            wall = time.perf_counter() - t0
            nav = page.evaluate(
                "() => { const n = performance.getEntriesByType('navigation')[0];"
                " const p = performance.getEntriesByName('first-contentful-paint')[0];"
                " return [n.loadEventEnd, p ? p.startTime : -1]; }"
            )
            assert page.locator("#shown-count").inner_text().endswith("findings shown")  # the script ran
            # Usable, not just loaded: jump to the last file and paint it; filter out a class everywhere.
            jump = page.evaluate(TIMED.replace("ACTION", "document.querySelector('section.file:last-of-type').scrollIntoView()"))
            filt = page.evaluate(TIMED.replace("ACTION", "document.querySelector('input[data-filter=cls]').click()"))
            results.append((wall, nav[0] / 1000, nav[1] / 1000, jump / 1000, filt / 1000))
            ctx.close()
        browser.close()
    return results


def wmt_files() -> list[Path]:
    shared = Path(os.environ.get("MTCLEAN_SHARED", ROOT.parent / "shared")) / "data" / "wmt21-deen"
    files = sorted(shared.glob("newstest2021.de-en.hyp.*.en"))
    if len(files) != 4:
        sys.exit(f"expected the four WMT21 MT outputs under {shared} (set MTCLEAN_SHARED)")
    return files


def dom_loaded(report: Path, runs: int) -> list[tuple[float, int]]:
    """DOMContentLoaded (navigation start to the end of its handlers) and DOM nodes, per fresh open."""
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for _ in range(runs):
            ctx = browser.new_context(viewport={"width": 1280, "height": 900})
            page = ctx.new_page()
            page.goto(report.as_uri(), wait_until="load", timeout=120_000)
            dcl, nodes = page.evaluate(
                "() => [performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,"
                " document.getElementsByTagName('*').length]"
            )
            assert page.locator("#progress").inner_text()  # the review script ran
            out.append((dcl / 1000, nodes))
            ctx.close()
        browser.close()
    return out


def wmt(runs: int) -> None:
    files = wmt_files()
    with tempfile.TemporaryDirectory(prefix="mtclean-bench-wmt-") as tmp:
        out = Path(tmp) / "out"
        config = Config(lines=True)
        t0 = time.perf_counter()
        result = run(files, out, config, rules_for(config))
        run_s = time.perf_counter() - t0
        report = out / "report.html"
        size = report.stat().st_size
        segments = sum(r.original.count("\n") for r in result.results)
        findings = sum(len(r.findings) for r in result.results)
        print(f"input: 4 WMT21 MT files, {segments:,} segments, "
              f"{sum(len(r.original) for r in result.results):,} characters, {findings} findings; run {run_s:.1f} s")
        times = dom_loaded(report, runs)
        for i, (dcl, nodes) in enumerate(times, 1):
            print(f"open #{i}: DOMContentLoaded {dcl:.3f} s, {nodes:,} DOM elements")
        median = statistics.median(t[0] for t in times)
        print(f"report.html: {size / 1024:.0f} KB [target < 500 KB: {'OK' if size < 500 * 1024 else 'TOO BIG'}]; "
              f"median DOMContentLoaded {median:.3f} s [target < 0.5 s: {'OK' if median < 0.5 else 'TOO SLOW'}]")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--mb", type=float, default=2.0)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--wmt", action="store_true", help="the four WMT21 MT files with --lines (size and DOMContentLoaded)")
    args = ap.parse_args()
    if args.wmt:
        wmt(args.runs)
        return
    with tempfile.TemporaryDirectory(prefix="mtclean-bench-html-") as tmp:
        inputs, out = Path(tmp) / "in", Path(tmp) / "out"
        inputs.mkdir()
        chars = write_inputs(inputs, args.files, int(args.mb * 1024 * 1024))
        config = Config()
        rules = rules_for(config)
        t0 = time.perf_counter()
        result = run([inputs], out, config, rules)
        pipeline_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        page = html_report.render(result.report, result.results)
        render_s = time.perf_counter() - t0
        report = out / "report.html"
        findings = sum(len(r.findings) for r in result.results)
        print(f"input: {args.files} files, {chars:,} characters ({chars / 1024 / 1024:.2f} MiB), {findings:,} findings")
        print(f"mtclean run (pipeline + all outputs): {pipeline_s:.1f} s; HTML render alone: {render_s:.2f} s")
        print(f"report.html: {len(page.encode('utf-8')) / 1024 / 1024:.2f} MiB")
        times = open_times(report, args.runs)
        for i, (wall, load, fcp, jump, filt) in enumerate(times, 1):
            print(f"open #{i}: load event end {load:.2f} s, first contentful paint {fcp:.2f} s, wall (goto) {wall:.2f} s;"
                  f" jump to last file {jump:.2f} s; class filter over all findings {filt:.2f} s")
        median = statistics.median(t[1] for t in times)
        verdict = "OK" if median < 3 else "TOO SLOW"
        print(f"time to open in Chromium (median load event end): {median:.2f} s  [target < 3 s: {verdict}]")


if __name__ == "__main__":
    main()
