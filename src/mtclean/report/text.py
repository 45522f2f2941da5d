"""The terminal view of ``check`` and ``fix``, in the shape ruff users read:
``path:line:col: RULE severity: message``, the form editors and CI logs turn into
links, and in the ``full`` format (the default) the source line with a caret under
the matched text and the fix as ``old → new``.

``concise`` is the first line only. Colour is decided by the caller (a terminal,
``NO_COLOR``, ``--color``); this module only applies it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..model import FileResult, Finding
from ..offsets import line_col, line_starts

WIDTH = 100  # a longer source line is shown as a window around the match
FIXABLE = "[*]"  # marks a finding the fix (or `mtclean fix`) applies, as ruff marks it


@dataclass(frozen=True)
class Style:
    """ANSI colours, or none."""

    on: bool = False

    def paint(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.on and text else text

    def bold(self, t: str) -> str:
        return self.paint(t, "1")

    def dim(self, t: str) -> str:
        return self.paint(t, "2")

    def red(self, t: str) -> str:
        return self.paint(t, "31")

    def cyan(self, t: str) -> str:
        return self.paint(t, "36")

    def green(self, t: str) -> str:
        return self.paint(t, "32")

    def severity(self, sev: str) -> str:
        return self.paint(sev, {"error": "1;31", "warning": "33", "info": "34"}.get(sev, "0"))


def show(text: str) -> str:
    """A span as one line: line breaks and tabs visible, nothing else changed."""
    return text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")


def fix_line(f: Finding) -> str | None:
    """``old → new`` for a finding with a fix, else None."""
    if f.edit is None:
        return None
    new = f.edit.replacement
    if f.edit.end - f.edit.start == len(f.text):
        return f'"{show(f.text)}" → "{show(new)}"' if new else f'remove "{show(f.text)}"'
    return f'replace with "{show(new)}"' if new else "remove it"


def headline(path: str, line: int, col: int, f: Finding, style: Style) -> str:
    mark = f" {style.cyan(FIXABLE)}" if f.applied else ""
    where = style.bold(f"{path}:{line}:{col}:")
    return f"{where} {style.red(f.rule)}{mark} {style.severity(f.severity)}: {f.message}"


def snippet(original: str, starts: list[int], line: int, f: Finding, style: Style) -> list[str]:
    """The finding's first source line with a caret under the match, and its fix or suggestion."""
    begin = starts[line - 1]
    end_of_line = original.find("\n", begin)
    end_of_line = len(original) if end_of_line < 0 else end_of_line
    src = original[begin:end_of_line].rstrip("\r")
    col = f.start - begin
    width = max(1, min(f.end, begin + len(src)) - f.start)
    lo = 0
    if len(src) > WIDTH:  # a window around the match
        lo = max(0, min(col - 20, len(src) - WIDTH))
        src = ("…" if lo else "") + src[lo : lo + WIDTH] + ("…" if lo + WIDTH < len(src) else "")
        col = col - lo + (1 if lo else 0)
    shown = src.replace("\t", " ")
    gutter = " " * len(str(line))
    out = [
        style.dim(f"{gutter} |"),
        style.dim(f"{line} |") + f" {shown}",
        style.dim(f"{gutter} |") + " " + " " * col + style.red("^" * min(width, max(1, len(shown) - col))),
    ]
    fixed = fix_line(f)
    if fixed is not None:
        label = "fix" if f.fix == "safe" or f.applied else f"{f.fix} fix"
        out.append(style.dim(f"{gutter} =") + f" {style.green(label)}: {fixed}")
    if f.suggestion and (fixed is None or not f.applied):
        out.append(style.dim(f"{gutter} =") + f" suggestion: {f.suggestion}")
    return out


def render(
    results: list[FileResult],
    summary: bool = True,
    fmt: str = "full",
    style: Style = Style(),
    fix_verb: str = "fixable with `mtclean fix`",
) -> str:
    out: list[str] = []
    total = fixable = files = 0
    for r in results:
        if not r.findings:
            continue
        files += 1
        starts = line_starts(r.original)
        for f in r.findings:
            line, col = line_col(starts, f.start)
            total += 1
            fixable += f.applied
            out.append(headline(r.path, line, col, f, style))
            if fmt == "full":
                out.extend(snippet(r.original, starts, line, f, style))
                out.append("")
    if summary:
        out.extend(summary_lines(total, fixable, files, len(results), fix_verb))
    return "\n".join(out) + "\n" if out else ""


def summary_lines(total: int, fixable: int, files: int, checked: int, fix_verb: str) -> list[str]:
    if total:
        noun = "finding" if total == 1 else "findings"
        fix = f" ({FIXABLE} {fixable} {fix_verb})" if fixable else ""
        return [f"Found {total} {noun} in {files} file{'s' if files != 1 else ''}{fix}."]
    return [f"All clear: {checked} file{'s' if checked != 1 else ''} checked, no findings."]


def statistics(results: list[FileResult]) -> str:
    """One line per rule, most frequent first, as ``ruff --statistics``: count, rule, fixable, message."""
    counts: Counter[str] = Counter()
    fixable: Counter[str] = Counter()
    message: dict[str, str] = {}
    for r in results:
        for f in r.findings:
            counts[f.rule] += 1
            fixable[f.rule] += f.applied
            message.setdefault(f.rule, f.message)
    width = max([len(str(n)) for n in counts.values()] + [1])
    rule_width = max([len(rule) for rule in counts] + [1])
    lines = []
    for rule, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        mark = FIXABLE if fixable[rule] == n else ("[-]" if fixable[rule] else "   ")
        lines.append(f"{n:>{width}}  {rule:<{rule_width}}  {mark} {message[rule]}")
    return "\n".join(lines) + ("\n" if lines else "")
