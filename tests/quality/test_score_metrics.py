"""Corpus scores are sacrebleu's own; sentence deltas count what cleaning did."""

from __future__ import annotations

import sacrebleu

from mtclean.quality.score import corpus_scores, segment_deltas

HYPS = ["The cat sat on the mat.", "How CNN reported, it rained.", "It was cold."]
REFS = [["The cat sat on the mat.", "As CNN reported, it rained.", "It was very cold."]]


def test_corpus_scores_match_the_sacrebleu_api_with_signatures() -> None:
    bleu, chrf, ter = corpus_scores(HYPS, REFS, width=2)
    assert bleu.score == sacrebleu.corpus_bleu(HYPS, REFS).score
    assert chrf.score == sacrebleu.corpus_chrf(HYPS, REFS).score
    assert ter.score == sacrebleu.corpus_ter(HYPS, REFS).score
    assert bleu.signature.startswith("nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:")
    assert chrf.name == "chrF2" and "nc:6|nw:0" in chrf.signature
    assert ter.text.startswith("TER|nrefs:1|case:lc|tok:tercom") and ter.text.endswith(f"= {ter.score:.2f}")
    assert bleu.verbose.endswith(")") and "BP = " in bleu.verbose
    assert bleu.as_dict(1)["score"] == float(f"{bleu.score:.1f}")


def test_segment_deltas_count_better_worse_and_unchanged() -> None:
    after = ["The cat sat on mat.", "As CNN reported, it rained.", "It was cold."]
    d = segment_deltas(HYPS, after, REFS)
    assert (d.total, len(d.changes), d.better, d.worse, d.unchanged) == (3, 2, 1, 1, 1)
    (worst,) = d.worst(5)
    assert worst.line == 1 and worst.delta < 0 and worst.chrf_before == 100
    assert d.as_dict(5)["worst"][0]["after"] == "The cat sat on mat."
