"""Numbers, dates, times and units of the source kept in the target (see ../numbers.py)."""

from __future__ import annotations

from typing import Any

from .. import numbers
from .base import Hit, _whole, check


@check("number-missing")
def number_missing(source: str, target: str, params: dict[str, Any]) -> list[Hit]:
    """A number of the source absent from the target; paired with a target number it became, if one."""
    res = numbers.compare(source, target)
    hits: list[Hit] = []
    added = list(res.added)
    gone = []
    for a in res.missing:
        if added:
            b = added.pop(0)
            hits.append(Hit(b.start, b.end, a.start, a.end,
                            f'"{a.text(source)}" in the source became "{b.text(target)}"'))
        else:
            gone.append(a)
    if gone:  # one finding for all the numbers a segment lost (a dropped date is one problem, not three)
        ts, te = _whole(target)
        listed = ", ".join(f'"{a.text(source)}"' for a in gone)
        hits.append(Hit(ts, te, gone[0].start, gone[-1].end, f"{listed} in the source {'is' if len(gone) == 1 else 'are'} missing"))
    return hits


@check("number-added")
def number_added(source: str, target: str, params: dict[str, Any]) -> list[Hit]:
    """A number in the target that the source does not have (and no source number or number word went missing)."""
    res = numbers.compare(source, target)
    excuse = res.words_left
    extra = []
    for b in res.added[len(res.missing) :]:
        # a number word of the source may come out as digits in any form, but not as a second copy
        # of a number the source already has ("In 1970, Green left the band in 1970.")
        if excuse and not b.values & res.source_values:
            excuse -= 1
            continue
        extra.append(b)
    ss, se = _whole(source)
    return [Hit(b.start, b.end, ss, se, f'"{b.text(target)}" is not in the source') for b in extra]


@check("unit-changed")
def unit_changed(source: str, target: str, params: dict[str, Any]) -> list[Hit]:
    res = numbers.compare(source, target)
    return [
        Hit(b.start, b.end, a.start, a.end, f"{a.unit[1]} in the source, {b.unit[1]} in the target")  # type: ignore[index]
        for a, b in res.units
    ]
