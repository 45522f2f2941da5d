"""The views of an evaluation: a terminal table and a standalone HTML page.

Both are rendered from the JSON dict (``Evaluation.as_dict``), so the three
outputs can never disagree. Every string from the data is escaped in HTML.
"""

from __future__ import annotations

import html
from typing import Any


def _p(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def _score_lines(d: dict[str, Any]) -> list[str]:
    out = []
    for against, by_when in d["scores"].items():
        label = "PE" if against == "pe" else "reference"
        for metric in ("ter", "chrf"):
            b, a = by_when["before"][metric], by_when["after"][metric]
            arrow = "lower is better" if metric == "ter" else "higher is better"
            out.append(
                f"{b['name']} vs {label}: {b['score']:.2f} -> {a['score']:.2f} ({a['exact'] - b['exact']:+.2f}, {arrow})"
                f"  {b['signature']}"
            )
    return out


def terminal(d: dict[str, Any], examples: int = 5) -> str:
    lines = [
        f"MT {d['inputs']['mt']} vs PE {d['inputs']['pe']}: {d['segments']} segments"
        + (" (detokenized)" if d["inputs"].get("detok") else ""),
        f"cleaning changed {d['segments_changed']} segments ({d['signature']})",
        "",
    ]
    head = ("rule", "class", "fix", "edits", "agree", "partly", "contra", "prec", "flags", "changed", "flag-prec")
    rows = [
        (r["rule"], r["class"], r["fix"], r["edits"], r["agree"], r["partly"], r["contradict"], _p(r["precision"]),
         r["flags"], r["flags_changed"], _p(r["flag_precision"]))
        for r in d["rules"]
    ]
    o = d["overall"]
    rows.append(("overall", "", "", o["edits"], o["agree"], o["partly"], o["contradict"], _p(o["precision"]),
                 o["flags"], o["flags_changed"], _p(o["flag_precision"])))
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows)]
    for k, row in enumerate([head, *rows]):
        lines.append("  ".join(str(x).ljust(w) if i < 3 else str(x).rjust(w) for i, (x, w) in enumerate(zip(row, widths))))
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    lines.append("")
    lines.extend(_score_lines(d))
    worst = sorted((r for r in d["rules"] if r["contradict"]), key=lambda r: (-r["contradict"], r["rule"]))[:3]
    if worst:
        lines.append("most contradicted: " + ", ".join(f"{r['rule']} ({r['contradict']})" for r in worst))
    shown = [f for f in d["findings"] if f["verdict"] in ("contradict", "partly")][:examples]
    if shown:
        lines.append("")
        lines.append("edits the post-editors did not make:")
    for f in shown:
        lines.append(f"  line {f['line']} {f['rule']} {f['verdict']}: {f['mt']!r} -> {f['cleaned']!r}; PE has {f['pe']!r}")
    return "\n".join(lines) + "\n"


STYLE = (
    "body{font-family:sans-serif;max-width:70em;margin:auto}table{border-collapse:collapse}"
    "td,th{border:1px solid #ccc;padding:2px 6px}td.n{text-align:right}"
    ".agree{background:#dfd}.partly{background:#ffd}.contradict{background:#fdd}"
)


def html_page(d: dict[str, Any]) -> str:
    """A standalone page: the evaluation section, in the run report's style."""
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>mtclean eval</title>"
        f"<style>{STYLE}</style></head><body><h1>mtclean eval</h1>{html_section(d)}</body></html>"
    )


def html_section(d: dict[str, Any]) -> str:
    esc = html.escape
    inp = d["inputs"]
    parts = [
        "<section class='mtclean-eval'><h2>Rules against post-edits</h2>",
        (
            f"<p>MT <code>{esc(str(inp['mt']))}</code>, PE <code>{esc(str(inp['pe']))}</code>: "
            f"{d['segments']} segments, {d['segments_changed']} changed by cleaning. "
            f"Signature: <code>{esc(d['signature'])}</code></p>"
        ),
        "<table><tr><th>scores</th><th>before</th><th>after</th><th>signature</th></tr>",
    ]
    for against, by_when in d["scores"].items():
        for metric in ("ter", "chrf"):
            b, a = by_when["before"][metric], by_when["after"][metric]
            parts.append(
                f"<tr><td>{esc(b['name'])} vs {esc(against)}</td><td class='n'>{b['score']:.2f}</td>"
                f"<td class='n'>{a['score']:.2f}</td><td><code>{esc(b['signature'])}</code></td></tr>"
            )
    parts.append("</table><h3>Per rule</h3><table><tr>")
    cols = ("rule", "class", "fix", "edits", "agree", "partly", "contradict", "precision", "flags", "flags_changed",
            "flag_precision")
    parts.append("".join(f"<th>{esc(c)}</th>" for c in cols) + "</tr>")
    for r in [*d["rules"], {**d["overall"], "rule": "overall", "class": "", "fix": ""}]:
        cells = []
        for c in cols:
            v = r[c]
            text = _p(v) if c in ("precision", "flag_precision") else str(v)
            cells.append(f"<td{' class=n' if isinstance(v, (int, float)) or v is None else ''}>{esc(text)}</td>")
        parts.append("<tr>" + "".join(cells) + "</tr>")
    with_src = bool(inp.get("src"))
    parts.append("</table><h3>Findings</h3><table><tr><th>line</th><th>rule</th><th>verdict</th><th>MT</th>"
                 "<th>cleaned</th><th>post-edit</th>" + ("<th>source</th>" if with_src else "") + "</tr>")
    for f in d["findings"]:
        parts.append(
            f"<tr class='{esc(f['verdict'])}'><td class='n'>{f['line']}</td><td>{esc(f['rule'])}</td>"
            f"<td>{esc(f['verdict'])}</td><td>{esc(f['mt'])}</td><td>{esc(f['cleaned'])}</td><td>{esc(f['pe'])}</td>"
            + (f"<td>{esc(f.get('src') or '')}</td>" if with_src else "")
            + "</tr>"
        )
    parts.append("</table></section>")
    return "".join(parts)
