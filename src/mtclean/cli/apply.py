"""``mtclean apply``: a reviewer's decisions (exported from report.html) made into text.

Each file is rebuilt from its original with exactly the accepted fixes (decisions.py)
and written out as ``run`` writes it: cleaned text, diff, report.json, report.html.
An original that changed since the run is refused (exit 2): the report's offsets
would point at other words.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer

from .. import __version__
from ..decisions import DecisionError, Decisions, Outcome, rebuild
from ..lazy import lazy_import
from ..errors import InputError, MtcleanError
from ..io import output_path, read_text, write_atomic, write_atomic_chunks

# The report writers (jinja2 among them) load when `mtclean apply` runs, not with every command.
html_report = lazy_import("mtclean.report.html")
json_report = lazy_import("mtclean.report.json")
diff = lazy_import("mtclean.report.diff")
from . import app


@app.command("apply")
def apply_cmd(
    decisions: Path = typer.Argument(..., help="The decisions file report.html exported."),
    report: Path = typer.Option(None, "--report", help="The run's report.json (default: next to the decisions file, else mtclean-out/report.json)."),
    out: Path = typer.Option(None, "--out", "-o", help="Output folder (default: the report's folder)."),
    in_place: bool = typer.Option(False, "--in-place", help="Write the cleaned text over the originals (reports go to the report's folder)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary."),
) -> None:
    """Rebuild each file from its original with the accepted fixes; write cleaned text, diff and reports.

    Exit 2 when the decisions, the report or an original cannot be used (an original
    changed since the run, a decision for a finding the report does not have, two
    accepted fixes that cannot both apply); nothing is written then.
    """
    if in_place and out is not None:
        _fail("--out and --in-place exclude each other")
    try:
        chosen = Decisions.load(decisions)
        report_path = report or _default_report(decisions)
        data = _load_report(report_path)
        if data.get("signature") != chosen.signature:
            raise DecisionError(
                f"the decisions were made on another run (signature {chosen.signature}), "
                f"not on {report_path} ({data.get('signature')}); export them again from its report.html",
                str(decisions))
        outcomes = [_one(entry, chosen, data) for entry in data["files"]]
        known = {e["path"] for e in data["files"]}
        stray = sorted({p for p, _ in chosen.items if p not in known})
        if stray:
            raise DecisionError(f"decisions for {stray[0]}, which is not in {report_path}", str(decisions))
    except MtcleanError as exc:
        _fail(str(exc))
        return
    target = out if out is not None else report_path.parent
    try:
        _write(outcomes, data, target, in_place, decisions)
    except MtcleanError as exc:
        _fail(str(exc))
    if not quiet:
        for o in outcomes:
            r = o.result
            print(f"{r.path}: {o.accepted} accepted, {o.rejected} rejected, "
                  f"{len(o.false_positives)} false positive{'s' if len(o.false_positives) != 1 else ''}"
                  f"{'' if r.changed else ' (unchanged)'}")
        where = "the originals" if in_place else f"{target}/cleaned/"
        print(f"wrote {where}, {target}/changes.diff, {target}/report.json, {target}/report.html")


def _fail(message: str) -> None:
    print(f"mtclean: {message}", file=sys.stderr)
    raise typer.Exit(2)


def _default_report(decisions: Path) -> Path:
    beside = decisions.parent / "report.json"
    return beside if beside.is_file() else Path("mtclean-out") / "report.json"


def _load_report(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DecisionError("no such file (name the run's report.json with --report)", str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DecisionError(f"cannot read: {exc}", str(path)) from None
    except json.JSONDecodeError as exc:
        raise DecisionError(f"not JSON: {exc.msg}", str(path), exc.lineno) from None
    if not isinstance(data, dict) or not isinstance(data.get("files"), list):
        raise DecisionError("not an mtclean report.json", str(path))
    return data


def _encoding(entry: dict[str, Any]) -> str | None:
    """The codec the run read the file with (its note ``encoding:X``); a BOM is found again."""
    for note in entry.get("notes", []):
        if isinstance(note, str) and note.startswith("encoding:"):
            label = note.removeprefix("encoding:")
            return None if label.endswith("+bom") else label
    return None


def _one(entry: dict[str, Any], chosen: Decisions, data: dict[str, Any]) -> Outcome:
    path = entry["path"]
    try:
        decoded = read_text(Path(path), _encoding(entry))
    except InputError as exc:
        raise DecisionError(f"cannot read the original: {exc.message}", path) from None
    recorded = entry.get("hash")
    if recorded is None:
        raise DecisionError("report.json records no hash of this original, so a change since the run "
                            "could not be seen; run mtclean run again", path)
    if json_report.text_hash(decoded.text) != recorded:
        raise DecisionError("the original changed since the run (its hash differs from report.json's); "
                            "run mtclean run again and review the new report", path)
    stages = [s.get("name", "") for s in data.get("run", {}).get("stages", [])]
    lines = "|lines:yes" in str(data.get("signature", ""))
    outcome = rebuild(entry, decoded.text, chosen, stages, lines)
    outcome.result.source = decoded
    outcome.result.notes = list(entry.get("notes", []))
    return outcome


def _write(outcomes: list[Outcome], data: dict[str, Any], target: Path, in_place: bool, decisions: Path) -> None:
    results = [o.result for o in outcomes]
    taken: set[Path] = set()
    # Encode every file first: a character a file's encoding cannot hold stops the
    # command before anything is written.
    encoded = [(r, r.source.encode(r.cleaned, r.path)) for r in results]
    for r, body in encoded:
        if in_place:
            if r.changed:
                write_atomic(Path(r.path), body)
            r.cleaned_path = r.path
        else:
            dest = output_path(target / "cleaned", Path(r.path), taken)
            write_atomic(dest, body)
            r.cleaned_path = dest.as_posix()
    run = dict(data.get("run", {}))
    run["decisions"] = {
        "file": decisions.as_posix(),
        "accepted": sum(o.accepted for o in outcomes),
        "rejected": sum(o.rejected for o in outcomes),
        "false_positives": sum(len(o.false_positives) for o in outcomes),
    }
    report = json_report.report_view(data.get("version", __version__), data["signature"], results, run)
    write_atomic_chunks(target / "changes.diff", (diff.unified_diff(r.path, r.original, r.cleaned) for r in results))
    write_atomic_chunks(target / "report.json", json_report.chunks(report))
    view = {k: v for k, v in report.items() if k != "files"}
    write_atomic_chunks(target / "report.html", html_report.render_chunks(view, results))
    _write_false_positives(outcomes, target)


def _write_false_positives(outcomes: list[Outcome], target: Path) -> None:
    """False-positive marks as what silences them next time.

    ``false-positives.txt``: one inline suppression per finding, ``path:line: mtclean:
    ignore[RULE]`` to put on that line. ``ignore.mtclean.yaml``: an ``ignore`` list for
    the project configuration, naming only rules whose every finding in this run was
    marked a false positive (one wrong finding does not make a rule wrong everywhere).
    """
    marked = [(o.result.path, d) for o in outcomes for d in o.false_positives]
    for name in ("false-positives.txt", "ignore.mtclean.yaml"):
        if not marked and (target / name).exists():
            (target / name).unlink()
    if not marked:
        return
    lines = ["# False positives marked in review. To silence one, put its directive on that line",
             "# (in Markdown inside an HTML comment: <!-- mtclean: ignore[RULE] -->).\n"]
    for path, d in marked:
        lines.append(f"{path}:{d['line']}: mtclean: ignore[{d['rule']}]  # {json.dumps(d['text'][:80])}")
    write_atomic(target / "false-positives.txt", "\n".join(lines) + "\n")
    fired: dict[str, int] = {}
    for o in outcomes:
        for f in o.result.findings:
            fired[f.rule] = fired.get(f.rule, 0) + 1
    flagged: dict[str, int] = {}
    for _, d in marked:
        flagged[d["rule"]] = flagged.get(d["rule"], 0) + 1
    everywhere = sorted(r for r, n in flagged.items() if n == fired.get(r))
    body = ["# For .mtclean.yaml (or [tool.mtclean] in pyproject.toml): rules every finding of which",
            "# was marked a false positive in review.", f"ignore: {json.dumps(everywhere)}"]
    write_atomic(target / "ignore.mtclean.yaml", "\n".join(body) + "\n")

