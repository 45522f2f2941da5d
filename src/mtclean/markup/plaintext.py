"""Protected ranges of a plain-text file: URLs, and lines that can only be code.

Plain text has no markup saying where code is, so only lines no English sentence
starts like are taken: a shell or Python prompt (``$ ``, ``>>> ``, ``C:\\>``),
a Windows batch command (``rem``, ``@echo``, ``::``) or a shebang. Anything less
certain stays prose: a missed code line costs a suggestion, a prose line taken
for code costs every fix in it.
"""

from __future__ import annotations

import re

from . import Protected

# A URL runs to white space or a character that cannot end one in running text.
URL_PLAIN = re.compile(r"\b(?:https?|ftp)://[^\s<>\"'`]+[^\s<>\"'`.,;:!?)\]}]")
# The same matches, with the word boundary tested behind the first letter: a pattern
# that starts with letters lets the regex engine skip to an "h" or "f" at C speed (a
# leading \b is tried at every position). tests/markup/test_url_ranges.py compares them.
URL = re.compile(r"(?:h(?<=\bh)ttps?|f(?<=\bf)tp)://[^\s<>\"'`]+[^\s<>\"'`.,;:!?)\]}]")
# The same matches again, found from their "://" (a literal the regex engine skips to at
# memory speed: an "h" or "f" comes every few characters of prose), the scheme before it
# checked by a look-behind and read back in ``url_spans``.
URL_FROM_SEPARATOR = re.compile(
    r"://(?:(?<=\bhttps://)|(?<=\bhttp://)|(?<=\bftp://))[^\s<>\"'`]+[^\s<>\"'`.,;:!?)\]}]"
)
CODE_LINE = re.compile(
    r"^[ \t]*(?:"
    r"\$[ \t]+\S"  # $ command
    r"|>>>[ \t]"  # Python prompt
    r"|[A-Za-z]:\\[^\n>]*>"  # C:\dir> command
    r"|PS(?:[ \t][^\n>]*)?>[ \t]"  # PowerShell prompt
    r"|(?:rem|REM|Rem)(?:[ \t]|$)"  # batch comment
    r"|@echo\b"
    r"|::[ \t]"  # batch comment
    r"|\#!/"  # shebang
    r").*$",
    re.M,
)
# CODE_LINE's lines after the first, found from the line break before them (a literal the
# engine skips to; a leading ``^`` is tried at every position): group 1 is the match.
CODE_LINE_AFTER_BREAK = re.compile("\n(" + CODE_LINE.pattern[1:] + ")", re.M)


def plaintext_ranges(text: str) -> list[Protected]:
    ranges = [Protected(s, e, "code-line") for s, e in code_line_spans(text)]
    ranges += url_ranges(text)
    return ranges


def url_ranges(text: str) -> list[Protected]:
    return [Protected(s, e, "url") for s, e in url_spans(text)]


def code_line_spans(text: str) -> list[tuple[int, int]]:
    """The spans of ``CODE_LINE.finditer(text)``: every match is one line from its start,
    so the first line is matched where it stands and the others after their line break."""
    first = CODE_LINE.match(text)
    spans = [m.span(1) for m in CODE_LINE_AFTER_BREAK.finditer(text)]
    return [first.span(), *spans] if first is not None else spans


def url_spans(text: str) -> list[tuple[int, int]]:
    """The spans of ``URL.finditer(text)``, each from the start of its scheme."""
    out = []
    for m in URL_FROM_SEPARATOR.finditer(text):
        s = m.start()
        scheme = 5 if text.startswith("https", s - 5) else 4 if text.startswith("http", s - 4) else 3
        out.append((s - scheme, m.end()))
    return out
