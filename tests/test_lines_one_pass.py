"""``--lines`` in one pass (Pipeline._run_lines, RegexStage.one_pass) gives byte for byte
what cleaning every segment on its own as a text gives (the plain way, written out here),
on real MT output: the four WMT21 systems and MLQE-PE."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtclean.api import rules_for
from mtclean.config import Config
from mtclean.model import Edit, FileResult, Finding
from mtclean.pipeline import Context, Pipeline
from mtclean.stages import build_pipeline
from mtclean.stages.regex_rules import RegexStage


def per_segment(pipeline: Pipeline, text: str, path: str) -> FileResult:
    """Each segment through the whole stage loop on its own (what --lines did before one pass)."""
    findings: list[Finding] = []
    edits: list[Edit] = []
    out: list[str] = []
    offset = 0
    for line in text.split("\n"):
        line += "\n" if offset + len(line) < len(text) else ""
        if not line:
            break
        body = line.rstrip("\r\n")
        f, e, cleaned = pipeline._run_text(body, path, whole=text, offset=offset)
        for x in f:
            x.start += offset
            x.end += offset
        findings.extend(f)
        edits.extend(Edit(x.start + offset, x.end + offset, x.replacement) for x in e)
        out.append(cleaned + line[len(body) :])
        offset += len(line)
    return FileResult(path, text, "".join(out), findings, edits)


def _key(r: FileResult) -> tuple[object, ...]:
    return (
        r.cleaned,
        [(e.start, e.end, e.replacement) for e in r.edits],
        [(f.rule, f.start, f.end, f.text, f.message, f.suggestion, f.fix, f.applied, f.stage) for f in r.findings],
    )


def _files(shared: Path) -> list[Path]:
    files = sorted((shared / "data" / "wmt21-deen").glob("*.hyp.*.en"))
    files += sorted((shared / "data" / "mlqe-pe-dev").glob("*/dev.mt"))
    return files


def test_real_mt_files_are_cleaned_alike_in_one_pass(shared: Path) -> None:
    config = Config(lines=True)
    pipeline = build_pipeline(rules_for(config), config)
    assert any(isinstance(s, RegexStage) and s._joined is not None for s in pipeline.stages)
    files = _files(shared)
    assert len(files) >= 4
    fixed = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        fast, plain = pipeline.run(text, path.name), per_segment(pipeline, text, path.name)
        assert _key(fast) == _key(plain), path
        fixed += len(plain.edits)
    assert fixed > 0  # the comparison covers applied fixes, not only flags


@pytest.mark.parametrize(
    "text",
    [
        "Photo: dpa\nThe 1.000 people came.\r\nHe said so .\n\nBerlin (dpa) - It rained.\n",
        "x\n\n\n©  dpa\nEnde",
        "Read more\nRead more\nthe Ukraine\n",
        "",
        "\n",
        "no line end at the end: 10 Uhr",
    ],
)
def test_edge_cases_are_cleaned_alike(text: str) -> None:
    config = Config(lines=True)
    pipeline = build_pipeline(rules_for(config), config)
    assert _key(pipeline.run(text, "t.txt")) == _key(per_segment(pipeline, text, "t.txt"))


def test_segments_left_out_of_the_per_segment_rules_find_nothing(shared: Path) -> None:
    """The rules one pass cannot take (not line-local) run only on the segments holding one
    of their literals: every segment they find anything in is among them, on the rules'
    own examples and real MT lines."""
    config = Config(lines=True)
    pipeline = build_pipeline(rules_for(config), config)
    segments = [line for r in pipeline.rules.rules for ex in r.bad + r.good for line in ex.text.split("\n")]
    for path in _files(shared)[:2]:
        segments += path.read_text(encoding="utf-8").split("\n")[:500]
    checked = 0
    for stage in pipeline.stages:
        if not isinstance(stage, RegexStage) or stage.split() is None or not stage.split()[1].rules:
            continue
        local = stage.split()[1]
        named = local.holding_literals(segments)
        assert named is not None and len(named) < len(segments) / 2, stage.name  # it filters
        ctx = Context(config, pipeline.rules, "x.txt")
        found = {k for k, seg in enumerate(segments) if local.check(seg, ctx)}
        assert found and found <= named, (stage.name, [segments[k] for k in sorted(found - named)[:3]])
        checked += 1
    assert checked >= 2
