"""Compiled regular expressions kept on disk: the patterns come back as ``re`` makes them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mtclean import recache

SCRIPT = """
import re, sys
from mtclean import recache
recache.install()
rx = re.compile(r"(?P<w>\\b[A-Z]\\w+)\\s+(?=said)", re.I)
print(rx.pattern, rx.flags, rx.groups, dict(rx.groupindex))
print([m.span() for m in rx.finditer("Anna said, and BOB  said so")])
print(sum(1 for key in re._cache if key[1] == rx.pattern))
"""


@pytest.mark.skipif(not recache._supported(), reason="another interpreter: nothing is cached")
def test_patterns_come_back_from_the_file(tmp_path: Path) -> None:
    env = dict(os.environ, MTCLEAN_CACHE_DIR=str(tmp_path))
    first = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True).stdout
    files = list(tmp_path.glob("regex-*.marshal"))
    assert len(files) == 1 and files[0].stat().st_size > 0
    second = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True).stdout
    assert first == second
    assert "[(0, 5), (15, 20)]" in first


@pytest.mark.skipif(not recache._supported(), reason="another interpreter: nothing is cached")
def test_a_damaged_file_is_ignored_and_rebuilt(tmp_path: Path) -> None:
    env = dict(os.environ, MTCLEAN_CACHE_DIR=str(tmp_path))
    subprocess.run([sys.executable, "-c", SCRIPT], env=env, check=True, capture_output=True)
    path = next(tmp_path.glob("regex-*.marshal"))
    path.write_bytes(b"\x00garbage")
    out = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True)
    assert "[(0, 5), (15, 20)]" in out.stdout and not out.stderr
    assert path.stat().st_size > 100  # written again
