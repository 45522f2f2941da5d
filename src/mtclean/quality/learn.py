"""Mining candidate rules from MT and its post-edits.

Each MT segment is aligned with its post-edit at word level; every short
change (a substitution, deletion or insertion of up to ``MAX_TOKENS`` words) is
a change event. An event is recorded as several candidate patterns: the MT
words alone, and the MT words with one word of context on the left or right
(an insertion is always recorded with both neighbours, since an empty pattern
matches everywhere). For each pattern we count

- count: segments where post-editors made exactly this change, and
- occurrences: MT segments where the pattern occurs at all,

so agreement = count / occurrences says how often the pattern is an error when
it appears. Candidates are ranked by count × agreement, one per change, and
written as flag rules (``kind: existence``, ``fix: none``) whose examples are
real segments: MT segments containing the pattern (bad) and the post-edits of
those segments, where it is gone (good). A candidate whose examples do not pass
``check_rule`` is dropped, so every written candidate loads and tests clean.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..io import write_atomic
from ..rules import load_rules
from ..ruletest import check_rule
from .align import Alignment, Block, Token

MAX_TOKENS = 3
MAX_EXAMPLE_CHARS = 240
STAGE = "calque"  # the stage that runs regex flag rules of any class, whatever the family


@dataclass
class Candidate:
    before: str  # the MT words (with context), as they appear in the MT
    after: str  # what post-editors wrote instead (with the same context)
    change: tuple[str, str]  # the bare change (MT words, PE words): one candidate per change is kept
    lines: set[int] = field(default_factory=set)  # segments with this change
    occurrences: int = 0
    pattern: str = ""

    @property
    def count(self) -> int:
        return len(self.lines)

    @property
    def agreement(self) -> float:
        return self.count / self.occurrences if self.occurrences else 0.0

    @property
    def score(self) -> float:
        return self.count * self.agreement


def _is_word(t: Token) -> bool:
    return bool(re.match(r"\w", t.text))


def _text(text: str, tokens: Sequence[Token], i1: int, i2: int) -> str:
    if i1 >= i2:
        return ""
    return re.sub(r"\s+", " ", text[tokens[i1].start : tokens[i2 - 1].end])


def pattern_for(phrase: str) -> str:
    """A regular expression for these words as whole tokens, any spacing between them."""
    body = r"\s+".join(re.escape(part) for part in phrase.split(" "))
    left = r"(?<![\w'’])" if re.match(r"\w", phrase) else ""
    right = r"(?![\w'’])" if re.search(r"\w$", phrase) else ""
    return left + body + right


def _events(al: Alignment) -> list[tuple[str, str, tuple[str, str]]]:
    """(MT words with context, PE words with the same context, bare change) per candidate pattern."""
    out = []
    mt, pe, mtt, pet = al.mt, al.pe, al.mt_tokens, al.pe_tokens
    for blk in al.changes():
        if blk.i2 - blk.i1 > MAX_TOKENS or blk.j2 - blk.j1 > MAX_TOKENS:
            continue
        old, new = _text(mt, mtt, blk.i1, blk.i2), _text(pe, pet, blk.j1, blk.j2)
        change = (old, new)
        left = mtt[blk.i1 - 1] if blk.i1 > 0 else None
        right = mtt[blk.i2] if blk.i2 < len(mtt) else None
        variants: list[tuple[int, int]] = []  # context tokens taken on the left, on the right
        if blk.i1 < blk.i2 and any(_is_word(t) for t in mtt[blk.i1 : blk.i2]):
            variants.append((0, 0))
        if left is not None and _is_word(left):
            variants.append((1, 0))
        if right is not None and _is_word(right):
            variants.append((0, 1))
        if blk.i1 == blk.i2:  # an insertion: only with both neighbours
            variants = [(1, 1)] if left is not None and right is not None and (_is_word(left) or _is_word(right)) else []
        for lc, rc in variants:
            before = _text(mt, mtt, blk.i1 - lc, blk.i2 + rc)
            after_text = _text(pe, pet, blk.j1 - lc, blk.j2 + rc) if _context_matches(al, blk, lc, rc) else None
            if after_text is None:
                continue
            out.append((before, after_text, change))
    return out


def _context_matches(al: Alignment, blk: Block, lc: int, rc: int) -> bool:
    """The context words are the same words on the PE side (they sit in equal blocks)."""
    if lc and (blk.j1 < 1 or al.pe_tokens[blk.j1 - 1].text != al.mt_tokens[blk.i1 - 1].text):
        return False
    return not (rc and (blk.j2 >= len(al.pe_tokens) or al.pe_tokens[blk.j2].text != al.mt_tokens[blk.i2].text))


def mine(mt: Sequence[str], pe: Sequence[str], min_count: int = 3) -> list[Candidate]:
    """All candidates seen in at least ``min_count`` segments, ranked by count × agreement."""
    found: dict[tuple[str, str], Candidate] = {}
    for i, (m, p) in enumerate(zip(mt, pe)):
        for before, after, change in _events(Alignment(m, p)):
            found.setdefault((before, after), Candidate(before, after, change)).lines.add(i)
    kept = [c for c in found.values() if c.count >= min_count]
    for c in kept:
        c.pattern = pattern_for(c.before)
        rx = re.compile(c.pattern)
        c.occurrences = sum(1 for m in mt if rx.search(m))
    kept.sort(key=lambda c: (-c.score, -c.count, c.before, c.after))
    return kept


def _class(c: Candidate) -> str:
    old, new = c.change
    if old.lower() == new.lower():
        return "capitalization"
    if old and sorted(old.split()) == sorted(new.split()):
        return "word-order"
    return "grammar"


def _q(s: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes, plus the characters YAML reads as line breaks)."""
    out = json.dumps(s, ensure_ascii=False)
    for ch in ("\u0085", "\u2028", "\u2029", "\ufeff"):
        out = out.replace(ch, f"\\u{ord(ch):04x}")
    return out


def _examples(c: Candidate, mt: Sequence[str], pe: Sequence[str]) -> tuple[list[str], list[str]]:
    rx = re.compile(c.pattern)
    lines = sorted(c.lines, key=lambda i: (len(mt[i]) > MAX_EXAMPLE_CHARS, len(mt[i]), i))
    bad = [mt[i] for i in lines if rx.search(mt[i])][:3]
    good = [pe[i] for i in lines if not rx.search(pe[i]) and pe[i].strip()][:2]
    return bad, good


def rule_yaml(rid: str, c: Candidate, bad: list[str], good: list[str]) -> str:
    old, new = c.change
    message = f'Post-editors changed "{old}" to "{new}" here.' if new else f'Post-editors deleted "{old}" here.'
    if not old:
        message = f'Post-editors inserted "{new}" here.'
    desc = (
        f"learned: {c.count} of {c.occurrences} MT segments with this pattern were post-edited this way "
        f"(agreement {c.agreement:.2f}, score {c.score:.2f}); MT \"{c.before}\" -> PE \"{c.after}\""
    )
    lines = [
        f"  # {rid}: count {c.count}, occurrences {c.occurrences}, agreement {c.agreement:.2f}, score {c.score:.2f}",
        f"  - id: {rid}",
        "    kind: existence",
        f"    class: {_class(c)}",
        f"    message: {_q(message)}",
        "    severity: info  # a candidate; a reviewer promotes it by making this 'warning'",
        "    fix: none",
        f"    suggestion: {_q(c.after or '(remove)')}",
        f"    description: {_q(desc)}",
        f"    pattern: {_q(c.pattern)}",
        "    examples:",
        "      bad:",
        *[f"        - {_q(b)}" for b in bad],
        "      good:",
        *[f"        - {_q(g)}" for g in good],
    ]
    return "\n".join(lines) + "\n"


HEADER = """\
# Candidate rules learned by `mtclean learn` from MT output and its post-edits.
# {source}
# Ranked by count x agreement: count = segments where post-editors made the change,
# agreement = count / MT segments where the pattern occurs. Every candidate is a flag
# (fix: none) and passed `mtclean rules test` when written. Review before use.
stage: {stage}
class: grammar
rules:
"""


@dataclass
class Learned:
    written: list[tuple[str, Candidate]]  # (rule id, candidate), best first
    dropped: list[tuple[Candidate, str]]  # candidates that failed their own examples, and why
    mined: int


def learn(
    mt: Sequence[str],
    pe: Sequence[str],
    out: Path,
    min_count: int = 3,
    limit: int = 200,
    source: str = "",
    min_agreement: float = 0.0,
) -> Learned:
    """Mine, keep one candidate per change, check each against its examples, write ``out``."""
    candidates = mine(mt, pe, min_count)
    chosen: list[tuple[Candidate, list[str], list[str]]] = []
    seen: set[tuple[str, str]] = set()
    patterns: set[str] = set()  # one candidate per pattern: two would flag the same words twice
    for c in candidates:
        if c.change in seen or c.pattern in patterns or c.agreement <= 0 or c.agreement < min_agreement:
            continue
        bad, good = _examples(c, mt, pe)
        if len(bad) < 2 or len(good) < 2:
            continue
        seen.add(c.change)
        patterns.add(c.pattern)
        chosen.append((c, bad, good))
        if len(chosen) >= limit:
            break
    # Check every candidate as written; drop those the rule tester rejects.
    dropped: list[tuple[Candidate, str]] = []
    passed: list[tuple[Candidate, list[str], list[str]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        if not chosen:
            return _write(out, source, [], dropped, len(candidates))
        trial = Path(tmp) / "learned.yaml"
        trial.write_text(
            HEADER.format(source=source, stage=STAGE)
            + "".join(rule_yaml(f"LRN{k + 1:03d}", c, b, g) for k, (c, b, g) in enumerate(chosen)),
            encoding="utf-8",
        )
        ruleset = load_rules([Path(tmp)], builtin=False)
        for k, (c, b, g) in enumerate(chosen):
            rule = ruleset.by_id()[f"LRN{k + 1:03d}"]
            failures = check_rule(rule, ruleset)
            if failures:
                dropped.append((c, failures[0].problem))
            else:
                passed.append((c, b, g))
    return _write(out, source, passed, dropped, len(candidates))


def _write(
    out: Path,
    source: str,
    passed: list[tuple[Candidate, list[str], list[str]]],
    dropped: list[tuple[Candidate, str]],
    mined: int,
) -> Learned:
    """Number the candidates that passed, best first, and write them in one go."""
    passed = passed[:999]
    written = [(f"LRN{k + 1:03d}", c) for k, (c, _, _) in enumerate(passed)]
    text = HEADER.format(source=source, stage=STAGE) + "".join(
        rule_yaml(rid, c, b, g) for (rid, c), (_, b, g) in zip(written, passed)
    )
    if not written:
        text = text.replace("rules:\n", "rules: []\n")
    write_atomic(out, text)
    return Learned(written, dropped, mined)
