"""The pair checks one by one, on sentences written for these tests."""

from __future__ import annotations

import pytest

from mtclean.source.checks import CHECKS


def run(check: str, source: str, target: str, **params: object) -> list[str]:
    return [target[h.start : h.end] for h in CHECKS[check](source, target, dict(params))]


@pytest.mark.parametrize(("source", "target"), [
    ("Sechzig spielt am Samstag in Würzburg.", "1860 play in Würzburg on Saturday."),
    ("Die Zwölf vom Dorf trafen sich wieder.", "The 12 from the village met again."),
    ("Er feiert das hundertjährige Jubiläum.", "He celebrates the 100th anniversary."),
])
def test_a_number_word_may_come_out_as_digits(source: str, target: str) -> None:
    assert run("number-added", source, target) == []


@pytest.mark.parametrize(("source", "target", "added"), [
    # a number word does not excuse a second copy of a number the source has
    ("Drei Jahre später verließ sie die Band 1970.", "In 1970, she left the band in 1970.", ["1970"]),
    # a number word the target did translate excuses nothing
    ("Zwei Gruppen stritten um 16.15 Uhr.", "Two groups argued at 16.15: 00.", ["00"]),
])
def test_an_added_number_is_still_found(source: str, target: str, added: list[str]) -> None:
    assert run("number-added", source, target) == added


def test_centenary_is_a_hundred() -> None:
    src = "Die Stadt feiert ihr 100-jähriges Bestehen vom 7. bis 9. Mai 2021."
    hits = CHECKS["number-missing"](src, "The town celebrates its centenary in May.", {})
    assert len(hits) == 1 and '"100"' not in hits[0].detail and '"2021"' in hits[0].detail


@pytest.mark.parametrize(("source", "target", "flagged"), [
    ('Er sagte: "Wir machen weiter".', 'He said we would carry on. "', True),  # stranded at the end
    ('Er nannte es "ahnungslos" und "falsch".', 'He called it "clueless" "and" wrong. "', True),
    ('Er nannte es "ahnungslos".', 'He called "it" "clueless".', False),  # even: pairs up
    ('Er sagte: "Wir machen weiter".', 'He said: “We will carry on.', False),  # one lost: a typo humans make
    ('Sie schrieb: "Gut".', 'It is good,” she wrote “for now”.', True),  # one more than the source has
    ('Er sagte, es gehe weiter.', 'He said: “It goes on.', False),  # the quote opened in another segment
])
def test_quotation_marks(source: str, target: str, flagged: bool) -> None:
    assert bool(run("brackets", source, target)) is flagged


@pytest.mark.parametrize(("source", "target", "loop"), [
    ("Auf dem großen Hof arbeiten 500 Helfer.", "500 helpers work on the large farm farm.", "farm farm"),
    ("Die Agentur (BA) meldet Fälle.", "The agency (BA) (BA) reports cases.", "BA) (BA"),
    ("Bisher hatte der Verein eine Chance.", "Until now the club had had a chance.", None),
    ("Er liebte B. B. King.", "He loved B. B. King.", None),
    ("Nach dem Aufstieg mit Fleetwood Mac ging es bergab.", "After Fleetwood Mac, Fleetwood Mac declined.", None),
])
def test_a_doubled_word_is_a_loop(source: str, target: str, loop: str | None) -> None:
    assert run("repetition", source, target) == ([loop] if loop else [])


@pytest.mark.parametrize(("source", "target", "garbled"), [
    ("Das Kind kam in die Kinderklinik.", "The child went to the Kinderclinic.", ["Kinderclinic"]),
    ("Das Gleisbett wurde erneuert.", "The gleisbed was renewed.", ["gleisbed"]),
    ("Der Zug hielt in Regensburg.", "The train stopped in Regensbarg.", ["Regensbarg"]),
    # a name in its base form, an English word, the source word itself: not garbled
    ("Die Eggenfeldener Feuerwehr kam.", "The Eggenfelden fire brigade came.", []),
    ("Die Virologen warnen.", "The virologists are warning.", []),
    ("Die Berliner feierten.", "The Berliners celebrated.", []),
    ("Der Zug hielt in Regensburg.", "The train stopped in Regensburg.", []),
])
def test_half_german_words(source: str, target: str, garbled: list[str]) -> None:
    assert run("german-garbled", source, target) == garbled
