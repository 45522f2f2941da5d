"""Protected ranges of a Markdown document, from markdown-it-py's CommonMark parser.

markdown-it-py gives block tokens with line maps but inline tokens without
positions, so the block structure comes from its block parser and each inline
token's text is parsed again by its inline parser with the code-span, link,
image, autolink and HTML rules wrapped to record where they matched. Those
positions are in the inline token's content (the paragraph with indentation,
list markers and ``>`` stripped); each content line is found again in its source
line, so every range is exact in code points of the original text (CRLF or
not). Front matter comes from mdit-py-plugins.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from . import Protected
from .plaintext import url_ranges

NEWLINE = re.compile(r"\r\n?|\n")
HTML_PIECE = re.compile(r"<!--.*?-->|<[A-Za-z/!?][^>]*>", re.S)
RAW_HTML_BLOCK = re.compile(r"\s*<(?:script|pre|style|textarea)[\s>]", re.I)
ENV_KEY = "mtclean_ranges"


@lru_cache(maxsize=1)
def _parser() -> Any:
    """CommonMark plus GFM tables and front matter, inline rules wrapped to record spans."""
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import autolink, backtick, html_inline, image, link
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark").enable("table").use(front_matter_plugin)
    md.inline.ruler.at("backticks", _recording(backtick, "code-inline"))
    md.inline.ruler.at("link", _recording(link, "link-target", label=1))
    md.inline.ruler.at("image", _recording(image, "link-target", label=2))
    md.inline.ruler.at("autolink", _recording(autolink, "autolink"))
    md.inline.ruler.at("html_inline", _recording(html_inline, "html"))
    return md


def _recording(rule: Callable[..., bool], kind: str, label: int = 0) -> Callable[..., bool]:
    """``rule`` that also notes (kind, start, end) in the inline content when it matched.

    For links and images only the part after the label is recorded: the link text
    and an image's alt text are prose.
    """

    def wrapped(state: Any, silent: bool) -> bool:
        start = state.pos
        ok = rule(state, silent)
        if ok and not silent:
            end = state.pos
            if label:
                label_end = state.md.helpers.parseLinkLabel(state, start + label - 1, True)
                start = label_end if label_end >= 0 else start
            if kind == "html" and state.src.startswith("<!--", start):
                state.env[ENV_KEY].append(("html-comment", start, end))
            else:
                state.env[ENV_KEY].append((kind, start, end))
        return ok

    return wrapped


def markdown_ranges(text: str) -> list[Protected]:
    md = _parser()
    # Source lines of the original text: markdown-it normalizes line ends to "\n",
    # so its line numbers match these and offsets are taken from the original.
    starts = [0] + [m.end() for m in NEWLINE.finditer(text)]
    ends = [m.start() for m in NEWLINE.finditer(text)] + [len(text)]
    if starts[-1] == len(text) and len(starts) > 1:  # a final line break opens no line
        starts.pop()
        ends.pop()
    normalized = NEWLINE.sub("\n", text).replace("\0", "\ufffd")
    tokens: list[Any] = []
    md.block.parse(normalized, md, {}, tokens)
    out: list[Protected] = []
    covered = [False] * len(starts)
    cursor: dict[int, int] = {}  # source line -> where the next inline content may start (table cells)

    def lines_range(first: int, last: int, kind: str) -> None:
        if first < len(starts):
            out.append(Protected(starts[first], ends[min(last, len(ends)) - 1], kind))

    for tok in tokens:
        if tok.map:
            for i in range(tok.map[0], min(tok.map[1], len(covered))):
                if tok.type not in ("bullet_list_open", "ordered_list_open", "list_item_open", "blockquote_open"):
                    covered[i] = True
        if tok.type in ("fence", "code_block") and tok.map:
            lines_range(tok.map[0], tok.map[1], "code-block")
        elif tok.type == "front_matter" and tok.map:
            lines_range(tok.map[0], tok.map[1], "front-matter")
        elif tok.type == "html_block" and tok.map:
            first, last = tok.map
            block_start, block_end = starts[first], ends[min(last, len(ends)) - 1]
            if RAW_HTML_BLOCK.match(tok.content):
                out.append(Protected(block_start, block_end, "html"))
            else:  # the tags and comments; text between tags is prose
                for m in HTML_PIECE.finditer(text, block_start, block_end):
                    kind = "html-comment" if m.group().startswith("<!--") else "html"
                    out.append(Protected(m.start(), m.end(), kind))
        elif tok.type == "inline" and tok.map:
            out.extend(_inline_ranges(md, tok, text, starts, ends, cursor))
    # A non-blank line no block claims is a link reference definition ("[id]: url"),
    # which CommonMark parses into no token at all.
    for i, claimed in enumerate(covered):
        if not claimed and text[starts[i] : ends[i]].strip():
            out.append(Protected(starts[i], ends[i], "link-target"))
    taken = sorted((r.start, r.end) for r in out)
    out.extend(u for u in url_ranges(text) if not _inside(taken, u.start))
    return out


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    from bisect import bisect_right

    i = bisect_right(spans, (pos, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def _inline_ranges(
    md: Any, tok: Any, text: str, starts: list[int], ends: list[int], cursor: dict[int, int]
) -> list[Protected]:
    env: dict[str, Any] = {ENV_KEY: []}
    md.inline.parse(tok.content, md, env, [])
    if not env[ENV_KEY]:
        _locate(tok, text, starts, ends, cursor)  # advances table-cell cursors all the same
        return []
    to_source = _locate(tok, text, starts, ends, cursor)
    return [Protected(to_source(s), to_source(e), kind) for kind, s, e in env[ENV_KEY]]


def _locate(
    tok: Any, text: str, starts: list[int], ends: list[int], cursor: dict[int, int]
) -> Callable[[int], int]:
    """A map from offsets in the inline token's content to offsets in ``text``.

    Each content line is the end of its source line (after indentation, list
    markers and ``>``), except that the last may have lost trailing blanks and a
    table cell is one piece of its row, found after the previous cell.
    """
    bases: list[tuple[int, int]] = []  # (content offset of a line, source offset of that line)
    pos = 0
    for i, line in enumerate(tok.content.split("\n")):
        src_line = tok.map[0] + i
        if src_line >= len(starts):
            break
        s, e = starts[src_line], ends[src_line]
        source = text[s:e]
        at = cursor.get(src_line, 0)
        if source.endswith(line) and len(source) - len(line) >= at:
            col = len(source) - len(line)
        elif source.rstrip().endswith(line) and len(source.rstrip()) - len(line) >= at:
            col = len(source.rstrip()) - len(line)
        else:
            stripped = line.lstrip(" ")
            found = source.find(stripped, at)
            col = max(0, found - (len(line) - len(stripped))) if found >= 0 else at
        cursor[src_line] = col + len(line)
        bases.append((pos, s + col))
        pos += len(line) + 1

    def to_source(offset: int) -> int:
        base = bases[0]
        for b in bases:
            if b[0] <= offset:
                base = b
            else:
                break
        return base[1] + offset - base[0]

    return to_source
