"""Gettext PO files: validated by polib, written back by splicing msgstr text.

polib (MIT) parses the file and reports syntax errors with their line; mtclean then
locates each entry's ``msgid``/``msgstr`` quoted strings in the text (polib keeps no
offsets) and checks that it decoded the same strings polib did. Only the changed
characters of a changed msgstr are rewritten; wrapping, comments, flags and every
other entry stay as they were. The header is left alone. A plural entry gives one
unit per form: ``msgstr[0]`` translates ``msgid``, every further ``msgstr[n]`` translates
``msgid_plural`` (German and English both have one singular and one plural form).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from ..io import read_text
from .base import Bitext, Unit

_ESC = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_KEYWORD = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+"', re.MULTILINE)


def _escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")


def _strings(text: str, at: int) -> tuple[str, list[int], list[int], int]:
    """The quoted strings starting at ``at`` (a '"') and their continuation lines, decoded."""
    out: list[str] = []
    pos: list[int] = []
    ends: list[int] = []
    i = at
    last_end = at
    while i < len(text) and text[i] == '"':
        i += 1
        while i < len(text) and text[i] != '"':
            if text[i] == "\n":
                raise ValueError(i)
            if text[i] == "\\" and i + 1 < len(text):
                out.append(_ESC.get(text[i + 1], text[i + 1]))
                pos.append(i)
                ends.append(i + 2)
                i += 2
            else:
                out.append(text[i])
                pos.append(i)
                ends.append(i + 1)
                i += 1
        last_end = i  # the closing quote
        i += 1
        m = re.compile(r'[ \t]*\r?\n[ \t]*(?=")').match(text, i)
        if not m:
            break
        i = m.end()
    pos.append(last_end)
    return "".join(out), pos, ends, i


def read_po(path: Path, encoding: str | None = None) -> Bitext:
    import polib

    name = path.as_posix()
    dec = read_text(path, encoding)
    text = dec.text
    try:
        parsed = polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError) as exc:
        msg = str(exc)
        m = re.search(r"\(line (\d+)\)", msg)
        what = re.sub(r"[ ]*[(]line \d+[)]", "", msg)
        raise InputError(f"not a valid PO file: {what}", name,
                         int(m.group(1)) if m else None) from None
    expected: list[tuple[str, str]] = []
    for e in parsed:
        if e.obsolete or not e.msgid:
            continue
        if e.msgid_plural:
            expected += [(e.msgid if n == 0 else e.msgid_plural, e.msgstr_plural[n]) for n in sorted(e.msgstr_plural)]
        else:
            expected.append((e.msgid, e.msgstr))
    units: list[Unit] = []
    current: dict[str, tuple[str, list[int], list[int], int]] = {}
    # obsolete entries ("#~ msgid") do not start at the line's beginning with a keyword: skipped by _KEYWORD
    for m in _KEYWORD.finditer(text):
        key = m.group(1)
        if key == "msgctxt" or (key == "msgid" and "msgid" in current):
            current = {}
        try:
            value = _strings(text, m.end() - 1)
        except ValueError as exc:
            line = text.count("\n", 0, exc.args[0]) + 1
            raise InputError("not a valid PO file: a string is not closed with '\"'", name, line) from None
        current[key] = value
        if key == "msgstr":
            src = current.get("msgid", ("",))[0]
            if src and "msgid_plural" not in current:
                tgt, pos, ends, _ = value
                line = text.count("\n", 0, m.start()) + 1
                units.append(Unit(src, tgt, pos, line, str(len(units) + 1), None, {}, ends))
            current = {}
        elif key.startswith("msgstr["):
            # the entry's next msgstr[n] follows: `current` keeps msgid and msgid_plural until the next msgid
            src = current.get("msgid", ("",))[0] if key == "msgstr[0]" else current.get("msgid_plural", ("",))[0]
            if current.get("msgid", ("",))[0]:
                tgt, pos, ends, _ = value
                line = text.count("\n", 0, m.start()) + 1
                units.append(Unit(src, tgt, pos, line, str(len(units) + 1), None, {}, ends))
    if [(u.source, u.target) for u in units] != expected:
        raise InputError("could not locate every entry's msgid and msgstr in the text", name)
    bt = Bitext(name, text, units, "po", escape=_escape, forbidden="")
    bt.decoded = dec
    return bt
