"""A term base: required and forbidden translations, read from TBX, CSV or TSV.

TBX is read with lxml (``termEntry``/``conceptEntry`` → ``langSet``/``langSec`` →
``term``, with ``administrativeStatus`` marking deprecated/forbidden terms); CSV and
TSV with the standard ``csv`` module, columns ``source``, ``target`` and an optional
``status`` (``forbidden``/``deprecated``/``required``). English terms match in any
inflection (lemminflect: "car park" also matches "car parks"); German source terms
match with German case endings ("Bundestag" also in "Bundestages").
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import InputError
from .checks import Hit

FORBIDDEN = {"forbidden", "deprecated", "deprecatedterm-admn-sts", "supersededterm-admn-sts", "deprecatedterm",
             "supersededterm", "no", "avoid"}
DE_ENDINGS = r"(?:e|en|n|s|es|er|ern|em)?"


@dataclass
class Term:
    source: str
    required: list[str] = field(default_factory=list)
    forbidden: list[str] = field(default_factory=list)


@lru_cache(maxsize=4096)
def _forms(word: str) -> tuple[str, ...]:
    """Every inflection of an English word (its lemma's, as lemminflect lists them)."""
    from lemminflect import getAllInflections, getAllLemmas

    forms = {word}
    lower = word.lower()
    lemmas = {lower} | {lem for tup in getAllLemmas(lower).values() for lem in tup}
    for lemma in lemmas:
        forms.add(lemma)
        for tup in getAllInflections(lemma).values():
            forms.update(tup)
    return tuple(sorted(forms, key=len, reverse=True))


@lru_cache(maxsize=4096)
def english_pattern(term: str) -> re.Pattern[str]:
    """The term with its last word in any inflection ("federal chancellor" -> "...chancellors")."""
    words = term.split()
    head = "(?:" + "|".join(re.escape(f) for f in _forms(words[-1])) + ")"
    body = r"\s+".join([re.escape(w) for w in words[:-1]] + [head])
    return re.compile(rf"(?<![\w-]){body}(?![\w-])", re.IGNORECASE)


_UMLAUT = str.maketrans("äöüÄÖÜ", "aouAOU")


@lru_cache(maxsize=4096)
def german_pattern(term: str) -> re.Pattern[str]:
    """Matched against umlaut-folded source text: plurals add an umlaut ("Vertrag" -> "Verträge")."""
    words = term.translate(_UMLAUT).split()
    body = r"\s+".join(re.escape(w) + DE_ENDINGS for w in words)
    return re.compile(rf"(?<![\w-]){body}(?![\w])", re.IGNORECASE)


@dataclass
class Glossary:
    terms: list[Term]
    path: str = ""

    def check(self, source: str, target: str) -> list[tuple[str, Hit]]:
        hits: list[tuple[str, Hit]] = []
        for term in self.terms:
            m = german_pattern(term.source).search(source.translate(_UMLAUT)) if term.source else None
            if term.source and not m:
                continue
            ss, se = (m.start(), m.end()) if m else (0, 0)
            if term.required and not any(english_pattern(t).search(target) for t in term.required):
                stripped = target.strip()
                ts = target.find(stripped[:1]) if stripped else 0
                hits.append(("glossary-required", Hit(ts, ts + len(stripped), ss, se,
                             f'"{term.source}" should be "{" / ".join(term.required)}"')))
            for bad in term.forbidden:
                for fm in english_pattern(bad).finditer(target):
                    hits.append(("glossary-forbidden", Hit(fm.start(), fm.end(), ss, se,
                                 f'"{fm.group()}" is a forbidden translation'
                                 + (f' of "{term.source}"' if term.source else "")
                                 + (f' (use "{term.required[0]}")' if term.required else ""))))
        return hits


def from_entries(entries: list[dict[str, str]]) -> Glossary:
    """From mappings with source/target/status (rule examples, CSV rows)."""
    by_source: dict[str, Term] = {}
    for e in entries:
        src = (e.get("source") or "").strip()
        tgt = (e.get("target") or "").strip()
        status = (e.get("status") or "").strip().lower()
        term = by_source.setdefault(src, Term(src))
        if tgt:
            (term.forbidden if status in FORBIDDEN else term.required).append(tgt)
    return Glossary(list(by_source.values()))


def load(path: Path) -> Glossary:
    """A TBX, CSV or TSV term base; a file that cannot be read is one InputError naming it (and the line)."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the glossary: {exc.strerror}", name) from None
    if path.suffix.lower() in (".tbx", ".xml"):
        return _tbx(raw, name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"the glossary is not UTF-8 (byte {exc.start})", name) from None
    delim = "\t" if path.suffix.lower() in (".tsv", ".tab", ".txt") else ","
    rows = list(csv.reader(text.splitlines(), delimiter=delim))
    entries: list[dict[str, str]] = []
    header = [c.strip().lower() for c in rows[0]] if rows else []
    start = 1 if {"source", "target"} <= set(header) else 0
    cols = header if start else ["source", "target", "status"]
    for n, row in enumerate(rows[start:], start=start + 1):
        if not row or not any(c.strip() for c in row) or row[0].startswith("#"):
            continue
        if len(row) < 2:
            raise InputError("a term needs a source and a target column", name, n)
        entries.append(dict(zip(cols, row)))
    return Glossary(from_entries(entries).terms, name)


def _tbx(raw: bytes, name: str) -> Glossary:
    from lxml import etree

    try:
        root = etree.fromstring(raw, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise InputError(f"not well-formed TBX: {exc.msg}", name, exc.lineno) from None
    entries: list[dict[str, str]] = []
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    for entry in root.iter("{*}termEntry", "{*}conceptEntry"):
        src: list[str] = []
        tgts: list[tuple[str, str]] = []
        for ls in entry.iter("{*}langSet", "{*}langSec"):
            lang = (ls.get(xml_lang) or ls.get("lang") or "").lower()
            for tig in ls.iter("{*}tig", "{*}termSec", "{*}ntig"):
                term = tig.find(".//{*}term")
                if term is None or not (term.text or "").strip():
                    continue
                status = ""
                for note in tig.iter("{*}termNote", "{*}admin"):
                    if note.get("type") in ("administrativeStatus", "normativeAuthorization"):
                        status = (note.text or "").strip().lower()
                if lang.startswith("de"):
                    src.append(term.text.strip())
                elif lang.startswith("en"):
                    tgts.append((term.text.strip(), status))
        for s in src or [""]:
            for t, status in tgts:
                entries.append({"source": s, "target": t, "status": "forbidden" if status in FORBIDDEN else ""})
    return Glossary(from_entries(entries).terms, name)
