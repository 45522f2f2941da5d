"""--diff-base's parser of ``git diff -U0`` hunks (gitdiff.py)."""

from __future__ import annotations

from mtclean.gitdiff import added_lines


def test_added_lines_from_zero_context_hunks() -> None:
    diff = (
        "diff --git a/x.txt b/x.txt\n--- a/x.txt\n+++ b/x.txt\n"
        "@@ -3 +3 @@\n-old\n+new\n"  # one line changed
        "@@ -10,0 +11,2 @@\n+a\n+b\n"  # two lines added
        "@@ -20,3 +21,0 @@\n-gone\n-gone\n-gone\n"  # deletion only: no new line
        "@@ -30,2 +30 @@ heading context\n-x\n-y\n+z\n"
    )
    assert added_lines(diff) == {3, 11, 12, 30}
    assert added_lines("") == set()
