"""The engine behind ``mtclean check`` and ``mtclean fix``: one pass over the inputs that
honours each file's configuration, its inline suppressions, the severity threshold
and ``--diff-base``.

All of those act through the pipeline's ``keep`` hook, so a finding they drop is
neither reported nor fixed: ``check`` and ``fix`` always agree on what counts.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .api import rules_for
from .config import Config, effective_select, rule_matches
from .errors import MtcleanError
from .gitdiff import ChangedLines
from .io import BinaryFileError, check_encoding, collect, read_text
from .model import SEVERITY_RANK, FileResult, Finding
from .offsets import line_starts
from .pipeline import Pipeline
from .rules import RuleSet
from .runner import signature
from .settings import Settings, build_config, check_selectors, excluded, settings_for
from .stages import build_pipeline, selected
from .suppress import META_CLASS, META_RULES, UNUSED_RULE, Suppressions

# Folders a recursive search never enters (tool caches, virtual environments, VCS data);
# a file inside them is still checked when named explicitly.
SKIP_DIRS = frozenset({".git", ".hg", ".svn", ".venv", "venv", ".tox", ".nox", "node_modules", "__pycache__",
                       "site-packages", ".mypy_cache", ".pytest_cache", ".ruff_cache", "mtclean-out"})


@dataclass
class Engine:
    """Everything built once per configuration file: the Config, rules and pipeline."""

    settings: Settings
    config: Config
    rules: RuleSet
    pipeline: Pipeline
    chosen: list[tuple[str, str, str]]  # (id, class, stage) of the selected rules
    known: list[tuple[str, str]]  # every rule, with mtclean's own
    report_unused: bool  # is MTC001 selected?

    @property
    def signature(self) -> str:
        return signature(self.rules, self.config)

    def active(self) -> list[tuple[str, str]]:
        """(id, class) of the selected rules whose stage ran; a stage may report that it could
        not run (``status``, e.g. no LanguageTool server), and its rules then silenced nothing."""
        ran = {s.name for s in self.pipeline.stages if getattr(s, "status", "ran") == "ran"}
        return [(rid, cls) for rid, cls, stage in self.chosen if stage in ran]


@dataclass
class Checked:
    result: FileResult
    encoding: str
    engine: Engine


@dataclass
class Outcome:
    files: list[Checked] = field(default_factory=list)
    errors: list[MtcleanError] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)  # excluded by a glob
    notes: list[str] = field(default_factory=list)  # binary files met in a folder: skipped, not a failure

    @property
    def findings(self) -> int:
        return sum(len(c.result.findings) for c in self.files)


class Checker:
    """Checks files; ``overrides`` are the command line's values by configuration key
    (None = not given), ``config_file`` the ``--config`` file if any."""

    def __init__(
        self,
        overrides: dict[str, Any],
        config_file: Path | None = None,
        diff_base: str | None = None,
        encoding: str | None = None,
    ) -> None:
        self.overrides = overrides
        self.config_file = config_file
        self.changed = ChangedLines(diff_base) if diff_base else None
        self.encoding = check_encoding(encoding) if encoding else None
        self._settings: dict[Path, Settings] = {}
        self._engines: dict[Path | None, Engine] = {}

    def engine(self, settings: Settings) -> Engine:
        """Configuration errors (unknown keys, unknown rule ids) raise: they concern every file."""
        if settings.path in self._engines:
            return self._engines[settings.path]
        config = build_config(settings, self.overrides)
        rules = rules_for(config)
        check_selectors(settings, self.overrides, rules, list(META_RULES))
        pipeline = build_pipeline(rules, config)
        chosen = [(r.id, r.cls, r.stage) for r in selected(rules, config)]
        known = [(r.id, r.cls) for r in rules.rules] + [(rid, META_CLASS) for rid in META_RULES]
        select = effective_select(config)
        report_unused = (not select or any(rule_matches(UNUSED_RULE, META_CLASS, s) for s in select)) and not any(
            rule_matches(UNUSED_RULE, META_CLASS, s) for s in config.ignore
        )
        engine = Engine(settings, config, rules, pipeline, chosen, known, report_unused)
        self._engines[settings.path] = engine
        return engine

    def default_engine(self, paths: list[Path]) -> Engine:
        """The engine of the first input (or the current folder): names the run's signature."""
        start = paths[0] if paths else Path.cwd()
        return self.engine(settings_for(start if start.exists() else Path.cwd(), self.config_file, self._settings))

    def run(self, paths: list[Path]) -> Outcome:
        outcome = Outcome()
        files: list[Path] = []
        named = {p.absolute() for p in paths}
        for given in paths:
            found, errors = collect([given])
            outcome.errors.extend(errors)
            if _is_dir(given):
                found = [f for f in found if not SKIP_DIRS.intersection(f.relative_to(given).parts[:-1])]
            files.extend(found)
        for path in files:
            settings = settings_for(path, self.config_file, self._settings)
            engine = self.engine(settings)
            root = Path.cwd() if self.overrides.get("exclude") is not None else settings.root
            if excluded(path, engine.config.exclude, root):
                outcome.skipped.append(path)
                continue
            try:
                outcome.files.append(self.check_file(path, engine))
            except BinaryFileError as exc:
                # A binary file met in a folder is not text, not a failure; one named is an error.
                (outcome.errors.append(exc) if path.absolute() in named else outcome.notes.append(str(exc)))
            except MtcleanError as exc:
                outcome.errors.append(exc)
        return outcome

    def check_file(self, path: Path, engine: Engine) -> Checked:
        decoded = read_text(path, self.encoding)
        text = decoded.text
        changed = self.changed.for_file(path) if self.changed else None
        scope = _Scope(text, changed, engine.config.severity)
        sup = Suppressions(text)

        def keep(f: Finding, whole: str, offset: int) -> bool:
            start, end = f.start + offset, f.end + offset
            if sup.silences(f, start):
                return False
            return scope.keeps(f.severity, start, end)

        engine.pipeline.keep = keep
        try:
            result = engine.pipeline.run(text, path.as_posix())
        finally:
            engine.pipeline.keep = None
        if engine.report_unused:
            unused = sup.unused(engine.active(), engine.known)
            result.findings.extend(u for u in unused if scope.keeps(u.severity, u.start, u.end))
            result.findings.sort(key=lambda f: (f.start, f.end, f.rule))
        result.notes.append(f"encoding:{decoded.label}")
        result.notes.append(f"config:{engine.settings.label}")
        result.source = decoded  # fix writes it back in the same encoding and BOM
        return Checked(result, decoded.encoding, engine)


def _is_dir(path: Path) -> bool:
    """``Path.is_dir`` that says no, rather than raising, for a name too long or a loop."""
    try:
        return path.is_dir()
    except OSError:
        return False


class _Scope:
    """The severity threshold and the changed lines (``--diff-base``) of one file."""

    def __init__(self, text: str, changed: set[int] | None, severity: str) -> None:
        self.starts = line_starts(text)
        self.changed = changed
        self.threshold = SEVERITY_RANK[severity]

    def keeps(self, severity: str, start: int, end: int) -> bool:
        if SEVERITY_RANK.get(severity, SEVERITY_RANK["warning"]) < self.threshold:
            return False
        if self.changed is None:
            return True
        first = bisect_right(self.starts, start)
        last = bisect_right(self.starts, max(start, end - 1))
        return any(line in self.changed for line in range(first, last + 1))
