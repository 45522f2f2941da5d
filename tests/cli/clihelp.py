"""Running the command line from any folder (the check/fix tests run inside temporary
projects, so a relative PYTHONPATH such as ``src`` must be made absolute)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import inprocess


def cli_env() -> dict[str, str]:
    env = dict(os.environ)
    parts = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    env["PYTHONPATH"] = os.pathsep.join(str(Path(p).resolve()) for p in parts)
    return env


def mtclean(*args: str, cwd: Path, input: str | None = None) -> subprocess.CompletedProcess[str]:
    """The command's entry point run inside the test process (tests/inprocess.py)."""
    return inprocess.run(args, cwd, input=input)
