"""Speed work must not change results: the seed and samples of real text, cleaned now,
against the outputs the code gave BEFORE the run-speed work (issue 18, acceptance 5).

The expected files under ``tests/data/golden/`` were generated with the ORIGINAL code
(commit 1b8e258, before the token layer, the stages and ``--lines`` were made faster) by
``python tests/test_outputs_unchanged.py --regenerate``. Regenerate them only for a change
of behaviour that is meant (a new rule, a fixed false alarm), and say so in the commit:
a speed change that needs new expected outputs is a bug.

Each case is one real text read at test time: the seed article, 400 lines of the WMT21
human references and of two WMT21 MT systems (from ``../shared``), cleaned as a document
and, for the seed and the MT output, as segments (``--lines``). What is compared is everything a
user sees: the cleaned text (by hash), the applied edits, and every finding (rule, span,
text, message, suggestion, fix safety, applied, stage, recorded fix).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "data" / "golden"
LINES = 400

# (name, source: "seed" or a file under shared/data/wmt21-deen, first line, --lines?)
CASES: list[tuple[str, str, int, bool]] = [
    ("seed", "seed", 0, False),
    ("seed-lines", "seed", 0, True),
    ("wmt21-ref-A", "newstest2021.de-en.ref.A.en", 0, False),
    ("wmt21-ref-B", "newstest2021.de-en.ref.B.en", 400, False),
    ("wmt21-online-b-doc", "newstest2021.de-en.hyp.Online-B.en", 0, False),
    ("wmt21-online-b-lines", "newstest2021.de-en.hyp.Online-B.en", 0, True),
    ("wmt21-happypoet-lines", "newstest2021.de-en.hyp.happypoet.en", 400, True),
    ("wmt21-online-g-lines", "newstest2021.de-en.hyp.Online-G.en", 0, True),
]


def _text(source: str, first: int, shared: Path) -> str:
    if source == "seed":
        return (ROOT / "seeds" / "000_7812e24d0ad2b208.txt").read_text(encoding="utf-8")
    lines = (shared / "data" / "wmt21-deen" / source).read_text(encoding="utf-8").split("\n")
    return "\n".join(lines[first : first + LINES]) + "\n"


def outputs(text: str, lines: bool) -> dict[str, Any]:
    """Everything the pipeline gives for ``text`` (LanguageTool off: its findings are not mtclean's)."""
    from mtclean.api import rules_for
    from mtclean.config import Config, GrammarConfig
    from mtclean.stages import build_pipeline

    config = Config(lines=lines, grammar=GrammarConfig(mode="off"))
    result = build_pipeline(rules_for(config), config).run(text, "sample.txt")
    return {
        "input_sha256": hashlib.sha256(text.encode()).hexdigest(),
        "cleaned_sha256": hashlib.sha256(result.cleaned.encode()).hexdigest(),
        "edits": [[e.start, e.end, e.replacement] for e in result.edits],
        "findings": [
            [f.rule, f.start, f.end, f.text, f.message, f.suggestion, f.fix, f.applied, f.stage,
             None if "fix" not in f.extra else list(f.extra["fix"])]
            for f in result.findings
        ],
    }


@pytest.mark.parametrize("name,source,first,lines", CASES, ids=[c[0] for c in CASES])
def test_outputs_as_before(name: str, source: str, first: int, lines: bool, shared: Path) -> None:
    expected = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    text = _text(source, first, shared)
    if hashlib.sha256(text.encode()).hexdigest() != expected["input_sha256"]:
        pytest.skip(f"{source} is not the text the expected outputs were made from")
    got = outputs(text, lines)
    assert len(got["findings"]) == len(expected["findings"])
    for g, e in zip(got["findings"], expected["findings"]):
        assert g == e
    assert got["edits"] == expected["edits"]
    assert got["cleaned_sha256"] == expected["cleaned_sha256"]


def test_cases_find_something() -> None:
    """The samples exercise the stages: findings of many rules, fixes applied, in both modes."""
    rules: set[str] = set()
    for name, _, _, lines in CASES:
        data = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
        rules.update(f[0] for f in data["findings"])
        if name != "seed":
            assert data["findings"], name
    assert len(rules) >= 25
    assert any(r.startswith("CAP") for r in rules) and any(r.startswith("UNT") for r in rules)


def _regenerate(shared: Path) -> None:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for name, source, first, lines in CASES:
        data = outputs(_text(source, first, shared), lines)
        (GOLDEN / f"{name}.json").write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
        print(name, len(data["findings"]), "findings", len(data["edits"]), "edits")


if __name__ == "__main__":
    if sys.argv[1:] != ["--regenerate"]:
        raise SystemExit("usage: python tests/test_outputs_unchanged.py --regenerate")
    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import SHARED

    _regenerate(SHARED)
