"""MT loops: a word or phrase repeated back to back where the source does not repeat it."""

from __future__ import annotations

import re
from typing import Any

from .base import Hit, _whole, check

# English words that may stand twice in a correct sentence ("had had a chance", "that that is")
_DOUBLES_OK = {"had", "that", "is", "do", "very", "bye", "no", "yes", "ha", "so", "far", "more", "again", "ever"}


@check("repetition")
def repetition(source: str, target: str, params: dict[str, Any]) -> list[Hit]:
    """A word or phrase repeated back to back (three times or more) that the source does not repeat."""
    min_times = int(params.get("min_times", 3))
    words = list(re.finditer(r"\S+", target))
    toks = [re.sub(r"\W+", "", m.group().casefold()) for m in words]
    hits: list[Hit] = []
    i = 0
    while i < len(toks):
        found = False
        for n in range(1, 7):
            if i + 2 * n > len(toks):  # a doubled unit is the shortest loop
                break
            unit = toks[i : i + n]
            if not any(re.search(r"[^\W\d_]", u) for u in unit):
                continue  # scores and lists of numbers ("1 (1:1)") repeat digits on purpose
            k = 1
            while toks[i + k * n : i + (k + 1) * n] == unit:
                k += 1
            # a phrase of three words or more said twice back to back is already a loop; so is one word
            # or two said twice with nothing between ("the farm farm", "(BA) (BA)"), unless English
            # doubles it ("had had") or it is a letter ("B. B. King")
            doubled = k == 2 and n <= 2 and _plain_double(target, words, i, n, unit)
            if k >= (2 if n >= 3 else min_times) or doubled:
                phrase = " ".join(unit)
                if _longest_loop(source, n) < k:
                    s, e = words[i].start(), words[i + k * n - 1].end()
                    while e > s + 1 and not target[e - 1].isalnum():  # the words, not the stop after them
                        e -= 1
                    while s < e - 1 and not target[s].isalnum():
                        s += 1
                    ss, se = _whole(source)
                    hits.append(Hit(s, e, ss, se, f'"{phrase}" {k} times in a row'))
                i += k * n
                found = True
                break
        if not found:
            i += 1
    return hits


def _plain_double(target: str, words: list[re.Match[str]], i: int, n: int, unit: list[str]) -> bool:
    if n == 1 and (unit[0] in _DOUBLES_OK or len(unit[0]) < 2):
        return False
    gap = target[words[i + n - 1].end() : words[i + n].start()]
    inner = " ".join(w.group() for w in words[i : i + 2 * n])
    # a comma, dash or stop between the two ("Fleetwood Mac, Fleetwood Mac went") is an apposition or a list
    return not re.search(r"[,;:.!?–—-]", gap) and not re.search(r"[,;:!?–—]", inner[:-1])


def _longest_loop(text: str, n: int) -> int:
    """How often the source itself repeats an n-word unit back to back ("Tor, Tor, Tor!")."""
    toks = [re.sub(r"\W+", "", w.casefold()) for w in text.split()]
    best = 1
    for i in range(len(toks)):
        unit = toks[i : i + n]
        if len(unit) < n or not any(unit):
            continue
        k = 1
        while toks[i + k * n : i + (k + 1) * n] == unit:
            k += 1
        best = max(best, k)
    return best
