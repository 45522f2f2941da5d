"""Inline suppressions (suppress.py): what a directive covers and when it counts as unused."""

from __future__ import annotations

from mtclean.model import Finding
from mtclean.suppress import Suppressions

ACTIVE = [("CAL002", "calque"), ("CAL003", "calque"), ("CAP001", "capitalization")]


def finding(rule: str, cls: str, start: int) -> Finding:
    return Finding(rule, cls, "warning", start, start + 1, "m")


def test_line_directive_covers_its_line_only_by_id_prefix_or_class() -> None:
    text = "one <!-- mtclean: ignore[CAL002, capitalization] -->\ntwo\nthree mtclean: ignore[CAL]\n"
    sup = Suppressions(text)
    assert sup.silences(finding("CAL002", "calque", 0), 0)
    assert sup.silences(finding("CAP001", "capitalization", 2), 2)
    assert not sup.silences(finding("CAL003", "calque", 1), 1)
    second_line = text.index("two")
    assert not sup.silences(finding("CAL002", "calque", second_line), second_line)
    third = text.index("three")
    assert sup.silences(finding("CAL003", "calque", third), third)
    assert sup.unused(ACTIVE, ACTIVE) == []


def test_blocks_and_unterminated_off() -> None:
    text = "a\nmtclean: off\nb\nmtclean: on\nc\nmtclean: off\nd\n"
    sup = Suppressions(text)
    assert [(b.first, b.last) for b in sup.blocks] == [(2, 4), (6, 8)]
    assert not sup.silences(finding("CAL002", "calque", 0), 0)
    assert sup.silences(finding("CAL002", "calque", text.index("b")), text.index("b"))
    unused = sup.unused(ACTIVE, ACTIVE)
    assert [(u.rule, u.start, u.text) for u in unused] == [("MTC001", text.rindex("mtclean: off"), "mtclean: off")]


def test_words_that_merely_start_like_a_directive_are_not_directives() -> None:
    sup = Suppressions("mtclean: online help\nmtclean: offline\nmtclean: ignored\nmtclean: ignore-me\n")
    assert sup.ignores == {} and sup.blocks == []


def test_selectors_for_rules_that_did_not_run_are_not_judged() -> None:
    sup = Suppressions("text mtclean: ignore[CAP001]\n")
    assert sup.unused([("CAL002", "calque")], ACTIVE) == []
    assert len(sup.unused(ACTIVE, ACTIVE)) == 1
    assert "unknown rule 'ZZZ001'" in Suppressions("x mtclean: ignore[ZZZ001]\n").unused(ACTIVE, ACTIVE)[0].message


def test_a_text_without_directives_never_counts_its_lines() -> None:
    """Most texts hold no directive: nothing is silenced and the line starts (a pass over
    the text) are never made; with one, the lines are counted when first needed."""
    from mtclean.offsets import line_starts

    text = "one\ntwo mtclean is a word here\nthree\n" * 50
    sup = Suppressions(text)
    assert not any(sup.silences(finding("CAL002", "calque", p), p) for p in range(0, len(text), 7))
    assert sup._starts is None and sup.unused(ACTIVE, ACTIVE) == []
    marked = text + "four mtclean: ignore[CAL002]\n"
    sup = Suppressions(marked)
    last = marked.index("four")
    assert sup.silences(finding("CAL002", "calque", last), last) and not sup.silences(finding("CAL002", "calque", 0), 0)
    assert list(sup.starts) == list(line_starts(marked))
