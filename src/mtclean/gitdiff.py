"""``--diff-base REF``: which lines of a file changed against a git ref.

A team adopting mtclean on a large existing corpus wants findings only on the
lines a change touches, the way ``git diff`` sees them. A file git does not
track yet is new as a whole.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from .errors import InputError

HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", re.MULTILINE)


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8", errors="replace")
    except FileNotFoundError:
        raise InputError("git is not installed (needed for --diff-base)", str(cwd)) from None


def added_lines(diff: str) -> set[int]:
    """1-based line numbers of the new side that a ``-U0`` diff adds or changes."""
    lines: set[int] = set()
    for m in HUNK.finditer(diff):
        first = int(m.group(1))
        count = int(m.group(2)) if m.group(2) is not None else 1
        lines.update(range(first, first + count))
    return lines


class ChangedLines:
    """Asks git once per file; remembers which refs were verified in which repository."""

    def __init__(self, ref: str) -> None:
        self.ref = ref
        self._verified: set[str] = set()

    def for_file(self, path: Path) -> set[int] | None:
        """Changed line numbers, or None when every line counts as new (untracked file)."""
        folder = path.resolve().parent
        top = _git(["rev-parse", "--show-toplevel"], folder)
        if top.returncode != 0:
            raise InputError("not inside a git repository (needed for --diff-base)", str(path))
        root = top.stdout.strip()
        if root not in self._verified:
            ok = _git(["rev-parse", "--verify", "--quiet", f"{self.ref}^{{commit}}"], folder)
            if ok.returncode != 0:
                raise InputError(f"--diff-base: unknown git ref {self.ref!r}", root)
            self._verified.add(root)
        name = path.resolve().name
        tracked = _git(["ls-files", "--error-unmatch", "--", name], folder)
        if tracked.returncode != 0:
            return None
        diff = _git(["diff", "--no-color", "--no-ext-diff", "--text", "-U0", self.ref, "--", name], folder)
        if diff.returncode != 0:
            first = (diff.stderr.strip().splitlines() or ["git diff failed"])[0]
            raise InputError(f"git diff against {self.ref!r} failed: {first}", str(path))
        return added_lines(diff.stdout)
