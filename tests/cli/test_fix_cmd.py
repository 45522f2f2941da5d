"""``mtclean fix``: safe fixes in place, --diff, --unsafe-fixes, exit codes, encodings kept,
and acceptance 4: a run killed mid-write leaves the old file or the new one, never a part."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from clihelp import cli_env, mtclean

BAD = "The Ukraine rejects the plan.\nHow the BBC reported, talks resume today.\n"
FIXED = "Ukraine rejects the plan.\nAs the BBC reported, talks resume today.\n"
LITOTES = "It is not improbable that prices will rise.\n"  # CAL008: flagged, never fixed
UNSAFE = "Talks resumed against the background of the strikes.\n"  # CAL009: unsafe fix


def test_fix_in_place_and_exit_codes(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text(BAD + LITOTES, encoding="utf-8")
    os.chmod(a, 0o640)
    first = mtclean("fix", "a.txt", cwd=tmp_path)
    assert first.returncode == 0, first.stderr  # what is left (CAL008) is info: below the threshold
    assert "Fixed 2 findings in 1 file, 1 left for review." in first.stdout
    assert "a.txt:3:1: CAL008 info:" in first.stdout
    assert a.read_text(encoding="utf-8") == FIXED + LITOTES
    assert a.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]  # no temporary file left behind
    mtime = a.stat().st_mtime_ns
    second = mtclean("fix", "--severity", "info", "a.txt", cwd=tmp_path)
    assert second.returncode == 1 and "Fixed 0 findings, 1 left for review." in second.stdout  # left at the threshold: 1
    assert a.stat().st_mtime_ns == mtime  # nothing to change: not rewritten
    a.write_text(BAD + UNSAFE, encoding="utf-8")  # CAL009 (warning) has no safe fix: it is left
    assert mtclean("fix", "a.txt", cwd=tmp_path).returncode == 1
    assert a.read_text(encoding="utf-8") == FIXED + UNSAFE
    a.write_text(BAD + UNSAFE, encoding="utf-8")
    assert mtclean("fix", "--exit-zero", "a.txt", cwd=tmp_path).returncode == 0
    assert a.read_text(encoding="utf-8") == FIXED + UNSAFE
    missing = mtclean("fix", "nope.txt", cwd=tmp_path)
    assert missing.returncode == 2 and missing.stderr.strip() == "mtclean: nope.txt: no such file or folder"
    bad_config = tmp_path / ".mtclean.yaml"
    bad_config.write_text("ignore: [NOPE001]\n", encoding="utf-8")
    assert mtclean("fix", "a.txt", cwd=tmp_path).returncode == 2


def test_diff_writes_nothing(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text(BAD, encoding="utf-8")
    proc = mtclean("fix", "--diff", "a.txt", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout == (
        "--- a/a.txt\n+++ b/a.txt\n@@ -1,2 +1,2 @@\n"
        "-The Ukraine rejects the plan.\n-How the BBC reported, talks resume today.\n"
        "+Ukraine rejects the plan.\n+As the BBC reported, talks resume today.\n"
    )
    assert a.read_text(encoding="utf-8") == BAD
    a.write_text(FIXED, encoding="utf-8")
    assert mtclean("fix", "--diff", "a.txt", cwd=tmp_path).stdout == ""


def test_unsafe_fixes_suppressions_and_severity(tmp_path: Path) -> None:
    a = tmp_path / "a.md"
    text = UNSAFE + "The Ukraine rejects the plan. <!-- mtclean: ignore[CAL002] -->\nTrailing space. \n"
    a.write_text(text, encoding="utf-8")
    assert mtclean("fix", "--severity", "error", "--ignore", "whitespace", "a.md", cwd=tmp_path).returncode == 0
    assert a.read_text(encoding="utf-8") == text  # the unsafe one is not applied, and left below the threshold
    assert mtclean("fix", "--ignore", "whitespace", "a.md", cwd=tmp_path).returncode == 1  # left: a warning
    assert mtclean("fix", "--unsafe-fixes", "--ignore", "whitespace", "a.md", cwd=tmp_path).returncode == 0
    assert a.read_text(encoding="utf-8") == text.replace("against the background of", "amid")
    assert mtclean("fix", "a.md", cwd=tmp_path).returncode == 0  # the trailing space (info) is fixed too
    assert a.read_text(encoding="utf-8").endswith("-->\nTrailing space.\n")
    assert "The Ukraine rejects" in a.read_text(encoding="utf-8")  # suppressed: not fixed


def test_encoding_line_endings_and_symlinks_are_kept(tmp_path: Path) -> None:
    bom = tmp_path / "bom.txt"
    bom.write_bytes("\ufeffThe Ukraine rejects the plan.\r\nSecond line.\r\n".encode("utf-8"))
    utf16 = tmp_path / "u16.txt"
    utf16.write_bytes("The Ukraine rejects the plan.\n".encode("utf-16"))
    target = tmp_path / "real.txt"
    target.write_text(BAD, encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target.name)
    assert mtclean("fix", "bom.txt", "u16.txt", "link.txt", cwd=tmp_path).returncode == 0  # fixed, nothing left
    assert bom.read_bytes() == "\ufeffUkraine rejects the plan.\r\nSecond line.\r\n".encode("utf-8")
    assert utf16.read_bytes() == "Ukraine rejects the plan.\n".encode("utf-16")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == FIXED


# --- acceptance 4: interrupted writes ------------------------------------------------------------

# Runs `mtclean fix` with the file write slowed down: half the text is written and
# synced, a marker file appears, then it sleeps, so the test can kill it mid-write.
SLOW_WRITER = r"""
import os, sys, time
marker, target = sys.argv[1], sys.argv[2]
real_fdopen = os.fdopen

class HalfThenSleep:
    def __init__(self, fh):
        self.fh = fh
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        return self.fh.__exit__(*exc)
    def __getattr__(self, name):
        return getattr(self.fh, name)
    def write(self, s):
        self.fh.write(s[: len(s) // 2])
        self.fh.flush()
        os.fsync(self.fh.fileno())
        open(marker, "w").close()
        time.sleep(120)
        return self.fh.write(s[len(s) // 2 :])

def fdopen(*a, **k):
    # only the fix's own temporary file: a cold cache writes its tables through os.fdopen too
    fh = real_fdopen(*a, **k)
    written = os.readlink(f"/proc/self/fd/{fh.fileno()}")
    return HalfThenSleep(fh) if written.endswith(".mtclean-tmp") else fh

os.fdopen = fdopen
from mtclean.cli import main
sys.argv = ["mtclean", "fix", target]
main()
"""

FAILING_RENAME = r"""
import errno, os, sys
def no_space(*a, **k):
    raise OSError(errno.ENOSPC, "No space left on device")
os.replace = no_space
from mtclean.cli import main
sys.argv = ["mtclean", "fix", sys.argv[1]]
main()
"""


def _big(path: Path, lines: int) -> bytes:
    # numbered lines: a line repeated at once would be a (flagged) scraped duplicate
    body = "".join(f"The committee met in session {i} and approved the budget for next year.\n" for i in range(lines))
    data = ("The Ukraine rejects the plan.\n" + body).encode("utf-8")
    path.write_bytes(data)
    return data


def test_killed_mid_write_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "big.txt"
    old = _big(target, 20000)
    marker = tmp_path / "marker"
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_WRITER, str(marker), str(target)],
        cwd=tmp_path, env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "fix never reached the write"
            time.sleep(0.05)
        temps = [p for p in tmp_path.iterdir() if p.name.endswith(".mtclean-tmp")]
        assert len(temps) == 1 and 0 < temps[0].stat().st_size < len(old)  # really half-written
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    assert target.read_bytes() == old
    # The next run is not confused by the stale temporary file and writes the whole new text.
    assert mtclean("fix", "big.txt", cwd=tmp_path).returncode == 0
    assert target.read_bytes() == old.replace(b"The Ukraine", b"Ukraine", 1)


def test_failed_rename_leaves_the_old_file_and_says_why(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_text(BAD, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-c", FAILING_RENAME, "a.txt"], cwd=tmp_path, env=cli_env(), capture_output=True, text=True
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == "mtclean: a.txt: cannot write the fixed file (No space left on device); left unchanged"
    assert target.read_text(encoding="utf-8") == BAD
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_killed_at_random_moments_leaves_old_or_new(tmp_path: Path) -> None:
    """No injection: real runs killed at moments spread over a whole run's duration."""
    target = tmp_path / "big.txt"
    old = _big(target, 2000)
    new = old.replace(b"The Ukraine", b"Ukraine", 1)
    started = time.monotonic()
    assert mtclean("fix", "big.txt", cwd=tmp_path).returncode == 0
    duration = time.monotonic() - started
    assert target.read_bytes() == new
    rng = random.Random(5)
    for _ in range(4):
        target.write_bytes(old)
        proc = subprocess.Popen(
            [sys.executable, "-m", "mtclean", "fix", "big.txt"], cwd=tmp_path, env=cli_env(),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.6, 1.0) * duration)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert target.read_bytes() in (old, new)
