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
recache.MIN_SAVING = 0
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
    files = list(tmp_path.glob("regex-*"))
    assert len(files) == 1 and files[0].stat().st_size > 0
    second = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True).stdout
    assert first == second
    assert "[(0, 5), (15, 20)]" in first


@pytest.mark.skipif(not recache._supported(), reason="another interpreter: nothing is cached")
def test_a_damaged_file_is_ignored_and_rebuilt(tmp_path: Path) -> None:
    env = dict(os.environ, MTCLEAN_CACHE_DIR=str(tmp_path))
    subprocess.run([sys.executable, "-c", SCRIPT], env=env, check=True, capture_output=True)
    path = next(tmp_path.glob("regex-*"))
    path.write_bytes(b"\x00garbage")
    out = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True)
    assert "[(0, 5), (15, 20)]" in out.stdout and not out.stderr
    assert path.stat().st_size > 100  # written again


USE = """
import re, sys
from mtclean import recache
recache.LIMIT = int(sys.argv[1])
recache.MIN_SAVING = 0
recache.install()
for p in sys.argv[2:]:
    re.compile(p)
"""


def _stored(tmp_path: Path) -> set[str]:
    """The patterns the file holds, read back through its index."""
    import marshal

    store = recache.Store.open(next(tmp_path.glob("regex-*")))
    return {marshal.loads(store.raw(key))[0] for key in store.index}


@pytest.mark.skipif(not recache._supported(), reason="another interpreter: nothing is cached")
def test_a_full_file_keeps_the_patterns_used_last(tmp_path: Path) -> None:
    env = dict(os.environ, MTCLEAN_CACHE_DIR=str(tmp_path))

    limit = 1000

    def use(*patterns: str) -> None:
        subprocess.run([sys.executable, "-c", USE, str(limit), *patterns], env=env, check=True, capture_output=True)

    use()  # what the interpreter's start compiles on its own, used by every run
    limit = len(_stored(tmp_path)) + 3
    use("alpha+", "beta+", "gamma+")
    assert {"alpha+", "beta+", "gamma+"} <= _stored(tmp_path)
    before = next(tmp_path.glob("regex-*")).stat().st_mtime_ns
    use("beta+")  # only known patterns: the file is not written again
    assert next(tmp_path.glob("regex-*")).stat().st_mtime_ns == before
    use("beta+", "delta+")  # full: the new one and the one just used stay, the oldest goes
    held = _stored(tmp_path)
    assert {"beta+", "delta+"} <= held and len(held) == limit
    assert len({"alpha+", "gamma+"} & held) == 1


@pytest.mark.skipif(not recache._supported(), reason="another interpreter: nothing is cached")
def test_an_entry_is_used_only_for_its_own_pattern(tmp_path: Path) -> None:
    """The index is keyed by a hash; an entry filed under a pattern's key that holds another
    pattern (a collision, a damaged file) is compiled afresh, never used in its place."""
    import marshal
    import struct

    env = dict(os.environ, MTCLEAN_CACHE_DIR=str(tmp_path))
    subprocess.run([sys.executable, "-c", USE, "10", "first+", "second+"], env=env, check=True, capture_output=True)
    path = next(tmp_path.glob("regex-*"))
    store = recache.Store.open(path)
    a, b = recache.key_of("first+", 0), recache.key_of("second+", 0)
    index = dict(store.index)
    index[a], index[b] = index[b], index[a]  # each key now points at the other's entry
    blobs = bytes(store.data[store.base :])
    head = marshal.dumps(index)
    path.write_bytes(recache.MAGIC + struct.pack("<Q", len(head)) + head + blobs)
    check = "import re; from mtclean import recache; recache.MIN_SAVING = 0; recache.install(); print(re.compile('first+').pattern, bool(re.compile('first+').match('firstt')))"
    out = subprocess.run([sys.executable, "-c", check], env=env, check=True, capture_output=True, text=True).stdout
    assert out.split() == ["first+", "True"]


@pytest.mark.skipif(not recache._supported(), reason="another interpreter: nothing is cached")
def test_cheap_new_patterns_do_not_rewrite_the_file(tmp_path: Path) -> None:
    """A run whose only new patterns compile in no time leaves the file as it was (a small
    pattern built from a set differs in each process and would have it rewritten each run)."""
    env = dict(os.environ, MTCLEAN_CACHE_DIR=str(tmp_path))
    subprocess.run([sys.executable, "-c", USE, "100", "first+"], env=env, check=True, capture_output=True)
    path = next(tmp_path.glob("regex-*"))
    before = path.stat().st_mtime_ns
    cheap = "import re, sys; from mtclean import recache; recache.install(); re.compile('cheap+')"
    subprocess.run([sys.executable, "-c", cheap], env=env, check=True, capture_output=True)
    assert path.stat().st_mtime_ns == before
