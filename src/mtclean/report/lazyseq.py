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
