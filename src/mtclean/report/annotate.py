"""The inline view of one file: original lines with every change and finding marked.

A reviewer reads the original, numbered as the JSON report numbers it, with each
applied edit shown as struck/inserted text and each unapplied finding underlined.
Overlapping spans (an edit and a suggestion on the same words, two suggestions
sharing a word) become one *cluster*, so the page never nests or double-counts
marks; a cluster's tooltip lists every finding in it. Lines far from any cluster
are folded, which keeps a long file short without losing line numbers.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import overload

from ..model import Edit, FileResult, Finding
from ..offsets import line_cols
from .lazyseq import LazySequence, SpanLines

CONTEXT = 2  # unchanged lines kept visible around a marked line
MIN_FOLD = 4  # a shorter run of unchanged lines is not worth a fold

_TOKEN = re.compile(r"\n|[^\S\n]+|\w+|[^\w\s]")
# C0/C1 controls other than tab and newline, and lone surrogates (which UTF-8 cannot hold).
_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
WS_GLYPH = str.maketrans({" ": "·", "\t": "→", "\n": "↵", "\u00a0": "⍽"})


def visible(text: str) -> str:
    """Text as shown: controls become their Unicode control pictures, one per character."""
    if not _INVISIBLE.search(text):
        return text

    def pic(m: re.Match[str]) -> str:
        c = ord(m.group())
        if c < 0x20:
            return chr(0x2400 + c)
        if c == 0x7F:
            return "\u2421"
        return "\ufffd"

    return _INVISIBLE.sub(pic, text)


@dataclass
class Note:
    """One finding as the report shows it."""

    finding: Finding
    uid: str
    line: int
    column: int
    status: str  # "applied" | "suggested"
    cluster: str = ""
    fid: str = ""  # the finding's id in report.json
    covered: str = ""  # a suggestion inside an applied change: that change's rule(s)


@dataclass
class Cluster:
    id: str
    start: int
    end: int
    edits: list[Edit] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    @property
    def rules(self) -> list[str]:
        return list(dict.fromkeys(n.finding.rule for n in self.notes))

    @property
    def applied(self) -> bool:
        return bool(self.edits)

    def attr(self, name: str) -> str:
        """Space-separated set of one property of the notes, for data-* filter attributes."""
        values = {"cls": lambda n: n.finding.cls, "sev": lambda n: n.finding.severity, "st": lambda n: n.status}[name]
        return " ".join(dict.fromkeys(values(n) for n in self.notes))


@dataclass(frozen=True)
class Piece:
    kind: str  # "keep" | "del" | "ins"
    text: str
    ws: bool = False  # white space shown as glyphs


@dataclass(frozen=True)
class Mark:
    """The part of a cluster that falls on one line."""

    cluster: Cluster
    first: bool
    pieces: tuple[Piece, ...]


@dataclass(frozen=True)
class Row:
    n: int
    parts: tuple[str | Mark, ...]

    @property
    def marked(self) -> bool:
        for p in self.parts:  # a loop, not any(): asked of every line of every file
            if not isinstance(p, str):
                return True
        return False


class RowList(Sequence[Row]):
    """A file's rows, one per line of the original: the rows with marks or edge pieces
    held, every other row (a whole line of plain text, most of a long file) read off
    the text when asked. A page shows a long file only near its changes, so a row
    object for each of its lines would cost several times the text and never be read.
    """

    __slots__ = ("_firsts", "_held", "_n", "_runs", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._held: dict[int, Row] = {}
        self._n = 0
        self._firsts: list[int] = []  # the first row of each skipped run, in order
        self._runs: list[SpanLines] = []

    def append(self, row: Row) -> None:
        self._held[self._n] = row
        self._n += 1

    def skip(self, count: int, start: int, end: int) -> None:
        """``count`` rows that are the whole plain lines of ``text[start:end]``, made when read."""
        if count > 0:
            self._firsts.append(self._n)
            self._runs.append(SpanLines(self._text, start, end, count))
            self._n += count

    def held(self) -> Iterator[tuple[int, Row]]:
        return iter(self._held.items())

    def __len__(self) -> int:
        return self._n

    def row(self, i: int) -> Row:
        held = self._held.get(i)
        if held is not None:
            return held
        k = bisect_right(self._firsts, i) - 1
        start, end = self._runs[k].bounds(i - self._firsts[k])
        line = self._text[start:end]
        return Row(i + 1, (line,) if line else ())

    @overload
    def __getitem__(self, i: int) -> Row: ...

    @overload
    def __getitem__(self, i: slice) -> RowView: ...

    def __getitem__(self, i: int | slice) -> Row | RowView:
        if isinstance(i, slice):
            start, stop, step = i.indices(self._n)
            assert step == 1
            return RowView(self, start, max(start, stop))
        if i < 0:
            i += self._n
        if not 0 <= i < self._n:
            raise IndexError("row index out of range")
        return self.row(i)


class RowView(LazySequence[Row]):
    """Rows ``start .. stop-1`` of a :class:`RowList` (a section of the page)."""

    __slots__ = ("rows", "start", "stop")

    def __init__(self, rows: RowList, start: int, stop: int) -> None:
        self.rows, self.start, self.stop = rows, start, stop

    def __len__(self) -> int:
        return self.stop - self.start

    def _item(self, k: int) -> Row:
        return self.rows.row(self.start + k)


@dataclass(frozen=True)
class Section:
    folded: bool
    rows: Sequence[Row]  # a RowView


@dataclass
class FileView:
    notes: list[Note]
    clusters: list[Cluster]
    sections: list[Section]
    hidden: int = 0  # findings past the shown limit (report.json has them)
    edits: list[Edit] | None = None  # the applied edits the view shows (all, unless limited)


def trim_edit(old: str, new: str) -> tuple[str, str, str, str]:
    """Split an edit into unchanged prefix, deleted, inserted, unchanged suffix, on token bounds."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    if "".join(a) != old or "".join(b) != new:  # cannot happen with this pattern, but never lie
        return "", old, new, ""
    p = 0
    while p < len(a) and p < len(b) and a[p] == b[p]:
        p += 1
    s = 0
    while s < len(a) - p and s < len(b) - p and a[-1 - s] == b[-1 - s]:
        s += 1
    return "".join(a[:p]), "".join(a[p : len(a) - s]), "".join(b[p : len(b) - s]), "".join(a[len(a) - s :])


def _clusters(r: FileResult, notes: list[Note], file_id: str) -> list[Cluster]:
    edit_starts = [e.start for e in r.edits]
    items: list[tuple[int, int, Edit | None, Note | None]] = []
    for e in r.edits:
        items.append((e.start, e.end, e, None))
    for note in notes:
        f = note.finding
        if f.applied:
            i = bisect_right(edit_starts, f.start) - 1
            if i >= 0 and r.edits[i].start <= f.start and f.end <= r.edits[i].end:
                items.append((r.edits[i].start, r.edits[i].end, None, note))
                continue
        items.append((f.start, f.end, None, note))
    items.sort(key=lambda it: (it[0], -it[1], it[2] is None))
    clusters: list[Cluster] = []
    for start, end, edit, note in items:
        c = clusters[-1] if clusters else None
        # Overlapping spans share a cluster; so do zero-width spans at one point.
        inside = c is not None and (start < c.end or start == end == c.start == c.end)
        if not inside:
            c = Cluster(f"{file_id}c{len(clusters)}", start, end)
            clusters.append(c)
        assert c is not None
        c.end = max(c.end, end)
        if edit is not None:
            c.edits.append(edit)
        if note is not None:
            c.notes.append(note)
            note.cluster = c.id
    return clusters


def _cluster_pieces(text: str, c: Cluster) -> list[Piece]:
    pieces: list[Piece] = []
    pos = c.start
    for e in c.edits:
        if e.start > pos:
            pieces.append(Piece("keep", text[pos : e.start]))
        pre, old, new, post = trim_edit(text[e.start : e.end], e.replacement)
        if pre:
            pieces.append(Piece("keep", pre))
        if old:
            pieces.append(Piece("del", old))
        if new:
            pieces.append(Piece("ins", new))
        if post:
            pieces.append(Piece("keep", post))
        pos = e.end
    if c.end > pos:
        pieces.append(Piece("keep", text[pos : c.end]))
    if not pieces:  # a zero-width finding: a caret where it points
        pieces.append(Piece("keep", ""))
    return pieces


def display_piece(piece: Piece, text: str) -> Piece:
    if piece.kind != "keep" and text and not text.strip():
        return Piece(piece.kind, visible(text.translate(WS_GLYPH)), True)
    if piece.kind == "ins" and "\n" in text:
        return Piece("ins", visible(text.replace("\r\n", "\n").replace("\n", "↵")))
    return Piece(piece.kind, visible(text))


def _rows(text: str, clusters: list[Cluster]) -> RowList:
    """Cut the original into numbered lines, each holding plain text and cluster marks."""
    rows = RowList(text)
    parts: list[str | Mark] = []
    open_mark: list[Piece] = []
    state = {"cluster": None, "first": True}

    def flush_mark() -> None:
        c = state["cluster"]
        if c is not None and open_mark:
            parts.append(Mark(c, state["first"], tuple(open_mark)))  # type: ignore[arg-type]
            state["first"] = False
        open_mark.clear()

    def end_row() -> None:
        flush_mark()
        rows.append(Row(len(rows) + 1, tuple(parts)))
        parts.clear()

    def add_plain(start: int, end: int) -> None:
        """``text[start:end]``, unmarked. Most of a file: whole lines between marks, nothing
        to strip or make visible, counted here and read off the text when a row is shown."""
        breaks = text.count("\n", start, end)
        if breaks < 2 or text.find("\r", start, end) >= 0 or _INVISIBLE.search(text, start, end):
            add("plain", text[start:end])
            return
        first = text.find("\n", start, end)
        last = text.rfind("\n", start, end)
        if first > start:
            parts.append(text[start:first])
        end_row()
        rows.skip(breaks - 1, first + 1, last + 1)
        if end > last + 1:
            parts.append(text[last + 1 : end])

    def add(kind: str, chunk: str) -> None:
        # ``chunk`` comes from the original (plain, keep, del): it may hold line breaks.
        lines = chunk.split("\n")
        for i, line in enumerate(lines):
            last = i == len(lines) - 1
            if not last and line.endswith("\r"):
                line = line[:-1]
            if kind == "plain":
                if line:
                    parts.append(visible(line))
            elif line or kind == "keep" and last and not chunk:
                open_mark.append(display_piece(Piece(kind, line), line))
            if not last:
                if kind == "del":
                    open_mark.append(Piece("del", "↵", True))
                end_row()

    pos = 0
    for c in clusters:
        if c.start > pos:
            add_plain(pos, c.start)
        state["cluster"], state["first"] = c, True
        for piece in _cluster_pieces(text, c):
            if piece.kind == "ins":
                open_mark.append(display_piece(piece, piece.text))
            else:
                add(piece.kind, piece.text)
        flush_mark()
        state["cluster"] = None
        pos = max(pos, c.end)
    if pos < len(text):
        add_plain(pos, len(text))
    if parts or not text.endswith("\n") or not rows:
        end_row()
    return rows


def _sections(rows: RowList) -> list[Section]:
    """Runs of rows near a mark (kept) and far from any (folded when long enough)."""
    keep = bytearray(len(rows))  # 1: within CONTEXT rows of a marked row
    for i, row in rows.held():  # a marked row is always a held one
        if row.marked:
            lo, hi = max(0, i - CONTEXT), min(len(rows), i + CONTEXT + 1)
            keep[lo:hi] = b"\x01" * (hi - lo)
    sections: list[Section] = []
    i = 0
    while i < len(rows):
        j = keep.find(b"\x00" if keep[i] else b"\x01", i)
        j = len(rows) if j < 0 else j
        folded = not keep[i] and j - i >= MIN_FOLD
        if sections and not sections[-1].folded and not folded:
            sections[-1] = Section(False, rows[sections[-1].rows.start : j])  # type: ignore[attr-defined]
        else:
            sections.append(Section(folded, rows[i:j]))
        i = j
    return sections


def file_view(r: FileResult, file_id: str, ids: dict[int, str] | None = None, limit: int | None = None) -> FileView:
    """The file's inline view; with ``limit``, only its first ``limit`` findings (by
    position) and the applied edits before the first one left out are marked, so a
    hostile input cannot make the page as long as its findings are many."""
    ordered = sorted(r.findings, key=lambda f: (f.start, f.end, f.rule))
    hidden = 0
    edits = r.edits
    if limit is not None and len(ordered) > limit:
        hidden = len(ordered) - limit
        cutoff = ordered[limit].start
        ordered = ordered[:limit]
        edits = [e for e in r.edits if e.start < cutoff]
        r = FileResult(r.path, r.original, r.cleaned, ordered, edits)
    notes = []
    where = line_cols(r.original, [f.start for f in ordered])
    for j, (f, (line, column)) in enumerate(zip(ordered, where)):
        notes.append(Note(f, f"{file_id}n{j}", line, column, "applied" if f.applied else "suggested",
                          fid=(ids or {}).get(id(f), "")))
    clusters = _clusters(r, notes, file_id)
    _mark_covered(clusters)
    return FileView(notes, clusters, _sections(_rows(r.original, clusters)), hidden, list(edits))


def _mark_covered(clusters: list[Cluster]) -> None:
    """A suggestion whose words an applied change already rewrote is not pending: say whose."""
    for c in clusters:
        if not c.edits:
            continue
        applied = [n.finding.rule for n in c.notes if n.status == "applied"]
        for n in c.notes:
            f = n.finding
            if n.status == "suggested" and any(e.start <= f.start and f.end <= e.end and e.start < e.end for e in c.edits):
                n.covered = " ".join(dict.fromkeys(applied)) or "an applied change"
