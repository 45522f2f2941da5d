"""``mtclean eval --spans``: the documents are run as ``mtclean run`` would, then scored."""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from .. import __version__
from ..config import Config
from ..errors import MtcleanError
from ..io import gather, write_atomic
from ..quality.spans import Artifact, check_against, read_gold, score_doc, summarise, terminal
from ..runner import process_files, signature
from ..stages import build_pipeline
from .common import fail, load


def eval_spans(
    gold_path: Path,
    docs: list[Path],
    skip_notes: list[str],
    config: Config,
    encoding: str | None,
    json_out: Path | None,
    examples: int,
) -> None:
    if not docs:
        fail("--spans needs the annotated documents: mtclean eval --spans GOLD.jsonl DOCS...")
    try:
        gold, skipped = read_gold(gold_path, skip_notes)
    except MtcleanError as exc:
        fail(str(exc))
    by_doc: dict[str, list[Artifact]] = defaultdict(list)
    for a in gold:
        by_doc[a.doc].append(a)
    skipped_by_doc: dict[str, list[Artifact]] = defaultdict(list)
    for a in skipped:
        skipped_by_doc[a.doc].append(a)
    found = gather(docs)
    for e in found.errors:
        print(f"mtclean: {e}", file=sys.stderr)
    ruleset = load(config)
    pipeline = build_pipeline(ruleset, config)
    results, errors = process_files(found.files, pipeline, encoding)
    for e in errors:
        print(f"mtclean: {e}", file=sys.stderr)
    scored = []
    seen: set[str] = set()
    for r in results:
        doc = Path(r.path).stem
        if doc in seen:
            fail(f"{r.path}: two documents named {doc!r}; --spans names documents by file stem")
        seen.add(doc)
        items = sorted(by_doc.get(doc, []), key=lambda a: (a.start, a.end))
        try:
            check_against(items + skipped_by_doc.get(doc, []), doc, r.original, gold_path, Path(r.path))
        except MtcleanError as exc:
            fail(str(exc))
        scored.append((score_doc(doc, r, items, skipped_by_doc.get(doc, [])), items, r.original))
    missing = sorted(set(by_doc) - seen)
    d = summarise(scored)
    d["version"] = __version__
    d["signature"] = signature(ruleset, config)
    d["inputs"] = {"spans": str(gold_path), "documents": len(scored), "skip_notes": [s for s in skip_notes if s],
                   "annotated_documents_not_given": missing}
    stages = [{"name": s.name, "status": getattr(s, "status", "ran")} for s in pipeline.stages]
    d["stages"] = stages
    if json_out is not None and str(json_out) == "-":
        sys.stdout.write(json.dumps(d, ensure_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write(terminal(d, examples))
        if json_out is not None:
            write_atomic(json_out, json.dumps(d, ensure_ascii=False, indent=1) + "\n")
    if errors or found.errors:
        raise SystemExit(2)
