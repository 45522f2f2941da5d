"""Talking to LanguageTool through language-tool-python, with every wait bounded.

language-tool-python does the protocol (request parameters, answers); a local
server is our own (lt_server.py, from the jars ``mtclean languagetool install``
fetched), because the library's start-up looks for a zip it downloads from
languagetool.org, not Maven's jars. This module adds what a batch tool needs: a
time-out on every request instead of the library's 300 s, one shared connection
per setting (and one server per run), chunks that fit the server's size limit, the
public API's rate limits, and offsets in code points (LanguageTool counts
UTF-16 units).
"""

from __future__ import annotations

import bisect
import re
import threading
import time
import urllib.parse
from collections import deque
from dataclasses import dataclass, field
from typing import Any

import language_tool_python
from language_tool_python.exceptions import LanguageToolError, RateLimitError

from . import lt_install, lt_server
from .config import GrammarConfig

PUBLIC_URL = "https://api.languagetool.org/"
# The free public API's documented limits (languagetool.org/http-api, "Limits").
PUBLIC_MAX_CHARS = 20_000
PUBLIC_REQUESTS_PER_MINUTE = 20
PUBLIC_CHARS_PER_MINUTE = 75_000

ENABLE_HINT = GrammarConfig.ENABLE_HINT


class Unavailable(Exception):
    """LanguageTool could not be reached or started; the message says why."""


class Broken(Unavailable):
    """A LanguageTool that is set up here does not work: a failure even where ``auto`` would skip."""


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

    def __init__(self, *, timeout: float, **kw: Any) -> None:
        self._TIMEOUT = timeout  # type: ignore[misc]  # the library's per-request time-out (class default 300 s)
        self._languages: set[str] | None = None
        super().__init__(**kw)

    def _get_languages(self) -> set[str]:
        # The library asks /v2/languages again for every request with a mother tongue; once is enough.
        if self._languages is None:
            self._languages = super()._get_languages()
        return self._languages

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
    server: lt_server.LocalServer | None = None  # the process this connection started, if any
    slots: threading.Semaphore = field(init=False)

    def __post_init__(self) -> None:
        self.slots = threading.Semaphore(max(1, self.concurrency))

    def close(self) -> None:
        """Stop the local server this connection started (a remote one is left alone)."""
        if self.server is not None:
            self.server.stop()

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
                raise RequestFailed(self._say_why(exc), fatal=_is_fatal(exc)) from exc
            except (ValueError, KeyError, TypeError) as exc:
                raise RequestFailed(f"{self.where}: unusable answer: {exc}", fatal=False) from exc
            except Exception as exc:  # noqa: BLE001  (a network boundary: reported in the status, exit 2)
                raise RequestFailed(f"{self.where}: {type(exc).__name__}: {_one_line(str(exc))}", fatal=False) from exc


    def _say_why(self, exc: LanguageToolError) -> str:
        """A failed request in words: a server gone or too slow is said plainly."""
        import requests

        cause = exc.__cause__
        if isinstance(cause, requests.Timeout):
            return f"{self.where} timed out: no answer within {self.client._TIMEOUT:g} s"
        if isinstance(cause, requests.ConnectionError):
            return f"{self.where} stopped answering (the connection was refused or closed)"
        return _one_line(str(exc))


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
        tuple(settings.enabled_rules),
        tuple(settings.enabled_categories),
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
        try:
            return _local(settings, mother_tongue)
        except Broken:
            raise
        except Unavailable as exc:
            raise Broken(f"{exc} (run `mtclean languagetool install`)") from exc
    if mode == "auto":
        reasons = []
        if settings.url:
            try:
                return _remote(settings, mother_tongue, settings.url)
            except Unavailable as exc:
                reasons.append(str(exc))
        if not settings.auto_start:
            reasons.append(settings.NO_AUTO_START)
            raise Unavailable("; ".join(reasons))
        try:
            return _local(settings, mother_tongue)
        except Broken:
            raise
        except Unavailable as exc:
            reasons.append(str(exc))
        raise Unavailable("; ".join(reasons))
    raise Unavailable(f"unknown grammar mode {mode!r}")


def _configure(client: _Client, settings: GrammarConfig, mother_tongue: str | None) -> None:
    client.mother_tongue = mother_tongue or None
    client.picky = settings.picky
    client.disabled_rules = set(settings.disabled_rules)
    client.disabled_categories = set(settings.disabled_categories)
    client.enabled_rules = set(settings.enabled_rules)
    client.enabled_categories = set(settings.enabled_categories)
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


def _local(settings: GrammarConfig, mother_tongue: str | None) -> Connection:
    """A server of our own from the jars ``mtclean languagetool install`` put in the cache.

    Not installed is Unavailable (auto skips); installed but unable to start is Broken
    (a failure even in auto mode: the user set it up and it does not work)."""
    install = lt_install.installed()
    if install is None:
        raise Unavailable(f"LanguageTool {lt_install.pinned_version()} is not installed in {lt_install.home()}")
    java = lt_install.java()
    if java is None:
        raise Broken(f"LanguageTool {install.version} is installed but no `java` was found to run it")
    try:
        server = lt_server.LocalServer(install, java, settings.startup_timeout).start()
    except lt_server.StartError as exc:
        raise Broken(f"local LanguageTool {install.version} did not start: {exc}") from exc
    try:
        conn = _remote(settings, mother_tongue, server.url)
    except Unavailable as exc:
        server.stop()
        raise Broken(str(exc)) from exc
    conn.where = f"local LanguageTool {install.version} ({server.url.rstrip('/')})"
    conn.server = server
    return conn


def release(conn: Connection) -> None:
    """The end of a run: stop the server ``conn`` started; the next run starts its own."""
    with _CONNECT_LOCK:
        for key in [k for k, v in _CONNECTIONS.items() if v is conn]:
            del _CONNECTIONS[key]
    conn.close()


def forget_connections() -> None:
    """Stop the servers this process started and forget every connection and every failure
    to connect (a server may have come up since): the end of a run."""
    with _CONNECT_LOCK:
        known = list(_CONNECTIONS.values())
        _CONNECTIONS.clear()
    for conn in known:
        if isinstance(conn, Connection):
            conn.close()
