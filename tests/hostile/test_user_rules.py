"""Rules from users: YAML is read with the safe loader only; duplicate ids,
unknown classes, bad patterns and examples that fail are each a clear error
naming the file and the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from ._util import run_cli

RULE = """\
  - id: {id}
    kind: substitution
    class: {cls}
    message: A test rule.
    fix: safe
    pattern: '{pattern}'
    replace: 'as reported'
    examples:
      bad:
        - text: "{bad}"
          fixed: "{fixed}"
        - text: "It was, how reported, late."
          fixed: "It was, as reported, late."
      good:
        - "As reported, it was late."
        - "Nothing to see."
"""


def rule(id: str = "TST001", cls: str = "calque", pattern: str = r"\bhow reported\b",
         bad: str = "It was how reported late.", fixed: str = "It was as reported late.") -> str:
    return RULE.format(id=id, cls=cls, pattern=pattern, bad=bad, fixed=fixed)


def rules_dir(tmp_path: Path, files: dict[str, str]) -> Path:
    d = tmp_path / "rules"
    d.mkdir()
    for name, body in files.items():
        (d / name).write_text(body, encoding="utf-8")
    return d


HEAD = "stage: calque\nclass: calque\nrules:\n"


@pytest.mark.parametrize(
    "tag",
    [
        '!!python/object/apply:os.system ["touch {marker}"]',
        "!!python/name:os.system",
        '!!python/object/new:subprocess.Popen [["touch", "{marker}"]]',
    ],
)
def test_python_tags_are_rejected_not_run(tmp_path: Path, tag: str) -> None:
    """Input: a rule whose message is a ``!!python/...`` tag that would run a command
    under an unsafe loader. Outcome: exit 2, one line "file:7: invalid YAML: could
    not determine a constructor…", and the command never ran."""
    marker = tmp_path / "pwned"
    body = HEAD + rule().replace("message: A test rule.", "message: " + tag.format(marker=marker))
    d = rules_dir(tmp_path, {"evil.yaml": body})
    proc = run_cli("rules", "list", "--rules", str(d))
    assert proc.returncode == 2
    line = proc.stderr.strip()
    assert line.startswith(f"mtclean: {d / 'evil.yaml'}:7: invalid YAML: could not determine a constructor"), line
    assert "\n" not in line and not marker.exists()


def test_duplicate_ids_name_both_places(tmp_path: Path) -> None:
    """Input: the same id in two files (and, separately, twice in one file).
    Outcome: exit 2, one line naming the second file and line and where the first is."""
    d = rules_dir(tmp_path, {"a.yaml": HEAD + rule(), "b.yaml": HEAD + rule()})
    proc = run_cli("rules", "list", "--rules", str(d))
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"mtclean: {d / 'b.yaml'}:4: duplicate rule id TST001 (first at {d / 'a.yaml'}:4)"
    (d / "b.yaml").unlink()
    (d / "a.yaml").write_text(HEAD + rule() + rule(), encoding="utf-8")
    proc = run_cli("rules", "list", "--rules", str(d))
    assert proc.stderr.strip() == f"mtclean: {d / 'a.yaml'}:20: duplicate rule id TST001 (first at {d / 'a.yaml'}:4)"


def test_builtin_id_reused_by_a_user_rule_is_an_error(tmp_path: Path) -> None:
    """Input: a user rule reusing the built-in id CAL002. Outcome: exit 2 naming the
    user file and line and the built-in rule's place."""
    d = rules_dir(tmp_path, {"mine.yaml": HEAD + rule(id="CAL002")})
    proc = run_cli("run", "seeds/", "--rules", str(d), "--out", str(tmp_path / "o"))
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"mtclean: {d / 'mine.yaml'}:4: duplicate rule id CAL002 (first at ")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"cls": "slang"}, "TST001: unknown class 'slang' (classes: encoding, "),
        ({"pattern": "(unclosed"}, "TST001: bad pattern: missing )"),
        ({"pattern": "{lex:no_such_list}"}, "TST001: unknown lexicon 'no_such_list' (have: "),
    ],
    ids=["unknown-class", "bad-regex", "unknown-lexicon"],
)
def test_bad_rule_fields_name_file_and_line(tmp_path: Path, kwargs: dict[str, str], message: str) -> None:
    """Input: a rule with an unknown class, a regex that does not compile, or an
    unknown word list. Outcome: exit 2 and one line "file:4: TST001: …"."""
    d = rules_dir(tmp_path, {"x.yaml": HEAD + rule(**kwargs)})
    proc = run_cli("run", "seeds/", "--rules", str(d), "--out", str(tmp_path / "o"))
    assert proc.returncode == 2
    line = proc.stderr.strip()
    assert "\n" not in line and line.startswith(f"mtclean: {d / 'x.yaml'}:4: {message}"), line
    assert not (tmp_path / "o").exists()


def test_failing_examples_name_file_and_line(tmp_path: Path) -> None:
    """Input: a rule whose first bad example is not flagged and whose second good
    example is wrongly flagged. Outcome: ``mtclean rules test`` exits 1 and prints one
    line per failing example with the example's own file:line."""
    body = HEAD + rule(bad="It was reported late.", fixed="It was reported late.").replace(
        '"Nothing to see."', '"It was, how reported, late."'
    )
    d = rules_dir(tmp_path, {"x.yaml": body})
    proc = run_cli("rules", "test", "--rules", str(d))
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert f"{d / 'x.yaml'}:13: TST001: bad example not flagged: 'It was reported late.'" in lines
    assert any(line.startswith(f"{d / 'x.yaml'}:4: TST001: good example flagged at 'how reported'") for line in lines)
    assert lines[-1].endswith(" 2 failed")


def test_not_utf8_and_not_a_mapping(tmp_path: Path) -> None:
    """Input: a rule file in latin-1, and one that is a YAML list. Outcome: exit 2
    naming the file (and the byte, or line 1)."""
    d = rules_dir(tmp_path, {})
    (d / "x.yaml").write_bytes((HEAD + rule()).replace("A test rule.", "Caf\xe9").encode("latin-1"))
    proc = run_cli("rules", "list", "--rules", str(d))
    assert proc.returncode == 2 and proc.stderr.startswith(f"mtclean: {d / 'x.yaml'}: not UTF-8 (")
    (d / "x.yaml").write_text("- just\n- a list\n", encoding="utf-8")
    proc = run_cli("rules", "list", "--rules", str(d))
    assert proc.returncode == 2 and proc.stderr.startswith(f"mtclean: {d / 'x.yaml'}:1: a rule file is a mapping")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("kind", "[substitution]", "TST001: unknown kind ['substitution']"),
        ("class", "{calque: 1}", "TST001: unknown class {'calque': 1"),
        ("severity", "[error]", "TST001: severity must be one of"),
        ("priority", "high", "TST001: 'priority' must be a whole number"),
        ("suggestion", "[a, b]", "TST001: 'suggestion' must be text"),
        ("where", "[verb]", "TST001: 'where' maps group names to a word class"),
        ("1", "x", "TST001: unknown key '1' for kind substitution"),
    ],
)
def test_wrong_types_are_errors_not_crashes(tmp_path: Path, field: str, value: str, message: str) -> None:
    """Input: a rule field of the wrong type (a list for ``kind``, a mapping for
    ``class``, text for ``priority``…; found by benchmarks/fuzz.py, where they were
    TypeErrors). Outcome: exit 2 and one line "file:4: TST001: …", no traceback."""
    body = HEAD + rule().replace("    message: A test rule.\n", f"    message: A test rule.\n    {field}: {value}\n")
    body = body.replace("    kind: substitution\n", "") if field == "kind" else body
    body = body.replace("    class: calque\n", "") if field == "class" else body
    d = rules_dir(tmp_path, {"x.yaml": body})
    proc = run_cli("rules", "list", "--rules", str(d))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().startswith(f"mtclean: {d / 'x.yaml'}:4: {message}"), proc.stderr
