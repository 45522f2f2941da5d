"""The shapes every part of mtclean agrees on: an edit, a finding, a file's result.

Offsets are code-point offsets, end exclusive. A stage creates findings in the
coordinates of the text it was given; the pipeline moves them into the coordinates
of the ORIGINAL text before anything else sees them, so reports, diffs and
suppressions only ever deal with one coordinate system.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]
FixSafety = Literal["safe", "unsafe", "none"]

CLASSES: tuple[str, ...] = (
    "encoding",
    "whitespace",
    "boilerplate",
    "calque",
    "untranslated",  # German words and names left in the English text
    "number-format",  # German number, date, time and unit formats
    "capitalization",
    "word-order",
    "consistency",
    "fragment",
    "grammar",
    "other",  # drop-cap residue, German quotation marks, garbled passages
    "meta",  # findings about mtclean's own directives (an unused suppression)
    # source-aware mode (checks against the German source; src/mtclean/source/)
    "number",  # a number, date, time, amount or unit changed, lost or added
    "omission",  # source content with no counterpart in the target
    "addition",  # target content with no counterpart in the source
    "markup",  # URLs, e-mail addresses, tags, placeholders, brackets and quotes not carried over
    "name",  # a name of the source missing or altered
    "repetition",  # the target loops
    "terminology",  # the term base's required or forbidden translations
)
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
FIX_SAFETIES: tuple[str, ...] = ("safe", "unsafe", "none")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass(frozen=True, order=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` by ``replacement``."""

    start: int
    end: int
    replacement: str

    def apply(self, text: str) -> str:
        return text[: self.start] + self.replacement + text[self.end :]


@dataclass(slots=True)  # a large file holds many: no per-object dict
class Finding:
    """One artifact a rule saw, with the edit that would fix it (if the rule has one).

    ``start``/``end`` and ``text`` refer to the original document once the
    pipeline has mapped them; ``edit`` stays in the coordinates of the text the
    stage saw, because that is where it can be applied.
    """

    rule: str
    cls: str
    severity: str
    start: int
    end: int
    message: str
    fix: str = "none"
    suggestion: str | None = None
    edit: Edit | None = None
    priority: int = 0
    applied: bool = False
    text: str = ""
    stage: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def moved(self, start: int, end: int, text: str) -> Finding:
        return replace(self, start=start, end=end, text=text)


@dataclass
class FileResult:
    """Everything a run learned about one document; reports are views of this."""

    path: str
    original: str
    cleaned: str
    findings: list[Finding]
    edits: list[Edit]  # applied edits, original coordinates, sorted, non-overlapping
    notes: list[str] = field(default_factory=list)
    cleaned_path: str | None = None
    source: Any = None  # how the input was decoded (io.Decoded), so output goes back in its encoding

    @property
    def changed(self) -> bool:
        return self.original != self.cleaned
