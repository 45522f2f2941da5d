"""What each rule is for, as a reviewer reads it: message, why, fix, examples.

The same documentation is embedded in report.html (for the rules a run used, so a
rule id in the report is a link that works offline) and written for every rule by
``mtclean rules doc --out DIR``. The "why" is the rule's ``description`` and the
comments its author wrote inside the rule in the YAML file: kept next to the
pattern they explain, they are read from there rather than copied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..rules import Rule, RuleSet
from ..suppress import META_RULES
from .markup import shown

FIX_TEXT = {
    "safe": "Safe fix: applied by default (English has one right rendering here).",
    "unsafe": "Unsafe fix: suggested; applied only with --unsafe-fixes or when a reviewer accepts it.",
    "none": "Flag only: no automatic fix; a reviewer decides (and may type a replacement).",
}
_RULE_START = re.compile(r"^\s*-\s+id\s*:")


@dataclass
class RuleDoc:
    id: str
    cls: str = ""
    severity: str = ""
    fix: str = "none"
    message: str = ""
    why: list[str] = field(default_factory=list)
    suggestion: str | None = None
    bad: list[tuple[str, str | None]] = field(default_factory=list)
    good: list[str] = field(default_factory=list)
    source: str = ""  # where the rule is defined

    @property
    def fix_text(self) -> str:
        return FIX_TEXT.get(self.fix, self.fix)


@lru_cache(maxsize=64)
def _file_lines(path: str) -> tuple[str, ...]:
    try:
        return tuple(Path(path).read_text(encoding="utf-8").splitlines())
    except OSError:
        return ()


def _comments(rule: Rule) -> list[str]:
    """The comment paragraphs of the rule's entry in its YAML file: the one right above
    its ``- id:`` line and those inside it (a paragraph right above the next rule is
    that rule's)."""
    lines = _file_lines(rule.path) if rule.path and rule.line else ()
    if not lines:
        return []
    above: list[str] = []
    k = rule.line - 2  # the line above the entry's first line (rule.line is 1-based)
    while k >= 0 and lines[k].strip().startswith("#") and lines[k].startswith((" ", "\t", "-")):
        above.insert(0, lines[k].strip().lstrip("#").strip())
        k -= 1
    out: list[str] = [" ".join(above)] if above else []
    current: list[str] = []
    for i in range(rule.line, len(lines)):
        line = lines[i]
        if _RULE_START.match(line):
            current = []  # right above the next rule: it is that rule's
            break
        stripped = line.strip()
        if stripped.startswith("#"):
            current.append(stripped.lstrip("#").strip())
        elif current:
            out.append(" ".join(current))
            current = []
    if current:
        out.append(" ".join(current))
    return [c for c in out if c]


def doc_for(rule: Rule) -> RuleDoc:
    why = ([rule.description] if rule.description else []) + _comments(rule)
    return RuleDoc(
        id=rule.id, cls=rule.cls, severity=rule.severity, fix=rule.fix, message=rule.message, why=why,
        suggestion=rule.suggestion,
        # Shown on one line with breaks, blanks and controls visible, as the report shows text.
        bad=[(shown(e.text), None if e.fixed is None else shown(e.fixed)) for e in rule.bad],
        good=[shown(e.text) for e in rule.good],
        source=Path(rule.path).name + (f":{rule.line}" if rule.line else "") if rule.path else "",
    )


def _builtin() -> RuleSet | None:
    from ..api import rules_for  # the default rule set, when a caller has none at hand
    from ..config import Config

    try:
        return rules_for(Config())
    except Exception:  # noqa: BLE001  (a report is still written without rule docs)
        return None


def rule_docs(ids: list[str], rules: RuleSet | None = None) -> list[RuleDoc]:
    """Docs of the named rules; a rule outside the rule set (LanguageTool's, mtclean's own
    directives) gets what is known of it."""
    if not ids:
        return []
    known = (rules or _builtin() or RuleSet([], None, "")).by_id()  # type: ignore[arg-type]
    docs = []
    for rid in ids:
        rule = known.get(rid)
        if rule is not None:
            docs.append(doc_for(rule))
        elif rid in META_RULES:
            docs.append(RuleDoc(rid, cls="meta", severity="warning", message=META_RULES[rid]))
        elif rid.startswith("LT:"):
            docs.append(RuleDoc(rid, cls="grammar", message="A LanguageTool rule; see LanguageTool's rule list.",
                                why=["Reported by LanguageTool (grammar stage); its replacements are suggestions only."]))
        else:
            docs.append(RuleDoc(rid, message="A rule outside this rule set."))
    return docs


def all_docs(rules: RuleSet) -> list[RuleDoc]:
    return [doc_for(r) for r in sorted(rules.rules, key=lambda r: r.id)]


def render_page(rules: RuleSet, version: str) -> str:
    """The standalone rules page (``mtclean rules doc``), styled like the report."""
    from .html import _asset, _env  # the report's template environment and inlined CSS

    docs = all_docs(rules)
    index: dict[str, list[str]] = {}
    for d in docs:
        index.setdefault(d.cls, []).append(d.id)
    css, css_hash = _asset("report.css")
    return _env().get_template("rules.html.j2").render(
        docs=docs, index=sorted(index.items()), version=version, digest=rules.digest, css=css,
        csp=f"default-src 'none'; style-src {css_hash}; base-uri 'none'; form-action 'none'",
    )
