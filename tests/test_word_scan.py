"""The anchor-word scan's two regexes (patterns.WordScan: one trie with each word's test
at its leaf, or one trie per distinct test) find exactly the same hits, on the seed,
real news text and text written to put the anchors at a text's start and end."""

from __future__ import annotations

from pathlib import Path

from mtclean import patterns
from mtclean.api import rules_for
from mtclean.config import Config
from mtclean.doc import Doc
from mtclean.stages.patterns import _all_anchors

ROOT = Path(__file__).resolve().parents[1]


def test_grouped_and_one_trie_scans_agree(shared: Path) -> None:
    words, scanner = _all_anchors(rules_for(Config()).rules)
    assert len({test for _, test in scanner.ahead}) > 1  # several tests: the grouped form differs
    texts = [
        (ROOT / "seeds" / "000_7812e24d0ad2b208.txt").read_text(encoding="utf-8"),
        (shared / "data" / "wmt21-deen" / "newstest2021.de-en.ref.A.en").read_text(encoding="utf-8"),
        (shared / "data" / "wmt21-deen" / "newstest2021.de-en.hyp.Online-B.en").read_text(encoding="utf-8"),
        "The talks were held in Berlin. (12) Also in the city the",
        "the vote on Monday was confirmed by the court on Friday, (3)",
    ]
    total = 0
    for text in texts:
        grouped = patterns.WordScan(words, scanner.ahead, read=0).find(Doc(text))
        one = patterns.WordScan(words, scanner.ahead, read=patterns.ONE_TRIE_AFTER).find(Doc(text))
        assert grouped == one
        total += sum(map(len, one.values()))
    assert total > 1000


def test_a_process_switches_to_one_trie_after_enough_text() -> None:
    scan = patterns.WordScan(frozenset({"the", "on"}), (("the", r"\s*(?:court)"),))
    doc = Doc("on the court, the end")
    assert scan.find(doc) == {"on": [0], "the": [3]}
    scan.read = patterns.ONE_TRIE_AFTER
    assert scan.find(doc) == {"on": [0], "the": [3]}
    assert patterns._scanner.cache_info().currsize >= 2  # both forms were built
