"""``mtclean eval``: every rule's edits judged against professional post-edits."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from .. import __version__
from ..io import write_atomic
from . import app
from .common import IgnoreOpt, RulesOpt, SelectOpt, UnsafeOpt, load, make_config


@app.command("eval")
def eval_command(
    mt: Path = typer.Option(..., "--mt", help="MT output, one segment per line."),
    pe: Path = typer.Option(..., "--pe", help="Post-edits of MT, line-aligned."),
    ref: Path = typer.Option(None, "--ref", help="An independent reference translation, line-aligned."),
    src: Path = typer.Option(None, "--src", help="The source segments (shown with each finding)."),
    detok: bool = typer.Option(False, "--detok", help="Inputs are Moses-tokenized ('word ,'): detokenize first."),
    json_out: Path = typer.Option(None, "--json", help="Write the JSON result here ('-' for stdout only)."),
    html_out: Path = typer.Option(None, "--html", help="Write a standalone HTML page here."),
    examples: int = typer.Option(5, "--examples", help="Show this many edits the post-editors did not make."),
    encoding: str = typer.Option(None, "--encoding", help="Decode inputs with this encoding."),
    unsafe_fixes: bool = UnsafeOpt,
    rules: list[Path] = RulesOpt,
    select: list[str] = SelectOpt,
    ignore: list[str] = IgnoreOpt,
) -> None:
    """Clean each MT segment and judge every edit against the post-edit: agree, partly, contradict;
    precision per rule; TER and chrF before -> after."""
    # sacrebleu, numpy and the quality modules load only for this command (not for check/fix)
    from ..quality.corpus import detokenize_all, read_aligned
    from ..quality.evaluate import evaluate
    from ..quality.report import html_page, terminal
    from ..runner import signature
    paths = [mt, pe] + [p for p in (ref, src) if p is not None]
    corpora = read_aligned(paths, encoding)
    english = 3 if ref is not None else 2  # the source stays as it is: it is only shown
    if detok:
        corpora = [detokenize_all(c) for c in corpora[:english]] + corpora[english:]
    mt_seg, pe_seg = corpora[0], corpora[1]
    ref_seg = corpora[2] if ref is not None else None
    src_seg = corpora[-1] if src is not None else None
    config = make_config(rules, unsafe_fixes, True, select, ignore)
    ruleset = load(config)
    ev = evaluate(mt_seg, pe_seg, config, ruleset, ref_seg, src_seg)
    ev.inputs = {
        "mt": str(mt),
        "pe": str(pe),
        "ref": str(ref) if ref is not None else None,
        "src": str(src) if src is not None else None,
        "detok": detok,
    }
    d = ev.as_dict(__version__, signature(ruleset, config))
    quiet = json_out is not None and str(json_out) == "-"
    if quiet:
        sys.stdout.write(json.dumps(d, ensure_ascii=True, indent=1) + "\n")
    else:
        sys.stdout.write(terminal(d, examples))
        if json_out is not None:
            write_atomic(json_out, json.dumps(d, ensure_ascii=True, indent=1) + "\n")
    if html_out is not None:
        write_atomic(html_out, html_page(d))
