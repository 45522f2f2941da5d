"""A LanguageTool HTTP server of mtclean's own, on loopback, that never outlives the run.

The server is a child ``java`` process started from the jars ``mtclean languagetool
install`` put in the cache, on a free port of 127.0.0.1 (LanguageTool's server
accepts only local connections unless told ``--public``). Three things make sure it
is never left behind: ``stop()`` at the end of a run, an ``atexit`` hook (normal
exit, errors, Ctrl-C), and on Linux the kernel's parent-death signal, which ends
it even when Python itself is killed. The child is started from a thread that
lives as long as the server, because the parent-death signal follows the thread
that started the child, not the process.
"""

from __future__ import annotations

import atexit
import ctypes
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import deque

from .lt_install import SERVER_CLASS, Installed

HEAP = os.environ.get("MTCLEAN_LANGUAGETOOL_HEAP", "1g")  # -Xmx: English with the n-gram-less rules fits well
_RUNNING: set[LocalServer] = set()
_RUNNING_LOCK = threading.Lock()


class StartError(Exception):
    """The server did not come up; the message is one line saying why."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _die_with_parent() -> None:  # pragma: no cover  (runs in the child between fork and exec)
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


class LocalServer:
    """One running ``HTTPServer``; ``url`` is its base (``http://127.0.0.1:PORT/``)."""

    def __init__(self, install: Installed, java: str, startup_timeout: float, heap: str = HEAP) -> None:
        self.install = install
        self.java = java
        self.heap = heap
        self.startup_timeout = startup_timeout
        self.port = 0
        self.proc: subprocess.Popen[bytes] | None = None
        self.output: deque[str] = deque(maxlen=40)  # the server's last lines, for a failure message
        self._started = threading.Event()
        self._stop = threading.Event()
        self._error: BaseException | None = None
        self._keeper: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def command(self) -> list[str]:
        return [
            self.java,
            f"-Xmx{self.heap}",
            "-Djava.awt.headless=true",
            "-cp",
            self.install.classpath,
            SERVER_CLASS,
            "--port",
            str(self.port),
        ]

    # ------------------------------------------------------------ life cycle
    def start(self) -> LocalServer:
        """Start and wait until ``/v2/languages`` answers; raises StartError (nothing left running)."""
        self.port = free_port()
        self._keeper = threading.Thread(target=self._keep, name="languagetool-server", daemon=True)
        self._keeper.start()
        self._started.wait(30)
        if self._error is not None or self.proc is None:
            raise StartError(f"could not run {self.java}: {self._error}")
        with _RUNNING_LOCK:
            _RUNNING.add(self)
        deadline = time.monotonic() + self.startup_timeout
        while True:
            if self.proc.poll() is not None:
                self.stop()
                raise StartError(f"the server exited with status {self.proc.returncode}: {self._last_words()}")
            if self._answers():
                return self
            if time.monotonic() > deadline:
                self.stop()
                raise StartError(f"the server did not answer within {self.startup_timeout:g} s")
            time.sleep(0.25)

    def _keep(self) -> None:
        """Start the child and stay alive as long as it runs (see the module's docstring)."""
        try:
            self.proc = subprocess.Popen(
                self.command(),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
                # Its own process group: a Ctrl-C reaches mtclean, which then stops it in order.
                start_new_session=True,
            )
        except OSError as exc:
            self._error = exc
            self._started.set()
            return
        self._started.set()
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:  # drains the pipe so the server never blocks on a full one
            self.output.append(raw.decode("utf-8", "replace").rstrip())
        self.proc.wait()

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(self.url + "v2/languages", timeout=2) as answer:
                return bool(answer.status == 200)
        except (urllib.error.URLError, OSError, ValueError):
            return False

    def _last_words(self) -> str:
        lines = [ln for ln in self.output if ln.strip()]
        for ln in reversed(lines):
            if "Exception" in ln or "Error" in ln:
                return ln.strip()[:200]
        return lines[-1].strip()[:200] if lines else "no output"

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self, grace: float = 5.0) -> None:
        """Terminate (then kill) the server and wait for it; safe to call twice."""
        proc = self.proc
        if proc is not None and proc.poll() is None:
            try:
                proc.terminate()
                proc.wait(grace)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(grace)
            except ProcessLookupError:
                pass
        with _RUNNING_LOCK:
            _RUNNING.discard(self)


def stop_all() -> None:
    """Stop every server this process started (the atexit hook; also called at a run's end)."""
    with _RUNNING_LOCK:
        servers = list(_RUNNING)
    for server in servers:
        server.stop()


def running_pids() -> list[int]:
    with _RUNNING_LOCK:
        return [s.proc.pid for s in _RUNNING if s.proc is not None and s.proc.poll() is None]


atexit.register(stop_all)
