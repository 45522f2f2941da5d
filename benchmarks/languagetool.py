"""LanguageTool on machine translation, measured: which rules to keep, which to apply, and what it costs.

    PYTHONPATH=src python3 benchmarks/languagetool.py tune  [--cache FILE] [--shared DIR]
    PYTHONPATH=src python3 benchmarks/languagetool.py speed [--files N]

``tune`` runs the installed LanguageTool (``mtclean languagetool install``) with every
candidate rule on (picky level, motherTongue=de, the off-by-default style categories)
over three real corpora and prints, per rule:

- ``human``: matches on the WMT21 de-en references A+B (good human news English;
  every match there is, nearly always, a false alarm);
- ``mt`` and ``+/-/=``: matches on the four WMT21 MT systems' outputs, and whether
  applying the match's first suggestion moves the segment's chrF against both
  references up, down, or not at all (a suggestion a reference agrees with scores up);
- ``gold``/``off``/``fix=``: on webmt-dev, matches overlapping an editor's annotated
  artifact, matches outside every annotation, and first suggestions equal to the
  editor's fix on the same span.

The grammar stage's defaults (``mtclean.lt_profile``) were chosen from this table;
``tune --check`` prints the same figures for the shipped defaults (flagged and fixed
per webmt-dev class, precision against the gold, applied fixes per 100 KB of human text).

``speed`` prints LanguageTool's own throughput (sentences/s, KB/s) and a whole
``mtclean run`` over the same files with the grammar stage on and off.
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import sys
import tempfile
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mtclean import languagetool as lt  # noqa: E402
from mtclean import lt_install, lt_profile, lt_server  # noqa: E402
from mtclean.config import GrammarConfig  # noqa: E402

SYSTEMS = ("Online-B", "Online-G", "Online-Y", "happypoet")
OFF_BY_DEFAULT = ["CREATIVE_WRITING", "PLAIN_ENGLISH", "WIKIPEDIA"]


def shared_dir(given: str | None) -> Path:
    return Path(given or os.environ.get("MTCLEAN_SHARED") or ROOT.parent / "shared") / "data"


def start_server() -> lt_server.LocalServer:
    install = lt_install.installed()
    java = lt_install.java()
    if install is None or java is None:
        sys.exit("benchmarks/languagetool.py: needs `mtclean languagetool install` and Java")
    return lt_server.LocalServer(install, java, 180).start()


def check_segments(conn: lt.Connection, segments: list[str], workers: int = 2) -> list[list[lt.Match]]:
    """Matches per segment; segments are sent as paragraphs, many per request."""
    joined, starts, pos = [], [], 0
    for seg in segments:
        starts.append(pos)
        joined.append(seg)
        pos += len(seg) + 2
    text = "\n\n".join(joined)
    pieces = lt.chunks(text, conn.max_chars)
    out: list[list[lt.Match]] = [[] for _ in segments]
    with ThreadPoolExecutor(workers) as pool:
        answers = list(pool.map(lambda p: conn.check(p[1]), pieces))
    for (offset, _piece), matches in zip(pieces, answers):
        for m in matches:
            start = offset + m.start
            i = bisect.bisect_right(starts, start) - 1
            base = starts[i]
            m.start, m.end = start - base, offset + m.end - base
            if m.end <= len(segments[i]):
                out[i].append(m)
    return out


def as_dicts(per_seg: list[list[lt.Match]]) -> list[list[dict]]:
    return [[m.__dict__ for m in ms] for ms in per_seg]


def collect(conn: lt.Connection, data: Path) -> dict:
    wmt = data / "wmt21-deen"
    read = lambda p: p.read_text(encoding="utf-8").split("\n")[:1000]  # noqa: E731
    refs = {k: read(wmt / f"newstest2021.de-en.ref.{k}.en") for k in ("A", "B")}
    got: dict = {"refs": {}, "mt": {}, "web": {}}
    for k, segs in refs.items():
        got["refs"][k] = as_dicts(check_segments(conn, segs))
    for system in SYSTEMS:
        got["mt"][system] = as_dicts(check_segments(conn, read(wmt / f"newstest2021.de-en.hyp.{system}.en")))
    for p in sorted((data / "webmt-dev" / "docs").glob("*.txt")):
        text = open(p, encoding="utf-8", newline="").read()
        got["web"][p.stem] = [m.__dict__ for m in check_segments(conn, [text])[0]]
    return got


def tune(args: argparse.Namespace) -> None:
    data = shared_dir(args.shared)
    cache = Path(args.cache) if args.cache else None
    if cache and cache.exists():
        got = json.loads(cache.read_text(encoding="utf-8"))
    else:
        server = start_server()
        try:
            slow = {"timeout": 300.0, "max_chars": 8000}  # a busy machine: the answers may take long
            wide = GrammarConfig(mode="server", url=server.url, picky=True, enabled_categories=OFF_BY_DEFAULT, **slow)
            got = {"wide": collect(lt.connect(wide, "de"), data)}
            plain = GrammarConfig(mode="server", url=server.url, **slow)
            got["plain"] = collect(lt.connect(plain, None), data)  # default level, no mother tongue
        finally:
            server.stop()
        if cache:
            cache.write_text(json.dumps(got), encoding="utf-8")
    table(got, data)


def _gold(data: Path) -> dict[str, list[dict]]:
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for line in (data / "webmt-dev" / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        g = json.loads(line)
        by_doc[g["doc"]].append(g)
    return by_doc


def table(got: dict, data: Path) -> None:
    from sacrebleu.metrics import CHRF

    chrf = CHRF()
    wmt = data / "wmt21-deen"
    read = lambda p: p.read_text(encoding="utf-8").split("\n")[:1000]  # noqa: E731
    refs = [read(wmt / f"newstest2021.de-en.ref.{k}.en") for k in ("A", "B")]
    wide = got["wide"]
    in_plain = {m["rule_id"] for part in ("refs", "mt") for segs in got["plain"][part].values() for ms in segs for m in ms}
    in_plain |= {m["rule_id"] for ms in got["plain"]["web"].values() for m in ms}
    rows: dict[str, Counter] = defaultdict(Counter)
    cat: dict[str, str] = {}
    for segs in wide["refs"].values():
        for ms in segs:
            for m in ms:
                rows[m["rule_id"]]["human"] += 1
                cat[m["rule_id"]] = m["category"]
    for system, segs in wide["mt"].items():
        hyps = read(wmt / f"newstest2021.de-en.hyp.{system}.en")
        for i, ms in enumerate(segs):
            for m in ms:
                r = rows[m["rule_id"]]
                cat[m["rule_id"]] = m["category"]
                r["mt"] += 1
                if not m["replacements"]:
                    continue
                hyp = hyps[i]
                new = hyp[: m["start"]] + m["replacements"][0] + hyp[m["end"] :]
                ref = [refs[0][i], refs[1][i]]
                d = chrf.sentence_score(new, ref).score - chrf.sentence_score(hyp, ref).score
                r["+" if d > 0.05 else "-" if d < -0.05 else "="] += 1
    gold = _gold(data)
    for doc, ms in wide["web"].items():
        for m in ms:
            r = rows[m["rule_id"]]
            cat[m["rule_id"]] = m["category"]
            over = [g for g in gold[doc] if m["start"] < g["end"] and g["start"] < m["end"]]
            r["gold" if over else "off"] += 1
            if over and m["replacements"] and any(
                g["start"] == m["start"] and g["end"] == m["end"] and g["fix"] == m["replacements"][0] for g in over
            ):
                r["fix="] += 1
    choose(rows, cat, in_plain)
    print(f"{'rule':42} {'category':22} {'dflt':>4} {'human':>5} {'mt':>4} {'+':>4} {'-':>4} {'=':>4} {'gold':>4} {'off':>4} {'fix=':>4}")
    for rid, r in sorted(rows.items(), key=lambda kv: (-kv[1]["mt"] - kv[1]["gold"], kv[0])):
        dflt = "yes" if rid in in_plain else "-"
        print(
            f"{rid[:42]:42} {cat[rid][:22]:22} {dflt:>4} {r['human']:5} {r['mt']:4} {r['+']:4} {r['-']:4} {r['=']:4} "
            f"{r['gold']:4} {r['off']:4} {r['fix=']:4}"
        )


def choose(rows: dict[str, Counter], cat: dict[str, str], in_plain: set[str]) -> None:
    """The profile these figures choose (copied into src/mtclean/lt_profile.py).

    signal = matches on an annotated webmt-dev artifact + MT segments whose chrF
    against the references rose when the first suggestion was applied; noise =
    matches on the human references. A rule is kept when its signal beats its noise;
    an off-by-default category is turned on when its rules' signal beats their
    noise; a kept rule's first suggestion is applied (safe) when it never fired on
    the references and applying it raised chrF at least 9 times in 10 (at least 5
    times), unsafe at 3 in 4 (at least 3 times)."""
    disabled, safe, unsafe = [], [], []
    by_cat: dict[str, Counter] = defaultdict(Counter)
    for rid, r in rows.items():
        by_cat[cat[rid]].update({"signal": r["gold"] + r["+"], "noise": r["human"]})
    enabled = [c for c in OFF_BY_DEFAULT if by_cat[c]["signal"] > by_cat[c]["noise"]]
    for rid, r in rows.items():
        signal, noise = r["gold"] + r["+"], r["human"]
        judged = r["+"] + r["-"]
        on = rid in in_plain or cat[rid] in enabled
        if on and noise >= 2 and signal <= noise:
            disabled.append(rid)
            continue
        if on and r["off"] >= 3 and signal == 0:
            disabled.append(rid)
            continue
        if noise == 0 and r["+"] >= 5 and r["+"] >= 0.9 * judged:
            safe.append(rid)
        elif noise <= 1 and r["+"] >= 3 and r["+"] >= 0.75 * judged:
            unsafe.append(rid)
    picky_only = [rid for rid in rows if rid not in in_plain and cat[rid] not in OFF_BY_DEFAULT]
    picky = Counter()
    for rid in picky_only:
        picky.update({"signal": rows[rid]["gold"] + rows[rid]["+"], "noise": rows[rid]["human"]})
    de = Counter()
    for rid in rows:
        if cat[rid] == "FALSE_FRIENDS" or rid in ("THAN_AS", "WH_VERB_SUBJECT"):
            de.update({"signal": rows[rid]["gold"] + rows[rid]["+"], "noise": rows[rid]["human"], "n": rows[rid]["mt"]})
    print("# chosen by benchmarks/languagetool.py tune")
    print(f"DISABLED_RULES = {sorted(disabled)!r}")
    print(f"ENABLED_CATEGORIES = {enabled!r}  # off by default; per category: "
          + ", ".join(f"{c} {by_cat[c]['signal']}/{by_cat[c]['noise']}" for c in OFF_BY_DEFAULT))
    print(f"SAFE_FIXES = {sorted(safe)!r}")
    print(f"UNSAFE_FIXES = {sorted(unsafe)!r}")
    print(f"PICKY = {picky['signal'] > picky['noise']!r}  # picky-only rules: signal {picky['signal']}, noise {picky['noise']}")
    print(f"MOTHER_TONGUE_DE = {de['signal'] > de['noise']!r}  # L2/false-friend rules: {de['n']} MT matches, "
          f"signal {de['signal']}, noise {de['noise']}")
    print()


def check_defaults(args: argparse.Namespace) -> None:
    """The shipped defaults through mtclean.clean: webmt-dev per class, human applied fixes."""
    import mtclean

    data = shared_dir(args.shared)
    server = start_server()
    try:
        for unsafe in (False, True):
            cfg = mtclean.Config(unsafe_fixes=unsafe)
            cfg.grammar.mode, cfg.grammar.url = "server", server.url
            report_defaults(cfg, data, unsafe)
    finally:
        server.stop()


def report_defaults(cfg, data: Path, unsafe: bool) -> None:  # type: ignore[no-untyped-def]
    import mtclean

    gold = _gold(data)
    per_class: dict[str, Counter] = defaultdict(Counter)
    flagged = hit = applied = applied_hit = 0
    for p in sorted((data / "webmt-dev" / "docs").glob("*.txt")):
        text = open(p, encoding="utf-8", newline="").read()
        res = mtclean.clean(text, cfg, path=p.name)
        lt_f = [f for f in res.findings if f.stage == "grammar"]
        for g in gold[p.stem]:
            over = [f for f in lt_f if f.start < g["end"] and g["start"] < f.end]
            per_class[g["class"]]["gold"] += 1
            per_class[g["class"]]["flagged"] += bool(over)
            per_class[g["class"]]["fixed"] += any(f.applied for f in over)
        for f in lt_f:
            ok = any(f.start < g["end"] and g["start"] < f.end for g in gold[p.stem])
            flagged += 1
            hit += ok
            if f.applied:
                applied += 1
                applied_hit += ok
    print(f"\nwebmt-dev, LanguageTool findings of the shipped defaults ({'with' if unsafe else 'without'} --unsafe-fixes)")
    print(f"{'class':16}{'gold':>6}{'LT flagged':>11}{'LT fixed':>9}")
    for c, s in sorted(per_class.items(), key=lambda kv: -kv[1]["gold"]):
        print(f"{c:16}{s['gold']:6}{s['flagged']:11}{s['fixed']:9}")
    print(f"LT findings {flagged}, on an annotated artifact {hit} (precision {100 * hit / max(1, flagged):.0f}%); "
          f"applied {applied}, on an artifact {applied_hit} ({100 * applied_hit / max(1, applied):.0f}%)")
    wmt = data / "wmt21-deen"
    size = n_applied = n_found = 0
    examples = []
    for k in ("A", "B"):
        text = (wmt / f"newstest2021.de-en.ref.{k}.en").read_text(encoding="utf-8")
        size += len(text.encode("utf-8"))
        res = mtclean.clean(text, _lines(cfg), path=f"ref.{k}")
        lt_f = [f for f in res.findings if f.stage == "grammar"]
        n_found += len(lt_f)
        for f in lt_f:
            if f.applied:
                n_applied += 1
                examples.append((f.rule, text[max(0, f.start - 30) : f.end + 30].replace("\n", " "), f.edit.replacement))
    print(f"WMT21 refs A+B ({size / 1e3:.0f} KB): LT findings {n_found}, applied {n_applied} "
          f"= {100_000 * n_applied / size:.2f} per 100 KB")
    for e in examples[:10]:
        print("   applied on human text:", *e)


def _lines(cfg):  # type: ignore[no-untyped-def]
    import copy

    c = copy.deepcopy(cfg)
    c.lines = True
    return c


def speed(args: argparse.Namespace) -> None:
    """LanguageTool's throughput alone, then a whole run with and without it."""
    from mtclean.api import rules_for
    from mtclean.config import Config
    from mtclean.runner import run

    data = shared_dir(args.shared)
    docs = sorted((data / "webmt-dev" / "docs").glob("*.txt"))[: args.files]
    texts = [d.read_text(encoding="utf-8") for d in docs]
    size = sum(len(t.encode("utf-8")) for t in texts)
    sentences = sum(len(lt._SENTENCE_END.findall(t)) + 1 for t in texts)
    t0 = time.perf_counter()
    server = start_server()
    started = time.perf_counter() - t0
    try:
        cfg = GrammarConfig(mode="server", url=server.url, **lt_profile.request_settings())
        conn = lt.connect(cfg, "de")
        conn.check("Warm up the rules.")
        t0 = time.perf_counter()
        with ThreadPoolExecutor(cfg.concurrency) as pool:
            list(pool.map(lambda t: [conn.check(p) for _, p in lt.chunks(t, conn.max_chars)], texts))
        alone = time.perf_counter() - t0
        print(f"LanguageTool {server.install.version}: start-up {started:.1f} s; {len(texts)} files, {size / 1e3:.0f} KB, "
              f"~{sentences} sentences in {alone:.1f} s = {sentences / alone:.0f} sentences/s, {size / 1e3 / alone:.1f} KB/s "
              f"(concurrency {cfg.concurrency})")
        with tempfile.TemporaryDirectory() as tmp:
            for label, mode in (("with grammar", "server"), ("without grammar", "off")):
                config = Config()
                config.grammar.mode, config.grammar.url = mode, server.url
                lt.forget_connections()
                t0 = time.perf_counter()
                run(docs, Path(tmp) / mode, config, rules_for(config))
                took = time.perf_counter() - t0
                print(f"mtclean run, {label:16}: {took:6.1f} s = {size / 1e3 / took:6.1f} KB/s")
    finally:
        server.stop()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("what", choices=("tune", "check", "speed"))
    ap.add_argument("--cache", help="tune: keep LanguageTool's answers here and reuse them")
    ap.add_argument("--shared", help="the shared data folder (default ../shared)")
    ap.add_argument("--files", type=int, default=86, help="speed: how many webmt-dev files")
    args = ap.parse_args()
    {"tune": tune, "check": check_defaults, "speed": speed}[args.what](args)


if __name__ == "__main__":
    main()
