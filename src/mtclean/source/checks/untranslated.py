"""German left in the target: the whole source, or words of it."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Any

from ..german import german_word, is_english_word
from .base import Hit, _fold, _whole, check

_WORDS = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def _norm(t: str) -> str:
    return re.sub(r"\s+", " ", t.strip()).casefold()


@check("target-equals-source")
def target_equals_source(source: str, target: str, params: dict[str, Any]) -> list[Hit]:
    """The target is the source itself, and the source has German words (not only names or numbers)."""
    if not target.strip() or _norm(source) != _norm(target):
        return []
    words = [w for w in _WORDS.findall(source)]
    german = [w for w in words if german_word(w)]
    # a lowercase German word (a verb, an article) is never a name; "Bayern München" alone is
    if len(words) < 2 or not any(w[0].islower() for w in german):
        return []
    ts, te = _whole(target)
    ss, se = _whole(source)
    return [Hit(ts, te, ss, se, f"the target is the German source ({', '.join(german[:3])})")]


def _quoted(text: str, at: int) -> bool:
    """Inside quotation marks: a quoted slogan or title left in German is usually left on purpose."""
    return sum(text.count(q, 0, at) for q in "\"“”„«»") % 2 == 1


@check("german-copied")
def german_copied(source: str, target: str, params: dict[str, Any]) -> list[Hit]:
    """German words of the source left in the target: a run of them, or one that cannot be a name."""
    if not target.strip() or _norm(source) == _norm(target):
        return []  # target-equals-source says it once
    min_run = int(params.get("min_run", 3))
    src_words = {w.casefold() for w in _WORDS.findall(source)}
    hits: list[Hit] = []
    run: list[re.Match[str]] = []
    matches = list(_WORDS.finditer(target))

    def flush() -> None:
        if not run:
            return
        lowercase = [m for m in run if m.group()[0].islower() and len(m.group()) >= 4]
        first_in_sentence = run[0].start() == 0 or re.search(r"[.!?:]\s*[\"“„']?\s*$", target[: run[0].start()])
        # a run of capitalised words is a name or a title ("Frankfurter Allgemeine Zeitung"), kept on purpose;
        # a word glued to a dot, slash or hyphen is part of an address or a compound ("bild.de")
        glued = re.match(r"[./@\-]\w", target[run[-1].end() : run[-1].end() + 2]) or (
            run[0].start() > 0 and target[run[0].start() - 1] in "./@-")
        lone = len(run) == 1 and lowercase and not first_in_sentence and not _quoted(target, run[0].start())
        if not glued and ((len(run) >= min_run and any(m.group()[0].islower() for m in run)) or lone):
            s, e = run[0].start(), run[-1].end()
            copied = target[s:e]
            sp = source.casefold().find(run[0].group().casefold())
            sp_end = sp + len(run[0].group()) if sp >= 0 else 0
            if len(run) > 1 and sp >= 0:
                last = source.casefold().find(run[-1].group().casefold(), sp)
                sp_end = last + len(run[-1].group()) if last >= 0 else sp_end
            hits.append(Hit(s, e, max(sp, 0), sp_end, f'"{copied}" is German, copied from the source'))
        run.clear()

    for i, m in enumerate(matches):
        w = m.group()
        gap = target[matches[i - 1].end() : m.start()] if i else ""
        if run and not re.fullmatch(r"[ ,\-]*", gap):
            flush()
        if w.casefold() in src_words and german_word(w) and not is_english_word(w):
            run.append(m)
        else:
            flush()
    flush()
    return hits


_LONG_WORD = re.compile(r"[^\W\d_]{5,}")


@check("german-garbled")
def german_garbled(source: str, target: str, params: dict[str, Any]) -> list[Hit]:
    """A word that is neither English nor the source's word but begins like one: a German word half
    translated ("Kinderklinik" -> "Kinderclinic", "Olympiasiegerin" -> "Olympiawinner") or misspelled
    ("Passau" -> "Passaan").

    The target keeping only the front of a German word is a name in its base form ("Eggenfeldener" ->
    "Eggenfelden", "Rottals" -> "Rottal"), so a target word that a source word begins with is left alone;
    so is the source word with an English ending ("Berliner" -> "Berliners", "Autoposer" -> "autoposers").
    """
    from ...wordfreqs import zipf_frequency

    max_en = float(params.get("max_english_zipf", 1.0))
    prefix = int(params.get("prefix", 4))
    src = [(m, _fold(m.group())) for m in _LONG_WORD.finditer(source)]
    if not src:
        return []
    verbatim = {m.group() for m, _ in src}
    hits: list[Hit] = []
    for m in _LONG_WORD.finditer(target):
        w = m.group()
        if w in verbatim or zipf_frequency(w.casefold(), "en") >= max_en:
            continue
        f = _fold(w)
        near = [(SequenceMatcher(None, sf, f).ratio(), sm) for sm, sf in src if sf[:prefix] == f[:prefix] and sf != f]
        # the front of a source word is a name in its base form; a source word with an English ending
        # ("Berliner" -> "Berliners") is the word kept, German or borrowed, not a half-translated one
        if not near or any(sf.startswith(f) or (f.startswith(sf) and len(f) - len(sf) <= 2) for _, sf in src):
            continue
        ratio, sm = max(near, key=lambda x: x[0])
        if ratio < 0.95:
            hits.append(Hit(m.start(), m.end(), sm.start(), sm.end(), f'"{w}" is half German: the source has "{sm.group()}"'))
    return hits
