"""Sentences that lost their verb or subject in translation.

Two checks (``kind: fragment`` rules in rules/fragment.yaml; the dangling opening
phrase is a token pattern rule in the same file):

* ``no-finite-verb``: a sentence ending in a full stop with no word that could be a
  finite verb. "Could be" is generous on purpose (any form lemminflect lists as
  3rd-person present or past, a base form after a pronoun or plural noun, an
  imperative), so a sentence is flagged only when no reading gives it a verb.
* ``bare-ing-predicate``: a sentence that opens with a noun phrase followed by an
  -ing form with no auxiliary ("Ukraine war escalating beyond …"): the headline
  grammar of a lost main clause. Here a past form right before a preposition
  ("violence inflicted on …") is read as a participle.

Headlines (no full stop), list items, captions, datelines, parentheses and quoted
speech are never fragments: human text uses all of them.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from ..doc import TOKEN, Doc, doc_for, trie_regex
from ..lexicon import is_finite_verb, is_past_participle, pos_readings
from ..model import Finding
from ..patterns import LEAD
from ..pipeline import Context, joined_lower, segment_starts
from ..rules import Rule
from .common import finding

# A cheap pre-test on the lowercased text: a sentence holding any of these has a
# finite verb, no token needed. A trie without a leading \b scans fast; the left
# boundary is checked in _has_hint.
HINT_WORDS = trie_regex(
    "is are was were am has have had will would can could may might must shall should "
    "do does did said says told get got let need want know think see make".split()
)
# After white space or an opening mark (see patterns.LEAD), or a contraction ('s, n't,
# 're, …). One character set comes first (a look-behind then tells the two kinds apart):
# the regex engine skips to such characters fast, where an alternation starting with two
# different sets would be tried at every character.
FINITE_HINT = re.compile(
    f"[’'{LEAD[1:]}(?:(?<={LEAD}){HINT_WORDS}(?![\\w-])|(?<=[’'])(?:t|s|re|ve|ll|d|m)\\b)"
)
HINT_AT_START = re.compile(f"{HINT_WORDS}(?![\\w-])")
FINITE_ONLY = frozenset(
    "is are was were am has have had will would can could may might must shall should does did".split()
)
# Quotation marks (quoted speech may be a fragment on purpose), and the marks of code,
# markup and help files, which no news sentence holds.
NOT_PROSE = re.compile(r"[\"“”‘’«»„|*<>{}=\\`_#@\t]")
PRONOUNS = frozenset("i you we they who which that he she it there".split())
PREPOSITIONS = frozenset(
    "by in on at from to with for into onto over under during against through across after before "
    "since upon within without among between towards toward behind beyond".split()
)
DETERMINERS = frozenset("the a an this that these those its their his her our my your some many all both each".split())
LIST_ITEM = re.compile(r"^\s*(?:[-*•·–—>]|\d+[.)]|[a-z][.)]\s)")
CAPTION = re.compile(r"(?i)^\s*(?:photo|picture|image|video|source|credit|caption|graphic|map)s?\b|©|\(c\)")
DATELINE = re.compile(
    r"^\s*(?:[A-Z][A-Z/ .-]{2,}(?:\s*\([^)]*\))?\s*[–—-]|[A-ZÄÖÜ][\w/.'-]*(?: [A-ZÄÖÜ][\w/.'-]*){0,2}\s+[-–—]\s)"
)
# A full stop that can end a sentence: the sentence split ends one only before white
# space or the text's end (closing marks after it end the sentence after them).
FULL_STOP = re.compile(r"\.(?=\s|\Z)")
TERMINAL = re.compile(r"[.!?…]")  # where a sentence split cuts within a line (doc.BOUNDARY)
ADVERBS = frozenset(
    "already still just recently previously newly once long also often never always now then even only therefore thus".split()
)


class FragmentStage:
    name = "fragment"

    def __init__(self, rules: list[Rule]) -> None:
        self.rules = [r for r in rules if r.kind == "fragment"]
        self.fewest = min((r.params.get("min_words", 6) for r in self.rules), default=6)

    def candidates(self, texts: list[str], ctx: Context) -> set[int]:
        """``--lines``: the segments that can hold a sentence ``check`` looks at (ending in
        a full stop, ``fewest`` words, no hint of a finite verb), from one hint scan of the
        whole file and no sentence split.

        A hint inside a sentence (from the blank before it) is found when the sentence is
        searched (nothing past its full stop is read), so a sentence without one starts
        after every hint that ends before its full stop: at the segment's first character
        that is not white space, or after a terminal mark (a sentence split cuts only
        there) that follows the hint, since only marks and white space stand between a
        cut's mark and the next sentence. The stretch from that start to the full stop must
        hold the sentence's blanks. In the joined text a hint at a segment's start is led
        by the line break, which stands for the text's start (where HINT_AT_START finds it).
        Only a full stop before white space or the segment's end can end a sentence. A
        sentence holding a mark of quotation or code is never looked at, so it starts
        after the last one before its full stop too; and a segment that is a list item, a
        caption or a dateline (``_prose`` judges the line, here the segment) has none."""
        if not self.rules:
            return set()
        raw = "\n".join(texts)
        low = joined_lower(texts, raw)
        starts = segment_starts(texts)
        hint_starts: list[int] = []
        hint_ends: list[int] = []
        for m in FINITE_HINT.finditer(low):
            hint_starts.append(m.start())
            hint_ends.append(m.end())
        marks = [m.start() for m in NOT_PROSE.finditer(raw)]
        blanks = self.fewest - 1
        out: set[int] = set()
        found = FULL_STOP.search(raw)
        while found is not None:
            stop = found.start()
            end = stop + 1
            k = bisect_right(starts, stop) - 1
            seg = starts[k]
            i = bisect_right(hint_ends, end) - 1
            after = -1 if i < 0 else hint_starts[i] + 1  # a sentence without the hint starts after this
            first = seg + len(texts[k]) - len(texts[k].lstrip())
            if first > after:
                start = first
            else:
                mark = TERMINAL.search(raw, max(after, seg), stop)
                start = -1 if mark is None else mark.end() + 1  # (a blank follows the mark)
            if start >= 0 and (j := bisect_right(marks, stop) - 1) >= 0 and marks[j] >= start:
                start = marks[j] + 1
            if start >= 0 and raw.count(" ", start, end) >= blanks:
                out.add(k)
                stop = seg + len(texts[k])  # on to the next segment
            found = FULL_STOP.search(raw, stop + 1)
        return {k for k in out if not (LIST_ITEM.match(t := texts[k]) or CAPTION.search(t) or DATELINE.match(t))}

    def check(self, text: str, ctx: Context) -> list[Finding]:
        doc = doc_for(text, ctx.cache)
        low = doc.lower
        fewest = self.fewest
        out: list[Finding] = []
        lines = _Lines(doc)
        hint = FINITE_HINT.search
        # Sentences that end in a full stop, are long enough and hold no sure verb: one
        # comprehension (this looks at every sentence). A sentence follows white space,
        # so the character before it can lead a hint; the first one is tested apart.
        candidates = [
            (s, e)
            for s, e in doc.spans
            if text[e - 1] == "."
            and text.count(" ", s, e) >= fewest - 1
            and not (hint(low, s - 1, e) if s else _has_hint(low, s, e))
        ]
        for start, end in candidates:
            if not _prose(lines, start, end):
                continue
            # The words' lowercase forms first: most sentences show a finite verb here, and
            # only the rest get the full checks.
            texts = TOKEN.findall(text, start, end)
            words = [w.lower() for w in texts if w[0].isalpha()]
            nwords = len(words)
            toks: Tokens | None = None
            for rule in self.rules:
                if nwords < rule.params.get("min_words", 6):
                    continue
                check = rule.params["check"]
                if check == "no-finite-verb":
                    if any(map(is_finite_verb, words)):
                        continue  # could_be_finite holds for that word
                    toks = Tokens(texts) if toks is None else toks
                    hit = not any(could_be_finite(toks, j) for j in range(len(toks)))
                else:
                    if not _may_open_with_ing(text, start, words):
                        continue
                    toks = Tokens(texts) if toks is None else toks
                    hit = bare_ing_predicate(toks)
                if hit:
                    out.append(finding(rule, start, end))
        return out


def _may_open_with_ing(text: str, start: int, words: list[str]) -> bool:
    """What bare_ing_predicate needs before it looks at word classes: the sentence opens
    with a word that is not lowercase, and an -ing word is among its first five words."""
    return text[start].isalpha() and not text[start].islower() and any(w.endswith("ing") for w in words[:5])


def _has_hint(low: str, start: int, end: int) -> bool:
    """Does the sentence hold a word that is surely a finite verb? (Sentences are
    separated by white space, so the character before ``start`` can lead a hit.)"""
    if start == 0:
        return HINT_AT_START.match(low) is not None or FINITE_HINT.search(low, 0, end) is not None
    return FINITE_HINT.search(low, start - 1, end) is not None


class _Lines:
    """Line starts for positions asked in increasing order: each look-up scans back only
    to the previous one, so a text costs one pass (a long line holds many sentences)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.pos = 0
        self.start = 0

    def start_of(self, pos: int) -> int:
        nl = self.doc.text.rfind("\n", self.pos, pos)
        if nl >= 0:
            self.start = nl + 1
        self.pos = pos
        return self.start


def _prose(lines: _Lines, start: int, end: int) -> bool:
    """Not a caption, dateline, list item, parenthesis, quotation, code or markup."""
    doc = lines.doc
    text = doc.text
    if NOT_PROSE.search(text, start, end) or text[start] in "([{":
        return False
    ls = lines.start_of(start)
    verdict = doc.line_verdicts.get(ls)
    if verdict is None:  # judged once per line: a long line holds many sentences
        e = text.find("\n", start)
        line = text[ls : len(text) if e < 0 else e]
        verdict = doc.line_verdicts[ls] = not (LIST_ITEM.match(line) or CAPTION.search(line) or DATELINE.match(line))
    return verdict


class Tokens:
    """A sentence's tokens as the checks below read them: text, lowercase, is-a-word.
    Plain lists, not Token objects (no offsets needed; this runs on many sentences)."""

    __slots__ = ("low", "text", "word")

    def __init__(self, texts: list[str]) -> None:
        self.text = texts
        self.low = [t.lower() for t in texts]
        self.word = [t[0].isalpha() for t in texts]

    def __len__(self) -> int:
        return len(self.text)


def could_be_finite(toks: Tokens, j: int, *, participles: bool = False) -> bool:
    """Could token ``j`` be a finite verb on any reading? With ``participles``, a past
    form directly before a preposition counts as a participle (a reduced relative)."""
    if not toks.word[j]:
        return False
    low = toks.low
    w = low[j]
    if is_finite_verb(w):
        if (
            participles
            and j > 0
            and _adverb(low[j - 1])
            and is_past_participle(w)
            and j + 1 < len(low)
            and low[j + 1] in PREPOSITIONS
        ):
            return False  # "violence already inflicted on …": a participle
        return True
    if "VERB" not in pos_readings(w) or w.endswith("ing"):
        return False
    if j == 0 or (j == 1 and not toks.word[0]):
        return True  # an imperative
    k = j - 1
    while k > 0 and _adverb(low[k]):  # "we firmly expect", "drivers repeatedly slow"
        k -= 1
    prev = low[k]
    return prev in PRONOUNS or (prev.endswith("s") and prev not in DETERMINERS and "NOUN" in pos_readings(prev))


def _adverb(w: str) -> bool:
    return w in ADVERBS or (w.endswith("ly") and len(w) > 4)


def bare_ing_predicate(toks: Tokens) -> bool:
    """Noun phrase + -ing form at the start of the sentence, and no verb after it."""
    words = [j for j, is_word in enumerate(toks.word) if is_word]
    if not words or words[0] != 0:
        return False
    k = 0
    while k < len(words) and k < 5:
        j = words[k]
        w = toks.low[j]
        if w.endswith("ing") and "VERB" in pos_readings(w):
            break
        readings = pos_readings(w)
        if not (toks.text[j][:1].isupper() or readings & {"NOUN", "ADJ", "PROPN"}) or w in FINITE_ONLY:
            return False
        if w in PREPOSITIONS or w in PRONOUNS or (w in DETERMINERS and k > 0):
            return False
        if j != words[0] + k:  # no punctuation inside the noun phrase
            return False
        k += 1
    else:
        return False
    if k == 0 or toks.text[0][:1].islower():
        return False
    ing = words[k]
    return not any(
        could_be_finite(toks, j, participles=True) and not _noun_here(toks, j) for j in range(ing + 1, len(toks))
    )


def _noun_here(toks: Tokens, j: int) -> bool:
    """A noun/verb word ("parts", "attacks") read as a noun after a determiner, preposition or adjective."""
    if "NOUN" not in pos_readings(toks.low[j]):
        return False
    prev = toks.low[j - 1]
    return prev in DETERMINERS or prev in PREPOSITIONS or prev in ("of", "and") or pos_readings(prev) == {"ADJ"}
