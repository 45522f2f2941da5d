"""The window search for ftfy's badness test answers exactly as ftfy's own search does."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from ftfy.badness import BADNESS_RE
from ftfy.badness import is_bad as ftfy_is_bad
from hypothesis import given, settings
from hypothesis import strategies as st

from mtclean.stages import badness

PLAN = badness.plan_for(BADNESS_RE)


def test_ftfys_expression_fits_the_window_search() -> None:
    """Otherwise the shortcut is never taken (and the speed-up is gone, silently)."""
    assert PLAN is not None
    _, trigger, width = PLAN
    assert 2 <= width <= 20
    assert trigger.search("plain ASCII text, with (brackets) and 'quotes'.") is None


def _alphabet() -> str:
    """Characters ftfy's expression names (every one of its required sets, and then
    some), plain letters, white space and marks."""
    assert PLAN is not None
    named = "".join(sorted({c for c in PLAN[1].pattern if ord(c) > 127}))
    return named + "aeAE .,?!\n\t\u00a0\x81\x9dÃÂâ€™œ"


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=_alphabet(), max_size=40))
def test_generated_text(text: str) -> None:
    assert badness.is_bad(text) == ftfy_is_bad(text)


PIECES = ["Ã©", "â€™", "Â ", " Â ", "œ.", "ВЂ", "ГўВЂВ™s", "word ", "\n", "“", "ü"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_generated_mojibake_pieces(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert badness.is_bad(text) == ftfy_is_bad(text)


def _ftfy_cases(shared: Path) -> list[str]:
    folder = shared / "data" / "ftfy-cases"
    out: list[str] = []
    for name in ("in-the-wild.json", "synthetic.json", "negative.json", "known-failures.json", "language-names.json"):
        path = folder / name
        if path.exists():
            for case in json.loads(path.read_text(encoding="utf-8")):
                out += [case[k] for k in ("original", "fixed") if isinstance(case.get(k), str)]
    return out


def test_ftfys_own_cases(shared: Path) -> None:
    """ftfy's test cases (real mojibake found in the wild, and near misses), alone and
    inside a longer text (where a window starts or ends mid-sequence)."""
    cases = _ftfy_cases(shared)
    if not cases:
        pytest.skip("ftfy-cases not in ../shared/data")
    for text in cases:
        for variant in (text, "Padding text. " + text, text + " trailing", "x" * 5 + "\n" + text + "\n" + "y" * 5):
            assert badness.is_bad(variant) == ftfy_is_bad(variant), variant
    assert sum(map(ftfy_is_bad, cases)) > 50  # the comparison saw both answers


def test_real_text_line_by_line_and_whole(shared: Path) -> None:
    """German and English news (WMT21 source, references and MT output), where umlauts
    and curly quotes are frequent, and a mojibake line put in."""
    folder = shared / "data" / "wmt21-deen"
    files = sorted(folder.glob("*"))[:8] if folder.exists() else []
    if not files:
        pytest.skip("wmt21-deen not in ../shared/data")
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")[:200_000]
        assert badness.is_bad(text) == ftfy_is_bad(text), path
        for line in text.splitlines()[:2000]:
            assert badness.is_bad(line) == ftfy_is_bad(line), line
        broken = text[:5000] + "\nThe cafÃ© reopened.\n" + text[5000:10000]
        assert badness.is_bad(broken) and ftfy_is_bad(broken)


def test_start_of_text_anchor() -> None:
    """ftfy's "^[ÃÂ] " holds at the text's start only, also in the window search."""
    for text in ("Ã is", "x\nÃ is", "Â x", "a Ã  b", "abcdefghijÃ is"):
        assert badness.is_bad(text) == ftfy_is_bad(text), text


def test_expressions_the_window_search_cannot_serve_fall_back() -> None:
    assert badness.plan_for(re.compile(r"é(?=x)")) is None  # a look-ahead
    assert badness.plan_for(re.compile(r"\bé")) is None  # a word boundary
    assert badness.plan_for(re.compile(r"é+")) is None  # no bound on the width
    assert badness.plan_for(re.compile(r"é|\s\w")) is None  # an alternative with no listed character
    assert badness.plan_for(re.compile(r"(?i)é")) is None  # case partners
    assert badness.plan_for(re.compile(r"(?m)^é")) is None  # "^" at every line
    assert badness.plan_for(re.compile(r"é$")) is None  # "$": the window's end is not the text's
    for rx in (r"^é\s", r"\Aé\s"):  # anchored at the text's start: a later window never claims it
        plan = badness.plan_for(re.compile(rx))
        assert plan is not None
        for text in ("é x", "aé x", "xxxxxxxxxé x", "é"):
            assert badness.found(plan, text) == (re.search(rx, text) is not None), (rx, text)
    plan = badness.plan_for(re.compile(r"[a-z]é|x\s?Ã"))
    assert plan is not None and plan[2] == 3 and set(plan[1].pattern) >= {"é", "Ã"}
    for text in ("aé", "Aé", "x Ã", "x  Ã", "xÃ", "é" * 9 + "x\nÃ"):
        assert badness.found(plan, text) == (plan[0].search(text) is not None), text


_NO_FTFY = """
import sys
from mtclean.stages import badness
from mtclean.stages.encoding import EncodingStage
import json
print(json.dumps([badness.is_bad(sys.argv[1]), badness._plan()[1].pattern, badness._plan()[2], "ftfy" in sys.modules]))
"""


def test_a_warm_cache_answers_without_importing_ftfy(tmp_path: Path) -> None:
    """The second process takes ftfy's expression and its analysis from the cache, gives
    the same plan, and never imports ftfy for a text that holds no damage."""
    import subprocess
    import sys

    env = {**__import__("os").environ, "MTCLEAN_CACHE_DIR": str(tmp_path)}
    text = "Der Zug nach München fährt um 10:15 “pünktlich” ab."
    runs = [
        subprocess.run([sys.executable, "-c", _NO_FTFY, text], env=env, capture_output=True, text=True, check=True).stdout
        for _ in range(2)
    ]
    assert PLAN is not None
    expected = [ftfy_is_bad(text), PLAN[1].pattern, PLAN[2]]
    assert json.loads(runs[0]) == [*expected, True]  # the first run reads ftfy's expression
    assert json.loads(runs[1]) == [*expected, False]


def test_a_cached_plan_is_ftfys_expression(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MTCLEAN_CACHE_DIR", str(tmp_path))
    badness._plan.cache_clear()
    try:
        first = badness._plan()
        badness._plan.cache_clear()
        again = badness._plan()  # from the cache file the first call wrote
    finally:
        badness._plan.cache_clear()
    assert PLAN is not None and first is not None and again is not None
    assert list(tmp_path.glob("badness-plan-*"))
    for plan in (first, again):
        assert (plan[0].pattern, plan[0].flags) == (BADNESS_RE.pattern, BADNESS_RE.flags)
        assert (plan[1].pattern, plan[2]) == (PLAN[1].pattern, PLAN[2])
