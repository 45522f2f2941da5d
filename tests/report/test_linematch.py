"""report/linematch.py answers as difflib does: the same longest match for any range,
hence the same unified diff, byte for byte.

The texts are made to trip difflib's line matching: few distinct lines (many equal
lines, so several equal candidates and short runs everywhere), blank lines, texts
above and below the 200 lines where difflib's autojunk starts leaving out popular
lines, edits that insert, delete, replace, repeat and join lines, and a last line
without a line break.
"""

from __future__ import annotations

import difflib
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from mtclean.report import linematch
from mtclean.report.diff import lines_diff, unified_diff


def _text(rng: random.Random, n: int, alphabet: int) -> list[str]:
    return [("\n" if rng.random() < 0.2 else f"line {rng.randrange(alphabet)}\n") for _ in range(n)]


def _edited(rng: random.Random, a: list[str], alphabet: int, edits: int) -> list[str]:
    b = list(a)
    for _ in range(edits):
        k = rng.randrange(len(b) + 1)
        op = rng.random()
        if op < 0.25 and b:
            del b[min(k, len(b) - 1)]
        elif op < 0.5:
            b.insert(k, rng.choice(["\n", f"line {rng.randrange(alphabet)}\n", "new\n"]))
        elif op < 0.7 and b:
            b[min(k, len(b) - 1)] = f"changed {rng.randrange(4)}\n"
        elif op < 0.85 and len(b) > 1:  # a run of lines repeated elsewhere
            i = rng.randrange(len(b) - 1)
            b[k:k] = b[i : i + rng.randrange(1, 30)]
        elif len(b) > 1:  # two lines joined
            i = rng.randrange(len(b) - 1)
            b[i : i + 2] = [b[i].rstrip("\n") + " " + b[i + 1]]
    if b and rng.random() < 0.2:
        b[-1] = b[-1].rstrip("\n")
    return b


cases = st.tuples(
    st.integers(0, 2**32 - 1),
    st.sampled_from([0, 1, 7, 150, 199, 200, 201, 350, 700]),
    st.sampled_from([1, 3, 10, 60, 100_000]),
    st.integers(0, 25),
)


@settings(max_examples=300, deadline=None)
@given(cases)
def test_longest_match_of_any_range_is_difflibs(case: tuple[int, int, int, int]) -> None:
    """Input: a random text, an edited copy, and random ranges of both.
    Outcome: find_longest_match gives difflib's block for every range."""
    seed, n, alphabet, edits = case
    rng = random.Random(seed)
    a = _text(rng, n, alphabet)
    b = _edited(rng, a, alphabet, edits)
    ours, theirs = linematch.RunMatcher(a, b), difflib.SequenceMatcher(None, a, b)
    for _ in range(20):
        alo = rng.randrange(len(a) + 1)
        ahi = rng.randrange(alo, len(a) + 1)
        blo = rng.randrange(len(b) + 1)
        bhi = rng.randrange(blo, len(b) + 1)
        assert ours.find_longest_match(alo, ahi, blo, bhi) == theirs.find_longest_match(alo, ahi, blo, bhi)
    assert ours.get_opcodes() == theirs.get_opcodes()


@settings(max_examples=300, deadline=None)
@given(cases)
def test_unified_diff_is_difflibs(case: tuple[int, int, int, int]) -> None:
    """Input: a random text and an edited copy (both sides of the 200-line autojunk limit).
    Outcome: diff.lines_diff (linematch's matcher) writes difflib.unified_diff's lines."""
    seed, n, alphabet, edits = case
    rng = random.Random(seed)
    a = _text(rng, n, alphabet)
    b = _edited(rng, a, alphabet, edits)
    assert list(lines_diff(a, b, "a/x", "b/x")) == list(difflib.unified_diff(a, b, "a/x", "b/x"))


def test_report_diff_of_a_long_text_is_difflibs() -> None:
    """Input: 3,000 lines of prose-like text (unique lines, blank lines between paragraphs,
    a repeated heading) with scattered edits. Outcome: report.diff.unified_diff writes
    what difflib writes for the same texts, with its "no newline" marker."""
    rng = random.Random(7)
    lines = []
    for p in range(600):
        lines += ["Heading\n" if p % 10 == 0 else f"Sentence {p}.{k} of the text.\n" for k in range(4)] + ["\n"]
    b = _edited(rng, lines, 5, 40)
    original, cleaned = "".join(lines), "".join(b).rstrip("\n")
    want = "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
        for line in difflib.unified_diff(original.splitlines(True), cleaned.splitlines(True), "a/t.txt", "b/t.txt")
    )
    assert want and unified_diff("t.txt", original, cleaned) == want


def test_too_many_runs_leave_the_walk_to_difflib(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Input: a 300-line text of a few lines each repeated below difflib's popularity
    limit (they pair in every combination), with the run budget made small. Outcome:
    the matcher stops collecting runs and lets difflib walk; the diff is difflib's."""
    monkeypatch.setattr(linematch, "RUNS_PER_LINE", 1)
    monkeypatch.setattr(linematch, "RUNS_FLOOR", 0)
    rng = random.Random(5)
    a = [f"line {rng.randrange(100)}\n" for _ in range(300)]
    b = _edited(rng, a, 100, 10)
    matcher = linematch.RunMatcher(a, b)
    assert matcher.get_opcodes() == difflib.SequenceMatcher(None, a, b).get_opcodes()
    assert matcher._too_many
    assert list(lines_diff(a, b, "a/x", "b/x")) == list(difflib.unified_diff(a, b, "a/x", "b/x"))
