"""Things a translation copies verbatim: addresses, tags, placeholders; brackets and quotes that pair up."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from difflib import SequenceMatcher
from typing import Any

from .base import Hit, _whole, check

_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"'“”„]+[^\s<>\"'“”„.,;:!?)\]]", re.IGNORECASE)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b", re.IGNORECASE)
_HASHTAG = re.compile(r"(?<![\w&#/])[#@][^\W\d_][\w]{1,}")
_PLACEHOLDER = re.compile(
    r"\{\{[^{}]{1,40}\}\}|\{[\w.:]{0,30}\}|%(?:\([\w]+\))?[-+ #0]*\d*(?:\.\d+)?[sdifgxXeEcr%]|\$\{[\w.]+\}|"
    r"\[\[[\w.]+\]\]|</?[a-zA-Z][\w:-]*(?:\s[^<>]*)?/?>|&(?:[a-z]+|#\d+|#x[0-9a-f]+);|"
    "[\ue000-\ue0ff]",  # XLIFF/TMX inline codes, one private-use character each (formats/base.py)
)


def _shown(token: str) -> str:
    if len(token) == 1 and 0xE000 <= ord(token) <= 0xE0FF:
        return f"inline code {ord(token) - 0xE000 + 1}"
    return f'"{token}"'



def _tokens(pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    return list(pattern.finditer(text))


def _kept(source: str, target: str, pattern: re.Pattern[str], what: str, fold: bool = False) -> list[Hit]:
    """Each occurrence in the source must be in the target exactly (as many times)."""
    key: Callable[[str], str] = (lambda x: x.lower()) if fold else (lambda x: x)
    src = _tokens(pattern, source)
    if not src:
        return []
    have = Counter(key(m.group()) for m in _tokens(pattern, target))
    hits: list[Hit] = []
    for m in src:
        k = key(m.group())
        if have[k] > 0:
            have[k] -= 1
            continue
        ts, te = _whole(target)
        near = [t for t in _tokens(pattern, target) if SequenceMatcher(None, key(t.group()), k).ratio() >= 0.6]
        if near:
            ts, te = near[0].start(), near[0].end()
            hits.append(Hit(ts, te, m.start(), m.end(), f"{what} {_shown(m.group())} became {_shown(near[0].group())}"))
        else:
            hits.append(Hit(ts, te, m.start(), m.end(), f"{what} {_shown(m.group())} is missing"))
    return hits


@check("url-kept")
def url_kept(source: str, target: str, params: dict[str, Any]) -> list[Hit]:
    return (_kept(source, target, _URL, "the address")
            + _kept(source, target, _EMAIL, "the e-mail address", fold=True)
            + _kept(source, target, _HASHTAG, "the tag", fold=False))


@check("placeholder-kept")
def placeholder_kept(source: str, target: str, params: dict[str, Any]) -> list[Hit]:
    hits = _kept(source, target, _PLACEHOLDER, "the placeholder")
    # and none invented: a placeholder in the target that the source lacks breaks the software
    have = Counter(m.group() for m in _tokens(_PLACEHOLDER, source))
    ss, se = _whole(source)
    for m in _tokens(_PLACEHOLDER, target):
        if have[m.group()] > 0:
            have[m.group()] -= 1
        elif not any(h.start == m.start() for h in hits):
            hits.append(Hit(m.start(), m.end(), ss, se, f"the placeholder {_shown(m.group())} is not in the source"))
    return hits


_PAIRS = {"(": ")", "[": "]", "{": "}"}
_DQ = "\"„“”«»"
# a quotation mark with space (or the text's end) on both sides, or two in a row: quoting nothing
_STRAY_QUOTE = re.compile(r'(?:^|\s)(["„“”«»])(?:\s|$)|(["„“”«»])\s?["„“”«»]')


def _dq(text: str) -> int:
    return sum(text.count(q) for q in _DQ)


_QUOTES = "\"„“”«»‚‘’›‹"


@check("brackets")
def brackets(source: str, target: str, params: dict[str, Any]) -> list[Hit]:
    """Brackets balanced in the source and unbalanced in the target: a bracket lost or invented."""
    hits: list[Hit] = []
    for o, c in _PAIRS.items():
        if source.count(o) != source.count(c):
            continue
        if target.count(o) != target.count(c):
            pos = target.rfind(o) if target.count(o) > target.count(c) else target.rfind(c)
            sp = source.rfind(o)
            hits.append(Hit(pos, pos + 1, max(sp, 0), max(sp, 0) + (1 if sp >= 0 else 0),
                            f'"{o}…{c}" do not pair up in the target ({target.count(o)} "{o}", {target.count(c)} "{c}")'))
    # quotes: an odd number of double quotes where the source's pair up, and the target's odd one is
    # one the source does not account for (more marks than the source has, a mark standing alone,
    # an empty pair). A mark merely LOST is left alone: human translators drop one too (three
    # times in WMT21 reference A), while a mark invented or stranded is the MT signature
    # ('…the Frankfurter Allgemeine Sonntagszeitung. "').
    ns, nt = _dq(source), _dq(target)
    if ns >= 2 and ns % 2 == 0 and nt % 2 == 1:
        stray = _STRAY_QUOTE.search(target)
        if nt > ns or stray:
            pos = (stray.start(1) if stray.group(1) else stray.start(2)) if stray else max(target.rfind(q) for q in _DQ)
            sp = max(source.rfind(q) for q in _DQ)
            why = "stands alone" if stray else f"is one more than the source's {ns}"
            hits.append(Hit(pos, pos + 1, max(sp, 0), max(sp, 0) + (1 if sp >= 0 else 0),
                            f"a quotation mark in the target has no partner ({why})"))
    return hits
