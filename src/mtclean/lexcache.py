"""A disk cache of the lexical look-ups (lemminflect's lemmas and inflections,
wordfreq's frequencies), so a short run — a pre-commit hook on one file — answers
from a small file instead of importing both libraries and loading their tables
(most of ``mtclean check``'s start-up).

The cache is keyed by mtclean's and both libraries' versions (a new version starts
a new file). It is two files: a MARISA trie (marisa-trie, already a dependency for the
frequency tables) that is mapped, not read, so a start costs the same whether it holds
the few hundred words of a hook's runs or the hundreds of thousands a corpus run
looked up (reading a dict of them was 0.1-0.2 s at every start); and a small file of
the answers added since, read whole. A run that looked up words the cache lacked adds
them to the small file at exit, atomically; once that holds ``DELTA_LIMIT`` answers,
they are merged into a new trie. A missing, unreadable or foreign file is just an
empty cache. ``MTCLEAN_CACHE_DIR`` moves it (default: ``$XDG_CACHE_HOME/mtclean``
or ``~/.cache/mtclean``); ``MTCLEAN_CACHE_DIR=off`` turns it off.
"""

from __future__ import annotations

import atexit
import marshal
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

DAY = 86_400.0
UNUSED_DAYS = 30  # a derived file no run has read for this long is removed when another is written
KEEP_PER_KIND = 256  # and of one kind, at most this many (the most recently used) stay
LIMIT = 200_000  # entries per table kept on disk; beyond it new answers stay in memory only
DELTA_LIMIT = 20_000  # answers in the small file before they are merged into the trie
SEP = "\x1f"  # between a table's name and a key in the trie (keys holding it or NUL are not kept)
_lock = threading.Lock()
_tables: dict[str, dict[str, Any]] | None = None  # the small file's answers and this run's
_base: Any = None  # the mapped trie (marisa_trie.BytesTrie), or None
_counts: dict[str, int] = {}  # entries per table in the trie
_dirty = False
_owner = 0  # the process that loaded the cache writes it (not forked workers)


def folder() -> Path | None:
    env = os.environ.get("MTCLEAN_CACHE_DIR")
    if env == "off":
        return None
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mtclean"


def dist_version(dist: str, module: str | None = None) -> str:
    """The installed version of ``dist`` ("none" when it is not installed), for cache keys.

    Read from the name of its ``.dist-info`` folder beside the module, which is what
    importlib.metadata finds too, but without importing it (email, zipfile, csv: about a
    tenth of a second, more than the rest of a hook's start-up cache look-ups); anything
    unusual (an egg, a zip, an editable install) falls back to importlib.metadata."""
    from importlib.util import find_spec

    prefix = dist.replace("-", "_").lower() + "-"
    try:
        spec = find_spec(module or dist.replace("-", "_"))
        if spec is not None and spec.origin:
            site = os.path.dirname(os.path.dirname(spec.origin)) if spec.submodule_search_locations else os.path.dirname(spec.origin)
            found = [e for e in os.listdir(site) if e.lower().startswith(prefix) and e.endswith(".dist-info")]
            if len(found) == 1:
                return found[0][len(prefix) : -len(".dist-info")]
    except (ImportError, ValueError, OSError):
        pass
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return "none"


def _key() -> str:
    from . import __version__

    parts = [__version__] + [dist_version(dist) for dist in ("lemminflect", "wordfreq")]
    return "-".join(parts).replace("/", "_")


def _path() -> Path | None:
    """The small file; the trie is beside it (``.marisa``)."""
    where = folder()
    return None if where is None else where / f"lexicon-{_key()}.delta"


def _trie_path(path: Path) -> Path:
    return path.with_suffix(".marisa")


def _load() -> dict[str, dict[str, Any]]:
    global _tables, _owner, _base, _counts
    if _tables is None:
        tables: dict[str, dict[str, Any]] = {}
        path = _path()
        if path is not None:
            try:
                data = marshal.loads(path.read_bytes())
                if isinstance(data, dict) and all(isinstance(v, dict) for v in data.values()):
                    tables = data
            except (OSError, ValueError, EOFError, TypeError):
                tables = {}
            counts = tables.pop("", None)  # the trie's entries per table, kept in the small file
            _counts = dict(counts) if isinstance(counts, dict) else {}
            _base = _open_trie(_trie_path(path))
            if _base is None:
                _counts = {}
        _tables = tables
        _owner = os.getpid()
        atexit.register(save)
    return _tables


def _open_trie(path: Path) -> Any:
    if not path.exists():
        return None
    try:
        import marisa_trie

        trie = marisa_trie.BytesTrie()
        trie.mmap(str(path))
        return trie
    except Exception:  # noqa: BLE001 - a damaged or foreign file is an empty cache
        return None


def _from_trie(table: str, key: str) -> Any:
    """The trie's answer for ``key`` in ``table``, or MISSING."""
    if _base is None or "\x00" in key or SEP in key:
        return MISSING
    try:
        found = _base.get(table + SEP + key)
        return marshal.loads(found[0]) if found else MISSING
    except (ValueError, EOFError, TypeError, IndexError):
        return MISSING


def lookup(table: str, key: str, compute: Callable[[str], Any]) -> Any:
    """``compute(key)``, answered from the disk cache when it holds it."""
    global _dirty
    with _lock:
        entries = _load().setdefault(table, {})
        if key in entries:
            return entries[key]
        value = _from_trie(table, key)
        if value is not MISSING:
            entries[key] = value  # (in memory: the trie has it)
            _known.add((table, key))
            return value
    value = compute(key)
    with _lock:
        if len(entries) + _counts.get(table, 0) < LIMIT:
            entries[key] = value
            _dirty = True
    return value


_known: set[tuple[str, str]] = set()  # answers read from the trie this run (not new)


def memo(table: str, basis: str, compute: Callable[[], Any]) -> Any:
    """``compute()``, kept in ``table`` under a hash of ``basis``: everything the answer
    depends on, written out (a word list, a set of spellings), however long."""
    import hashlib

    key = hashlib.blake2b(basis.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    return lookup(table, key, lambda _: compute())


def _source_tag(modules: tuple[str, ...]) -> str:
    import hashlib
    import sys

    digest = hashlib.blake2b(digest_size=8)
    for name in modules:
        module = sys.modules.get(name)
        try:
            digest.update(Path(module.__file__).read_bytes())  # type: ignore[union-attr, arg-type]
        except (AttributeError, TypeError, OSError):
            digest.update(b"?")
    return digest.hexdigest()


_source_tags: dict[tuple[str, ...], str] = {}


def source_tag(*modules: str) -> str:
    """A hash of the named (loaded) modules' source, once a process: part of the key of
    an answer those modules' code computes, so changed code never reads an old answer."""
    tag = _source_tags.get(modules)
    if tag is None:
        tag = _source_tags[modules] = _source_tag(modules)
    return tag


def per_pattern(*also: str) -> Callable[[Callable[[Any], Any]], Callable[[Any], Any]]:
    """For a pure function of one compiled pattern (an analysis of its parse tree: the
    literals it needs, whether it stays on a line): its answers kept in the cache under
    the pattern, its flags and the source code of the function's module and of the
    modules named in ``also`` (those it calls). Parsing a pattern again at every start
    (re's parser is Python) was a tenth of a second of a run; and a change to the code
    is a new key, so a working copy whose version number did not move never reads an
    answer the old code gave. Only answers marshal can hold are kept."""
    import functools
    import re

    def wrap(fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
        table = f"{fn.__module__}.{fn.__qualname__}"
        modules = (fn.__module__, *also)

        @functools.wraps(fn)
        def cached(pattern: Any) -> Any:
            if type(pattern) is not re.Pattern:
                return fn(pattern)
            tag = source_tag(*modules)
            basis = f"{tag}\0{pattern.flags}\0{pattern.pattern}"
            return memo(table, basis, lambda: fn(pattern))

        return cached

    return wrap


def store(path: Path, data: bytes | Callable[[str], None]) -> bool:
    """Put a cache file in place atomically (a temporary file beside it, then a rename),
    so a reader sees the old file or the new one, never half of one. ``data`` is the
    content, or a function that writes it to the temporary path it is given. False when
    the folder is not writable or the disk is full: a cache that cannot be written costs
    time, never a result."""
    import tempfile  # (and shutil, bz2, lzma with it: only when a cache is written)

    tmp = ""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        if callable(data):
            os.close(fd)
            data(tmp)
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
        os.replace(tmp, path)
        return True
    except (OSError, RuntimeError):
        return False
    finally:
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)


def save() -> None:
    """Write this run's new answers back (the loading process only; atomically)."""
    global _dirty
    if not _dirty or _tables is None or os.getpid() != _owner:
        return
    path = _path()
    if path is None:
        return
    with _lock:
        delta = {t: {k: v for k, v in e.items() if (t, k) not in _known} for t, e in _tables.items()}
    size = sum(len(e) for e in delta.values())
    try:
        if size < DELTA_LIMIT:
            written = store(path, marshal.dumps({**delta, "": _counts}))
        else:
            written = _merge(path, delta)
    except (ValueError, OSError):
        return
    if written:
        _dirty = False
        try:
            path.with_suffix(".marshal").unlink()  # the one-file format of earlier versions
        except OSError:
            pass


def _merge(path: Path, delta: dict[str, dict[str, Any]]) -> bool:
    """The trie's entries and ``delta`` as a new trie, then an empty small file."""
    import marisa_trie

    items: list[tuple[str, bytes]] = list(_base.items()) if _base is not None else []
    counts = dict(_counts)
    for table, entries in delta.items():
        for key, value in entries.items():
            if "\x00" in key or SEP in key:
                continue
            try:
                items.append((table + SEP + key, marshal.dumps(value)))
            except ValueError:
                continue
            counts[table] = counts.get(table, 0) + 1
    trie = marisa_trie.BytesTrie(items)
    if not store(_trie_path(path), lambda tmp: trie.save(tmp)):
        return False
    return store(path, marshal.dumps({"": counts}))


def _derived_path(kind: str, raw: bytes) -> Path | None:
    import hashlib

    from . import __version__

    where = folder()
    if where is None:
        return None
    digest = hashlib.sha256(raw + b"\0" + __version__.encode()).hexdigest()[:32]
    return where / f"{kind}-{digest}.marshal"


MISSING = object()


def recall(kind: str, raw: bytes) -> Any:
    """What :func:`keep` stored for ``raw`` (under this mtclean version), else ``MISSING``."""
    path = _derived_path(kind, raw)
    if path is None:
        return MISSING
    try:
        return marshal.loads(read_used(path))
    except (OSError, ValueError, EOFError, TypeError):
        return MISSING


def keep(kind: str, raw: bytes, value: Any) -> None:
    """Store ``value``, something derived from the content ``raw`` alone, by its hash and
    mtclean's version. Only plain data (what marshal can hold) is kept."""
    path = _derived_path(kind, raw)
    if path is None:
        return
    try:
        if store(path, marshal.dumps(value)):
            bound(kind)
    except ValueError:
        pass  # not plain data: derived next time too


def read_used(path: Path) -> bytes:
    """A derived file's bytes, its modification time moved to now when it is a day old:
    the mark of use that :func:`bound` keeps files by (access times are not kept on
    most mounts). One ``stat`` per read; a write at most once a day."""
    data = path.read_bytes()
    try:
        if time.time() - os.stat(path).st_mtime > DAY:
            os.utime(path)
    except OSError:
        pass
    return data


def bound(kind: str, keep: int | None = None) -> None:
    """Remove the ``kind`` files no run has read for ``UNUSED_DAYS`` or that fall beyond the
    ``keep`` (``KEEP_PER_KIND``) most recently used, and any cache file's temporary left by a killed writer
    (over an hour old). Every edit of a rule file, every mtclean version and every
    generated table makes new derived files under new hashes; without this the folder
    only grows. Called after a new file is written, so a run that writes nothing pays
    nothing; a file removed under a reader is a cache miss, never a wrong answer."""
    where = folder()
    if where is None:
        return
    now = time.time()
    prefix, ours = f"{kind}-", []
    try:
        with os.scandir(where) as entries:
            for entry in entries:
                name = entry.name
                if not (name.startswith(prefix) and name.endswith(".marshal")) and not (
                    name.startswith(".") and name.endswith(".tmp")
                ):
                    continue
                try:
                    if not entry.is_file(follow_symlinks=False):
                        continue
                    age = now - entry.stat(follow_symlinks=False).st_mtime
                except OSError:
                    continue
                if name.endswith(".tmp"):
                    if age > 3600:
                        _remove(entry.path)
                elif _is_hash(name[len(prefix) : -len(".marshal")]):
                    ours.append((age, entry.path))
    except OSError:
        return
    ours.sort()
    limit = KEEP_PER_KIND if keep is None else keep
    for rank, (age, path) in enumerate(ours):
        if rank >= limit or age > UNUSED_DAYS * DAY:
            _remove(path)


def _is_hash(text: str) -> bool:
    return len(text) == 32 and all(c in "0123456789abcdef" for c in text)


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def parsed(kind: str, raw: bytes, parse: Callable[[], Any]) -> Any:
    """``parse()``'s result for the file content ``raw``, kept on disk by its hash and
    mtclean's version (rule files: YAML parsing is most of loading the built-in rules)."""
    value = recall(kind, raw)
    if value is MISSING:
        value = parse()
        keep(kind, raw, value)
    return value
