"""The compact word tables answer exactly what wordfreq answers, in a fraction of its memory."""

from __future__ import annotations

from pathlib import Path

import pytest
import wordfreq

from mtclean import wordfreqs

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "wmt21-deen"
LANGS = ("en", "de", "fr", "es", "it", "nl")
ODD = ["the", "Haus", "l'homme", "2021", "3,5", "e-mail", "Kindergarten", "zzqxv", "Straße", "don't",
       "New York", "über-cool", "", "...", "1,000", "a1b2", "ÄRGER", "co-operation", "naïve", "x" * 300]


def _words() -> list[str]:
    words = list(ODD)
    for name in ("newstest2021.de-en.src.de", "newstest2021.de-en.ref.A.en"):
        path = SHARED / name
        if path.exists():
            words += path.read_text(encoding="utf-8").split()[:3000]
    return words


@pytest.mark.parametrize("lang", LANGS)
def test_same_figures_as_wordfreq(lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Input: odd tokens (numbers, apostrophes, two words, unknown, empty) and real German and
    English news words. Outcome: every zipf figure equals wordfreq's, built fresh and read
    back from the cache folder alike."""
    monkeypatch.setenv("MTCLEAN_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(wordfreqs, "_tables", {})
    words = _words()
    expected = [wordfreq.zipf_frequency(w, lang) for w in words]
    assert [wordfreqs.zipf_frequency(w, lang) for w in words] == expected  # built, then written
    assert list(tmp_path.glob(f"wordfreq-{lang}-*.marisa"))
    monkeypatch.setattr(wordfreqs, "_tables", {})
    assert [wordfreqs.zipf_frequency(w, lang) for w in words] == expected  # mapped from the cache


def test_a_damaged_cache_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Input: cache files cut short. Outcome: the table is built again, figures unchanged."""
    monkeypatch.setenv("MTCLEAN_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(wordfreqs, "_tables", {})
    wordfreqs.table("en")
    for path in tmp_path.glob("wordfreq-en-*"):
        path.write_bytes(path.read_bytes()[:100])
    monkeypatch.setattr(wordfreqs, "_tables", {})
    assert wordfreqs.zipf_frequency("house", "en") == wordfreq.zipf_frequency("house", "en") > 4


def test_without_a_cache_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MTCLEAN_CACHE_DIR", "off")
    monkeypatch.setattr(wordfreqs, "_tables", {})
    assert wordfreqs.zipf_frequency("Bundestag", "de") == wordfreq.zipf_frequency("Bundestag", "de")
