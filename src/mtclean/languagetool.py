"""Talking to LanguageTool through language-tool-python, with every wait bounded.

language-tool-python does the real work (request parameters, starting a local
server from ``LTP_PATH`` or its download). This module only adds what a batch
tool needs on top: a time-out on every request instead of the library's 300 s,
a bounded local start-up (the library would otherwise try ~900 ports), one
shared connection per setting, chunks that fit the server's size limit, the
public API's rate limits, and offsets in code points (LanguageTool counts
UTF-16 units).
"""

from __future__ import annotations

import bisect
import os
import re
import shutil
import threading
import time
import urllib.parse
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import language_tool_python
from language_tool_python.download_lt import LTP_DOWNLOAD_VERSION, LocalLanguageTool
from language_tool_python.exceptions import LanguageToolError, RateLimitError, ServerError

from .config import GrammarConfig

PUBLIC_URL = "https://api.languagetool.org/"
# The free public API's documented limits (languagetool.org/http-api, "Limits").
PUBLIC_MAX_CHARS = 20_000
PUBLIC_REQUESTS_PER_MINUTE = 20
PUBLIC_CHARS_PER_MINUTE = 75_000
LOCAL_PORT_TRIES = 3

ENABLE_HINT = (
    "enable it with --languagetool-url URL (a LanguageTool server, e.g. Docker erikvl87/languagetool), "
    "LTP_PATH=<folder with an unpacked LanguageTool> and Java, --grammar local (downloads LanguageTool) "
    "or --grammar public (sends the text to languagetool.org)"
)


class Unavailable(Exception):
    """LanguageTool could not be reached or started; the message says why."""


class RequestFailed(Exception):
    """One request failed. ``fatal`` failures (time-out, refused, rate limit) mean: stop asking."""

    def __init__(self, message: str, fatal: bool) -> None:
        super().__init__(message)
        self.fatal = fatal


@dataclass
class Match:
    """One LanguageTool match, its span in code points of the text that was sent."""

    start: int
    end: int
    rule_id: str
    message: str
    category: str
    issue_type: str
    replacements: list[str]


class _Client(language_tool_python.LanguageTool):
    """language-tool-python's client with the waits a batch run can afford."""

    def __init__(self, *, timeout: float, startup_timeout: float, **kw: Any) -> None:
        self._TIMEOUT = timeout  # type: ignore[misc]  # the library's per-request time-out (class default 300 s)
        self._startup_timeout = startup_timeout
        self._languages: set[str] | None = None
        super().__init__(**kw)

    def _get_languages(self) -> set[str]:
        # The library asks /v2/languages again for every request with a mother tongue; once is enough.
        if self._languages is None:
            self._languages = super()._get_languages()
        return self._languages

    def _start_server_on_free_port(self) -> None:
        for attempt in range(LOCAL_PORT_TRIES):
            try:
                self._start_local_server()
                return
            except ServerError:
                if attempt + 1 == LOCAL_PORT_TRIES:
                    raise
                self._port = self._available_ports.pop()
                self._url = f"http://{self._host}:{self._port}/v2/"

    def _wait_for_server_ready(self, timeout: int = 15) -> None:
        super()._wait_for_server_ready(timeout=max(timeout, int(self._startup_timeout)))

    def check_json(self, text: str, source: str | None = None) -> dict[str, Any]:
        """POST /v2/check with the library's parameters; the answer as LanguageTool sent it.

        With ``source`` (the segment's German source) LanguageTool runs its bitext rules too:
        its server takes the source as ``srctext`` and the source language as ``motherTongue``.
        """
        url = urllib.parse.urljoin(self._url, "check")
        params = self._create_params(text)
        if source:
            params["srctext"] = source
            params.setdefault("motherTongue", "de")
        answer = self._query_server(url, params, method="post")
        if not isinstance(answer, dict) or not isinstance(answer.get("matches"), list):
            raise LanguageToolError(f"{self._url}: not a LanguageTool check answer")
        return answer


class _RateLimit:
    """A sliding one-minute window over requests and characters (the public API's limits)."""

    def __init__(self, requests: int, chars: int) -> None:
        self.requests, self.chars = requests, chars
        self.sent: deque[tuple[float, int]] = deque()
        self.lock = threading.Lock()

    def wait(self, n: int) -> None:
        with self.lock:
            while True:
                now = time.monotonic()
                while self.sent and now - self.sent[0][0] >= 60:
                    self.sent.popleft()
                used = sum(c for _, c in self.sent)
                if not self.sent or (len(self.sent) < self.requests and used + n <= self.chars):
                    self.sent.append((now, n))
                    return
                time.sleep(max(0.05, 60 - (now - self.sent[0][0])))


@dataclass
class Connection:
    """One LanguageTool, shared by every file of a run (and every run of the process)."""

    client: _Client
    where: str
    max_chars: int
    concurrency: int
    limit: _RateLimit | None = None
    slots: threading.Semaphore = field(init=False)

    def __post_init__(self) -> None:
        self.slots = threading.Semaphore(max(1, self.concurrency))

    def check(self, text: str, source: str | None = None) -> list[Match]:
        """Matches in one chunk (at most ``max_chars``), checked against ``source`` if given; raises RequestFailed."""
        if self.limit is not None:
            self.limit.wait(len(text))
        with self.slots:
            try:
                answer = self.client.check_json(text, source) if source else self.client.check_json(text)
                return parse_matches(answer, text)
            except RateLimitError as exc:
                raise RequestFailed(f"{self.where}: rate limit: {exc}", fatal=True) from exc
            except LanguageToolError as exc:
                raise RequestFailed(_one_line(str(exc)), fatal=_is_fatal(exc)) from exc
            except (ValueError, KeyError, TypeError) as exc:
                raise RequestFailed(f"{self.where}: unusable answer: {exc}", fatal=False) from exc
            except Exception as exc:  # noqa: BLE001  (a network boundary: reported in the status, exit 2)
                raise RequestFailed(f"{self.where}: {type(exc).__name__}: {_one_line(str(exc))}", fatal=False) from exc


def _is_fatal(exc: BaseException) -> bool:
    """Time-outs and refused connections will repeat for every request: stop asking."""
    import requests

    cause = exc.__cause__
    return isinstance(cause, (requests.Timeout, requests.ConnectionError))


def _one_line(message: str, limit: int = 200) -> str:
    message = " ".join(message.split())
    return message if len(message) <= limit else message[: limit - 1] + "…"


def parse_matches(answer: dict[str, Any], text: str) -> list[Match]:
    """LanguageTool's ``matches`` as code-point spans of ``text``; malformed entries raise ValueError."""
    to_cp = _utf16_to_codepoints(text)
    out: list[Match] = []
    for m in answer["matches"]:
        try:
            off, length = int(m["offset"]), int(m["length"])
            rule = m["rule"]
            start, end = to_cp(off), to_cp(off + length)
            out.append(
                Match(
                    start=start,
                    end=end,
                    rule_id=str(rule["id"]),
                    message=str(m.get("message") or rule.get("description") or ""),
                    category=str((rule.get("category") or {}).get("id", "")),
                    issue_type=str(rule.get("issueType", "")),
                    replacements=[str(r["value"]) for r in m.get("replacements") or [] if "value" in r],
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"malformed match {str(m)[:80]}: {exc!r}") from exc
        if not 0 <= start <= end <= len(text):
            raise ValueError(f"match outside the text sent: offset {off}, length {length}")
    return out


def _utf16_to_codepoints(text: str):  # type: ignore[no-untyped-def]
    """LanguageTool (Java) counts UTF-16 units: a character outside the BMP counts twice."""
    astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
    if not astral:
        return lambda pos: pos
    # UTF-16 position of each astral character's second unit.
    seconds = [i + k + 1 for k, i in enumerate(astral)]

    def convert(pos: int) -> int:
        return pos - bisect.bisect_right(seconds, pos - 1) if pos > 0 else pos

    return convert


def utf16_len(text: str) -> int:
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


_PARAGRAPH_END = re.compile(r"\n[ \t]*(?:\r?\n[ \t]*)+")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")


def chunks(text: str, max_chars: int) -> list[tuple[int, str]]:
    """(offset, piece) pairs covering ``text``: whole paragraphs packed up to ``max_chars``
    (UTF-16 units, as the server counts); a longer paragraph is cut at sentence ends,
    else at white space, else anywhere."""
    pieces: list[tuple[int, str]] = []
    pos = 0
    for m in _PARAGRAPH_END.finditer(text):
        pieces.append((pos, text[pos : m.end()]))
        pos = m.end()
    if pos < len(text):
        pieces.append((pos, text[pos:]))
    out: list[tuple[int, str]] = []
    cur_start, cur_end, cur_units = 0, 0, 0
    for start, para in pieces:
        units = utf16_len(para)
        if cur_units and (units > max_chars or cur_units + units > max_chars):
            out.append((cur_start, text[cur_start:cur_end]))
            cur_units = 0
        if units > max_chars:
            out.extend(_split_long(start, para, max_chars))
            continue
        if not cur_units:
            cur_start = start
        cur_end = start + len(para)
        cur_units += units
    if cur_units:
        out.append((cur_start, text[cur_start:cur_end]))
    return out


def _split_long(offset: int, para: str, max_chars: int) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    pos = 0
    while pos < len(para):
        window_end = pos
        units = 0
        while window_end < len(para) and units + (2 if ord(para[window_end]) > 0xFFFF else 1) <= max_chars:
            units += 2 if ord(para[window_end]) > 0xFFFF else 1
            window_end += 1
        if window_end >= len(para):
            cut = len(para)
        else:
            window = para[pos:window_end]
            ends = [m.end() for m in _SENTENCE_END.finditer(window)]
            spaces = [i + 1 for i, ch in enumerate(window) if ch.isspace()]
            cut = pos + (ends[-1] if ends else spaces[-1] if spaces else len(window))
        out.append((offset + pos, para[pos:cut]))
        pos = cut
    return out


# ---------------------------------------------------------------- connecting

_CONNECTIONS: dict[tuple[Any, ...], Connection | Unavailable] = {}
_CONNECT_LOCK = threading.Lock()


def connect(settings: GrammarConfig, mother_tongue: str | None) -> Connection:
    """The LanguageTool these settings name, started or reached once per process; raises Unavailable."""
    key = (
        settings.mode,
        settings.url,
        settings.language,
        mother_tongue,
        settings.picky,
        tuple(settings.disabled_rules),
        tuple(settings.disabled_categories),
        settings.timeout,
        settings.startup_timeout,
        settings.max_chars,
        settings.concurrency,
    )
    with _CONNECT_LOCK:
        known = _CONNECTIONS.get(key)
        if known is None:
            try:
                known = _connect(settings, mother_tongue)
            except Unavailable as exc:
                known = exc
            _CONNECTIONS[key] = known
    if isinstance(known, Unavailable):
        raise known
    return known


def _connect(settings: GrammarConfig, mother_tongue: str | None) -> Connection:
    mode = settings.mode
    if mode == "server":
        if not settings.url:
            raise Unavailable("grammar mode 'server' needs a URL (--languagetool-url URL)")
        return _remote(settings, mother_tongue, settings.url)
    if mode == "public":
        return _remote(settings, mother_tongue, PUBLIC_URL, public=True)
    if mode == "local":
        return _local(settings, mother_tongue, allow_download=True)
    if mode == "auto":
        reasons = []
        if settings.url:
            try:
                return _remote(settings, mother_tongue, settings.url)
            except Unavailable as exc:
                reasons.append(str(exc))
        else:
            reasons.append("no LanguageTool server URL configured")
        try:
            return _local(settings, mother_tongue, allow_download=False)
        except Unavailable as exc:
            reasons.append(str(exc))
        raise Unavailable("; ".join(reasons))
    raise Unavailable(f"unknown grammar mode {mode!r}")


def _configure(client: _Client, settings: GrammarConfig, mother_tongue: str | None) -> None:
    client.mother_tongue = mother_tongue or None
    client.picky = settings.picky
    client.disabled_rules = set(settings.disabled_rules)
    client.disabled_categories = set(settings.disabled_categories)
    if mother_tongue:
        try:
            client.mother_tongue  # noqa: B018  (validates the tag against the server's languages)
        except ValueError:
            client.mother_tongue = None


def server_base(url: str) -> str:
    """The URL the client appends ``v2/`` to: a path prefix kept (``…/lt`` → ``…/lt/``), a ``/v2`` dropped."""
    url = url.strip()
    if "://" not in url:
        url = "http://" + url
    url = re.sub(r"/v2/?$", "", url.rstrip("/"))
    return url + "/"


def _remote(settings: GrammarConfig, mother_tongue: str | None, url: str, public: bool = False) -> Connection:
    if urllib.parse.urlsplit(server_base(url)).scheme not in ("http", "https"):
        raise Unavailable(f"{url} is not an http(s) URL of a LanguageTool server")
    try:
        client = _Client(
            language=settings.language,
            remote_server=server_base(url),
            timeout=settings.timeout,
            startup_timeout=settings.startup_timeout,
        )
        _configure(client, settings, mother_tongue)
    except LanguageToolError as exc:
        raise Unavailable(f"LanguageTool server at {url} did not answer ({_one_line(str(exc), 160)})") from exc
    except (ValueError, TypeError, AttributeError, KeyError) as exc:
        raise Unavailable(f"{url} did not answer like a LanguageTool server ({_one_line(str(exc), 160)})") from exc
    except Exception as exc:  # noqa: BLE001  (a network boundary: the stage reports it and the run goes on)
        raise Unavailable(f"LanguageTool server at {url}: {type(exc).__name__}: {_one_line(str(exc), 160)}") from exc
    if public:
        return Connection(
            client,
            "the public LanguageTool API",
            min(settings.max_chars, PUBLIC_MAX_CHARS),
            1,
            _RateLimit(PUBLIC_REQUESTS_PER_MINUTE, PUBLIC_CHARS_PER_MINUTE),
        )
    return Connection(client, f"LanguageTool at {url}", settings.max_chars, settings.concurrency)


def download_dir() -> Path:
    """Where language-tool-python keeps (or downloads) LanguageTool: ``LTP_PATH``."""
    return Path(os.environ.get("LTP_PATH") or Path.home() / ".cache" / "language_tool_python")


def installed_version() -> str | None:
    """The newest LanguageTool unpacked in ``LTP_PATH`` (read without creating the folder)."""
    folder = download_dir()
    found = []
    if folder.is_dir():
        for path in folder.glob("LanguageTool-*"):
            if path.is_dir():
                try:
                    found.append(LocalLanguageTool.from_path(path))
                except ValueError:
                    continue
    return max(found).version_name if found else None


def _local(settings: GrammarConfig, mother_tongue: str | None, allow_download: bool) -> Connection:
    if not shutil.which("java"):
        raise Unavailable("Java is not installed (a local LanguageTool needs it)")
    version = installed_version()
    if version is None and not allow_download:
        raise Unavailable(f"no LanguageTool unpacked in {download_dir()} (LTP_PATH)")
    box: dict[str, Any] = {}

    def start() -> None:
        try:
            box["client"] = _Client(
                language=settings.language,
                language_tool_download_version=version or LTP_DOWNLOAD_VERSION,
                timeout=settings.timeout,
                startup_timeout=settings.startup_timeout,
            )
            _configure(box["client"], settings, mother_tongue)
        except BaseException as exc:  # noqa: BLE001  (the library raises SystemExit, OSError, requests errors...)
            box["error"] = exc

    # A daemon thread, so a start-up that overruns its time is abandoned, never waited for;
    # language-tool-python kills any server it started when the process exits.
    worker = threading.Thread(target=start, name="languagetool-start", daemon=True)
    worker.start()
    worker.join(settings.startup_timeout)
    what = f"LanguageTool {version}" if version else f"LanguageTool {LTP_DOWNLOAD_VERSION} (download)"
    if worker.is_alive():
        raise Unavailable(f"{what} did not start within {settings.startup_timeout:g} s")
    if "error" in box:
        exc = box["error"]
        raise Unavailable(f"{what} could not start: {type(exc).__name__}: {_one_line(str(exc), 160)}")
    client = box["client"]
    return Connection(client, f"local {what}", settings.max_chars, settings.concurrency)


def forget_connections() -> None:
    """Forget every connection and every failure to connect (a server may have come up since)."""
    with _CONNECT_LOCK:
        _CONNECTIONS.clear()
