"""Peak memory of `mtclean run` and `run --lines` on the inputs of issue 20's acceptance 3
and issue 18's acceptance 5.

Four inputs, all made of real machine translation (the WMT21 de-en MT outputs in
``../shared/data/wmt21-deen``, repeated), written to a temporary folder and removed
afterwards (``--keep`` leaves them):

- ``lines``: 4 million short lines (the MT text's words, one to four a line);
- ``prose``: 50 MB of prose (the MT segments as paragraphs of five sentences);
- ``one-line``: 2 MB that is a single line (the MT segments joined by spaces);
- ``big``: 200 MB of MT segments, one a line (the corpus case: ``--lines`` only,
  issue 18's bound of 300 MB; whole-document mode is shown too, for the record).

Each is run in a fresh process; the figure is the largest resident set of any process
of the run (the command and its workers, from the kernel's rusage of waited-for
children), compared with the bound (``5 x input + 200 MB``; 300 MB for ``big``), and
report.html's size with 20 MB. ``--scale`` shrinks every input for a quick look.

    .venv/bin/python benchmarks/memory.py [--scale 0.1] [--only prose] [--jobs 1]

Full size, 3 December 2026 (2 cores shared with three other sessions, load 4-8; mtclean's
own --jobs, 2; "before" = main at 5dc815a, "after" = branch mem2; peak RSS of the largest
process; report.html was the same size before and after):

    input                      MB   mode     before   after   bound   report.html
    one-line                    2   run      140 MB   148 MB  210 MB  0.81 MB
    one-line                    2   --lines  139 MB   149 MB  210 MB  0.81 MB
    lines (4 million)          60   run      245 MB   245 MB  502 MB  0.04 MB
    lines (4 million)          60   --lines  142 MB   90 MB   502 MB  0.04 MB
    prose                      50   run      140 MB   93 MB   450 MB  0.04 MB
    prose                      50   --lines  127 MB   89 MB   450 MB  0.04 MB
    big (corpus)              200   --lines  -        87 MB   300 MB  0.04 MB
    big (corpus)              200   run      -       159 MB   (300 MB) 0.04 MB

The first run after the code or rules change rebuilds the caches (regex sets, word tables)
and peaks higher: one-line ``run`` measured 208 MB (main) and 223 MB (mem2) cold. The
large files' "after" figures were taken at the branch's first commit (2fe6deb); the later
commits change only whole documents of over 1 MB and --lines batching (a part is 0.5 MB).
Files over 8 MB are cleaned part by part, so those figures changed little; the work of
this round was whole documents up to 8 MB (``--scale 0.1``: 6 MB of short lines took
325 MB in ``run`` and 288 MB with ``--lines`` before, bound 230 MB; after: 201 MB and 132 MB).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MTCLEAN_SHARED", ROOT.parent / "shared"))
WMT = SHARED / "data" / "wmt21-deen"
MB = 1_000_000


def segments() -> list[str]:
    """The four MT systems' English output, one segment per item, in a fixed order."""
    out: list[str] = []
    for path in sorted(WMT.glob("newstest2021.de-en.hyp.*.en")):
        out.extend(s.strip() for s in path.read_text(encoding="utf-8").splitlines() if s.strip())
    if not out:
        sys.exit(f"no WMT21 MT output under {WMT} (set MTCLEAN_SHARED)")
    return out


def _fill(path: Path, size: int, pieces: Iterator[str]) -> None:
    """Write pieces until ``size`` bytes (UTF-8) are written."""
    written = 0
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for piece in pieces:
            fh.write(piece)
            written += len(piece.encode("utf-8"))
            if written >= size:
                return


def _cycle(items: list[str]) -> Iterator[str]:
    while True:
        yield from items


def short_lines(path: Path, n: int) -> None:
    """``n`` lines of one to four words of the MT text."""
    words = " ".join(segments()).split()

    def lines() -> Iterator[str]:
        i = 0
        for k in range(n):
            width = 1 + k % 4
            yield " ".join(words[(i + j) % len(words)] for j in range(width)) + "\n"
            i += width

    with path.open("w", encoding="utf-8", newline="\n") as fh:
        fh.writelines(lines())


def prose(path: Path, size: int) -> None:
    """Paragraphs of five MT segments, a blank line between them."""
    segs = segments()
    paras = [" ".join(segs[i : i + 5]) + "\n\n" for i in range(0, len(segs), 5)]
    _fill(path, size, _cycle(paras))


def one_line(path: Path, size: int) -> None:
    segs = segments()
    _fill(path, size - 1, _cycle([s + " " for s in segs]))
    with path.open("a", encoding="utf-8") as fh:
        fh.write("\n")


def corpus(path: Path, size: int) -> None:
    """A corpus file: one MT segment a line."""
    _fill(path, size, _cycle([s + "\n" for s in segments()]))


def measure(args: list[str]) -> tuple[float, int, int]:
    """(seconds, peak RSS in bytes of the largest process, exit status) of one fresh run."""
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "mtclean", *args], check=False, capture_output=True, text=True, cwd=ROOT)
    elapsed = time.monotonic() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # kB on Linux
    if proc.returncode != 0:
        print(proc.stderr[-2000:], file=sys.stderr)
    return elapsed, peak, proc.returncode


CASES = {
    # name: (maker, amount at scale 1, modes, bound for the input size)
    "lines": (short_lines, 4_000_000, ("run", "lines"), lambda size: 5 * size + 200 * MB),
    "prose": (prose, 50 * MB, ("run", "lines"), lambda size: 5 * size + 200 * MB),
    "one-line": (one_line, 2 * MB, ("run", "lines"), lambda size: 5 * size + 200 * MB),
    "big": (corpus, 200 * MB, ("lines", "run"), lambda size: 300 * MB),
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0, help="shrink every input by this factor")
    ap.add_argument("--only", choices=list(CASES), action="append")
    ap.add_argument("--mode", choices=["run", "lines"], action="append", help="only these modes")
    ap.add_argument("--jobs", type=int, default=0, help="--jobs for mtclean (default: its own)")
    ap.add_argument("--keep", action="store_true", help="keep the inputs and outputs (the folder is printed)")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="mtclean-memory-"))
    ok = True
    print(f"{'input':<9} {'MB':>6} {'mode':<6} {'s':>6} {'peak MB':>8} {'bound MB':>9} {'html MB':>8} {'json MB':>8}  verdict",
          flush=True)
    try:
        for name, (make, n, modes, bound_of) in CASES.items():
            if args.only and name not in args.only:
                continue
            src = work / f"{name}.txt"
            make(src, int(n * args.scale))
            size = src.stat().st_size
            for mode in modes:
                if args.mode and mode not in args.mode:
                    continue
                out = work / f"out-{name}-{mode}"
                # One input per fresh interpreter: rusage's running maximum then belongs to it alone.
                cmd = [sys.executable, __file__, "--one", str(src), str(out), mode, str(args.jobs)]
                proc = subprocess.run(cmd, check=False, capture_output=True, text=True)
                elapsed, peak, status = (float(x) for x in proc.stdout.split())
                html = (out / "report.html").stat().st_size if (out / "report.html").exists() else 0
                js = (out / "report.json").stat().st_size if (out / "report.json").exists() else 0
                bound = bound_of(size)
                good = status == 0 and peak <= bound and html <= 20 * MB
                ok &= good or (name == "big" and mode == "run")  # the record of whole-document mode
                verdict = "ok" if good else "OVER" if status == 0 else f"exit {int(status)}"
                print(f"{name:<9} {size / MB:>6.1f} {mode:<6} {elapsed:>6.1f} {peak / MB:>8.0f} {bound / MB:>9.0f} "
                      f"{html / MB:>8.2f} {js / MB:>8.1f}  {verdict}", flush=True)
                if not args.keep:
                    shutil.rmtree(out, ignore_errors=True)
            if not args.keep:
                src.unlink()
    finally:
        if args.keep:
            print(f"inputs and outputs kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "--one":
        _, _, src, out, mode, jobs = sys.argv
        extra = ["--lines"] if mode == "lines" else []
        if int(jobs):
            extra += ["--jobs", jobs]
        t, peak, status = measure(["run", src, "--out", out, "-q", "--grammar", "off", *extra])
        print(t, peak, status)
        sys.exit(0)
    sys.exit(main())
