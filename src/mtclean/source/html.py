"""``source.html``: each segment with a source-aware finding, source beside target, both spans marked.

Kept apart from report.html (whose layout another part of mtclean owns): one small
self-contained page, every text HTML-escaped.
"""

from __future__ import annotations

from html import escape


def mark(text: str, spans: list[tuple[int, int, str]]) -> str:
    """The text, escaped, with each (start, end, title) span wrapped in <mark>; overlaps merged."""
    spans = sorted((s, e, t) for s, e, t in spans if 0 <= s <= e <= len(text))
    out: list[str] = []
    at = 0
    for s, e, title in spans:
        if s < at:
            continue
        out.append(escape(text[at:s]))
        out.append(f'<mark title="{escape(title)}">{escape(text[s:e]) or "&#8203;"}</mark>')
        at = e
    out.append(escape(text[at:]))
    return "".join(out)


def segment_rows(done) -> list[str]:  # type: ignore[no-untyped-def]
    rows: list[str] = []
    for i, (unit, found) in enumerate(zip(done.bitext.units, done.per_segment)):
        if not found:
            continue
        base = unit.pos[0] if unit.pos else 0
        t_spans = []
        s_spans = []
        for f in found:
            # target spans are file offsets by now; the unit's own coordinates for marking
            ts = next((k for k, p in enumerate(unit.pos) if p >= f.start), len(unit.target))
            te = next((k for k, p in enumerate(unit.pos) if p >= f.end), len(unit.target))
            t_spans.append((ts, te, f"{f.rule}: {f.message}"))
            ss, se = f.extra["source_start"], f.extra["source_end"]
            if unit.src_pos is not None:
                sbase = unit.src_pos[0]
                ss, se = ss - sbase, se - sbase
            s_spans.append((ss, se, f"{f.rule}: {f.message}"))
        msgs = "".join(f"<li><code>{escape(f.rule)}</code> {escape(f.cls)}: {escape(f.message)}</li>" for f in found)
        del base
        rows.append(
            f'<tr><td class="n">{i + 1}</td><td lang="de">{mark(unit.source, s_spans)}</td>'
            f'<td lang="en">{mark(unit.target, t_spans)}</td><td><ul>{msgs}</ul></td></tr>'
        )
    return rows


_STYLE = ("<style>#source-aware table{border-collapse:collapse;width:100%}"
          "#source-aware td,#source-aware th{border:1px solid #ccc;padding:4px;vertical-align:top}"
          "#source-aware mark{background:#fd8}#source-aware td.n{color:#666;text-align:right}</style>")


def render_source_section(done_list) -> str:  # type: ignore[no-untyped-def]
    """The section report.html ends with (and source.html holds): its own ids and scoped style."""
    parts = [_STYLE, '<section id="source-aware"><h2>Source-aware findings: source beside target</h2>']
    for done in done_list:
        rows = segment_rows(done)
        parts.append(f"<h3>{escape(done.bitext.path)}</h3>")
        if not rows:
            parts.append("<p>No source-aware findings.</p>")
            continue
        parts.append("<table><tr><th>#</th><th>source</th><th>target</th><th>findings</th></tr>")
        parts.extend(rows)
        parts.append("</table>")
    return "".join(parts) + "</section>"


def render_source_page(done_list) -> str:  # type: ignore[no-untyped-def]
    return ("<!doctype html><html lang=en><meta charset=utf-8><title>mtclean: source-aware findings</title>"
            "<body style='font:14px sans-serif;margin:1em'>" + render_source_section(done_list) + "</body></html>\n")


def with_section(chunks, section: str):  # type: ignore[no-untyped-def]
    """report.html's chunks with the section put before ``</body>`` (the page's own layout untouched)."""
    placed = False
    for chunk in chunks:
        if not placed and "</body>" in chunk:
            at = chunk.rindex("</body>")
            chunk = chunk[:at] + section + chunk[at:]
            placed = True
        yield chunk
    if not placed:
        yield section
