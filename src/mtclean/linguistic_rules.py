"""Load-time validation of the linguistic rule kinds (pattern, consistency, fragment).

Kept out of rules.py so that file stays the generic loader; every error here is
raised through ``fail`` and so names the rule file and line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .doc import trie_regex
from .lexicon import Lexicon
from .patterns import compile_pattern, template_names

Fail = Callable[..., Exception]
FRAGMENT_CHECKS = ("no-finite-verb", "bare-ing-predicate")
PREFER = ("first", "majority")
# After a spelling: not inside a longer word, nor an abbreviation's dot before more letters.
TAIL = r"(?![\w-]|\.\w)"


@dataclass
class Variants:
    """A consistency rule's table: groups of spellings of one entity, preferred form first."""

    groups: list[tuple[str, ...]]
    regex: re.Pattern[str]
    group_of: dict[str, int]
    prefer: str = "first"
    names: re.Pattern[str] | None = None  # fixed names holding a spelling ("Peking duck"): not a choice


def validate(rule: Any, lexicon: Lexicon, fail: Fail) -> None:
    if rule.fix != "none":
        raise fail(f"a {rule.kind} rule only flags: fix must be none")
    if rule.kind == "pattern":
        pattern = compile_pattern(rule.params.get("tokens"), lexicon, None, fail)
        template = rule.params.get("suggest_template")
        if template is not None:
            if not isinstance(template, str):
                raise fail("'suggest_template' is text with {name} slots")
            for name in template_names(template):
                if name not in pattern.names:
                    raise fail(f"'suggest_template' names {{{name}}}, which no token has")
        rule.compiled = pattern
    elif rule.kind == "consistency":
        rule.compiled = variants(rule.params.get("variants"), rule.params.get("prefer", "first"), fail)
        names = rule.params.get("names", [])
        if not (isinstance(names, list) and all(isinstance(n, str) and n.strip() for n in names)):
            raise fail("'names' is a list of fixed names that contain a spelling (\"Peking duck\")")
        if names:
            rule.compiled.names = re.compile(trie_regex(names) + r"(?![\w-])")
    elif rule.kind == "fragment":
        if rule.params.get("check") not in FRAGMENT_CHECKS:
            raise fail(f"'check' must be one of {', '.join(FRAGMENT_CHECKS)}")
        n = rule.params.get("min_words", 6)
        if not isinstance(n, int) or n < 1:
            raise fail("'min_words' is a positive whole number")


def variants(table: Any, prefer: Any, fail: Fail) -> Variants:
    if not isinstance(table, list) or not table:
        raise fail("'variants' is a list of groups, each a list of spellings with the preferred one first")
    if prefer not in PREFER:
        raise fail(f"'prefer' is one of {', '.join(PREFER)} (config 'prefer' overrides per group)")
    groups: list[tuple[str, ...]] = []
    group_of: dict[str, int] = {}
    for entry in table:
        if not (isinstance(entry, list) and len(entry) >= 2 and all(isinstance(f, str) and f.strip() for f in entry)):
            raise fail(f"a variants group is a list of two or more spellings, not {entry!r}")
        if len(set(entry)) != len(entry):
            raise fail(f"a variants group lists a spelling twice: {entry!r}")
        for form in entry:
            if form in group_of:
                raise fail(f"spelling {form!r} is in two variants groups")
            group_of[form] = len(groups)
        groups.append(tuple(entry))
    # A trie with no leading assertion scans fast; the stage checks the left boundary.
    regex = re.compile(trie_regex(list(group_of)) + TAIL)
    return Variants(groups, regex, group_of, prefer)
