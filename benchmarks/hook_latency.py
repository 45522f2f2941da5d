"""What a pre-commit hook costs per commit: wall time of ``mtclean check small.md``
next to ``codespell small.md`` on the same file (10 alternating runs each, medians).

A hook runs on every commit, so its start-up matters more than its throughput;
codespell is the yardstick because teams already accept it as a hook.

    .venv/bin/python benchmarks/hook_latency.py [--runs 10] [FILE]

Without FILE a small Markdown file (a README-sized page with one artifact, a code
fence and a link) is written to a temporary folder. codespell must be installed
(``pip install codespell``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SMALL = """\
# Release notes

How the BBC reported, the new release fixes the import of old archives.
The installer now checks the free disk space before it copies any file,
and the settings page explains each option in one sentence.

```sh
pip install example-tool
```

See [the manual](https://example.org/manual) for the full list of changes.
"""


# Both run as in a user's shell: Python writes and reuses its bytecode files. (Sandboxes and
# some CI images set PYTHONDONTWRITEBYTECODE, which makes an editable install compile its
# modules from source at every start; a pre-commit hook's virtualenv has them compiled.)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=ENV)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("file", nargs="?", type=Path)
    ap.add_argument("--runs", type=int, default=10)
    args = ap.parse_args()
    bindir = Path(sys.executable).parent
    mtclean = shutil.which("mtclean", path=str(bindir)) or "mtclean"
    codespell = shutil.which("codespell", path=str(bindir)) or shutil.which("codespell")
    if codespell is None:
        sys.exit("hook_latency: codespell is not installed (pip install codespell)")
    with tempfile.TemporaryDirectory() as tmp:
        target = args.file or Path(tmp) / "small.md"
        if args.file is None:
            target.write_text(SMALL, encoding="utf-8")
        ours, theirs = [], []
        for _ in range(2):  # warm the OS file cache, the bytecode and mtclean's disk caches
            wall([mtclean, "check", str(target)])
            wall([codespell, str(target)])
        for _ in range(args.runs):  # alternating, so drift in machine load hits both alike
            ours.append(wall([mtclean, "check", str(target)]))
            theirs.append(wall([codespell, str(target)]))
    m_ours, m_theirs = statistics.median(ours), statistics.median(theirs)
    print(f"mtclean check {target.name}: median {m_ours:.3f} s over {args.runs} runs")
    print(f"codespell {target.name}:     median {m_theirs:.3f} s over {args.runs} runs")
    print(f"ratio: {m_ours / m_theirs:.2f}x")


if __name__ == "__main__":
    main()
