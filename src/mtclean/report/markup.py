"""The hot, repeated fragments of a file's section, written as markup in Python.

A file's text view, findings table and side-by-side table are one element per
line, span and finding: hundreds of thousands on a large run. As Jinja macros
these cost a macro call and an escape call per piece and were most of the time
spent writing report.html, so they are built here with plain string joins. The
page structure around them stays in the templates.

The output is byte for byte what the Jinja macros it replaced produced, escaping
included: every value from the input goes through ``escape`` below, which writes
what ``markupsafe.escape`` (Jinja's autoescaping) writes (``&<>'"`` as ``&amp;``
``&lt;`` ``&gt;`` ``&#39;`` ``&#34;``) without a ``Markup`` object per piece. The
public functions return ``Markup``, so the template does not escape them again.
"""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup

from ..model import FileResult
from .align import align
from .annotate import WS_GLYPH, Mark, Note, Piece, Row, visible
from .chart import colour_index
from .sidebyside import SbsRow, changed_rows

FIX_LABEL = {
    "safe": "safe fix",
    "unsafe": "unsafe fix (applied only with --unsafe-fixes)",
    "none": "no automatic fix",
}


def shown(text: str | None) -> str:
    """A finding's text or suggestion on one line: breaks as ↵, white space alone as glyphs."""
    text = text or ""
    if text and not text.strip():
        return visible(text.translate(WS_GLYPH))
    return visible(text.replace("\r\n", "\n").replace("\n", "↵"))


def clip(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


_OPEN = {("del", False): "<del>", ("del", True): '<del class="ws">',
         ("ins", False): "<ins>", ("ins", True): '<ins class="ws">'}
_CLOSE = {"del": "</del>", "ins": "</ins>"}


def escape(text: str) -> str:
    """``markupsafe.escape`` for a plain ``str``, without building a ``Markup`` per piece."""
    if "&" in text or "<" in text or ">" in text or "'" in text or '"' in text:
        return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("'", "&#39;").replace('"', "&#34;"))
    return text


def _pieces(ps: Iterable[Piece], out: list[str]) -> None:
    for pc in ps:
        kind = pc.kind
        if kind == "del" or kind == "ins":
            out.append(_OPEN[kind, bool(pc.ws)])
            out.append(escape(pc.text))
            out.append(_CLOSE[kind])
        else:
            out.append('<span class="k">')
            out.append(escape(pc.text))
            out.append("</span>")


def _note_body(n: Note, out: list[str]) -> None:
    f = n.finding
    status = escape(n.status)
    out.append(
        f'<span class="nh"><b class="rule">{escape(f.rule)}</b> <span class="chip k{colour_index(f.cls)}">'
        f'{escape(f.cls)}</span> <span class="sev">{escape(f.severity)}</span> <span class="st st-{status}">'
        f'{status}</span> <span class="fix">{escape(FIX_LABEL.get(f.fix, f.fix))}</span></span>\n'
        f'<span class="msg">{escape(f.message)}</span>'
    )
    changed = f.applied and f.edit is not None
    if changed:
        assert f.edit is not None
        out.append(f'<span class="repl">Changed <q>{escape(shown(f.text))}</q> to ')
        if f.edit.replacement:
            out.append(f"<q>{escape(shown(f.edit.replacement))}</q>")
        else:
            out.append("nothing (removed)")
        out.append("</span>")
    elif f.suggestion:
        out.append(f'<span class="repl">Suggestion: <q>{escape(shown(f.suggestion))}</q></span>')
    out.append(f'<span class="where">line {n.line}, column {n.column}')
    if f.text and not changed:
        out.append(f": <q>{escape(clip(shown(f.text), 100))}</q>")
    out.append("</span>")


def _mark(part: Mark, out: list[str]) -> None:
    c = part.cluster
    cid = escape(c.id)
    out.append(
        f'<span class="ann {"ap" if c.applied else "sg"}{"" if part.first else " cont"}" data-c="{cid}"'
        f' data-cls="{escape(c.attr("cls"))}" data-st="{escape(c.attr("st"))}"'
    )
    if part.first:
        out.append(f' id="{cid}" tabindex="0" aria-describedby="{cid}t"')
    out.append(">")
    _pieces(part.pieces, out)
    if part.first:
        rules = " ".join(escape(r) for r in c.rules)
        out.append(f'<sup class="rid">{rules}</sup><span class="tip" role="tooltip" id="{cid}t">')
        for n in c.notes:
            f = n.finding
            out.append(
                f'<span class="fi" data-cls="{escape(f.cls)}" data-sev="{escape(f.severity)}"'
                f' data-st="{escape(n.status)}" data-rule="{escape(f.rule)}">'
            )
            _note_body(n, out)
            out.append("</span>")
        out.append("</span>")
    out.append("</span>")


def rows(rs: Iterable[Row]) -> Markup:
    """Numbered lines of the text view, each followed by a line break."""
    out: list[str] = []
    for r in rs:
        parts = r.parts
        if not parts or (len(parts) == 1 and isinstance(parts[0], str)):  # a line with no mark
            out.append(f'<div class="row"><span class="ln">{r.n}</span><span class="tx">'
                       f'{escape(parts[0]) if parts else ""}</span></div>\n')
            continue
        out.append(f'<div class="row{" mk" if r.marked else ""}"><span class="ln">{r.n}</span><span class="tx">')
        for part in r.parts:
            if isinstance(part, str):
                out.append(escape(part))
            else:
                _mark(part, out)
        out.append("</span></div>\n")
    return Markup("".join(out))


def finding_rows(notes: Iterable[Note]) -> Markup:
    """The rows of a file's findings table, each followed by a line break."""
    out: list[str] = []
    for n in notes:
        f = n.finding
        out.append(
            f'<tr class="fi" data-cls="{escape(f.cls)}" data-sev="{escape(f.severity)}" data-st="{escape(n.status)}"'
            f' data-rule="{escape(f.rule)}"><td><a href="#{escape(n.cluster)}">{n.line}:{n.column}</a></td>'
            f"<td><code>{escape(f.rule)}</code></td><td><span class=\"chip k{colour_index(f.cls)}\">{escape(f.cls)}</span></td>"
            f"<td>{escape(f.severity)}</td><td>{escape(n.status)} ({escape(f.fix)})</td><td><q>{escape(clip(shown(f.text)))}</q></td><td>"
        )
        if f.applied and f.edit is not None:
            if f.edit.replacement:
                out.append(f"<q>{escape(clip(shown(f.edit.replacement)))}</q>")
            else:
                out.append("(removed)")
        elif f.suggestion:
            out.append(f"<q>{escape(clip(shown(f.suggestion)))}</q>")
        out.append(f"</td><td>{escape(f.message)}</td></tr>\n")
    return Markup("".join(out))


def sbs_rows(r: FileResult) -> Markup:
    """The rows of a file's side-by-side table (``side_by_side``), each followed by a line break.

    An unchanged run of lines is escaped as one text and cut at its line breaks
    (neither escaping nor ``visible`` touches a line break), not line by line.
    """
    out: list[str] = []
    original = r.original
    for b in align(original, r.edits):
        if b.changed:
            _sbs_rows(changed_rows(original, b), out)
            continue
        lines = b.original
        text = "\n".join(lines)
        if "\r" in text:
            text = "\n".join(line.removesuffix("\r") for line in lines)
        o_n, c_n = b.o_line, b.c_line
        for k, cell in enumerate(escape(visible(text)).split("\n")):
            out.append(f'<tr><td class="ln">{o_n + k}</td><td class="o"><span class="k">{cell}</span></td>'
                       f'<td class="ln">{c_n + k}</td><td class="c"><span class="k">{cell}</span></td></tr>\n')
    return Markup("".join(out))


def _sbs_rows(rs: Iterable[SbsRow], out: list[str]) -> None:
    for r in rs:
        out.append('<tr class="chg"><td class="ln">' if r.changed else '<tr><td class="ln">')
        out.append("" if r.o_n is None else str(r.o_n))
        if r.original is None:
            out.append('</td><td class="o pad"></td>')
        else:
            out.append('</td><td class="o">')
            _pieces(r.original, out)
            out.append("</td>")
        out.append('<td class="ln">')
        out.append("" if r.c_n is None else str(r.c_n))
        if r.cleaned is None:
            out.append('</td><td class="c pad"></td>')
        else:
            out.append('</td><td class="c">')
            _pieces(r.cleaned, out)
            out.append("</td>")
        out.append("</tr>\n")
