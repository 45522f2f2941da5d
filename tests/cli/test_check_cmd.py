"""``mtclean check``: exit codes, output formats, configuration files and their precedence,
select/ignore, inline suppressions and --diff-base, all through the command line."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from clihelp import mtclean

BAD = "The Ukraine rejects the plan.\n"  # CAL002, safe fix, warning
CALQUE3 = "How the BBC reported, talks resume today.\n"  # CAL003, safe fix, warning
LITOTES = "It is not improbable that prices will rise.\n"  # CAL008, info, no fix
CLEAN = "The committee met on Tuesday and approved the budget.\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def rules_of(proc: subprocess.CompletedProcess[str]) -> list[str]:
    """Rule ids in check's JSON output, in order."""
    assert proc.returncode in (0, 1), proc.stderr
    return [f["rule"] for fr in json.loads(proc.stdout)["files"] for f in fr["findings"]]


def check_json(*args: str, cwd: Path) -> list[str]:
    return rules_of(mtclean("check", "--output-format", "json", *args, cwd=cwd))


# --- exit codes ---------------------------------------------------------------------------------


def test_exit_codes(tmp_path: Path) -> None:
    write(tmp_path / "bad.txt", BAD)
    write(tmp_path / "clean.txt", CLEAN)
    clean = mtclean("check", "clean.txt", cwd=tmp_path)
    assert clean.returncode == 0 and "no findings" in clean.stdout
    bad = mtclean("check", "bad.txt", "clean.txt", cwd=tmp_path)
    assert bad.returncode == 1
    assert "bad.txt:1:1: CAL002 [*] warning:" in bad.stdout
    assert mtclean("check", "--exit-zero", "bad.txt", cwd=tmp_path).returncode == 0
    # Input errors: exit 2 even with --exit-zero; the other files are still checked.
    missing = mtclean("check", "--exit-zero", "bad.txt", "nope.txt", cwd=tmp_path)
    assert missing.returncode == 2 and "CAL002" in missing.stdout
    assert missing.stderr.strip() == "mtclean: nope.txt: no such file or folder"
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01binary")
    assert mtclean("check", "bin.txt", cwd=tmp_path).returncode == 2
    # Usage errors.
    assert mtclean("check", "--no-such-option", "bad.txt", cwd=tmp_path).returncode == 2
    fmt = mtclean("check", "--output-format", "xml", "bad.txt", cwd=tmp_path)
    assert fmt.returncode == 2 and "--output-format" in fmt.stderr and "Traceback" not in fmt.stderr
    sev = mtclean("check", "--severity", "loud", "bad.txt", cwd=tmp_path)
    assert sev.returncode == 2 and "--severity" in sev.stderr
    unknown = mtclean("check", "--select", "CAL99", "bad.txt", cwd=tmp_path)
    assert unknown.returncode == 2
    assert unknown.stderr.strip() == "mtclean: --select: unknown rule id, prefix or class 'CAL99' (did you mean 'CAL009'?)"


def test_exit_codes_are_documented_in_help(tmp_path: Path) -> None:
    for command, zero, one in (
        ("check", "0 nothing at or above the severity threshold", "1 findings at or above it"),
        ("fix", "0 no finding at or above the severity threshold is left", "1 some are left"),
    ):
        helptext = " ".join(mtclean(command, "--help", cwd=tmp_path).stdout.split())
        assert zero in helptext and one in helptext and "2 usage, configuration or input error" in helptext


def test_default_path_skips_tool_folders(tmp_path: Path) -> None:
    write(tmp_path / "docs" / "a.md", BAD)
    write(tmp_path / ".venv" / "lib" / "LICENSE.txt", BAD)
    write(tmp_path / "node_modules" / "x" / "README.md", BAD)
    data = json.loads(mtclean("check", "--output-format", "json", cwd=tmp_path).stdout)
    assert [f["path"] for f in data["files"]] == ["docs/a.md"]
    assert check_json(".venv/lib/LICENSE.txt", cwd=tmp_path) == ["CAL002"]  # named explicitly: checked


def test_no_files_are_written(tmp_path: Path) -> None:
    write(tmp_path / "bad.txt", BAD)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    assert mtclean("check", ".", cwd=tmp_path).returncode == 1
    assert sorted(p.name for p in tmp_path.rglob("*")) == before
    assert (tmp_path / "bad.txt").read_text(encoding="utf-8") == BAD
    report = mtclean("check", "bad.txt", "--output-format", "json", "--output", "r.json", cwd=tmp_path)
    assert report.returncode == 1 and report.stdout == ""
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["files"][0]["findings"][0]["rule"] == "CAL002"


# --- output formats -----------------------------------------------------------------------------


def test_github_annotations(tmp_path: Path) -> None:
    write(tmp_path / "docs" / "a, b.md", "Intro line.\n" + CALQUE3 + LITOTES)
    proc = mtclean("check", "--output-format", "github", "docs", cwd=tmp_path)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("::warning file=docs/a%2C b.md,line=2,col=1,title=mtclean CAL003::CAL003 ")
    assert lines[1].startswith("::notice file=docs/a%2C b.md,line=3,col=1,title=mtclean CAL008::CAL008 ")
    assert "Suggestion: It seems likely that" in lines[1]
    assert len(lines) == 2


def test_json_output_lines_and_columns(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", CLEAN + "Meanwhile " + BAD.lower().replace("the ukraine", "the Ukraine"))
    data = json.loads(mtclean("check", "--output-format", "json", "a.txt", cwd=tmp_path).stdout)
    (finding,) = data["files"][0]["findings"]
    assert (finding["rule"], finding["line"], finding["column"], finding["text"]) == ("CAL002", 2, 11, "the Ukraine")
    assert finding["applied"] is True  # fixable by `mtclean fix`


# --- configuration files ------------------------------------------------------------------------


def test_pyproject_config_select_ignore_by_prefix_and_class(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", BAD + CALQUE3 + LITOTES + "Prices rose.  \n")
    assert check_json("a.txt", cwd=tmp_path) == ["CAL002", "CAL003", "CAL008", "WSP001"]
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n\n[tool.mtclean]\nselect = ["calque"]\n')
    assert check_json("a.txt", cwd=tmp_path) == ["CAL002", "CAL003", "CAL008"]
    write(tmp_path / "pyproject.toml", '[tool.mtclean]\nselect = ["CAL"]\nignore = ["CAL00"]\n')
    assert check_json("a.txt", cwd=tmp_path) == []
    write(tmp_path / "pyproject.toml", '[tool.mtclean]\nignore = ["CAL002", "whitespace"]\n')
    assert check_json("a.txt", cwd=tmp_path) == ["CAL003", "CAL008"]
    write(tmp_path / "pyproject.toml", '[tool.mtclean]\nselect = ["CAL003"]\nextend-select = ["WSP"]\n')
    assert check_json("a.txt", cwd=tmp_path) == ["CAL003", "WSP001"]


def test_command_line_overrides_the_file(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", BAD + LITOTES)
    write(tmp_path / ".mtclean.yaml", "select: [CAL008]\nseverity: warning\n")
    # CAL008 is info, below the threshold: reported, but check passes.
    below = mtclean("check", "a.txt", cwd=tmp_path)
    assert below.returncode == 0 and "CAL008 info" in below.stdout
    assert mtclean("check", "--severity", "info", "a.txt", cwd=tmp_path).returncode == 1
    assert check_json("a.txt", "--select", "CAL002", cwd=tmp_path) == ["CAL002"]
    assert check_json("a.txt", "--select", "CAL", cwd=tmp_path) == ["CAL002", "CAL008"]
    assert check_json("a.txt", "--select", "CAL002,CAL008", cwd=tmp_path) == ["CAL002", "CAL008"]
    # extend-select from the file still extends a --select given on the command line.
    write(tmp_path / ".mtclean.yaml", "select: [CAL008]\nextend-select: [CAL002]\n")
    assert check_json("a.txt", "--select", "CAL008", cwd=tmp_path) == ["CAL002", "CAL008"]
    # unsafe-fixes from the file, switched off on the command line.
    write(tmp_path / "b.txt", "Talks resumed against the background of the strikes.\n")
    write(tmp_path / ".mtclean.yaml", "unsafe-fixes: true\n")
    data = json.loads(mtclean("check", "--output-format", "json", "b.txt", cwd=tmp_path).stdout)
    assert data["files"][0]["findings"][0]["applied"] is True
    data = json.loads(mtclean("check", "--output-format", "json", "--no-unsafe-fixes", "b.txt", cwd=tmp_path).stdout)
    assert data["files"][0]["findings"][0]["applied"] is False


def test_nearest_config_wins_walking_up_from_each_file(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.mtclean]\nselect = ["CAL002"]\n')
    write(tmp_path / "top.txt", BAD + CALQUE3)
    write(tmp_path / "sub" / "deeper" / "inner.txt", BAD + CALQUE3)
    write(tmp_path / "sub" / ".mtclean.yaml", "select: [CAL003]\n")
    # A pyproject.toml without [tool.mtclean] is not a configuration: the search goes on up.
    write(tmp_path / "sub" / "deeper" / "pyproject.toml", '[project]\nname = "x"\n')
    data = json.loads(mtclean("check", "--output-format", "json", ".", cwd=tmp_path / "sub").stdout)
    assert [(f["path"], [x["rule"] for x in f["findings"]]) for f in data["files"]] == [("deeper/inner.txt", ["CAL003"])]
    assert check_json("top.txt", "sub/deeper/inner.txt", cwd=tmp_path) == ["CAL002", "CAL003"]
    # In one folder .mtclean.yaml wins over pyproject.toml.
    write(tmp_path / ".mtclean.yaml", "select: [CAL003]\n")
    assert check_json("top.txt", cwd=tmp_path) == ["CAL003"]
    # --config names the file outright.
    write(tmp_path / "other.yaml", "select: [CAL002]\n")
    assert check_json("top.txt", "sub/deeper/inner.txt", "--config", "other.yaml", cwd=tmp_path) == ["CAL002", "CAL002"]


def test_exclude_globs_and_rules_folder_from_the_file(tmp_path: Path) -> None:
    write(tmp_path / "docs" / "a.md", BAD)
    write(tmp_path / "docs" / "vendor" / "b.md", BAD)
    write(tmp_path / "docs" / "c.draft.txt", BAD)
    write(tmp_path / "project" / "d.md", BAD)
    rules = tmp_path / "project" / "myrules"
    write(
        rules / "house.yaml",
        "stage: calque\nclass: calque\nrules:\n"
        "  - id: HSE001\n    kind: existence\n    message: House style says 'plan' is 'proposal'.\n"
        "    pattern: '\\bplan\\b'\n    examples:\n      bad: ['The plan.', 'A plan.']\n"
        "      good: ['The proposal.', 'A planet.']\n",
    )
    write(tmp_path / ".mtclean.yaml", "exclude: ['vendor', 'docs/*.draft.txt']\n")
    data = json.loads(mtclean("check", "--output-format", "json", "docs", cwd=tmp_path).stdout)
    assert [f["path"] for f in data["files"]] == ["docs/a.md"]
    assert data["run"]["skipped"] == ["docs/c.draft.txt", "docs/vendor/b.md"]
    # Explicitly named files are excluded too (pre-commit passes every file by name): not an error.
    excluded = mtclean("check", "docs/vendor/b.md", cwd=tmp_path)
    assert excluded.returncode == 0 and "All clear" not in excluded.stdout
    assert excluded.stderr == "mtclean: nothing to check: 1 file excluded by the configuration\n"
    # A --exclude on the command line replaces the file's globs.
    data = json.loads(mtclean("check", "--output-format", "json", "--exclude", "a.md", "docs", cwd=tmp_path).stdout)
    assert [f["path"] for f in data["files"]] == ["docs/c.draft.txt", "docs/vendor/b.md"]
    # rules: folders relative to the configuration file.
    write(tmp_path / "project" / ".mtclean.yaml", "rules: [myrules]\nselect: [HSE]\n")
    assert check_json("project/d.md", cwd=tmp_path) == ["HSE001"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("pyproject.toml", "[tool.mtclean]\nselct = ['CAL']\n", "[tool.mtclean] selct: unknown key (did you mean 'select'?)"),
        (".mtclean.yaml", "severity: error\nunsafe_fixes: true\n", ":2: unsafe_fixes: unknown key (did you mean 'unsafe-fixes'?)"),
        (".mtclean.yaml", "ignore: [CAL002]\nselect: [CAL999]\n", ":2: select: unknown rule id, prefix or class 'CAL999'"),
        ("pyproject.toml", "[tool.mtclean]\nextend-select = ['grammer']\n", "[tool.mtclean] extend-select: unknown rule id, prefix or class 'grammer'"),
        (".mtclean.yaml", "severity: loud\n", ":1: severity: must be one of error, warning, info, not 'loud'"),
        (".mtclean.yaml", "unsafe-fixes: yes please\n", ":1: unsafe-fixes: must be true or false"),
        (".mtclean.yaml", "language-pair: de-fr\n", ":1: language-pair: mtclean cleans English text"),
        (".mtclean.yaml", "rules: [nowhere]\n", ":1: rules: rules folder not found: 'nowhere' (relative to this file)"),
        (".mtclean.yaml", "select: [CAL\n", "not valid YAML"),
        ("pyproject.toml", "[tool.mtclean\n", "not valid TOML"),
    ],
)
def test_bad_configuration_is_one_line_naming_file_and_key(tmp_path: Path, name: str, content: str, message: str) -> None:
    write(tmp_path / "a.txt", BAD)
    write(tmp_path / name, content)
    proc = mtclean("check", "--exit-zero", "a.txt", cwd=tmp_path)
    assert proc.returncode == 2
    err = proc.stderr.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert err.startswith(f"mtclean: {tmp_path / name}")
    assert message in err


# --- suppressions -------------------------------------------------------------------------------


def test_suppressions_in_text_and_markdown(tmp_path: Path) -> None:
    md = write(
        tmp_path / "a.md",
        "The Ukraine rejects the plan. <!-- mtclean: ignore[CAL002] -->\n"
        "The Switzerland votes today. <!-- mtclean: ignore[calque] -->\n"
        "The Ukraine agrees. <!-- mtclean: ignore[CAL003] -->\n"
        "<!-- mtclean: off -->\n"
        "How the BBC reported, the Ukraine rejects it.\n"
        "<!-- mtclean: on -->\n"
        "The Ukraine rejects it again.\n",
    )
    data = json.loads(mtclean("check", "--output-format", "json", md.name, cwd=tmp_path).stdout)
    got = [(f["rule"], f["line"]) for f in data["files"][0]["findings"]]
    # Line 3: CAL002 is reported AND the suppression naming CAL003 is reported as unused.
    assert got == [("CAL002", 3), ("MTC001", 3), ("CAL002", 7)]
    unused = data["files"][0]["findings"][1]
    assert unused["text"] == "mtclean: ignore[CAL003]" and unused["class"] == "meta"
    txt = write(tmp_path / "a.txt", "The Ukraine rejects the plan.  # mtclean: ignore[CAL002]\n" + LITOTES)
    assert check_json(txt.name, cwd=tmp_path) == ["CAL008"]


def test_unused_suppressions(tmp_path: Path) -> None:
    write(
        tmp_path / "a.txt",
        CLEAN.rstrip("\n") + " mtclean: ignore[CAL002]\n"  # nothing to silence
        "mtclean: off\n" + CLEAN + "mtclean: on\n"  # an empty block
        "Clean again. mtclean: ignore[CAL999]\n"  # an unknown rule
        "The Ukraine rejects the plan. mtclean: ignore\n",  # bare ignore (every rule), used
    )
    data = json.loads(mtclean("check", "--output-format", "json", "a.txt", cwd=tmp_path).stdout)
    findings = data["files"][0]["findings"]
    assert [(f["rule"], f["line"]) for f in findings] == [("MTC001", 1), ("MTC001", 2), ("MTC001", 5)]
    assert "CAL002 silenced nothing" in findings[0]["message"]
    assert "unknown rule 'CAL999'" in findings[2]["message"]
    # Unused-suppression findings are a rule like any other: they can be ignored...
    assert check_json("a.txt", "--ignore", "MTC001", cwd=tmp_path) == []
    # ...and are not reported for rules that did not run (they could not have been used).
    # (with CAL002 off, the bare ignore on line 6 silences nothing either).
    got = json.loads(mtclean("check", "--output-format", "json", "--ignore", "CAL002", "a.txt", cwd=tmp_path).stdout)
    assert [(f["rule"], f["line"]) for f in got["files"][0]["findings"]] == [("MTC001", 2), ("MTC001", 5), ("MTC001", 6)]
    assert mtclean("check", "a.txt", "--select", "CAL003", cwd=tmp_path).returncode == 0


# --- --diff-base --------------------------------------------------------------------------------


def _git(cwd: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@e.org", "GIT_CONFIG_GLOBAL": os.devnull}
    subprocess.run(["git", "-c", "init.defaultBranch=main", *args], cwd=cwd, env=env, check=True, capture_output=True)


def test_diff_base_reports_changed_lines_only(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    old = "The Ukraine rejects the plan.\n" + CLEAN + "How the BBC reported, talks resume.\n"
    write(tmp_path / "docs" / "old.txt", old)
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "old corpus")
    write(tmp_path / "docs" / "old.txt", old.replace(CLEAN, CLEAN + "The Switzerland votes today.\n"))
    write(tmp_path / "docs" / "new.txt", BAD)  # untracked: every line is new
    data = json.loads(mtclean("check", "--output-format", "json", "--diff-base", "HEAD", "docs", cwd=tmp_path).stdout)
    got = {f["path"]: [(x["rule"], x["line"]) for x in f["findings"]] for f in data["files"]}
    assert got == {"docs/new.txt": [("CAL002", 1)], "docs/old.txt": [("CAL002", 3)]}
    everything = check_json("docs/old.txt", cwd=tmp_path)
    assert everything == ["CAL002", "CAL002", "CAL003"]
    # fix honours it too: only the changed line is rewritten (and nothing is left: exit 0).
    assert mtclean("fix", "--diff-base", "HEAD", "docs/old.txt", cwd=tmp_path).returncode == 0
    assert (tmp_path / "docs" / "old.txt").read_text(encoding="utf-8") == old.replace(CLEAN, CLEAN + "Switzerland votes today.\n")
    bad_ref = mtclean("check", "--diff-base", "no-such-ref", "docs", cwd=tmp_path)
    assert bad_ref.returncode == 2 and bad_ref.stderr.count("unknown git ref 'no-such-ref'") == 1
    assert "All clear" not in bad_ref.stdout
    outside = tmp_path.parent / f"{tmp_path.name}-nogit.txt"
    write(outside, BAD)
    try:
        proc = mtclean("check", "--diff-base", "HEAD", str(outside), cwd=tmp_path)
        assert proc.returncode == 2 and "not inside a git repository" in proc.stderr
    finally:
        outside.unlink()
