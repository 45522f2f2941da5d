"""The garbage collector paused for the program's start-up comes back on."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

from mtclean import startup

PROBE = """
import gc, sys
import mtclean.stages as stages
from mtclean.entry import main
real = stages.build_stages
def probe(*a, **k):
    print("building, collector on:", gc.isenabled(), file=sys.stderr)
    out = real(*a, **k)
    print("built, collector on:", gc.isenabled(), file=sys.stderr)
    return out
stages.build_stages = probe
import mtclean.api, mtclean.checker
mtclean.api.build_pipeline.__globals__["build_stages"] = probe
sys.argv = ["mtclean"] + sys.argv[1:]
main()
"""


def test_pause_and_over_leave_a_library_process_alone() -> None:
    assert gc.isenabled()
    startup.over()  # never paused: nothing changes
    assert gc.isenabled()
    startup.pause()
    try:
        assert not gc.isenabled()
    finally:
        startup.over()
    assert gc.isenabled()
    startup.over()
    assert gc.isenabled()


def test_the_program_resumes_the_collector_once_its_pipeline_is_built(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("How the BBC reported, the results came late.\n", encoding="utf-8")
    env = {**os.environ, "MTCLEAN_CACHE_DIR": str(tmp_path / "cache")}
    out = subprocess.run(
        [sys.executable, "-c", PROBE, "check", "--grammar", "off", str(page)],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert "building, collector on: False" in out.stderr
    assert "built, collector on: True" in out.stderr


def test_commands_without_a_pipeline_resume_it_at_once(tmp_path: Path) -> None:
    code = "import gc, sys; from mtclean.entry import main; import atexit; atexit.register(lambda: print('on at exit:', gc.isenabled())); sys.argv = ['mtclean', 'rules', 'list']; main()"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert "on at exit: True" in out.stdout
