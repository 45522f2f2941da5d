"""Fuzz the rule loader and the pipeline with hypothesis for a fixed time budget.

    PYTHONPATH=src python3 benchmarks/fuzz.py [--seconds 240]

Rule loader: generated rule files (well-formed rules with wrong values, unknown
keys, odd types, random regexes and word lists, mangled YAML text, unsafe tags)
must load or fail with a RuleError (file and line); a rule file that loads must
run its examples and a document without crashing. Pipeline: generated and real
documents, and random bytes through the decoder, must clean without crashing,
with the edits reproducing the cleaned text, every finding inside the text, and
the JSON report parsing. Prints the number of inputs tried and every crash.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

import yaml
from hostile._texts import documents, real_documents
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtclean.api import rules_for
from mtclean.config import Config
from mtclean.errors import MtcleanError
from mtclean.io import decode
from mtclean.offsets import apply_edits
from mtclean.report import json as json_report
from mtclean.rules import CLASSES, KINDS, STAGES, builtin_rules_dir, load_rules
from mtclean.ruletest import check_rules
from mtclean.stages import build_pipeline

# Regex pieces with no nested quantifiers: catastrophic backtracking is issue 8's
# per-rule time limit, not what this fuzz looks for.
ATOMS = [r"\b", "the", "[A-Z]", r"\w", r"\s", ".", "(?P<x>[a-z]+)", "(?:How|As)", "{lex:countries_no_article}",
         "{lex:nope}", "(", ")", "[", "\\", "^", "$", "(?<=a)", "(?=,)", r"\d", "\u00e9", "{lex:function_words}"]
QUANT = ["", "", "+", "*", "?", "{2}", "{1,3}"]
patterns = st.lists(st.tuples(st.sampled_from(ATOMS), st.sampled_from(QUANT)).map("".join), min_size=1, max_size=6).map("".join)
scalars = st.one_of(st.text(max_size=20), st.integers(-5, 5), st.booleans(), st.none(), patterns)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=6)
example_texts = st.one_of(st.text(max_size=40), st.sampled_from(["The Ukraine rejects it.", "How CNN reported, it rained.", "© dpa", "cafÃ©"]))
examples = st.fixed_dictionaries(
    {"bad": st.lists(example_texts | st.fixed_dictionaries({"text": example_texts, "fixed": example_texts}), max_size=3),
     "good": st.lists(example_texts, max_size=3)}
) | values

KEYS = sorted(set().union(*KINDS.values()) | {"id", "kind", "class", "message", "severity", "fix", "suggestion", "priority", "description"})


@st.composite
def rule_entry(draw: st.DrawFn) -> object:
    entry = {
        "id": draw(st.sampled_from(["TST001", "TST002", "CAL002", "bad id", "X"]) | st.text(max_size=6)),
        "kind": draw(st.sampled_from(list(KINDS) + ["nope"])),
        "message": draw(st.sampled_from(["A message.", ""]) | scalars),
        "fix": draw(st.sampled_from(["safe", "unsafe", "none", "maybe"])),
        "pattern": draw(patterns),
        "replace": draw(st.sampled_from([r"\g<x>", "as", r"\1", "", r"\g<missing>"]) | scalars),
        "examples": draw(examples),
    }
    for key in draw(st.lists(st.sampled_from(KEYS + ["unknown"]), max_size=4)):
        entry[key] = draw(values | patterns | st.sampled_from(list(CLASSES) + ["line", "match"]))
    if draw(st.booleans()):
        entry["where"] = {"x": draw(st.sampled_from(["finite-verb", "noun", "!lowercase", "no-such-class", "countries_no_article"]))}
    return entry


@st.composite
def rule_file(draw: st.DrawFn) -> str:
    doc = {"stage": draw(st.sampled_from(list(STAGES) + ["nope"])), "class": draw(st.sampled_from(list(CLASSES) + ["x"])),
           "rules": draw(st.lists(rule_entry(), max_size=3) | values)}
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    mangle = draw(st.sampled_from(["none", "none", "cut", "insert", "tag"]))
    if mangle == "cut":
        i = draw(st.integers(0, len(text)))
        text = text[:i]
    elif mangle == "insert":
        i = draw(st.integers(0, len(text)))
        text = text[:i] + draw(st.sampled_from([":", "- ", "\t", "'", '"', "&a ", "*a", "!!python/name:os.system ", "\n  ", "{", "\x00"])) + text[i:]
    elif mangle == "tag":
        text = text.replace("message:", "message: !!python/object/apply:os.system ['true']", 1)
    return text


class Fuzz:
    def __init__(self) -> None:
        self.tried = {"rule files": 0, "documents": 0, "byte strings": 0}
        self.loaded = 0
        self.crashes: list[str] = []
        self.examples: dict[str, str] = {}  # one input per kind of crash
        self.rules = rules_for(Config())
        self.pipelines = {
            name: build_pipeline(self.rules, cfg)
            for name, cfg in (("default", Config()), ("unsafe", Config(unsafe_fixes=True)), ("lines", Config(lines=True)))
        }
        self.tmp = Path(tempfile.mkdtemp(prefix="mtclean-fuzz-"))
        (self.tmp / "lexicon").symlink_to(builtin_rules_dir() / "lexicon")

    def crash(self, what: str, data: object) -> None:
        tb = traceback.extract_tb(sys.exc_info()[2])[-1]
        kind = f"{what}: {sys.exc_info()[0].__name__}: {str(sys.exc_info()[1])[:80]} at {Path(tb.filename).name}:{tb.lineno}"
        self.crashes.append(kind)
        self.examples.setdefault(kind, f"{data!r}\n{traceback.format_exc()}")

    def rule_file(self, text: str) -> None:
        self.tried["rule files"] += 1
        (self.tmp / "fuzz.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            ruleset = load_rules([self.tmp], builtin=False)
        except MtcleanError as exc:
            if exc.path is None:
                self.crashes.append("error without a file")
                self.examples.setdefault("error without a file", f"{exc}: {text!r}")
            return
        except Exception:  # noqa: BLE001 - a crash is what we are looking for
            self.crash("rule loader", text)
            return
        self.loaded += 1
        try:
            check_rules(ruleset)
            config = Config(unsafe_fixes=True)
            build_pipeline(ruleset, config).run("The Ukraine rejects it. How CNN reported, it rained.\n© dpa\n")
        except Exception:  # noqa: BLE001
            self.crash("loaded rules", text)

    def document(self, text: str) -> None:
        self.tried["documents"] += 1
        for name, pipeline in self.pipelines.items():
            try:
                result = pipeline.run(text, "doc.md" if len(text) % 2 else "doc.txt")
                assert apply_edits(text, result.edits) == result.cleaned, "edits do not reproduce the cleaned text"
                assert all(0 <= f.start <= f.end <= len(text) for f in result.findings), "finding outside the text"
                json.loads(json_report.dumps(json_report.report_dict("0", "s", [result], {})))
            except Exception:  # noqa: BLE001
                self.crash(f"pipeline ({name})", text)

    def byte_string(self, data: bytes) -> None:
        self.tried["byte strings"] += 1
        try:
            decoded = decode(data, "f.txt")
        except MtcleanError:
            return
        except Exception:  # noqa: BLE001
            self.crash("decoder", data)
            return
        try:
            assert decoded.encode(decoded.text) == data, "decoded text does not encode back to the same bytes"
            self.document(decoded.text)
        except Exception:  # noqa: BLE001
            self.crash("decoder round trip", data)


BATCH = settings(max_examples=200, deadline=None, database=None, suppress_health_check=list(HealthCheck))
BYTES = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=100).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.text(st.characters(max_codepoint=255), max_size=100).map(lambda t: t.encode("latin-1")),
    documents().map(lambda t: t.encode("cp1252", "ignore")),
)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=240.0, help="time budget for all three targets together")
    args = ap.parse_args()
    fuzz = Fuzz()
    targets = [
        given(rule_file())(BATCH(lambda text: fuzz.rule_file(text))),
        given(st.one_of(documents(), real_documents()))(BATCH(lambda text: fuzz.document(text))),
        given(BYTES)(BATCH(lambda data: fuzz.byte_string(data))),
    ]
    start = time.monotonic()
    rounds = 0
    while time.monotonic() - start < args.seconds:
        for target in targets:
            target()
        rounds += 1
    elapsed = time.monotonic() - start
    total = sum(fuzz.tried.values())
    print(f"fuzz: {elapsed:.0f} s, {rounds} rounds, {total} inputs tried: "
          + ", ".join(f"{n} {k}" for k, n in fuzz.tried.items()) + f" ({fuzz.loaded} rule files loaded)")
    print(f"crashes: {len(fuzz.crashes)} ({len(fuzz.examples)} kinds)")
    for kind, example in fuzz.examples.items():
        print(f"--- {kind} (x{fuzz.crashes.count(kind)})\n{example}")
    return 1 if fuzz.crashes else 0


if __name__ == "__main__":
    sys.exit(main())
