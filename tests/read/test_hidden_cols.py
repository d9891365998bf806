"""Hidden columns are read from every workbook format (xlsx <col hidden>, ods table:table-column
table:visibility, xls COLINFO flags), a visible column wins over a hidden one repeating its header, and the
locating caches keep two workbooks apart that differ only in which column is hidden."""

from __future__ import annotations

import sys
from pathlib import Path

from conftest import soffice_convert

from govreport.check.run import check_file
from govreport.read.spreadsheet import open_book

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "cases"))
from _common import t2_values, write_t2_two_columns  # noqa: E402


def _book(path: Path, hide: str) -> Path:
    """Table 2 with 科研机构 printed twice under 法人或其他组织: last year's column E (stale numbers, 3 more
    in every row) and this year's F; the column named by `hide` is hidden."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "年报"
    where = write_t2_two_columns(ws, 1, merge=False)  # numbers in C..I, header rows 1-3
    ws.insert_cols(5)
    ws.cell(3, 5, "科研机构")
    for key, row in where.items():
        v = t2_values().get(key)
        if v:
            ws.cell(row, 5, v[2] + 3)
    ws.column_dimensions[hide].hidden = True
    wb.save(path)
    return path


def _research_col(report) -> str:
    [t] = [t for t in report.tables if t.key == "requests"]
    return t.cells[("new", "research")].ref.a1[0]


def test_hidden_cols_read_in_every_format(tmp_path):
    src = _book(tmp_path / "年报.xlsx", "E")
    assert open_book(src).sheets[0].hidden_cols == frozenset({4})
    assert _research_col(check_file(src)) == "F"
    for fmt in ("ods", "xls"):
        [out] = soffice_convert([src], fmt, tmp_path / fmt)
        assert 4 in open_book(out).sheets[0].hidden_cols, fmt
        assert 5 not in open_book(out).sheets[0].hidden_cols, fmt
        report = check_file(out)
        assert _research_col(report) == "F", fmt
        assert not [f for f in report.errors if f.table == "requests"], fmt


def test_same_headers_different_hidden_column(tmp_path):
    """Located once per layout: the hidden column is part of the layout (the second file is not read as the
    first)."""
    # this year's column hidden, last year's shown: the visible one is read (the workbook says it is the report's)
    assert _research_col(check_file(_book(tmp_path / "a.xlsx", "F"))) == "E"
    report = check_file(_book(tmp_path / "b.xlsx", "E"))
    assert _research_col(report) == "F"
    assert not [f for f in report.errors if f.table == "requests"]
    # nothing hidden: the first of the two, as before
    plain = _book(tmp_path / "c.xlsx", "Z")
    assert _research_col(check_file(plain)) == "E"


def test_fill_carries_hidden_cols_from_xls_and_ods(tmp_path):
    """The .xlsx written for an .xls/.ods keeps its hidden columns hidden: checked again, the copy reads the
    same (visible) column, not the stale one that would otherwise show."""
    import openpyxl

    from govreport.fill.run import fill_file

    src = _book(tmp_path / "年报.xlsx", "E")
    for fmt in ("ods", "xls"):
        [carried] = soffice_convert([src], fmt, tmp_path / fmt)
        out = tmp_path / f"out-{fmt}.xlsx"
        result = fill_file(carried, out)
        dims = openpyxl.load_workbook(out)["年报"].column_dimensions
        assert dims["E"].hidden and not dims["F"].hidden, fmt
        assert _research_col(result.output) == "F", fmt
