"""The ``mtclean`` program's first lines: signals and output set up before anything heavy loads.

Importing the commands takes a moment (typer, the rule engine); a Ctrl-C in that
moment must end the program as quietly as one later on, so the handlers are in
place before the import. SIGTERM and SIGHUP end it the way Ctrl-C does: through
Python, so held-back atomic writes finish and temporary files are removed
(io.interrupts_deferred). Output that the terminal's encoding cannot hold (a
non-ASCII file name under ``PYTHONIOENCODING=ascii``, a file name that is not
UTF-8) is escaped rather than failing.
"""

from __future__ import annotations

import codecs
import signal
import sys
from typing import Any, NoReturn


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP: unwinds like Ctrl-C, exits with 128 + the signal number."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _terminate(signum: int, frame: Any) -> NoReturn:
    raise Terminated(signum)


_terminate.mtclean_exit = True  # type: ignore[attr-defined]  # io.interrupts_deferred holds it back too


def _escape(exc: UnicodeError) -> tuple[str | bytes, int]:
    """A file name's undecodable bytes go out as they were; other characters as \\u escapes."""
    if isinstance(exc, UnicodeEncodeError):
        bad = exc.object[exc.start : exc.end]
        if all("\udc80" <= ch <= "\udcff" for ch in bad):
            return bytes(ord(ch) - 0xDC00 for ch in bad), exc.end
    return codecs.backslashreplace_errors(exc)


def _quiet_exit(signum: int) -> NoReturn:
    try:
        sys.stderr.write("mtclean: interrupted\n" if signum == signal.SIGINT else "mtclean: terminated\n")
        sys.stderr.flush()
    finally:
        raise SystemExit(128 + signum)


def main() -> None:
    codecs.register_error("mtclean-escape", _escape)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="mtclean-escape")
            except (ValueError, OSError):
                pass
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name) and signal.getsignal(getattr(signal, name)) is signal.SIG_DFL:
            signal.signal(getattr(signal, name), _terminate)
    try:
        from .cli import main as cli_main

        cli_main()
    except Terminated as exc:
        _quiet_exit(exc.signum)
    except KeyboardInterrupt:
        _quiet_exit(signal.SIGINT)
