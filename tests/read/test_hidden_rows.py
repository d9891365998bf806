"""Hidden rows are read from every workbook format (xlsx row attribute, ods table:visibility, xls ROW flags),
and the locating caches keep two workbooks apart that differ only in which row is hidden."""

from __future__ import annotations

import sys
from pathlib import Path

from conftest import soffice_convert

from govreport.check.run import check_file
from govreport.read.spreadsheet import open_book

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "cases"))
from _common import T2_2021, t2_values, write_t2_two_columns  # noqa: E402


def _book(path: Path, hide: str) -> Path:
    """Table 2 with 一、本年新收 printed twice: this year's row and last year's (20, 3, 0, 0, 1, 0 = 24)
    right under it; the row named by `hide` ("new" or "stale_new") is hidden."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "年报"
    rows = list(T2_2021)
    rows.insert(1, ("stale_new", None, "一、本年新收政府信息公开申请数量"))
    values = t2_values()
    values["stale_new"] = [20, 3, 0, 0, 1, 0, 24]
    where = write_t2_two_columns(ws, 1, values=values, rows=rows)
    ws.row_dimensions[where[hide]].hidden = True
    wb.save(path)
    return path


def test_hidden_rows_read_in_every_format(tmp_path):
    src = _book(tmp_path / "年报.xlsx", "stale_new")  # rows 4 (new) and 5 (stale, hidden)
    assert open_book(src).sheets[0].hidden_rows == frozenset({4})
    for fmt in ("ods", "xls"):
        [out] = soffice_convert([src], fmt, tmp_path / fmt)
        assert open_book(out).sheets[0].hidden_rows == frozenset({4}), fmt
        assert _new_row(check_file(out)) == 4, fmt


def test_same_labels_different_hidden_row(tmp_path):
    """Located once per layout: the hidden row is part of the layout (the second file is not read as the first)."""
    # this year's row hidden: the visible row is the one read (the workbook says it is the report's)
    assert _new_row(check_file(_book(tmp_path / "a.xlsx", "new"))) == 5
    report = check_file(_book(tmp_path / "b.xlsx", "stale_new"))
    assert _new_row(report) == 4
    assert not [f for f in report.errors if f.table == "requests"]


def _new_row(report) -> int:
    """The 1-based sheet row read as 一、本年新收."""
    [t] = [t for t in report.tables if t.key == "requests"]
    return t.cells[("new", "natural_person")].ref.row + 1


def test_fill_carries_hidden_rows_from_xls_and_ods(tmp_path):
    """The .xlsx written for an .xls/.ods keeps its hidden rows hidden: checked again, the copy reads the same
    (visible) row, not the stale one that would otherwise show."""
    import openpyxl

    from govreport.fill.run import fill_file

    src = _book(tmp_path / "年报.xlsx", "stale_new")
    for fmt in ("ods", "xls"):
        [carried] = soffice_convert([src], fmt, tmp_path / fmt)
        out = tmp_path / f"out-{fmt}.xlsx"
        result = fill_file(carried, out)
        assert openpyxl.load_workbook(out)["年报"].row_dimensions[5].hidden, fmt
        assert _new_row(result.output) == 4, fmt
