"""Rules as data: loading and validating the YAML files under ``rules/``.

A rule file holds one family (``stage:`` names the pipeline stage that runs it,
``class:`` the default artifact class) and a list of rules. Each rule is one of
a small set of kinds, in the spirit of Vale's: the kind says how a rule matches,
the YAML says what it matches, what it tells the reader and how it fixes.
Every error names the file and the line, because users write these files.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import RuleError
from .lexcache import keep, parsed, recall
from .lexicon import Lexicon
from .model import CLASSES, FIX_SAFETIES, SEVERITIES
from .untrusted import no_alias_loader, read_untrusted

STAGES: tuple[str, ...] = (
    "encoding",
    "boilerplate",
    "layout",  # tokenisation and layout debris, German number and date formats
    "calque",
    "untranslated",
    "capitalization",
    "word-order",
    "consistency",
    "fragment",
    "grammar",
    "source",  # checks against the German source (source-aware mode; src/mtclean/source/)
)

# kind -> keys it accepts beyond the common ones
KINDS: dict[str, set[str]] = {
    "ftfy": {"check"},
    "whitespace": {"check"},
    "substitution": {"pattern", "replace", "where", "ignorecase", "multiline"},
    "existence": {"pattern", "where", "ignorecase", "multiline"},
    "boilerplate": {"pattern", "remove", "where", "ignorecase", "multiline"},
    "capitalization": {"check", "options"},
    "untranslated": {"check"},  # stages/untranslated.py: German words, names and sentences left in
    "consistency": {"variants", "prefer", "names"},
    "pattern": {"tokens", "suggest_template"},
    "fragment": {"check", "min_words"},
    "phrases": {"phrases"},  # a table of fixed phrases, each with its own fix and examples (phrase_table.py)
    "source": {"check", "options"},  # a check of src/mtclean/source/checks.py; examples carry `source:`
}
COMMON = {"id", "kind", "class", "message", "severity", "fix", "suggestion", "priority", "examples", "description"}
LEX_MACRO = re.compile(r"\{lex:([\w-]+)\}")
ID_FORM = re.compile(r"^[A-Z]{2,5}\d{3}$")


@dataclass
class Example:
    text: str
    fixed: str | None = None  # for bad examples of rules with a fix: the text after fixing
    line: int | None = None
    entry: str | None = None  # a phrases rule's entry the example belongs to (and must be matched by)
    source: str | None = None  # kind source: the German source the text translates (line by line)
    glossary: list[dict[str, Any]] | None = None  # kind source: term-base entries the example is checked with


@dataclass
class Rule:
    id: str
    kind: str
    cls: str
    stage: str
    message: str
    severity: str = "warning"
    fix: str = "none"
    suggestion: str | None = None
    priority: int = 0
    description: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    bad: list[Example] = field(default_factory=list)
    good: list[Example] = field(default_factory=list)
    path: str = ""
    line: int = 0
    regex: re.Pattern[str] | None = None
    compiled: Any = None  # kind-specific matcher built at load time (token pattern, variants table)

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass
class RuleSet:
    rules: list[Rule]
    lexicon: Lexicon
    digest: str

    def by_id(self) -> dict[str, Rule]:
        return {r.id: r for r in self.rules}

    def for_stage(self, stage: str) -> list[Rule]:
        return [r for r in self.rules if r.stage == stage]

    def only(self, keep: set[str]) -> RuleSet:
        return RuleSet([r for r in self.rules if r.id in keep], self.lexicon, self.digest)


@lru_cache(maxsize=1)
def _line_loader() -> type[Any]:
    """The safe loader (no aliases), recording where each mapping starts so errors can name
    a line. Built on first use (PyYAML loads only when a rule file is not in the cache)."""
    import yaml

    base = no_alias_loader()

    class LineLoader(base):  # type: ignore[misc,valid-type]
        pass

    def construct_mapping(loader: Any, node: yaml.MappingNode) -> dict[str, Any]:
        mapping = base.construct_mapping(loader, node, deep=True)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping

    LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    return LineLoader


def _parse_yaml(text: str, name: str) -> Any:
    import yaml

    try:
        return yaml.load(text, Loader=_line_loader())  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise RuleError(f"invalid YAML: {problem}", name, mark.line + 1 if mark else None) from None


def builtin_rules_dir() -> Path:
    """The rules shipped with mtclean: inside the wheel, or the repository's ``rules/``."""
    # beside this module (how a wheel installs it; importlib.resources would import
    # zipfile and more at every start only to say the same for a package on disk)
    packaged = Path(__file__).resolve().parent / "rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "rules"


def load_rules(extra_dirs: list[Path] | None = None, *, builtin: bool = True) -> RuleSet:
    dirs = ([builtin_rules_dir()] if builtin else []) + list(extra_dirs or [])
    lexicon = Lexicon()
    files: list[Path] = []
    for d in dirs:
        if not d.is_dir():
            raise RuleError("rules folder not found", str(d))
        if (d / "lexicon").is_dir():
            # A user's list adds to the built-in one of that name, unless it says it replaces it.
            lexicon.load_dir(d / "lexicon", extend=d != dirs[0] or not builtin)
        files.extend(sorted(d.glob("*.yaml")) + sorted(d.glob("*.yml")))
    rules: list[Rule] = []
    seen: dict[str, Rule] = {}
    digest = hashlib.sha256()
    user_files = {f for d in (extra_dirs or []) for f in list(d.glob("*.yaml")) + list(d.glob("*.yml"))}
    word_lists = [
        os.fsencode(lex.name) + b"\0" + read_untrusted(lex, RuleError)
        for d in dirs
        for lex in (sorted((d / "lexicon").glob("*.txt")) if (d / "lexicon").is_dir() else [])
    ]
    lexicon_key = hashlib.sha256(b"\0\0".join(word_lists)).digest()
    for path in files:
        raw = read_untrusted(path, RuleError)  # a folder, FIFO or broken link named *.yaml: one line
        digest.update(os.fsencode(path.name) + b"\0" + raw)
        guarded = path in user_files
        # The checks that only judge a rule (never change it: idempotent fixes, known source
        # checks) ran when this file, with these word lists, last loaded without error.
        seen_key = b"%d\0%s\0%s" % (guarded, lexicon_key, raw)
        checked = recall("checked", seen_key) is True
        for rule in _load_file(path, raw, lexicon, guarded=guarded, checked=checked):
            if rule.id in seen:
                raise RuleError(f"duplicate rule id {rule.id} (first at {seen[rule.id].where})", str(path), rule.line)
            seen[rule.id] = rule
            rules.append(rule)
        if not checked:
            keep("checked", seen_key, True)
    for part in word_lists:
        digest.update(part)
    return RuleSet(rules, lexicon, digest.hexdigest()[:12])


def _load_file(path: Path, raw: bytes, lexicon: Lexicon, guarded: bool = False, checked: bool = False) -> list[Rule]:
    name = str(path)
    try:
        text = raw.decode("utf-8")
        # a SafeLoader subclass; the parsed data is kept on disk by the file's hash (start-up)
        data = parsed("rules", raw, lambda: _parse_yaml(text, name))
    except UnicodeDecodeError as exc:
        raise RuleError(f"not UTF-8 ({exc.reason} at byte {exc.start})", name) from None
    if not isinstance(data, dict):
        raise RuleError("a rule file is a mapping with 'stage', 'class' and 'rules'", name, 1)
    unknown = set(data) - {"stage", "class", "rules", "description", "__line__"}
    if unknown:
        raise RuleError(f"unknown key {min(map(str, unknown))!r} at file level", name, 1)
    stage = data.get("stage")
    if not isinstance(stage, str) or stage not in STAGES:
        raise RuleError(f"'stage' must be one of {', '.join(STAGES)}, not {stage!r}", name, 1)
    default_cls = data.get("class", stage)
    entries = data.get("rules")
    if not isinstance(entries, list):
        raise RuleError("'rules' must be a list", name, data["__line__"])
    return [_rule(entry, stage, default_cls, name, lexicon, guarded, checked) for entry in entries]


def _rule(
    entry: Any, stage: str, default_cls: str, path: str, lexicon: Lexicon, guarded: bool = False, checked: bool = False
) -> Rule:
    if not isinstance(entry, dict):
        raise RuleError("each rule is a mapping", path)
    line = entry.pop("__line__", None)

    def fail(msg: str) -> RuleError:
        return RuleError(msg, path, line)

    rid = entry.get("id")
    if not isinstance(rid, str) or not ID_FORM.match(rid):
        raise fail(f"rule id must look like CAL001 (2-5 capitals, 3 digits), not {rid!r}")
    kind = entry.get("kind")
    if not isinstance(kind, str) or kind not in KINDS:
        raise fail(f"{rid}: unknown kind {kind!r} (kinds: {', '.join(KINDS)})")
    unknown = set(entry) - COMMON - KINDS[kind]
    if unknown:
        raise fail(f"{rid}: unknown key {min(map(str, unknown))!r} for kind {kind}")
    cls = entry.get("class", default_cls)
    if not isinstance(cls, str) or cls not in CLASSES:
        raise fail(f"{rid}: unknown class {cls!r} (classes: {', '.join(CLASSES)})")
    severity = entry.get("severity", "warning")
    if not isinstance(severity, str) or severity not in SEVERITIES:
        raise fail(f"{rid}: severity must be one of {', '.join(SEVERITIES)}")
    fix = entry.get("fix", "none")
    if not isinstance(fix, str) or fix not in FIX_SAFETIES:
        raise fail(f"{rid}: fix must be one of {', '.join(FIX_SAFETIES)}")
    message = entry.get("message")
    if not isinstance(message, str) or not message.strip():
        raise fail(f"{rid}: 'message' is required")
    # Wrong types are user errors too (found by benchmarks/fuzz.py): never a TypeError later.
    if not isinstance(entry.get("suggestion", ""), (str, type(None))):
        raise fail(f"{rid}: 'suggestion' must be text")
    priority = entry.get("priority", 0)
    if not isinstance(priority, int) or isinstance(priority, bool):
        raise fail(f"{rid}: 'priority' must be a whole number")
    if not isinstance(entry.get("check", ""), str):
        raise fail(f"{rid}: 'check' must be text")
    where = entry.get("where")
    if where is not None and not (
        isinstance(where, dict)
        and all(isinstance(g, str) and (isinstance(c, str) or (isinstance(c, list) and all(isinstance(x, str) for x in c)))
                for g, c in where.items() if g != "__line__")
    ):
        raise fail(f"{rid}: 'where' maps group names to a word class or a list of them")
    params = {k: v for k, v in entry.items() if k in KINDS[kind]}
    rule = Rule(
        id=rid,
        kind=kind,
        cls=cls,
        stage=stage,
        message=message.strip(),
        severity=severity,
        fix=fix,
        suggestion=entry.get("suggestion"),
        priority=priority,
        description=str(entry.get("description", "")).strip(),
        params=params,
        path=path,
        line=line or 0,
    )
    if kind in ("substitution", "existence", "boilerplate"):
        rule.regex = _compile(rule, lexicon, fail, guarded)
        for group, cls_name in (params.get("where") or {}).items():
            if group == "__line__":
                continue
            if group not in rule.regex.groupindex:
                raise fail(f"{rid}: 'where' names group {group!r}, which the pattern lacks")
            for name in [cls_name] if isinstance(cls_name, str) else cls_name:
                if not lexicon.has(name):
                    raise fail(f"{rid}: unknown word class {name!r} (have: {', '.join(lexicon.names())})")
        if kind == "substitution" and not isinstance(params.get("replace"), str):
            raise fail(f"{rid}: a substitution needs 'replace'")
        for key in ("replace", "suggestion"):
            if isinstance(entry.get(key), str):
                _check_template(rule.regex, entry[key], lambda msg, key=key: fail(f"{rid}: '{key}' {msg}"))
        if kind == "substitution" and fix == "none":
            raise fail(f"{rid}: a substitution has a fix: set fix to safe or unsafe")
        if kind == "existence" and fix != "none":
            raise fail(f"{rid}: an existence rule only flags: fix must be none")
        if kind == "boilerplate" and params.get("remove", "match") not in ("match", "line"):
            raise fail(f"{rid}: 'remove' is 'match' or 'line'")
    if stage == "source" and kind != "source":
        raise fail(f"{rid}: a file with 'stage: source' holds rules of kind source only")
    if kind == "source" and not checked:
        from .source.rules import validate as validate_source

        validate_source(rule, fail)
    if kind in ("pattern", "consistency", "fragment"):
        from .linguistic_rules import validate
        from .patterns import USER_RULES

        token = USER_RULES.set(guarded)
        try:
            validate(rule, lexicon, lambda msg, at=None: RuleError(f"{rid}: {msg}", path, at or line))
        finally:
            USER_RULES.reset(token)
    if kind == "phrases":
        from .phrase_table import validate as validate_phrases

        if "examples" in entry:
            raise fail(f"{rid}: a phrases rule's examples belong to its entries")
        validate_phrases(rule, lambda msg, at=None: RuleError(f"{rid}: {msg}", path, at or line), Example)
        return rule  # the examples are the entries' own
    _examples(rule, entry.get("examples"), fail)
    if kind == "substitution" and not checked:
        _check_idempotent(rule, lexicon)
    return rule


def _check_idempotent(rule: Rule, lexicon: Lexicon) -> None:
    """A fix whose output its own pattern matches again would grow the text each time
    ``fix`` runs (a replacement holding its match): refused when the rules load."""
    from .stages.regex_rules import expand, match_case

    where = {k: v for k, v in (rule.params.get("where") or {}).items() if k != "__line__"}

    def hits(text: str) -> list[Any]:
        out = []
        for m in rule.regex.finditer(text):
            if m.end() == m.start():
                continue
            if all(
                m.group(g) is None or all(lexicon.test(c, m.group(g)) for c in ([cls] if isinstance(cls, str) else cls))
                for g, cls in where.items()
            ):
                out.append(m)
        return out

    for ex in rule.bad:
        try:
            found = hits(ex.text)
            if not found:
                continue
            pieces, at = [], 0
            for m in found:
                pieces += [ex.text[at : m.start()], match_case(m.group(), expand(m, rule.params["replace"]))]
                at = m.end()
            fixed = "".join(pieces) + ex.text[at:]
            again = [m for m in hits(fixed) if match_case(m.group(), expand(m, rule.params["replace"])) != m.group()]
        except TimeoutError:
            continue  # a user's slow pattern: reported when it runs
        if again:
            raise RuleError(
                f"{rule.id}: the fix is not idempotent: its output {fixed!r} matches {again[0].group()!r} again "
                "(a replacement that holds its own match would grow the text on every run)",
                rule.path,
                ex.line or rule.line,
            )


def _compile(rule: Rule, lexicon: Lexicon, fail: Any, guarded: bool = False) -> re.Pattern[str]:
    pattern = rule.params.get("pattern")
    if not isinstance(pattern, str) or not pattern:
        raise fail(f"{rule.id}: 'pattern' (a regular expression) is required")
    try:
        expanded = LEX_MACRO.sub(lambda m: lexicon.alternation(m.group(1), rule.where), pattern)
    except RuleError as exc:
        raise fail(f"{rule.id}: {exc.message}") from None
    flags = re.IGNORECASE if rule.params.get("ignorecase") else 0
    flags |= re.MULTILINE
    if guarded:
        # A user's rule may backtrack without end on some text; the regex module can stop
        # a match after a time limit (see stages/regex_rules.py), re cannot.
        from .guarded import compile_guarded

        return compile_guarded(expanded, flags, lambda exc: fail(f"{rule.id}: bad pattern: {str(exc).splitlines()[0]}"))
    try:
        return re.compile(expanded, flags)
    except re.error as exc:
        raise fail(f"{rule.id}: bad pattern: {exc}") from None


def _check_template(pattern: Any, template: str, fail: Any) -> None:
    """A replacement names only groups the pattern has and ends in no lone backslash.

    Checked with ``re``'s own template parser on a stand-in pattern with the same
    groups (a user's pattern is compiled by ``regex``, which would accept a bad
    template and write it into the text literally).
    """
    names = {i: n for n, i in pattern.groupindex.items()}
    stand_in = "".join(f"(?P<{names[i]}>)" if i in names else "()" for i in range(1, pattern.groups + 1))
    try:
        re.compile(stand_in).sub(template, "")
    except (re.error, IndexError) as exc:
        msg = str(exc).split(" at position")[0]
        if "bad escape (end of pattern)" in msg:
            msg = "ends in a lone backslash (write \\\\ for one)"
        elif "unknown group name" in msg or "invalid group reference" in msg:
            msg = f"{msg}, which the pattern lacks"
        raise fail(f"is not a valid replacement: {msg}") from None


def _examples(rule: Rule, examples: Any, fail: Any) -> None:
    if not isinstance(examples, dict):
        raise fail(f"{rule.id}: 'examples' with 'bad' and 'good' lists is required")
    for key, target in (("bad", rule.bad), ("good", rule.good)):
        items = examples.get(key)
        if not isinstance(items, list) or len(items) < 2:
            raise fail(f"{rule.id}: at least two '{key}' examples are required")
        for item in items:
            if isinstance(item, str):
                target.append(Example(item, line=rule.line))
            elif isinstance(item, dict) and isinstance(item.get("text"), str):
                fixed = item.get("fixed")
                if fixed is not None and not isinstance(fixed, str):
                    raise fail(f"{rule.id}: 'fixed' must be text")
                src = item.get("source")
                if src is not None and not isinstance(src, str):
                    raise fail(f"{rule.id}: 'source' must be text")
                terms = item.get("glossary")
                if terms is not None and not (isinstance(terms, list) and all(isinstance(t, dict) for t in terms)):
                    raise fail(f"{rule.id}: 'glossary' is a list of mappings (source, target, status)")
                line = item.get("__line__", rule.line)
                target.append(Example(item["text"], fixed, line, source=src, glossary=terms))
            else:
                raise fail(f"{rule.id}: a {key} example is a text or a mapping with 'text'")
    if rule.kind == "source" and any(ex.source is None for ex in rule.bad + rule.good):
        raise fail(f"{rule.id}: every example of a source rule needs 'source' (the German it translates)")
    if rule.fix != "none" and rule.kind not in ("ftfy",):
        missing = [ex for ex in rule.bad if ex.fixed is None]
        if missing:
            raise RuleError(f"{rule.id}: a bad example of a rule with a fix needs 'fixed'", rule.path, missing[0].line)
