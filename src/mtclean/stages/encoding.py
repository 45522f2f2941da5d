"""Encoding repair (ftfy) and white-space normalisation.

ftfy's defaults also straighten curly quotes, fold full-width letters, expand
ligatures and NFC-normalise; those change good text, so they are off: only real
damage (mojibake, stray control characters, terminal escapes) is repaired.
Lines that are plain ASCII without control characters cannot hold mojibake and
are never handed to ftfy.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import Any

from ..model import Edit, Finding
from ..pipeline import Context, segment_starts
from ..rules import Rule
from .badness import is_bad
from .common import finding

# ftfy's options (a TextFixerConfig): only real damage is repaired. ftfy is imported
# on the first line that needs it: most texts hold none, and a hook on one file should
# not pay for the import.
FTFY_OPTIONS = dict(
    unescape_html=False,
    uncurl_quotes=False,
    fix_character_width=False,
    fix_latin_ligatures=False,
    fix_line_breaks=False,
    normalization=None,
    explain=True,
)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u206a-\u206f\ufff9-\ufffb]")
LINE = re.compile(r"[^\n]*\n?")
# A character that makes a line worth handing to ftfy: anything but printable ASCII
# and ordinary white space (the lines ``LINE`` finds that are not ASCII or hold CONTROL).
SUSPECT = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\U0010ffff]")

# What ftfy's fixers (as configured) can change without ``is_bad`` holding: its control
# characters (chardata.CONTROL_CHARS), C1 controls, terminal escapes and surrogates. A line
# with none of these that ftfy's badness test passes comes back from ftfy unchanged.
FTFY_TOUCHES = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u206a-\u206f\ufeff\ufff9-\ufffc\ud800-\udfff]")

# White space is checked on every document, and again after later stages edit it, so each
# pattern starts with a literal or a small set the engine can skip to. The trailing-blank
# pattern finds the last blank before a line break (the ``regex`` engine scans for that
# pair several times faster than ``re``); the run of blanks is extended backwards by hand.
LINE_END_BLANK = r"[ \t]\r?\n"
LINE_END_BLANK_RE = re.compile(LINE_END_BLANK)  # short texts: not worth importing ``regex`` for
REGEX_FROM = 1 << 16  # characters
SCAN_FROM = 4096  # characters: a shorter text is searched for line-end blanks by ``re`` at once
# Three or more line breaks with only blanks between: one blank line is enough.
BLANK_RUN = re.compile(r"\n(?:[ \t]*\r?\n){2,}")  # a "\r" before the first "\n" is taken by hand
LEADING_BLANKS = re.compile(r"\A(?:[ \t]*\r?\n)+")
TRAILING_BLANKS = re.compile(r"(\r?\n)(?:[ \t]*\r?\n)+\Z")
STRAY_SPACE = re.compile(r"\n (?=[^\s])")  # one space opening a line (the first line is checked by hand)


class EncodingStage:
    name = "encoding"
    tidy = True  # the pipeline runs it again if later stages leave white space to tidy
    settle = True  # removing control characters can leave blank lines to fold

    def __init__(self, rules: list[Rule]) -> None:
        self.by_check = {r.params.get("check"): r for r in rules}
        self.mojibake = self.by_check.get("mojibake")
        self.control = self.by_check.get("control-chars") or self.mojibake

    def candidates(self, texts: list[str], ctx: Context) -> set[int] | None:
        """``--lines``: the segments this stage can find anything in, from searches of the
        whole file: a suspect character that ftfy's own first test does not clear
        (``_ftfy``), or, on a text without line breaks, blanks at its end or a space at its
        start (``_one_line``)."""
        joined = "\n".join(texts)
        if joined.count("\n") != len(texts) - 1:
            return None  # (segments never hold one: only _one_line's tests are made here)
        starts = segment_starts(texts)
        out: set[int] = set()
        if self.mojibake or self.control:
            pos = 0
            while (hit := SUSPECT.search(joined, pos)) is not None:
                k = bisect_right(starts, hit.start()) - 1
                t = texts[k]
                if FTFY_TOUCHES.search(t) is not None or is_bad(t):
                    out.add(k)
                pos = starts[k] + len(t) + 1  # on to the next segment
        # Blanks before a line break (or the end), a space after one (or at the start):
        # str.find for the pairs (a regex would stop at every blank of the file).
        pairs = [" \n", "\t\n"] if self.by_check.get("trailing") else []
        if pairs and joined[-1:] in " \t":
            out.add(len(texts) - 1)
        if self.by_check.get("leading-space"):
            if joined[:1] == " ":
                out.add(0)
            pairs.append("\n ")
        for pair in pairs:
            at = joined.find(pair)
            while at >= 0:
                out.add(bisect_right(starts, at + 1) - 1 if pair[0] == "\n" else bisect_right(starts, at) - 1)
                at = joined.find(pair, at + 1)
        return out

    def check(self, text: str, ctx: Context) -> list[Finding]:
        found = self._ftfy(text) if self.mojibake or self.control else []
        found += self._whitespace(text, ctx, found)
        return found

    def _ftfy(self, text: str) -> list[Finding]:
        out: list[Finding] = []
        if not has_suspect(text):
            return out
        # ftfy's badness test has no anchors or look-arounds: a line it flags makes the whole
        # text flagged too, so one search over the text clears most texts at once.
        if FTFY_TOUCHES.search(text) is None and not is_bad(text):
            return out
        pos = 0
        while (hit := SUSPECT.search(text, pos)) is not None:
            # Only lines holding a suspect character are visited; the rest cannot hold mojibake.
            m = LINE.match(text, text.rfind("\n", 0, hit.start()) + 1)
            assert m is not None
            line = m.group()
            pos = m.end()
            body = line.rstrip("\r\n")
            for offset, piece in _pieces(body):
                found = self._fix(piece, m.start() + offset)
                if found is not None:
                    out.append(found)
        return out

    def _fix(self, body: str, at: int) -> Finding | None:
        """ftfy's repair of one line (or piece of a long line) starting at offset ``at``."""
        if SUSPECT.search(body) is None:
            return None
        if FTFY_TOUCHES.search(body) is None and not is_bad(body):
            return None  # ftfy would return it unchanged (its own first test), at a fraction of the cost
        from ftfy import TextFixerConfig, fix_and_explain
        fixed, steps = fix_and_explain(body, TextFixerConfig(**FTFY_OPTIONS))
        if fixed == body:
            return None
        # The smallest changed region, so the diff and report point at the damage.
        p = 0
        while p < min(len(body), len(fixed)) and body[p] == fixed[p]:
            p += 1
        s = 0
        while s < min(len(body), len(fixed)) - p and body[-1 - s] == fixed[-1 - s]:
            s += 1
        start, end = at + p, at + len(body) - s
        only_controls = all(step == ("apply", "remove_control_chars") for step in steps or [])
        rule = (self.control if only_controls else self.mojibake) or self.control or self.mojibake
        assert rule is not None
        how = ", ".join(f"{a} {b}" for a, b in steps or [])
        return finding(rule, start, end, Edit(start, end, fixed[p : len(fixed) - s]), note=f"ftfy: {how}")

    def _whitespace(self, text: str, ctx: Context, earlier: list[Finding]) -> list[Finding]:
        return self._one_line(text, ctx) if "\n" not in text else self._lines(text, ctx)

    def _lines(self, text: str, ctx: Context) -> list[Finding]:
        out: list[Finding] = []
        rule = self.by_check.get("trailing")
        if rule:
            for start, end in _trailing_blanks(text):
                # In Markdown two trailing spaces are a hard line break, not damage.
                if ctx.markdown and text[start:end] == "  ":
                    continue
                out.append(finding(rule, start, end, Edit(start, end, "")))
        rule = self.by_check.get("blank-lines")
        if rule:
            for m in LEADING_BLANKS.finditer(text):
                out.append(finding(rule, m.start(), m.end(), Edit(m.start(), m.end(), "")))
            for m in BLANK_RUN.finditer(text):
                if m.end() == len(text):
                    continue  # handled as trailing blank lines below
                start = m.start() - (m.start() > 0 and text[m.start() - 1] == "\r")
                nl = text[start : m.start() + 1]
                out.append(finding(rule, start, m.end(), Edit(start, m.end(), nl + nl)))
            # Only the white-space tail of the text can match; start there.
            tail = len(text.rstrip(" \t\r\n"))
            for m in TRAILING_BLANKS.finditer(text, tail):
                out.append(finding(rule, m.start(), m.end(), Edit(m.start(), m.end(), m.group(1))))
        rule = self.by_check.get("leading-space")
        if rule:
            at = [m.start() + 1 for m in STRAY_SPACE.finditer(text)]
            if text[:1] == " " and text[1:2].strip():
                at.insert(0, 0)
            for pos in at:
                if not _indented_block(text, pos):
                    out.append(finding(rule, pos, pos + 1, Edit(pos, pos + 1, "")))
        return out


    def _one_line(self, text: str, ctx: Context) -> list[Finding]:
        """``_whitespace`` on a text without line breaks (a segment in --lines mode): only
        blanks at its end and one space at its start can be there to fix."""
        out: list[Finding] = []
        rule = self.by_check.get("trailing")
        start = len(text.rstrip(" \t"))
        if rule and start < len(text) and not (ctx.markdown and text[start:] == "  "):
            out.append(finding(rule, start, len(text), Edit(start, len(text), "")))
        rule = self.by_check.get("leading-space")
        if rule and text[:1] == " " and text[1:2].strip():
            out.append(finding(rule, 0, 1, Edit(0, 1, "")))
        return out


LONG_LINE = 10_000  # a line longer than this is handed to ftfy in pieces


def _pieces(body: str) -> list[tuple[int, str]]:
    """A line as ftfy sees it: whole, or, when very long (a file that is one line), in
    pieces cut at a space. ftfy itself decodes long texts in segments; here it keeps
    each repair local, so two repairs far apart never become one edit spanning the
    megabytes between them (which every later finding there would then map to)."""
    if len(body) <= LONG_LINE:
        return [(0, body)]
    out = []
    start = 0
    while start < len(body):
        stop = start + LONG_LINE
        if stop < len(body):
            cut = body.rfind(" ", start + LONG_LINE // 2, stop)
            stop = cut + 1 if cut >= 0 else stop
        out.append((start, body[start:stop]))
        start = stop
    return out


@lru_cache(maxsize=2)
def _line_end_blank(long: bool) -> Any:
    if not long:
        return LINE_END_BLANK_RE
    import regex  # it scans a long text for this pair several times faster than ``re``

    return regex.compile(LINE_END_BLANK)


# Printable ASCII and the white space SUSPECT leaves alone: an ASCII text made only of
# these holds no SUSPECT character.
PLAIN_ASCII = bytes([9, 10, 12, 13, *range(32, 127)])


def has_suspect(text: str) -> bool:
    """``SUSPECT.search(text) is not None``, without a regex pass over the text: every
    non-ASCII character is suspect, and in ASCII only the control characters are, found
    by deleting the plain bytes of its encoding (a copy at memory speed)."""
    if not text.isascii():
        return True
    return bool(text.encode("ascii").translate(None, PLAIN_ASCII))


@lru_cache(maxsize=1)
def _line_end_blank_set() -> Any:
    """LINE_END_BLANK as a Hyperscan set (None without Hyperscan): one pass at memory
    speed tells whether a text holds any blank before a line break (most documents hold
    none), where the regex engine would stop at every blank."""
    from ..regex_set import build

    return build([LINE_END_BLANK_RE])


def _trailing_blanks(text: str) -> list[tuple[int, int]]:
    """(start, end) of each run of spaces and tabs that ends a line (or the text)."""
    found = []
    held = _line_end_blank_set() if len(text) >= SCAN_FROM else None
    hits = held.scan(text) if held is not None else None
    lines = _line_end_blank(len(text) >= REGEX_FROM).finditer(text) if hits is None or hits.rules else ()
    for m in lines:
        end = m.start() + 1
        start = end - 1
        while start > 0 and text[start - 1] in " \t":
            start -= 1
        found.append((start, end))
    end = len(text)
    start = len(text.rstrip(" \t"))
    if start < end:
        found.append((start, end))
    return found


def _indented_block(text: str, line_start: int) -> bool:
    """Does a neighbouring line start with white space too (poetry, code, a quote)?"""
    prev_end = text.rfind("\n", 0, max(0, line_start - 1))
    prev = text[prev_end + 1 : max(0, line_start - 1)] if line_start > 0 else ""
    next_start = text.find("\n", line_start)
    nxt = text[next_start + 1 : text.find("\n", next_start + 1) if next_start >= 0 else 0] if next_start >= 0 else ""
    return any(line[:1] in (" ", "\t") and line.strip() for line in (prev, nxt))
