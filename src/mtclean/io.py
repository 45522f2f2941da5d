"""Reading inputs and writing outputs without ever losing the user's text.

Decoding is strict: a file is UTF-8 (with or without BOM), UTF-16/UTF-32 with a
BOM, or, when it is not valid UTF-8, Western single-byte text (cp1252 or
latin-1) that charset-normalizer judges to be coherent; ``--encoding`` overrides
all of this. The candidates are deliberately few: asked to choose among every
code page, a detector calls a short German-in-English file cp1250 or mac_roman,
and a wrong guess rewrites every accented letter. Anything else is an error
naming the file and the byte offset, never a silent replacement.

Writes go through a temporary file in the target's folder and an atomic
rename, with Ctrl-C held back until the rename is done, so a target is always
either the old file or the complete new one. The text goes back in the
encoding (and BOM) it was read in.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import signal
import stat
import tempfile
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, MtcleanError

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
TMP_SUFFIX = ".mtclean-tmp"

# Checked longest first: a UTF-32-LE BOM starts with the UTF-16-LE one.
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Python codec names of the single-byte encodings tried when a file is not UTF-8.
FALLBACKS = ("cp1252", "latin-1")
BINARY_PROBE = 8192
# A well-formed UTF-8 multi-byte sequence (no overlongs, no surrogates).
UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)


class BinaryFileError(InputError):
    """Not text at all: skipped with a note, which does not make the run fail."""


class OutputError(MtcleanError):
    """A target that cannot be written (read-only, no permission, unencodable text)."""


@dataclass
class Decoded:
    text: str
    encoding: str  # Python codec of the body, used again to write the text back
    bom: bytes = b""  # the byte-order mark the file started with, written back too

    @property
    def label(self) -> str:
        """How reports name the encoding: ``utf-8``, ``utf-8+bom``, ``cp1252``…"""
        return self.encoding + ("+bom" if self.bom else "")

    def encode(self, text: str, path: str = "<text>") -> bytes:
        """``text`` in this file's own encoding; a character it cannot hold is an error."""
        return encode(text, self.encoding, self.bom, path)


def encode(text: str, encoding: str = "utf-8", bom: bytes = b"", path: str = "<text>") -> bytes:
    try:
        return bom + text.encode(encoding)
    except UnicodeEncodeError as exc:
        line = text.count("\n", 0, exc.start) + 1
        raise OutputError(
            f"the cleaned text has {text[exc.start]!r} (line {line}), which {encoding} cannot hold; not written",
            path,
        ) from None


SURROGATES = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """Text for a UTF-8 view (diff, HTML): lone surrogates, which only odd codecs
    named with ``--encoding`` produce and UTF-8 cannot hold, become U+FFFD."""
    return SURROGATES.sub("\ufffd", text) if SURROGATES.search(text) else text


def decode(data: bytes, path: str, encoding: str | None = None) -> Decoded:
    """The text of a file and how to write it back, or an error naming the byte offset."""
    if encoding:
        return _decode_named(data, path, encoding)
    for bom, codec in BOMS:
        if data.startswith(bom):
            return Decoded(_strict(data, len(bom), codec, path), codec, bom)
    if b"\0" in data[:BINARY_PROBE]:
        raise BinaryFileError("binary file (NUL bytes), skipped", path)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    codec = _western(data)
    if codec is None:
        raise InputError(
            f"not valid UTF-8 at byte {first_bad}, nor cp1252/latin-1 text; name the encoding with --encoding",
            path,
        )
    return Decoded(data.decode(codec), codec)


def _decode_named(data: bytes, path: str, encoding: str) -> Decoded:
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}", path) from None
    # Codecs that read an optional BOM are split into BOM + body, so what is
    # written back is byte for byte what was read, BOM or not.
    if name in ("utf-8-sig", "utf-16", "utf-32"):
        for bom, codec in BOMS:
            if data.startswith(bom) and codec.startswith(name.replace("-sig", "")):
                return Decoded(_strict(data, len(bom), codec, path), codec, bom)
        name = {"utf-8-sig": "utf-8", "utf-16": "utf-16-le", "utf-32": "utf-32-le"}[name]
    return Decoded(_strict(data, 0, name, path), name)


def _strict(data: bytes, skip: int, codec: str, path: str) -> str:
    try:
        return data[skip:].decode(codec)
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot decode as {codec} at byte {skip + exc.start} ({exc.reason})", path) from None


def _western(data: bytes) -> str | None:
    """cp1252 or latin-1 when the bytes read as coherent text in one of them, else None.

    A file that is mostly well-formed UTF-8 with a few stray bytes is a mixed or
    damaged file: decoding it all as cp1252 would turn every UTF-8 character
    into mojibake, so it is refused (the error names the first bad byte).
    """
    from charset_normalizer import from_bytes  # imported here: only non-UTF-8 files need it

    high = sum(1 for b in data if b >= 0x80)
    multibyte = sum(len(m.group()) for m in UTF8_MULTIBYTE.finditer(data))
    if multibyte * 2 >= high:
        return None
    best = from_bytes(data, cp_isolation=["cp1252", "latin_1"]).best()
    if best is None:
        return None
    # With no byte in 0x80-0x9f the two decode alike; cp1252 is named because it
    # can also write back the quotes and dashes a fix may bring in.
    for codec in FALLBACKS:
        try:
            data.decode(codec)
        except UnicodeDecodeError:
            continue
        return codec
    return None  # unreachable: latin-1 decodes every byte


def read_text(path: Path, encoding: str | None = None) -> Decoded:
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError("is a folder", str(path)) from None
    except FileNotFoundError:
        raise InputError("no such file or folder", str(path)) from None
    except PermissionError:
        raise InputError("permission denied, not read", str(path)) from None
    except OSError as exc:
        raise InputError(exc.strerror or "cannot read", str(path)) from None
    return decode(data, str(path), encoding)


_umask: int | None = None


def _default_mode() -> int:
    """The mode a new file gets from the umask (mkstemp's own files are 0600)."""
    global _umask
    if _umask is None:
        _umask = os.umask(0o022)
        os.umask(_umask)
    return 0o666 & ~_umask


@contextlib.contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Hold back Ctrl-C (SIGINT) until the block is done, then raise it.

    Between writing the temporary file and renaming it, an interrupt would leave
    the temporary file behind; the block is short, so waiting for it is fine.
    Only the main thread can set signal handlers, and only Python's own Ctrl-C
    handler is replaced; otherwise this does nothing.
    """
    if threading.current_thread() is not threading.main_thread() or (
        signal.getsignal(signal.SIGINT) is not signal.default_int_handler
    ):
        # Another thread, or SIGINT ignored or handled by someone else: leave it be.
        yield
        return
    pending: list[object] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: pending.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if pending:
        raise KeyboardInterrupt


def writable(path: Path) -> bool:
    """May ``path`` be replaced? A read-only file says no, even to root."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return True
    if not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        return False
    return os.access(path, os.W_OK)


def write_atomic_chunks(path: Path, chunks: Iterable[str], encoding: str = "utf-8") -> None:
    """``write_atomic`` for text produced piece by piece (a large report is never one string)."""
    write_atomic(path, chunks, encoding)


def write_atomic(path: Path, data: str | bytes | Iterable[str], encoding: str = "utf-8") -> None:
    """Write ``data`` (text in ``encoding``, or bytes as they are) in one atomic step.

    The target is replaced by a rename, never truncated and rewritten, so it is
    the old file or the whole new one even if the run is killed. An existing
    target keeps its mode and (where the process may set it) its owner and group;
    a read-only target is refused.
    """
    if isinstance(data, str):
        data = encode(data, encoding, path=str(path))
    if not writable(path):
        raise OutputError("read-only, not written", str(path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the folder ({exc.strerror})", str(path)) from None
    try:
        old = path.stat()
    except FileNotFoundError:
        old = None
    with interrupts_deferred():
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TMP_SUFFIX, dir=path.parent)
        except OSError as exc:
            raise OutputError(f"cannot write ({exc.strerror})", str(path)) from None
        try:
            with os.fdopen(fd, "wb") as fh:
                if isinstance(data, bytes):
                    fh.write(data)
                else:
                    for chunk in data:
                        fh.write(encode(chunk, encoding, path=str(path)))
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, stat.S_IMODE(old.st_mode) if old else _default_mode())
            if old is not None:
                with contextlib.suppress(OSError):
                    os.chown(tmp, old.st_uid, old.st_gid)
            os.replace(tmp, path)
        except BaseException as exc:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            if isinstance(exc, OSError):
                raise OutputError(f"cannot write ({exc.strerror or exc})", str(path)) from None
            raise


@dataclass
class Collected:
    files: list[Path]
    errors: list[InputError]
    notes: list[str]


def collect(
    paths: list[Path], exclude: list[Path] | None = None, *, follow_symlinks: bool = False
) -> tuple[list[Path], list[InputError]]:
    """Files to process: files as given, folders recursed for text and Markdown files."""
    found = gather(paths, exclude, follow_symlinks=follow_symlinks)
    return found.files, found.errors


def gather(paths: list[Path], exclude: list[Path] | None = None, *, follow_symlinks: bool = False) -> Collected:
    """:func:`collect` with the notes on what was left out and why.

    A path named on the command line is used even if it is a symbolic link (the
    user named it). Inside a folder, a link is followed only when it points
    inside that same folder, or with ``follow_symlinks``; folders already seen
    (through links) are not walked twice, so a link loop ends. Nothing under an
    ``exclude`` folder (the output folder) is read, and a file is read once even
    when named twice.
    """
    out = Collected([], [], [])
    skip = [p.resolve() for p in exclude or []]
    seen: set[Path] = set()

    def add(path: Path) -> None:
        resolved = path.resolve()
        if resolved in seen or any(resolved.is_relative_to(s) for s in skip):
            return
        seen.add(resolved)
        out.files.append(path)

    for p in paths:
        if not p.exists():
            kind = "a broken symbolic link" if p.is_symlink() else "no such file or folder"
            out.errors.append(InputError(kind, str(p)))
        elif any(p.resolve().is_relative_to(s) for s in skip):
            out.notes.append(f"{p}: inside the output folder, not read")
        elif p.is_dir():
            _walk(p, follow_symlinks, skip, add, out)
        else:
            add(p)
    return out


def _walk(root: Path, follow: bool, skip: list[Path], add, out: Collected) -> None:  # type: ignore[no-untyped-def]
    top = root.resolve()
    if any(top.is_relative_to(s) for s in skip):
        return
    notes = out.notes
    visited: set[tuple[int, int]] = set()

    def unreadable(exc: OSError) -> None:
        # os.walk would skip a folder it cannot list without a word.
        out.errors.append(InputError(f"cannot list the folder ({exc.strerror})", str(exc.filename)))

    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable, followlinks=True):
        here = Path(dirpath)
        st = here.stat()
        if (st.st_dev, st.st_ino) in visited:
            dirnames[:] = []
            continue
        visited.add((st.st_dev, st.st_ino))
        keep_dirs = []
        for name in sorted(dirnames):
            sub = here / name
            resolved = sub.resolve()
            if any(resolved.is_relative_to(s) for s in skip):
                continue
            if sub.is_symlink() and not follow and not resolved.is_relative_to(top):
                notes.append(f"{sub}: symbolic link out of {root}, not followed (use --follow-symlinks)")
                continue
            keep_dirs.append(name)
        dirnames[:] = keep_dirs
        for name in sorted(filenames):
            f = here / name
            if f.suffix.lower() not in TEXT_SUFFIXES:
                continue
            if f.is_symlink():
                if not f.exists():
                    notes.append(f"{f}: broken symbolic link, skipped")
                    continue
                if not follow and not f.resolve().is_relative_to(top):
                    notes.append(f"{f}: symbolic link out of {root}, not followed (use --follow-symlinks)")
                    continue
            if f.is_file():
                add(f)


def safe_relpath(path: Path) -> Path:
    """Where an input's outputs go below ``--out``: never outside it (no ``..``, no root)."""
    parts = [part for part in Path(os.path.normpath(path)).parts if part not in ("/", "\\", "//")]
    cleaned = ["__up__" if part == ".." else part.replace(":", "_") for part in parts if part not in (".", "")]
    return Path(*cleaned) if cleaned else Path("input")


def output_path(root: Path, path: Path, taken: set[Path] | None = None) -> Path:
    """The file below ``root`` that an input's output goes to; always inside ``root``.

    Two inputs that would share a target (``a/x.txt`` and ``/a/x.txt``) get
    distinct ones (``x~2.txt``), so no output overwrites another of the same run.
    A target whose folder resolves outside ``root`` (a link planted in the output
    folder) is refused.
    """
    rel = safe_relpath(path)
    target = root / rel
    if taken is not None:
        n = 2
        while target in taken:
            target = root / rel.with_name(f"{rel.stem}~{n}{rel.suffix}")
            n += 1
        taken.add(target)
    real_root = root.resolve()
    parent = target.parent
    while not parent.exists() and parent != root:
        parent = parent.parent
    if not parent.resolve().is_relative_to(real_root):
        raise OutputError(f"the output folder {parent} leads outside {root}; not written", str(target))
    return target
