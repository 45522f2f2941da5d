"""Acceptance 2 of issue 16: the README's pre-commit snippets, copied out of README.md as
printed, run under the real pre-commit in a throw-away git repository.

The ``repo: local`` recipe is used verbatim (mtclean on PATH, as after the README's
set-up). The pinned recipe is used with its two placeholders replaced: the clone's
path (this checkout) and a real commit of it (HEAD), from which pre-commit
pip-installs mtclean into a virtualenv of its own; PRE_COMMIT_HOME is shared by the
session so that happens once.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parents[2]
BAD = "The Ukraine rejects the plan.\nHow the BBC reported, talks resume today.\n"
BAD_FIXED = "Ukraine rejects the plan.\nAs the BBC reported, talks resume today.\n"
CLEAN = "# Notes\n\nThe committee met on Tuesday and approved the budget.\n"
INFO_ONLY = "It is not improbable that prices will rise.\n"  # CAL008: info, never fails
UNSAFE = "Talks resumed against the background of the strikes.\n"  # CAL009: warning, no safe fix
CODE = "# Install\n\n```sh\n# How the BBC reported, the Ukraine\nrem Above opens the file\n```\n"


def readme_snippets() -> list[str]:
    """The YAML code blocks of README.md's pre-commit section, as printed."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("### pre-commit\n") :]
    section = section[: section.index("\n## ", 1)] if "\n## " in section else section
    return [t.content for t in MarkdownIt("commonmark").parse(section) if t.type == "fence" and t.info == "yaml"]


@pytest.fixture(scope="session")
def precommit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE")}
    env.update(
        PRE_COMMIT_HOME=str(home),
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.org",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.org",
        GIT_CONFIG_GLOBAL=os.devnull,
        PRE_COMMIT_COLOR="never",
    )
    return env


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=1200)


GIT = ["git", "-c", "init.defaultBranch=main"]


def _repo_with(config: str, tmp_path: Path, env: dict[str, str]) -> Path:
    repo = tmp_path / "docs"
    repo.mkdir()
    assert _run([*GIT, "init", "-q"], repo, env).returncode == 0
    (repo / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    assert _run([*GIT, "add", ".pre-commit-config.yaml"], repo, env).returncode == 0
    assert _run([*GIT, "commit", "-q", "-m", "config"], repo, env).returncode == 0
    installed = _run([sys.executable, "-m", "pre_commit", "install"], repo, env)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return repo


def _commit(repo: Path, env: dict[str, str], name: str, text: str) -> subprocess.CompletedProcess[str]:
    (repo / name).write_text(text, encoding="utf-8")
    _run([*GIT, "add", name], repo, env)
    return _run([*GIT, "commit", "-m", name], repo, env)


def _committed(repo: Path, env: dict[str, str]) -> list[str]:
    return _run([*GIT, "log", "--format=%s"], repo, env).stdout.split()


def _exercise(repo: Path, env: dict[str, str]) -> None:
    """The same story for either recipe: clean, info-only, code and fixable files pass
    (the fixable one after the fix hook rewrote it); an artifact without a safe fix fails."""
    clean = _commit(repo, env, "notes.md", CLEAN)
    out = clean.stdout + clean.stderr
    assert clean.returncode == 0, out
    assert "Failed" not in out and "mtclean check" in out

    info = _commit(repo, env, "prices.txt", INFO_ONLY)  # shown, never fails
    assert info.returncode == 0, info.stdout + info.stderr

    code = _commit(repo, env, "install.md", CODE)  # artifacts inside a code block are not prose
    assert code.returncode == 0, code.stdout + code.stderr
    assert (repo / "install.md").read_text(encoding="utf-8") == CODE

    bad = _commit(repo, env, "article.txt", BAD)
    out = bad.stdout + bad.stderr
    assert bad.returncode != 0 and "article.txt" not in _committed(repo, env), out
    assert "- hook id: mtclean-fix\n- files were modified by this hook" in out
    assert (repo / "article.txt").read_text(encoding="utf-8") == BAD_FIXED
    again = _run([*GIT, "commit", "-am", "article.txt"], repo, env)
    assert again.returncode == 0, again.stdout + again.stderr
    assert _run([*GIT, "show", "HEAD:article.txt"], repo, env).stdout == BAD_FIXED

    unsafe = _commit(repo, env, "talks.txt", UNSAFE)
    out = unsafe.stdout + unsafe.stderr
    assert unsafe.returncode != 0, out
    assert "- hook id: mtclean-fix\n- exit code: 1\n" in out and "- hook id: mtclean\n- exit code: 1\n" in out
    assert "talks.txt:1:15: CAL009 warning:" in out
    assert '= unsafe fix: "against the background of" → "amid"' in out
    assert (repo / "talks.txt").read_text(encoding="utf-8") == UNSAFE


def test_readme_local_recipe_verbatim(tmp_path: Path, precommit_home: Path) -> None:
    local = [s for s in readme_snippets() if "repo: local" in s]
    assert len(local) == 1, "README's pre-commit section has one `repo: local` recipe"
    env = _env(precommit_home)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"  # where the set-up installs mtclean
    repo = _repo_with(local[0], tmp_path, env)
    _exercise(repo, env)


def test_readme_pinned_recipe_with_a_real_commit(tmp_path: Path, precommit_home: Path) -> None:
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    if head.returncode != 0:
        pytest.skip("not a git checkout: pre-commit needs a commit to install the hooks from")
    shown = subprocess.run(["git", "cat-file", "-e", "HEAD:.pre-commit-hooks.yaml"], cwd=ROOT)
    assert shown.returncode == 0, ".pre-commit-hooks.yaml must be committed for pre-commit to find it"
    pinned = [s for s in readme_snippets() if "rev:" in s]
    assert len(pinned) == 1 and "/path/to/mtclean" in pinned[0]
    placeholder = pinned[0].split("rev:")[1].split()[0]
    config = pinned[0].replace("/path/to/mtclean", str(ROOT)).replace(placeholder, head.stdout.strip())
    env = _env(precommit_home)
    repo = _repo_with(config, tmp_path, env)
    _exercise(repo, env)
