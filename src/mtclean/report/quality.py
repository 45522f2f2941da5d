"""How much the cleaning changed each file: chrF and TER of cleaned against original.

Both come from sacrebleu with its signatures, so a reader can compare the figures
with any other sacrebleu run. The original is the reference and the cleaned text
the hypothesis: chrF 100 / TER 0 means untouched, and TER reads directly as the
share of words edited.

Segments are aligned sentences: ``align`` pairs the changed hunks of lines, and a
hunk is cut further at sentence ends that no edit straddles, so each cut maps
exactly to the cleaned side. Only segments that an edit touches go through
sacrebleu (whose TER shift search is costly on long segments); an unchanged
segment's statistics are known without looking (TER: no edits, its word count;
chrF: every character n-gram matches) and are added to sacrebleu's own segment
statistics before sacrebleu computes the score. The result equals sacrebleu
scoring every segment, which ``tests/report/test_html_quality.py`` checks; should
a future sacrebleu move those statistics methods, every segment is scored.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..model import Edit, FileResult
from ..offsets import apply_edits
from .align import Block, align

# Where a new segment may start: after a sentence end and its white space, or after a line break.
_CUT = re.compile(r"(?<=[.!?…])[\"'”’»)\]]*[ \t]+|\n")
_GAP = re.compile(r"[ \t]+")
MAX_SEGMENT = 2000  # characters: a longer changed segment is cut at word gaps (see _bounded)


@dataclass(frozen=True)
class EditRate:
    chrf: float
    ter: float
    segments: int  # changed segments sacrebleu scored


@lru_cache(maxsize=1)
def _metrics() -> tuple[Any, Any]:
    # Imported lazily: only the HTML report needs sacrebleu.
    from sacrebleu.metrics import CHRF, TER

    # TER lowercases by default; a capitalization fix is an edit, so keep case.
    chrf, ter = CHRF(), TER(case_sensitive=True)
    for metric in (chrf, ter):  # a signature knows the number of references only after a first score
        metric.corpus_score(["x"], [["x"]])
    return chrf, ter


def signatures() -> dict[str, str]:
    chrf, ter = _metrics()
    # Named as sacrebleu's own command line prints them: "chrF2|nrefs:1|…".
    return {"chrF": f"chrF{chrf.beta}|{chrf.get_signature()}", "TER": f"TER|{ter.get_signature()}"}


class _Unchanged:
    """chrF and TER statistics of the segments identical on both sides, added up one
    segment at a time, so a file of millions of unchanged lines is never a list of them.

    chrF ([hyp, ref, match] per order): a segment of L characters (white space left out,
    as chrF counts) has max(0, L-n+1) n-grams of order n, summed from the histogram of
    the short segments and the total length of the others, exact and without a loop per
    segment and order. TER ([edits, reference words]): no edits, and the words.
    """

    def __init__(self, order: int) -> None:
        self.order = order
        self.short = [0] * order  # short[L]: segments of L < order characters
        self.long_count = 0
        self.long_chars = 0
        self.words = 0

    def add(self, segment: str) -> None:
        words = segment.split()
        self.words += len(words)
        length = sum(map(len, words))
        if length < self.order:
            self.short[length] += 1
        else:
            self.long_count += 1
            self.long_chars += length

    def add_lines(self, block: str) -> None:
        """``add`` for every line of ``block`` (cut at "\n", line breaks left out), with
        the loop over lines in C (``map``; a line at a time in Python was a quarter of
        the report's time on a large run)."""
        if not block:
            return
        lines = block.split("\n")
        if block.endswith("\n"):
            lines.pop()  # no line after the last line break
        words = list(map(str.split, lines))
        self.words += sum(map(len, words))
        lengths = Counter(map(len, map("".join, words)))
        short_lines = short_chars = 0
        for length in range(self.order):
            k = lengths.pop(length, 0)
            self.short[length] += k
            short_lines += k
            short_chars += k * length
        self.long_count += len(lines) - short_lines
        self.long_chars += sum(length * k for length, k in lengths.items())

    def chrf(self) -> list[int]:
        order = self.order
        stats = [0] * (3 * order)
        for n in range(1, order + 1):
            count = self.long_chars - (n - 1) * self.long_count + sum(
                (length - n + 1) * k for length, k in enumerate(self.short) if length >= n)
            for i in range(3 * (n - 1), 3 * n):
                stats[i] += count
        return stats

    def ter(self) -> list[int]:
        return [0, self.words]


def _unchanged_chrf(chrf: Any, lines: list[str]) -> list[int]:
    """chrF statistics of lines identical on both sides (see ``_Unchanged``)."""
    same = _Unchanged(chrf.char_order)
    for line in lines:
        same.add(line)
    return same.chrf()


def _unchanged_ter(lines: list[str]) -> list[int]:
    """TER statistics ([edits, reference words]) of lines identical on both sides."""
    return [0, len(" ".join(lines).split())]


class SegmentCache:
    """sacrebleu's statistics of (cleaned, original) segments already scored in this run.

    A segment's statistics depend on its two texts alone, and the same sentence
    and the same fix recur across files (boilerplate, a repeated header), while
    TER's shift search is the costliest part of the report; a segment seen before
    is looked up, not scored again. The sums are taken in the same order as
    without the cache, so every score is the same float.
    """

    LIMIT = 200_000  # segments kept; beyond it the cache starts afresh (a worker lives for a whole run)

    def __init__(self) -> None:
        self.stats: dict[tuple[str, str, str], Any] = {}


def _statistics(metric: Any, hyps: list[str], refs: list[str], cache: SegmentCache | None) -> list[Any]:
    if cache is None:
        return list(metric._extract_corpus_statistics(hyps, [refs]))
    name = type(metric).__name__
    keys = [(name, h, r) for h, r in zip(hyps, refs)]
    if len(cache.stats) > cache.LIMIT:
        cache.stats.clear()
    todo = [k for k in dict.fromkeys(keys) if k not in cache.stats]
    if todo:
        new = metric._extract_corpus_statistics([h for _, h, _ in todo], [[r for _, _, r in todo]])
        cache.stats.update(zip(todo, new))
    return [cache.stats[k] for k in keys]


def _same_words(original: str, cleaned: str) -> bool:
    """Does an edit change white space alone? Both metrics read only the words (TER) and
    the characters that are not white space (chrF), so such a segment's statistics are
    those of an unchanged one: counted, not scored (most edits to human text are such)."""
    return original.split() == cleaned.split()


def _score(metric: Any, hyps: list[str], refs: list[str], same: Callable[[], list[str]], unchanged: list[int],
           cache: SegmentCache | None = None) -> float:
    try:
        stats = _statistics(metric, hyps, refs, cache) if hyps else []
        return float(metric._aggregate_and_compute(stats + [unchanged]).score)
    except AttributeError:  # pragma: no cover - a sacrebleu without these methods: score everything
        rest = same()
        return float(metric.corpus_score(hyps + rest, [refs + rest]).score)


def segments(original: str, blocks: list[Block]) -> list[tuple[str, str, bool]]:
    """Aligned (original, cleaned, touched-by-an-edit) segments, in order, covering both texts."""
    return list(iter_segments(original, blocks))


def iter_segments(original: str, blocks: list[Block]) -> Iterator[tuple[str, str, bool]]:
    """``segments`` one at a time: an unchanged line is one segment, made as it is read."""
    for b in blocks:
        if not b.changed:
            start = b.start
            while start < b.end:
                nl = original.find("\n", start, b.end)
                end = b.end if nl < 0 else nl + 1
                line = original[start:end]
                yield line, line, False
                start = end
            continue
        yield from _changed_segments(original, b)


def _changed_segments(original: str, b: Block) -> Iterator[tuple[str, str, bool]]:
    """A changed block's segments: cut at sentence ends and line breaks outside its edits."""
    text = original[b.start : b.end]
    edits = [Edit(e.start - b.start, e.end - b.start, e.replacement) for e in b.edits]
    cuts = []
    k = 0
    for m in _CUT.finditer(text):
        p = m.end()
        while k < len(edits) and edits[k].end <= p:
            k += 1
        if p < len(text) and not (k < len(edits) and edits[k].start < p):  # never inside an edit
            cuts.append(p)
    cuts = _bounded(text, edits, cuts)
    i = 0
    for a, z in zip([0, *cuts], [*cuts, len(text)]):
        mine = []
        while i < len(edits) and (edits[i].start < z or edits[i].start == z == len(text)):
            e = edits[i]
            mine.append(Edit(e.start - a, e.end - a, e.replacement))
            i += 1
        piece = text[a:z]
        yield piece, apply_edits(piece, mine), bool(mine)


def _bounded(text: str, edits: list[Edit], cuts: list[int]) -> list[int]:
    """``cuts`` with more added at word gaps outside edits, so no segment is much longer
    than MAX_SEGMENT characters: TER's alignment costs the square of a segment's length
    (a changed 2 MB line would need gigabytes), and a long line has no sentence ends
    to cut at when it is not prose."""
    out: list[int] = []
    starts = [e.start for e in edits]
    for a, z in zip([0, *cuts], [*cuts, len(text)]):
        last = a
        if z - a > MAX_SEGMENT:
            for m in _GAP.finditer(text, a + MAX_SEGMENT // 2, z):
                p = m.end()
                if p - last < MAX_SEGMENT // 2 or p >= z:
                    continue
                k = bisect_right(starts, p) - 1
                if k >= 0 and edits[k].start < p < edits[k].end or (k >= 0 and edits[k].start == p == edits[k].end):
                    continue  # never inside an edit
                if k + 1 < len(edits) and edits[k + 1].start == p:
                    continue
                out.append(p)
                last = p
        if z < len(text):
            out.append(z)
    return out


def edit_rate(original: str, blocks: list[Block], cache: SegmentCache | None = None) -> EditRate:
    """chrF/TER of the cleaned side of ``blocks`` against the original side.

    Only the segments an edit touches are kept (and scored); the others are added to
    their statistics as they are read. ``cache``: one per run, shared by its files (see
    ``SegmentCache``).
    """
    chrf, ter = _metrics()  # chrF's defaults: character n-grams only, white space ignored
    refs: list[str] = []
    hyps: list[str] = []
    same = _Unchanged(chrf.char_order)
    changed = False
    for b in blocks:
        if not b.changed:
            same.add_lines(original[b.start : b.end])
            continue
        for o, c, touched in _changed_segments(original, b):
            changed = changed or touched
            if touched and not _same_words(o, c):
                refs.append(o.rstrip("\n"))
                hyps.append(c.rstrip("\n"))
            else:
                same.add(o.rstrip("\n"))
    if not changed:
        return EditRate(100.0, 0.0, 0)

    def unchanged() -> list[str]:  # pragma: no cover - only for a sacrebleu without the statistics methods
        return [o.rstrip("\n") for o, c, touched in iter_segments(original, blocks) if not touched or _same_words(o, c)]

    return EditRate(
        round(_score(chrf, hyps, refs, unchanged, same.chrf(), cache), 2),
        round(_score(ter, hyps, refs, unchanged, same.ter(), cache), 2),
        len(refs),
    )


def file_rate(result: FileResult, cache: SegmentCache | None = None) -> EditRate:
    """The edit rate of one cleaned file (its original against its cleaned text)."""
    if not result.edits:
        return EditRate(100.0, 0.0, 0)
    return edit_rate(result.original, align(result.original, result.edits), cache)
