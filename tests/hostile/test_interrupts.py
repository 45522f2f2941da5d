"""Interrupts: Ctrl-C during a run leaves no partial output file and no temporary
file; a replaced file keeps its mode and owner."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mtclean.io import TMP_SUFFIX, write_atomic

from ._util import ROOT, env


def leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(TMP_SUFFIX)]


def test_interrupt_while_writing_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Input: an interrupt raised in the middle of writing the temporary file.
    Outcome: the target still holds its old text, and no temporary file is left."""
    target = tmp_path / "doc.txt"
    target.write_text("old text\n")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new text\n")
    assert target.read_text() == "old text\n"
    assert leftovers(tmp_path) == []


def test_ctrl_c_during_the_write_is_held_until_the_file_is_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Input: a real SIGINT delivered while the temporary file is being written.
    Outcome: the write finishes (the target holds the whole new text), no
    temporary file is left, and the interrupt is raised afterwards."""
    target = tmp_path / "doc.txt"
    target.write_text("old text\n")
    real_fsync = os.fsync

    def fsync_with_ctrl_c(fd: int) -> None:
        os.kill(os.getpid(), signal.SIGINT)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync_with_ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new text\n")
    assert target.read_text() == "new text\n"
    assert leftovers(tmp_path) == []


def test_ctrl_c_during_a_run_leaves_only_whole_files(tmp_path: Path) -> None:
    """Input: ``mtclean run`` over 1,500 files, sent SIGINT as soon as its first
    output appears. Outcome: exit 130 (no traceback),
    no temporary file, every output that exists is complete, inputs untouched."""
    inp = tmp_path / "in"
    inp.mkdir()
    text = "The Ukraine rejects the plan.\n" * 20
    for i in range(1500):
        (inp / f"doc{i:04}.txt").write_text(text)
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "mtclean", "run", str(inp), "--out", str(out), "-q"],
        cwd=ROOT, env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        if (out / "cleaned").is_dir() and any((out / "cleaned").rglob("*.txt")):
            break
        time.sleep(0.005)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert leftovers(tmp_path) == []
    written = list((out / "cleaned").rglob("*.txt"))
    assert 0 < len(written) < 1500, "the interrupt came too late to test anything"
    assert all(p.read_text() == text.replace("The Ukraine", "Ukraine") for p in written)
    assert all(p.read_text() == text for p in inp.iterdir())


def test_replaced_file_keeps_mode_and_owner(tmp_path: Path) -> None:
    """Input: an existing file with mode 0640 (owned by ``nobody`` when the test
    runs as root) replaced by write_atomic. Outcome: same mode, same owner and
    group, new text. A new file gets the umask's mode, not mkstemp's 0600."""
    target = tmp_path / "doc.txt"
    target.write_text("old\n")
    target.chmod(0o640)
    if os.geteuid() == 0:
        os.chown(target, 65534, 65534)
    before = target.stat()
    write_atomic(target, "new\n")
    after = target.stat()
    assert target.read_text() == "new\n"
    assert after.st_ino != before.st_ino  # replaced by rename, not rewritten in place
    assert stat.S_IMODE(after.st_mode) == 0o640
    assert (after.st_uid, after.st_gid) == (before.st_uid, before.st_gid)
    umask = os.umask(0)
    os.umask(umask)
    fresh = tmp_path / "fresh.txt"
    write_atomic(fresh, "x")
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask


def test_fix_in_place_keeps_mode_and_owner(tmp_path: Path) -> None:
    """Input: ``mtclean fix`` on a file with mode 0604 (owned by ``nobody`` when the
    test runs as root). Outcome: the file is fixed, with the same mode, owner and group."""
    target = tmp_path / "doc.txt"
    target.write_text("The Ukraine rejects the plan.\n")
    target.chmod(0o604)
    if os.geteuid() == 0:
        os.chown(target, 65534, 65534)
    before = target.stat()
    proc = subprocess.run([sys.executable, "-m", "mtclean", "fix", str(target)], cwd=ROOT, env=env(),
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr  # fixed, nothing left at or above the threshold
    after = target.stat()
    assert target.read_text() == "Ukraine rejects the plan.\n"
    assert stat.S_IMODE(after.st_mode) == 0o604
    assert (after.st_uid, after.st_gid) == (before.st_uid, before.st_gid)
