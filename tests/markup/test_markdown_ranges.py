"""markup.markdown: the protected ranges of a Markdown document are exactly the code,
link targets, HTML and front matter, in code points of the original text."""

from __future__ import annotations

from mtclean.markup import protected_ranges

DOC = """\
---
title: How the BBC reported
---
# Heading with `code`

Prose with `inline code` and [link text](https://example.org/a "A title") and ![alt text](img/x.png).
  A second line, <!-- a comment --> then <b>bold</b> and <https://example.org/auto>.

> A quote with `quoted code`.

    indented code line

- item with `item code`
  continued line

| head | `cell code` |
|------|-------------|
| a    | b           |

```python
fenced code
```

<div>
Prose inside a div.
</div>

[ref]: https://example.org/ref "Ref title"
"""


def spans(text: str, path: str = "doc.md") -> list[tuple[str, str]]:
    return [(r.kind, text[r.start : r.end]) for r in protected_ranges(text, path)]


def test_every_construct_is_found_exactly() -> None:
    assert spans(DOC) == [
        ("front-matter", "---\ntitle: How the BBC reported\n---"),
        ("code-inline", "`code`"),
        ("code-inline", "`inline code`"),
        ("link-target", '](https://example.org/a "A title")'),
        ("link-target", "](img/x.png)"),
        ("html-comment", "<!-- a comment -->"),
        ("html", "<b>"),
        ("html", "</b>"),
        ("autolink", "<https://example.org/auto>"),
        ("code-inline", "`quoted code`"),
        ("code-block", "    indented code line"),
        ("code-inline", "`item code`"),
        ("code-inline", "`cell code`"),
        ("code-block", "```python\nfenced code\n```"),
        ("html", "<div>"),
        ("html", "</div>"),
        ("link-target", '[ref]: https://example.org/ref "Ref title"'),
    ]


def test_link_text_alt_text_and_prose_stay_prose() -> None:
    prose = {"link text", "alt text", "Prose inside a div.", "Prose with", "A second line,"}
    covered = protected_ranges(DOC, "doc.md")
    for word in prose:
        at = DOC.index(word)
        assert not any(r.start <= at < r.end for r in covered), word


def test_offsets_are_exact_with_crlf_and_astral_characters() -> None:
    text = "\U0001f600 Emoji first, then `code` here.\r\n\r\n```\r\nfenced \U0001f600\r\n```\r\n"
    got = spans(text)
    assert got == [("code-inline", "`code`"), ("code-block", "```\r\nfenced \U0001f600\r\n```")]


def test_tabs_nested_lists_and_blockquotes() -> None:
    text = "> - quoted item with `a`\n>   and `b` on the next line\n\n1.\tnumbered `c`\n"
    assert [s for _, s in spans(text)] == ["`a`", "`b`", "`c`"]


def test_a_plain_file_name_is_not_markdown() -> None:
    text = "Use `code` here.\n"
    assert spans(text, "notes.txt") == []  # plain text: no Markdown syntax
    assert spans("See https://example.org/The-Ukraine now.\n", "notes.txt") == [
        ("url", "https://example.org/The-Ukraine")
    ]
