"""A disk cache of the lexical look-ups (lemminflect's lemmas and inflections,
wordfreq's frequencies), so a short run — a pre-commit hook on one file — answers
from a small file instead of importing both libraries and loading their tables
(most of ``mtclean check``'s start-up).

The cache is keyed by mtclean's and both libraries' versions (a new version starts
a new file), read once per process, and written back atomically at exit when the
run looked up words it did not hold. A missing, unreadable or foreign file is
just an empty cache. ``MTCLEAN_CACHE_DIR`` moves it (default: ``$XDG_CACHE_HOME/mtclean``
or ``~/.cache/mtclean``); ``MTCLEAN_CACHE_DIR=off`` turns it off.
"""

from __future__ import annotations

import atexit
import marshal
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

LIMIT = 200_000  # entries per table kept on disk; beyond it new answers stay in memory only
_lock = threading.Lock()
_tables: dict[str, dict[str, Any]] | None = None
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
    where = folder()
    return None if where is None else where / f"lexicon-{_key()}.marshal"


def _load() -> dict[str, dict[str, Any]]:
    global _tables, _owner
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
        _tables = tables
        _owner = os.getpid()
        atexit.register(save)
    return _tables


def lookup(table: str, key: str, compute: Callable[[str], Any]) -> Any:
    """``compute(key)``, answered from the disk cache when it holds it."""
    global _dirty
    with _lock:
        entries = _load().setdefault(table, {})
        if key in entries:
            return entries[key]
    value = compute(key)
    with _lock:
        if len(entries) < LIMIT:
            entries[key] = value
            _dirty = True
    return value


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
    """Write the cache back if this process added to it (atomically: a temporary file, then rename)."""
    global _dirty
    if not _dirty or _tables is None or os.getpid() != _owner:
        return
    path = _path()
    if path is None:
        return
    try:
        with _lock:
            data = marshal.dumps(_tables)
    except ValueError:
        return
    if store(path, data):
        _dirty = False


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
        return marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return MISSING


def keep(kind: str, raw: bytes, value: Any) -> None:
    """Store ``value``, something derived from the content ``raw`` alone, by its hash and
    mtclean's version. Only plain data (what marshal can hold) is kept."""
    path = _derived_path(kind, raw)
    if path is None:
        return
    try:
        store(path, marshal.dumps(value))
    except ValueError:
        pass  # not plain data: derived next time too


def parsed(kind: str, raw: bytes, parse: Callable[[], Any]) -> Any:
    """``parse()``'s result for the file content ``raw``, kept on disk by its hash and
    mtclean's version (rule files: YAML parsing is most of loading the built-in rules)."""
    value = recall(kind, raw)
    if value is MISSING:
        value = parse()
        keep(kind, raw, value)
    return value
