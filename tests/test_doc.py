"""The shared token layer: sentence bounds, token offsets, built once per text."""

from __future__ import annotations

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
