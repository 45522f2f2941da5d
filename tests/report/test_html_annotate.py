"""The inline view: clusters of overlapping marks, numbered rows, folds, visible white space."""

from __future__ import annotations

from mtclean.model import Edit, FileResult, Finding
from mtclean.offsets import apply_edits
from mtclean.report.annotate import CONTEXT, Mark, file_view, trim_edit, visible


def result(original: str, edits: list[Edit], findings: list[Finding]) -> FileResult:
    return FileResult("doc.txt", original, apply_edits(original, edits), findings, edits)


def finding(rule: str, start: int, end: int, text: str, applied: bool, cls: str = "calque") -> Finding:
    return Finding(rule, cls, "warning", start, end, f"message of {rule}", text=text, applied=applied,
                   fix="safe" if applied else "none")


def marks(view) -> list[Mark]:  # type: ignore[no-untyped-def]
    return [p for s in view.sections for r in s.rows for p in r.parts if isinstance(p, Mark)]


def pieces(mark: Mark) -> list[tuple[str, str]]:
    return [(p.kind, p.text) for p in mark.pieces]


def test_edit_shows_only_the_words_it_changes() -> None:
    assert trim_edit("The Ukraine", "Ukraine") == ("", "The ", "", "Ukraine")
    assert trim_edit("From: Michelle Brey", "By Michelle Brey") == ("", "From:", "By", " Michelle Brey")
    assert trim_edit("Since", "since") == ("", "Since", "since", "")


def test_applied_edit_and_suggestion_on_the_same_words_are_one_cluster() -> None:
    original = "They met the US President Joe Biden today.\n"
    span = (9, 35)
    edits = [Edit(*span, "US President Joe Biden")]
    found = [finding("CAL004", *span, original[9:35], True), finding("CAL011", *span, original[9:35], False)]
    view = file_view(result(original, edits, found), "f0")
    assert len(view.clusters) == 1
    cluster = view.clusters[0]
    assert cluster.rules == ["CAL004", "CAL011"] and cluster.attr("st") == "applied suggested"
    assert [m.first for m in marks(view)] == [True]
    assert pieces(marks(view)[0]) == [("del", "the "), ("keep", "US President Joe Biden")]
    assert all(n.cluster == cluster.id for n in view.notes)


def test_overlapping_suggestions_merge_and_separate_ones_do_not() -> None:
    original = "alpha beta gamma delta\n"
    found = [finding("A001", 0, 10, "alpha beta", False), finding("B001", 6, 16, "beta gamma", False),
             finding("C001", 17, 22, "delta", False)]
    view = file_view(result(original, [], found), "f0")
    assert [(c.start, c.end, c.rules) for c in view.clusters] == [(0, 16, ["A001", "B001"]), (17, 22, ["C001"])]


def test_rows_are_the_original_lines_and_a_multi_line_deletion_is_marked_on_each() -> None:
    original = "keep\nDate: 2023\n\nbody text\n"
    start = original.index("Date")
    edits = [Edit(start, original.index("body"), "")]
    view = file_view(result(original, edits, [finding("BOI001", start, start + 10, "Date: 2023", True)]), "f0")
    rows = [r for s in view.sections for r in s.rows]
    assert [r.n for r in rows] == [1, 2, 3, 4]
    first, second = marks(view)
    assert first.first and not second.first and first.cluster is second.cluster
    assert pieces(first) == [("del", "Date: 2023"), ("del", "↵")]
    assert pieces(second) == [("del", "↵")]
    assert rows[3].parts == ("body text",)


def test_finding_line_numbers_match_the_rows_they_are_drawn_on() -> None:
    original = "".join(f"line {i}\n" for i in range(1, 30))
    start = original.index("line 17")
    view = file_view(result(original, [], [finding("X001", start, start + 4, "line", False)]), "f0")
    row = next(r for s in view.sections for r in s.rows if r.marked)
    assert view.notes[0].line == row.n == 17


def test_unchanged_runs_fold_and_context_stays() -> None:
    original = "".join(f"line {i}\n" for i in range(1, 101))
    start = original.index("line 50")
    view = file_view(result(original, [Edit(start, start + 4, "LINE")], [finding("X001", start, start + 4, "line", True)]), "f0")
    shape = [(s.folded, s.rows[0].n, s.rows[-1].n) for s in view.sections]
    assert shape == [(True, 1, 50 - CONTEXT - 1), (False, 50 - CONTEXT, 50 + CONTEXT), (True, 50 + CONTEXT + 1, 100)]


def test_file_without_findings_is_one_fold() -> None:
    view = file_view(result("a\nb\nc\nd\ne\n", [], []), "f0")
    assert [(s.folded, len(s.rows)) for s in view.sections] == [(True, 5)]


def test_white_space_edits_are_visible_glyphs() -> None:
    original = "text.  \n\n\n\nmore\n"
    edits = [Edit(5, 7, ""), Edit(7, 11, "\n\n")]
    found = [finding("WSP001", 5, 7, "  ", True, "whitespace"), finding("WSP002", 7, 11, "\n\n\n\n", True, "whitespace")]
    view = file_view(result(original, edits, found), "f0")
    shown = [(p.kind, p.text, p.ws) for m in marks(view) for p in m.pieces]
    assert ("del", "··", True) in shown
    assert shown.count(("del", "↵", True)) == 2  # two of the four line breaks go


def test_controls_and_carriage_returns_never_reach_the_page_raw() -> None:
    assert visible("a\x00b\x1bc\x7fd\ud800e") == "a\u2400b\u241bc\u2421d\ufffde"
    view = file_view(result("one\r\ntwo\r\n", [], []), "f0")
    rows = [r for s in view.sections for r in s.rows]
    assert [r.parts for r in rows] == [("one",), ("two",)]


def test_zero_width_finding_is_a_caret() -> None:
    view = file_view(result("no comma here\n", [], [finding("P001", 2, 2, "", False)]), "f0")
    assert [pieces(m) for m in marks(view)] == [[("keep", "")]]


def test_unmarked_rows_read_off_the_text_are_its_lines() -> None:
    """Input: 300-line texts (blank and repeated lines, with and without a final line
    break) with an edit near the top, in the middle and at the end, so rows are read at
    the edges of long unmarked runs and deep inside them. Outcome: every row without a
    mark holds exactly its line of the original, and the rows number every line."""
    import random

    rng = random.Random(3)
    for final in ("\n", ""):
        lines = [rng.choice(["", "same line", f"line {k}", "  indented"]) for k in range(300)]
        lines[-1] = "last"
        original = "\n".join(lines) + final
        starts = [0]
        for line in lines[:-1]:
            starts.append(starts[-1] + len(line) + 1)
        edits = [Edit(starts[k], starts[k], "X ") for k in (5, 150, 299)]
        r = FileResult("t.txt", original, apply_edits(original, edits), [], edits)
        view = file_view(r, "f0")
        rows = [row for s in view.sections for row in s.rows]
        assert [row.n for row in rows] == list(range(1, 301))
        for row, line in zip(rows, lines):
            if not row.marked:
                assert "".join(p for p in row.parts if isinstance(p, str)) == line
