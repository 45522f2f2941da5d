"""Capitalization carried over from German: capitalised common nouns and function
words mid-sentence, and a name written lowercase once where the document
capitalises it everywhere else.

"Common noun" is decided from lexical data (lemminflect's dictionary and
wordfreq's frequencies), never from a list typed for one text. Sentence starts,
headlines (title-case lines), quotes and words the document itself treats as
names are left alone.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable

from ..lexicon import pos_readings, zipf
from ..model import Edit, Finding
from ..offsets import line_starts
from ..pipeline import Context
from ..rules import Rule
from ..tokens import (
    WORD,
    is_headline,
    mid_sentence_capitals,
    previous_word,
    sentence_initial,
    token_ending_at,
    token_occurrences_of,
)
from .capitals_more import Quotes, common_nouns, formal_you, lowercase_starts, name_pairs
from .common import finding

URLISH = set("@/#._\\:=")
CAPITAL_LIST = re.compile(r",[ \t]*[^\W\d_a-z]")
PROSE_AFTER = set(" \t\r\n.,;:!?'’)")


class CapitalizationStage:
    name = "capitalization"

    def __init__(self, rules: list[Rule]) -> None:
        self.by_check = {r.params.get("check"): r for r in rules if r.kind == "capitalization"}

    def candidates(self, texts: list[str], ctx: Context) -> set[int] | None:
        """``--lines``: the segments a check can find anything in (capitals_lines.py)."""
        from .capitals_lines import candidates

        return candidates(self.by_check, texts, ctx.rules.lexicon)

    def check(self, text: str, ctx: Context) -> list[Finding]:
        # Only capitalised words in mid-sentence can be flagged, so only they are visited
        # (found by regular expressions, with no object per word); the neighbours a rule
        # needs are looked up around each candidate. The tokenization is exactly ``tokens.words``.
        mids = mid_sentence_capitals(text)
        if not mids:
            # nothing capitalised in mid-sentence (most segments in --lines mode)
            rule = self.by_check.get("sentence-start")
            return lowercase_starts(text, rule, lambda s, e: True, Quotes(text)) if rule else []
        lex = ctx.rules.lexicon
        function_words = lex.lists.get("function_words", frozenset())
        headline_cache: dict[int, bool] = {}

        starts: list[int] = []  # line starts, found once: a search per word is quadratic on long lines

        def in_headline(pos: int) -> bool:
            if not starts:
                starts.extend(line_starts(text))
            i = bisect_right(starts, pos) - 1
            ls = starts[i]
            if ls not in headline_cache:
                le = starts[i + 1] - 1 if i + 1 < len(starts) else len(text)
                headline_cache[ls] = is_headline(text[ls:le], function_words)
            return headline_cache[ls]

        out: list[Finding] = []
        noun_rule = self.by_check.get("common-noun")
        fw_rule = self.by_check.get("function-word")
        name_rule = self.by_check.get("name-lowercase")
        possessives = lex.lists.get("possessives", frozenset())
        keep_caps = lex.lists.get("capitalized_nouns", frozenset())
        temporal = lex.lists.get("temporal_names", frozenset())
        title_words = lex.lists.get("title_words", frozenset())
        possessive_ends = {w[-1] for w in possessives if w}
        caps: dict[str, list[int]] = {}  # capitalised mid-sentence, by lowercase form: where
        for t, start, _ in mids:
            caps.setdefault(t.lower(), []).append(start)

        def in_prose(start: int, end: int) -> bool:
            """Running text: after one blank (not glued to code or marks), not in a URL or on a headline."""
            return text[start - 1] in " \u00a0" and not _in_token(text, start, end) and not in_headline(start)

        for t, start, end in may_flag(text, mids, possessive_ends, function_words):
            if text[start - 1] not in " \u00a0":
                continue  # glued to a mark or a digit ("if,If", "%m,In"): code, not a sentence
            # A word in a URL or code, or on a headline, is left alone; those tests come
            # last, for the few words a rule would flag.
            nxt: re.Match[str] | None = None
            looked = False
            if (
                noun_rule
                and start >= 2
                and text[start - 1] == " "
                and text[start - 2] in possessive_ends  # a cheap test before finding the word
                and token_ending_at(text, start - 1) in possessives
            ):
                nxt, looked = WORD.search(text, end), True
                adjacent_next = nxt is not None and text[end : nxt.start()].strip() == ""
                if (
                    t not in keep_caps
                    and "NOUN" in pos_readings(t)
                    and zipf(t) >= 3.0
                    and (not adjacent_next or _not_a_noun_head(nxt.group(), function_words))  # type: ignore[union-attr]
                ):
                    # A noun the document capitalises in running text elsewhere too is one of
                    # its terms ("its Contributions" in a licence, "your Python"), not a slip.
                    term = sum(1 for s in caps[t.lower()] if s != start and in_prose(s, s + len(t))) >= 2
                    # "its Red, Green and Blue values": one of a list of capitalised names.
                    listed = CAPITAL_LIST.match(text, end) is not None
                    if not term and not listed and in_prose(start, end):
                        out.append(finding(noun_rule, start, end, Edit(start, end, t.lower())))
                    continue
            if fw_rule and t.lower() in function_words and t.lower() != "i":
                if not looked:
                    nxt = WORD.search(text, end)
                adjacent_next = nxt is not None and text[end : nxt.start()].strip() == ""
                follows = nxt.group() if nxt is not None and adjacent_next else None
                next_ok = follows is None or follows[:1].islower() or follows in temporal
                if next_ok and not _after_opening_quote(text, start):
                    # "Dortmund The largest stadium …": a dateline without its dash, not a stray capital.
                    prev = previous_word(text, start)
                    dateline = prev is not None and sentence_initial(text, prev[1]) and prev[0][:1].isupper()
                    # "see section The try statement", "a film called The Ring": a title starts.
                    title = prev is not None and prev[0].lower() in title_words
                    if not dateline and not title and in_prose(start, end):
                        out.append(finding(fw_rule, start, end, Edit(start, end, t.lower())))
        if name_rule:
            out.extend(self._names(text, caps, name_rule, function_words, in_prose))
        quotes = Quotes(text)
        rule = self.by_check.get("common-noun-any")
        if rule:
            out.extend(common_nouns(text, caps, rule, lex, in_prose, quotes))
        rule = self.by_check.get("formal-you")
        if rule:
            out.extend(formal_you(text, mids, rule, in_prose, quotes))
        rule = self.by_check.get("name-pair")
        if rule:
            out.extend(name_pairs(text, rule, function_words))
        rule = self.by_check.get("sentence-start")
        if rule:
            out.extend(lowercase_starts(text, rule, in_prose, quotes))
        return out

    def _names(
        self,
        text: str,
        caps: dict[str, list[int]],
        rule: Rule,
        function_words: frozenset[str],
        in_prose: Callable[[int, int], bool],
    ) -> list[Finding]:
        """A lowercase word in running text that the document writes capitalised in running
        text, mid-sentence, at least twice (and lowercase exactly once)."""
        out = []
        names = [
            (t, at_caps)
            for t, at_caps in caps.items()
            if len(at_caps) >= 2 and len(t) >= 3 and t.islower() and not any(c.isdigit() or c == "_" for c in t)
            # A dictionary word, a function word or a very common word is not a name.
            and not (t in function_words or pos_readings(t) or zipf(t) >= 5.0)
        ]
        # Where each is written in lowercase: one pass for all of them.
        lowercase = token_occurrences_of(text, [t for t, _ in names], limit=2)
        for t, at_caps in names:
            at = lowercase[t]
            if len(at) != 1:
                continue
            start, end = at[0], at[0] + len(t)
            # The lowercase word sits in a sentence (a word or a number before it, a blank
            # or punctuation after it), not in quotes, markup, code or a column.
            if not (start >= 2 and (text[start - 2].isalnum() or text[start - 2] in ",;") and in_prose(start, end)):
                continue
            if end < len(text) and text[end] not in PROSE_AFTER:
                continue
            # Capitalised in running text, not in headings, tags or code.
            if sum(1 for s in at_caps if in_prose(s, s + len(t))) < 2:
                continue
            f = finding(rule, start, end, Edit(start, end, t.capitalize()))
            if zipf(t) >= 4.0:
                # Frequent as a lowercase word too ("euro", "mac", "greek"): a suggestion to
                # apply on review (--unsafe-fixes), not an automatic fix.
                f.fix = "unsafe" if f.fix == "safe" else f.fix
            out.append(f)
        out.sort(key=lambda f: f.start)
        return out


def may_flag(
    text: str, mids: list[tuple[str, int, int]], possessive_ends: set[str], function_words: frozenset[str]
) -> list[tuple[str, int, int]]:
    """The capitals in mid-sentence the possessive and function-word checks can flag: after
    one blank, and after a possessive's last letter or a function word. Picked in one
    comprehension (most capitals are neither), a superset of the checks' own first tests,
    which they make again. tests/stages/test_capitalization.py compares with those tests."""
    return [
        m
        for m in mids
        if text[m[1] - 1] in " \u00a0"
        and ((m[1] >= 2 and text[m[1] - 2] in possessive_ends) or m[0].lower() in function_words)
    ]


def _in_token(text: str, start: int, end: int) -> bool:
    """Part of a URL, handle, file name or code: not prose."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    after2 = text[end + 1] if end + 1 < len(text) else " "
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
