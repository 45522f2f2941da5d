"""German left in the English text: German place names that English writes
differently (Köln → Cologne), "Kreis X" for "X district", German function words in
running English ("vom 3 May", "Die talkshow"), German words and compounds
("Verbandsgemeinde"), and whole German sentences left beside their translation.

Whether a word is German is read off wordfreq's German and English frequency lists
(with French, Spanish, Italian and Dutch to tell German from the other languages a
news text quotes), never from a list typed for one text; the lists under
``rules/lexicon/`` only give renderings to suggest (german_words, german_exonyms,
german_function_words), the loanwords English uses as they are (Bundestag,
kindergarten) and the endings of German place and family names. Names are the hard
part: a capitalised German word may be a town or a person. So a capitalised word is
flagged only when it is a German common noun by its make-up (a compound of German
words, an umlaut word English never uses) or a listed one, and never when the
document uses it as a name (next to another capitalised word, with a possessive,
after "in"/"from"), nor inside quotes (titles, mottos), URLs or code.

Only exonyms and "Kreis X" are fixed, and only where the place name stands on its
own in running text: beside another capitalised word ("FC Bayern München", "Rapid
Wien", "Köln Bonn Airport") it may be a club or a company, so the fix is only a
suggestion there; names that are also something else (Bayern, the club) are always
only suggested.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from itertools import repeat
from typing import Any

from ..doc import doc_for
from ..errors import RuleError
from ..lexcache import lookup, source_tag
from ..lexicon import Lexicon, pos_readings, zipf
from ..model import Edit, Finding
from ..pipeline import Context, segment_starts, segments_hit
from ..rules import Rule
from ..tokens import WORD, has_whole_word, previous_word, sentence_initial, whole_word_starts
from .common import finding

CHECKS = ("german-sentence", "district", "exonym", "function-word", "german-word")
STRIP = "\"'“”„‘’«»‹›()[]{}<>.,;:!?…–—-/*_#|`~^=+&%$§@\\"  # around a word in str.split's pieces
LINKS = ("", "s", "es", "n", "en", "e")
OTHER_LANGUAGES = ("fr", "es", "it", "nl")
# Quoted stretches (titles, mottos, quoted German), URLs, mail addresses, hashtags and code.
SKIP = re.compile(
    r'"[^"\n]{1,300}"|“[^”\n]{1,300}”|„[^“”\n]{1,300}[“”]|«[^»\n]{1,300}»|‘[^’\n]{1,300}’(?!\w)'
    r"|`[^`\n]+`|(?:https?://|www\.)\S+|\S+@\S+\.\S+|#\w+"
)
# Words after which a capitalised word is a place ("in Görlitz"): not flagged as German.
PLACE_PREPOSITIONS = frozenset("in from near at to of around outside into via between across through".split())
# Words after which "die"/"den" are English ("they die", "the den").
ENGLISH_BEFORE = frozenset(
    """to will would could can may might must shall should not never they we you i people who which that
    did does do let a the his her their its our my your this lion's and or""".split()
)
DETERMINERS = frozenset("the a an this that these those his her their its our my your".split())
MANY_WORDS = 500  # --lines: words to look for beyond which every segment is checked (see candidates)
MIN_GERMAN = 2.5  # zipf: a word German text uses at least this often is a German word
ENGLISH_KNOWS = 2.5  # zipf: English uses the word itself (Bundestag, Angst, Kindergarten)


@lru_cache(maxsize=200_000)
def zipf_de(word: str) -> float:
    # From the disk cache when it holds the word (lexcache): a word met in an earlier run
    # costs a dict look-up, not wordfreq's (a first look-up per word is most of this stage).
    return float(lookup("zipf_de", word.lower(), _wordfreq_de))


def _wordfreq_de(word: str) -> float:
    from ..wordfreqs import zipf_frequency  # wordfreq's figure from a compact table

    return zipf_frequency(word, "de")


@lru_cache(maxsize=1)
def _common_english() -> WordList:
    """Words English uses at least once per million words (wordfreq's small list)."""
    return _small_list("en")


@lru_cache(maxsize=1)
def _common_german() -> WordList:
    """Words German uses at least once per million words (wordfreq's small list)."""
    return _small_list("de")


class WordList:
    """A word list as a mapped MARISA trie: nothing to read or build at start-up (making
    sets of both lists was the largest part of a hook's first document). Texts with many
    distinct words are compared with a set of it, built once (a set difference in C)."""

    SET_FROM = 2_000  # distinct words of a text from which the set pays

    def __init__(self, trie: Any) -> None:
        self.trie = trie
        self._set: frozenset[str] | None = None

    def __contains__(self, word: object) -> bool:
        return word in (self._set if self._set is not None else self.trie)

    def words(self) -> frozenset[str]:
        if self._set is None:
            self._set = frozenset(self.trie.keys())
        return self._set

    def member(self) -> Callable[[object], bool]:
        """The ``in`` test of the set or the trie itself, for a loop over many words (no
        call through this class per word)."""
        return (self._set if self._set is not None else self.trie).__contains__  # type: ignore[no-any-return]

    def not_in(self, tokens: frozenset[str]) -> Iterable[str]:
        """The tokens that are not in the list."""
        if self._set is not None or len(tokens) >= self.SET_FROM:
            return tokens - self.words()
        trie = self.trie
        return [w for w in tokens if w not in trie]


def _small_list(lang: str) -> WordList:
    from ..wordfreqs import small_words

    return WordList(small_words(lang))


@lru_cache(maxsize=50_000)
def zipf_other(word: str) -> float:
    """The word's highest frequency in the other languages a German news text quotes."""
    return float(lookup("zipf_other", word.lower(), _wordfreq_other))


def _wordfreq_other(word: str) -> float:
    from ..wordfreqs import zipf_frequency  # wordfreq's figure from a compact table

    return max(zipf_frequency(word, lang) for lang in OTHER_LANGUAGES)


def table(lex: Lexicon, name: str) -> dict[str, tuple[str, bool]]:
    """A "German = English" list: lowercase German -> (English, unambiguous). "~" marks
    a German word that is also something else in English text."""
    return _table(lex.lists.get(name, frozenset()))


@lru_cache(maxsize=64)
def _table(entries: frozenset[str]) -> dict[str, tuple[str, bool]]:
    out: dict[str, tuple[str, bool]] = {}
    for entry in entries:
        for sep, sure in ((" = ", True), (" ~ ", False)):
            if sep in entry:
                german, english = entry.split(sep, 1)
                out[german.strip().lower()] = (english.strip(), sure)
                break
    return out


class UntranslatedStage:
    name = "untranslated"

    def __init__(self, rules: list[Rule]) -> None:
        self.by_check = {r.params.get("check"): r for r in rules if r.kind == "untranslated"}
        for check, rule in self.by_check.items():
            if check not in CHECKS:
                raise RuleError(f"{rule.id}: 'check' must be one of {', '.join(CHECKS)}", rule.path, rule.line)
        self._german: dict[str, bool] = {}  # word -> is it German (per run: the lists do not change)
        self._lists: tuple[Lexicon, _Lists] | None = None

    def _lists_for(self, lex: Lexicon) -> _Lists:
        if self._lists is None or self._lists[0] is not lex:
            self._lists = (lex, _Lists(lex))
        return self._lists[1]

    def candidates(self, texts: list[str], ctx: Context) -> set[int] | None:
        """``--lines``: the segments holding a word some check starts from, from one scan of
        the whole file. A check finds something only where the text holds a trigger word
        (a German function word, an exonym, "Kreis") or, for ``german-word``, a candidate
        word that ``_is_german`` accepts; both are tests of the word alone (the lists and
        frequencies, not the text), and the words of a segment are words of the whole file
        (str.split never joins across the line breaks between segments)."""
        lists = self._lists_for(ctx.rules.lexicon)
        scan = _Scan("\n".join(texts), lists)
        words = scan.tokens & lists.triggers
        if self.by_check.get("german-word"):
            words |= {w for w in scan.german_candidates() if self._is_german(w, scan)}
        if not words:
            return set()
        if len(words) > MANY_WORDS:
            return None  # German throughout: (nearly) every segment holds one
        # Where the words stand as str.split's pieces stripped of STRIP: with white space, a
        # stripped mark or the text's edge on each side. (Each word's look-behind comes after
        # it, so the regex starts with the words' letters, which the engine skips to.)
        edge = "[^\\s" + re.escape(STRIP) + "]"
        each = "|".join(f"{re.escape(w)}(?<!{edge}.{{{len(w)}}})" for w in sorted(words))
        found = re.compile(f"(?:{each})(?!{edge})")
        return segments_hit(segment_starts(texts), (m.start() for m in found.finditer(scan.text)))

    def check(self, text: str, ctx: Context) -> list[Finding]:
        scan = _Scan(text, self._lists_for(ctx.rules.lexicon))
        if not scan.anything():
            return []
        out: list[Finding] = []
        rule = self.by_check.get("german-sentence")
        if rule:
            out.extend(self._sentences(scan, rule, ctx))
        for check, method in (
            ("district", self._districts),
            ("exonym", self._exonyms),
            ("function-word", self._function_words),
            ("german-word", self._german_words),
        ):
            rule = self.by_check.get(check)
            if rule:
                found = [f for f in method(scan, rule) if not scan.covered(f.start, f.end)]
                for f in found:
                    scan.cover(f.start, f.end)
                out.extend(found)
        out.sort(key=lambda f: f.start)
        return out

    # --- whole German sentences -----------------------------------------------------
    def _sentences(self, scan: _Scan, rule: Rule, ctx: Context) -> list[Finding]:
        hits = scan.function_word_hits()
        if len(hits) < 2:
            return []
        doc = doc_for(scan.text, ctx.cache)
        per_sentence: dict[int, int] = {}
        for start, _ in hits:
            i = doc.sentence_at(start)
            if i is not None:
                per_sentence[i] = per_sentence.get(i, 0) + 1
        out = []
        for i, n in sorted(per_sentence.items()):
            if n < 2:
                continue
            s, e = doc.spans[i]
            lower = [
                m for m in WORD.finditer(scan.text, s, e) if m.group()[:1].islower() and not scan.skipped(m.start())
            ]
            german = sum(1 for m in lower if self._german_token(m.group(), scan))
            if len(lower) >= 4 and german >= 3 and german >= 0.6 * len(lower):
                out.append(finding(rule, s, e))
                scan.cover(s, e)
        return out

    def _german_token(self, word: str, scan: _Scan) -> bool:
        low = word.lower()
        if low in scan.function_words:
            return True
        return zipf_de(low) >= 3.0 and zipf_de(low) >= max(zipf(low), zipf_other(low)) + 1.0

    # --- place names ----------------------------------------------------------------
    def _exonyms(self, scan: _Scan, rule: Rule) -> list[Finding]:
        out = []
        for start, end, word in scan.exonym_hits():
            english, sure = scan.exonyms[word.lower()]
            if scan.skipped(start) or _gloss(scan.text, start, end, english):
                continue
            if scan.used_as_name(word):
                continue  # "Boris Rhein", "Messe Wien", "FC Bayern München": a person, a venue, a club
            prev = previous_word(scan.text, start)
            if not sure and (prev is None or prev[0].lower() not in PLACE_PREPOSITIONS):
                continue  # "Bayern won": the club; "in Bayern": the state
            f = finding(rule, start, end, Edit(start, end, english), suggestion=english)
            f = _downgrade(f, sure, scan.standalone(start, end))
            if f is None:
                continue
            if f.fix == "safe" and not scan.writes(english):
                # A document that writes "Nürnberg" throughout may do so on purpose (many
                # English writers do); one that also writes "Nuremberg" left this one behind.
                f.fix = "unsafe"
            out.append(f)
        return out

    def _districts(self, scan: _Scan, rule: Rule) -> list[Finding]:
        out: list[Finding] = []
        if not {"Kreis", "kreis", "Landkreis"} & scan.tokens:
            return out
        for m in DISTRICT.finditer(scan.text):
            start, end = m.start(), m.end()
            if scan.text[max(0, start - 4) : start] == "Land":
                start -= 4
            if not scan.word_start(start) or scan.skipped(start):
                continue
            place = m.group("place")
            if place.lower() in scan.function_words or place.isupper():
                continue
            english, sure = scan.exonyms.get(place.lower(), (place, True))
            replacement = f"{english} district"
            f = finding(rule, start, end, Edit(start, end, replacement), suggestion=replacement)
            f = _downgrade(f, sure, scan.standalone(start, end))
            if f is not None:
                out.append(f)
        return out

    # --- German function words --------------------------------------------------------
    def _function_words(self, scan: _Scan, rule: Rule) -> list[Finding]:
        out = []
        text = scan.text
        for start, end in scan.function_word_hits():
            word = text[start:end]
            if scan.skipped(start) or word.isupper():
                continue
            initial = sentence_initial(text, start)
            if word[:1].isupper() and not initial:
                continue  # "Der Spiegel", "a Dem senator": a name or a title
            nxt = WORD.match(text, _skip_blanks(text, end))
            number_next = nxt is None and re.match(r"[ \t]+\d", text[end:end + 3]) is not None
            if nxt is None and not number_next:
                continue
            if nxt is not None:
                follower = nxt.group()
                if follower[:1].isupper():
                    continue  # "von der Leyen", "Die Linke", "Halle an der Saale": part of a name
            english, sure = scan.function_words[word.lower()]
            if not sure:
                # "die", "den" and "des" are English too: only before a German or noun-only
                # word, and never after a subject, a modal, "to" or a determiner.
                prev = previous_word(text, start)
                if prev is not None and not initial and prev[0].lower() in ENGLISH_BEFORE:
                    continue
                if nxt is None or not (
                    pos_readings(nxt.group()) == frozenset({"NOUN"})
                    or (not pos_readings(nxt.group()) and zipf(nxt.group()) < 3.0)  # "Die talkshow"
                ):
                    continue
            out.append(finding(rule, start, end, suggestion=english, message=f'{rule.message} ("{word}": "{english}")'))
        return out

    # --- German words and compounds --------------------------------------------------------
    def _german_words(self, scan: _Scan, rule: Rule) -> list[Finding]:
        # Judged once per distinct word (most are common English, known from wordfreq's
        # small English list at the cost of a set look-up), then found where they occur.
        text = scan.text
        candidates = scan.german_candidates()
        german = {w for w in candidates if self._is_german(w, scan)}
        out = []
        for start, end, word in scan.find(german):
            if scan.skipped(start):
                continue
            listed = word.lower() in scan.words
            if word[:1].isupper() and not self._common_noun_here(word, start, end, scan, listed):
                continue
            if word[:1].islower() and scan.between_capitals(start, end):
                continue  # "Kirchheim unter Teck": part of a name
            english = scan.words.get(word.lower(), (None, True))[0]
            out.append(finding(rule, start, end, suggestion=english))
        return out

    def _is_german(self, word: str, scan: _Scan) -> bool:
        hit = self._german.get(word)
        if hit is None:
            # (from the disk cache when an earlier run judged the word: see verdict_table)
            hit = bool(lookup(scan.lists.verdict_table(), word, lambda w: _german_word(w, scan)))
            self._german[word] = hit
        return hit

    def _common_noun_here(self, word: str, start: int, end: int, scan: _Scan, listed: bool) -> bool:
        """A capitalised German word is flagged only where it is not used as a name."""
        text = scan.text
        prev = previous_word(text, start)
        after_place_word = prev is not None and prev[0].lower() in PLACE_PREPOSITIONS
        if not listed and after_place_word and not sentence_initial(text, start):
            return False  # "in Görlitz", "from Traiskirchen": a place
        return not scan.used_as_name(word)


DISTRICT = re.compile(r"[Kk]reis[ \t]+(?P<place>[^\W\d_][\w-]*\w)")  # and "Land" before it


def _downgrade(f: Finding, sure: bool, standalone: bool) -> Finding | None:
    """A place name beside other capitalised words (a club, a company, an airport)
    gets the fix only as a suggestion; one that is also something else in English
    text (Bayern, the club) is only ever suggested, and only where it stands alone."""
    if not sure:
        if not standalone:
            return None
        f.fix, f.edit = "none", None
    elif not standalone and f.fix == "safe":
        f.fix = "unsafe"
    return f


def _gloss(text: str, start: int, end: int, english: str) -> bool:
    """"Munich (München)": the German name given as a gloss beside the English one."""
    before = text[max(0, start - len(english) - 3) : start]
    after = text[end : end + len(english) + 3]
    return (before.endswith("(") and english in before) or (after.lstrip(" (").startswith(english))


def _skip_blanks(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\u00a0":
        pos += 1
    return pos


def _german_word(word: str, scan: _Scan) -> bool:
    """Is ``word`` German that English does not use? From word frequencies and make-up."""
    low = word.lower()
    if len(low) < 4 or word.isupper() or any(c.isdigit() or c == "_" for c in word):
        return False
    if any(c.isupper() for c in word[1:]):
        return False  # "ModuleType", "McDonald": code or a name, not a German noun
    if low in scan.exonyms or low in scan.function_words or low in scan.loanwords:
        return False
    if low in scan.words:
        return True
    if "-" in low or "'" in low or "’" in low:
        return False
    if zipf(low) >= ENGLISH_KNOWS or pos_readings(low):
        return False
    if word[:1].islower():
        # a lowercase word is never a name: German if German text uses it and others do not
        de = zipf_de(low)
        if de >= MIN_GERMAN:
            return de >= max(zipf(low), zipf_other(low)) + 1.0
        return _compound(low, scan) and zipf(low) < 1.0
    # Capitalised: a German common noun by its make-up, not a place or a family name.
    if zipf(low) >= 1.0 or low.endswith(scan.name_parts):  # (a tuple: any of them)
        return False
    # (An umlaut word on its own may as well be a family name: Höcke, Kühnert.)
    return _compound(low, scan)


def _compound(low: str, scan: _Scan, depth: int = 0) -> bool:
    """A German compound: a frequent German head (4+ letters) after a German word
    (3+ letters), with or without a linking -s-/-n-/-en-/-es-/-e- ("Verband-s-gemeinde")."""
    if len(low) < 9 - 2 * depth or depth > 2:
        return False
    for i in range(len(low) - 4, 2, -1):
        head = low[i:]
        if zipf_de(head) < 3.3 or zipf_de(head) <= zipf(head):
            continue  # not a German head ("...type" in "ModuleType" is English)
        mod = low[:i]
        for link in LINKS:
            if link and not mod.endswith(link):
                continue
            part = mod[: len(mod) - len(link)]
            german = zipf_de(part) >= 2.5 and zipf_de(part) > zipf(part)
            if len(part) >= 3 and (german or _compound(part, scan, depth + 1)):
                return True
    return False


class _Lists:
    """The word lists the checks use, read once per rule set (not once per text: in
    --lines mode every line is a text)."""

    def __init__(self, lex: Lexicon) -> None:
        self.exonyms = table(lex, "german_exonyms")
        self.exonym_forms = _forms(lex.lists.get("german_exonyms", frozenset()))
        self.function_words = table(lex, "german_function_words")
        self.function_word_forms = frozenset(f for w in self.function_words for f in (w, w[:1].upper() + w[1:]))
        self.words = table(lex, "german_words")
        self.loanwords = frozenset(w.lower() for w in lex.lists.get("german_loanwords", frozenset()))
        self.name_parts = tuple(sorted(lex.lists.get("place_name_parts", frozenset())))
        self.function_word_list = lex.lists.get("function_words", frozenset())
        self.triggers = self.function_word_forms | self.exonym_forms | {"Kreis", "kreis", "Landkreis"}
        self._verdict_table: str | None = None  # see verdict_table

    def verdict_table(self) -> str:
        """The disk cache's table (lexcache) of ``_german_word``'s verdicts under these lists.

        A verdict takes several frequency and lemma look-ups (a compound's every head), and
        a corpus asks about thousands of words once per run: most of the stage's first
        pass. It depends on the word, the lists (their contents are hashed into the
        table's name), the code judging it (this module's, the lexicon's and the frequency
        table's source: ``lexcache.source_tag``) and the wordfreq and lemminflect data (the
        cache file's own key)."""
        if self._verdict_table is None:
            import hashlib

            from .. import lexicon, wordfreqs

            digest = hashlib.blake2b(digest_size=12)
            digest.update(source_tag(__name__, lexicon.__name__, wordfreqs.__name__).encode())
            lists = (
                sorted(self.exonyms.items()), sorted(self.function_words.items()), sorted(self.loanwords),
                sorted(self.words.items()), self.name_parts,
            )
            digest.update(repr(lists).encode("utf-8", "surrogatepass"))
            self._verdict_table = "german_word-" + digest.hexdigest()
        return self._verdict_table


class _Scan:
    """One text with what the checks share: skipped stretches (quotes, URLs, code),
    stretches already flagged, the word lists, and which capitalised words are names."""

    def __init__(self, text: str, lists: _Lists) -> None:
        self.text = text
        self.lists = lists
        self.exonyms = lists.exonyms
        self.exonym_forms = lists.exonym_forms
        self.function_words = lists.function_words
        self.function_word_forms = lists.function_word_forms
        self.words = lists.words
        self.loanwords = lists.loanwords
        self.name_parts = lists.name_parts
        self.function_word_list = lists.function_word_list
        self.triggers = lists.triggers
        self._candidates: set[str] | None = None
        self._covered: list[tuple[int, int]] = []
        self._names: dict[str, bool] = {}
        self._fw_hits: list[tuple[int, int]] | None = None
        self._tokens: frozenset[str] | None = None
        self._line_skips: dict[int, list[tuple[int, int]]] = {}

    @property
    def tokens(self) -> frozenset[str]:
        """The distinct words of the text, from str.split (C speed): each check first asks
        whether any word it looks for occurs at all, and most English texts hold none."""
        if self._tokens is None:
            self._tokens = frozenset(map(str.strip, set(self.text.split()), repeat(STRIP)))
        return self._tokens

    def find(self, words: list[str] | set[str] | frozenset[str]) -> list[tuple[int, int, str]]:
        """Where ``words`` (as written) occur as whole words; only words the text holds are searched."""
        present = sorted(self.tokens.intersection(words))
        if not present:
            return []
        regex = re.compile("(?:" + "|".join(map(re.escape, present)) + r")(?![\w-])")
        return [(m.start(), m.end(), m.group()) for m in regex.finditer(self.text) if self.word_start(m.start())]

    def german_candidates(self) -> set[str]:
        """Words that may be German: not common English; lowercase and a frequent German
        word, or capitalised and long enough for a compound (9+ letters), or listed."""
        if self._candidates is None:
            common, german_common = _common_english(), _common_german()
            self._candidates = set()
            rest = common.not_in(self.tokens)  # (most words go here)
            in_common, in_german, listed = common.member(), german_common.member(), self.words
            for w in rest:
                if len(w) < 4:
                    continue
                low = w.lower()
                if low != w and in_common(low):
                    continue  # (a word already lowercase is not in the list: it is in ``rest``)
                if in_german(low) if w[:1].islower() else (len(w) >= 9 or low in listed):
                    self._candidates.add(w)
        return self._candidates

    def anything(self) -> bool:
        """Can any check find something here? (Most English texts: no.)"""
        return not self.tokens.isdisjoint(self.triggers) or bool(self.german_candidates())

    def exonym_hits(self) -> list[tuple[int, int, str]]:
        return self.find(self.exonym_forms)

    def function_word_hits(self) -> list[tuple[int, int]]:
        if self._fw_hits is None:
            self._fw_hits = [(s, e) for s, e, _ in self.find(self.function_word_forms)]
        return self._fw_hits

    def word_start(self, pos: int) -> bool:
        return pos == 0 or not (self.text[pos - 1].isalnum() or self.text[pos - 1] in "_-'’.")

    def skipped(self, pos: int) -> bool:
        """In quotes, a URL or code (quotes and code do not span lines here: only the
        candidate's own line is searched)."""
        ls = self.text.rfind("\n", 0, pos) + 1
        spans = self._line_skips.get(ls)
        if spans is None:
            le = self.text.find("\n", pos)
            end = len(self.text) if le < 0 else le
            spans = self._line_skips[ls] = [m.span() for m in SKIP.finditer(self.text, ls, end)]
        return any(a <= pos < b for a, b in spans)

    def cover(self, start: int, end: int) -> None:
        self._covered.append((start, end))

    def covered(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self._covered)

    def standalone(self, start: int, end: int) -> bool:
        """The name stands alone in running text: no capitalised word, number or opening
        bracket just before it (unless it starts the sentence), none just after it."""
        text = self.text
        if not sentence_initial(text, start):
            prev = previous_word(text, start)
            gap = text[prev[1] + len(prev[0]) : start] if prev is not None else ""
            if prev is not None and gap.strip() == "" and prev[0][:1].isupper() and not self._plain_word(prev[0]):
                return False  # "FC Bayern München", "Rapid Wien", "1. FC Köln" (FC)
            if re.search(r"[\d(/]\s*$", text[max(0, start - 3) : start]):
                return False  # "1860 München", "(Köln)"
        after = text[end : end + 2]
        nxt = WORD.match(text, _skip_blanks(text, end))
        if nxt is not None and nxt.start() - end <= 1 and nxt.group()[:1].isupper():
            return False  # "Köln Bonn Airport", "Wien Energie"
        return not re.match(r"\s*[\d)/]", after)

    def writes(self, name: str) -> bool:
        """Does the text hold ``name`` as a whole word?"""
        return has_whole_word(self.text, name)

    def between_capitals(self, start: int, end: int) -> bool:
        prev = previous_word(self.text, start)
        nxt = WORD.match(self.text, _skip_blanks(self.text, end))
        return (
            prev is not None
            and prev[0][:1].isupper()
            and self.text[prev[1] + len(prev[0]) : start].strip() == ""
            and nxt is not None
            and nxt.group()[:1].isupper()
        )

    def _plain_word(self, word: str) -> bool:
        """A function word or determiner ("In", "The"): capitalised at a sentence start, not a name."""
        low = word.lower()
        return low in DETERMINERS or low in self.function_word_list

    def used_as_name(self, word: str) -> bool:
        """Does the document use ``word`` as a name: after a first name or a title, before
        another capitalised word, or with a possessive ("Söder's")?"""
        hit = self._names.get(word)
        if hit is not None:
            return hit
        text = self.text
        hit = False
        for s in whole_word_starts(text, word):
            e = s + len(word)
            if text[e : e + 2] in ("'s", "’s"):
                hit = True
            prev = previous_word(text, s)
            if prev is not None and text[prev[1] + len(prev[0]) : s] == " " and prev[0][:1].isupper():
                low = prev[0].lower()
                if sentence_initial(text, prev[1]):
                    hit = not pos_readings(low) and zipf(low) < 4.0  # "Markus Söder said", not "Other Jecken"
                else:
                    hit = low not in DETERMINERS and low not in self.function_word_list  # "with Markus Söder"
            nxt = WORD.match(text, e + 1) if text[e : e + 1] == " " else None
            if nxt is not None and nxt.group()[:1].isupper() and nxt.group().lower() not in self.function_word_list:
                hit = True
            if hit:
                break
        self._names[word] = hit
        return hit


def _forms(entries: frozenset[str]) -> frozenset[str]:
    """The German side of a "German = English" list, as written."""
    return frozenset(re.split(r" [=~] ", e, maxsplit=1)[0].strip() for e in entries if re.search(r" [=~] ", e))
