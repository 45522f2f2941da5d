"""The page-chrome, layout and number-format families on real data.

Precision: on human English (the WMT21 references A and B, one segment per line; the
Python help topics and the Debian licences) the boilerplate and layout stages apply no
fix outside white space, and their white-space fixes are the listed, justified ones.
Coverage: on webmt-dev (real German→English web pages with an editor's annotation) the
families find most of what the editor marked, and every fix they apply lies on a marked
artifact. The measurement reads the annotation; no text of it is copied here."""

from __future__ import annotations

import json
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest

from mtclean import Config
from mtclean.api import rules_for
from mtclean.io import read_text
from mtclean.model import Finding
from mtclean.stages import build_pipeline

STAGES = {"boilerplate", "layout"}
FAMILY_FILES = {"page_chrome.yaml", "layout.yaml", "number_format.yaml"}

# White-space fixes these stages make on human text, each checked by hand:
# reference A writes "… following a multiple year break ." (a space before the final
# full stop); closing it up is right.
JUSTIFIED_SPACING = {("newstest2021.de-en.ref.A.en", "LAY002", " ", " multiple year break .")}


@lru_cache(maxsize=16)
def findings(path: Path, lines: bool) -> tuple[str, list[Finding]]:
    config = Config(lines=lines)
    text = read_text(path).text
    return text, build_pipeline(rules_for(config), config).run(text, path.name).findings


def family_rules() -> set[str]:
    return {r.id for r in rules_for(Config()).rules if Path(r.path).name in FAMILY_FILES}


def _documentation() -> list[tuple[str, str]]:
    from pydoc_data.topics import topics

    docs = [(f"topic:{k}", v) for k, v in sorted(topics.items())]
    docs += [
        (f"licence:{p.name}", p.read_text(encoding="utf-8"))
        for p in sorted(Path("/usr/share/common-licenses").glob("*"))
        if p.is_file()
    ]
    return docs


def _applied_on_human_text(shared: Path) -> list[tuple[str, str, str, str, str]]:
    """(file, rule, class, matched text, the 20 characters before it and it)."""
    out = []
    texts: list[tuple[str, str, list[Finding]]] = []
    for ref in sorted((shared / "data" / "wmt21-deen").glob("*.ref.*.en")):
        texts.append((ref.name, *findings(ref, True)))
    config = Config()
    pipeline = build_pipeline(rules_for(config), config)
    texts += [(name, text, pipeline.run(text, name).findings) for name, text in _documentation()]
    for name, text, found in texts:
        for f in found:
            if f.applied and f.stage in STAGES:
                out.append((name, f.rule, f.cls, f.text, text[max(0, f.start - 20) : f.end + 1]))
    return out


def test_no_fix_outside_white_space_on_human_text(shared: Path) -> None:
    applied = _applied_on_human_text(shared)
    assert [a for a in applied if a[2] != "whitespace"] == []
    spacing = {(name, rule, text, context) for name, rule, cls, text, context in applied if cls == "whitespace"}
    assert spacing == JUSTIFIED_SPACING


def test_mt_output_gets_layout_and_number_fixes(shared: Path) -> None:
    """The precision above is not met by doing nothing."""
    rules: Counter[str] = Counter()
    for hyp in sorted((shared / "data" / "wmt21-deen").glob("*.hyp.*.en")):
        rules.update(f.rule for f in findings(hyp, True)[1] if f.applied and f.stage == "layout")
    assert rules["LAY008"] >= 3 and rules["NUM001"] >= 1, rules


@lru_cache(maxsize=1)
def webmt(shared: Path) -> tuple[dict[str, list[dict]], dict[str, list[Finding]]]:
    dev = shared / "data" / "webmt-dev"
    gold: dict[str, list[dict]] = {}
    for line in (dev / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        g = json.loads(line)
        if not (g.get("note") or "").startswith("date prefix"):  # page-store metadata, not page text
            gold.setdefault(g["doc"], []).append(g)
    config = Config()
    pipeline = build_pipeline(rules_for(config), config)
    found = {}
    for path in sorted((dev / "docs").glob("*.txt")):
        with open(path, encoding="utf-8", newline="") as fh:
            found[path.stem] = pipeline.run(fh.read(), path.name).findings
    return gold, found


def _overlaps(f: Finding, g: dict) -> bool:
    return f.start < g["end"] and g["start"] < f.end


@pytest.mark.parametrize(
    ("cls", "share"),
    [("boilerplate", 0.6), ("whitespace", 0.85), ("number-format", 0.9), ("other:layout", 0.8)],
)
def test_webmt_coverage(shared: Path, cls: str, share: float) -> None:
    """Share of the editor's artifacts of a class that a finding overlaps. `other:layout`
    is the drop-cap and German-quotation-mark part of class other."""
    if not (shared / "data" / "webmt-dev" / "gold.jsonl").is_file():
        pytest.skip("webmt-dev not present")
    gold, found = webmt(shared)
    total = hit = 0
    for doc, marks in gold.items():
        for g in marks:
            if cls == "other:layout":
                if g["class"] != "other" or not ("drop-cap" in g["note"] or g["text"].strip() in ("„", "“")):
                    continue
            elif g["class"] != cls:
                continue
            total += 1
            hit += any(_overlaps(f, g) or f.start == f.end == g["start"] for f in found[doc])
    assert total >= 5
    assert hit / total >= share, (cls, hit, total)


def test_webmt_every_applied_family_fix_lies_on_an_artifact(shared: Path) -> None:
    if not (shared / "data" / "webmt-dev" / "gold.jsonl").is_file():
        pytest.skip("webmt-dev not present")
    gold, found = webmt(shared)
    mine = family_rules()
    applied = stray = 0
    strays = []
    for doc, fs in found.items():
        for f in fs:
            if f.applied and f.rule in mine:
                applied += 1
                if not any(_overlaps(f, g) for g in gold.get(doc, [])):
                    stray += 1
                    strays.append((doc, f.rule, f.text))
    assert applied >= 100
    assert strays == []
