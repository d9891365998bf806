"""A formula saved with the result "" (Excel's hidden zero, =IF(SUM(..)=0,"",SUM(..))) is a cached 0, not a
formula saved without a result: the reader tells them apart by the cell's t="str" and its empty value."""

import re
import zipfile

import openpyxl
import pytest

from govreport.read.spreadsheet import open_book


def _book_with(tmp_path, cell_xml: bytes | None, formula: str = 'IF(SUM(A1:B1)=0,"",SUM(A1:B1))'):
    """A sheet A1=0, B1=0, C1=formula, with C1's XML replaced by `cell_xml` (None: as openpyxl writes it)."""
    path = tmp_path / "book.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"], ws["B1"], ws["C1"], ws["D1"] = 0, 0, "=" + formula, 7
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"]
    m = re.search(rb'<c r="C1"[^>]*>.*?</c>', xml)
    assert m is not None and b"<v />" in m[0]  # openpyxl: no saved result, and no t="str"
    if cell_xml is not None:
        parts["xl/worksheets/sheet1.xml"] = xml.replace(m[0], cell_xml)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)
    return open_book(path).sheets[0]


F = b'<f>IF(SUM(A1:B1)=0,"",SUM(A1:B1))</f>'.replace(b'"', b"&quot;")


@pytest.mark.parametrize(
    "cell",
    [
        b'<c r="C1" t="str">' + F + b"<v></v></c>",  # Excel and LibreOffice
        b'<c r="C1" s="0" t="str">' + F + b"<v/></c>",
        b"<c r='C1' t='str'>" + F + b"<v /></c>",
        b'<c t="str" r="C1">' + F + b"\n  <v></v></c>",
    ],
)
def test_a_saved_empty_text_result_reads_as_the_hidden_zero(tmp_path, cell):
    sheet = _book_with(tmp_path, cell)
    assert sheet.formulas[(0, 2)].startswith("IF(")
    assert sheet.value(0, 2) == 0 and sheet.value(0, 2) != ""
    assert sheet.value(0, 3) == 7  # the cell after it is untouched


@pytest.mark.parametrize(
    "cell",
    [
        None,  # openpyxl: <v /> and no t: never computed
        b'<c r="C1">' + F + b"<v></v></c>",  # an empty value but no t="str": still no result
        b'<c r="C1" t="str">' + F + b"</c>",  # t="str" but no value at all
        b'<c r="C1" t="str">' + F + b"<v>x</v></c>",  # a real text result is calamine's to read
    ],
)
def test_no_saved_result_stays_uncached(tmp_path, cell):
    sheet = _book_with(tmp_path, cell)
    assert (0, 2) in sheet.formulas
    assert sheet.value(0, 2) in ("", "x")


def test_a_namespace_prefixed_sheet_is_read_the_same(tmp_path):
    path = tmp_path / "book.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"], ws["B1"], ws["C1"] = 0, 0, '=IF(SUM(A1:B1)=0,"",SUM(A1:B1))'
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"]
    xml = re.sub(rb"<(/?)(?!\?)", rb"<\1x:", xml).replace(b"xmlns=", b"xmlns:x=")
    xml = xml.replace(b'<x:c r="C1">', b'<x:c r="C1" t="str">').replace(b"<x:v />", b"<x:v></x:v>")
    parts["xl/worksheets/sheet1.xml"] = xml
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)
    sheet = open_book(path).sheets[0]
    assert (0, 2) in sheet.formulas and sheet.value(0, 2) == 0 and sheet.value(0, 2) != ""


def test_a_cell_past_the_measured_grid_is_given_room():
    from govreport.read.spreadsheet import _put_cached_empty

    xml = (
        b'<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="C1" t="str"><f>A1*0</f><v/></c></row>'
        b'<row r="3"><c r="B3" t="str"><f>A1*0</f><v></v></c></row></sheetData>'
    )
    rows: list[list] = [[1]]
    _put_cached_empty(rows, xml, {(0, 2): "A1*0", (2, 1): "A1*0"})
    assert rows == [[1, "", 0.0], [], ["", 0.0]]
