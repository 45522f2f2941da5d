"""A read-only sequence whose items are made when read (lines cut out of a text, a page's
rows): the report's views of long texts, which would cost far more than the text itself
as lists of every item. Subclasses say how many items there are and how to make one."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar, overload

T = TypeVar("T")


class LazySequence(Sequence[T]):
    """Indexing as a list's (negative indices, slices, IndexError) over ``_item(k)``."""

    __slots__ = ()

    def __len__(self) -> int:
        raise NotImplementedError

    def _item(self, k: int) -> T:
        raise NotImplementedError

    @overload
    def __getitem__(self, i: int) -> T: ...

    @overload
    def __getitem__(self, i: slice) -> list[T]: ...

    def __getitem__(self, i: int | slice) -> T | list[T]:
        n = len(self)
        if isinstance(i, slice):
            return [self._item(k) for k in range(*i.indices(n))]
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError(f"{type(self).__name__} index out of range")
        return self._item(i)

    def __iter__(self) -> Iterator[T]:
        return (self._item(k) for k in range(len(self)))


class SpanLines:
    """Where each line of ``text[start:end]`` lies (whole lines; the last may end the text
    without a line break), found when asked.

    A long unchanged run of a file is shown, on a page that does not show the whole text,
    only by a few lines at its edges: those are found by stepping over line breaks from
    the nearer end, and only a reader going further in (a page showing the whole text)
    has the run's line starts listed, once. No table of the whole text's lines is made.
    """

    EDGE = 16  # lines stepped over from an end before the run's line starts are listed

    __slots__ = ("_starts", "count", "end", "start", "text")

    def __init__(self, text: str, start: int, end: int, count: int) -> None:
        self.text, self.start, self.end, self.count = text, start, end, count
        self._starts: list[int] | None = None

    def bounds(self, k: int) -> tuple[int, int]:
        """Line ``k``'s span (0-based within the run), its line break left out."""
        text, start, end = self.text, self.start, self.end
        starts = self._starts
        if starts is None:
            if k < self.EDGE:
                pos = start
                for _ in range(k):
                    pos = text.find("\n", pos, end) + 1
                nl = text.find("\n", pos, end)
                return pos, end if nl < 0 else nl
            back = self.count - 1 - k
            if back < self.EDGE:
                stop = end - 1 if text.endswith("\n", start, end) else end  # where the last line ends
                for _ in range(back):
                    stop = text.rfind("\n", start, stop)
                nl = text.rfind("\n", start, stop)
                return (nl + 1 if nl >= 0 else start), stop
            from ..offsets import line_starts  # (offsets imports nothing of the report)

            starts = self._starts = [start + s for s in line_starts(text[start:end])]
        return starts[k], starts[k + 1] - 1 if k + 1 < len(starts) else end
