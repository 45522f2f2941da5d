"""Peak memory of `mtclean run` and `run --lines` on the inputs of issue 20's acceptance 3.

Three inputs: a file of 4 million short lines, a 50 MB prose file and a 2 MB file that
is a single line (``--scale`` shrinks all three for a quick look). Each is run in a
fresh process; the figure is the largest resident set of any process of the run
(the command and its workers, from the kernel's rusage of waited-for children),
compared with the bound ``5 x input + 200 MB``, and report.html's size with 20 MB.

    .venv/bin/python benchmarks/memory.py [--scale 0.1] [--only prose]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SENTENCES = [
    "The Ukraine rejects the plan, how the minister said on Monday.",
    "In the Berlin district the Police Officers closed the road for two hours.",
    "According to the report the costs have risen by 12 percent since 2021.",
    "How CNN reported, the talks go on next week in Geneva.",
    "Many residents welcomed the decision; others said it came too late.",
]


def short_lines(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(f"The Ukraine {i % 97}.\n" if i % 3 == 0 else f"Line {i}.\n")


def prose(path: Path, size: int) -> None:
    with path.open("w", encoding="utf-8") as fh:
        written = i = 0
        while written < size:
            para = " ".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(4)) + "\n\n"
            fh.write(para)
            written += len(para)
            i += 1


def one_line(path: Path, size: int) -> None:
    unit = " ".join(SENTENCES) + " "
    path.write_text((unit * (size // len(unit) + 1))[:size].rstrip() + "\n", encoding="utf-8")


def measure(args: list[str]) -> tuple[float, int, float]:
    """(seconds, peak RSS in bytes of the largest process, exit status) of one fresh run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "mtclean", *args], capture_output=True, text=True, cwd=ROOT)
    elapsed = time.monotonic() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # kB on Linux
    if proc.returncode not in (0,):
        print(proc.stderr[-2000:], file=sys.stderr)
    # ru_maxrss of the children is a running maximum: a run below an earlier one shows the earlier figure.
    return elapsed, peak if peak > before * 1024 else before * 1024, proc.returncode


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0, help="shrink every input by this factor")
    ap.add_argument("--only", choices=["lines", "prose", "one-line"], action="append")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="mtclean-memory-"))
    inputs = {
        "lines": (short_lines, int(4_000_000 * args.scale)),
        "prose": (prose, int(50_000_000 * args.scale)),
        "one-line": (one_line, int(2_000_000 * args.scale)),
    }
    ok = True
    print(f"{'input':<10} {'MB':>7} {'mode':<7} {'s':>7} {'peak MB':>8} {'bound MB':>9} {'html MB':>8}  verdict")
    for name, (make, n) in inputs.items():
        if args.only and name not in args.only:
            continue
        src = work / f"{name}.txt"
        make(src, n)
        size = src.stat().st_size
        for mode in ("run", "lines"):
            out = work / f"out-{name}-{mode}"
            # One input per fresh interpreter: rusage's running maximum then belongs to it alone.
            cmd = [sys.executable, __file__, "--one", str(src), str(out), mode]
            proc = subprocess.run(cmd, capture_output=True, text=True)
            elapsed, peak, status = (float(x) for x in proc.stdout.split())
            html = (out / "report.html").stat().st_size if (out / "report.html").exists() else 0
            bound = 5 * size + 200_000_000
            good = status == 0 and peak <= bound and html <= 20_000_000
            ok &= good
            print(f"{name:<10} {size / 1e6:>7.1f} {mode:<7} {elapsed:>7.1f} {peak / 1e6:>8.0f} {bound / 1e6:>9.0f} "
                  f"{html / 1e6:>8.1f}  {'ok' if good else 'OVER' if status == 0 else f'exit {int(status)}'}")
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--one":
        _, _, src, out, mode = sys.argv
        extra = ["--lines"] if mode == "lines" else []
        t, peak, status = measure(["run", src, "--out", out, "-q", "--grammar", "off", *extra])
        print(t, peak, status)
        sys.exit(0)
    sys.exit(main())
