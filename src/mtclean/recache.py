"""Compiled regular expressions kept on disk between runs.

A pre-commit hook runs mtclean on one small file per commit, and most of such a run
went to compiling the same few hundred regular expressions at every start (the
rules' patterns, the token layer's word tries, ftfy's tables): 0.9 s of a 1.5 s
``mtclean check``. CPython compiles a pattern in two steps written in Python (parse,
then code generation) whose result, a list of integers, ``_sre.compile`` turns into
a pattern object in microseconds. This module keeps those lists in one file
and hands them to ``re``'s own cache, so a ``re.compile`` of a known pattern anywhere in
the process (mtclean or a library) is a dictionary look-up and returns the very object
``re.compile`` would have built. Patterns compiled during a run that the file lacks are
added at exit, atomically, by the process that loaded it.

The file is an index (a hash of each pattern and its flags -> where its entry lies)
followed by the entries. Only the index is read at start-up and the file is mapped, so
a start costs the same whether the file holds the few hundred patterns a hook needs or
the thousands a long ``run`` with reports compiled (reading all of them was 0.05-0.1 s).
When the file is full, a run that adds patterns keeps those it used or added and drops
the ones used longest ago, so a new mtclean version's patterns are not locked out by
an old version's.

The file is keyed by the Python implementation and version and by ``_sre``'s
MAGIC, since the code format belongs to them; a file from another interpreter is
never read, and a damaged one (``_sre`` validates the code it is given) is ignored
and rebuilt. It lives with the other caches (``MTCLEAN_CACHE_DIR``, ``off`` turns
it off). On an interpreter whose ``re`` internals differ from CPython 3.11–3.12's,
nothing is cached and nothing changes.
"""

from __future__ import annotations

import atexit
import hashlib
import marshal
import mmap
import os
import re
import struct
import sys
import time
from array import array
from pathlib import Path
from typing import Any

from . import lexcache

LIMIT = 4000  # patterns kept on disk
MAX_BYTES = 64 << 20  # the whole file
MAX_PATTERN = 1 << 20  # characters; longer patterns are not worth a place in the file
MAX_CODE = 1 << 20  # code words of one pattern (a few MB of file at most)
MAGIC = b"mtclean-regex-v3\n"
# New patterns that took less than this to compile are not worth rewriting the file for (a
# library that builds a small pattern from a set, in another order in each process, would
# otherwise have it rewritten by every run).
MIN_SAVING = 0.01
_state: dict[str, Any] = {}


def _supported() -> bool:
    return (
        sys.implementation.name == "cpython"
        and (3, 11) <= sys.version_info[:2] <= (3, 12)
        and isinstance(getattr(re, "_cache", None), dict)
        and hasattr(re, "_MAXCACHE")
        and _code_size() == 4
    )


def _code_size() -> int:
    import _sre

    return int(getattr(_sre, "CODESIZE", 0))


def _tag() -> str:
    import _sre

    return f"{sys.implementation.cache_tag}-{_sre.MAGIC}-{sys.hexversion:x}"


def _path() -> Path | None:
    where = lexcache.folder()
    if where is None:
        return None
    return where / f"regex-v3-{_tag()}.bin"  # v3: an index, then the entries


Entry = tuple[str, int, int, bytes, int, dict[str, int], tuple[str | None, ...]]
CODE_TYPE = "I" if array("I").itemsize == 4 else "L"  # _sre's code words are 4 bytes


def key_of(pattern: str, flags: int) -> bytes:
    """The index key of a pattern: 16 bytes, whatever the pattern's length (the word
    tries run to 40,000 characters). The entry holds the pattern itself, which is
    compared before it is used, so a collision costs a compile, never a wrong pattern."""
    return hashlib.blake2b(pattern.encode("utf-8", "surrogatepass") + b"\0%d" % flags, digest_size=16).digest()


def _build(pattern: str, flags: int) -> Entry:
    from re import _compiler, _parser  # type: ignore[attr-defined]

    p = _parser.parse(pattern, flags)
    code = _compiler._code(p, flags)
    groupindex = dict(p.state.groupdict)
    indexgroup: list[str | None] = [None] * p.state.groups
    for k, i in groupindex.items():
        indexgroup[i] = k
    # 4-byte words: a tuple of ints would hold one Python int object per code word in memory
    packed = array(CODE_TYPE, map(int, code)).tobytes()
    return (pattern, int(flags), int(flags | p.state.flags), packed, p.state.groups - 1, groupindex, tuple(indexgroup))


class Store:
    """The file as read: its index (key -> offset, length, in the order of last use) and a
    read-only map of it from which an entry is taken when first asked for."""

    def __init__(self, index: dict[bytes, tuple[int, int]], data: mmap.mmap | bytes, base: int) -> None:
        self.index = index
        self.data = data
        self.base = base

    @classmethod
    def open(cls, path: Path | None) -> Store:
        empty = cls({}, b"", 0)
        if path is None:
            return empty
        try:
            with open(path, "rb") as fh:
                head = fh.read(len(MAGIC) + 8)
                if len(head) < len(MAGIC) + 8 or not head.startswith(MAGIC):
                    return empty
                (size,) = struct.unpack("<Q", head[len(MAGIC) :])
                index = marshal.loads(fh.read(size))
                if not isinstance(index, dict):
                    return empty
                data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError, EOFError, TypeError, struct.error):
            return empty
        return cls(index, data, len(MAGIC) + 8 + size)

    def raw(self, key: bytes) -> bytes | None:
        where = self.index.get(key)
        if not (isinstance(where, tuple) and len(where) == 2):
            return None
        start = self.base + where[0]
        blob = self.data[start : start + where[1]]
        return blob if len(blob) == where[1] else None

    def entry(self, key: bytes, pattern: str, flags: int) -> Entry | None:
        blob = self.raw(key)
        if blob is None:
            return None
        try:
            entry = marshal.loads(blob)
        except (ValueError, EOFError, TypeError):
            return None
        if isinstance(entry, tuple) and len(entry) == 7 and entry[0] == pattern and entry[1] == flags:
            return entry  # type: ignore[return-value]
        return None


def install() -> None:
    """Read the file's index (once per process), let ``re`` take patterns from it, and save
    new patterns at exit."""
    if _state or not _supported():
        return
    path = _path()
    store = Store.open(path)
    _state.update(path=path, owner=os.getpid(), store=store, used=set())
    if path is None:
        return
    re._MAXCACHE = max(re._MAXCACHE, LIMIT + 1024)  # type: ignore[attr-defined]
    if sys.version_info[:2] == (3, 11):
        # re._compile looks a pattern up with ``_cache[key]``: a dict that builds the
        # patterns the file holds when first asked costs nothing for those never asked for
        re._cache = _LazyCache(re._cache)  # type: ignore[attr-defined]
    else:  # 3.12 asks with ``_cache.pop(key, None)``, which no __missing__ answers
        cache: dict[Any, Any] = re._cache  # type: ignore[attr-defined]
        for key in list(store.index):
            blob = store.raw(key)
            try:
                entry = marshal.loads(blob) if blob is not None else None
            except (ValueError, EOFError, TypeError):
                entry = None
            compiled = _make(entry) if isinstance(entry, tuple) and len(entry) == 7 else None
            if compiled is None:  # a damaged or foreign file: rebuilt at exit
                store.index.pop(key, None)
                continue
            cache.setdefault((str, entry[0], entry[1]), compiled)  # type: ignore[index]
    atexit.register(save)


def _make(entry: Entry) -> re.Pattern[str] | None:
    import _sre

    pattern, _flags, final, code, groups, groupindex, indexgroup = entry
    try:
        words = array(CODE_TYPE)
        words.frombytes(code)
        return _sre.compile(pattern, final, words.tolist(), groups, groupindex, indexgroup)  # type: ignore[no-any-return]
    except (TypeError, ValueError, RuntimeError, OverflowError):
        return None


class _LazyCache(dict):  # type: ignore[type-arg]
    """``re``'s cache, which builds a pattern the file holds when ``re`` first asks for it.
    A pattern the file holds wrongly (damaged, foreign) is compiled by ``re`` as usual."""

    def __missing__(self, key: Any) -> Any:
        if isinstance(key, tuple) and len(key) == 3 and key[0] is str and _state:
            store: Store = _state["store"]
            digest = key_of(key[1], key[2])
            if digest in store.index:
                entry = store.entry(digest, key[1], key[2])
                compiled = _make(entry) if entry is not None else None
                if compiled is not None:
                    _state["used"].add(digest)
                    self[key] = compiled
                    return compiled
                store.index.pop(digest, None)  # written again at exit
        raise KeyError(key)


def save() -> None:
    """Add the patterns this run compiled to the file (the loading process only). A signal
    while it writes (Ctrl-C as the program ends) leaves the old file: the cache is optional."""
    try:
        _save()
    except BaseException:  # noqa: BLE001 - never a traceback from an atexit hook
        return


def _save() -> None:
    path = _state.get("path")
    if path is None or _state.get("owner") != os.getpid():
        return
    store: Store = _state["store"]
    new: dict[bytes, tuple[str, int]] = {}
    used: set[bytes] = _state["used"]  # this run's patterns: taken from the file, or compiled
    for key in list(re._cache):  # type: ignore[attr-defined]
        if isinstance(key, tuple) and len(key) == 3 and key[0] is str and len(key[1]) <= MAX_PATTERN:
            digest = key_of(key[1], key[2])
            used.add(digest)
            if digest not in store.index:
                new[digest] = (key[1], key[2])
    if not new:
        return  # nothing to add: the file is not rewritten (a hook's run writes nothing)
    blobs: list[tuple[bytes, bytes]] = []
    started = time.perf_counter()
    for digest, (pattern, flags) in new.items():
        try:
            entry = _build(pattern, flags)
        except Exception:  # noqa: BLE001 - a pattern re accepted but we cannot rebuild: not cached
            continue
        if len(entry[3]) <= MAX_CODE * 4:
            blobs.append((digest, marshal.dumps(entry)))
    if time.perf_counter() - started < MIN_SAVING:
        return
    # most recently used first: this run's new and used patterns, then the file's in its order
    order = [d for d in store.index if d in used] + [d for d in store.index if d not in used]
    kept = blobs[:LIMIT]
    total = sum(len(b) for _, b in kept)
    for digest in order:
        if len(kept) >= LIMIT:
            break
        blob = store.raw(digest)
        if blob is None or total + len(blob) > MAX_BYTES:
            continue
        kept.append((digest, blob))
        total += len(blob)
    index: dict[bytes, tuple[int, int]] = {}
    at = 0
    for digest, blob in kept:
        index[digest] = (at, len(blob))
        at += len(blob)
    head = marshal.dumps(index)

    def write(tmp: str) -> None:
        with open(tmp, "wb") as fh:
            fh.write(MAGIC + struct.pack("<Q", len(head)) + head)
            for _, blob in kept:
                fh.write(blob)

    if lexcache.store(path, write):  # not written: the next run compiles again
        for old in path.parent.glob(f"regex-*{_tag()}.marshal"):  # the earlier formats' files
            try:
                old.unlink()
            except OSError:
                pass
