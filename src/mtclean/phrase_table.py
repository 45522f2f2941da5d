"""The ``phrases`` rule kind: one rule holding a table of fixed phrases.

Most German→English calques are fixed word sequences ("traffic light coalition",
"top candidate", "according to own statements"). Writing each as a regex rule
would cost one pattern scan per phrase; a table is matched in one Aho-Corasick
pass whatever its size (see stages/phrases.py). This module reads and checks a
table at load time; every error names the file and the line of the entry.

An entry::

    - phrase: top candidate{s}          # or a list of forms; {s} = "" or "s", {a|b} = one of them
      replace: lead candidate{s}        # slots take the choice the matched form made (a replacement
                                        # with fewer slots follows the phrase's last ones)
      fix: safe                         # safe | unsafe | none (default: the rule's fix)
      source: Spitzenkandidat           # the German the phrase renders (shown in the message)
      message: …                        # optional, else the rule's message
      suggestion: …                     # offered when nothing is applied
      class: calque                     # optional, else the rule's class
      severity: warning                 # optional, else the rule's severity
      not_before: [of, "#", "time*"]    # words that must not follow the phrase ("#": a number, "x*": a prefix)
      followed_by: [","]                # one of these must follow it
      not_after: [the, "*ly"]           # words that must not precede it ("*x": a suffix)
      near: [insur, health]             # a word starting so must occur within NEAR characters
      case: any                         # any | exact (default: exact when the phrase has capitals)
      examples:
        bad: [{text: …, fixed: …}]      # at least one; ``fixed`` where the entry fixes
        good: [ … ]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import product
from typing import Any

from .lowercase import lowered
from .model import CLASSES, FIX_SAFETIES, SEVERITIES

Fail = Callable[..., Exception]
ENTRY_KEYS = {
    "phrase", "replace", "suggestion", "fix", "source", "message", "class", "severity",
    "not_before", "not_after", "followed_by", "near", "case", "examples", "note", "__line__",
}
SLOT = re.compile(r"\{([^{}]*)\}")
MAX_FORMS = 256  # expansions of one entry: more is a table written as a grammar
NEAR = 400  # characters either side in which a ``near`` word must occur
# Phrase stages run on the text a pipeline stage sees; these stages have no rule-driven text pass.
NOT_IN_STAGES = ("encoding", "grammar", "source")


@dataclass
class Entry:
    """One row of a phrase table."""

    key: str  # the phrase as written (first form): names the entry in findings and errors
    forms: list[tuple[str, tuple[int, ...]]]  # (lower-case literal form, slot choices that made it)
    replace: str | None
    suggestion: str | None
    fix: str
    cls: str
    severity: str
    message: str
    source: str | None
    exact: bool  # match only the case written (or its capitalised first letter)
    not_before: tuple[str, ...] = ()
    followed_by: tuple[str, ...] = ()
    not_after: tuple[str, ...] = ()
    near: tuple[str, ...] = ()
    line: int = 0
    # lower form -> the forms as written that fold to it, with their slot choices (for exact case)
    written: dict[str, list[tuple[str, tuple[int, ...]]]] = field(default_factory=dict)

    def replacement(self, choices: tuple[int, ...]) -> str | None:
        return fill(self.replace, choices) if self.replace is not None else None

    def suggested(self, choices: tuple[int, ...]) -> str | None:
        if self.suggestion is not None:
            return fill(self.suggestion, choices)
        return self.replacement(choices)


@dataclass
class Table:
    entries: list[Entry]


def split_slots(text: str) -> tuple[list[str], list[list[str]]]:
    """``"top candidate{s}"`` -> (["top candidate", ""], [["", "s"]]): literal parts and slot options.
    ``{x}`` alone means optional x; ``{a|b}`` one of a, b (``{|s}`` = optional s)."""
    parts: list[str] = []
    slots: list[list[str]] = []
    pos = 0
    for m in SLOT.finditer(text):
        parts.append(text[pos : m.start()])
        inner = m.group(1)
        slots.append(inner.split("|") if "|" in inner else ["", inner])
        pos = m.end()
    parts.append(text[pos:])
    return parts, slots


def fill(template: str, choices: tuple[int, ...]) -> str:
    """The template with its slots filled from the phrase's slot choices. A template
    with fewer slots than the phrase follows the phrase's last slots ("{yellow-red|yellow
    red} card{s}" -> "second yellow card{s}": the {s} follows the phrase's {s})."""
    parts, slots = split_slots(template)
    if not slots:
        return template
    skip = len(choices) - len(slots)
    out = [parts[0]]
    for i, options in enumerate(slots):
        c = choices[skip + i] if 0 <= skip + i < len(choices) else 0
        out.append(options[min(c, len(options) - 1)])
        out.append(parts[i + 1])
    return "".join(out)


def expand(form: str) -> list[tuple[str, tuple[int, ...]]]:
    parts, slots = split_slots(form)
    out = []
    for choices in product(*(range(len(s)) for s in slots)):
        text = parts[0] + "".join(slots[i][c] + parts[i + 1] for i, c in enumerate(choices))
        out.append((" ".join(text.split()), tuple(choices)))
    return out


def _words(value: Any, what: str, fail: Fail, at: int) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        value = [value]
    if isinstance(value, list):  # a year or a number is a word too (YAML reads 1989 as a number)
        value = [str(v) if isinstance(v, int) and not isinstance(v, bool) else v for v in value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise fail(f"'{what}' is a word or a list of words", at)
    return tuple(" ".join(v.lower().split()) for v in value)


def validate(rule: Any, fail: Fail, example: Callable[..., Any]) -> None:
    """Check and compile ``rule.params['phrases']`` into ``rule.compiled`` (a Table), and
    give the rule its entries' examples (``example(text, fixed, line, entry)``) so
    ``mtclean rules test`` runs them."""
    if rule.stage in NOT_IN_STAGES:
        raise fail(f"a phrases rule cannot run in stage {rule.stage} (its stage has a matcher of its own)")
    rows = rule.params.get("phrases")
    if not isinstance(rows, list) or not rows:
        raise fail("'phrases' must be a list of entries")
    built = _built(rule, rows)
    if built is not None:  # this very table was checked and built before (start-up)
        try:
            entries_data, examples = built
            table = Table([Entry(*fields) for fields in entries_data])
            made = [(kind, example(text, fixed, at, key)) for kind, text, fixed, at, key in examples]
        except (TypeError, ValueError):
            pass  # a damaged cache file: built from the rows below
        else:
            rule.compiled = table
            for kind, ex in made:
                (rule.bad if kind == "bad" else rule.good).append(ex)
            return
    _check_and_build(rule, rows, fail, example)
    _remember(rule, rows)


def _table_key(rule: Any, rows: list[Any]) -> bytes | None:
    """What a built table depends on: its rows and the rule's defaults for them."""
    import marshal

    try:
        # version 0: no references or interned-string marks, whose use depends on the
        # process's reference counts; the same rows give the same bytes in every process
        return marshal.dumps((rows, rule.fix, rule.cls, rule.severity, rule.message, rule.line), 0)
    except ValueError:
        return None


def _built(rule: Any, rows: list[Any]) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]] | None:
    """The entries and examples of a table this mtclean version built from the same rows
    before, from the disk cache: a valid table of 400 entries took 0.05 s to check and
    expand at every start. None when it was not built before."""
    from . import lexcache

    key = _table_key(rule, rows)
    value = lexcache.recall("phrases", key) if key is not None else None
    return None if value is lexcache.MISSING else value  # type: ignore[no-any-return]


def _remember(rule: Any, rows: list[Any]) -> None:
    from . import lexcache

    key = _table_key(rule, rows)
    if key is None:
        return
    entries = [
        tuple(getattr(e, f) for f in Entry.__dataclass_fields__) for e in rule.compiled.entries
    ]
    examples = [("bad", x.text, x.fixed, x.line, x.entry) for x in rule.bad] + [
        ("good", x.text, x.fixed, x.line, x.entry) for x in rule.good
    ]
    lexcache.keep("phrases", key, (entries, examples))


def _check_and_build(rule: Any, rows: list[Any], fail: Fail, example: Callable[..., Any]) -> None:
    entries: list[Entry] = []
    seen: dict[str, int] = {}
    for row in rows:
        entry = _entry(rule, row, fail)
        for form, _ in entry.forms:
            if form in seen:
                raise fail(f"phrase {form!r} is already in this table (line {seen[form]})", entry.line)
            seen[form] = entry.line
        entries.append(entry)
        _entry_examples(rule, entry, row, fail, example)
    rule.compiled = Table(entries)


def _entry(rule: Any, row: Any, fail: Fail) -> Entry:
    if not isinstance(row, dict):
        raise fail("each phrases entry is a mapping with 'phrase'")
    line = row.get("__line__", rule.line)
    unknown = set(row) - ENTRY_KEYS
    if unknown:
        raise fail(f"unknown key {min(map(str, unknown))!r} in a phrases entry", line)
    raw = row.get("phrase")
    written = [raw] if isinstance(raw, str) else raw
    if not isinstance(written, list) or not written or not all(isinstance(p, str) and p.strip() for p in written):
        raise fail("'phrase' is a phrase or a list of phrases", line)
    for key in ("replace", "suggestion", "source", "message", "note"):
        if row.get(key) is not None and not isinstance(row[key], str):
            raise fail(f"'{key}' must be text", line)
    key = " ".join(written[0].split())
    forms: list[tuple[str, tuple[int, ...]]] = []
    shape: list[int] | None = None
    as_written: dict[str, list[tuple[str, tuple[int, ...]]]] = {}
    for phrase in written:
        if phrase.count("{") != phrase.count("}") or SLOT.sub("", phrase).count("{") or SLOT.sub("", phrase).count("}"):
            raise fail(f"unbalanced braces in phrase {phrase!r}", line)
        slots = split_slots(phrase)[1]
        count = 1
        for options in slots:  # counted before anything is expanded: a hostile table stays cheap
            count *= len(options)
            if count > MAX_FORMS:
                raise fail(f"phrase {phrase!r} expands to more than {MAX_FORMS} forms", line)
        if shape is None:
            shape = [len(s) for s in slots]
        elif [len(s) for s in slots] != shape and (SLOT.search(row.get("replace") or "") or SLOT.search(row.get("suggestion") or "")):
            raise fail(f"phrase {phrase!r} has other slots than {written[0]!r}, which the replacement's slots follow", line)
        for form, choices in expand(phrase):
            if len(form) < 3 or not (form[0].isalnum() and form[-1].isalnum()):
                raise fail(f"phrase form {form!r} must start and end with a letter or digit (3 characters at least)", line)
            same = as_written.setdefault(form.lower(), [])
            if any(w == form for w, _ in same):
                raise fail(f"phrase {key!r} lists the form {form!r} twice", line)
            if not same:
                forms.append((form.lower(), choices))
            same.append((form, choices))
    if len(forms) > MAX_FORMS:
        raise fail(f"phrase {key!r} expands to {len(forms)} forms (at most {MAX_FORMS})", line)
    for tmpl_key in ("replace", "suggestion"):
        tmpl = row.get(tmpl_key)
        if tmpl is not None:
            slots = [len(s) for s in split_slots(tmpl)[1]]
            if slots and (shape is None or len(slots) > len(shape) or slots != shape[len(shape) - len(slots):]):
                raise fail(
                    f"'{tmpl_key}' has slots {slots} but the phrase {shape}: the replacement's slots "
                    "follow the phrase's last slots, with as many options each", line,
                )
    fix = row.get("fix", rule.fix if row.get("replace") is not None else "none")
    if not isinstance(fix, str) or fix not in FIX_SAFETIES:
        raise fail(f"fix must be one of {', '.join(FIX_SAFETIES)}", line)
    if fix != "none" and row.get("replace") is None:
        raise fail(f"phrase {key!r} has fix {fix} but no 'replace'", line)
    if fix == "none" and row.get("replace") is not None:
        raise fail(f"phrase {key!r} has 'replace' but fix none: use 'suggestion' for a flag", line)
    cls = row.get("class", rule.cls)
    if not isinstance(cls, str) or cls not in CLASSES:
        raise fail(f"unknown class {cls!r} (classes: {', '.join(CLASSES)})", line)
    severity = row.get("severity", rule.severity)
    if not isinstance(severity, str) or severity not in SEVERITIES:
        raise fail(f"severity must be one of {', '.join(SEVERITIES)}", line)
    case = row.get("case", "exact" if any(c.isupper() for c in key) else "any")
    if case not in ("any", "exact"):
        raise fail("'case' is 'any' or 'exact'", line)
    source = row.get("source")
    message = f'"{key}": ' + (row.get("message") or rule.message)
    if source:
        message = f"{message} (German: {source})"
    return Entry(
        key=key,
        forms=forms,
        replace=row.get("replace"),
        suggestion=row.get("suggestion"),
        fix=fix,
        cls=cls,
        severity=severity,
        message=message,
        source=source,
        exact=case == "exact",
        not_before=_words(row.get("not_before"), "not_before", fail, line),
        followed_by=_words(row.get("followed_by"), "followed_by", fail, line),
        not_after=_words(row.get("not_after"), "not_after", fail, line),
        near=_words(row.get("near"), "near", fail, line),
        line=line,
        written=as_written,
    )


def _entry_examples(rule: Any, entry: Entry, row: dict[str, Any], fail: Fail, example: Callable[..., Any]) -> None:
    examples = row.get("examples")
    if not isinstance(examples, dict):
        raise fail(f"phrase {entry.key!r}: 'examples' with at least one 'bad' is required", entry.line)
    unknown = set(examples) - {"bad", "good", "__line__"}
    if unknown:
        raise fail(f"phrase {entry.key!r}: examples have 'bad' and 'good', not {min(map(str, unknown))!r}", entry.line)
    for kind in ("bad", "good"):
        items = examples.get(kind) or []
        if not isinstance(items, list) or (kind == "bad" and not items):
            raise fail(f"phrase {entry.key!r}: at least one 'bad' example is required" if kind == "bad"
                       else f"phrase {entry.key!r}: 'good' is a list", entry.line)
        for item in items:
            if isinstance(item, str):
                text, fixed, at = item, None, entry.line
            elif isinstance(item, dict) and isinstance(item.get("text"), str):
                text, fixed, at = item["text"], item.get("fixed"), item.get("__line__", entry.line)
                if fixed is not None and not isinstance(fixed, str):
                    raise fail(f"phrase {entry.key!r}: 'fixed' must be text", at)
            else:
                raise fail(f"phrase {entry.key!r}: a {kind} example is a text or a mapping with 'text'", entry.line)
            if kind == "bad" and entry.fix != "none" and fixed is None:
                raise fail(f"phrase {entry.key!r}: a bad example of an entry with a fix needs 'fixed'", at)
            (rule.bad if kind == "bad" else rule.good).append(example(text, fixed, at, entry.key))


# ---- matching helpers shared by the stage and its tests -----------------------------------

def is_word_char(c: str) -> bool:
    """Letters, digits, and the joiners that make a longer word of a phrase ("top-candidate")."""
    return c.isalnum() or c in "_-"


def fold(text: str) -> str:
    """Lower-cased text with every white-space character as a space, the same length as
    ``text`` so offsets carry over. (``casefold`` would turn ß into ss.)"""
    low = lowered(text)  # in pieces (lowercase.py)
    if len(low) != len(text):  # İ lowers to two characters (the only one that does): kept as it is
        low = "\u0130".join(part.lower() for part in text.split("\u0130"))
    # str.replace per white-space character the text holds: a search in C each, where
    # str.translate would look every character up in a dict. (isascii() is a flag test.)
    low = low.replace("\n", " ")
    for c in _ASCII_SPACES if low.isascii() else _SPACES:
        if c in low:
            low = low.replace(c, " ")
    return low


# every white-space character (what ``\\s`` matches) counts as a space between a phrase's words
_SPACES = tuple(chr(i) for i in range(0x3001) if chr(i).isspace() and i not in (0x20, 0x0A))
_ASCII_SPACES = tuple(c for c in _SPACES if c.isascii())


def case_choices(entry: Entry, form: str, matched: str, choices: tuple[int, ...]) -> tuple[int, ...] | None:
    """The slot choices of the written form ``matched`` is, or None when its case rules it
    out: an exact entry matches its written case, or that with the first letter capitalised."""
    if not entry.exact:
        return choices
    for written, made in entry.written[form]:
        if matched == written or matched == written[:1].upper() + written[1:]:
            return made
    return None


def fixable_case(entry: Entry, matched: str) -> bool:
    """A fix keeps the original's case only for lower case and a capitalised first
    letter (an exact entry: its written case); ALL CAPS and Title Case (a headline, a
    name) get a suggestion instead, and so does a phrase broken across lines."""
    if "\n" in matched or "\r" in matched:
        return False
    return entry.exact or matched[1:] == matched[1:].lower()


def _starts_with_word(s: str, words: Iterable[str]) -> bool:
    """``s`` starts with one of ``words`` (a word ending in ``*``: with that prefix;
    ``#`` alone: any number)."""
    for w in words:
        if w == "#":
            if s[:1].isdigit():
                return True
        elif w.endswith("*"):
            if s.startswith(w[:-1]):
                return True
        elif s.startswith(w) and (len(s) == len(w) or not is_word_char(w[-1]) or not is_word_char(s[len(w)])):
            return True
    return False


def _ends_with_word(s: str, words: Iterable[str]) -> bool:
    for w in words:
        if w == "#":
            if s[-1:].isdigit():
                return True
        elif w.startswith("*"):
            if s.endswith(w[1:]):
                return True
        elif s.endswith(w) and (len(s) == len(w) or not is_word_char(s[-len(w) - 1])):
            return True
    return False


def context_ok(entry: Entry, folded: str, start: int, end: int) -> bool:
    """The entry's guards on the words around a hit at ``folded[start:end]``."""
    if entry.not_before or entry.followed_by:
        after = folded[end : end + 80].lstrip(" ")
        if entry.not_before and _starts_with_word(after, entry.not_before):
            return False
        if entry.followed_by and not _starts_with_word(after, entry.followed_by):
            return False
    if entry.not_after:
        before = folded[max(0, start - 80) : start].rstrip(" ")
        if _ends_with_word(before, entry.not_after):
            return False
    if entry.near:  # outside the phrase itself ("fine" in "fine catalogue" is no evidence)
        window = folded[max(0, start - NEAR) : start] + " " + folded[end : end + NEAR]
        if not any(_find_word(window, w) for w in entry.near):
            return False
    return True


def _find_word(text: str, word: str) -> bool:
    """``word`` as a word or the start of one ("insur" finds "insurer")."""
    i = text.find(word)
    while i >= 0:
        if i == 0 or not is_word_char(text[i - 1]):
            return True
        i = text.find(word, i + 1)
    return False


def resolve(hits: list[tuple[int, int, Any]]) -> list[tuple[int, int, Any]]:
    """Overlapping hits of one table: the leftmost, then the longest, wins (as an
    alternation of all phrases would match)."""
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    out: list[tuple[int, int, Any]] = []
    end = -1
    for h in hits:
        if h[0] >= end:
            out.append(h)
            end = h[1]
    return out
