"""German and English number formats reduced to comparable values."""

from __future__ import annotations

import pytest

from mtclean.source.numbers import compare


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("Verlust von 3,5 Mio. Euro.", "A loss of 3.5 million euros."),
        ("Verlust von 3,5 Mio. Euro.", "A loss of 3,500,000 euros."),
        ("Am 14.7.1789 fiel die Bastille.", "The Bastille fell on July 14, 1789."),
        ("Am 14.7.1789 fiel die Bastille.", "The Bastille fell on 14 July 1789."),
        ("Beginn ist um 20 Uhr.", "It starts at 8 p.m."),
        ("Beginn ist um 20 Uhr.", "It starts at 20:00."),
        ("Gegen 21.30 Uhr kam es zum Unfall.", "The accident happened at around 9:30 pm."),
        ("Rund 1.500 Besucher kamen.", "Around 1,500 visitors came."),
        ("Drei Kinder spielten.", "3 children were playing."),
        ("Die Saison 2019/20 endete.", "The 2019-2020 season ended."),
    ],
)
def test_same_quantity_in_both_languages(source: str, target: str) -> None:
    res = compare(source, target)
    assert res.missing == [] and res.added == [] and res.units == []


@pytest.mark.parametrize(
    ("source", "target", "missing"),
    [
        ("Am 14.7.1789 fiel die Bastille.", "The Bastille fell on July 14, 1889.", "1789"),
        ("Beginn ist um 20 Uhr.", "It starts at 10 p.m.", "20"),
        ("Verlust von 3,5 Mio. Euro.", "A loss of 35 million euros.", "3,5"),
        ("Mehr als 880.000 Firmen.", "More than 888,000 companies.", "880.000"),
    ],
)
def test_changed_quantity(source: str, target: str, missing: str) -> None:
    res = compare(source, target)
    assert [a.text(source) for a in res.missing] == [missing]


def test_unit_changed() -> None:
    res = compare("Er fuhr 250 km/h.", "He drove at 250 mph.")
    assert [(a.unit, b.unit) for a, b in res.units] == [(("speed", "km/h"), ("speed", "mph"))]
