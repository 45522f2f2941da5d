"""``mtclean score``: sacrebleu's BLEU, chrF and TER of a hypothesis file, and with
``--clean`` of the cleaned hypothesis too, so one command shows before → after."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer

from .. import __version__
from . import app
from .common import IgnoreOpt, RulesOpt, SelectOpt, UnsafeOpt, fail, load, make_config

SCHEMA = "mtclean-score/1"


@app.command()
def score(
    hyp: Path = typer.Argument(..., help="Hypothesis: one segment per line."),
    ref: list[Path] = typer.Option(..., "--ref", "-r", help="Reference, line-aligned with HYP (repeatable)."),
    clean: bool = typer.Option(False, "--clean", help="Also clean HYP with the pipeline and score the result."),
    detok: bool = typer.Option(False, "--detok", help="Inputs are Moses-tokenized: detokenize them first."),
    metrics: str = typer.Option("bleu,chrf,ter", "--metrics", "-m", help="Comma-separated: bleu,chrf,ter."),
    width: int = typer.Option(1, "--width", "-w", help="Decimals, as sacrebleu's --width."),
    worst: int = typer.Option(10, "--worst", help="With --clean: list this many worst sentence regressions."),
    json_out: Path = typer.Option(None, "--json", help="Write the JSON result here ('-' for stdout only)."),
    encoding: str = typer.Option(None, "--encoding", help="Decode inputs with this encoding."),
    unsafe_fixes: bool = UnsafeOpt,
    rules: list[Path] = RulesOpt,
    select: list[str] = SelectOpt,
    ignore: list[str] = IgnoreOpt,
) -> None:
    """Corpus BLEU, chrF and TER (sacrebleu, with signatures); with --clean, before → after
    and how many segments got better, worse or stayed the same (sentence chrF)."""
    # sacrebleu, numpy and the quality modules load only for this command (not for check/fix)
    from ..quality.corpus import clean_segments, detokenize_all, read_aligned
    from ..quality.score import METRICS, corpus_scores, segment_deltas
    from ..runner import signature
    chosen = [m.strip().lower() for m in metrics.split(",") if m.strip()]
    unknown = [m for m in chosen if m not in METRICS]
    if unknown or not chosen:
        fail(f"--metrics: unknown metric {unknown[0] if unknown else metrics!r} (have: {', '.join(METRICS)})")
    corpora = read_aligned([hyp, *ref], encoding)
    if detok:
        corpora = [detokenize_all(c) for c in corpora]
    hyps, refs = corpora[0], corpora[1:]
    before = corpus_scores(hyps, refs, chosen, width)
    result: dict[str, Any] = {
        "schema": SCHEMA,
        "version": __version__,
        "hyp": str(hyp),
        "refs": [str(r) for r in ref],
        "detok": detok,
        "segments": len(hyps),
        "scores": [s.as_dict(width) for s in before],
        "cleaned": None,
    }
    quiet = json_out is not None and str(json_out) == "-"
    say = (lambda *a: None) if quiet else print
    say(f"{hyp} ({len(hyps)} segments) against {', '.join(map(str, ref))}")
    for s in before:
        say(s.text)
    if clean:
        config = make_config(rules, unsafe_fixes, True, select, ignore)
        ruleset = load(config)
        cleaned = clean_segments(hyps, config, ruleset, str(hyp)).segments
        after = corpus_scores(cleaned, refs, chosen, width)
        deltas = segment_deltas(hyps, cleaned, refs)
        sig = signature(ruleset, config)
        result["cleaned"] = {
            "signature": sig,
            "scores": [s.as_dict(width) for s in after],
            "segments": deltas.as_dict(worst),
        }
        say(f"cleaned with {sig}")
        for s in after:
            say(s.text)
        for b, a in zip(before, after):
            say(f"{b.name}: {b.score:.{width}f} -> {a.score:.{width}f} ({a.score - b.score:+.{width}f})")
        say(
            f"segments: {deltas.total}, edited {len(deltas.changes)}: better {deltas.better}, "
            f"worse {deltas.worse}, unchanged {deltas.unchanged} (sentence chrF)"
        )
        regressions = deltas.worst(worst)
        if regressions:
            say("worst regressions (sentence chrF):")
        for c in regressions:
            say(f"  line {c.line}: {c.chrf_before:.2f} -> {c.chrf_after:.2f} ({c.delta:+.2f})")
            say(f"    - {c.before}")
            say(f"    + {c.after}")
    if json_out is not None:
        text = json.dumps(result, ensure_ascii=True, indent=1) + "\n"
        if quiet:
            sys.stdout.write(text)
        else:
            from ..io import write_atomic

            write_atomic(json_out, text)
