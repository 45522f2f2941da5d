"""Splicing edits into XLIFF and PO text: what is read back is what was written, nothing else moves."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtclean.formats.base import TAG_BASE
from mtclean.formats.po import read_po
from mtclean.formats.xml import read_xml
from mtclean.model import Edit

PLAIN = st.text(alphabet=st.sampled_from(list("abc XYZ&<>\"'é€\n")), min_size=1, max_size=12)


def xml_escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def po_escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def xliff(targets: list[str]) -> str:
    units = "".join(
        f'<trans-unit id="{i}"><source>Quelle {i}</source><target>{xml_escape(t)}<x id="{i}"/>!</target></trans-unit>\n'
        for i, t in enumerate(targets)
    )
    return f'<xliff version="1.2"><file source-language="de" target-language="en"><body>\n{units}</body></file></xliff>\n'


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(targets=st.lists(PLAIN, min_size=2, max_size=4), new=PLAIN, data=st.data())
def test_xliff_splice(tmp_path: Path, targets: list[str], new: str, data: st.DataObject) -> None:
    path = tmp_path / "f.xlf"
    path.write_text(xliff(targets), encoding="utf-8")
    bt = read_xml(path)
    assert [u.target[:-2] for u in bt.units] == targets  # text, then the <x/> code, then "!"
    assert ord(bt.units[0].target[-2]) == TAG_BASE
    k = data.draw(st.integers(0, len(targets) - 1))
    unit = bt.units[k]
    start = data.draw(st.integers(0, len(targets[k])))
    end = data.draw(st.integers(start, len(targets[k])))
    raw = bt.raw_edits(unit, [Edit(start, end, new)])
    assert raw is not None
    text = bt.text
    for e in sorted(raw, reverse=True):
        text = text[: e.start] + e.replacement + text[e.end :]
    path.write_text(text, encoding="utf-8")
    again = read_xml(path)
    expected = targets[:]
    expected[k] = targets[k][:start] + new + targets[k][end:]
    assert [u.target[:-2] for u in again.units] == expected
    # the other units' text is untouched, byte for byte
    for i, u in enumerate(bt.units):
        if i != k:
            assert bt.text[u.pos[0] : u.pos[-1]] in text
    # an edit over the inline code is refused
    assert bt.raw_edits(unit, [Edit(len(unit.target) - 2, len(unit.target), "")]) is None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(targets=st.lists(PLAIN, min_size=1, max_size=3), new=PLAIN, data=st.data())
def test_po_splice(tmp_path: Path, targets: list[str], new: str, data: st.DataObject) -> None:
    body = "".join(f'msgid "Quelle {i}"\nmsgstr ""\n"{po_escape(t[:3])}"\n"{po_escape(t[3:])}"\n\n'
                   for i, t in enumerate(targets))
    path = tmp_path / "f.po"
    path.write_text(body, encoding="utf-8")
    bt = read_po(path)
    assert [u.target for u in bt.units] == targets
    k = data.draw(st.integers(0, len(targets) - 1))
    start = data.draw(st.integers(0, len(targets[k])))
    end = data.draw(st.integers(start, len(targets[k])))
    raw = bt.raw_edits(bt.units[k], [Edit(start, end, new)])
    assert raw is not None
    text = bt.text
    for e in sorted(raw, reverse=True):
        text = text[: e.start] + e.replacement + text[e.end :]
    path.write_text(text, encoding="utf-8")
    expected = targets[:]
    expected[k] = targets[k][:start] + new + targets[k][end:]
    assert [u.target for u in read_po(path).units] == expected
