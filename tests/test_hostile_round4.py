"""Round 4 of hostile inputs: workbooks whose parts are valid XML (or valid zips) but absurd — references no
sheet can hold, more text than any report, bombs in the parts only the copy-writer reads.

Each failure found was fixed at the root; these tests keep it fixed. A check that could abort the process
runs in a child with an address-space limit, as in test_hostile_cli.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from hostile import SHEET_HEAD, base_xlsx, mutate

TIMEOUT = 60
MEMORY = 1536 * 1024 * 1024


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _run(*args: str) -> subprocess.CompletedProcess:
    """`python -m govreport ARGS` in a child with a memory limit, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "govreport", *args], capture_output=True, timeout=TIMEOUT,
                          preexec_fn=_limits, env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"})


def _refused(path: Path, *words: str, command: str = "check") -> str:
    before = path.read_bytes()
    res = _run(command, str(path), *(["--format", "json"] if command == "check" else []))
    out = res.stdout.decode() + res.stderr.decode()
    assert res.returncode == 2, (res.returncode, out[-2000:])
    assert "Traceback" not in out and "panicked" not in out, out[-2000:]
    assert path.name in out and "请" in out, out[-2000:]
    for w in words:
        assert w in out, out[-2000:]
    assert path.read_bytes() == before
    return out


def _sheet(tmp_path: Path, name: str, cells: bytes, rows: bytes | None = None) -> Path:
    """A workbook whose only sheet is row 1 = A1 (a number) + `cells` (or the given rows)."""
    body = rows if rows is not None else b'<row r="1"><c r="A1"><v>1</v></c>' + cells + b"</row>"
    sheet = SHEET_HEAD + b"<sheetData>" + body + b"</sheetData></worksheet>"
    return mutate(base_xlsx(tmp_path / "base.xlsx"), tmp_path / name, {"xl/worksheets/sheet1.xml": sheet})


# ----------------------------------------------------------------------------- references no sheet can hold

@pytest.mark.parametrize("cell", [
    b'<c r="ZZZZZ1"><v>2</v></c>',  # five letters: the scan took at most four, calamine allocated 12 M columns
    b'<c r="zzzzz1"><v>2</v></c>',  # lower case: calamine reads it as capitals
    b'<c r="A9999999999"><v>2</v></c>',  # ten digits: the scan took at most nine (45 GB, abort)
    b'<c r="A' + b"9" * 5000 + b'"><v>2</v></c>',  # longer than int() converts
    b"<c r='ZZZZZ1'><v>2</v></c>",  # single quotes
    b'<c r = "ZZZZZ1"><v>2</v></c>',  # spaces around "="
    b'<c r="B1" r="ZZZZZ1"><v>2</v></c>',  # a repeated attribute: calamine takes the last
], ids=["5-letters", "lower-case", "10-digits", "5000-digits", "quotes", "spaces", "repeated-attribute"])
def test_a_reference_past_any_sheet_is_refused_not_an_abort(cell: bytes, tmp_path: Path) -> None:
    _refused(_sheet(tmp_path, "far.xlsx", cell), "上限")


def test_a_row_number_past_any_sheet_is_refused(tmp_path: Path) -> None:
    rows = b'<row r="1"><c r="A1"><v>1</v></c></row><row r="99999999999999999999"><c><v>2</v></c></row>'
    _refused(_sheet(tmp_path, "row.xlsx", b"", rows), "上限")


def test_short_references_of_every_spelling_still_open(tmp_path: Path) -> None:
    from govreport.workbook import open_book

    p = _sheet(tmp_path, "ok.xlsx", b"<c r='b1'><v>2</v></c><c r = \"C1\"><v>3</v></c>")
    assert open_book(p).sheets[0].rows[0][:3] == [1, 2, 3]
