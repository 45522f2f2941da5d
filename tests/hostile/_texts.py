"""Text generators shared by the hostile tests and benchmarks/fuzz.py: generated
text that is rich in what breaks text tools (line endings, BOMs, NBSP, tabs,
control characters, mojibake, astral characters) and phrases that make the
rules fire, mixed with real lines from the seed and the shared WMT21 data."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_7812e24d0ad2b208.txt"

# Phrases the built-in rules act on (calques, boilerplate, capitalization, mojibake, white space).
TRIGGERS = [
    "the Ukraine", "The Ukraine rejects the plan.", "How CNN reported, ", "As the BBC reported,",
    "© dpa", "Photo: Reuters", "(Photo: AFP)", "their Equipment", "Home > News > World\n",
    "cafÃ©", "â€œquotedâ€\x9d", "\x07", "\x1b[31m", "  ", "\t", "\u00a0", "\r\n", "\n\n\n", "\n",
    " Leading space", "trailing \n", "\ufeff", "😀", "Mr. ", "e.g. ", "„Zitat“", "– ", "...",
]
ALPHABET = st.characters(
    codec="utf-8",
    categories=("L", "N", "P", "S", "Zs", "Cc"),
    include_characters="\n\r\t\u00a0\u2028\ufeff",
)


@lru_cache(maxsize=1)
def real_lines() -> tuple[str, ...]:
    """Lines of the seed and, when the shared data is there, of WMT21 MT output and references."""
    lines = SEED.read_text(encoding="utf-8").splitlines(keepends=True)
    shared = Path(os.environ.get("MTCLEAN_SHARED", ROOT.parent / "shared")) / "data" / "wmt21-deen"
    for name in ("newstest2021.de-en.hyp.Online-B.en", "newstest2021.de-en.ref.A.en"):
        f = shared / name
        if f.is_file():
            lines.extend(f.read_text(encoding="utf-8").splitlines(keepends=True)[:400])
    return tuple(lines)


def pieces() -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(ALPHABET, max_size=30),
        st.sampled_from(TRIGGERS),
        st.sampled_from(real_lines()),
        st.sampled_from(["The", "the", "House", "said", "Minister", "in", "Berlin", ",", ".", " "]),
    )


def documents(max_pieces: int = 25) -> st.SearchStrategy[str]:
    """Documents stitched from generated text, rule triggers and real lines."""
    return st.lists(pieces(), max_size=max_pieces).map("".join)


def real_documents(max_lines: int = 30) -> st.SearchStrategy[str]:
    """Runs of consecutive real lines, optionally with Windows line endings or no final newline."""
    def build(start: int, n: int, crlf: bool, strip_end: bool) -> str:
        lines = real_lines()
        text = "".join(lines[start % len(lines) : start % len(lines) + n])
        if crlf:
            text = text.replace("\r\n", "\n").replace("\n", "\r\n")
        return text.rstrip("\r\n") if strip_end else text

    return st.builds(build, st.integers(0, 10_000), st.integers(1, max_lines), st.booleans(), st.booleans())
