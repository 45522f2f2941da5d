"""How much the cleaning changed each file: chrF and TER of cleaned against original.

Both come from sacrebleu with its signatures, so a reader can compare the figures
with any other sacrebleu run. The original is the reference and the cleaned text
the hypothesis: chrF 100 / TER 0 means untouched, and TER reads directly as the
share of words edited.

Scored segments are the aligned line blocks of ``align`` (a changed hunk is one
segment, an unchanged line another), which is document-level scoring without
asking TER to search shifts across a whole article. sacrebleu costs about 2 µs
per character, so a file above ``WHOLE_FILE_LIMIT`` characters is scored on its
changed hunks only; the report says which scope each figure has.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .align import Block

WHOLE_FILE_LIMIT = 20_000


@dataclass(frozen=True)
class EditRate:
    chrf: float
    ter: float
    scope: str  # "file" | "changed lines" | "unchanged"
    segments: int


@lru_cache(maxsize=1)
def _metrics():  # type: ignore[no-untyped-def]
    # Imported lazily: sacrebleu pulls in numpy-free but sizeable modules, and only
    # the HTML report needs it.
    from sacrebleu.metrics import CHRF, TER

    # TER lowercases by default; a capitalization fix is an edit, so keep case.
    chrf, ter = CHRF(), TER(case_sensitive=True)
    for metric in (chrf, ter):  # a signature knows the number of references only after a first score
        metric.corpus_score(["x"], [["x"]])
    return chrf, ter


def signatures() -> dict[str, str]:
    chrf, ter = _metrics()
    # Named as sacrebleu's own command line prints them: "chrF2|nrefs:1|…".
    return {"chrF": f"chrF{chrf.beta}|{chrf.get_signature()}", "TER": f"TER|{ter.get_signature()}"}


def edit_rate(original: str, blocks: list[Block]) -> EditRate:
    """chrF/TER between the two sides of ``blocks`` (original = reference)."""
    hunks = [b for b in blocks if b.changed]
    if not hunks:
        return EditRate(100.0, 0.0, "unchanged", 0)
    refs: list[str] = []
    hyps: list[str] = []
    if len(original) <= WHOLE_FILE_LIMIT:
        scope = "file"
        for b in blocks:
            if b.changed:
                refs.append("\n".join(b.original))
                hyps.append("\n".join(b.cleaned))
            else:
                refs.extend(b.original)
                hyps.extend(b.cleaned)
    else:
        scope = "changed lines"
        refs = ["\n".join(b.original) for b in hunks]
        hyps = ["\n".join(b.cleaned) for b in hunks]
    chrf, ter = _metrics()
    chrf_score = chrf.corpus_score(hyps, [refs]).score
    ter_score = ter.corpus_score(hyps, [refs]).score
    return EditRate(round(chrf_score, 2), round(ter_score, 2), scope, len(refs))
