"""The URL pattern that skips to its first letter finds exactly what the plain one does."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from mtclean.markup.plaintext import URL, URL_PLAIN


def _spans(rx, text: str) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    return [m.span() for m in rx.finditer(text)]


PIECES = ["http", "https", "ftp", "://", "s", "h", "f", "x", "é", "_", "1", " ", "\n", ".", ")", "/", "a.b", "'", "ß"]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=25))
def test_generated_text(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert _spans(URL, text) == _spans(URL_PLAIN, text)


def test_edges() -> None:
    edges = ("http://a.b", "xhttp://a.b", "_ftp://x.y", "éhttps://x.y", "(https://x.y).", "1ftp://x", "ßhttp://x")
    for text in edges:
        assert _spans(URL, text) == _spans(URL_PLAIN, text), text
    assert _spans(URL, "see https://example.org/a.") == [(4, 25)]


def _real_texts(shared: Path) -> list[str]:
    """Python's reference documentation and the system's licence texts (full of links),
    and news machine-translated from German."""
    from pydoc_data.topics import topics

    texts = list(topics.values())
    paths = [p for p in sorted(Path("/usr/share/common-licenses").glob("*")) if p.is_file()]
    paths += sorted((shared / "data" / "wmt21-deen").glob("*.en"))
    texts += [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    return texts


def test_real_text(shared: Path) -> None:
    found = 0
    for text in _real_texts(shared):
        assert _spans(URL, text) == _spans(URL_PLAIN, text)
        found += len(_spans(URL, text))
    assert found > 20
