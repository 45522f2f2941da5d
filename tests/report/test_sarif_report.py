"""SARIF 2.1.0 output validates against the official OASIS schema (errata01), kept in
tests/data/sarif-schema-2.1.0.json, and says the same as the JSON report."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "cli"))
from clihelp import cli_env, mtclean  # noqa: E402

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "data" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["id"].endswith("/sarif-schema-2.1.0.json")
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _inputs(root: Path) -> None:
    (root / "docs").mkdir()
    (root / "docs" / "with space.md").write_text(
        "# Title\n\nThe cafÃ© opened in MÃ¼nchen.\nThe Ukraine rejects the plan. <!-- mtclean: ignore[CAL003] -->\n"
        "It is not improbable that prices will rise.\n",
        encoding="utf-8",
    )
    (root / "docs" / "clean.txt").write_text("Nothing to see here.\n", encoding="utf-8")


def test_sarif_validates_and_matches_the_json_report(tmp_path: Path, validator: jsonschema.protocols.Validator) -> None:
    _inputs(tmp_path)
    proc = mtclean("check", "--output-format", "sarif", "docs", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    doc = json.loads(proc.stdout)
    validator.validate(doc)
    (run,) = doc["runs"]
    results = run["results"]
    report = json.loads(mtclean("check", "--output-format", "json", "docs", cwd=tmp_path).stdout)
    expected = [(f["rule"], f["line"], f["column"]) for fr in report["files"] for f in fr["findings"]]
    got = [
        (r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"],
         r["locations"][0]["physicalLocation"]["region"]["startColumn"])
        for r in results
    ]
    assert got == expected
    # "München" is also an untranslated place name (UNT001) since the coverage rules.
    assert [x[0] for x in got] == ["ENC001", "UNT001", "CAL002", "MTC001", "CAL008"]
    levels = {r["ruleId"]: r["level"] for r in results}
    assert levels == {"ENC001": "error", "UNT001": "warning", "CAL002": "warning", "MTC001": "warning", "CAL008": "note"}
    rules = run["tool"]["driver"]["rules"]
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
    loc = results[2]["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "docs/with%20space.md", "uriBaseId": "%SRCROOT%"}
    assert loc["region"]["snippet"]["text"] == "The Ukraine"
    assert (loc["region"]["endLine"], loc["region"]["endColumn"]) == (4, 12)
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.resolve().as_uri() + "/"
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["invocations"][0]["executionSuccessful"] is True


def test_sarif_with_absolute_paths_and_input_errors_validates(tmp_path: Path, validator: jsonschema.protocols.Validator) -> None:
    _inputs(tmp_path)
    target = tmp_path / "docs" / "with space.md"
    proc = mtclean("check", "--output-format", "sarif", str(target), str(tmp_path / "missing.txt"), cwd=tmp_path)
    assert proc.returncode == 2
    doc = json.loads(proc.stdout)
    validator.validate(doc)
    run = doc["runs"][0]
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == target.as_uri()
    assert run["invocations"][0]["executionSuccessful"] is False
    assert "missing.txt: no such file" in run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]


def test_no_findings_is_still_a_valid_log(tmp_path: Path, validator: jsonschema.protocols.Validator) -> None:
    (tmp_path / "a.txt").write_text("Nothing to see here.\n", encoding="utf-8")
    proc = mtclean("check", "--output-format", "sarif", "a.txt", cwd=tmp_path)
    assert proc.returncode == 0
    doc = json.loads(proc.stdout)
    validator.validate(doc)
    assert doc["runs"][0]["results"] == []


def test_the_schema_rejects_what_sarif_forbids(validator: jsonschema.protocols.Validator) -> None:
    """The validator is not a rubber stamp: a wrong level and a missing message fail."""
    log = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "mtclean"}}, "results": [{"ruleId": "X", "level": "warn"}]}]}
    errors = sorted((list(e.absolute_path), e.message) for e in validator.iter_errors(log))
    assert errors == [
        (["runs", 0, "results", 0], "'message' is a required property"),
        (["runs", 0, "results", 0, "level"], "'warn' is not one of ['none', 'note', 'warning', 'error']"),
    ]


def test_every_rule_has_a_help_uri_into_the_rules_page(tmp_path: Path, validator: jsonschema.protocols.Validator) -> None:
    _inputs(tmp_path)
    written = mtclean("rules", "doc", cwd=tmp_path)  # the default place helpUri points to
    assert written.returncode == 0, written.stderr
    page = (tmp_path / "mtclean-out" / "rules" / "index.html").read_text(encoding="utf-8")
    doc = json.loads(mtclean("check", "--output-format", "sarif", "docs", cwd=tmp_path).stdout)
    validator.validate(doc)
    rules = doc["runs"][0]["tool"]["driver"]["rules"]
    base = (tmp_path / "mtclean-out" / "rules" / "index.html").resolve().as_uri()
    assert [r["helpUri"] for r in rules] == [f"{base}#rule-{r['id']}" for r in rules]
    for r in rules:
        if r["id"] != "MTC001":  # mtclean's own directive rule is not in the rule files
            assert f'id="rule-{r["id"]}"' in page
            assert r["shortDescription"]["text"] in r["help"]["text"] and "flagged:" in r["help"]["text"]
    env_doc = subprocess.run(
        [sys.executable, "-m", "mtclean", "check", "--output-format", "sarif", "docs"], cwd=tmp_path,
        capture_output=True, text=True, env={**cli_env(), "MTCLEAN_RULES_DOC_URL": "https://example.org/mtclean/rules.html"},
    )
    uris = [r["helpUri"] for r in json.loads(env_doc.stdout)["runs"][0]["tool"]["driver"]["rules"]]
    assert uris[0].startswith("https://example.org/mtclean/rules.html#rule-")
