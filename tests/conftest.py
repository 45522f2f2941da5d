from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import inprocess
import pytest

from mtclean import lt_install

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MTCLEAN_SHARED", ROOT.parent / "shared"))
SEED = ROOT / "seeds" / "000_7812e24d0ad2b208.txt"

# The LanguageTool `mtclean languagetool install` put in the user cache is for the grammar
# tests against the real server (tests/stages/test_grammar_real.py) only: every other test,
# and every `mtclean` they start, runs as on a machine without it, so that no other test's
# findings depend on what is installed here (and no test starts a Java server by accident).
# pytest-xdist's workers inherit this process's environment, so the real location travels to
# them in a variable of its own (a worker's lt_install.home() already names the empty folder).
os.environ.setdefault("MTCLEAN_TESTS_REAL_LANGUAGETOOL_HOME", str(lt_install.home()))
REAL_LT_HOME = Path(os.environ["MTCLEAN_TESTS_REAL_LANGUAGETOOL_HOME"])
os.environ["MTCLEAN_LANGUAGETOOL_HOME"] = tempfile.mkdtemp(prefix="mtclean-tests-no-lt-")


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"shared data not found at {SHARED} (set MTCLEAN_SHARED)")
    return SHARED


def mtclean(*args: str, cwd: Path | None = None, input: str | None = None) -> subprocess.CompletedProcess[str]:
    """The command line's entry point with these arguments, run inside the test process
    (tests/inprocess.py says why and what it keeps as a process would have it)."""
    return inprocess.run(args, cwd or ROOT, input=input)


def mtclean_process(*args: str, cwd: Path | None = None, input: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed command line as a user would, in a process of its own."""
    return subprocess.run(
        [sys.executable, "-m", "mtclean", *args], cwd=cwd or ROOT, capture_output=True, text=True, input=input
    )


@pytest.fixture(scope="session")
def seed_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seedrun") / "out"
    proc = mtclean("run", "seeds/", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    return out


# The longest tests start first: pytest-xdist hands tests out in collection order, and a
# half-minute test picked up last would keep one worker busy while the others have ended.
# (Only the order changes; the LanguageTool group is scheduled first by xdist itself.)
SLOW_FIRST = (
    "stages/test_grammar_real.py::",  # one worker: its LanguageTool server's start, then every test of it
    "cli/test_precommit_hooks.py::",
    "cli/test_score_cmd.py::test_scores_and_signatures_equal_the_sacrebleu_command_line",
    "stages/test_phrases.py::test_matching_equals_a_regex_per_entry_on_wmt21",
    "hostile/test_audit_errors.py::test_cleaned_copies_of_large_files_get_the_usual_mode",
    "cli/test_workflow.py::test_grammar_selection_is_the_same_in_every_verb",
    "hostile/test_roundtrip.py::",
    "hostile/test_reports.py::test_json_report_is_valid_for_any_text",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        nodeid = item.nodeid.removeprefix("tests/")
        return next((i for i, slow in enumerate(SLOW_FIRST) if nodeid.startswith(slow)), len(SLOW_FIRST))

    items.sort(key=rank)  # stable: every other test keeps its place


# Test files whose tests all run on one pytest-xdist worker, so that their session fixture
# (the real LanguageTool server, ~10 s of JVM start and a gigabyte of heap) exists once.
# pytest-xdist's own `xdist_group` mark (also set in that file) does not take effect with
# pytest 9.2, which no longer lets xdist rename the tests; this scheduler groups by file.
ONE_WORKER = ("tests/stages/test_grammar_real.py::",)


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist: unknown when it is not loaded
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    from xdist.scheduler import LoadScopeScheduling

    class Grouped(LoadScopeScheduling):
        """Every test is a unit of its own (as ``--dist load``), except the grouped files'."""

        def _split_scope(self, nodeid: str) -> str:
            return next((group for group in ONE_WORKER if nodeid.startswith(group)), nodeid)

    return Grouped(config, log)
