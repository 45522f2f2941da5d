"""lexcache: a warm cache answers the lexical look-ups without importing lemminflect or
wordfreq (the start-up of a pre-commit hook), with the libraries' own answers; a
corrupt file is an empty cache, and ``off`` writes nothing."""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
from pathlib import Path

PROBE = """
import json, sys
from mtclean import lexicon
words = ["reported", "rejects", "took", "taken", "produced", "the", "Ukraine", "Equipment", "qwzx"]
answers = {w: [lexicon.is_finite_verb(w), lexicon.is_past_participle(w), sorted(lexicon.pos_readings(w)),
               round(lexicon.zipf(w), 3)] for w in words}
print(json.dumps({"answers": answers, "loaded": sorted(m for m in ("lemminflect", "wordfreq") if m in sys.modules)}))
"""


def probe(cache: str, delta_limit: int | None = None) -> dict:
    env = dict(os.environ, MTCLEAN_CACHE_DIR=cache)
    code = PROBE if delta_limit is None else f"import mtclean.lexcache as c; c.DELTA_LIMIT = {delta_limit}\n" + PROBE
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def test_a_warm_cache_answers_without_the_libraries(tmp_path: Path) -> None:
    truth = probe("off")
    assert truth["loaded"] == ["lemminflect", "wordfreq"]
    assert not list(tmp_path.iterdir())
    cold = probe(str(tmp_path))
    assert cold["answers"] == truth["answers"] and cold["loaded"] == ["lemminflect", "wordfreq"]
    (cache,) = tmp_path.glob("lexicon-*.delta")
    warm = probe(str(tmp_path))
    assert warm == {"answers": truth["answers"], "loaded": []}
    cache.write_bytes(b"not marshal data")
    assert probe(str(tmp_path))["answers"] == truth["answers"]  # a broken file is an empty cache


RULES_PROBE = """
import json, sys
from mtclean.rules import load_rules
rs = load_rules()
print(json.dumps({"digest": rs.digest, "rules": [[r.id, r.line, r.severity, r.params.get("pattern")] for r in rs.rules]}))
"""


def test_cached_rule_files_load_the_same_rules(tmp_path: Path) -> None:
    def load(cache: str) -> dict:
        env = dict(os.environ, MTCLEAN_CACHE_DIR=cache)
        proc = subprocess.run([sys.executable, "-c", RULES_PROBE], env=env, capture_output=True, text=True, check=True)
        return json.loads(proc.stdout)

    fresh = load("off")
    assert load(str(tmp_path)) == fresh  # parsed, then kept
    assert list(tmp_path.glob("rules-*.marshal"))
    assert load(str(tmp_path)) == fresh  # read back: same rules, same lines, same digest


def test_dist_version_reads_what_importlib_metadata_reads() -> None:
    """The cache keys' versions come from the .dist-info folders without importing
    importlib.metadata; they must be the versions it reports."""
    from importlib.metadata import version

    from mtclean.lexcache import dist_version

    for dist, module in (("lemminflect", None), ("wordfreq", None), ("marisa-trie", "marisa_trie"), ("PyYAML", "yaml"), ("typer", None)):
        assert dist_version(dist, module) == version(dist)
    assert dist_version("no-such-distribution-here") == "none"


def test_answers_merged_into_the_mapped_trie_answer_the_same(tmp_path: Path) -> None:
    """Past DELTA_LIMIT new answers, the small file is merged into the trie (mapped at
    start, not read); the answers from it are the libraries' own, without loading them."""
    truth = probe("off")
    cold = probe(str(tmp_path), delta_limit=1)  # every run merges
    assert cold["answers"] == truth["answers"]
    (trie,) = tmp_path.glob("lexicon-*.marisa")
    assert trie.stat().st_size > 0
    warm = probe(str(tmp_path), delta_limit=1)
    assert warm == {"answers": truth["answers"], "loaded": []}
    trie.write_bytes(b"not a trie")
    assert probe(str(tmp_path))["answers"] == truth["answers"]  # a broken trie is an empty cache


ANALYSIS_PROBE = """
import json, re, sys
from re import _parser
calls = []
real = _parser.parse
def counting(*a, **k):
    if sys._getframe(1).f_globals["__name__"] in ("mtclean.prefilter", "mtclean.stages.badness"):
        calls.append(1)  # an analysis parsing a pattern (not re compiling one)
    return real(*a, **k)
_parser.parse = counting
from mtclean import prefilter
from mtclean.stages import badness
from ftfy.badness import BADNESS_RE
patterns = [re.compile(p, f) for p, f in [(r"\\bin (?:the )?(?:year|years) (\\d{4})\\b", re.I), (r"^Home\\s*$", re.M),
            (r"(?<=\\w) ,", 0), (r"\\Aa.b", re.S)]]
out = [[sorted(prefilter.required(p) or []), prefilter.within_line(p), prefilter.spans_within_line(p),
        prefilter.starts_with_literal(p)] for p in patterns]
plan = badness.plan_for(BADNESS_RE)
out.append([plan[1].pattern, plan[2]])
print(json.dumps({"answers": out, "parsed": len(calls)}))
"""


def analyse(cache: str, env_extra: dict[str, str] | None = None) -> dict:
    env = dict(os.environ, MTCLEAN_CACHE_DIR=cache, **(env_extra or {}))
    proc = subprocess.run([sys.executable, "-c", ANALYSIS_PROBE], env=env, capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def test_pattern_analyses_are_answered_from_the_cache_the_same(tmp_path: Path) -> None:
    truth = analyse("off")
    assert truth["parsed"] > 0
    cold = analyse(str(tmp_path))
    warm = analyse(str(tmp_path))
    assert cold["answers"] == warm["answers"] == truth["answers"]
    assert warm["parsed"] == 0  # no pattern parsed again


KEY_PROBE = """
import re, sys
from mtclean import lexcache
answers = []

@lexcache.per_pattern()
def width(rx):
    answers.append(1)
    return len(getattr(rx, "pattern", rx))

rx = re.compile("abc")
first = [width(rx), width(rx), len(answers)]
lexcache._source_tags[(width.__module__,)] = "another version of the code"
second = [width(rx), len(answers)]
third = [width("not a compiled pattern"), len(answers)]
print(first, second, third)
"""


def test_a_change_to_the_analysing_code_is_a_new_key(tmp_path: Path) -> None:
    env = dict(os.environ, MTCLEAN_CACHE_DIR=str(tmp_path))
    out = subprocess.run([sys.executable, "-c", KEY_PROBE], env=env, capture_output=True, text=True, check=True)
    # answered once, again after the code changed, and a non-pattern passed through unkept
    assert out.stdout.split("\n")[0] == "[3, 3, 1] [3, 2] [22, 3]"


def _aged(path: Path, days: float) -> Path:
    then = path.stat().st_mtime - days * 86_400
    os.utime(path, (then, then))
    return path


def test_derived_files_a_run_reads_stay_and_the_unused_go(tmp_path: Path, monkeypatch) -> None:
    """Every rule edit and version makes derived files under new hashes; a write removes
    those of its kind that no run has read for UNUSED_DAYS, and temporaries a killed
    writer left; reading a file marks it used."""
    from mtclean import lexcache

    monkeypatch.setenv("MTCLEAN_CACHE_DIR", str(tmp_path))
    lexcache.keep("rules", b"read lately", ["a"])
    lexcache.keep("rules", b"forgotten", ["b"])
    lexcache.keep("phrases", b"another kind", ["c"])
    read, forgotten = lexcache._derived_path("rules", b"read lately"), lexcache._derived_path("rules", b"forgotten")
    other = lexcache._derived_path("phrases", b"another kind")
    for path in (read, forgotten, other):
        _aged(path, lexcache.UNUSED_DAYS + 1)
    assert lexcache.recall("rules", b"read lately") == ["a"]  # marks it used
    assert read.stat().st_mtime > forgotten.stat().st_mtime + 86_400
    left = tmp_path / f".{read.name}.x1y2.tmp"
    left.write_bytes(b"half")
    _aged(left, 1)
    young = tmp_path / f".{read.name}.z3w4.tmp"  # a writer at work now
    young.write_bytes(b"half")
    unrelated = _aged(tmp_path / "notes.txt", 400) if (tmp_path / "notes.txt").write_text("mine") else None

    lexcache.keep("rules", b"new edit", ["d"])
    assert read.exists() and not forgotten.exists() and other.exists()
    assert not left.exists() and young.exists() and unrelated is not None and unrelated.exists()
    assert lexcache.recall("rules", b"new edit") == ["d"] and lexcache.recall("rules", b"forgotten") is lexcache.MISSING


def test_of_one_kind_the_most_recently_used_stay(tmp_path: Path, monkeypatch) -> None:
    from mtclean import lexcache

    monkeypatch.setenv("MTCLEAN_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(lexcache, "KEEP_PER_KIND", 3)
    for n in range(5):  # written earlier, the earlier the older
        path = lexcache._derived_path("rules", f"edit {n}".encode())
        assert lexcache.store(path, marshal.dumps(n))
        _aged(path, 5 - n)
    assert lexcache.recall("rules", b"edit 0") == 0  # five days unread: marked used now
    lexcache.keep("rules", b"edit 5", 5)
    kept = [n for n in range(6) if lexcache.recall("rules", f"edit {n}".encode()) is not lexcache.MISSING]
    assert kept == [0, 4, 5]
