"""scope.DocumentScope through the pipeline (the API, so every verb): nothing inside a
protected range is reported or changed, directives in code are examples, and a
whole-line removal that takes a link with it is still allowed."""

from __future__ import annotations

import mtclean

PROSE = "The Ukraine rejects the plan."


def test_code_and_link_targets_are_left_alone_by_the_api() -> None:
    text = f"{PROSE}\n\nRun `The Ukraine` or see [the page](https://example.org/x \"{PROSE}\").\n"
    result = mtclean.clean(text, path="doc.md")
    assert result.text == text.replace(PROSE + "\n", "Ukraine rejects the plan.\n", 1)
    assert [f.start for f in result.findings] == [0]


def test_the_same_text_as_plain_text_is_all_prose() -> None:
    text = "Run `The Ukraine rejects` here.\n"
    assert mtclean.clean(text, path="doc.md").text == text
    assert mtclean.clean(text, path="doc.txt").text == "Run `Ukraine rejects` here.\n"


def test_a_directive_inside_code_is_an_example_not_a_directive() -> None:
    text = f"```text\n{PROSE} mtclean: ignore[CAL002]\n```\n\n{PROSE}\n"
    result = mtclean.clean(text, path="doc.md")
    assert result.text.endswith("\nUkraine rejects the plan.\n")  # not silenced by the example
    assert not any(f.rule == "MTC001" for f in result.findings)  # and the example is not "unused"


def test_a_directive_in_an_html_comment_still_works() -> None:
    text = f"{PROSE} <!-- mtclean: ignore[CAL002] -->\n"
    assert mtclean.clean(text, path="doc.md").text == text


def test_lines_mode_keeps_protection_per_line() -> None:
    config = mtclean.Config(lines=True)
    text = f"rem {PROSE}\n{PROSE}\n"
    assert mtclean.clean(text, config, path="corpus.txt").text == f"rem {PROSE}\nUkraine rejects the plan.\n"


def test_the_api_reads_the_project_configuration(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / ".mtclean.yaml").write_text("ignore: [CAL002]\nunsafe-fixes: true\n", encoding="utf-8")
    doc = tmp_path / "docs" / "a.md"
    doc.parent.mkdir()
    config = mtclean.config_for(doc)
    assert config.ignore == ["CAL002"] and config.unsafe_fixes
    assert mtclean.clean(PROSE + "\n", config, path=str(doc)).text == PROSE + "\n"
