"""The command line run inside the test process, for the tests of what a command does.

Starting ``python -m mtclean`` costs an interpreter, the imports and the rule engine's
compiled patterns every time (about two seconds of CPU each); several hundred such runs
were most of the suite's time. These tests are about a command's output files, its
messages and its exit status, not about the process boundary, so they call the same
entry point a console script calls (``mtclean.entry.main``) with ``sys.argv``, the three
standard streams and the working folder set as a child process would have them, and get
back the same ``CompletedProcess`` a ``subprocess.run(..., capture_output=True,
text=True)`` gives: the exit status a SystemExit carries, stdout and stderr decoded with
universal newlines, and an escaping exception printed as Python prints it (so a test's
"no traceback" assertion still sees one).

What needs a real process stays on one: the hostile tests (tests/hostile/_util.run_cli),
signals and interrupts, pre-commit, the LanguageTool life cycle, and every test that
starts ``subprocess`` itself. ``MTCLEAN_TESTS_SUBPROCESS=1`` runs these helpers' tests
through real processes as well (to check that both ways agree).
"""

from __future__ import annotations

import gc
import io
import os
import signal
import subprocess
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

SUBPROCESS = os.environ.get("MTCLEAN_TESTS_SUBPROCESS", "") not in ("", "0")
_SIGNALS = [getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)]


def _text(data: bytes) -> str:
    """As ``subprocess.run(text=True)`` reads a pipe: the locale's UTF-8, universal newlines."""
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def _status(exc: SystemExit, stderr: io.TextIOBase) -> int:
    """What the interpreter makes of a SystemExit on its way out."""
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=stderr)
    return 1


def run(args: Sequence[str], cwd: Path, input: str | None = None) -> subprocess.CompletedProcess[str]:
    """``mtclean *args`` in ``cwd``, as ``subprocess.run([python, -m, mtclean, *args], ...)``."""
    argv = ["mtclean", *args]
    if SUBPROCESS:
        env = dict(os.environ)  # a relative PYTHONPATH (``src``) must hold in any cwd
        env["PYTHONPATH"] = os.pathsep.join(str(Path(p).resolve()) for p in env.get("PYTHONPATH", "").split(os.pathsep) if p)
        return subprocess.run(
            [sys.executable, "-m", "mtclean", *args], cwd=cwd, capture_output=True, text=True, input=input, env=env
        )
    from mtclean import entry, languagetool

    languagetool.forget_connections()  # a process starts with none

    out, err = io.BytesIO(), io.BytesIO()
    # A pipe's streams: UTF-8, "\n" written as is, not a terminal (no colour, no progress bar).
    stdout = io.TextIOWrapper(out, encoding="utf-8", newline="\n", write_through=True)
    stderr = io.TextIOWrapper(err, encoding="utf-8", newline="\n", write_through=True)
    stdin = io.TextIOWrapper(io.BytesIO((input or "").encode("utf-8")), encoding="utf-8")
    saved_streams = (sys.stdin, sys.stdout, sys.stderr)
    saved_argv, saved_cwd = sys.argv, os.getcwd()
    saved_signals = {s: signal.getsignal(s) for s in _SIGNALS}
    # A child writing to a pipe has no terminal size: click and rich fall back to 80 columns.
    saved_env = {k: os.environ.get(k) for k in ("COLUMNS", "LINES")}
    status = 0
    try:
        os.environ.setdefault("COLUMNS", "80")
        os.environ.setdefault("LINES", "24")
        sys.argv = argv
        sys.stdin, sys.stdout, sys.stderr = stdin, stdout, stderr
        os.chdir(cwd)
        try:
            entry.main()
        except SystemExit as exc:
            status = _status(exc, stderr)
        except BaseException:  # what the interpreter prints for an exception nothing caught
            traceback.print_exc(file=stderr)
            status = 1
        stdout.flush()
        stderr.flush()
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        sys.argv = saved_argv
        os.chdir(saved_cwd)
        for signum, handler in saved_signals.items():
            signal.signal(signum, handler)
        for key, value in saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        languagetool.forget_connections()  # as the process's end would: no connection outlives the run
        # A process would end here: the collector is handed back as a library process has it
        # (a run that stopped before its first pipeline leaves it paused, see startup.py;
        # the program's heap stays frozen to its end).
        from mtclean import startup

        startup.over()
        gc.unfreeze()
    return subprocess.CompletedProcess(argv, status, _text(out.getvalue()), _text(err.getvalue()))
