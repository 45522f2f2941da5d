"""Judging edits against post-edits: agree, partly, contradict, and flags changed or kept."""

from __future__ import annotations

import pytest

from mtclean import Config
from mtclean.api import rules_for
from mtclean.model import Edit
from mtclean.quality.align import Alignment
from mtclean.quality.evaluate import evaluate, judge_edit


@pytest.mark.parametrize(
    ("mt", "edit", "pe", "verdict"),
    [
        # a substitution the post-editor made the same way, differently, or not at all
        ("How CNN reported, it rained.", Edit(0, 3, "As"), "As CNN reported, it rained.", "agree"),
        ("How CNN reported, it rained.", Edit(0, 3, "As"), "According to CNN, it rained.", "partly"),
        ("How CNN reported, it rained.", Edit(0, 3, "As"), "How CNN reported, it rained.", "contradict"),
        # a deletion
        ("Sanctions on the Iran stay.", Edit(13, 17, ""), "Sanctions on Iran stay.", "agree"),
        ("Sanctions on the Iran stay.", Edit(13, 17, ""), "Sanctions on the Iran stay.", "contradict"),
        # a capitalization fix is a change of the word
        ("It ended Without a result.", Edit(9, 16, "without"), "It ended without a result.", "agree"),
        ("It ended Without a result.", Edit(9, 16, "without"), "It ended Without a result.", "contradict"),
        # an insertion
        ("They met in park.", Edit(12, 12, "the "), "They met in the park.", "agree"),
        ("They met in park.", Edit(12, 12, "the "), "They met in a park.", "partly"),
        ("They met in park.", Edit(12, 12, "the "), "They met in park.", "contradict"),
        # a spacing-only edit is judged on spacing
        ("It rained  hard.", Edit(9, 11, " "), "It rained hard.", "agree"),
        # changes elsewhere in the sentence do not matter
        ("How CNN reported, it rained.", Edit(0, 3, "As"), "As CNN reported, it poured.", "agree"),
        ("How CNN reported, it rained.", Edit(0, 3, "As"), "How CNN reported, it poured.", "contradict"),
    ],
)
def test_judge_edit(mt: str, edit: Edit, pe: str, verdict: str) -> None:
    assert judge_edit(Alignment(mt, pe), edit)[0] == verdict


def test_evaluate_runs_the_pipeline_and_tallies_per_rule() -> None:
    config = Config()
    mt = [
        "How the Guardian reported, the deal collapsed.",
        "How the ministry announced, new rules apply.",
        "How Reuters reported, prices fell.",
        "Nothing to see here.",
    ]
    pe = [
        "As the Guardian reported, the deal collapsed.",  # agrees
        "According to the ministry, new rules apply.",  # changed differently
        "How Reuters reported, prices fell.",  # kept: contradicts
        "Nothing to see here.",
    ]
    ev = evaluate(mt, pe, config, rules_for(config))
    tally = {t.rule: t for t in ev.rules}["CAL003"]
    assert (tally.agree, tally.partly, tally.contradict) == (1, 1, 1)
    assert tally.as_dict()["precision"] == round(1 / 3, 4)
    assert ev.segments_changed == 3
    assert [r.rule for r in ev.most_contradicted()] == ["CAL003"]
    # One edit gained a word, one lost a word: TER against the post-edit is level.
    before, after = (ev.scores["pe"][w][0] for w in ("before", "after"))
    assert before.metric == "ter" and after.score == pytest.approx(before.score)
    d = ev.as_dict("0", "sig")
    assert d["schema"] == "mtclean-eval/1"
    assert d["overall"]["edits"] == 3 and d["overall"]["agree"] == 1
    assert d["most_contradicted"] == ["CAL003"]
    assert {f["verdict"] for f in d["findings"]} == {"agree", "partly", "contradict"}


def test_edits_the_post_editors_made_lower_ter_and_raise_chrf() -> None:
    config = Config()
    mt = ["How the Guardian reported, the deal collapsed.", "The Switzerland has voted against the plan."]
    pe = ["As the Guardian reported, the deal collapsed.", "Switzerland has voted against the plan."]
    ev = evaluate(mt, pe, config, rules_for(config), ref=pe)
    for against in ("pe", "ref"):
        (ter_b, chrf_b), (ter_a, chrf_a) = (ev.scores[against][w] for w in ("before", "after"))
        assert ter_a.score == 0 < ter_b.score
        assert chrf_a.score == 100 > chrf_b.score
    assert ev.overall().agree == 2 and ev.overall().contradict == 0


def test_flags_are_judged_as_changed_or_kept() -> None:
    config = Config()
    mt = ["The government around Prime Minister Rutte resigned.", "The team around Coach Tuchel lost."]
    pe = ["Prime Minister Rutte's government resigned.", "The team around Coach Tuchel lost."]
    ev = evaluate(mt, pe, config, rules_for(config))
    tally = {t.rule: t for t in ev.rules}["CAL005"]
    assert (tally.flags, tally.flags_changed, tally.edits) == (2, 1, 0)


def test_each_finding_is_judged_by_its_own_edit() -> None:
    from mtclean.model import FileResult, Finding
    from mtclean.quality.evaluate import judge_segment

    mt = "It ended Without Delay."
    # Two adjacent fixes: "Without" -> "without" and "Delay" -> "delay" (one merged edit would hide which is which).
    findings = [
        Finding("CAP002", "capitalization", "warning", 9, 16, "m", "safe", applied=True),
        Finding("CAPX01", "capitalization", "warning", 17, 22, "m", "safe", applied=True),
    ]
    edits = [Edit(9, 16, "without"), Edit(17, 22, "delay")]
    result = FileResult("<t>", mt, "It ended without delay.", findings, edits)
    judged = judge_segment(1, result, "It ended without Delay.")
    assert [(j.rule, j.verdict) for j in judged] == [("CAP002", "agree"), ("CAPX01", "contradict")]
