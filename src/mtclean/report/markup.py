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

from collections.abc import Iterable, Sequence

from markupsafe import Markup

from ..model import Edit, FileResult, Finding
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


LONG = 1_200  # characters of one piece of a line kept on a page that is not showing the whole text
KEEP = 500


CONTEXT_LONG = 400  # the same for a line shown only as context (no mark on it)
CONTEXT_KEEP = 150


def shorten(text: str, long: int = LONG, keep: int = KEEP) -> str:
    """A very long run of text cut in its middle, saying how much is left out: one
    line of a hostile or minified input must not make the page as large as the input."""
    if len(text) <= long:
        return text
    return f"{text[:keep]} \u22ef[{len(text) - 2 * keep:,} characters not shown]\u22ef {text[-keep:]}"


def shorten_context(text: str) -> str:
    return shorten(text, CONTEXT_LONG, CONTEXT_KEEP)


def _pieces(ps: Iterable[Piece], out: list[str], short: bool = False) -> None:
    for pc in ps:
        kind = pc.kind
        text = shorten(pc.text) if short else pc.text
        if kind == "del" or kind == "ins":
            out.append(_OPEN[kind, bool(pc.ws)])
            out.append(escape(text))
            out.append(_CLOSE[kind])
        else:
            out.append('<span class="k">')
            out.append(escape(text))
            out.append("</span>")


FIX_GLYPH = {"safe": "\u2713", "unsafe": "\u26a0", "none": "\u2691"}  # ✓ ⚠ ⚑
FIX_SHORT = {"safe": "safe fix", "unsafe": "unsafe fix", "none": "flag only"}
SEV_GLYPH = {"error": "E", "warning": "W", "info": "i"}
COVERED_GLYPH = "\u2261"  # ≡


def badge(f: Finding, fid: str, covered: str = "") -> str:
    """A finding's inline badge: fix kind and severity as colour and glyph, the rule id
    linking to its documentation (``#rule-ID``, the rules section of the page)."""
    fix = f.fix if f.fix in FIX_GLYPH else "none"
    sev = escape(f.severity)
    title = f"{FIX_SHORT[fix]}, {f.severity}" + (f"; inside {covered}'s applied change" if covered else "")
    glyph = COVERED_GLYPH + FIX_GLYPH[fix] if covered else FIX_GLYPH[fix]
    return (f'<a class="b fx-{fix} sev-{sev}{" cov" if covered else ""}" href="#rule-{escape(f.rule)}"'
            f' data-f="{escape(fid)}" title="{escape(title)}"><span class="g">{glyph}</span> {escape(f.rule)} '
            f'<span class="sv">{escape(SEV_GLYPH.get(f.severity, "?"))}</span></a>')


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
        out.append(f'<span class="repl">Changed <q>{escape(clip(shown(f.text), 300))}</q> to ')
        if f.edit.replacement:
            out.append(f"<q>{escape(clip(shown(f.edit.replacement), 300))}</q>")
        else:
            out.append("nothing (removed)")
        out.append("</span>")
    elif f.edit is not None:
        out.append(f'<span class="repl">Fix: <q>{escape(clip(shown(f.edit.replacement), 300)) or "(remove)"}</q></span>')
    elif f.suggestion:
        out.append(f'<span class="repl">Suggestion: <q>{escape(clip(shown(f.suggestion), 300))}</q></span>')
    if n.covered:
        out.append(f'<span class="covn">Inside the change {escape(n.covered)} applied: the text it flags is already rewritten.</span>')
    out.append(f'<span class="where">line {n.line}, column {n.column}')
    if f.text and not changed:
        out.append(f": <q>{escape(clip(shown(f.text), 100))}</q>")
    out.append("</span>")


def _beside(n: Note) -> str:
    """What a pending suggestion would write, shown beside its mark (no hovering needed)."""
    f = n.finding
    if n.status != "suggested" or n.covered:
        return ""
    text = f.edit.replacement if f.edit is not None else f.suggestion
    if text is None or text == "":
        if f.edit is None:
            return ""
        return f'<span class="sug" data-f="{escape(n.fid)}">\u2192 (remove)</span>'
    return f'<span class="sug" data-f="{escape(n.fid)}">\u2192 {escape(clip(shown(text), 60))}</span>'


def _mark(part: Mark, out: list[str], short: bool = False) -> None:
    c = part.cluster
    cid = escape(c.id)
    out.append(
        f'<span class="ann {"ap" if c.applied else "sg"}{"" if part.first else " cont"}" data-c="{cid}"'
        f' data-cls="{escape(c.attr("cls"))}" data-st="{escape(c.attr("st"))}"'
    )
    if part.first:
        out.append(f' id="{cid}" tabindex="0" aria-describedby="{cid}t"')
    out.append(">")
    _pieces(part.pieces, out, short)
    if part.first:
        out.append('<span class="rid">')
        for n in c.notes:
            out.append(badge(n.finding, n.fid, n.covered))
            out.append(_beside(n))
        out.append(f'</span><span class="tip" role="tooltip" id="{cid}t">')
        for n in c.notes:
            f = n.finding
            out.append(
                f'<span class="fi" data-cls="{escape(f.cls)}" data-sev="{escape(f.severity)}"'
                f' data-st="{escape(n.status)}" data-rule="{escape(f.rule)}" data-id="{escape(n.fid)}"'
                f' data-fix="{escape(f.fix)}" data-repl="{"1" if f.edit is not None else ""}"'
                f' data-cov="{"1" if n.covered else ""}">'
            )
            _note_body(n, out)
            out.append("</span>")
        out.append("</span>")
    out.append("</span>")


def rows(rs: Iterable[Row], complete: bool = True) -> Markup:
    """Numbered lines of the text view, each followed by a line break (on a page not
    showing the whole text, very long runs of a line are shortened)."""
    out: list[str] = []
    short = not complete
    for r in rs:
        parts = r.parts
        if not parts or (len(parts) == 1 and isinstance(parts[0], str)):  # a line with no mark
            text = (shorten_context(parts[0]) if short else parts[0]) if parts else ""
            out.append(f'<div class="row"><span class="ln">{r.n}</span><span class="tx">'
                       f'{escape(text)}</span></div>\n')
            continue
        out.append(f'<div class="row{" mk" if r.marked else ""}"><span class="ln">{r.n}</span><span class="tx">')
        for part in r.parts:
            if isinstance(part, str):
                out.append(escape(shorten(part) if short else part))
            else:
                _mark(part, out, short)
        out.append("</span></div>\n")
    return Markup("".join(out))


def finding_rows(notes: Iterable[Note]) -> Markup:
    """The rows of a file's findings table, each followed by a line break."""
    out: list[str] = []
    for n in notes:
        f = n.finding
        out.append(
            f'<tr class="fi" data-cls="{escape(f.cls)}" data-sev="{escape(f.severity)}" data-st="{escape(n.status)}"'
            f' data-rule="{escape(f.rule)}" data-id="{escape(n.fid)}"><td><a href="#{escape(n.cluster)}">{n.line}:{n.column}</a></td>'
            f"<td>{badge(f, n.fid, n.covered)}</td><td><span class=\"chip k{colour_index(f.cls)}\">{escape(f.cls)}</span></td>"
            f"<td>{escape(n.status)}</td><td class=\"dec\"></td><td><q>{escape(clip(shown(f.text)))}</q></td><td>"
        )
        if f.applied and f.edit is not None:
            if f.edit.replacement:
                out.append(f"<q>{escape(clip(shown(f.edit.replacement)))}</q>")
            else:
                out.append("(removed)")
        elif f.edit is not None:
            out.append(f"<q>{escape(clip(shown(f.edit.replacement)))}</q>" if f.edit.replacement else "(remove)")
        elif f.suggestion:
            out.append(f"<q>{escape(clip(shown(f.suggestion)))}</q>")
        out.append(f"</td><td>{escape(f.message)}</td><td><code class=\"fid\">{escape(n.fid)}</code></td></tr>\n")
    return Markup("".join(out))


def sbs_rows(r: FileResult, complete: bool = True, edits: list[Edit] | None = None, context: int = 2) -> Markup:
    """The rows of a file's side-by-side table (``side_by_side``), each followed by a line break.

    An unchanged run of lines is escaped as one text and cut at its line breaks
    (neither escaping nor ``visible`` touches a line break), not line by line. When
    the file is not shown ``complete``, an unchanged run keeps only ``context`` lines
    next to each change and says how many it leaves out. ``edits``: the changes to
    show, when the page shows only some of the file's (its first findings).
    """
    out: list[str] = []
    original = r.original
    blocks = align(original, r.edits if edits is None else edits)
    for i, b in enumerate(blocks):
        if b.changed:
            _sbs_rows(changed_rows(original, b), out, not complete)
            continue
        lines = b.original
        o_n, c_n = b.o_line, b.c_line
        if not complete:
            head = context if i > 0 else 0
            tail = context if i < len(blocks) - 1 else 0
            if len(lines) > head + tail + 1:
                _plain_rows(lines[:head], o_n, c_n, out, True)
                out.append(f'<tr class="gap"><td colspan="4">\u22ef {len(lines) - head - tail} unchanged lines'
                           f' ({o_n + head}\u2013{o_n + len(lines) - tail - 1}) not included</td></tr>\n')
                skip = len(lines) - tail
                _plain_rows(lines[skip:], o_n + skip, c_n + skip, out, True)
                continue
        if complete:  # the run's lines joined are its span of the text
            _plain_rows(lines, o_n, c_n, out, False, original[b.start : b.end].removesuffix("\n"))
        else:
            _plain_rows(lines, o_n, c_n, out, True)
    return Markup("".join(out))


def _plain_rows(lines: Sequence[str], o_n: int, c_n: int, out: list[str], short: bool = False,
                joined: str | None = None) -> None:
    """``joined``: the lines joined by "\\n", when the caller has them so."""
    if not lines:
        return
    if short:
        lines = [shorten_context(line) for line in lines]
    text = "\n".join(lines) if joined is None else joined
    if "\r" in text:
        text = "\n".join(line.removesuffix("\r") for line in lines)
    for k, cell in enumerate(escape(visible(text)).split("\n")):
        out.append(f'<tr><td class="ln">{o_n + k}</td><td class="o"><span class="k">{cell}</span></td>'
                   f'<td class="ln">{c_n + k}</td><td class="c"><span class="k">{cell}</span></td></tr>\n')


def _sbs_rows(rs: Iterable[SbsRow], out: list[str], short: bool = False) -> None:
    for r in rs:
        out.append('<tr class="chg"><td class="ln">' if r.changed else '<tr><td class="ln">')
        out.append("" if r.o_n is None else str(r.o_n))
        if r.original is None:
            out.append('</td><td class="o pad"></td>')
        else:
            out.append('</td><td class="o">')
            _pieces(r.original, out, short)
            out.append("</td>")
        out.append('<td class="ln">')
        out.append("" if r.c_n is None else str(r.c_n))
        if r.cleaned is None:
            out.append('</td><td class="c pad"></td>')
        else:
            out.append('</td><td class="c">')
            _pieces(r.cleaned, out, short)
            out.append("</td>")
        out.append("</tr>\n")
