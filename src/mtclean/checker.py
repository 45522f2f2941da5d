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
from .config import Config
from .errors import MtcleanError
from .formats import is_bitext
from .gitdiff import ChangedLines
from .io import BinaryFileError, Decoded, check_encoding, collect, decode, read_text
from .model import SEVERITY_RANK, FileResult, Finding
from .offsets import line_starts
from .pipeline import Pipeline
from .rules import RuleSet
from .settings import Settings, build_config, check_selectors, excluded, settings_for
from .stages import build_pipeline
from .suppress import META_RULES

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

    @property
    def signature(self) -> str:
        from .runner import signature  # the run command's module: loaded only when asked for

        return signature(self.rules, self.config)


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

    def failing(self, unfixed: bool = False) -> int:
        """Findings at or above their file's ``severity`` threshold (with ``unfixed``: only those
        whose fix was not applied): what makes ``check`` and ``fix`` exit 1."""
        return sum(
            reaches(f, c.engine.config.severity) and not (unfixed and f.applied)
            for c in self.files
            for f in c.result.findings
        )


def reaches(finding: Finding, threshold: str) -> bool:
    return SEVERITY_RANK.get(finding.severity, SEVERITY_RANK["warning"]) >= SEVERITY_RANK[threshold]


class Checker:
    """Checks files; ``overrides`` are the command line's values by configuration key
    (None = not given), ``config_file`` the ``--config`` file if any."""

    def __init__(
        self,
        overrides: dict[str, Any],
        config_file: Path | None = None,
        diff_base: str | None = None,
        encoding: str | None = None,
        source: Path | None = None,
        columns: tuple[int, int] | None = None,
        grammar: tuple[str | None, str | None] = (None, None),
        start_grammar: bool = False,
    ) -> None:
        self.overrides = overrides
        # check/fix run per commit (pre-commit): their ``auto`` uses a LanguageTool server that
        # is already there, never starts a JVM of its own (~20 s); ``run`` does.
        self.start_grammar = start_grammar
        self.source = source  # --source: the targets are checked against it (source-aware mode)
        self.columns = columns
        self.grammar = grammar  # (--languagetool-url, --grammar)
        self.config_file = config_file
        self.changed = ChangedLines(diff_base) if diff_base else None
        self.encoding = check_encoding(encoding) if encoding else None
        self._settings: dict[Path, Settings] = {}
        self._folders: dict[Path, Path | None] = {}  # each folder's nearest configuration file
        self._engines: dict[Path | None, Engine] = {}

    def engine(self, settings: Settings) -> Engine:
        """Configuration errors (unknown keys, unknown rule ids) raise: they concern every file."""
        if settings.path in self._engines:
            return self._engines[settings.path]
        config = build_config(settings, self.overrides)
        url, mode = self.grammar
        if url:
            config.grammar.url, config.grammar.mode = url, mode or "server"
        elif mode:
            config.grammar.mode = mode
        config.grammar.auto_start = self.start_grammar
        rules = rules_for(config)
        check_selectors(settings, self.overrides, rules, list(META_RULES))
        engine = Engine(settings, config, rules, build_pipeline(rules, config))
        self._engines[settings.path] = engine
        return engine

    def default_engine(self, paths: list[Path]) -> Engine:
        """The engine of the first input (or the current folder): names the run's signature."""
        start = paths[0] if paths else Path.cwd()
        return self.engine(settings_for(start if _exists(start) else Path.cwd(), self.config_file, self._settings, self._folders))

    def engine_for(self, path: Path) -> Engine | None:
        """The engine of the configuration that applies to ``path``; None when it excludes the file."""
        settings = settings_for(path, self.config_file, self._settings, self._folders)
        engine = self.engine(settings)
        root = Path.cwd() if self.overrides.get("exclude") is not None else settings.root
        return None if excluded(path, engine.config.exclude, root) else engine

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
            engine = self.engine_for(path)
            if engine is None:
                outcome.skipped.append(path)
                continue
            try:
                outcome.files.append(self.check_file(path, engine))
            except BinaryFileError as exc:
                # A binary file met in a folder is not text, not a failure; one named is an error.
                (outcome.errors.append(exc) if path.absolute() in named else outcome.notes.append(str(exc)))
            except MtcleanError as exc:
                if str(exc) not in {str(e) for e in outcome.errors}:  # a bad --diff-base: once, not per file
                    outcome.errors.append(exc)
        return outcome

    def run_stdin(self, data: bytes, name: str) -> Outcome:
        """Check text read from stdin as if it were the file ``name`` (its configuration, its format)."""
        outcome = Outcome()
        path = Path(name)
        engine = self.engine_for(path if name != "-" else Path.cwd() / "-")
        if engine is None:
            outcome.skipped.append(path)
            return outcome
        saved, self.changed = self.changed, None  # stdin has no git history
        try:
            outcome.files.append(self.check_file(path, engine, decode(data, name, self.encoding)))
        except MtcleanError as exc:
            outcome.errors.append(exc)
        finally:
            self.changed = saved
        return outcome

    def check_file(self, path: Path, engine: Engine, decoded: Decoded | None = None) -> Checked:
        """Inline directives and protected ranges act inside the pipeline (as for ``run``);
        the checker adds only ``--diff-base``'s changed lines."""
        decoded = decoded or read_text(path, self.encoding)
        if self.source is not None or self.columns is not None or is_bitext(path):
            return self._check_bitext(path, engine)
        text = decoded.text
        changed = self.changed.for_file(path) if self.changed else None
        if changed is not None:
            scope = _Lines(text, changed)
            engine.pipeline.keep = lambda f, whole, offset: scope.keeps(f.start + offset, f.end + offset)
        try:
            result = engine.pipeline.run(text, path.as_posix())
        finally:
            engine.pipeline.keep = None
        result.notes.append(f"encoding:{decoded.label}")
        result.notes.append(f"config:{engine.settings.label}")
        result.source = decoded  # fix writes it back in the same encoding and BOM
        return Checked(result, decoded.encoding, engine)


    def _check_bitext(self, path: Path, engine: Engine) -> Checked:
        """XLIFF, TMX, PO, TSV or a target with --source: source-aware, as ``run`` checks it."""
        from .source.check import check_bitext

        changed = self.changed.for_file(path) if self.changed else None
        text = read_text(path, self.encoding).text
        lines = _Lines(text, changed) if changed is not None else None

        def keep(severity: str, start: int, end: int) -> bool:
            return lines is None or lines.keeps(start, end)

        result = check_bitext(path, engine.pipeline, engine.rules, engine.config, source=self.source,
                              columns=self.columns, encoding=self.encoding, keep=keep)
        return Checked(result, getattr(result.source, "encoding", "utf-8"), engine)


def _exists(path: Path) -> bool:
    """``Path.exists`` that says no, rather than raising, for a name too long or a loop."""
    try:
        return path.exists()
    except OSError:
        return False


def _is_dir(path: Path) -> bool:
    """``Path.is_dir`` that says no, rather than raising, for a name too long or a loop."""
    try:
        return path.is_dir()
    except OSError:
        return False


class _Lines:
    """The lines ``--diff-base`` says changed, in one file."""

    def __init__(self, text: str, changed: set[int]) -> None:
        self.starts = line_starts(text)
        self.changed = changed

    def keeps(self, start: int, end: int) -> bool:
        first = bisect_right(self.starts, start)
        last = bisect_right(self.starts, max(start, end - 1))
        return any(line in self.changed for line in range(first, last + 1))
