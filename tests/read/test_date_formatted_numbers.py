"""A count cell under a date format holds its number; calamine gives the date the format shows, and the
reader gives the number back (Excel's and WPS's serials count 1900-02-29, LibreOffice's do not)."""

from __future__ import annotations

import datetime
import json

import openpyxl
from click.testing import CliRunner
from conftest import soffice_convert

from govreport.check.run import check_file
from govreport.cli.app import cli
from govreport.read.model import DateShown
from govreport.read.spreadsheet import open_book


def _book(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "年报"
    for col, n in enumerate((10, 59, 61, 126, 2599), start=1):
        ws.cell(1, col, n).number_format = "yyyy/m/d"
    ws.cell(2, 1, datetime.date(2021, 1, 10)).number_format = "yyyy/m/d"  # typed "1-10": a date
    wb.save(path)
    return path


def test_numbers_under_a_date_format_read_back_in_every_format(tmp_path):
    src = _book(tmp_path / "d.xlsx")
    books = [src, *(soffice_convert([src], fmt, tmp_path / fmt)[0] for fmt in ("xls", "ods"))]
    for path in books:
        rows = open_book(path).sheets[0].rows
        assert [float(v) for v in rows[0][:5]] == [10, 59, 61, 126, 2599], path.suffix
        assert all(isinstance(v, DateShown) for v in rows[0][:5]), path.suffix
        assert isinstance(rows[1][0], datetime.date) and not isinstance(rows[1][0], DateShown)


def test_fill_json_with_a_date_in_a_count_cell(tmp_path):
    """A date typed into a count cell is the old value of a fill edit: the JSON says it as a date (it was
    a TypeError that ended `fill --format json`)."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from casebuild import CASES, case_workbook

    src = case_workbook(CASES / "count_cells_date_format", tmp_path)
    res = CliRunner().invoke(cli, ["fill", str(src), "-o", str(tmp_path / "out.xlsx"), "--format", "json"])
    assert res.exit_code == 0, res.output
    old = {c["cell"]: c["old"] for c in json.loads(res.output)["changes"]}
    assert old["Sheet1!D25"] == "2021-01-10"
    assert check_file(tmp_path / "out.xlsx").status == "ok"


def test_excel_for_mac_1904_dates(tmp_path):
    """A workbook in the 1904 date system (Excel for Mac): serial 10 shows as 1904-01-11, and is 10."""
    import re
    import zipfile

    path = tmp_path / "mac.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = 10
    wb.active["A1"].number_format = "yyyy/m/d"
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts["xl/workbook.xml"].decode()
    parts["xl/workbook.xml"] = re.sub(r"<workbookPr", '<workbookPr date1904="1"', xml, count=1).encode()
    with zipfile.ZipFile(path, "w") as z:
        for n, d in parts.items():
            z.writestr(n, d)
    cell = open_book(path).sheets[0].rows[0][0]
    assert isinstance(cell, DateShown) and cell == 10 and cell.shown == "1904-01-11"
