"""Which single-byte code page a file that is not UTF-8 is in, or that nobody can tell.

A file that is not UTF-8 carries no name for its encoding. Most of its bytes mean
different letters in different Windows code pages: 0xC2 0xB2 0xD2 is "ВІТ" in
cp1251 and "Â²Ò" in cp1252, 0xFB is "ű" in cp1250 and "û" in cp1252. Reading such a
file in the wrong one and writing a fix back rewrites the letters a rule touched
(the audit's 'ВІТАЛІЙ' became 'ІТАЛІЙ'). So a file is read as cp1252, the one code
page mtclean guesses, only when every other candidate either cannot decode it, reads
it as something no language writes (Latin letters glued to Cyrillic in one word,
a symbol between two letters, words made only of accented letters), or gives the
very same text. Anything else is refused with the readings it could be, and
``--encoding`` decides. The judgement looks at the whole file (counts, no sample),
so a file's size never changes the answer.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

GUESS = "cp1252"
# Code pages a non-UTF-8 file met in the wild is commonly in; each is tried in full.
CANDIDATES = ("cp1252", "cp1250", "cp1251", "cp1253", "cp1257", "cp932")
NAMES = {
    "cp1252": "Western European",
    "cp1250": "Central European",
    "cp1251": "Cyrillic",
    "cp1253": "Greek",
    "cp1257": "Baltic",
    "cp932": "Japanese Shift-JIS",
}
# Symbols that real text holds next to letters: typographic quotes and dashes,
# currency, fractions, marks. Anything else non-alphabetic above ASCII is odd.
COMMON = frozenset("“”‘’„‚–—…«»‹›€£¥§°·•½¼¾×÷±©®™¿¡¢¦ª¬²³µ¶¹º\u00a0")
WORD = re.compile(r"[^\W\d_]*[^\x00-\x7f][^\W\d_]*")  # a word with a character above ASCII
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
SYMBOL_IN_WORD = re.compile(r"(?<=[^\W\d_])[^\w\s\x00-\x7f](?=[^\W\d_])")


@dataclass
class Reading:
    """Counts over one code page's reading of a file, gathered block by block."""

    codec: str
    decodes: bool = True
    controls: int = 0
    odd: int = 0  # odd symbols (not letters, not COMMON)
    words: int = 0  # words holding a character above ASCII
    mixed: int = 0  # of those, words mixing two scripts (Latin with Cyrillic or Greek)
    glued: int = 0  # symbols between two letters
    latin_letters: int = 0  # letters of Latin words
    latin_high: int = 0  # of those, letters above ASCII
    sample: list[str] = field(default_factory=list)

    def feed(self, text: str) -> None:
        self.controls += len(CONTROL.findall(text))
        self.glued += len(SYMBOL_IN_WORD.findall(text))
        for m in WORD.finditer(text):
            word = m.group()
            self.words += 1
            scripts = {_script(ch) for ch in word if ch.isalpha()}
            scripts.discard("other")
            if len(scripts) > 1:
                self.mixed += 1
            if scripts == {"latin"}:
                self.latin_letters += len(word)
                self.latin_high += sum(1 for ch in word if ord(ch) > 0x7F)
            self.odd += sum(1 for ch in word if ord(ch) > 0x7F and not ch.isalpha() and ch not in COMMON)
            if len(self.sample) < 3:
                self.sample.append(word)

    @property
    def plausible(self) -> bool:
        """Could people have written this? (Tolerates a stray oddity in a long file.)"""
        if not self.decodes or self.controls:
            return False
        slack = self.words // 50
        if self.mixed > slack or self.glued > slack:
            return False
        # Even Czech or Vietnamese words hold some plain letters; Cyrillic or Greek read
        # as Latin is nothing but accented letters.
        return not (self.latin_letters >= 12 and self.latin_high * 10 > self.latin_letters * 7)


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    for script in ("LATIN", "CYRILLIC", "GREEK", "CJK", "HIRAGANA", "KATAKANA"):
        if name.startswith(script):
            return script.lower()
    return "other"


@dataclass
class Verdict:
    codec: str | None  # GUESS when the file is Western text beyond doubt, else None
    readings: list[str]  # the code pages it reads plausibly in (for the message)

    def message(self) -> str:
        if not self.readings:
            return "nor text in a common code page (cp1252, cp1250, cp1251, cp1253, cp1257, Shift-JIS)"
        named = ", ".join(f"{c} ({NAMES[c]})" for c in self.readings)
        if len(self.readings) == 1:
            return f"it reads as {named} text, which mtclean does not guess"
        return f"it reads as text in several code pages that cannot be told apart: {named}"


class Judge:
    """Feed a non-UTF-8 file's bytes in blocks; then :meth:`verdict`."""

    def __init__(self) -> None:
        self.readings = {c: Reading(c) for c in CANDIDATES}
        self.agree = {c: True for c in CANDIDATES}  # same text as the cp1252 reading so far
        self.carry = b""

    def feed(self, data: bytes, final: bool = False) -> None:
        # A block may end inside a two-byte Shift-JIS character or a word: cut at the
        # last ASCII white space so each block stands alone.
        data = self.carry + data
        if not final:
            cut = max(data.rfind(b" "), data.rfind(b"\n"))
            if cut < 0:
                self.carry = data
                return
            data, self.carry = data[: cut + 1], data[cut + 1 :]
        else:
            self.carry = b""
        guess: str | None = None
        for codec, reading in self.readings.items():
            if not reading.decodes:
                continue
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                reading.decodes = False
                continue
            if text.encode(codec) != data:  # a code page must give back the same bytes
                reading.decodes = False
                continue
            reading.feed(text)
            if codec == GUESS:
                guess = text
            elif self.agree[codec]:
                self.agree[codec] = guess is not None and text == guess

    def verdict(self) -> Verdict:
        if self.carry:
            self.feed(b"", final=True)
        western = self.readings[GUESS]
        rivals = [
            r for c, r in self.readings.items()
            if c != GUESS and r.plausible and not (western.decodes and self.agree[c])
            # A rival no odder than the guess stays a rival; an odder one does not.
            and not (western.plausible and r.odd > western.odd)
        ]
        plausible = ([GUESS] if western.plausible else []) + [r.codec for r in rivals]
        if western.plausible and not rivals:
            return Verdict(GUESS, plausible)
        return Verdict(None, plausible)


def judge(data: bytes) -> Verdict:
    j = Judge()
    j.feed(data, final=True)
    return j.verdict()
