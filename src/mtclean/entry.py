"""The ``mtclean`` program's first lines: signals and output set up before anything heavy loads.

Importing the commands takes a moment (typer, the rule engine); a Ctrl-C in that
moment must end the program as cleanly as one later on, so the handlers are in
place before the import. Ctrl-C, SIGTERM and SIGHUP all unwind the program through
Python (``finally`` blocks run, held-back atomic writes finish and temporary files
are removed, see io.interrupts_deferred), say so in one line and exit with 128 +
the signal number. They raise :class:`Stopped`, a SystemExit, which the command-line
library passes through (it turns a KeyboardInterrupt into a silent exit). Output
the terminal's encoding cannot hold (a non-ASCII file name under
``PYTHONIOENCODING=ascii``, a file name that is not UTF-8) is escaped, not fatal.
"""

from __future__ import annotations

import atexit
import codecs
import signal
import sys
from typing import Any, NoReturn

MESSAGES = {"SIGINT": "interrupted", "SIGTERM": "terminated", "SIGHUP": "terminated (hang-up)"}


class Stopped(SystemExit):
    """A signal that ends the program: unwinds like Ctrl-C, exits with 128 + its number."""

    def __init__(self, signum: int) -> None:
        super().__init__(128 + signum)
        self.signum = signum


def _stop(signum: int, frame: Any) -> NoReturn:
    raise Stopped(signum)


_stop.mtclean_exit = True  # type: ignore[attr-defined]  # io.interrupts_deferred holds it back too


def _escape(exc: UnicodeError) -> tuple[str | bytes, int]:
    """A file name's undecodable bytes go out as they were; other characters as \\u escapes."""
    if isinstance(exc, UnicodeEncodeError):
        bad = exc.object[exc.start : exc.end]
        if all("\udc80" <= ch <= "\udcff" for ch in bad):
            return bytes(ord(ch) - 0xDC00 for ch in bad), exc.end
    return codecs.backslashreplace_errors(exc)


def _say_stopped(signum: int) -> NoReturn:
    name = signal.Signals(signum).name
    try:
        sys.stderr.write(f"mtclean: {MESSAGES.get(name, name)}\n")
        sys.stderr.flush()
    finally:
        raise SystemExit(128 + signum)


def _ignore_late_signals() -> None:
    for name in MESSAGES:
        signum = getattr(signal, name, None)
        if signum is not None and signal.getsignal(signum) is _stop:
            signal.signal(signum, signal.SIG_IGN)


def main() -> None:
    codecs.register_error("mtclean-escape", _escape)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="mtclean-escape")
            except (ValueError, OSError):
                pass
    for name in MESSAGES:
        signum = getattr(signal, name, None)
        if signum is None:
            continue
        current = signal.getsignal(signum)
        # Only the defaults are replaced: a signal the caller ignores (nohup) stays ignored.
        if current is signal.default_int_handler or current is signal.SIG_DFL:
            signal.signal(signum, _stop)
    # Registered first, so it runs last: once the caches are written the program is done,
    # and a Ctrl-C in the last moments of the interpreter's exit (when Python puts the
    # default handlers back) would otherwise end it "killed by SIGINT" after it succeeded.
    atexit.register(_ignore_late_signals)
    try:
        from . import recache, startup

        startup.pause()  # until the first pipeline is built (startup.py)

        recache.install()  # before the imports below, which compile patterns too
        from .cli import main as cli_main

        cli_main()
    except Stopped as exc:
        _say_stopped(exc.signum)
    except KeyboardInterrupt:
        _say_stopped(signal.SIGINT)
