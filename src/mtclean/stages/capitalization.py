"""Capitalization carried over from German: capitalised common nouns and function
words mid-sentence, and a name written lowercase once where the document
capitalises it everywhere else.

"Common noun" is decided from lexical data (lemminflect's dictionary and
wordfreq's frequencies), never from a list typed for one text. Sentence starts,
headlines (title-case lines), quotes and words the document itself treats as
names are left alone.
"""

from __future__ import annotations

from collections import Counter

from ..lexicon import pos_readings, zipf
from ..model import Edit, Finding
from ..pipeline import Context
from ..rules import Rule
from ..tokens import Word, is_headline, line_bounds, sentence_initial, words
from .common import finding

URLISH = set("@/#._\\:=")


class CapitalizationStage:
    name = "capitalization"

    def __init__(self, rules: list[Rule]) -> None:
        self.by_check = {r.params.get("check"): r for r in rules if r.kind == "capitalization"}

    def check(self, text: str, ctx: Context) -> list[Finding]:
        lex = ctx.rules.lexicon
        function_words = lex.lists.get("function_words", frozenset())
        ws = words(text)
        headline_cache: dict[int, bool] = {}

        def in_headline(pos: int) -> bool:
            ls, le = line_bounds(text, pos)
            if ls not in headline_cache:
                headline_cache[ls] = is_headline(text[ls:le], function_words)
            return headline_cache[ls]

        out: list[Finding] = []
        noun_rule = self.by_check.get("common-noun")
        fw_rule = self.by_check.get("function-word")
        name_rule = self.by_check.get("name-lowercase")
        possessives = lex.lists.get("possessives", frozenset())
        keep_caps = lex.lists.get("capitalized_nouns", frozenset())
        temporal = lex.lists.get("temporal_names", frozenset())
        for i, w in enumerate(ws):
            t = w.text
            if not (t[:1].isupper() and t[1:].islower() and len(t) > 1):
                continue
            if sentence_initial(text, w.start) or _in_token(text, w) or in_headline(w.start):
                continue
            prev = ws[i - 1] if i > 0 else None
            nxt = ws[i + 1] if i + 1 < len(ws) else None
            adjacent_next = nxt is not None and text[w.end : nxt.start].strip() == ""
            if noun_rule and prev and prev.text in possessives and text[prev.end : w.start] == " ":
                if (
                    t not in keep_caps
                    and "NOUN" in pos_readings(t)
                    and zipf(t) >= 3.0
                    and (not adjacent_next or _not_a_noun_head(nxt.text, function_words))
                ):
                    out.append(finding(noun_rule, w.start, w.end, Edit(w.start, w.end, t.lower())))
                    continue
            if fw_rule and t.lower() in function_words and t.lower() != "i":
                follows = nxt.text if nxt is not None and adjacent_next else None
                next_ok = follows is None or follows[:1].islower() or follows in temporal
                # "Dortmund The largest stadium …": a dateline without its dash, not a stray capital.
                dateline = prev is not None and sentence_initial(text, prev.start) and prev.text[:1].isupper()
                if next_ok and not dateline and not _after_opening_quote(text, w.start):
                    out.append(finding(fw_rule, w.start, w.end, Edit(w.start, w.end, t.lower())))
        if name_rule:
            out.extend(self._names(text, ws, name_rule, function_words))
        return out

    def _names(self, text: str, ws: list[Word], rule: Rule, function_words: frozenset[str]) -> list[Finding]:
        """A lowercase word that the document writes capitalised, mid-sentence, at least twice."""
        caps: Counter[str] = Counter()
        lows: Counter[str] = Counter()
        for w in ws:
            if w.text[:1].isupper() and w.text[1:].islower():
                if not sentence_initial(text, w.start):
                    caps[w.text.lower()] += 1
            elif w.text.islower():
                lows[w.text] += 1
        out = []
        for w in ws:
            t = w.text
            if not t.islower() or len(t) < 3 or lows[t] != 1 or caps[t] < 2:
                continue
            # A dictionary word, a function word or a very common word is not a name.
            if t in function_words or pos_readings(t) or zipf(t) >= 5.0 or _in_token(text, w):
                continue
            out.append(finding(rule, w.start, w.end, Edit(w.start, w.end, t.capitalize())))
        return out


def _in_token(text: str, w: Word) -> bool:
    """Part of a URL, handle, file name or code: not prose."""
    before = text[w.start - 1] if w.start > 0 else " "
    after = text[w.end] if w.end < len(text) else " "
    after2 = text[w.end + 1] if w.end + 1 < len(text) else " "
    return before in URLISH or (after in URLISH and after2.strip() != "") or before == "`" or after == "`"


def _after_opening_quote(text: str, pos: int) -> bool:
    return pos > 0 and text[pos - 1] in "\"“‘'«„"


def _not_a_noun_head(word: str, function_words: frozenset[str]) -> bool:
    """The next word cannot be the noun that a capitalised word modifies ("their Bush administration")."""
    if word.lower() in function_words:
        return True
    if word[:1].isupper():
        return False
    readings = pos_readings(word)
    return bool(readings) and "NOUN" not in readings
