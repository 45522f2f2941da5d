"""The shared token layer: sentence bounds, token offsets, built once per text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mtclean.doc import Doc, doc_for, sentence_spans, tokenize, trie_regex


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


def test_abbreviations_and_initials_do_not_end_sentences() -> None:
    text = "Mr. Smith met Dr. Jones of the U.S. Army. J. R. Doe left. Then it rained!"
    assert sentences(text) == ["Mr. Smith met Dr. Jones of the U.S. Army.", "J. R. Doe left.", "Then it rained!"]


def test_lines_end_sentences_unless_a_wrapped_line_continues_in_lowercase() -> None:
    text = "A headline without a stop\nThe body starts here and is\nwrapped over lines.\n\n  Next paragraph."
    assert sentences(text) == [
        "A headline without a stop",
        "The body starts here and is\nwrapped over lines.",
        "Next paragraph.",
    ]


def test_a_full_stop_before_lowercase_is_not_a_boundary() -> None:
    assert sentences("Prices rose approx. three per cent. Then they fell.") == [
        "Prices rose approx. three per cent.",
        "Then they fell.",
    ]


def test_tokens_keep_offsets_and_split_marks() -> None:
    text = "The U.S.-made drone, “Bayraktar”, flew 1,200 km."
    toks = tokenize(text)
    assert all(text[t.start : t.end] == t.text for t in toks)
    assert [t.text for t in toks][:5] == ["The", "U.S.", "-", "made", "drone"]
    assert "1,200" in [t.text for t in toks] and "“" in [t.text for t in toks]


def test_doc_is_built_once_per_text_and_rebuilt_for_another() -> None:
    cache: dict[str, object] = {}
    text = "One sentence here. Another one there."
    first = doc_for(text, cache)
    assert doc_for(text, cache) is first
    assert doc_for(text + " More.", cache) is not first


def test_tokens_are_made_on_demand() -> None:
    doc = Doc("First sentence. Second sentence.")
    assert doc._tokens == {}
    assert [t.text for t in doc.tokens(1)] == ["Second", "sentence", "."]
    assert list(doc._tokens) == [1]
    assert doc.sentence_at(doc.text.index("Second")) == 1 and doc.sentence_at(15) is None


def test_trie_regex_matches_exactly_the_words() -> None:
    import re

    rx = re.compile(f"(?:{trie_regex(['that', 'than', 'the', 'a', 'an'])})$")
    assert all(rx.match(w) for w in ["that", "than", "the", "a", "an"])
    assert not any(rx.match(w) for w in ["th", "thus", "ant", "tha"])


def _plain_sentence_spans(text: str) -> list[tuple[int, int]]:
    """The sentence split as first written: each boundary tested for an abbreviation."""
    from mtclean.doc import _MAYBE_ABBREVIATION, BOUNDARY, _abbreviation

    cuts = [
        (m.end(1), m.end()) if m.group(1) is not None else (m.start() - (m.start() > 0 and text[m.start() - 1] == "\r"), m.end())
        for m in BOUNDARY.finditer(text)
    ]
    n = len(text)
    cuts = [
        (e, nxt)
        for e, nxt in cuts
        if not (
            text[e - 1] == "."
            and e < n
            and text[e] in " \t"
            and text[e - 2 : e] != ".."
            and _MAYBE_ABBREVIATION.match(text, e - 1)
            and _abbreviation(text, e - 1)
        )
    ]
    starts = [len(text) - len(text.lstrip())] + [nxt for _, nxt in cuts]
    ends = [e for e, _ in cuts] + [len(text.rstrip())]
    return [(a, b) for a, b in zip(starts, ends) if b > a]


def test_sentence_spans_agree_with_the_plain_split_on_real_text(shared) -> None:  # type: ignore[no-untyped-def]
    """Abbreviations found in a pass of their own, line-break ends read off end(1): the
    same spans as testing every boundary, on news, its references and CRLF text."""
    texts = [p.read_text(encoding="utf-8")[:80_000] for p in sorted((shared / "data" / "wmt21-deen").glob("*"))[:6]]
    texts += [t.replace("\n", "\r\n") for t in texts[:2]]
    assert sum(len(sentence_spans(t)) for t in texts) > 1000
    for text in texts:
        assert sentence_spans(text) == _plain_sentence_spans(text)


_SENTENCE_PIECES = st.sampled_from(
    ["Mr.", "Dr.", "U.S.", "e.g.", "J.", "etc.", "approx.", "St.", "Word", "word", "ab.", "x.", "..", "...", "!", "?",
     "…", "”", ")", "'", '"', "«", "(", "1.", "2", " ", "  ", "\t", "\n", "\r\n", "\n\n", " \n", "-", ",", ";", "é."]
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(_SENTENCE_PIECES, max_size=16).map("".join))
def test_sentence_spans_agree_with_the_plain_split_on_any_text(text: str) -> None:
    assert sentence_spans(text) == _plain_sentence_spans(text)


def test_doc_starts_are_its_spans_starts(shared) -> None:  # type: ignore[no-untyped-def]
    """The sentence starts made with the spans are the spans' starts (Doc bisects them)."""
    from mtclean.doc import sentence_bounds

    for p in sorted((shared / "data" / "wmt21-deen").glob("*.en"))[:2]:
        text = p.read_text(encoding="utf-8")[:50_000]
        spans, starts = sentence_bounds(text)
        assert spans == _plain_sentence_spans(text) and starts == [s for s, _ in spans]
        assert Doc(text).starts == starts
