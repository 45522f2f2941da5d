"""Issue 16's acceptance, through the command line in a small docs repository:
Markdown whose code, links, HTML comments and front matter hold artifacts; ``fix``
changes only prose; ``run`` and ``check`` agree; configuration and inline
suppressions shape ``run``'s outputs; exit codes; the default output shows the
matched text and the fix; stale outputs are cleared; stdin; statistics; colour."""

from __future__ import annotations

import json
import os
from pathlib import Path

from clihelp import cli_env, mtclean

ARTIFACT = "How the BBC reported, the Ukraine rejects the plan."
FIXED = "As the BBC reported, Ukraine rejects the plan."
UNSAFE = "Talks resumed against the background of the strikes."  # CAL009: warning, unsafe fix only
INFO = "It is not improbable that prices will rise."  # CAL008: info, no fix

DOC = f"""\
---
summary: {ARTIFACT}
---
# Release notes

{ARTIFACT}

```python
# {ARTIFACT}
print("{ARTIFACT}")
```

    {ARTIFACT}

Run `{ARTIFACT}` in a shell, or read [the notes](https://example.org/notes "{ARTIFACT}").

<!-- {ARTIFACT} -->

[notes]: https://example.org/notes "{ARTIFACT}"

{ARTIFACT}
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def prose_fixed(doc: str) -> str:
    """DOC with its two prose lines fixed and nothing else."""
    lines = doc.split("\n")
    prose = [i for i, line in enumerate(lines) if line == ARTIFACT]
    assert len(prose) == 2
    for i in prose:
        lines[i] = FIXED
    return "\n".join(lines)


def findings(report: dict) -> list[tuple[str, str, int, int]]:
    return sorted((fr["path"], f["rule"], f["start"], f["end"]) for fr in report["files"] for f in fr["findings"])


def test_fix_changes_only_prose_and_run_agrees_with_check(tmp_path: Path) -> None:
    doc = write(tmp_path / "docs" / "notes.md", DOC)
    check = mtclean("check", "--output-format", "json", "docs", cwd=tmp_path)
    assert check.returncode == 1, check.stderr
    checked = json.loads(check.stdout)
    lines = sorted({f["line"] for fr in checked["files"] for f in fr["findings"]})
    prose = [i for i, line in enumerate(DOC.split("\n"), 1) if line == ARTIFACT]
    assert lines == prose  # the two prose lines, nothing in code, links, comments or front matter
    run = mtclean("run", "docs", "--out", "out", "-q", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert findings(report) == findings(checked)
    assert (tmp_path / "out" / "cleaned" / "docs" / "notes.md").read_text(encoding="utf-8") == prose_fixed(DOC)
    fix = mtclean("fix", "docs", cwd=tmp_path)
    assert fix.returncode == 0, fix.stdout + fix.stderr  # everything at or above warning was fixed
    assert doc.read_text(encoding="utf-8") == prose_fixed(DOC)


def test_configuration_and_suppressions_shape_runs_outputs(tmp_path: Path) -> None:
    text = f"{ARTIFACT}\n\n{ARTIFACT} <!-- mtclean: ignore[CAL002] -->\n\n<!-- mtclean: off -->\n{ARTIFACT}\n<!-- mtclean: on -->\n"
    write(tmp_path / "docs" / "a.md", text)
    write(tmp_path / ".mtclean.yaml", "ignore: [CAL003]\n")
    expected = text.replace(ARTIFACT + "\n\n" + ARTIFACT, "How the BBC reported, Ukraine rejects the plan.\n\n" + ARTIFACT, 1)
    assert mtclean("run", "docs", "--out", "out", "-q", cwd=tmp_path).returncode == 0
    assert (tmp_path / "out" / "cleaned" / "docs" / "a.md").read_text(encoding="utf-8") == expected
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert [f["rule"] for fr in report["files"] for f in fr["findings"]] == ["CAL002"]
    check = json.loads(mtclean("check", "--output-format", "json", "docs", cwd=tmp_path).stdout)
    assert findings(check) == findings(report)
    # --config names the file outright; a command-line option overrides it.
    write(tmp_path / "other.yaml", "select: [CAL003]\n")
    assert mtclean("run", "docs", "--out", "out2", "-q", "--config", "other.yaml", cwd=tmp_path).returncode == 0
    report = json.loads((tmp_path / "out2" / "report.json").read_text(encoding="utf-8"))
    assert [(f["rule"], f["line"]) for fr in report["files"] for f in fr["findings"]] == [("CAL003", 1), ("CAL003", 3)]
    # Excluded by the configuration: not cleaned, not reported, and not an error (as in check).
    write(tmp_path / ".mtclean.yaml", "exclude: [a.md]\n")
    empty = mtclean("run", "docs", "--out", "out3", cwd=tmp_path)
    assert empty.returncode == 0 and empty.stderr == "mtclean: nothing to clean: 1 file excluded by the configuration\n"
    assert not list((tmp_path / "out3" / "cleaned").rglob("*.md"))
    assert mtclean("check", "docs", cwd=tmp_path).returncode == 0


def test_exit_codes(tmp_path: Path) -> None:
    write(tmp_path / "info.md", INFO + "\n")
    write(tmp_path / "warn.md", UNSAFE + "\n")
    info = mtclean("check", "info.md", cwd=tmp_path)
    assert info.returncode == 0 and "CAL008 info" in info.stdout  # shown, not failing
    assert mtclean("check", "--severity", "info", "info.md", cwd=tmp_path).returncode == 1
    assert mtclean("check", "warn.md", cwd=tmp_path).returncode == 1
    assert mtclean("check", "--severity", "error", "warn.md", cwd=tmp_path).returncode == 0
    fix = mtclean("fix", "warn.md", cwd=tmp_path)
    assert fix.returncode == 1 and "CAL009" in fix.stdout  # a warning without a safe fix is left
    assert mtclean("fix", "--exit-zero", "warn.md", cwd=tmp_path).returncode == 0
    for verb in ("check", "fix"):
        missing = mtclean(verb, "nope.md", cwd=tmp_path)
        assert missing.returncode == 2 and "All clear" not in missing.stdout + missing.stderr
        assert missing.stderr == "mtclean: nope.md: no such file or folder\n"
    (tmp_path / "empty").mkdir()
    nothing = mtclean("check", "empty", cwd=tmp_path)
    assert nothing.returncode == 2 and nothing.stdout == "" and "--allow-empty" in nothing.stderr
    allowed = mtclean("check", "--allow-empty", "-q", "empty", cwd=tmp_path)
    assert allowed.returncode == 0 and allowed.stdout == allowed.stderr == ""
    assert mtclean("run", "empty", "--out", "o", cwd=tmp_path).returncode == 2
    assert mtclean("run", "empty", "--out", "o", "--allow-empty", cwd=tmp_path).returncode == 0


def test_default_output_shows_the_match_and_the_fix(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", f"{ARTIFACT}\n{UNSAFE}\n{INFO}\nTrailing space. \n")
    proc = mtclean("check", "a.txt", cwd=tmp_path)
    data = json.loads(mtclean("check", "--output-format", "json", "a.txt", cwd=tmp_path).stdout)
    shown = [f for fr in data["files"] for f in fr["findings"]]
    assert len(shown) == 5
    for f in shown:
        assert f"a.txt:{f['line']}:{f['column']}: {f['rule']}" in proc.stdout
        if "replacement" in f:
            new = f["replacement"]
            assert (f'"{f["text"]}" → "{new}"' if new else f'remove "{f["text"]}"') in proc.stdout
    assert "1 | How the BBC reported, the Ukraine rejects the plan.\n  | ^^^^^^^^^^^^^^^^^^^^" in proc.stdout
    assert '= unsafe fix: "against the background of" → "amid"' in proc.stdout
    concise = mtclean("check", "--output-format", "concise", "a.txt", cwd=tmp_path).stdout.splitlines()
    assert len(concise) == 6 and concise[0].startswith("a.txt:1:1: CAL003 [*] warning:")
    stats = mtclean("check", "--statistics", "a.txt", cwd=tmp_path).stdout.splitlines()
    assert stats[0].split()[:3] == ["1", "CAL002", "[*]"] and len(stats) == 5


def test_colour_comma_lists_stdin_and_version(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", f"{ARTIFACT}\n")
    plain = mtclean("check", "a.txt", cwd=tmp_path).stdout
    assert "\x1b[" not in plain  # not a terminal
    coloured = mtclean("check", "--color", "always", "a.txt", cwd=tmp_path).stdout
    assert "\x1b[" in coloured
    env = dict(cli_env(), NO_COLOR="1")
    import subprocess
    import sys

    never = subprocess.run(
        [sys.executable, "-m", "mtclean", "check", "--color", "auto", "a.txt"], cwd=tmp_path, env=env,
        capture_output=True, text=True,
    )
    assert "\x1b[" not in never.stdout
    both = json.loads(mtclean("check", "--output-format", "json", "--select", "CAL002,CAL003", "a.txt", cwd=tmp_path).stdout)
    assert sorted(f["rule"] for fr in both["files"] for f in fr["findings"]) == ["CAL002", "CAL003"]
    stdin = mtclean("check", "-", "--stdin-filename", "docs/x.md", cwd=tmp_path, input=f"`{ARTIFACT}`\n\n{ARTIFACT}\n")
    assert stdin.returncode == 1 and "docs/x.md:3:1: CAL003" in stdin.stdout and "docs/x.md:1:" not in stdin.stdout
    fixed = mtclean("fix", "-", "--stdin-filename", "x.md", cwd=tmp_path, input=f"{ARTIFACT}\n")
    assert fixed.stdout == f"{FIXED}\n" and fixed.returncode == 0
    version = mtclean("-V", cwd=tmp_path)
    assert version.returncode == 0 and version.stdout.startswith("mtclean ")
    assert "Usage: " in mtclean("check", "-h", cwd=tmp_path).stdout
    assert "list[" not in mtclean("check", "--help", cwd=tmp_path).stdout
    assert "list[" not in mtclean("run", "--help", cwd=tmp_path).stdout


def test_run_clears_only_its_own_stale_outputs(tmp_path: Path) -> None:
    write(tmp_path / "docs" / "a.md", f"{ARTIFACT}\n")
    write(tmp_path / "docs" / "sub" / "b.md", f"{ARTIFACT}\n")
    assert mtclean("run", "docs", "--out", "out", "-q", cwd=tmp_path).returncode == 0
    cleaned = tmp_path / "out" / "cleaned" / "docs"
    assert (cleaned / "sub" / "b.md").is_file()
    mine = write(tmp_path / "out" / "cleaned" / "notes-by-hand.txt", "kept\n")  # not written by mtclean
    (tmp_path / "docs" / "sub" / "b.md").unlink()
    second = mtclean("run", "docs", "--out", "out", cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert not (cleaned / "sub").exists() and (cleaned / "a.md").is_file()
    assert mine.read_text(encoding="utf-8") == "kept\n"
    assert "removed out/cleaned/docs/sub/b.md" in second.stderr
    assert os.path.isfile(tmp_path / "out" / ".mtclean-manifest.json")


def test_grammar_selection_is_the_same_in_every_verb(tmp_path: Path) -> None:
    """No LanguageTool here (LTP_PATH empty, no URL): selecting only grammar is an error in
    every verb, never an "All clear"; LT: ids are accepted by every verb."""
    import subprocess
    import sys

    write(tmp_path / "a.txt", f"{ARTIFACT}\n")
    env = dict(cli_env(), LTP_PATH=str(tmp_path / "no-languagetool"))

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "mtclean", *args], cwd=tmp_path, env=env, capture_output=True, text=True)

    for verb in (("check",), ("fix",), ("run", "--out", "o")):
        only = cli(*verb, "--select", "grammar", "a.txt")
        assert only.returncode == 2, (verb, only.stderr)
        assert "grammar stage skipped" in only.stderr and only.stderr.count("grammar stage") == 1
        assert "All clear" not in only.stdout
        lt = cli(*verb, "--select", "CAL002,LT:EN_A_VS_AN", "a.txt")
        assert lt.returncode in (0, 1) and "unknown rule id" not in lt.stderr, (verb, lt.stderr)
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "How the BBC reported, Ukraine rejects the plan.\n"
