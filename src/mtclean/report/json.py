"""The JSON report: the stable, documented shape machines read (see README, "Outputs")."""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
from collections.abc import Iterator, Sequence
from typing import Any

from ..model import Edit, FileResult, Finding
from ..offsets import line_col, line_cols
from ..spool import Mapped


def finding_id(path: str, f: Finding) -> str:
    """A finding's name that stays the same as long as the input and rules do.

    Made of what identifies the finding itself (file, rule, span, text), not of its
    place in a list, so a reviewer's decisions still point at the right findings when
    the report is written again. Two findings alike in all of these are told apart by
    ``Ids``.
    """
    key = "\0".join((path, f.rule, str(f.start), str(f.end), f.text))
    return hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=6).hexdigest()


class Ids:
    """Finding ids of one file, unique within it (a repeat gets ``-2``, ``-3``… in order)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.seen: dict[str, int] = {}

    def __call__(self, f: Finding) -> str:
        base = finding_id(self.path, f)
        n = self.seen.get(base, 0) + 1
        self.seen[base] = n
        return base if n == 1 else f"{base}-{n}"


def text_hash(text: str) -> str:
    """What ``mtclean apply`` compares to tell that an original changed since the run."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def finding_dict(f: Finding, starts: list[int], fid: str | None = None) -> dict[str, Any]:
    return located_dict(f, *line_col(starts, f.start), fid=fid)


def located_dict(f: Finding, line: int, column: int, fid: str | None = None) -> dict[str, Any]:
    """A finding as report.json shows it, at a line and column already known.

    Where the finding's fix covers another span than the finding, or was made on text an
    earlier stage had changed, ``fix_start``/``fix_end`` (original offsets) and
    ``fix_base`` (the text the replacement replaces) say so; ``mtclean apply`` uses them.
    """
    d: dict[str, Any] = {}
    if fid is not None:
        d["id"] = fid
    d |= {
        "rule": f.rule,
        "class": f.cls,
        "severity": f.severity,
        "start": f.start,
        "end": f.end,
        "line": line,
        "column": column,
        "text": f.text,
        "message": f.message,
        "suggestion": f.suggestion,
        "fix": f.fix,
        "applied": f.applied,
        "stage": f.stage,
    }
    if f.edit is not None:
        d["replacement"] = f.edit.replacement
    if f.extra:
        fix = f.extra.get("fix")
        if fix is not None and f.edit is not None:
            d["fix_start"], d["fix_end"] = f.start + fix[0], f.start + fix[1]
            if fix[2] is not None:
                d["fix_base"] = fix[2]
        d.update({k: v for k, v in f.extra.items() if k not in d and k != "fix"})
    return d


def edit_dict(e: Edit) -> dict[str, Any]:
    return {"start": e.start, "end": e.end, "replacement": e.replacement}


def file_ids(r: FileResult) -> list[str]:
    """The ids of ``r.findings``, in their order, as report.json writes them."""
    ids = Ids(r.path)
    return [ids(f) for f in r.findings]


def shown_path(path: str) -> str:
    """A path as reports show it: bytes that are not UTF-8 escaped (``\\xff``), never U+FFFD,
    so two such names stay two names."""
    if not any("\udc80" <= ch <= "\udcff" for ch in path):
        return path
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def file_dict(r: FileResult) -> dict[str, Any]:
    located = getattr(r, "located", None)
    if located is not None:
        # A large file (parallel.LargeFileResult): its text, findings and edits stay on
        # disk; they are read back one part at a time as the report is written.
        # Read back item by item (maybe more than once): ids without the repeat counter.
        path = r.path
        findings: Sequence[dict[str, Any]] = Mapped(
            located, lambda item: located_dict(item[0], item[1], item[2], fid=finding_id(path, item[0]))
        )
        edits: Sequence[dict[str, Any]] = Mapped(r.edits, edit_dict)
        digest = None  # its text was never whole in memory
    else:
        ids = Ids(r.path)
        where = line_cols(r.original, [f.start for f in r.findings])
        findings = [located_dict(f, *at, fid=ids(f)) for f, at in zip(r.findings, where)]
        edits = [edit_dict(e) for e in r.edits]
        digest = text_hash(r.original)
    return {
        "path": shown_path(r.path),
        "hash": digest,
        "cleaned_path": shown_path(r.cleaned_path) if r.cleaned_path else r.cleaned_path,
        "changed": r.changed,
        "findings": findings,
        "edits": edits,
        "notes": r.notes,
    }


def report_dict(version: str, signature: str, results: list[FileResult], run: dict[str, Any]) -> dict[str, Any]:
    return {
        "version": version,
        "signature": signature,
        "run": run,
        "files": [file_dict(r) for r in results],
    }


def report_view(version: str, signature: str, results: list[FileResult], run: dict[str, Any]) -> dict[str, Any]:
    """``report_dict`` whose files are built one at a time as they are read (by ``chunks``):
    the report of a run is written without ever being whole in memory."""
    return {
        "version": version,
        "signature": signature,
        "run": run,
        "files": Mapped(results, file_dict),
    }


SURROGATE = re.compile("[\ud800-\udfff]")


def _no_surrogates(value: Any) -> Any:
    """Lone surrogates (only reachable through odd ``--encoding`` codecs or the API)
    become U+FFFD: strict JSON parsers reject an unpaired ``\\ud800`` escape. One
    code point for one, so offsets stay right."""
    if isinstance(value, str):
        return SURROGATE.sub("\ufffd", value) if SURROGATE.search(value) else value
    if isinstance(value, dict):
        return {_no_surrogates(k): _no_surrogates(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_no_surrogates(v) for v in value]
    return value


def dumps(report: dict[str, Any]) -> str:
    # ensure_ascii escapes control characters (and everything non-ASCII), so the
    # file is plain ASCII JSON whatever the input held.
    return "".join(chunks(report))


def chunks(report: dict[str, Any]) -> Iterator[str]:
    """``dumps(report)`` in pieces (the same text), so a large report is never one string.

    Lists that are not lists (``report_view``'s files, a large file's findings and
    edits) are read item by item; everything else is encoded whole by ``json`` and
    indented to where it stands, which gives json's own indented layout.
    """
    return _pieces(report, 0)


def _lazy(value: Any) -> bool:
    return isinstance(value, Sequence) and not isinstance(value, (str, bytes, list, tuple))


def _pieces(value: Any, level: int) -> Iterator[str]:
    inner = "\n" + " " * (level + 1)
    if isinstance(value, dict) and value and all(isinstance(k, str) for k in value) and any(map(_lazy, value.values())):
        yield "{"
        sep = inner
        for k, v in value.items():
            yield sep + _ENCODER.encode(_no_surrogates(k)) + ": "
            yield from _pieces(v, level + 1)
            sep = "," + inner
        yield "\n" + " " * level + "}"
    elif _lazy(value):
        sep = "[" + inner
        for item in value:
            yield sep
            yield from _pieces(item, level + 1)
            sep = "," + inner
        yield "[]" if sep.startswith("[") else "\n" + " " * level + "]"
    else:
        try:
            yield _dump(value, " " * level)
        except _Unusual:
            text = _ENCODER.encode(_no_surrogates(value))
            yield text.replace("\n", "\n" + " " * level) if level else text


# ensure_ascii: see dumps. (Newlines in its output are all layout: in strings they are escaped.)
_ENCODER = json.JSONEncoder(ensure_ascii=True, indent=1)
_INF = float("inf")


class _Unusual(Exception):
    """A value ``_dump`` leaves to json's encoder (which writes it or says why it cannot)."""


def _dump(value: Any, pad: str) -> str:
    """``_ENCODER.encode(_no_surrogates(value))`` with every line after the first indented
    by ``pad``.

    json encodes in C only without ``indent``; with it, every value passes through its
    Python encoder's generators (and ``_no_surrogates`` walked every value first): most
    of the time of a large report.json. This writes the same text (json's separators,
    number forms and order of type tests, lone surrogates as U+FFFD) with the strings
    escaped by json's C function; anything unusual is left to json
    (tests/report/test_json_report.py compares the two on generated values).
    """
    kind = type(value)
    if kind is str:
        return _string(value)
    inner = pad + " "
    if kind is dict:
        if not value:
            return "{}"
        items = []
        for k, v in value.items():  # (a finding's fields: plain values, written here)
            name = _KEYS.get(k) if type(k) is str else None
            if name is None:
                name = _key(k)
            held = type(v)
            if held is str:
                items.append(name + _string(v))
            elif held is int:
                items.append(name + int.__repr__(v))
            elif v is None:
                items.append(name + "null")
            else:
                items.append(name + _dump(v, inner))
        return "{\n" + inner + (",\n" + inner).join(items) + "\n" + pad + "}"
    if kind is int:
        return int.__repr__(value)
    if kind is bool:
        return "true" if value else "false"
    if value is None:
        return "null"
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        return "[\n" + inner + (",\n" + inner).join([_dump(v, inner) for v in value]) + "\n" + pad + "]"
    if kind is float:
        return _float(value)
    # Subclasses, tested in json's order.
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    raise _Unusual  # (a subclass of list, tuple or dict, or what json cannot write)


def _string(value: str) -> str:
    if not value.isascii() and SURROGATE.search(value):
        value = SURROGATE.sub("\ufffd", value)
    return _escape(value)


def _float(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if value == _INF:
        return "Infinity"
    if value == -_INF:
        return "-Infinity"
    return float.__repr__(value)


_KEYS: dict[str, str] = {}  # a plain key -> its JSON and the separator: reports repeat a few names


def _key(key: Any) -> str:
    """A key as json writes it, followed by ": "."""
    if isinstance(key, str):
        if not key.isascii() and SURROGATE.search(key):
            raise _Unusual  # two keys could become one: json's way, after _no_surrogates
        written = _escape(key) + ": "
        if type(key) is str and len(_KEYS) < 4096:
            _KEYS[key] = written
        return written
    if isinstance(key, float):
        return _escape(_float(key)) + ": "
    if key is True:
        return '"true": '
    if key is False:
        return '"false": '
    if key is None:
        return '"null": '
    if isinstance(key, int):
        return _escape(int.__repr__(key)) + ": "
    raise _Unusual


_escape = json.encoder.encode_basestring_ascii
