"""Which files below ``OUT/cleaned/`` mtclean wrote, so a later run can remove the
ones it no longer writes (an input deleted, renamed or now excluded) without ever
touching a file someone else put there.

The list is ``OUT/.mtclean-manifest.json``: paths relative to ``OUT/cleaned/``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .io import OutputError, write_atomic

NAME = ".mtclean-manifest.json"
SCHEMA = "mtclean-manifest/1"


def previous(out: Path) -> list[str]:
    """What the last run wrote; nothing when there is no manifest or it cannot be read."""
    try:
        data = json.loads((out / NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(data, dict) or data.get("schema") != SCHEMA or not isinstance(data.get("cleaned"), list):
        return []
    return [p for p in data["cleaned"] if isinstance(p, str)]


def record(out: Path, written: list[Path], before: list[str]) -> list[str]:
    """Write the manifest for this run and remove the files the last run wrote but this one did not.

    Returns the removed paths (relative to ``OUT/cleaned/``). Only plain files inside
    ``OUT/cleaned/`` are removed; a name that leaves the folder is ignored.
    """
    cleaned = out / "cleaned"
    now = sorted({p.relative_to(cleaned).as_posix() for p in written if p.is_relative_to(cleaned)})
    removed: list[str] = []
    root = cleaned.resolve()
    for rel in sorted(set(before) - set(now)):
        target = cleaned / rel
        try:
            if not target.resolve().is_relative_to(root) or target.is_symlink() or not target.is_file():
                continue
            target.unlink()
            removed.append(rel)
        except OSError:
            continue
        parent = target.parent
        while parent != cleaned and parent.resolve().is_relative_to(root):  # folders left empty
            try:
                os.rmdir(parent)
            except OSError:
                break
            parent = parent.parent
    try:
        write_atomic(out / NAME, json.dumps({"schema": SCHEMA, "cleaned": now}, indent=1) + "\n")
    except OutputError:
        pass  # the run's outputs are written; only the next run's tidying is lost
    return removed
