"""Line-aligned corpora: reading them the way the ``sacrebleu`` command line does,
detokenizing Moses-style text, and cleaning each segment with the pipeline.

Segments are split on "\\n" only and right-stripped, exactly as sacrebleu reads
its inputs, so our scores are sacrebleu's scores on the same files. Python's
``str.splitlines`` would also split on U+2028 and friends and shift every line
after such a character.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..config import Config
from ..errors import InputError
from ..io import read_text
from ..model import FileResult
from ..pipeline import Pipeline
from ..rules import RuleSet
from ..stages import build_pipeline


def read_segments(path: Path, encoding: str | None = None) -> list[str]:
    text = read_text(path, encoding).text
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.rstrip() for line in lines]


def read_aligned(paths: Sequence[Path], encoding: str | None = None) -> list[list[str]]:
    """All files, which must have the same number of segments (an error names the odd one)."""
    corpora = [read_segments(p, encoding) for p in paths]
    if corpora:
        n = len(corpora[0])
        if n == 0:
            raise InputError("is empty: there is nothing to score", str(paths[0]))
        for p, c in zip(paths, corpora):
            if len(c) != n:
                raise InputError(f"has {len(c)} lines but {paths[0]} has {n}; files must be line-aligned", str(p))
    return corpora


class Detokenizer:
    """Moses-tokenized English ("word , word 't") back to running text, via sacremoses,
    the maintained Python port of the Moses scripts that produced the tokens."""

    def __init__(self, lang: str = "en") -> None:
        from sacremoses import MosesDetokenizer

        self._moses = MosesDetokenizer(lang=lang)

    def __call__(self, segment: str) -> str:
        return self._moses.detokenize(segment.split())


def detokenize_all(segments: list[str]) -> list[str]:
    detok = Detokenizer()
    return [detok(s) for s in segments]


@dataclass
class Cleaned:
    segments: list[str]
    results: list[FileResult]  # one per segment; edits and findings in that segment's coordinates


def clean_segments(segments: Sequence[str], config: Config, rules: RuleSet, path: str = "<segments>") -> Cleaned:
    """Each segment through the pipeline on its own, so segment i of the output is
    segment i of the input whatever characters a segment contains."""
    seg_config = replace(config, lines=True)
    pipeline: Pipeline = build_pipeline(rules, seg_config)
    results = [pipeline.run(s, f"{path}:{i}") for i, s in enumerate(segments, 1)]
    return Cleaned([r.cleaned for r in results], results)
