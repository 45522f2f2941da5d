"""A stand-in LanguageTool HTTP server for the tests: /v2/languages and /v2/check in
LanguageTool's JSON format, built from the fixtures in tests/fixtures/languagetool/.

A text that a fixture answers gets that fixture's response; any other text gets
matches made from the fixtures' matches as templates (a rule per template, found
by a regular expression), with offsets counted in UTF-16 units as Java counts them.
It records every request and can misbehave on purpose: sleep, 500, garbage, 413.
"""

from __future__ import annotations

import copy
import json
import re
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from mtclean import languagetool as lt

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "languagetool"

# rule id -> (pattern, replacement from the match) for texts no fixture answers
TRIGGERS = {
    "EN_A_VS_AN": (re.compile(r"\b[aA](?= [aeiouAEIOU]\w)"), lambda m: "an" if m.group() == "a" else "An"),
    "ENGLISH_WORD_REPEAT_RULE": (re.compile(r"\b(\w+) \1\b", re.IGNORECASE), lambda m: m.group(1)),
}


def load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def u16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class FakeLanguageTool:
    """Start with ``with FakeLanguageTool() as lt: ... lt.url``."""

    def __init__(self, *, behaviour: str = "ok", sleep: float = 0.0, max_text_length: int | None = None) -> None:
        self.behaviour = behaviour  # ok | sleep | 500 | garbage | nomatches | badmatch | sleep-languages
        self.sleep = sleep
        self.max_text_length = max_text_length
        self.requests: list[dict[str, Any]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.lock = threading.Lock()
        self.canned = {}
        self.templates = {}
        for path in sorted(FIXTURES.glob("check_*.json")):
            fixture = json.loads(path.read_text(encoding="utf-8"))
            self.canned[fixture["request"]["text"]] = fixture["response"]
            for m in fixture["response"]["matches"]:
                self.templates.setdefault(m["rule"]["id"], m)
        self.empty = load("check_clean.json")["response"]
        self.errors: list[BaseException] = []
        self.server = _QuietServer(("127.0.0.1", 0), self._handler())
        self.server.errors = self.errors
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> FakeLanguageTool:
        self.thread.start()
        return self

    def __exit__(self, kind: object, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        if kind is None and self.errors:  # a fault of this stand-in, not of a client that left
            raise AssertionError(f"the fake LanguageTool failed while serving: {self.errors!r}")

    def checks(self) -> list[dict[str, Any]]:
        return [r for r in self.requests if r["path"].endswith("/check")]

    # ------------------------------------------------------------ answers
    def answer_check(self, text: str, language: str) -> dict[str, Any]:
        if text in self.canned:
            return copy.deepcopy(self.canned[text])
        response = copy.deepcopy(self.empty)
        matches = []
        for rule_id, (pattern, replacement) in TRIGGERS.items():
            template = self.templates[rule_id]
            for m in pattern.finditer(text):
                match = copy.deepcopy(template)
                start, end = u16(text[: m.start()]), u16(text[: m.end()])
                cstart = max(0, m.start() - 20)
                context = text[cstart : m.end() + 20]
                match.update(
                    offset=start,
                    length=end - start,
                    replacements=[{"value": replacement(m)}],
                    context={"text": context, "offset": u16(text[cstart : m.start()]), "length": end - start},
                    sentence=text.strip(),
                )
                matches.append(match)
        matches.sort(key=lambda x: x["offset"])
        response["matches"] = matches
        response["language"]["code"] = language
        response["sentenceRanges"] = [[0, u16(text)]]
        return response

    def _handler(self):  # type: ignore[no-untyped-def]
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # quiet
                pass

            def _send(self, status: int, body: str, kind: str = "application/json") -> None:
                data = body.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _serve(self, params: dict[str, str]) -> None:
                path = urllib.parse.urlparse(self.path).path
                with fake.lock:
                    fake.requests.append({"path": path, **params})
                if path == "/v2/languages":
                    if fake.behaviour == "sleep-languages":
                        time.sleep(fake.sleep)
                    self._send(200, json.dumps(load("languages.json")))
                    return
                if path != "/v2/check":
                    self._send(404, "Error: unknown path", "text/plain")
                    return
                with fake.lock:
                    fake.in_flight += 1
                    fake.max_in_flight = max(fake.max_in_flight, fake.in_flight)
                try:
                    if fake.sleep and fake.behaviour in ("sleep", "ok"):
                        time.sleep(fake.sleep)
                    text = params.get("text", "")
                    if fake.behaviour == "500":
                        self._send(500, "Error: Internal Error: java.lang.RuntimeException", "text/plain")
                    elif fake.behaviour == "garbage":
                        self._send(200, "<html><body>upstream proxy says hello</body></html>", "text/html")
                    elif fake.behaviour == "badmatch":
                        self._send(200, json.dumps({"matches": [{"offset": 1, "length": 99, "rule": {"id": "X"}}]}))
                    elif fake.behaviour == "nomatches":
                        self._send(200, json.dumps({"software": {"name": "LanguageTool"}}))
                    elif fake.max_text_length is not None and u16(text) > fake.max_text_length:
                        self._send(
                            413,
                            f"Error: Your text exceeds the limit of {fake.max_text_length} characters "
                            f"(it's {u16(text)} characters). Please submit a shorter text.",
                            "text/plain",
                        )
                    else:
                        self._send(200, json.dumps(fake.answer_check(text, params.get("language", ""))))
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (its time-out): fine
                finally:
                    with fake.lock:
                        fake.in_flight -= 1

            def do_GET(self) -> None:
                query = urllib.parse.urlparse(self.path).query
                self._serve(dict(urllib.parse.parse_qsl(query)))

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("utf-8")
                self._serve(dict(urllib.parse.parse_qsl(body, keep_blank_values=True)))

        return Handler


class _QuietServer(ThreadingHTTPServer):
    """Keeps a handler's error instead of printing it: its threads outlive the request, and a
    client that gave up (a time-out, a dropped connection) can break a write after the test
    that made it has ended, when the printed traceback would land in the next test's
    captured stderr."""

    errors: list[BaseException]

    def handle_error(self, request: object, client_address: object) -> None:
        import sys

        error = sys.exc_info()[1]
        if error is not None and not isinstance(error, (BrokenPipeError, ConnectionResetError)):
            self.errors.append(error)


def closed_port_url() -> str:
    """A URL where nothing listens (a server that is down)."""
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return f"http://127.0.0.1:{port}"


@pytest.fixture(autouse=True)
def fresh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No connection survives a test, and no LanguageTool installed on this machine leaks in."""
    lt.forget_connections()
    empty = tmp_path / "lt-home"
    empty.mkdir()
    monkeypatch.setenv("MTCLEAN_LANGUAGETOOL_HOME", str(empty))
    yield
    lt.forget_connections()
