"""Project configuration: ``[tool.mtclean]`` in ``pyproject.toml`` or ``.mtclean.yaml``.

A team keeps its choices next to its documents, so the file that applies to an
input is the nearest one found walking up from that input's folder (in each
folder ``.mtclean.yaml`` wins over ``pyproject.toml``; a ``pyproject.toml``
without a ``[tool.mtclean]`` table does not count). Command-line options replace
the file's value for the same key. Every mistake in the file is an error that
names the file and the key, because a misspelt key silently ignored is a check
silently not run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import Config
from .errors import MtcleanError
from .model import CLASSES, SEVERITIES
from .rules import RuleSet
from .untrusted import no_alias_loader, read_untrusted

YAML_NAMES = (".mtclean.yaml", ".mtclean.yml")
LANG_PAIR = re.compile(r"^([a-z]{2,3})-([a-z]{2,3})$")

# key -> (kind, Config field); kinds: "list" of strings, "bool", "severity", "pair", "paths"
KEYS: dict[str, str] = {
    "select": "list",
    "ignore": "list",
    "extend-select": "list",
    "severity": "severity",
    "unsafe-fixes": "bool",
    "rules": "paths",
    "exclude": "list",
    "language-pair": "pair",
    "lines": "bool",
}
SELECTOR_KEYS = ("select", "ignore", "extend-select")


class ConfigError(MtcleanError):
    """A configuration file (or option) that cannot be used as written."""


@dataclass
class Settings:
    """The validated contents of one configuration file (``path`` None: no file found)."""

    path: Path | None
    values: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # key -> line in the file (YAML only)

    @property
    def root(self) -> Path:
        """Where relative paths in the file (``rules``, ``exclude``) start: the file's folder."""
        return self.path.parent if self.path else Path.cwd()

    @property
    def label(self) -> str:
        return str(self.path) if self.path else "<defaults>"

    def error(self, key: str, message: str) -> ConfigError:
        """An error naming the file, the key and (YAML) its line."""
        assert self.path is not None
        where = "[tool.mtclean] " if self.path.name == "pyproject.toml" else ""
        return ConfigError(f"{where}{key}: {message}", str(self.path), self.lines.get(key))


def find_config(start: Path, known: dict[Path, Path | None] | None = None) -> Path | None:
    """The nearest configuration file at or above ``start`` (a file or a folder).

    ``known`` (a run's: its files do not change under it) keeps each folder's answer, so
    the files of one folder do not each climb to the root again and parse the same
    ``pyproject.toml`` that has no ``[tool.mtclean]`` table (a quarter of a second over a
    hundred files in a Python project)."""
    folder = (start if start.is_dir() else start.parent).resolve()
    climbed: list[Path] = []
    found: Path | None = None
    for d in [folder, *folder.parents]:
        if known is not None and d in known:
            found = known[d]
            break
        climbed.append(d)
        found = _config_in(d)
        if found is not None:
            break
    if known is not None:
        known.update(dict.fromkeys(climbed, found))
    return found


def _config_in(folder: Path) -> Path | None:
    for name in YAML_NAMES:
        if (folder / name).is_file():
            return folder / name
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file() and _has_table(pyproject):
        return pyproject
    return None


def _has_table(pyproject: Path) -> bool:
    import tomllib

    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"not valid TOML: {exc}", str(pyproject)) from None
    except (UnicodeDecodeError, OSError) as exc:
        raise ConfigError(f"cannot read: {exc}", str(pyproject)) from None
    return isinstance(data.get("tool"), dict) and "mtclean" in data["tool"]


def load_settings(path: Path) -> Settings:
    """Read and check one configuration file (types and known keys; rule ids need the rule set)."""
    try:
        text = read_untrusted(path, ConfigError).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not UTF-8 ({exc.reason} at byte {exc.start})", str(path)) from None
    lines: dict[str, int] = {}
    if path.name == "pyproject.toml":
        import tomllib

        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"not valid TOML: {exc}", str(path)) from None
        raw = data.get("tool", {}).get("mtclean", {})
        if not isinstance(raw, dict):
            raise ConfigError("[tool.mtclean] must be a table", str(path))
    else:
        import yaml

        try:
            node = yaml.compose(text, Loader=no_alias_loader())
            raw = yaml.load(text, Loader=no_alias_loader())  # noqa: S506 - a SafeLoader that refuses aliases
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark is not None else None
            raise ConfigError(f"not valid YAML: {getattr(exc, 'problem', None) or exc}", str(path), line) from None
        if raw is None:  # an empty file (or only comments): no settings, but it is the project's file
            raw = {}
        elif not isinstance(raw, dict) or not isinstance(node, yaml.MappingNode):
            raise ConfigError("must be a mapping of settings (key: value)", str(path), 1)
        else:
            lines = {str(k.value): k.start_mark.line + 1 for k, _ in node.value}
    settings = Settings(path, {}, lines)
    for key, value in raw.items():
        kind = KEYS.get(str(key))
        if kind is None:
            close = _close_matches(str(key).replace("_", "-"), KEYS, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else f" (known keys: {', '.join(KEYS)})"
            raise settings.error(str(key), f"unknown key{hint}")
        settings.values[key] = _check_value(settings, key, kind, value)
    return settings


def _check_value(settings: Settings, key: str, kind: str, value: Any) -> Any:
    if kind in ("list", "paths"):
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise settings.error(key, "must be a list of strings")
        if kind == "paths":
            folders = [(settings.root / v).resolve() for v in value]
            for given, folder in zip(value, folders):
                if not folder.is_dir():
                    raise settings.error(key, f"rules folder not found: {given!r} (relative to this file)")
            return folders
        return list(value)
    if kind == "bool":
        if not isinstance(value, bool):
            raise settings.error(key, f"must be true or false, not {value!r}")
        return value
    if kind == "severity":
        if value not in SEVERITIES:
            raise settings.error(key, f"must be one of {', '.join(SEVERITIES)}, not {value!r}")
        return value
    if kind == "pair":
        m = LANG_PAIR.match(value) if isinstance(value, str) else None
        if m is None:
            raise settings.error(key, f"must look like 'de-en' (source-target), not {value!r}")
        if m.group(2) != "en":
            raise settings.error(key, f"mtclean cleans English text: the target must be 'en', not {m.group(2)!r}")
        return (m.group(1), m.group(2))
    raise AssertionError(kind)


def settings_for(
    path: Path,
    explicit: Path | None = None,
    cache: dict[Path, Settings] | None = None,
    folders: dict[Path, Path | None] | None = None,
) -> Settings:
    """The settings that apply to ``path``: the ``--config`` file if given, else the nearest
    file. ``cache`` and ``folders`` (a run's) keep files read and folders' answers."""
    found = explicit.resolve() if explicit else find_config(path, folders)
    if found is None:
        return Settings(None)
    if cache is not None and found in cache:
        return cache[found]
    if explicit and not found.is_file():
        raise ConfigError("configuration file not found", str(explicit))
    settings = load_settings(found)
    if cache is not None:
        cache[found] = settings
    return settings


def build_config(settings: Settings, overrides: dict[str, Any]) -> Config:
    """The run's Config: the file's values, each replaced by the command line's when given.

    ``overrides`` uses the file's key names; a value of None means "not given".
    """
    values = dict(settings.values)
    values.update({k: v for k, v in overrides.items() if v is not None})
    source, target = values.get("language-pair", ("de", "en"))
    return Config(
        unsafe_fixes=bool(values.get("unsafe-fixes", False)),
        lines=bool(values.get("lines", False)),
        rules_dirs=list(values.get("rules", [])),
        select=list(values.get("select", [])),
        ignore=list(values.get("ignore", [])),
        extend_select=list(values.get("extend-select", [])),
        severity=values.get("severity", "warning"),
        exclude=list(values.get("exclude", [])),
        source_language=source,
        target_language=target,
    )


def known_selector(selector: str, rule_ids: list[str]) -> bool:
    """A selector names a class, a rule id, a prefix of at least one rule id, or a LanguageTool
    rule (``LT:…``: its ids are LanguageTool's, not known before it answers)."""
    return selector in CLASSES or selector.startswith("LT:") or any(rid.startswith(selector) for rid in rule_ids)


def check_selectors(settings: Settings, overrides: dict[str, Any], rules: RuleSet, extra_ids: list[str]) -> None:
    """Unknown rule ids are errors: the command line's name the option, the file's the file and key."""
    ids = [r.id for r in rules.rules] + list(extra_ids)
    for key in SELECTOR_KEYS:
        given = overrides.get(key)
        source = given if given is not None else settings.values.get(key, [])
        for sel in source:
            if known_selector(sel, ids):
                continue
            close = _close_matches(sel, ids + list(CLASSES), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            message = f"unknown rule id, prefix or class {sel!r}{hint}"
            if given is not None:
                raise ConfigError(message, f"--{key}")
            raise settings.error(key, message)


def _glob_regex(pattern: str) -> re.Pattern[str]:
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


def excluded(path: Path, patterns: list[str], root: Path) -> bool:
    """Gitignore-like globs: a pattern with a ``/`` is matched against the path relative to
    ``root`` (``**`` spans folders), one without against each name; a matching folder
    excludes everything below it."""
    if not patterns:
        return False
    try:
        rel = path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    parts = rel.parts
    for pattern in patterns:
        pat = pattern.strip("/")
        rx = _glob_regex(pat)
        if "/" in pat:
            if any(rx.match("/".join(parts[:i])) for i in range(1, len(parts) + 1)):
                return True
        elif any(rx.match(name) for name in parts):
            return True
    return False


def _close_matches(word: str, choices: list[str], n: int) -> list[str]:
    import difflib  # only for an error message's "did you mean"

    return difflib.get_close_matches(word, choices, n=n)
