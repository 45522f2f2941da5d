"""Compiled regular expressions kept on disk between runs.

A pre-commit hook runs mtclean on one small file per commit, and most of such a run
went to compiling the same few hundred regular expressions at every start (the
rules' patterns, the token layer's word tries, ftfy's tables): 0.9 s of a 1.5 s
``mtclean check``. CPython compiles a pattern in two steps written in Python (parse,
then code generation) whose result, a list of integers, ``_sre.compile`` turns into
a pattern object in microseconds. This module keeps those lists in one marshal file
and puts the patterns into ``re``'s own cache at start-up, so a ``re.compile`` of a
known pattern anywhere in the process (mtclean or a library) is a dictionary look-up
and returns the very object ``re.compile`` would have built. Patterns compiled during
a run that the file lacks are added at exit, atomically, by the process that loaded it.

The file is keyed by the Python implementation and version and by ``_sre``'s
MAGIC, since the code format belongs to them; a file from another interpreter is
never read, and a damaged one (``_sre`` validates the code it is given) is ignored
and rebuilt. It lives with the other caches (``MTCLEAN_CACHE_DIR``, ``off`` turns
it off). On an interpreter whose ``re`` internals differ from CPython 3.11–3.12's,
nothing is cached and nothing changes.
"""

from __future__ import annotations

import atexit
import marshal
from array import array
import os
import re
import sys
from pathlib import Path
from typing import Any

from . import lexcache

LIMIT = 4000  # patterns kept on disk
MAX_PATTERN = 1 << 20  # characters; longer patterns are not worth a place in the file
MAX_CODE = 1 << 20  # code words of one pattern (a few MB of file at most)
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


def _path() -> Path | None:
    where = lexcache.folder()
    if where is None:
        return None
    import _sre

    tag = f"{sys.implementation.cache_tag}-{_sre.MAGIC}-{sys.hexversion:x}"
    return where / f"regex-v2-{tag}.marshal"  # v2: code words packed in bytes


Entry = tuple[str, int, int, bytes, int, dict[str, int], tuple[str | None, ...]]
CODE_TYPE = "I" if array("I").itemsize == 4 else "L"  # _sre's code words are 4 bytes


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


def install() -> None:
    """Load the file into ``re``'s cache (once per process) and save new patterns at exit."""
    if _state or not _supported():
        return
    path = _path()
    _state["path"] = path
    _state["owner"] = os.getpid()
    known: set[tuple[str, int]] = set()
    _state["known"] = known
    if path is None:
        return
    entries: list[Entry] = []
    try:
        data = marshal.loads(path.read_bytes())
        if isinstance(data, list):
            entries = data
    except (OSError, ValueError, EOFError, TypeError):
        entries = []
    re._MAXCACHE = max(re._MAXCACHE, LIMIT + 1024)  # type: ignore[attr-defined]
    stored = {(e[0], e[1]): e for e in entries if isinstance(e, tuple) and len(e) == 7}
    known.update(stored)
    if sys.version_info[:2] == (3, 11):
        # re._compile looks a pattern up with ``_cache[key]``: a dict that builds the
        # patterns the file holds when first asked costs nothing for those never asked for
        re._cache = _LazyCache(re._cache, stored)  # type: ignore[attr-defined]
        return _register()
    cache: dict[Any, Any] = re._cache  # type: ignore[attr-defined]
    for (pattern, flags), entry in stored.items():
        compiled = _make(entry)
        if compiled is None:  # a damaged or foreign file: rebuilt at exit
            known.clear()
            break
        cache.setdefault((str, pattern, flags), compiled)
    _register()


def _register() -> None:
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

    def __init__(self, existing: dict[Any, Any], stored: dict[tuple[str, int], Entry]) -> None:
        super().__init__(existing)
        self.stored = stored

    def __missing__(self, key: Any) -> Any:
        if isinstance(key, tuple) and len(key) == 3 and key[0] is str:
            entry = self.stored.pop((key[1], key[2]), None)
            if entry is not None:
                compiled = _make(entry)
                if compiled is not None:
                    self[key] = compiled
                    return compiled
                _state["known"].discard((key[1], key[2]))  # written again at exit
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
    known: set[tuple[str, int]] = _state["known"]
    new = [
        (key[1], key[2])
        for key in list(re._cache)  # type: ignore[attr-defined]
        if isinstance(key, tuple)
        and len(key) == 3
        and key[0] is str
        and len(key[1]) <= MAX_PATTERN
        and (key[1], key[2]) not in known
    ]
    if not new or len(known) >= LIMIT:
        return
    try:
        entries: list[Entry] = marshal.loads(path.read_bytes()) if path.exists() else []
        if not isinstance(entries, list):
            entries = []
    except (OSError, ValueError, EOFError, TypeError):
        entries = []
    have = {(e[0], e[1]) for e in entries}
    for pattern, flags in new[: max(0, LIMIT - len(entries))]:
        if (pattern, flags) in have:
            continue
        try:
            entry = _build(pattern, flags)
        except Exception:  # noqa: BLE001 - a pattern re accepted but we cannot rebuild: not cached
            continue
        if len(entry[3]) <= MAX_CODE * 4:
            entries.append(entry)
    lexcache.store(path, marshal.dumps(entries))  # not written: the next run compiles again
