"""Reading inputs and writing outputs without ever losing the user's text.

Inputs are decoded strictly: UTF-8 (with or without BOM) or UTF-16 with a BOM,
or the encoding the user names. Anything else is an error naming the file and
the byte offset, never a silent replacement. Writes go through a temporary file
in the same folder and an atomic rename.
"""

from __future__ import annotations

import codecs
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

TEXT_SUFFIXES = (".txt", ".md", ".markdown")


@dataclass
class Decoded:
    text: str
    encoding: str  # codec name to write back with (BOM included in utf-8-sig / utf-16)


def decode(data: bytes, path: str, encoding: str | None = None) -> Decoded:
    if encoding:
        try:
            return Decoded(data.decode(encoding), encoding)
        except UnicodeDecodeError as exc:
            raise InputError(f"cannot decode as {encoding} at byte {exc.start}", path) from None
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r}", path) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Decoded(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"invalid UTF-16 at byte {exc.start}", path) from None
    if b"\0" in data[:8192]:
        raise InputError("binary file (NUL bytes), skipped", path)
    if data.startswith(codecs.BOM_UTF8):
        codec = "utf-8-sig"
    else:
        codec = "utf-8"
    try:
        return Decoded(data.decode(codec), codec)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid UTF-8 at byte {exc.start}; name the encoding with --encoding (e.g. cp1252)", path
        ) from None


def read_text(path: Path, encoding: str | None = None) -> Decoded:
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError("is a folder", str(path)) from None
    except FileNotFoundError:
        raise InputError("no such file or folder", str(path)) from None
    except PermissionError:
        raise InputError("permission denied", str(path)) from None
    except OSError as exc:
        raise InputError(exc.strerror or "cannot read", str(path)) from None
    return decode(data, str(path), encoding)


def write_atomic(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Write via a temporary file and rename, keeping an existing file's mode."""
    write_atomic_chunks(path, [text], encoding)


def write_atomic_chunks(path: Path, chunks: Iterable[str], encoding: str = "utf-8") -> None:
    """write_atomic for text produced piece by piece (a large report is never one string)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = None
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        pass
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".mtclean-tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as fh:
            for chunk in chunks:
                fh.write(chunk)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def collect(paths: list[Path], exclude: list[Path] | None = None) -> tuple[list[Path], list[InputError]]:
    """Files to process: files as given, folders recursed for text and Markdown files."""
    files: list[Path] = []
    errors: list[InputError] = []
    skip = [p.resolve() for p in exclude or []]
    for p in paths:
        if not p.exists():
            errors.append(InputError("no such file or folder", str(p)))
        elif p.is_dir():
            for sub in sorted(p.rglob("*")):
                if sub.is_file() and sub.suffix.lower() in TEXT_SUFFIXES:
                    resolved = sub.resolve()
                    if any(resolved.is_relative_to(s) for s in skip):
                        continue
                    files.append(sub)
        else:
            files.append(p)
    return files, errors


def safe_relpath(path: Path) -> Path:
    """Where an input's outputs go below ``--out``: never outside it (no ``..``, no root)."""
    parts = [part for part in Path(os.path.normpath(path)).parts if part not in ("/", "\\")]
    cleaned = ["__up__" if part == ".." else part.replace(":", "_") for part in parts if part != "."]
    return Path(*cleaned) if cleaned else Path("input")
