"""The anchor-word scan's two regexes (patterns.WordScan: one trie with each word's test
at its leaf, or one trie per distinct test) and its Hyperscan pass (spans confirmed by
each group's regex) find exactly the same hits, on the seed, real news and
documentation text and text written to put the anchors at a text's start and end."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtclean import patterns, regex_set
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
        grouped = patterns.WordScan(words, scanner.ahead, read=0, hyperscan=False).find(Doc(text))
        one = patterns.WordScan(words, scanner.ahead, read=patterns.ONE_TRIE_AFTER, hyperscan=False).find(Doc(text))
        assert grouped == one
        total += sum(map(len, one.values()))
    assert total > 1000


def test_a_process_switches_to_one_trie_after_enough_text() -> None:
    scan = patterns.WordScan(frozenset({"the", "on"}), (("the", r"\s*(?:court)"),), hyperscan=False)
    doc = Doc("on the court, the end")
    assert scan.find(doc) == {"on": [0], "the": [3]}
    scan.read = patterns.ONE_TRIE_AFTER
    assert scan.find(doc) == {"on": [0], "the": [3]}
    assert patterns._scanner.cache_info().currsize >= 2  # both forms were built


HUMAN_TEXT = [
    "wmt21-deen/newstest2021.de-en.ref.A.en",
    "wmt21-deen/newstest2021.de-en.hyp.Online-B.en",
    "wmt21-deen/newstest2021.de-en.hyp.Online-G.en",
]
# Written to reach the Hyperscan path's corners: a word of a group inside another match
# of the same group ending at the same place ("already also in": the adverbs' test
# spans the second adverb), a test across a line break, words glued to non-ASCII
# letters and marks, opening quotes and dashes before a word, a text's start and end.
CORNERS = [
    "It was already also in the plan, and now still only in Berlin.",
    "writing to this\nfrom within a trace, the\nin the end by",
    "„The talks“ – in Köln, in“ the court; inä byé fromß “from the start” (3) may",
    "in\tthe by\r\nfrom The in-house by’s not’ not-at-all NOT known, Was held, IS.",
]


@pytest.mark.skipif(regex_set.hyperscan is None, reason="no Hyperscan wheel for this platform")
def test_hyperscan_scan_finds_what_the_regex_finds(shared: Path) -> None:
    """The shortcut: Hyperscan's superset spans, confirmed by re, must give every hit the
    regex gives (a dropped hit would drop a word-order finding) and no other."""
    words, scanner = _all_anchors(rules_for(Config()).rules)
    fast = patterns.WordScan(words, scanner.ahead, hyperscan_after=0, hyperscan_text=0)
    assert patterns._hit_spans(words, scanner.ahead) is not None  # the Hyperscan path is the one tested
    texts = [(shared / "data" / name).read_text(encoding="utf-8") for name in HUMAN_TEXT]
    texts.append((ROOT / "seeds" / "000_7812e24d0ad2b208.txt").read_text(encoding="utf-8"))
    texts.append((ROOT / "README.md").read_text(encoding="utf-8"))  # Markdown, code, non-ASCII marks
    from pydoc_data.topics import topics  # Python's reference documentation: prose and code

    texts.append("\n\n".join(topics[k] for k in sorted(topics)))
    texts += CORNERS
    total = 0
    for text in texts:
        slow = patterns.WordScan(words, scanner.ahead, hyperscan=False).find(Doc(text))
        assert fast.find(Doc(text)) == slow
        total += sum(map(len, slow.values()))
    assert total > 5000


@pytest.mark.skipif(regex_set.hyperscan is None, reason="no Hyperscan wheel for this platform")
def test_a_hit_inside_another_hit_of_its_group_is_found() -> None:
    """Hyperscan reports one start per end: "so" in "really so good" ends where "really"
    ends (the test reaches over "so"), so its place is found inside the first span."""
    test = r"\s*(?:(?:really|so)\s*){0,3}good"
    words, ahead = frozenset({"really", "so"}), (("really", test), ("so", test))
    assert patterns._hit_spans(words, ahead) is not None
    text = "It was really so good, so so good and really\n\nreally good."
    fast = patterns.WordScan(words, ahead, hyperscan_after=0, hyperscan_text=0).find(Doc(text))
    assert fast == patterns.WordScan(words, ahead, hyperscan=False).find(Doc(text))
    assert fast == {"really": [7, 38, 46], "so": [14, 23, 26]}


def test_a_text_hyperscan_cannot_take_is_scanned_by_the_regex() -> None:
    words, scanner = _all_anchors(rules_for(Config()).rules)
    text = "Talks were held \udcff in Berlin, not here."  # a lone surrogate: not UTF-8
    fast = patterns.WordScan(words, scanner.ahead, hyperscan_after=0, hyperscan_text=0).find(Doc(text))
    assert fast == patterns.WordScan(words, scanner.ahead, hyperscan=False).find(Doc(text))
    assert fast["in"] == [len("Talks were held \udcff ")]


def test_a_process_loads_hyperscan_only_after_enough_text(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A hook on a small file scans with the regex alone (loading the set would cost it
    more than it saves); a longer run switches once it has read HYPERSCAN_AFTER, for
    texts of HYPERSCAN_TEXT characters or more (a segment with --lines stays with the regex)."""
    calls = []
    real = patterns._led_hits
    monkeypatch.setattr(patterns, "_led_hits", lambda *a: calls.append(1) or real(*a))
    scan = patterns.WordScan(frozenset({"the", "on"}), (("the", r"\s*(?:court)"),))
    doc = Doc("on the court, the end")
    assert scan.find(doc) == {"on": [0], "the": [3]} and not calls
    scan.read = patterns.HYPERSCAN_AFTER
    assert scan.find(doc) == {"on": [0], "the": [3]} and not calls  # a short text: the regex
    long = Doc("on the court, the end. " * 30)
    assert scan.find(long) == patterns.WordScan(scan.words, scan.ahead, hyperscan=False).find(long) and calls
