"""Reading inputs and writing outputs without ever losing the user's text.

Reading: every path is checked with stat and opened without blocking; only regular
files within a size limit are read (a FIFO, a device or ``/dev/zero`` is one line,
never a hang). Decoding is strict and looks at the whole file: a NUL anywhere makes
it binary; a file is UTF-8 (with or without BOM), UTF-16/UTF-32 with a BOM, or
Western cp1252 text when no other common code page could be meant (codepage.py);
``--encoding`` overrides this, and any encoding must give back the very bytes it
read. Anything else is an error naming the file and the byte offset, never a
silent replacement.

Writing, as git would: a temporary file in the target's folder (a name within
NAME_MAX) and an atomic rename, with Ctrl-C, SIGTERM and SIGHUP held back until
the rename is done, so a target is always either the old file or the complete new
one. The new file keeps the old one's mode, owner, extended attributes and ACLs;
``fix`` checks right before the rename that the file is still the one it read;
outputs below ``--out`` are opened without following links. The text goes back in
the encoding (and BOM) it was read in.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import hashlib
import os
import re
import secrets
import signal
import stat
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from . import codepage
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
    stamp: Stamp | None = None  # the file as read: fix writes only over that same file

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
    named with ``--encoding`` produce and UTF-8 cannot hold, become U+FFFD.

    Whether there are any is asked the quick way: an ASCII text (known without reading
    it) has none, and UTF-8 encodes any other text unless it holds a surrogate, several
    times faster than the pattern searches it (a few MB of reports each run)."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return SURROGATES.sub("\ufffd", text)
    return text


def decode(data: bytes, path: str, encoding: str | None = None) -> Decoded:
    """The text of a file and how to write it back, or an error naming the byte offset.

    The whole file is looked at, whatever its size: a NUL anywhere makes it binary,
    and the encoding chosen must give back exactly the bytes read (see codepage.py
    for a file that is not UTF-8).
    """
    if encoding:
        return _round_trip(_decode_named(data, path, encoding), data, path)
    for bom, codec in BOMS:
        if data.startswith(bom):
            return _round_trip(Decoded(_strict(data, len(bom), codec, path), codec, bom), data, path)
    nul = data.find(b"\0")
    if nul >= 0:
        raise BinaryFileError("binary file (NUL bytes), skipped", path)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    codec, why = _western(data)
    if codec is None:
        raise InputError(f"not valid UTF-8 at byte {first_bad}; {why}; name the encoding with --encoding", path)
    return _round_trip(Decoded(data.decode(codec), codec), data, path)


def _round_trip(decoded: Decoded, data: bytes, path: str) -> Decoded:
    """Only an encoding that writes back the very bytes it read may be used to write."""
    try:
        again = decoded.bom + decoded.text.encode(decoded.encoding)
    except UnicodeEncodeError as exc:
        again = b""
        at = exc.start
    else:
        if again == data:
            return decoded
        at = next((i for i, (a, b) in enumerate(zip(again, data)) if a != b), min(len(again), len(data)))
    raise InputError(
        f"{decoded.encoding} does not give back the bytes it read (they differ at byte {at}); "
        "not a text encoding mtclean can write back",
        path,
    )


def check_encoding(encoding: str) -> str:
    """The codec ``--encoding`` names, if it is a text encoding that round-trips; else an error.

    ``unicode_escape``, ``rot13``, ``base64``, ``utf-7`` and the like are refused:
    what they decode would not be written back as the same bytes.
    """
    try:
        info = codecs.lookup(encoding)
    except (LookupError, TypeError, ValueError):
        raise InputError(f"unknown encoding {encoding!r}", "--encoding") from None
    if not getattr(info, "_is_text_encoding", True):
        raise InputError(f"{encoding!r} is not a text encoding", "--encoding")
    probe = bytes(range(0x20, 0x7F)) + b"\t\r\n\\u00e9\\x41"
    if info.name in ("utf-16", "utf-32"):
        probe = probe.decode("ascii").encode(info.name)
    elif info.name.startswith(("utf-16", "utf-32")):
        probe = probe.decode("ascii").encode(info.name)
    try:
        ok = probe.decode(info.name).encode(info.name) == probe
    except (UnicodeError, ValueError):
        ok = False
    if not ok:
        raise InputError(
            f"{encoding!r} does not give back the bytes it reads (an escape or transfer codec); not usable", "--encoding"
        )
    return info.name


def _decode_named(data: bytes, path: str, encoding: str) -> Decoded:
    name = check_encoding(encoding)
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
    except (LookupError, ValueError, TypeError) as exc:  # a codec that is not bytes to text after all
        raise InputError(f"cannot decode as {codec} ({exc})", path) from None


def _western(data: bytes) -> tuple[str | None, str]:
    """cp1252 when the bytes are Western text beyond doubt, else None and why not.

    A file that is mostly well-formed UTF-8 with a few stray bytes is a mixed or
    damaged file: decoding it all as cp1252 would turn every UTF-8 character
    into mojibake, so it is refused (the error names the first bad byte).
    """
    high = sum(1 for b in data if b >= 0x80) if len(data) < 1 << 16 else len(data) - len(data.translate(None, HIGH))
    multibyte = sum(len(m.group()) for m in UTF8_MULTIBYTE.finditer(data))
    if multibyte * 2 >= high:
        return None, "mostly UTF-8 with stray bytes (a damaged or mixed file)"
    verdict = codepage.judge(data)
    return verdict.codec, verdict.message()


HIGH = bytes(range(0x80, 0x100))


# --- reading: regular files only, never blocking, never without bound ---------------

DEFAULT_MAX_INPUT = 1 << 30  # bytes; MTCLEAN_MAX_INPUT_SIZE overrides (e.g. 200M, 4G)


def max_input_size() -> int:
    """The size above which an input is refused (one line), from the environment if set."""
    raw = os.environ.get("MTCLEAN_MAX_INPUT_SIZE", "").strip()
    if not raw:
        return DEFAULT_MAX_INPUT
    m = re.fullmatch(r"(\d+)\s*([kKmMgGtT]?)i?[bB]?", raw)
    if m is None:
        raise MtcleanError(f"MTCLEAN_MAX_INPUT_SIZE must be a size such as 500M or 2G, not {raw!r}")
    return int(m.group(1)) << {"": 0, "k": 10, "m": 20, "g": 30, "t": 40}[m.group(2).lower()]


@dataclass(frozen=True)
class Stamp:
    """What a file was when it was read: ``fix`` writes only over that same file."""

    size: int
    mtime_ns: int
    ino: int
    dev: int
    digest: bytes

    @classmethod
    def of(cls, st: os.stat_result, data: bytes) -> Stamp:
        return cls(st.st_size, st.st_mtime_ns, st.st_ino, st.st_dev, hashlib.sha256(data).digest())


KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind(mode: int) -> str:
    for test, name in KINDS:
        if test(mode):
            return name
    return "not a regular file"


def _stat_error(exc: OSError, path: Path, error: type[MtcleanError]) -> MtcleanError:
    if exc.errno == errno.ELOOP:
        return error("a symbolic link loop", str(path))
    if exc.errno == errno.ENOENT:
        return error("a broken symbolic link" if path.is_symlink() else "no such file or folder", str(path))
    if exc.errno in (errno.EACCES, errno.EPERM):
        return error("permission denied, not read", str(path))
    if exc.errno == errno.ENAMETOOLONG:
        return error("file name too long", str(path))
    if exc.errno == errno.ENOTDIR:
        return error("no such file or folder (a part of the path is not a folder)", str(path))
    return error(exc.strerror or "cannot read", str(path))


def open_regular(path: Path, limit: int | None = None, error: type[MtcleanError] = InputError) -> tuple[int, os.stat_result]:
    """An open descriptor on ``path`` if it is a regular file within ``limit`` bytes.

    The path is checked with stat first and opened without blocking, so a FIFO,
    a device or a socket is one line, never a hang and never an endless read
    (``/dev/zero``); the descriptor is checked again, in case the path changed
    between the two.
    """
    try:
        st = os.stat(path)
    except OSError as exc:
        raise _stat_error(exc, path, error) from None
    except ValueError:  # a NUL in the name
        raise error("not a valid file name", str(path)) from None
    if stat.S_ISDIR(st.st_mode):
        raise error("is a folder", str(path))
    if not stat.S_ISREG(st.st_mode):
        raise error(f"{_kind(st.st_mode)}, not a regular file; skipped", str(path))
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise _stat_error(exc, path, error) from None
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise error(f"{_kind(st.st_mode)}, not a regular file; skipped", str(path))
    limit = max_input_size() if limit is None else limit
    if st.st_size > limit:
        os.close(fd)
        raise error(
            f"{st.st_size} bytes, more than the size limit of {limit}"
            + (" (MTCLEAN_MAX_INPUT_SIZE)" if limit == max_input_size() else "") + "; skipped",
            str(path),
        )
    return fd, st


def read_regular(path: Path, limit: int | None = None, error: type[MtcleanError] = InputError) -> tuple[bytes, Stamp]:
    """The bytes of a regular file (see :func:`open_regular`) and its stamp."""
    limit = max_input_size() if limit is None else limit
    fd, st = open_regular(path, limit, error)
    try:
        with os.fdopen(fd, "rb") as fh:
            # The size stat gave, then whatever the file grew by: read(limit + 1) would
            # ask malloc for the whole limit (a gigabyte) up front, whatever the file.
            data = fh.read(min(limit, st.st_size) + 1)
            while len(data) <= limit and (more := fh.read(min(limit + 1 - len(data), 1 << 20))):
                data += more
    except OSError as exc:
        raise _stat_error(exc, path, error) from None
    if len(data) > limit:
        raise error(f"grew past the input size limit of {limit} bytes while read; skipped", str(path))
    return data, Stamp.of(st, data)


def sniff(fh: IO[bytes], path: str, encoding: str | None = None, block: int = 1 << 20) -> str:
    """The codec :func:`decode` would choose for the whole file ``fh`` (read to its end,
    then rewound), for a file too large to decode at once: the same answer whatever
    the file's size. The codec returned reads any BOM itself (``utf-8-sig``, ``utf-16``…)."""
    if encoding:
        return check_encoding(encoding)
    head = fh.read(4)
    for bom, codec in BOMS:
        if head.startswith(bom):
            fh.seek(0)
            return {"utf-8": "utf-8-sig"}.get(codec, codec.rsplit("-", 1)[0])
    fh.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    done = 0
    utf8 = True
    first_bad = 0
    while data := fh.read(block):
        nul = data.find(b"\0")
        if nul >= 0:
            raise BinaryFileError("binary file (NUL bytes), skipped", path)
        if utf8:
            try:
                decoder.decode(data)
            except UnicodeDecodeError as exc:
                utf8 = False
                first_bad = done + exc.start - len(decoder.getstate()[0])
        done += len(data)
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8, first_bad = False, done
    fh.seek(0)
    if utf8:
        return "utf-8"
    judge = codepage.Judge()
    while data := fh.read(block):
        judge.feed(data)
    verdict = judge.verdict()
    fh.seek(0)
    if verdict.codec is None:
        raise InputError(f"not valid UTF-8 at byte {first_bad}; {verdict.message()}; name the encoding with --encoding", path)
    return verdict.codec


def read_text(path: Path, encoding: str | None = None) -> Decoded:
    data, stamp = read_regular(path)
    decoded = decode(data, str(path), encoding)
    decoded.stamp = stamp
    return decoded


_umask: int | None = None


def default_mode() -> int:
    """The mode a new file gets from the umask (mkstemp's own files are 0600)."""
    global _umask
    if _umask is None:
        _umask = os.umask(0o022)
        os.umask(_umask)
    return 0o666 & ~_umask


DEFERRED = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextlib.contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Hold back Ctrl-C, SIGTERM and SIGHUP until the block is done, then act on them.

    Between writing the temporary file and renaming it, a signal would leave the
    temporary file behind; the block is short, so waiting for it is fine. Only the
    main thread can set signal handlers, and only signals that end the program
    through Python (Ctrl-C's default handler, or the CLI's handler for SIGTERM and
    SIGHUP) are held back; others are left alone.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[int] = []
    previous: dict[int, Any] = {}
    for signum in DEFERRED:
        handler = signal.getsignal(signum)
        if handler is signal.default_int_handler or getattr(handler, "mtclean_exit", False):
            previous[signum] = handler
            signal.signal(signum, lambda n, frame: pending.append(n))
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if pending:
        handler = previous[pending[0]]
        handler(pending[0], None)
        raise KeyboardInterrupt


def writable(path: Path) -> bool:
    """May ``path`` be replaced? A read-only file says no, even to root."""
    try:
        st = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return True
    if not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        return False
    return os.access(path, os.W_OK)


def write_atomic_chunks(path: Path, chunks: Iterable[str], encoding: str = "utf-8", root: Path | None = None) -> None:
    """``write_atomic`` for text produced piece by piece (a large report is never one string)."""
    write_atomic(path, chunks, encoding, root=root)


NAME_MAX = 255
O_DIR = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def temp_name(name: str) -> str:
    """A hidden temporary name next to ``name`` that fits in NAME_MAX bytes, however long ``name`` is."""
    token = secrets.token_hex(4)
    room = NAME_MAX - len(f"..{token}{TMP_SUFFIX}")
    raw = os.fsencode(name)[:room]
    return f".{os.fsdecode(raw)}.{token}{TMP_SUFFIX}"


def _open_dirs(root: Path | None, folder: Path) -> int:
    """A descriptor on ``folder``, created as needed.

    With ``root``, ``folder`` lies below it and each part below ``root`` is opened
    without following a symbolic link, so a link planted in the output folder can
    never send a write elsewhere (the way rsync and git treat their targets).
    """
    if root is None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            return os.open(folder, O_DIR)
        except OSError as exc:
            raise OutputError(f"cannot create the folder ({exc.strerror})", str(folder)) from None
    try:
        rel = folder.relative_to(root)
    except ValueError:
        raise OutputError(f"outside {root}; not written", str(folder)) from None
    if ".." in rel.parts:
        raise OutputError(f"outside {root}; not written", str(folder))
    try:
        root.mkdir(parents=True, exist_ok=True)
        fd = os.open(root, O_DIR)
    except OSError as exc:
        raise OutputError(f"cannot open the output folder ({exc.strerror})", str(root)) from None
    here = root
    for part in rel.parts:
        here = here / part
        try:
            with contextlib.suppress(FileExistsError):
                os.mkdir(part, 0o777, dir_fd=fd)
            nxt = os.open(part, O_DIR | O_NOFOLLOW, dir_fd=fd)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                what = "a symbolic link" if os.path.islink(here) else "not a folder"
                raise OutputError(f"{what} inside the output folder {root}; not followed, not written", str(here)) from None
            raise OutputError(f"cannot create the folder ({exc.strerror})", str(here)) from None
        os.close(fd)
        fd = nxt
    return fd


def prepare_folder(root: Path, folder: Path) -> None:
    """Create ``folder`` below ``root`` without following a link below ``root`` (or fail)."""
    os.close(_open_dirs(root, folder))


def _copy_metadata(src_fd: int | None, old: os.stat_result | None, tmp_fd: int) -> None:
    """Mode, owner, extended attributes and ACLs (stored as attributes) of the old file."""
    os.fchmod(tmp_fd, stat.S_IMODE(old.st_mode) if old else default_mode())
    if old is None or src_fd is None:
        return
    with contextlib.suppress(OSError):
        os.fchown(tmp_fd, old.st_uid, old.st_gid)
    if not hasattr(os, "listxattr"):
        return
    try:
        names = os.listxattr(src_fd)
    except OSError:
        return
    for name in names:
        with contextlib.suppress(OSError):  # e.g. security.* without the privilege: kept where possible
            os.setxattr(tmp_fd, name, os.getxattr(src_fd, name))
    # Setting an ACL may adjust the group bits; the mode is the old file's.
    with contextlib.suppress(OSError):
        if stat.S_IMODE(os.fstat(tmp_fd).st_mode) != stat.S_IMODE(old.st_mode) and not any(
            n.startswith("system.posix_acl") for n in names
        ):
            os.fchmod(tmp_fd, stat.S_IMODE(old.st_mode))


def _still(fd: int, name: str, dir_fd: int, expect: Stamp, path: Path) -> None:
    """Is ``name`` still the file that was read (``expect``)? Else nothing is written."""
    changed = OutputError("changed while mtclean ran; not written", str(path))
    try:
        st = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except OSError:
        raise changed from None
    if (st.st_size, st.st_mtime_ns, st.st_ino, st.st_dev) != (expect.size, expect.mtime_ns, expect.ino, expect.dev):
        raise changed
    digest = hashlib.sha256()
    try:
        rfd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | O_NOFOLLOW, dir_fd=dir_fd)
        with os.fdopen(rfd, "rb") as fh:
            while block := fh.read(1 << 20):
                digest.update(block)
    except OSError:
        raise changed from None
    if digest.digest() != expect.digest:
        raise changed


def write_atomic(
    path: Path,
    data: str | bytes | Iterable[str],
    encoding: str = "utf-8",
    *,
    expect: Stamp | None = None,
    root: Path | None = None,
) -> None:
    """Write ``data`` (text in ``encoding``, or bytes as they are) in one atomic step.

    The target is replaced by a rename, never truncated and rewritten, so it is
    the old file or the whole new one even if the run is killed. An existing
    target keeps its mode, owner and group (where the process may set them),
    extended attributes and ACLs; a read-only target, a folder or a device is
    refused. ``expect``: the target must still be the file read then (size, mtime,
    inode, content), checked right before the rename, as git checks the index.
    ``root``: the target lies below it and no link below it is followed.
    """
    if isinstance(data, str):
        data = encode(data, encoding, path=str(path))
    if not writable(path):
        raise OutputError("read-only, not written", str(path))
    name = path.name
    if not name or name in (".", ".."):
        raise OutputError("not a file name", str(path))
    if len(os.fsencode(name)) > NAME_MAX:
        raise OutputError(f"file name longer than {NAME_MAX} bytes; not written", str(path))
    dir_fd = _open_dirs(root, path.parent)
    try:
        _write_in(dir_fd, name, path, data, encoding, expect)
    finally:
        os.close(dir_fd)


def _write_in(
    dir_fd: int, name: str, path: Path, data: bytes | Iterable[str], encoding: str, expect: Stamp | None
) -> None:
    try:
        old: os.stat_result | None = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except FileNotFoundError:
        old = None
    except OSError as exc:
        raise OutputError(f"cannot write ({exc.strerror})", str(path)) from None
    if old is not None and stat.S_ISDIR(old.st_mode):
        raise OutputError("is a folder; not written", str(path))
    if old is not None and not (stat.S_ISREG(old.st_mode) or stat.S_ISLNK(old.st_mode)):
        raise OutputError(f"{_kind(old.st_mode)}, not a regular file; not replaced", str(path))
    if old is not None and stat.S_ISLNK(old.st_mode):
        old = None  # the link itself is replaced, never the file it points to
    src_fd = None
    if old is not None:
        with contextlib.suppress(OSError):
            src_fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | O_NOFOLLOW, dir_fd=dir_fd)
    try:
        with interrupts_deferred():
            tmp = temp_name(name)
            try:
                fd = os.open(
                    tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0), 0o600,
                    dir_fd=dir_fd,
                )
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
                    _copy_metadata(src_fd, old, fh.fileno())
                if expect is not None:
                    _still(src_fd or -1, name, dir_fd, expect, path)
                os.replace(tmp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
            except BaseException as exc:
                with contextlib.suppress(OSError):
                    os.unlink(tmp, dir_fd=dir_fd)
                if isinstance(exc, OSError):
                    raise OutputError(f"cannot write ({exc.strerror or exc})", str(path)) from None
                raise
    finally:
        if src_fd is not None:
            os.close(src_fd)


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
        try:
            os.stat(p)
        except (OSError, ValueError) as exc:
            out.errors.append(
                _stat_error(exc, p, InputError) if isinstance(exc, OSError) else InputError("not a valid file name", str(p))
            )
            continue
        if any(p.resolve().is_relative_to(s) for s in skip):
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
                    try:
                        os.stat(f)
                        kind = "broken symbolic link"
                    except OSError as exc:
                        kind = "symbolic link loop" if exc.errno == errno.ELOOP else "broken symbolic link"
                    notes.append(f"{f}: {kind}, skipped")
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
    # No part below ``root`` may be a symbolic link (a link planted there would send
    # the write elsewhere); write_atomic(root=...) checks this again as it opens them.
    if root.is_symlink():
        raise OutputError(f"the output folder {root} is a symbolic link; not followed, not written", str(target))
    here = root
    for part in target.relative_to(root).parts[:-1]:
        here = here / part
        if here.is_symlink():
            raise OutputError(f"the output folder {here} is a symbolic link that leads outside {root}; not followed", str(target))
    return target


def check_output_folder(out: Path, inputs: list[Path]) -> None:
    """``--out`` must be a folder (or not exist yet) that is neither an input nor holds one.

    ``run docs --out docs`` would write report.json, report.html and changes.diff over
    files of those names among the user's own.
    """
    try:
        st = os.stat(out)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise OutputError(f"cannot use as the output folder ({_stat_error(exc, out, OutputError).message})", str(out)) from None
    if st is not None and not stat.S_ISDIR(st.st_mode):
        what = "a file" if stat.S_ISREG(st.st_mode) else _kind(st.st_mode)
        raise OutputError(f"is {what}, not a folder; --out names the folder the outputs go to", str(out))
    real = out.resolve()
    for given in inputs:
        try:
            src = given.resolve()
            is_dir = given.is_dir()
        except (OSError, RuntimeError):
            continue  # an input that cannot be read is reported when it is read
        if src == real or (is_dir and src.is_relative_to(real)):
            raise OutputError(f"is (or holds) the input {given}; choose an output folder of its own", str(out))
        if not is_dir and src.parent == real:
            raise OutputError(f"holds the input {given}; choose an output folder of its own", str(out))


def check_output_file(output: Path, inputs: list[Path], option: str) -> None:
    """A report file option (``--output``, ``learn --out``) must not name an input, a device or a folder."""
    try:
        st = os.stat(output)
    except (FileNotFoundError, NotADirectoryError):
        return
    except OSError as exc:
        raise OutputError(f"{option}: {_stat_error(exc, output, OutputError).message}", str(output)) from None
    if stat.S_ISDIR(st.st_mode):
        raise OutputError(f"{option} names a folder, not a file; not written", str(output))
    if not stat.S_ISREG(st.st_mode):
        raise OutputError(f"{option} names {_kind(st.st_mode)}, not a regular file; not replaced", str(output))
    for given in inputs:
        with contextlib.suppress(OSError):
            if given.is_dir():
                if output.resolve().is_relative_to(given.resolve()) and output.suffix.lower() in TEXT_SUFFIXES:
                    raise OutputError(f"{option} names a file inside the input folder {given}; not written", str(output))
            elif os.path.samefile(given, output):
                raise OutputError(f"{option} names the input {given}; not written", str(output))
