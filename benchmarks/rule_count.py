"""What more rules cost: throughput of the regex and phrase-table stages on the English
corpus (benchmarks/corpus.py) with the built-in rules, then with a generated phrase
table of 10x and 100x as many entries as the built-in tables hold.

    PYTHONPATH=src python3 benchmarks/rule_count.py                 # this checkout
    PYTHONPATH=/path/to/other/src python3 benchmarks/rule_count.py  # e.g. main before phrase tables
    PYTHONPATH=src python3 benchmarks/rule_count.py --before /path/to/old/src --rounds 5

``--before`` measures the built-in rules of this checkout and of another one side by
side: fresh processes, alternating, medians of ``--rounds`` (the load of a shared
machine moves absolute figures; the ratio is what counts).

A phrase table is matched in one Aho-Corasick pass over the text, so its cost should
grow with the text and the hits, not with the entries; the figure that counts is the
ratio of the 100x run to the built-in run. The generated entries are two- and
three-word phrases of content words (wordfreq's English list, skipping the commonest
words), each with a suggestion and an example, written as a rule file in a temporary
folder and loaded through the ordinary loader (``--rules``). Times are CPU seconds of
the stages' ``check`` on each document, in turn within each of ``--repeat`` rounds after one warm-up round; the
figures are medians, the ratio the median of the rounds' ratios.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE)]  # mtclean itself comes from PYTHONPATH (or the installed package)

import corpus

from mtclean.config import Config
from mtclean.pipeline import Context
from mtclean.rules import RuleSet, load_rules
from mtclean.stages import build_stages
from mtclean.stages.regex_rules import RegexStage

try:
    from mtclean.stages.phrases import PhraseStage

    KINDS: tuple[type, ...] = (RegexStage, PhraseStage)
except ImportError:  # a checkout from before phrase tables: its regex stages only
    PhraseStage = None  # type: ignore[assignment,misc]
    KINDS = (RegexStage,)


def table_entries(rules: RuleSet) -> int:
    return sum(len(r.compiled.entries) for r in rules.rules if r.kind == "phrases")


def generated_table(n: int, folder: Path, seed: int = 13) -> None:
    """A rule file with ``n`` phrase entries made of content words."""
    from wordfreq import top_n_list

    words = [w for w in top_n_list("en", 20_000)[500:] if w.isalpha() and len(w) > 3]
    rng = random.Random(seed)
    seen: set[str] = set()
    lines = [
        "stage: calque",
        "class: calque",
        "rules:",
        "  - id: GEN001",
        "    kind: phrases",
        "    message: Generated entry.",
        "    phrases:",
    ]
    forms: set[str] = set()
    while len(seen) < n:
        phrase = " ".join(rng.sample(words, rng.choice((2, 2, 3))))
        if phrase in forms or phrase + "s" in forms or phrase.endswith("s") and phrase[:-1] in forms:
            continue  # "x{s}" also stands for "xs": no form twice
        seen.add(phrase)
        forms.update((phrase, phrase + "s"))
        lines.append(f"      - {{phrase: '{phrase}{{s}}', suggestion: 'x', examples: {{bad: ['A {phrase} here.']}}}}")
    (folder / "generated.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def prepared(rules: RuleSet) -> tuple[list[Any], Context]:
    config = Config()
    return [s for s in build_stages(rules, config) if isinstance(s, KINDS)], Context(config, rules)


def once(stages: list[Any], ctx: Context, texts: list[str]) -> tuple[float, int]:
    """CPU seconds of the regex and phrase stages' checks over the texts, and the number
    of findings."""
    found = 0
    t0 = time.process_time()
    for text in texts:
        ctx.cache.clear()
        for stage in stages:
            found += len(stage.check(text, ctx))
    return time.process_time() - t0, found


def timed(rules: RuleSet, texts: list[str], repeat: int) -> tuple[float, int]:
    """The best of ``repeat`` runs of :func:`once` (the ``--before`` comparison's figure)."""
    stages, ctx = prepared(rules)
    runs = [once(stages, ctx, texts) for _ in range(repeat)]
    return min(t for t, _ in runs), runs[-1][1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--before", type=Path, help="another checkout's src/ to compare the built-in rules with")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--builtin-only", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.before is not None:
        compare(args.before, args.rounds, args.repeat)
        return

    en, _ = corpus.build()
    texts = [p.read_text(encoding="utf-8") for p in corpus.files(en)]
    mb = sum(len(t.encode("utf-8")) for t in texts) / corpus.MB
    builtin = load_rules()
    n = table_entries(builtin)
    print(f"English corpus: {mb:.1f} MB, {len(texts)} files; mtclean from {Path(sys.modules['mtclean'].__file__).parent}")
    print(f"built-in rules: {len(builtin.rules)}, phrase-table entries: {n}")
    base, found = timed(builtin, texts, args.repeat)
    if args.builtin_only:
        print(f"RESULT {base} {mb} {len(builtin.rules)} {n} {found}")
        return
    print(f"{'rules':<34}{'entries':>9}{'CPU s':>8}{'MB/s':>8}{'findings':>10}{'x built-in':>12}")
    if PhraseStage is None:
        print(f"{'built-in':<34}{n:>9}{base:>8.2f}{mb / base:>8.2f}{found:>10}{1.0:>12.2f}")
        return
    # The three rule sets are timed in turn within each repeat (the built-in one again
    # too), so a drift of the machine's speed over the minutes of the run moves all alike.
    sets = [("built-in", builtin)]
    with tempfile.TemporaryDirectory() as tmp:
        for factor in (10, 100):
            folder = Path(tmp) / str(factor)
            folder.mkdir()
            generated_table(factor * max(n, 1), folder)
            sets.append((f"built-in + generated ({factor}x)", load_rules([folder])))
        ready = [(label, rules, *prepared(rules)) for label, rules in sets]
        found_by = {label: once(stages, ctx, texts)[1] for label, _, stages, ctx in ready}  # warm: databases built
        times: dict[str, list[float]] = {label: [] for label, _ in sets}
        for _ in range(args.repeat):
            for label, _, stages, ctx in ready:
                times[label].append(once(stages, ctx, texts)[0])
    # The issue's figure: the median of the rounds' ratios (each round runs all three in turn).
    for label, rules in sets:
        spent = statistics.median(times[label])
        ratio = statistics.median(t / b for t, b in zip(times[label], times["built-in"]))
        print(f"{label:<34}{table_entries(rules):>9}{spent:>8.2f}{mb / spent:>8.2f}{found_by[label]:>10}{ratio:>12.2f}")


def compare(before: Path, rounds: int, repeat: int) -> None:
    import os
    import statistics
    import subprocess

    here = Path(sys.modules["mtclean"].__file__).resolve().parent.parent
    runs: dict[str, list[float]] = {"before": [], "after": []}
    info: dict[str, list[str]] = {}
    for _ in range(rounds):
        for label, src in (("before", before.resolve()), ("after", here)):
            env = dict(os.environ, PYTHONPATH=str(src))
            out = subprocess.run(
                [sys.executable, __file__, "--builtin-only", "--repeat", str(repeat)],
                env=env, capture_output=True, text=True, check=True,
            ).stdout
            fields = next(line for line in out.splitlines() if line.startswith("RESULT")).split()[1:]
            runs[label].append(float(fields[0]))
            info[label] = fields
    mb = float(info["after"][1])
    print(f"regex and phrase stages on the English corpus ({mb:.1f} MB), built-in rules, medians of {rounds} alternating runs")
    print(f"{'':<8}{'rules':>7}{'entries':>9}{'CPU s':>8}{'MB/s':>8}{'findings':>10}")
    for label in ("before", "after"):
        sec = statistics.median(runs[label])
        _, _, rules, entries, found = info[label]
        print(f"{label:<8}{rules:>7}{entries:>9}{sec:>8.2f}{mb / sec:>8.2f}{found:>10}")
    ratios = [b / a for b, a in zip(runs["before"], runs["after"])]
    print(f"after / before throughput, per round: {', '.join(f'{r:.2f}' for r in ratios)} (median {statistics.median(ratios):.2f})")


if __name__ == "__main__":
    main()
