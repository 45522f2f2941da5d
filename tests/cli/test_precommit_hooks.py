"""Acceptance 1: the hooks in .pre-commit-hooks.yaml, run by the real pre-commit in a
throw-away git repository that points at this repository's committed HEAD.

pre-commit pip-installs mtclean into a virtualenv of its own the first time; the
PRE_COMMIT_HOME is shared by the session so that happens once.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BAD = "The Ukraine rejects the plan.\nHow the BBC reported, talks resume today.\n"
BAD_FIXED = "Ukraine rejects the plan.\nAs the BBC reported, talks resume today.\n"
CLEAN = "# Notes\n\nThe committee met on Tuesday and approved the budget.\n"


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


def test_hooks_fail_fix_and_pass_in_a_real_pre_commit_run(tmp_path: Path, precommit_home: Path) -> None:
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    if head.returncode != 0:
        pytest.skip("not a git checkout: pre-commit needs a commit to install the hooks from")
    shown = subprocess.run(["git", "cat-file", "-e", "HEAD:.pre-commit-hooks.yaml"], cwd=ROOT)
    assert shown.returncode == 0, ".pre-commit-hooks.yaml must be committed for pre-commit to find it"
    env = _env(precommit_home)
    repo = tmp_path / "docs"
    repo.mkdir()
    git = ["git", "-c", "init.defaultBranch=main"]
    assert _run([*git, "init", "-q"], repo, env).returncode == 0
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {ROOT}\n  rev: {head.stdout.strip()}\n  hooks:\n  - id: mtclean\n  - id: mtclean-fix\n",
        encoding="utf-8",
    )
    assert _run([*git, "add", ".pre-commit-config.yaml"], repo, env).returncode == 0
    assert _run([*git, "commit", "-q", "-m", "config"], repo, env).returncode == 0
    installed = _run([sys.executable, "-m", "pre_commit", "install"], repo, env)
    assert installed.returncode == 0, installed.stdout + installed.stderr

    # A clean Markdown file: both hooks pass and the commit goes through.
    (repo / "notes.md").write_text(CLEAN, encoding="utf-8")
    _run([*git, "add", "notes.md"], repo, env)
    clean = _run([*git, "commit", "-m", "clean notes"], repo, env)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    out = clean.stdout + clean.stderr
    assert "mtclean (machine-translation artifacts)" in out and "Failed" not in out

    # A file with artifacts: `mtclean` fails on it, `mtclean-fix` rewrites it, no commit.
    (repo / "article.txt").write_text(BAD, encoding="utf-8")
    _run([*git, "add", "article.txt"], repo, env)
    bad = _run([*git, "commit", "-m", "article"], repo, env)
    out = bad.stdout + bad.stderr
    assert "- hook id: mtclean\n- exit code: 1\n" in out
    assert "- hook id: mtclean-fix\n- exit code: 1\n- files were modified by this hook" in out
    assert bad.returncode != 0, out
    assert "article.txt:1:1: CAL002" in out and "article.txt:2:1: CAL003" in out
    assert "mtclean-fix (apply safe fixes)" in out and "files were modified by this hook" in out
    assert (repo / "article.txt").read_text(encoding="utf-8") == BAD_FIXED
    log = _run([*git, "log", "--format=%s"], repo, env).stdout.split()
    assert "article" not in log

    # The fixed file now passes both hooks and is committed as fixed.
    _run([*git, "add", "article.txt"], repo, env)
    again = _run([*git, "commit", "-m", "article"], repo, env)
    assert again.returncode == 0, again.stdout + again.stderr
    committed = _run([*git, "show", "HEAD:article.txt"], repo, env).stdout
    assert committed == BAD_FIXED
