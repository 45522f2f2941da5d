"""Scoring a run against span annotations: what counts as flagged, as fixed as the
annotator fixed it, and as a wrong applied fix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtclean.errors import MtcleanError
from mtclean.model import Edit, FileResult, Finding
from mtclean.quality.spans import Artifact, _fixed_as_gold, check_against, read_gold, score_doc, summarise


def art(start: int, end: int, fix: str | None, cls: str = "calque") -> Artifact:
    return Artifact("d", start, end, cls, fix)


def finding(start: int, end: int, applied: bool, cls: str = "calque", rep: str | None = None) -> Finding:
    return Finding("CAL999", cls, "warning", start, end, "m", fix="safe" if rep is not None else "none",
                   edit=Edit(start, end, rep) if rep is not None else None, applied=applied)


TEXT = "How the BBC reported, the talks failed.\nEnlarge image\nNext line.\n"


def test_fixed_as_gold_compares_the_text_around_the_artifact() -> None:
    gold = [art(0, 3, "As")]
    assert _fixed_as_gold(gold[0], TEXT, [Edit(0, 3, "As")], gold)
    # The same result reached by a wider edit counts too: the stretch reads the same.
    assert _fixed_as_gold(gold[0], TEXT, [Edit(0, 7, "As the")], gold)
    assert not _fixed_as_gold(gold[0], TEXT, [Edit(0, 3, "When")], gold)
    assert not _fixed_as_gold(gold[0], TEXT, [], gold)
    assert not _fixed_as_gold(art(0, 3, None), TEXT, [Edit(0, 3, "As")], [art(0, 3, None)])


def test_a_deleted_line_matches_a_deleted_span_whatever_the_line_end() -> None:
    start = TEXT.index("Enlarge")
    gold = [art(start, start + len("Enlarge image"), "", "boilerplate")]
    assert _fixed_as_gold(gold[0], TEXT, [Edit(start, start + len("Enlarge image\n"), "")], gold)
    # Deleting the next line as well is not what the annotator did.
    assert not _fixed_as_gold(gold[0], TEXT, [Edit(start, len(TEXT), "")], gold)


def test_an_edit_covering_two_artifacts_is_compared_with_both_fixes() -> None:
    text = "the Switzerland and the Austria"
    gold = [art(0, 15, "Switzerland"), art(20, 31, "Austria")]
    both = [Edit(0, 31, "Switzerland and Austria")]
    assert _fixed_as_gold(gold[0], text, both, gold) and _fixed_as_gold(gold[1], text, both, gold)
    assert not _fixed_as_gold(gold[0], text, [Edit(0, 31, "Switzerland and the Austria")], gold)


def test_score_doc_sorts_findings_into_right_wrong_layout_and_flags() -> None:
    gold = [art(0, 3, "As"), art(TEXT.index("talks"), TEXT.index("talks") + 5, None, "grammar")]
    findings = [
        finding(0, 3, True, rep="As"),  # applied, on gold, as gold
        finding(8, 11, True, rep="bbc"),  # applied, on no artifact: wrong
        finding(TEXT.index("Next"), TEXT.index("Next"), True, "whitespace", rep=" "),  # layout: not judged
        finding(TEXT.index("talks"), TEXT.index("talks") + 5, False),  # flag on gold
        finding(TEXT.index("failed"), TEXT.index("failed") + 6, False),  # flag elsewhere
    ]
    result = FileResult("d.txt", TEXT, "", findings, [f.edit for f in findings if f.applied and f.edit])
    sc = score_doc("d", result, gold)
    assert sc.flagged == [True, True] and sc.fixed[1] is False
    assert len(sc.applied_right) == 1 and len(sc.applied_wrong) == 1 and len(sc.applied_layout) == 1
    assert len(sc.flags_right) == 1 and len(sc.flags_wrong) == 1
    d = summarise([(sc, gold, TEXT)])
    assert d["applied"] == {"judged": 2, "on_gold": 1, "wrong": 1, "layout_not_judged": 1, "precision": 0.5}
    assert d["all"]["gold"] == 2 and d["all"]["flagged"] == 2
    assert [(w["rule"], w["start"], w["replacement"]) for w in d["applied_wrong"]] == [("CAL999", 8, "bbc")]


def test_findings_inside_a_skipped_annotation_are_not_judged() -> None:
    skipped = [art(0, 10, "", "boilerplate")]
    inside = finding(2, 8, True, "boilerplate", rep="")
    beyond = finding(2, 20, True, "boilerplate", rep="")
    result = FileResult("d.txt", TEXT, "", [inside, beyond], [])
    sc = score_doc("d", result, [], skipped)
    assert sc.applied_wrong == [beyond] and not sc.applied_right


def write_gold(tmp_path: Path, lines: list[str]) -> Path:
    p = tmp_path / "gold.jsonl"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


@pytest.mark.parametrize(
    "line, message",
    [
        ("{not json", "not JSON"),
        ("[1, 2]", "JSON object"),
        ('{"doc": "a", "start": 5, "end": 2, "class": "calque", "fix": ""}', "start <= end"),
        ('{"doc": "a", "start": 0, "end": 2, "class": 3, "fix": ""}', "'class'"),
        ('{"doc": "a", "start": 0, "end": 2, "class": "calque", "fix": 7}', "'fix'"),
    ],
)
def test_bad_annotation_lines_name_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    good = '{"doc": "a", "start": 0, "end": 2, "class": "calque", "fix": ""}'
    p = write_gold(tmp_path, [good, line])
    with pytest.raises(MtcleanError, match=rf"gold\.jsonl:2: .*{message}"):
        read_gold(p)


def test_skip_notes_and_text_check(tmp_path: Path) -> None:
    p = write_gold(tmp_path, [
        json.dumps({"doc": "a", "start": 0, "end": 3, "text": "How", "class": "calque", "fix": "As"}),
        json.dumps({"doc": "a", "start": 0, "end": 1, "class": "boilerplate", "fix": "", "note": "date prefix: x"}),
    ])
    kept, skipped = read_gold(p, ["date prefix"])
    assert [a.cls for a in kept] == ["calque"] and [a.cls for a in skipped] == ["boilerplate"]
    check_against(kept, "a", TEXT, p, Path("a.txt"))
    with pytest.raises(MtcleanError, match=r"gold\.jsonl:1: 'text' 'How' is not a\.txt\[0:3\]"):
        check_against(kept, "a", "Who " + TEXT, p, Path("a.txt"))
