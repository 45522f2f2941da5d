"""Configuration files: discovery, validation and the exclude globs (settings.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtclean.settings import ConfigError, Settings, build_config, excluded, find_config, load_settings


def test_find_config_prefers_yaml_and_skips_pyproject_without_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.mtclean]\nseverity = 'error'\n", encoding="utf-8")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    (deep / "pyproject.toml").write_text("[tool.ruff]\nline-length = 100\n", encoding="utf-8")
    assert find_config(deep / "x.md") == (tmp_path / "pyproject.toml").resolve()
    (tmp_path / "a" / ".mtclean.yaml").write_text("severity: info\n", encoding="utf-8")
    assert find_config(deep / "x.md") == (tmp_path / "a" / ".mtclean.yaml").resolve()
    (tmp_path / "a" / "pyproject.toml").write_text("[tool.mtclean]\n", encoding="utf-8")
    assert find_config(deep / "x.md") == (tmp_path / "a" / ".mtclean.yaml").resolve()


def test_values_are_converted_and_paths_are_relative_to_the_file(tmp_path: Path) -> None:
    cfg = tmp_path / ".mtclean.yaml"
    (tmp_path / "house").mkdir()
    cfg.write_text(
        "select: CAL\nrules: [house]\nlanguage-pair: nl-en\nunsafe-fixes: true\nseverity: warning\n", encoding="utf-8"
    )
    s = load_settings(cfg)
    assert s.values["select"] == ["CAL"] and s.values["rules"] == [(tmp_path / "house").resolve()]
    config = build_config(s, {"select": None, "severity": "error", "unsafe-fixes": False})
    assert (config.select, config.severity, config.unsafe_fixes) == (["CAL"], "error", False)
    assert (config.source_language, config.target_language) == ("nl", "en")
    # severity is the failure threshold of check/fix: it changes no result, so not the signature
    assert "severity" not in config.signature() and "unsafe:no" in config.signature()


def test_empty_yaml_is_no_settings(tmp_path: Path) -> None:
    cfg = tmp_path / ".mtclean.yaml"
    cfg.write_text("# nothing yet\n", encoding="utf-8")
    assert load_settings(cfg).values == {}
    cfg.write_text("- a list\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="must be a mapping"):
        load_settings(cfg)


@pytest.mark.parametrize(
    ("rel", "patterns", "hit"),
    [
        ("docs/vendor/a.md", ["vendor"], True),
        ("docs/vendor/a.md", ["vendor/"], True),
        ("docs/vendors/a.md", ["vendor"], False),
        ("docs/a.draft.md", ["*.draft.md"], True),
        ("docs/a.md", ["*.draft.md"], False),
        ("docs/x/y/a.md", ["docs/**/a.md"], True),
        ("docs/a.md", ["docs/**/a.md"], True),
        ("other/docs/a.md", ["docs/*.md"], False),
        ("docs/sub/a.md", ["docs/*.md"], False),
        ("docs/sub/a.md", ["docs/*"], True),
        ("a.md", ["?.md"], True),
        ("ab.md", ["?.md"], False),
    ],
)
def test_exclude_globs(tmp_path: Path, rel: str, patterns: list[str], hit: bool) -> None:
    assert excluded(tmp_path / rel, patterns, tmp_path) is hit


def test_paths_outside_the_root_are_never_excluded(tmp_path: Path) -> None:
    assert not excluded(tmp_path.parent / "a.md", ["*.md"], tmp_path)


def test_error_names_file_key_and_line(tmp_path: Path) -> None:
    cfg = tmp_path / ".mtclean.yaml"
    cfg.write_text("select: [CAL]\n\nexclude: 3\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings(cfg)
    assert str(info.value) == f"{cfg}:3: exclude: must be a list of strings"
    assert Settings(None).label == "<defaults>"


def test_a_runs_folder_answers_match_a_fresh_search_and_parse_each_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files of one project share the climb: a pyproject.toml without the table is parsed
    once for all of them, and every answer is the one a fresh search gives."""
    import tomllib

    (tmp_path / "pyproject.toml").write_text("[tool.ruff]\nline-length = 100\n", encoding="utf-8")
    (tmp_path / "docs" / "en").mkdir(parents=True)
    (tmp_path / "docs" / "de").mkdir()
    (tmp_path / "docs" / "de" / ".mtclean.yaml").write_text("severity: info\n", encoding="utf-8")
    files = [tmp_path / "docs" / lang / f"{i}.md" for lang in ("en", "de", "en") for i in range(4)] + [tmp_path / "x.md"]
    fresh = [find_config(f) for f in files]
    parsed: list[str] = []
    real = tomllib.loads
    monkeypatch.setattr(tomllib, "loads", lambda text: parsed.append(text) or real(text))
    known: dict[Path, Path | None] = {}
    assert [find_config(f, known) for f in files] == fresh
    assert fresh[0] is None and fresh[4] == (tmp_path / "docs" / "de" / ".mtclean.yaml").resolve()
    assert len(parsed) == 1
