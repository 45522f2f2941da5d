"""Files: binary files skipped with a note; empty files fine; symbolic links not
followed out of the input tree unless asked; unreadable inputs and read-only
targets are a clear error while the run goes on; the output folder inside an
input folder is never read back; no input path makes mtclean write outside
``--out``."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from mtclean.io import OutputError, output_path, safe_relpath

from ._util import cleaned_files, report, run_cli, unprivileged

GOOD = "The Ukraine rejects the plan.\n"


def tree(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return root


def test_binary_file_is_skipped_with_a_note(tmp_path: Path) -> None:
    """Input: a folder with a PNG named .txt and a text file. Outcome: one note line
    naming the binary file, exit 0 (a binary file is not a failure), the text file
    cleaned, the binary listed under run.skipped in report.json."""
    tree(tmp_path / "in", {"image.txt": b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "a.txt": GOOD})
    out = tmp_path / "out"
    proc = run_cli("run", str(tmp_path / "in"), "--out", str(out), "-q")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.splitlines() == [f"mtclean: note: {tmp_path / 'in' / 'image.txt'}: binary file (NUL bytes), skipped"]
    assert set(cleaned_files(out)) == {"a.txt"}
    assert [s.split(":")[0] for s in report(out)["run"]["skipped"]] == [str(tmp_path / "in" / "image.txt")]


def test_empty_file_is_fine(tmp_path: Path) -> None:
    """Input: an empty file. Outcome: exit 0, an empty cleaned file, no findings."""
    (tmp_path / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    assert run_cli("run", str(tmp_path / "empty.txt"), "--out", str(out), "-q").returncode == 0
    assert cleaned_files(out) == {"empty.txt": b""}
    assert report(out)["files"][0]["findings"] == []


def test_symlinks_out_of_the_tree_are_not_followed_unless_asked(tmp_path: Path) -> None:
    """Input: a folder holding a link to a file outside it, a link to a folder
    outside it, a link inside it, a link loop and a broken link. Outcome: without
    --follow-symlinks only the real file (once) is read and each outside link is a
    note; with it, the outside file and folder are read too; the loop ends."""
    outside = tree(tmp_path / "outside", {"secret.txt": "Outside file.\n", "dir/deep.txt": "Deep file.\n"})
    inp = tree(tmp_path / "in", {"real.txt": GOOD})
    (inp / "out-file.txt").symlink_to(outside / "secret.txt")
    (inp / "out-dir").symlink_to(outside / "dir")
    (inp / "same.txt").symlink_to(inp / "real.txt")
    (inp / "loop").symlink_to(inp)
    (inp / "broken.txt").symlink_to(tmp_path / "nowhere.txt")
    out = tmp_path / "out"
    proc = run_cli("run", str(inp), "--out", str(out), "-q")
    assert proc.returncode == 0, proc.stderr
    assert set(cleaned_files(out)) == {"real.txt"}
    notes = proc.stderr
    assert f"{inp / 'out-file.txt'}: symbolic link out of {inp}, not followed" in notes
    assert f"{inp / 'out-dir'}: symbolic link out of {inp}, not followed" in notes
    assert f"{inp / 'broken.txt'}: broken symbolic link, skipped" in notes
    out2 = tmp_path / "out2"
    proc = run_cli("run", str(inp), "--out", str(out2), "-q", "--follow-symlinks")
    assert proc.returncode == 0, proc.stderr
    assert set(cleaned_files(out2)) == {"real.txt", "out-file.txt", "deep.txt"}


def test_unreadable_file_is_an_error_and_the_run_goes_on(tmp_path: Path) -> None:
    """Input: a file and a folder with mode 000 next to a readable file (run without
    root's override). Outcome: exit 2, one line naming each ("permission denied",
    "cannot list the folder"), the readable file cleaned."""
    prefix = unprivileged()
    tree(tmp_path / "in", {"locked.txt": GOOD, "open.txt": GOOD, "closed/inside.txt": GOOD})
    (tmp_path / "in" / "locked.txt").chmod(0)
    (tmp_path / "in" / "closed").chmod(0)
    out = tmp_path / "out"
    try:
        proc = run_cli("run", str(tmp_path / "in"), "--out", str(out), "-q", prefix=prefix)
    finally:
        (tmp_path / "in" / "closed").chmod(0o755)
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        f"mtclean: {tmp_path / 'in' / 'closed'}: cannot list the folder (Permission denied)",
        f"mtclean: {tmp_path / 'in' / 'locked.txt'}: permission denied, not read",
    ]
    assert set(cleaned_files(out)) == {"open.txt"}


def test_read_only_target_is_an_error_and_the_run_goes_on(tmp_path: Path) -> None:
    """Input: a second run where one cleaned file of the first run was made
    read-only (0444), and one output folder read-only (0555, run without root's
    override). Outcome: exit 2, one line per refused target naming it, those files
    unchanged, every other output written."""
    prefix = unprivileged()
    inp = tree(tmp_path / "in", {"a.txt": GOOD, "b.txt": GOOD, "sub/c.txt": GOOD})
    out = tmp_path / "out"
    assert run_cli("run", str(inp), "--out", str(out), "-q").returncode == 0
    cleaned = out / "cleaned" / str(inp).lstrip("/")
    (cleaned / "a.txt").write_text("old output\n")
    (cleaned / "a.txt").chmod(0o444)
    (cleaned / "sub" / "c.txt").write_text("old output\n")
    (cleaned / "sub").chmod(0o555)
    (cleaned / "b.txt").unlink()
    try:
        proc = run_cli("run", str(inp), "--out", str(out), "-q", prefix=prefix)
    finally:
        (cleaned / "sub").chmod(0o755)
    assert proc.returncode == 2
    errors = proc.stderr.splitlines()
    assert errors[0] == f"mtclean: {cleaned / 'a.txt'}: read-only, not written"
    assert errors[1].startswith(f"mtclean: {cleaned / 'sub' / 'c.txt'}: cannot write (")
    assert len(errors) == 2
    assert (cleaned / "a.txt").read_text() == "old output\n" == (cleaned / "sub" / "c.txt").read_text()
    assert (cleaned / "b.txt").read_text() == "Ukraine rejects the plan.\n"
    assert [f["path"] for f in report(out)["files"]] == [str(inp / n) for n in ("a.txt", "b.txt", "sub/c.txt")]


def test_output_folder_inside_the_input_is_never_read(tmp_path: Path) -> None:
    """Input: the output folder inside the input folder, named relatively while the
    input is named absolutely, run three times; then an output file named as input.
    Outcome: each run reads only the one input file, never its own earlier outputs;
    the output named as input is a note, not read."""
    tree(tmp_path, {"a.txt": GOOD})
    for _ in range(3):
        proc = run_cli("run", str(tmp_path), "--out", "out", "-q", cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
    assert [f["path"] for f in report(tmp_path / "out")["files"]] == [str(tmp_path / "a.txt")]
    named = tmp_path / "out" / "cleaned" / str(tmp_path / "a.txt").lstrip("/")
    proc = run_cli("run", str(named), "--out", "out", "-q", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stderr == f"mtclean: note: {named}: inside the output folder, not read\n"


def test_no_input_path_writes_outside_out(tmp_path: Path) -> None:
    """Input: inputs named ``../up.txt``, ``sub/../../up2.txt``, an absolute path, and
    a real folder named ``__up__`` whose file maps to the same output name as
    ``../up.txt``. Outcome: every output lies below --out, nothing new appears
    anywhere else, and the two colliding inputs get two outputs (none lost)."""
    work = tmp_path / "work"
    tree(tmp_path, {"up.txt": "First.\n", "up2.txt": "Second.\n", "abs.txt": "Third.\n"})
    tree(work, {"sub/keep.txt": "x\n", "__up__/up.txt": "Fourth.\n"})
    before = sorted(p for p in tmp_path.rglob("*"))
    args = ["../up.txt", "sub/../../up2.txt", str(tmp_path / "abs.txt"), "__up__/up.txt"]
    proc = run_cli("run", *args, "--out", "out", "-q", cwd=work)
    assert proc.returncode == 0, proc.stderr
    after = sorted(p for p in tmp_path.rglob("*"))
    new = [p for p in after if p not in before]
    assert new and all(p.is_relative_to(work / "out") for p in new), new
    written = sorted(p.read_text() for p in (work / "out" / "cleaned").rglob("*.txt"))
    assert written == ["First.\n", "Fourth.\n", "Second.\n", "Third.\n"]


def test_planted_link_in_the_output_folder_is_refused(tmp_path: Path) -> None:
    """Input: an output folder where ``cleaned/etc`` is a link to a folder outside.
    Outcome: the target for ``/etc/x.txt`` is refused rather than written through the link."""
    root = tmp_path / "out" / "cleaned"
    root.mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (root / "etc").symlink_to(tmp_path / "elsewhere")
    try:
        output_path(root, Path("/etc/x.txt"))
    except OutputError as exc:
        assert "leads outside" in str(exc)
    else:
        raise AssertionError("a target through a planted link was accepted")


SEGMENT = st.sampled_from(["..", ".", "", "a", "b:", "C:", "~", "...", "\\..", "..\\..", "x.txt", "/"])


@settings(max_examples=300, deadline=None)
@given(st.lists(SEGMENT, max_size=8), st.booleans())
def test_any_path_maps_below_the_output_root(segments: list[str], absolute: bool) -> None:
    """Input: any path built of ``..``, ``.``, empty, drive-like and odd segments,
    absolute or not. Outcome: its output path lies below the output root."""
    raw = ("/" if absolute else "") + "/".join(segments)
    rel = safe_relpath(Path(raw))
    assert not rel.is_absolute() and ".." not in rel.parts
    root = Path("/srv/out/cleaned")
    assert Path(os.path.normpath(root / rel)).is_relative_to(root)
