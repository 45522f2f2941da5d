"""mtclean's speed and memory, measured on real text, next to proselint in the same run.

    python benchmarks/run.py                 # everything (about 10 minutes on 2 cores)
    python benchmarks/run.py --rounds 1 --no-big --no-jobs
    pip install -e '.[bench]'                # proselint and codespell, measured alongside

Prints, for the English corpus (prose and documentation) and the MT corpus (one
segment per line, cleaned with --lines): MB/s, segments/s and peak memory of the
default pipeline and of each stage, proselint and codespell on the same files, the
ratio of mtclean to each in each round (the figure that counts: absolute speeds
drift with the load of the machine), the scaling of ``mtclean run --jobs 1, 2, N``,
the whole process of ``mtclean run --lines`` on the four WMT21 MT files (start-up
included, next to the same run on a one-line file: its fixed cost), the rule-count curve (benchmarks/rule_count.py:
the built-in rules, then a generated phrase table of 10x and 100x the entries) and
the peak memory of ``mtclean run`` on one 200 MB file.

Every measurement runs in a fresh process (so peak memory is its own), and the
measurements of a round are interleaved, so a burst of load hits both tools alike.
Start-up costs (imports, loading lemminflect's and wordfreq's tables) are paid
before the clock starts, except in the --jobs and 200 MB rows, which time whole runs.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT / "src"), str(HERE)]

import corpus

MB = 1_000_000


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _texts(name: str) -> list[tuple[str, str]]:
    en, mt = corpus.build()
    folder = en if name == "en" else mt
    return [(p.as_posix(), p.read_text(encoding="utf-8")) for p in corpus.files(folder)]


def _segments(texts: list[tuple[str, str]]) -> int:
    return sum(1 for _, t in texts for line in t.splitlines() if line.strip())


def measure(kind: str, name: str) -> dict[str, float]:
    """One measurement in this (fresh) process."""
    texts = _texts(name)
    size = sum(len(t.encode("utf-8")) for _, t in texts)
    lines = name == "mt"
    if kind == "codespell":
        import contextlib
        import io

        from codespell_lib import main as codespell

        base = _rss_mb()
        t0 = time.perf_counter()  # its dictionary is read inside main(): about 0.1 s of this
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            codespell(*(path for path, _ in texts))
        seconds = time.perf_counter() - t0
        return {"seconds": seconds, "bytes": size, "segments": _segments(texts), "rss": _rss_mb(), "base": base}
    if kind == "proselint":
        from proselint.checks import __register__
        from proselint.config import DEFAULT
        from proselint.registry import CheckRegistry
        from proselint.tools import LintFile

        CheckRegistry().register_many(__register__)
        config = dict(DEFAULT, max_errors=10**9)  # its default stops after 1,000 findings per file
        LintFile("warm-up", texts[0][1][:20_000]).lint(config)
        base = _rss_mb()
        t0 = time.perf_counter()
        for path, text in texts:
            LintFile(path, text).lint(config)
        seconds = time.perf_counter() - t0
        return {"seconds": seconds, "bytes": size, "segments": _segments(texts), "rss": _rss_mb(), "base": base}

    from mtclean import recache

    recache.install()  # as the program does (entry.py): compiled patterns come from the disk cache
    from mtclean.api import rules_for
    from mtclean.config import Config
    from mtclean.pipeline import Context
    from mtclean.stages import build_pipeline

    config = Config(lines=lines)
    rules = rules_for(config)
    pipeline = build_pipeline(rules, config)
    pipeline.run(texts[0][1][:200_000], "warm-up")  # load word tables before the clock starts
    if kind.startswith("clean:"):
        # What --jobs spreads: reading and cleaning the files, without writing any output.
        from mtclean import parallel

        files = [Path(p) for p, _ in texts]
        base = _rss_mb()
        t0 = time.perf_counter()
        parallel.process(files, pipeline, jobs=int(kind.split(":")[1]), progress=False)
        seconds = time.perf_counter() - t0
        return {"seconds": seconds, "bytes": size, "segments": _segments(texts), "rss": _rss_mb(), "base": base}
    if kind.startswith("jobs:"):
        from mtclean.runner import run

        jobs = int(kind.split(":")[1])
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(texts[0][0]).parent
            base = _rss_mb()
            t0 = time.perf_counter()
            run([folder], Path(tmp) / "out", config, rules, jobs=jobs)
            seconds = time.perf_counter() - t0
        return {"seconds": seconds, "bytes": size, "segments": _segments(texts), "rss": _rss_mb(), "base": base}
    base = _rss_mb()
    if kind == "pipeline":
        t0 = time.perf_counter()
        for path, text in texts:
            pipeline.run(text, path)
        seconds = time.perf_counter() - t0
    else:
        stage_name = kind.split(":", 1)[1]
        stages = [s for s in pipeline.stages if s.name == stage_name]
        t0 = time.perf_counter()
        for path, text in texts:
            # Each stage alone, on the text as given, in the units the pipeline feeds it.
            units = text.splitlines() if lines else [text]
            for unit in units:
                ctx = Context(config, rules, path)
                for stage in stages:
                    stage.check(unit, ctx)
        seconds = time.perf_counter() - t0
    return {"seconds": seconds, "bytes": size, "segments": _segments(texts), "rss": _rss_mb(), "base": base}


def _child(kind: str, name: str) -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, __file__, "--measure", kind, name], check=False, capture_output=True, text=True, env=_env()
    )
    if proc.returncode != 0:
        raise SystemExit(f"benchmark {kind} on {name} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


NO_LANGUAGETOOL = os.path.join(tempfile.gettempdir(), "mtclean-bench-no-languagetool")  # never created


def _env() -> dict[str, str]:
    # as in a user's shell: bytecode written and reused (see hook_latency.py)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    # mtclean's own stages, as on a machine without LanguageTool: with one installed, the
    # default run would start it and time LanguageTool (benchmarks/languagetool.py does).
    env["MTCLEAN_LANGUAGETOOL_HOME"] = NO_LANGUAGETOOL
    return env


def _stage_names() -> list[str]:
    from mtclean.api import rules_for
    from mtclean.config import Config
    from mtclean.stages import build_pipeline

    config = Config()
    names: list[str] = []
    for s in build_pipeline(rules_for(config), config).stages:
        if s.name not in names:
            names.append(s.name)
    return names


def _row(label: str, runs: list[dict[str, float]]) -> str:
    secs = statistics.median(r["seconds"] for r in runs)
    r0 = runs[0]
    rss = max(r["rss"] for r in runs)
    base = max(r["base"] for r in runs)
    return (
        f"  {label:<24} {r0['bytes'] / MB / secs:8.2f} {r0['segments'] / secs:12,.0f} "
        f"{secs:8.2f} {rss:9.0f} {rss - base:8.0f}"
    )


HEAD = f"  {'':<24} {'MB/s':>8} {'segments/s':>12} {'seconds':>8} {'peak MB':>9} {'+MB':>8}"


WMT21_MT = sorted((corpus.SHARED / "data" / "wmt21-deen").glob("*.hyp.*.en"))


def whole_process(args: list[str]) -> float:
    """Wall seconds of one fresh process (start-up included)."""
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "one.txt").write_text("How CNN reported, the vote was close.\n", encoding="utf-8")
        t0 = time.perf_counter()
        subprocess.run([sys.executable, *[a.replace("{tmp}", tmp) for a in args]], env=_env(),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        return time.perf_counter() - t0


LINES_RUN = ["-m", "mtclean", "run", *map(str, WMT21_MT), "--lines", "--jobs", "1", "-q", "--out", "{tmp}/out"]
# The fixed cost of the same run: the program on a one-line file (imports, rules, stages,
# the reports with their libraries), through the same entry point as above.
START_UP = ["-m", "mtclean", "run", "{tmp}/one.txt", "--lines", "--jobs", "1", "-q", "--out", "{tmp}/out"]
# The floor under that: a process that only imports the third-party libraries such a run
# loads (the command line, the HTML templates, the edit rates, the matchers, the tables).
LIBRARIES = [m for m in ("typer", "jinja2", "sacrebleu", "hyperscan", "marisa_trie", "ahocorasick_rs")
             if importlib.util.find_spec(m) is not None]  # (hyperscan is installed on x86-64 Linux only)
IMPORTS_ONLY = ["-c", "import " + ", ".join(LIBRARIES)]


def _burn(n: int) -> int:
    total = 0
    for i in range(n):
        total += i
    return total


def cpu_ceiling(jobs: int, n: int = 10_000_000) -> float:
    """How much faster ``jobs`` processes finish ``jobs`` equal pure-Python loops than one
    process does: what this machine lets any --jobs gain at the moment."""
    from concurrent.futures import ProcessPoolExecutor

    t0 = time.perf_counter()
    for _ in range(jobs):
        _burn(n)
    serial = time.perf_counter() - t0
    with ProcessPoolExecutor(jobs) as pool:
        list(pool.map(_burn, [1000] * jobs))  # workers started before the clock
        t0 = time.perf_counter()
        list(pool.map(_burn, [n] * jobs))
        parallel = time.perf_counter() - t0
    return serial / parallel


def big_file_run(size_mb: int) -> None:
    path = corpus.big_file(size_mb * MB)
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "mtclean", "run", str(path), "--out", str(Path(tmp) / "out"), "-q", "--jobs", "1"],
            env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        _, _, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        err = proc.stderr.read() if proc.stderr else ""
    peak = usage.ru_maxrss / 1024
    size = path.stat().st_size
    print(f"\n200 MB file ({size / MB:.0f} MB, one file, mtclean run --jobs 1, whole run with reports):")
    print(f"  {size / MB / seconds:.2f} MB/s, {seconds:.0f} s, peak RSS {peak:.0f} MB"
          + ("" if not err.strip() else f"  (stderr: {err.strip()[:200]})"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--no-big", action="store_true", help="skip the 200 MB file")
    ap.add_argument("--no-proselint", action="store_true", help="skip proselint and codespell")
    ap.add_argument("--no-jobs", action="store_true", help="--jobs 1 only (no scaling rows)")
    ap.add_argument("--no-stages", action="store_true", help="skip the per-stage rows")
    ap.add_argument("--no-rule-count", action="store_true", help="skip the rule-count curve")
    ap.add_argument("--no-hook", action="store_true", help="skip the hook latency (check on one small file vs codespell)")
    ap.add_argument("--big-mb", type=int, default=200)
    ap.add_argument("--measure", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.measure:
        print(json.dumps(measure(*args.measure)))
        return
    en, mt = corpus.build()
    ncpu = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    jobs = sorted({1, 2, ncpu})
    print(f"mtclean benchmark — {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {ncpu} cores, "
          f"load average {os.getloadavg()[0]:.2f} at start, Python {sys.version.split()[0]}; "
          "mtclean's default stages as on a machine without LanguageTool (its grammar stage skips)")
    kinds = ["pipeline"] + (["proselint", "codespell"] if not args.no_proselint else [])
    kinds += [] if args.no_stages else [f"stage:{s}" for s in _stage_names()]
    if args.no_jobs:
        jobs = [1]  # the whole run with --jobs 1 is an acceptance figure: always measured
    kinds += [f"clean:{j}" for j in jobs] + [f"jobs:{j}" for j in jobs]
    results: dict[tuple[str, str], list[dict[str, float]]] = {}
    ceilings: list[float] = []
    whole: dict[str, list[float]] = {"lines": [], "start": [], "imports": []}
    for rnd in range(args.rounds):
        if len(jobs) > 1:
            ceilings.append(cpu_ceiling(max(jobs)))
        for name in ("en", "mt"):
            for kind in kinds:
                results.setdefault((name, kind), []).append(_child(kind, name))
        if WMT21_MT:
            whole["lines"].append(whole_process(LINES_RUN))
            whole["start"].append(whole_process(START_UP))
            whole["imports"].append(whole_process(IMPORTS_ONLY))
        print(f"  round {rnd + 1}/{args.rounds} done, load average {os.getloadavg()[0]:.2f}", flush=True)
    for name, folder, what in (
        ("en", en, "English: licences, Python docs, WMT21 references, vim help"),
        ("mt", mt, "MT output, one segment per line (--lines)"),
    ):
        files = corpus.files(folder)
        size = sum(p.stat().st_size for p in files)
        print(f"\n{what} — {size / MB:.2f} MB in {len(files)} files")
        print(HEAD)
        print(_row("mtclean pipeline", results[(name, "pipeline")]))
        for kind in kinds:
            if kind.startswith("stage:"):
                print(_row(f"  stage {kind[6:]}", results[(name, kind)]))
        if not args.no_proselint:
            for other in ("proselint", "codespell"):
                print(_row(other, results[(name, other)]))
            for other in ("proselint", "codespell"):
                ratios = [p["seconds"] / m["seconds"] for m, p in zip(results[(name, "pipeline")], results[(name, other)])]
                print(f"  mtclean / {other} throughput, per round: {', '.join(f'{r:.2f}x' for r in ratios)}"
                      f" (median {statistics.median(ratios):.2f}x)")
        for key, title in (
            ("clean", f"--jobs, cleaning only (read and clean {len(files)} files, parallel.process)"),
            ("jobs", "mtclean run --jobs, whole run (read, clean, write cleaned files, diff, JSON and HTML reports)"),
        ):
            print(f"  {title}:")
            one = statistics.median(r["seconds"] for r in results[(name, f"{key}:1")])
            for j in jobs:
                runs = results[(name, f"{key}:{j}")]
                secs = statistics.median(r["seconds"] for r in runs)
                print(_row(f"  --jobs {j}", runs) + f"   {one / secs:.2f}x of --jobs 1")
    if whole["lines"]:
        size = sum(p.stat().st_size for p in WMT21_MT)
        secs, start = statistics.median(whole["lines"]), statistics.median(whole["start"])
        print(f"\nmtclean run --lines --jobs 1 on the {len(WMT21_MT)} WMT21 MT files ({size / MB:.2f} MB), whole process:")
        print(f"  {size / MB / secs:.2f} MB/s, median {secs:.2f} s (runs: {', '.join(f'{x:.2f}' for x in whole['lines'])});"
              f" the same run on a one-line file (start-up, reports) median {start:.2f} s; without it {size / MB / max(secs - start, 1e-9):.2f} MB/s")
        print(f"  a process that only imports the libraries such a run loads ({', '.join(LIBRARIES)}):"
              f" median {statistics.median(whole['imports']):.2f} s")
    if not args.no_hook:
        print("\nHook latency (benchmarks/hook_latency.py, wall time, alternating runs):", flush=True)
        subprocess.run([sys.executable, str(HERE / "hook_latency.py"), "--runs", str(max(10, args.rounds))], env=_env(), check=False)
    if not args.no_rule_count:
        print("\nRule-count curve (benchmarks/rule_count.py, CPU s of the regex and phrase stages, medians of rounds run in turn):", flush=True)
        subprocess.run([sys.executable, str(HERE / "rule_count.py"), "--repeat", str(max(9, args.rounds))], env=_env(), check=False)
    if ceilings:
        print(f"\nCPU this machine gave {max(jobs)} processes, as a multiple of one (a pure-Python loop, once per round):"
              f" {', '.join(f'{c:.2f}x' for c in ceilings)} — the ceiling for any --jobs {max(jobs)} figure above")
    if not args.no_big:
        big_file_run(args.big_mb)
    print(f"\nload average at end {os.getloadavg()[0]:.2f} (other work on the machine slows every row alike)")


if __name__ == "__main__":
    main()
