"""``mtclean eval``: every rule's edits judged against professional post-edits
(``--mt``/``--pe``), or a run scored against span-annotated documents (``--spans``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from .. import __version__
from ..io import write_atomic
from . import app
from .common import (
    GrammarOpt,
    IgnoreOpt,
    LanguageToolUrlOpt,
    RulesOpt,
    SelectOpt,
    UnsafeOpt,
    fail,
    grammar_options,
    load,
    make_config,
)


@app.command("eval")
def eval_command(
    docs: list[Path] = typer.Argument(
        None, metavar="[DOCS]...", help="With --spans: the annotated documents (files or folders), named by file stem."
    ),
    mt: Path = typer.Option(None, "--mt", help="MT output, one segment per line."),
    pe: Path = typer.Option(None, "--pe", help="Post-edits of MT, line-aligned."),
    spans: Path = typer.Option(
        None, "--spans", metavar="GOLD.jsonl", help="Span annotations (webmt-dev format): score a run of DOCS against them."
    ),
    skip_note: list[str] = typer.Option(
        ["date prefix"], "--skip-note", metavar="PREFIX",
        help="With --spans: leave out annotations whose note starts so (repeatable; '' keeps all).",
    ),
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
    languagetool_url: str = LanguageToolUrlOpt,
    grammar: str = GrammarOpt,
) -> None:
    """Clean each MT segment and judge every edit against the post-edit: agree, partly, contradict;
    precision per rule; TER and chrF before -> after. With --spans GOLD.jsonl DOCS...: per class,
    how many annotated artifacts the run flags and fixes as the annotator did, and the precision
    of its applied fixes and flags."""
    if spans is not None:
        if mt is not None or pe is not None:
            fail("--spans scores documents; --mt/--pe score segments against post-edits: use one or the other")
        config = make_config(rules, unsafe_fixes, False, select, ignore)
        grammar_options(config, languagetool_url, grammar)
        # A measuring loop, run after every rule edit: like check, its auto mode uses a
        # LanguageTool server that is there and starts none (--grammar local does).
        config.grammar.auto_start = False
        from .spans_cmd import eval_spans

        eval_spans(spans, list(docs or []), skip_note, config, encoding, json_out, examples)
        return
    # sacrebleu, numpy and the quality modules load only for this command (not for check/fix)
    from ..quality.corpus import detokenize_all, read_aligned
    from ..quality.evaluate import evaluate
    from ..quality.report import html_page, terminal
    from ..runner import signature

    if mt is None or pe is None or docs:
        fail("eval needs --mt MT --pe PE (segments against post-edits) or --spans GOLD.jsonl DOCS...")
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
