"""The encoding stage's shortcuts find exactly what its general checks find."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mtclean import Config
from mtclean.api import rules_for
from mtclean.pipeline import Context
from mtclean.stages.encoding import EncodingStage

RULES = rules_for(Config())
STAGE = EncodingStage([r for r in RULES.rules if r.stage == "encoding"])


def _spans(findings):  # type: ignore[no-untyped-def]
    return [(f.rule, f.start, f.end, f.edit.replacement if f.edit else None) for f in findings]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=" \t\r\u00a0ab.Ã©\x07", max_size=12), st.sampled_from(["a.txt", "a.md"]))
def test_one_line_shortcut_equals_the_general_checks(text: str, path: str) -> None:
    ctx = Context(Config(), RULES, path)
    assert "\n" not in text
    assert _spans(STAGE._one_line(text, ctx)) == _spans(STAGE._lines(text, ctx))


def test_one_line_finds_blanks_at_both_ends() -> None:
    ctx = Context(Config(), RULES, "a.txt")
    found = _spans(STAGE.check(" Text with blanks \t", ctx))
    assert [(s, e) for _, s, e, _ in found] == [(17, 19), (0, 1)]


def test_repairs_far_apart_on_one_long_line_stay_separate_edits() -> None:
    """A file that is one line: two control characters megabytes apart are two small
    edits, not one edit spanning everything between (which every later finding there
    would map to, copying the span into each finding)."""
    filler = "The harbour reopened on Monday and the ferries ran again. " * 2000  # 116,000 characters
    text = "Start\x07 here. " + filler + "They said\x07 so. " + filler + "The farmers sold their Cattle."
    config = Config()
    from mtclean.stages import build_pipeline

    result = build_pipeline(RULES, config).run(text, "one-line.txt")
    controls = [f for f in result.findings if f.stage == "encoding"]
    assert [(f.end - f.start, f.edit.replacement) for f in controls] == [(1, ""), (1, "")]
    assert all(f.end - f.start < 100 for f in result.findings)
    assert result.cleaned == text.replace("\x07", "").replace("their Cattle", "their cattle")


def test_trailing_blanks_are_the_same_with_either_engine() -> None:
    """Short texts use ``re`` (no ``regex`` import at start-up), long ones ``regex``: the
    two must find the same blanks."""
    import random

    import regex

    from mtclean.stages import encoding

    rnd = random.Random(7)
    for _ in range(300):
        text = "".join(rnd.choice(["a", " ", "\t", "\n", "\r\n", "\r", "b c"]) for _ in range(rnd.randint(0, 60)))
        plain = [m.span() for m in encoding.LINE_END_BLANK_RE.finditer(text)]
        assert plain == [m.span() for m in regex.compile(encoding.LINE_END_BLANK).finditer(text)]
    long = "word \t\n" * (encoding.REGEX_FROM // 7 + 1)  # past REGEX_FROM: the ``regex`` engine
    assert encoding._trailing_blanks(long) == [(7 * i + 4, 7 * i + 6) for i in range(len(long) // 7)]
    short_spans = encoding._trailing_blanks("a \nb\t\n")
    assert short_spans == [(1, 2), (4, 5)]


def _trailing_reference(text: str) -> list[tuple[int, int]]:
    """Trailing blanks as the regex ``re`` finds them (short texts), the reference for
    ``regex`` (long ones)."""
    from mtclean.stages import encoding

    found = []
    for m in encoding.LINE_END_BLANK_RE.finditer(text):
        end = m.start() + 1
        start = end - 1
        while start > 0 and text[start - 1] in " \t":
            start -= 1
        found.append((start, end))
    if len(text.rstrip(" \t")) < len(text):
        found.append((len(text.rstrip(" \t")), len(text)))
    return found


def test_the_mojibake_gate_and_trailing_blanks_change_nothing(shared) -> None:  # type: ignore[no-untyped-def]
    """The shortcuts (SUSPECT answered from the text's ASCII encoding; a Hyperscan pass
    before the trailing-blank regex) against the regexes, on real text (licences, news, MT output,
    ftfy's test cases) and on generated text with every kind of line end, control
    characters and non-ASCII letters."""
    import random
    from pathlib import Path

    from mtclean.stages import encoding

    texts = [p.read_text(encoding="utf-8") for p in sorted(Path("/usr/share/common-licenses").glob("*"))[:6]]
    for name in ("wmt21-deen/newstest2021.de-en.ref.A.en", "wmt21-deen/newstest2021.de-en.hyp.Online-B.en"):
        texts.append((shared / "data" / name).read_text(encoding="utf-8"))
    texts += [p.read_text(encoding="utf-8", errors="replace") for p in sorted((shared / "data" / "ftfy-cases").rglob("*"))
              if p.is_file()][:20]
    rnd = random.Random(11)
    plain = ["a", " ", "\t", "\n", "\r\n", "\r", "b c", "\x0c"]
    for k in range(400):
        pieces = plain + ["\x07", "\x7f", "é", "\u2028"] if k % 2 else plain
        texts.append("".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 40))))
    texts.append("".join(texts[-400:]) * 3)  # the generated texts as one long text (Hyperscan's pass)
    assert len(texts[-1]) >= encoding.SCAN_FROM
    blanks = suspect = 0
    for text in texts:
        assert encoding._trailing_blanks(text) == _trailing_reference(text)
        assert encoding.has_suspect(text) == (encoding.SUSPECT.search(text) is not None)
        blanks += len(_trailing_reference(text))
        suspect += encoding.has_suspect(text)
    assert blanks > 100 and 50 < suspect < len(texts) - 50  # both answers occur often
