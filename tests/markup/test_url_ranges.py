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


def test_urls_found_from_their_separator_are_the_urls(shared: Path) -> None:
    """url_spans (the regex engine skips to "://") against the plain pattern, on real
    text and on text generated to put schemes, word characters and marks around "://"."""
    from mtclean.markup.plaintext import url_spans

    texts = _real_texts(shared) + ["".join(p) for p in _generated(3000)]
    found = 0
    for text in texts:
        assert url_spans(text) == _spans(URL_PLAIN, text), text[:200]
        found += len(url_spans(text))
    assert found > 50


def _generated(n: int) -> list[list[str]]:
    import random

    rnd = random.Random(5)
    return [[rnd.choice(PIECES) for _ in range(rnd.randint(0, 25))] for _ in range(n)]


CODE_PIECES = ["$ ", ">>> ", "C:\\x>", "PS>", "PS x> ", "rem", "REM ", "@echo", ":: ", "#!/", " ", "\t", "\n", "\r\n",
               "x", "ls", "$", ">", "\n\n", "é"]


def test_code_lines_found_from_their_line_break_are_the_code_lines(shared: Path) -> None:
    """code_line_spans (the first line, then the lines after a line break) against
    CODE_LINE.finditer, on real text and generated prompts, comments and line breaks."""
    import random

    from mtclean.markup.plaintext import CODE_LINE, code_line_spans

    rnd = random.Random(9)
    texts = _real_texts(shared) + ["".join(rnd.choice(CODE_PIECES) for _ in range(rnd.randint(0, 20))) for _ in range(3000)]
    found = 0
    for text in texts:
        assert code_line_spans(text) == _spans(CODE_LINE, text), text[:200]
        found += len(code_line_spans(text))
    assert found > 300
