"""Helpers for the hostile tests: running the CLI, reading its outputs, and
running it without root's power to read and write everything."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# MTCLEAN_SRC=/path/to/other/src runs the command-line tests against another checkout
# (how the audit tests were shown to fail on the main branch before the fixes).
SRC = Path(os.environ.get("MTCLEAN_SRC", ROOT / "src"))
TIMEOUT = 120  # seconds: no command-line test may hang the suite


def env(**extra: str) -> dict[str, str]:
    e = dict(os.environ)
    e["PYTHONPATH"] = str(SRC) + os.pathsep + e.get("PYTHONPATH", "")
    e.update(extra)
    return e


def run_cli(
    *args: str,
    prefix: list[str] | None = None,
    cwd: Path | None = None,
    timeout: float = TIMEOUT,
    extra_env: dict[str, str] | None = None,
    **kwargs: object,
) -> subprocess.CompletedProcess[str]:
    """The command line as a user runs it; a run longer than ``timeout`` fails the test."""
    return subprocess.run(  # type: ignore[call-overload]
        [*(prefix or []), sys.executable, "-m", "mtclean", *args],
        check=False, cwd=cwd or ROOT, capture_output=True, text=True, env=env(**(extra_env or {})),
        timeout=timeout, **kwargs,
    )


def no_traceback(proc: subprocess.CompletedProcess[str]) -> None:
    """Every problem is a line naming the file; never a Python traceback."""
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stdout, proc.stdout


def report(out: Path) -> dict:
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def cleaned_files(out: Path) -> dict[str, bytes]:
    """Every file below ``out/cleaned`` by its name, as bytes."""
    return {p.name: p.read_bytes() for p in (out / "cleaned").rglob("*") if p.is_file()}


def unprivileged() -> list[str]:
    """A command prefix under which file permissions hold (root ignores them).

    Not root: nothing. Root: ``setpriv`` dropping the capabilities that let root
    read and write any file. Neither possible: the test is skipped.
    """
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: permissions cannot be tested")
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search"]
