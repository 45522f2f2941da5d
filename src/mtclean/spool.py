"""Lists kept on disk, so what a large file yields (findings, edits) does not fill memory.

A large file is cleaned part by part (parallel.py); each part adds a frame of items.
Holding every item of a 200 MB file in memory for the reports costs about a kilobyte
per finding, so the items go to an anonymous temporary file instead and are read
back one frame (one part) at a time, whenever a report walks them. The lists are
read-only sequences: they can be iterated as often as needed, indexed, and compared
with lists, as the in-memory lists they replace could.
"""

from __future__ import annotations

import pickle
import tempfile
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, overload


class Spool:
    """One anonymous temporary file holding pickled frames.

    The file has no name (or loses it at once), so nothing is left behind whatever
    happens to the run; it is gone when the last list using it is.
    """

    def __init__(self, folder: Path | None = None) -> None:
        self._fh: IO[bytes] = tempfile.TemporaryFile(dir=folder)  # noqa: SIM115 - open as long as the lists
        self._size = 0

    def put(self, items: list[Any]) -> tuple[int, int]:
        """Store a frame; returns where it is (offset, length)."""
        data = pickle.dumps(items, protocol=pickle.HIGHEST_PROTOCOL)
        self._fh.seek(self._size)
        self._fh.write(data)
        where = (self._size, len(data))
        self._size += len(data)
        return where

    def get(self, where: tuple[int, int]) -> list[Any]:
        offset, length = where
        self._fh.seek(offset)
        data = self._fh.read(length)
        return pickle.loads(data)  # our own file, written by put() above

    def close(self) -> None:
        self._fh.close()


class _ListLike(Sequence[Any]):
    """A read-only sequence that compares equal to a list of the same items."""

    __hash__ = None  # type: ignore[assignment] # compares like a list, so unhashable like one

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (list, Sequence)) and not isinstance(other, (str, bytes)):
            return len(self) == len(other) and list(self) == list(other)
        return NotImplemented


class SpooledList(_ListLike):
    """A list whose items live in a :class:`Spool`, appended frame by frame."""

    def __init__(self, spool: Spool) -> None:
        self._spool = spool
        self._frames: list[tuple[int, int]] = []
        self._ends: list[int] = []  # items up to and including each frame

    def extend(self, items: list[Any]) -> None:
        """Add ``items`` as one frame (a part's worth)."""
        if items:
            self._frames.append(self._spool.put(items))
            self._ends.append(len(self) + len(items))

    def __len__(self) -> int:
        return self._ends[-1] if self._ends else 0

    def __iter__(self) -> Iterator[Any]:
        for where in list(self._frames):
            yield from self._spool.get(where)

    @overload
    def __getitem__(self, i: int) -> Any: ...

    @overload
    def __getitem__(self, i: slice) -> list[Any]: ...

    def __getitem__(self, i: int | slice) -> Any:
        if isinstance(i, slice):
            return list(self)[i]
        n = len(self)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("list index out of range")
        k = bisect_right(self._ends, i)
        first = self._ends[k - 1] if k else 0
        return self._spool.get(self._frames[k])[i - first]

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {len(self)} items on disk>"

    def map(self, fn: Callable[[Any], Any]) -> Mapped:
        """A view of this list with ``fn`` applied to each item (it sees later frames too)."""
        return Mapped(self, fn)


class Mapped(_ListLike):
    """``fn`` over ``base``, item by item as it is read: a list never built."""

    def __init__(self, base: Sequence[Any], fn: Callable[[Any], Any]) -> None:
        self._base = base
        self._fn = fn

    def __len__(self) -> int:
        return len(self._base)

    def __iter__(self) -> Iterator[Any]:
        return map(self._fn, self._base)

    @overload
    def __getitem__(self, i: int) -> Any: ...

    @overload
    def __getitem__(self, i: slice) -> list[Any]: ...

    def __getitem__(self, i: int | slice) -> Any:
        if isinstance(i, slice):
            return [self._fn(x) for x in self._base[i]]
        return self._fn(self._base[i])

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {len(self)} items>"
