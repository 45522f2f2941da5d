"""XLIFF 1.2, XLIFF 2.x and TMX: parsed by lxml, written back by splicing.

lxml (BSD) checks that the file is well-formed XML and tells the format and the number
of units; the units' source and target element contents are then located in the text
itself (lxml reports lines, not offsets), and the two counts must agree. Inline
elements (``<g>``, ``<x/>``, ``<ph>``, ``<pc>``, ``<bpt>``…) become one private-use
character each, the same character for the same tag in source and target, so the
checks compare them and the English stages cannot break them.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from ..errors import InputError
from ..io import read_text
from .base import TAG_BASE, Bitext, Unit

_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);")
_INLINE = re.compile(r"<!\[CDATA\[.*?\]\]>|<!--.*?-->|<[^>]+>", re.DOTALL)


def _escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def decode_inline(text: str, start: int, end: int, tagmap: dict[str, str]) -> tuple[str, list[int], list[int], dict[str, str]]:
    """Element content text[start:end] as plain text, with each character's file span.

    ``tagmap`` (shared by a unit's source and target) gives each distinct tag its
    character; the returned dict maps those characters back to this content's raw tags.
    """
    out: list[str] = []
    pos: list[int] = []
    ends: list[int] = []
    raw_tags: dict[str, str] = {}
    i = start
    while i < end:
        c = text[i]
        if c == "<":
            m = _INLINE.match(text, i, end)
            if m is None:
                raise ValueError("unclosed tag")
            raw = m.group()
            if raw.startswith("<![CDATA["):
                body = raw[9:-3]
                for k, ch in enumerate(body):
                    out.append(ch)
                    pos.append(i + 9 + k)
                    ends.append(i + 10 + k)
            elif not raw.startswith("<!--"):
                key = re.sub(r"\s+", " ", raw)
                ch = tagmap.setdefault(key, chr(TAG_BASE + len(tagmap)))
                raw_tags[ch] = raw
                out.append(ch)
                pos.append(i)
                ends.append(m.end())
            i = m.end()
        elif c == "&":
            m = _ENTITY.match(text, i, end)
            if m is None:
                raise ValueError("a bare '&'")
            out.append(html.unescape(m.group()))
            pos.append(i)
            ends.append(m.end())
            i = m.end()
        else:
            out.append(c)
            pos.append(i)
            ends.append(i + 1)
            i += 1
    pos.append(end)
    return "".join(out), pos, ends, raw_tags


_FORMATS = {
    # kind: (unit block, source content, target content)
    "xliff1": (r"<trans-unit\b[^>]*>.*?</trans-unit>", r"<source\b[^>]*>(.*?)</source>", r"<target\b[^>]*>(.*?)</target>"),
    "xliff2": (r"<segment\b[^>]*>.*?</segment>", r"<source\b[^>]*>(.*?)</source>", r"<target\b[^>]*>(.*?)</target>"),
}
_TUV = re.compile(r"<tuv\b([^>]*)>.*?<seg\b[^>]*>(.*?)</seg>.*?</tuv>", re.DOTALL)
_LANG = re.compile(r"""\b(?:xml:)?lang\s*=\s*["']([^"']+)["']""")


def read_xml(path: Path, encoding: str | None = None, source_lang: str = "de", target_lang: str = "en") -> Bitext:
    from lxml import etree

    name = path.as_posix()
    dec = read_text(path, encoding)
    text = dec.text
    # the text is decoded already (UTF-16, Latin-1 ...): lxml gets it as UTF-8, declared so
    as_utf8 = re.sub(r"""^(\ufeff?<\?xml[^>]*?encoding\s*=\s*)["'][^"']*["']""", r'\1"UTF-8"', text, count=1)
    try:
        root = etree.fromstring(as_utf8.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True,
                                                                      huge_tree=False))
    except (etree.XMLSyntaxError, ValueError) as exc:
        line = getattr(exc, "lineno", None)
        msg = getattr(exc, "msg", str(exc))
        raise InputError(f"not well-formed XML: {msg}", name, line) from None
    tag = etree.QName(root).localname
    ns = etree.QName(root).namespace or ""
    if tag == "xliff":
        kind = "xliff2" if ns.endswith(":2.0") or (root.get("version") or "").startswith("2") else "xliff1"
        expected = len(root.findall(".//{*}trans-unit" if kind == "xliff1" else ".//{*}segment"))
    elif tag == "tmx":
        kind = "tmx"
        expected = len(root.findall(".//{*}tu"))
    else:
        raise InputError(f"an XML file that is neither XLIFF nor TMX (root element <{tag}>)", name, root.sourceline)
    units: list[Unit] = []
    # comments and CDATA may hold text that looks like markup: blank them (same length) before searching
    masked = re.sub(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>", lambda m: " " * len(m.group()), text, flags=re.DOTALL)
    if kind == "tmx":
        blocks = list(re.finditer(r"<tu\b[^>]*>.*?</tu>", masked, re.DOTALL))
    else:
        blocks = list(re.finditer(_FORMATS[kind][0], masked, re.DOTALL))
    if len(blocks) != expected:
        raise InputError(f"found {len(blocks)} units in the text but the parser found {expected}", name)
    for b in blocks:
        if kind == "tmx":
            src_m = tgt_m = None
            for tuv in _TUV.finditer(masked, b.start(), b.end()):
                lang = _LANG.search(tuv.group(1))
                code = (lang.group(1) if lang else "").lower()
                if code.startswith(source_lang) and src_m is None:
                    src_m = tuv
                elif code.startswith(target_lang) and tgt_m is None:
                    tgt_m = tuv
            spans = (src_m.span(2), tgt_m.span(2)) if src_m and tgt_m else None
        else:
            s = re.compile(_FORMATS[kind][1], re.DOTALL).search(masked, b.start(), b.end())
            t = re.compile(_FORMATS[kind][2], re.DOTALL).search(masked, b.start(), b.end())
            spans = (s.span(1), t.span(1)) if s and t else None
        if spans is None:
            continue  # no target yet (or no source): nothing to check or clean
        uid = re.search(r"""\bid\s*=\s*["']([^"']*)["']""", text[b.start() : b.start() + 300])
        tagmap: dict[str, str] = {}
        try:
            src, _src_pos, _, _ = decode_inline(text, *spans[0], tagmap)
            tgt, pos, ends, raw_tags = decode_inline(text, *spans[1], tagmap)
        except ValueError as exc:
            raise InputError(f"unreadable unit content: {exc}", name, text.count("\n", 0, spans[1][0]) + 1) from None
        tline = text.count("\n", 0, spans[1][0]) + 1
        units.append(Unit(src, tgt, pos, tline, uid.group(1) if uid else str(len(units) + 1), None, raw_tags, ends))
    bt = Bitext(name, text, units, kind, escape=_escape, forbidden="")
    bt.decoded = dec
    return bt
