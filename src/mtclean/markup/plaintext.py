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


def plaintext_ranges(text: str) -> list[Protected]:
    ranges = [Protected(m.start(), m.end(), "code-line") for m in CODE_LINE.finditer(text)]
    ranges += url_ranges(text)
    return ranges


def url_ranges(text: str) -> list[Protected]:
    return [Protected(m.start(), m.end(), "url") for m in URL.finditer(text)]
