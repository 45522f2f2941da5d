"""Encodings: UTF-8 with and without BOM, UTF-16 with BOM, cp1252 and latin-1
are detected, cleaned and written back in their own encoding; ``--encoding``
overrides; undecodable bytes are an error naming the file and the byte offset,
never silently replaced."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtclean.errors import InputError
from mtclean.io import Decoded, OutputError, decode

from ._util import cleaned_files, report, run_cli

BAD = "The Ukraine rejects the plan. Café in München, “quoted” – 5 €.\r\n"
FIXED = "Ukraine rejects the plan. Café in München, “quoted” – 5 €.\r\n"
PLAIN = "Grüße aus München.\tTabs,\u00a0NBSP and CRLF stay.\r\nNo final newline"

# name -> (encode text as the file's bytes, the label mtclean reports)
ENCODINGS = {
    "utf8": (lambda t: t.encode("utf-8"), "utf-8"),
    "utf8bom": (lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "utf-8+bom"),
    "utf16le": (lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"), "utf-16-le+bom"),
    "utf16be": (lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), "utf-16-be+bom"),
    "cp1252": (lambda t: t.encode("cp1252"), "cp1252"),
}


@pytest.mark.parametrize("name", sorted(ENCODINGS))
def test_each_encoding_is_detected_cleaned_and_written_back_alike(tmp_path: Path, name: str) -> None:
    """Input: a file with a calque and non-ASCII letters, quotes and € in each
    encoding, and one without findings. Outcome: both are decoded right; the
    cleaned file is the fixed text in the same encoding and BOM; the file without
    findings comes back byte for byte."""
    to_bytes, label = ENCODINGS[name]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bad.txt").write_bytes(to_bytes(BAD))
    (tmp_path / "in" / "plain.txt").write_bytes(to_bytes(PLAIN))
    out = tmp_path / "out"
    proc = run_cli("run", str(tmp_path / "in"), "--out", str(out), "-q")
    assert proc.returncode == 0, proc.stderr
    files = cleaned_files(out)
    assert files["bad.txt"] == to_bytes(FIXED)
    assert files["plain.txt"] == to_bytes(PLAIN)
    for entry in report(out)["files"]:
        assert f"encoding:{label}" in entry["notes"]


def test_latin1_file_is_read_and_written_back_unchanged(tmp_path: Path) -> None:
    """Input: a latin-1 file (no bytes 0x80-0x9f, so it reads the same as cp1252),
    short and German-flavoured. Outcome: decoded as the right letters (not as some
    exotic code page) and, cleaned, written back as latin-1 bytes."""
    src = tmp_path / "latin.txt"
    src.write_bytes("The Ukraine said: Grüße aus Köln, ½ Maß.\n".encode("latin-1"))
    out = tmp_path / "out"
    assert run_cli("run", str(src), "--out", str(out), "-q").returncode == 0
    assert cleaned_files(out)["latin.txt"] == "Ukraine said: Grüße aus Köln, ½ Maß.\n".encode("latin-1")
    assert report(out)["files"][0]["findings"][0]["text"] == "The Ukraine"


@pytest.mark.parametrize(
    ("data", "text"),
    [(b"Gr\xfc\xdfe", "Grüße"), (b"M\xfcnchen", "München"), (b"plain ascii", "plain ascii")],
)
def test_short_files_are_not_taken_for_exotic_encodings(data: bytes, text: str) -> None:
    """Input: very short non-UTF-8 (and ASCII) files. Outcome: cp1252/latin-1 letters
    or UTF-8, never a guess such as cp1250 or mac_roman."""
    assert decode(data, "f.txt").text == text


def test_encoding_option_overrides_detection(tmp_path: Path) -> None:
    """Input: Mac Roman bytes ("Café" is 43 61 66 8E) with ``--encoding mac_roman``.
    Outcome: read as "Café" (detection would have said cp1252 "CafŽ") and written
    back as the same Mac Roman bytes."""
    src = tmp_path / "mac.txt"
    src.write_bytes("Café in Köln.\n".encode("mac_roman"))
    out = tmp_path / "out"
    proc = run_cli("run", str(src), "--out", str(out), "--encoding", "mac_roman", "-q")
    assert proc.returncode == 0, proc.stderr
    assert cleaned_files(out)["mac.txt"] == src.read_bytes()
    assert "encoding:mac-roman" in report(out)["files"][0]["notes"]
    assert decode(src.read_bytes(), "mac.txt").text == "CafŽ in Kšln.\n"


@pytest.mark.parametrize(
    ("data", "encoding", "offset"),
    [
        (b"Good text \xff and more", "utf-8", 10),  # named encoding, invalid byte
        (codecs.BOM_UTF8 + b"ok \xc3(", None, 6),  # BOM says UTF-8, offset counts the BOM
        (codecs.BOM_UTF16_LE + "ok".encode("utf-16-le") + b"\x00\xd8", None, 6),  # lone surrogate
        ("Schön, ".encode() * 5 + b"caf\xe9", None, 43),  # mostly UTF-8 with one stray byte
        (bytes(range(1, 256)) * 4, None, 127),  # noise that is neither UTF-8 nor Western text
    ],
    ids=["named-utf8", "utf8-bom", "utf16-surrogate", "mixed", "noise"],
)
def test_undecodable_bytes_are_an_error_naming_file_and_offset(
    tmp_path: Path, data: bytes, encoding: str | None, offset: int
) -> None:
    """Input: bytes that are not text in the named or detected encoding. Outcome:
    exit 2 and one line naming the file and the byte offset; nothing is written for
    it, the other input is still cleaned."""
    bad = tmp_path / "bad.txt"
    bad.write_bytes(data)
    good = tmp_path / "good.txt"
    good.write_text("The Ukraine rejects it.\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["run", str(bad), str(good), "--out", str(out), "-q"] + (["--encoding", encoding] if encoding else [])
    proc = run_cli(*args)
    assert proc.returncode == 2
    line = proc.stderr.strip()
    assert "\n" not in line and line.startswith(f"mtclean: {bad}: ") and f"byte {offset}" in line, line
    assert set(cleaned_files(out)) == {"good.txt"}


def test_text_the_encoding_cannot_hold_is_an_error_not_a_replacement() -> None:
    """Input: cleaned text with a character latin-1 lacks. Outcome: an error naming
    the file and line; no '?' written in its place."""
    with pytest.raises(OutputError, match=r"out.txt: .*'→' \(line 2\).*latin-1"):
        Decoded("x", "latin-1").encode("first\nA → B", "out.txt")


def test_unknown_encoding_name_is_an_error() -> None:
    """Input: ``--encoding no-such-codec``. Outcome: an error naming it."""
    with pytest.raises(InputError, match="unknown encoding 'no-such-codec'"):
        decode(b"x", "f.txt", "no-such-codec")


TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=200)


@settings(max_examples=200, deadline=None)
@given(TEXT, st.sampled_from(["utf-8", "utf-8-sig", "utf-16-le", "utf-16-be"]))
def test_unicode_files_round_trip(text: str, codec: str) -> None:
    """Input: any text without NUL, as UTF-8 (BOM or not) or UTF-16 with BOM.
    Outcome: decoded to exactly that text and encoded back to exactly those bytes."""
    data = text.encode(codec)
    if codec.startswith("utf-16"):
        data = (codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE) + data
    decoded = decode(data, "f.txt")
    assert decoded.text == text
    assert decoded.encode(decoded.text) == data


@pytest.mark.parametrize("name", sorted(ENCODINGS))
def test_fix_in_place_writes_back_in_the_same_encoding(tmp_path: Path, name: str) -> None:
    """Input: ``mtclean fix`` on a file with a calque in each encoding (BOMs, UTF-16 in
    both byte orders, cp1252). Outcome: the file now holds the fixed text in the same
    encoding and BOM, byte for byte."""
    to_bytes, _ = ENCODINGS[name]
    src = tmp_path / "doc.txt"
    src.write_bytes(to_bytes(BAD))
    proc = run_cli("fix", str(src))
    assert proc.returncode == 1, proc.stderr  # 1: a file changed
    assert src.read_bytes() == to_bytes(FIXED)
