"""Bilingual inputs for source-aware mode: how each format is recognised and read."""

from __future__ import annotations

from pathlib import Path

from .base import Bitext, Unit

STRUCTURED = {".xlf": "xml", ".xliff": "xml", ".sdlxliff": "xml", ".mxliff": "xml", ".tmx": "xml",
              ".po": "po", ".pot": "po", ".tsv": "tsv"}


def is_bitext(path: Path) -> bool:
    return path.suffix.lower() in STRUCTURED


def read(path: Path, source: Path | None = None, columns: tuple[int, int] | None = None,
         encoding: str | None = None) -> Bitext:
    """The file's pairs: a target with its line-aligned source, TSV, XLIFF 1.2/2.x, TMX or PO."""
    if source is not None:
        from .plain import read_plain

        return read_plain(path, source, encoding)
    kind = STRUCTURED.get(path.suffix.lower(), "tsv" if columns else None)
    if kind == "xml":
        from .xml import read_xml

        return read_xml(path, encoding)
    if kind == "po":
        from .po import read_po

        return read_po(path, encoding)
    from .plain import read_tsv

    return read_tsv(path, columns or (1, 2), encoding)


__all__ = ["STRUCTURED", "Bitext", "Unit", "is_bitext", "read"]
