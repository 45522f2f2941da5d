"""``--lines``: a stage's ``candidates`` (one test over the whole file) must name every
segment in which the stage, run on that segment alone, finds anything; otherwise the
pipeline would skip a segment with findings. Checked stage by stage on real MT output,
the seed's lines, and segments written to hit the edges (two spellings of one place in
one segment and across two, an anchor word at a segment's end, a segment of one word,
an empty one), next to segments for the stages without candidates."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtclean.api import rules_for
from mtclean.config import Config, GrammarConfig
from mtclean.pipeline import Context
from mtclean.stages import build_pipeline

ROOT = Path(__file__).resolve().parents[1]

EDGES = [
    "thomas Müller scored twice. Thomas Müller was happy.",
    "The coach praised their Equipment and the Team.",
    "He said You should come, and You did.",
    "The mayor of Köln met the Landkreis officials vom 3 May.",
    "In Kiev and in Kyiv the talks went on.",
    "Kiev",
    "Kyiv talks resumed; Kiev said no.",
    "the match ended. the fans left early, the players stayed.",
    "A meeting between 18 to 20 delegates took place in",
    "the",
    "Verbandsgemeinde Rat und die Bürgermeister trafen sich.",
    "  Leading blanks, then a Capital in mid-sentence.",
    "Die talkshow was cancelled.",
    "He waited for the Bus, the Train and the Tram in the Rain.",
    "",
    "The Minister said that the Minister would resign.",
    "The cafÃ© opened at noon, the â€œbestâ€\x9d in town.",
    "Trailing blanks end this line. \t",
    " One space opens this line.",
    "A bell\x07 rang twice.",
    "He made a decision about it and took place in the final.",
    "The talks were held on Monday. Ukraine war escalating beyond all borders of the old world.",
    "Is it true? Border dispute escalating again despite all the talks in Minsk.",
    "The mayor met Grünwald and later grünwald and Grünwald again, they said.",
    "They met the new mayor In the town hall on Friday.",
    "we waited for the Bus in the rain, and later the Driver told the Conductor that the bus was late",
]


def _segments(shared: Path) -> list[str]:
    lines = list(EDGES)
    lines += (ROOT / "seeds" / "000_7812e24d0ad2b208.txt").read_text(encoding="utf-8").split("\n")
    for name in ("newstest2021.de-en.hyp.Online-Y.en", "newstest2021.de-en.hyp.happypoet.en"):
        lines += (shared / "data" / "wmt21-deen" / name).read_text(encoding="utf-8").split("\n")[:400]
    return [line.rstrip("\r") for line in lines]


@pytest.fixture(scope="module")
def pipeline():  # type: ignore[no-untyped-def]
    config = Config(lines=True, grammar=GrammarConfig(mode="off"))
    return build_pipeline(rules_for(config), config)


def test_candidates_cover_every_segment_with_findings(pipeline, shared: Path) -> None:  # type: ignore[no-untyped-def]
    segments = _segments(shared)
    # (grammar's candidates ask whether LanguageTool answers: tests/stages/test_grammar_lines.py)
    with_candidates = [
        s for s in pipeline.stages if getattr(s, "candidates", None) is not None and s.name != "grammar"
    ]
    assert {s.name for s in with_candidates} >= {"consistency", "word-order", "fragment", "untranslated", "calque", "encoding", "capitalization"}
    assert sum(s.name == "fragment" for s in with_candidates) == 2  # the pattern rules and FragmentStage
    for stage in with_candidates:
        named = stage.candidates(segments, Context(pipeline.config, pipeline.rules, "x.txt"))
        if named is None:
            continue
        found = {
            k for k, seg in enumerate(segments) if stage.check(seg, Context(pipeline.config, pipeline.rules, "x.txt"))
        }
        assert found, f"{stage.name}: the sample gives this stage nothing to find"
        assert found <= named, f"{stage.name} misses segments {sorted(found - named)[:5]}"
        # and it is a filter: most segments are left out
        assert len(named) < len(segments), stage.name


def test_candidates_cover_the_rules_own_examples(pipeline) -> None:  # type: ignore[no-untyped-def]
    """Every rule's bad examples (and good ones) as segments, side by side: each segment a
    stage finds anything in is named, for every rule family at once (a bad example is
    where a rule's own conditions hold, so each check's edge gets its test)."""
    segments = [
        line
        for rule in pipeline.rules.rules
        for ex in rule.bad + rule.good
        for line in ex.text.split("\n")
    ]
    segments += [seg.lower() for seg in segments] + [seg.upper() for seg in segments]
    checked = 0
    for stage in pipeline.stages:
        candidates = getattr(stage, "candidates", None)
        if candidates is None or stage.name == "grammar":
            continue
        named = candidates(segments, Context(pipeline.config, pipeline.rules, "x.txt"))
        if named is None:
            continue
        found = {
            k for k, seg in enumerate(segments) if stage.check(seg, Context(pipeline.config, pipeline.rules, "x.txt"))
        }
        assert found <= named, f"{stage.name} misses {[segments[k] for k in sorted(found - named)[:3]]}"
        checked += bool(found)
    assert checked >= 4


def test_edges_are_found(pipeline) -> None:  # type: ignore[no-untyped-def]
    """The crafted segments do reach the checks they were written for (else the test above
    would prove little about them)."""
    rules = {f.rule for f in pipeline.run("\n".join(EDGES) + "\n", "x.txt").findings}
    # a name starting lowercase, a possessive's capital, a capitalised function word, a
    # name written lowercase, nouns capitalised German-style, "You", an exonym, a German function word, one place
    # spelled two ways
    assert {"CAP006", "CAP001", "CAP002", "CAP003", "CAP004", "CAP005", "UNT001", "UNT003", "CON001"} <= rules, rules


@pytest.mark.parametrize(
    ("regex", "sensitive"),
    [
        (r"(?<![\w'’-])(?:foo)(?![\w'’-])\s*bar", False),
        (r"[^\W\d_]+ (?i:the)", False),
        (r"(?<!x)foo", True),
        (r"(?<=x)foo", True),
        (r"^foo", True),
        (r"\Afoo", True),
    ],
)
def test_what_a_line_break_before_a_segment_may_change(regex: str, sensitive: bool) -> None:
    """A pattern rule's regex is tried on the joined segments only when the line break
    before a segment reads as a text's start to it (else the anchor words alone decide)."""
    from mtclean.stages.patterns import _start_sensitive

    assert _start_sensitive(regex) is sensitive
