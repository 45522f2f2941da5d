"""Issue 20, data loss: the outside audit's cases where mtclean lost or corrupted a
user's bytes. Each test names the case; each failed on the main branch before the
fix (MTCLEAN_SRC, see _util.py) and is bounded by a timeout."""

from __future__ import annotations

import os
import stat
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from ._util import ROOT, TIMEOUT, env, no_traceback, run_cli

pytestmark = pytest.mark.timeout(180)

FIXABLE = "The Ukraine rejects the plan.\n"  # CAL002 fixes it to "Ukraine rejects the plan."


# A second program writing the file while `fix` runs, at one fixed moment: after mtclean
# read the file and cleaned the text, right before it writes the result back. The run
# is a real `python -m mtclean fix` (of the checkout MTCLEAN_SRC names, like run_cli)
# in which the function both the old and the new `fix` call to write the file first
# lets the other program write; no sleeps, no race.
EDITED_MEANWHILE = """
import os, runpy, sys
path, how = sys.argv[1], sys.argv[2]
import mtclean.cli.fix as fix_command

write = fix_command.write_atomic

def other_program_writes_first(target, *args, **kwargs):
    if os.path.realpath(target) == os.path.realpath(path) and not os.environ.get("EDITED"):
        os.environ["EDITED"] = "1"
        if how == "append":  # an editor saves a longer file
            with open(path, "a") as fh:
                fh.write("A line the user added meanwhile.\\n")
        else:  # rewritten in place to the same size, its mtime put back: only the bytes differ
            st = os.stat(path)
            with open(path, "r+b") as fh:
                data = fh.read()
                fh.seek(0)
                fh.write(data.upper())
            os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
        print("test: the file was edited before mtclean wrote it", file=sys.stderr)
    return write(target, *args, **kwargs)

fix_command.write_atomic = other_program_writes_first
sys.argv = ["mtclean", "fix", path]
runpy.run_module("mtclean", run_name="__main__", alter_sys=True)
"""


def _fix_while_edited(doc: Path, how: str) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [sys.executable, "-c", EDITED_MEANWHILE, str(doc), how],
        capture_output=True, text=True, env=env(), cwd=ROOT, timeout=TIMEOUT, check=False,
    )
    assert "test: the file was edited before mtclean wrote it" in proc.stderr, proc.stderr  # the edit did happen
    return proc


def test_fix_leaves_a_file_edited_while_it_ran(tmp_path: Path) -> None:
    """Case: `fix` replaced a file edited while mtclean ran: the edit was lost (the old
    code wrote "Ukraine rejects the plan." over it, exit 1). Outcome: the file is checked
    again right before the rename; the user's edit stays, one line says why, exit 2."""
    doc = tmp_path / "doc.txt"
    doc.write_text(FIXABLE)
    proc = _fix_while_edited(doc, "append")
    no_traceback(proc)
    assert doc.read_text() == FIXABLE + "A line the user added meanwhile.\n"
    assert f"mtclean: {doc}: changed while mtclean ran; not written" in proc.stderr
    assert proc.returncode == 2


def test_fix_leaves_a_file_rewritten_to_the_same_size_and_mtime(tmp_path: Path) -> None:
    """Same case, the edit that size and mtime cannot show: same size, mtime put back,
    same inode; only the content differs (so the check hashes it, as git does)."""
    doc = tmp_path / "doc.txt"
    doc.write_text(FIXABLE)
    proc = _fix_while_edited(doc, "upper")
    no_traceback(proc)
    assert doc.read_text() == FIXABLE.upper()
    assert f"mtclean: {doc}: changed while mtclean ran; not written" in proc.stderr
    assert proc.returncode == 2


# Mostly English, as the files mtclean meets are, with a few words in another script:
# enough English that the old code's detector (charset-normalizer, cp1252 or latin-1
# only) called the file cp1252, and words whose bytes read in cp1252 like UTF-8 read
# as cp1252 ("Â²" for "²"), which the mojibake repair then "fixed". On the old code
# `fix` wrote each of these back with the marked letters gone:
#   cp1251 'ВІТАЛІЙ' -> 'ІТАЛІЙ' (the audit's own example), cp1250 '«ROMÂNĂ»' ->
#   '«ROMÂNű', cp1253 'Β΄ Παγκόσμιος' -> '΄ Παγκόσμιος', Shift-JIS 'ﾂｲｯﾀｰ' -> 'ｲｯﾀｰ'.
ENGLISH = ("The minister said so on Monday, and the talks go on next week. "
           "Officials from both sides met in a hotel near the station and spoke for three hours.\n")
CODE_PAGES = [
    ("cp1251", "The mayor of Kyiv, ВІТАЛІЙ КЛИЧКО, spoke to the press.\n"),
    ("cp1250", "The headline in Timişoara read: «ROMÂNĂ», Romanian.\n"),
    ("cp1253", "The museum covers the Β΄ Παγκόσμιος Πόλεμος, the Second World War.\n"),
    ("shift_jis", "The label reads ﾂｲｯﾀｰ in half-width katakana.\n"),
]


@pytest.mark.parametrize(("codec", "line"), CODE_PAGES, ids=[c for c, _ in CODE_PAGES])
def test_fix_refuses_text_in_a_code_page_it_cannot_tell_apart(tmp_path: Path, codec: str, line: str) -> None:
    """Case: Cyrillic, Central European, Greek and Shift-JIS files were read silently
    as cp1252 and "repaired" (letters lost). Outcome: `fix` leaves the bytes alone with
    one line naming the file and --encoding, exit 2; with --encoding the file is read
    right: the English is fixed and the other script kept byte for byte."""
    doc = tmp_path / "doc.txt"
    text = FIXABLE + ENGLISH * 3 + line + ENGLISH
    data = text.encode(codec)
    doc.write_bytes(data)
    proc = run_cli("fix", str(doc))
    no_traceback(proc)
    assert line.encode(codec) in doc.read_bytes()  # the other script's letters all there
    assert doc.read_bytes() == data
    assert proc.returncode == 2
    [message] = [x for x in proc.stderr.splitlines() if str(doc) in x]
    assert "--encoding" in message
    fixed = run_cli("fix", "--encoding", codec, str(doc))
    # fixed; 1 when a flag remains for review
    assert fixed.returncode in (0, 1), fixed.stderr
    assert doc.read_bytes() == text.replace("The Ukraine", "Ukraine", 1).encode(codec)


def test_binary_file_with_a_text_head_is_never_fixed(tmp_path: Path) -> None:
    """Case: a binary file whose first 8 KB look like text had its NULs stripped by `fix`.
    Outcome: a NUL anywhere makes it binary; named, it is an error; the bytes stay."""
    doc = tmp_path / "data.txt"
    data = (FIXABLE * 400).encode() + b"\0\1\2\3" * 1000 + b"tail\n"
    doc.write_bytes(data)
    proc = run_cli("fix", str(doc))
    no_traceback(proc)
    assert doc.read_bytes() == data
    assert "binary file" in proc.stderr


def test_run_never_writes_through_a_link_planted_at_out_cleaned(tmp_path: Path) -> None:
    """Case: a symlink planted at OUT/cleaned was followed: `run` wrote outside --out, exit 0.
    Outcome: one line, exit 2, nothing written where the link points."""
    doc = tmp_path / "doc.txt"
    doc.write_text(FIXABLE)
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "cleaned").symlink_to(elsewhere)
    proc = run_cli("run", str(doc), "--out", str(out), "-q")
    no_traceback(proc)
    assert proc.returncode == 2
    assert list(elsewhere.iterdir()) == []
    assert "symbolic link" in proc.stderr


def test_run_refuses_an_output_folder_that_is_an_input(tmp_path: Path) -> None:
    """Case: `run docs --out docs` wrote its reports over the user's own files of those
    names, exit 0. Outcome: refused with one line, exit 2, the user's files unchanged."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(FIXABLE)
    (docs / "report.json").write_text("my own report\n")
    (docs / "changes.diff").write_text("my own diff\n")
    proc = run_cli("run", str(docs), "--out", str(docs), "-q")
    no_traceback(proc)
    assert proc.returncode == 2
    assert (docs / "report.json").read_text() == "my own report\n"
    assert (docs / "changes.diff").read_text() == "my own diff\n"
    assert sorted(p.name for p in docs.iterdir()) == ["a.txt", "changes.diff", "report.json"]


def _special_file(path: Path) -> str:
    """A character device if the process may make one (root), else a FIFO."""
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # what /dev/null is
        return "char"
    except (PermissionError, OSError):
        os.mkfifo(path)
        return "fifo"


def test_check_output_never_replaces_a_device(tmp_path: Path) -> None:
    """Case: `check --output` naming a device node replaced it with a regular file (as
    root, how /dev/null gets destroyed). Outcome: refused, the node is still a node."""
    doc = tmp_path / "doc.txt"
    doc.write_text(FIXABLE)
    node = tmp_path / "null"
    kind = _special_file(node)
    proc = run_cli("check", str(doc), "--output", str(node))
    no_traceback(proc)
    assert proc.returncode == 2
    mode = os.lstat(node).st_mode
    assert stat.S_ISCHR(mode) if kind == "char" else stat.S_ISFIFO(mode)


def test_check_output_and_learn_out_never_overwrite_an_input(tmp_path: Path) -> None:
    """Case: `check --output` and `learn --out` naming one of the inputs overwrote it.
    Outcome: refused with one line, exit 2, the input unchanged."""
    doc = tmp_path / "doc.txt"
    doc.write_text(FIXABLE)
    proc = run_cli("check", str(doc), "--output", str(doc))
    no_traceback(proc)
    assert proc.returncode == 2 and doc.read_text() == FIXABLE
    mt, pe = tmp_path / "mt.txt", tmp_path / "pe.txt"
    mt.write_text("The Ukraine said no.\n" * 5)
    pe.write_text("Ukraine said no.\n" * 5)
    proc = run_cli("learn", "--mt", str(mt), "--pe", str(pe), "--out", str(pe))
    no_traceback(proc)
    assert proc.returncode == 2 and pe.read_text() == "Ukraine said no.\n" * 5


# Bytes each codec reads without error but writes back otherwise (on the old code `fix`
# wrote "\\u00e9" back as "\\xe9" or as a latin-1 byte, and UTF-7's "+AGE-" as "a").
ESCAPES = FIXABLE.encode() + b"Caf\\u00e9 + \\xe9 and caf\xc3\xa9 +AGE-.\n"
UTF7 = FIXABLE.encode() + b"A+AGE-b and 1 +- 2.\n"


@pytest.mark.parametrize(
    ("codec", "data"), [("unicode_escape", ESCAPES), ("raw_unicode_escape", ESCAPES), ("utf-7", UTF7)],
    ids=["unicode_escape", "raw_unicode_escape", "utf-7"],
)
def test_encoding_option_refuses_codecs_that_do_not_round_trip(tmp_path: Path, codec: str, data: bytes) -> None:
    """Case: --encoding accepted codecs that do not round-trip; `fix` then rewrote the
    file differently from how it was read. Outcome: refused, one line, bytes unchanged."""
    doc = tmp_path / "doc.txt"
    doc.write_bytes(data)
    proc = run_cli("fix", "--encoding", codec, str(doc))
    no_traceback(proc)
    assert doc.read_bytes() == data
    assert proc.returncode == 2
    assert "--encoding" in proc.stderr


def _acl(uid: int) -> bytes:
    """A POSIX access ACL (system.posix_acl_access, version 2) granting user ``uid`` rw."""
    entries = [(0x01, 6, 0xFFFFFFFF), (0x02, 6, uid), (0x04, 4, 0xFFFFFFFF), (0x10, 6, 0xFFFFFFFF), (0x20, 4, 0xFFFFFFFF)]
    return struct.pack("<I", 2) + b"".join(struct.pack("<HHI", *e) for e in entries)


def test_fix_keeps_extended_attributes_and_acls(tmp_path: Path) -> None:
    """Case: `fix` dropped the file's extended attributes and ACLs. Outcome: both kept."""
    doc = tmp_path / "doc.txt"
    doc.write_text(FIXABLE)
    try:
        os.setxattr(doc, "user.origin", b"translated by vendor X")
    except OSError:
        pytest.skip("this file system keeps no user extended attributes")
    acl = None
    try:
        os.setxattr(doc, "system.posix_acl_access", _acl(4242))
        acl = os.getxattr(doc, "system.posix_acl_access")
    except OSError:
        pass  # no ACL support here: the attribute alone is tested
    proc = run_cli("fix", str(doc))
    assert proc.returncode == 0, proc.stderr  # fixed, nothing left at or above the threshold
    assert doc.read_text() == "Ukraine rejects the plan.\n"
    assert os.getxattr(doc, "user.origin") == b"translated by vendor X"
    if acl is not None:
        assert os.getxattr(doc, "system.posix_acl_access") == acl


RULE = """stage: calque
class: calque
rules:
  - id: ZZQ001
    kind: substitution
    message: A test rule.
    fix: safe
    pattern: '\\b(?P<word>colour)\\b'
    replace: '{replace}'
    examples:
      bad:
        - text: "The colour is red."
          fixed: "The color is red."
        - text: "A colour chart."
          fixed: "A color chart."
      good:
        - "The color is red."
        - "No match here."
"""


def test_replacement_naming_a_missing_group_is_refused_at_load(tmp_path: Path) -> None:
    """Case: a replacement naming a group the pattern lacks was written literally into
    the text. Outcome: the rule file is refused with file:line, exit 2, nothing changed."""
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "mine.yaml").write_text(RULE.replace("{replace}", "\\g<colour>"))
    doc = tmp_path / "doc.txt"
    doc.write_text("The colour is red.\n")
    proc = run_cli("fix", "--rules", str(rules), str(doc))
    no_traceback(proc)
    assert proc.returncode == 2
    assert f"{rules / 'mine.yaml'}:4: ZZQ001" in proc.stderr and "colour" in proc.stderr
    assert doc.read_text() == "The colour is red.\n"


def test_a_user_lexicon_extends_the_built_in_one(tmp_path: Path) -> None:
    """Case: a user lexicon of the same name silently shadowed the built-in one (CAL002
    stopped knowing Ukraine). Outcome: it adds its words; '# mtclean: replace' replaces."""
    rules = tmp_path / "rules"
    (rules / "lexicon").mkdir(parents=True)
    (rules / "lexicon" / "countries_no_article.txt").write_text("Freedonia\n")
    doc = tmp_path / "doc.txt"
    doc.write_text("The Ukraine rejects the plan. The Freedonia agrees.\n")
    proc = run_cli("check", "--rules", str(rules), "--select", "CAL002", str(doc))
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.count("CAL002") == 2
    (rules / "lexicon" / "countries_no_article.txt").write_text("# mtclean: replace\nFreedonia\n")
    proc = run_cli("check", "--rules", str(rules), "--select", "CAL002", str(doc))
    assert proc.stdout.count("CAL002") == 1
