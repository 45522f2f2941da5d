"""Which parts of a document are not prose: code, link targets, markup, front matter.

mtclean cleans English prose. In a Markdown file the code blocks, inline code,
link and image targets, HTML and front matter are someone else's syntax: a fix
there breaks a program or a link, so the pipeline drops every finding inside
these ranges (see ``scope.py``) and no edit ever touches them. Plain text gets
the same for lines that are unmistakably code (shell prompts, batch commands)
and for URLs.
"""

from __future__ import annotations

from dataclasses import dataclass

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")


@dataclass(frozen=True, slots=True)
class Protected:
    """``text[start:end]`` is not prose; ``kind`` says what it is (for reports and tests)."""

    start: int
    end: int
    kind: str  # code-block, code-inline, link-target, autolink, html, html-comment, front-matter, url, code-line


def protected_ranges(text: str, path: str = "<text>") -> list[Protected]:
    """The non-prose ranges of ``text``, sorted and non-overlapping, in code-point offsets."""
    if path.lower().endswith(MARKDOWN_SUFFIXES):
        from .markdown import markdown_ranges

        ranges = markdown_ranges(text)
    else:
        from .plaintext import plaintext_ranges

        ranges = plaintext_ranges(text)
    return merge(ranges)


def merge(ranges: list[Protected]) -> list[Protected]:
    """Sorted, with ranges inside others dropped and overlapping ones joined (the outer kind wins)."""
    out: list[Protected] = []
    for r in sorted(ranges, key=lambda r: (r.start, -r.end)):
        if r.end <= r.start:
            continue
        if out and r.start < out[-1].end:
            if r.end > out[-1].end:
                out[-1] = Protected(out[-1].start, r.end, out[-1].kind)
            continue
        out.append(r)
    return out
