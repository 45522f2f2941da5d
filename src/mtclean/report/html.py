"""A plain HTML report: every change with its rule and reason. Everything from the
input is escaped; the page is self-contained."""

from __future__ import annotations

import html
from typing import Any

from ..model import FileResult


def render(report: dict[str, Any], results: list[FileResult]) -> str:
    esc = html.escape
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<title>mtclean report</title>",
        "<style>body{font-family:sans-serif;max-width:60em;margin:auto}del{background:#fdd}"
        "ins{background:#dfd;text-decoration:none}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:2px 6px}</style></head><body>",
        f"<h1>mtclean report</h1><p>Signature: <code>{esc(report['signature'])}</code></p>",
    ]
    for r in results:
        parts.append(f"<h2>{esc(r.path)}</h2><table><tr><th>rule</th><th>class</th><th>line</th>"
                     "<th>text</th><th>message</th><th>suggestion</th><th>fix</th><th>applied</th></tr>")
        entry = next(f for f in report["files"] if f["path"] == r.path)
        for f in entry["findings"]:
            parts.append(
                "<tr>" + "".join(
                    f"<td>{esc(str(f[k]) if f[k] is not None else '')}</td>"
                    for k in ("rule", "class", "line", "text", "message", "suggestion", "fix", "applied")
                ) + "</tr>"
            )
        parts.append("</table>")
    parts.append("</body></html>")
    return "".join(parts)
