"""open_book on normal workbooks: values, formulas (incl. shared), merged ranges, hidden sheets, xls/ods."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from govreport.read.spreadsheet import UnreadableError, ods_formula, open_book, translate_formula

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def report_book(path: Path) -> Path:
    """A small Table-2-like workbook with formulas, merged headers and a hidden sheet."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表二"
    ws["A1"] = "三、收到和处理政府信息公开申请情况"
    ws.merge_cells("A1:J1")
    ws.merge_cells("A2:C4")
    ws["D2"] = "申请人情况"
    for r in range(8, 12):
        ws.cell(r, 1, f"行{r}")
        for c in range(4, 10):  # D..I
            ws.cell(r, c, c)
        ws.cell(r, 10, f"=SUM(D{r}:I{r})")
    ws["D12"] = "=SUM(D8:D11)"
    ws["K8"] = '=IF(J8>0,"有","无")'
    hidden = wb.create_sheet("备注")
    hidden["A1"] = "内部"
    hidden.sheet_state = "hidden"
    wb.create_sheet("表三")["B2"] = 5
    wb.save(path)
    return path


def test_values_formulas_merged_hidden(tmp_path: Path) -> None:
    book = open_book(report_book(tmp_path / "r.xlsx"))
    assert book.format == "xlsx"
    assert [s.name for s in book.sheets] == ["表二", "备注", "表三"]
    s = book.sheet("表二")
    assert s.value(0, 0) == "三、收到和处理政府信息公开申请情况"
    assert s.value(7, 3) == 4  # D8, 0-based from A1
    assert s.formulas[(7, 9)] == "SUM(D8:I8)"
    assert s.value(7, 9) == ""  # openpyxl writes no cached value
    assert s.formulas[(11, 3)] == "SUM(D8:D11)"
    assert s.formulas[(7, 10)] == 'IF(J8>0,"有","无")'
    assert (7, 3) not in s.formulas
    assert sorted(s.merged) == [(0, 0, 0, 9), (1, 0, 3, 2)]
    assert not s.hidden
    assert book.sheet("备注").hidden
    assert book.sheet("表三").value(1, 1) == 5
    assert book.notes == []


def _shared_sheet() -> bytes:
    rows = [
        b'<row r="8"><c r="D8"><v>1</v></c><c r="E8"><v>2</v></c>'
        b'<c r="J8"><f t="shared" ref="J8:J11" si="0">SUM(D8:I8)+$A$1+D$2</f><v>3</v></c></row>'
    ]
    for r in range(9, 12):
        rows.append(b'<row r="%d"><c r="J%d"><f t="shared" si="0"/><v>0</v></c></row>' % (r, r))
    rows.append(
        b'<row r="12"><c r="D12"><f t="shared" ref="D12:F12" si="1">SUM(D8:D11)</f></c>'
        b'<c r="E12"><f t="shared" si="1"/></c><c r="F12"><f t="shared" si="1"/></c>'
        b'<c r="G12"><f t="array" ref="G12:G13">MAX(D8:D11*2)</f></c></row>'
    )
    return f'<worksheet xmlns="{MAIN}"><sheetData>'.encode() + b"".join(rows) + b"</sheetData></worksheet>"


def test_shared_formulas_are_translated(tmp_path: Path) -> None:
    src = report_book(tmp_path / "src.xlsx")
    dst = tmp_path / "shared.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = _shared_sheet() if info.filename == "xl/worksheets/sheet1.xml" else zin.read(info.filename)
            zout.writestr(info.filename, data)
    s = open_book(dst).sheet("表二")
    assert s.formulas[(7, 9)] == "SUM(D8:I8)+$A$1+D$2"
    assert s.formulas[(8, 9)] == "SUM(D9:I9)+$A$1+D$2"
    assert s.formulas[(10, 9)] == "SUM(D11:I11)+$A$1+D$2"
    assert s.formulas[(11, 4)] == "SUM(E8:E11)"
    assert s.formulas[(11, 5)] == "SUM(F8:F11)"
    assert s.formulas[(11, 6)] == "MAX(D8:D11*2)"
    assert s.value(7, 9) == 3  # cached values still come from calamine


@pytest.mark.parametrize(
    ("text", "dr", "dc", "expected"),
    [
        ("SUM(D8:I8)", 1, 0, "SUM(D9:I9)"),
        ("$D$8+D$8+$D8", 2, 2, "$D$8+F$8+$D10"),
        ('LOG10(A1)&"A1"', 1, 1, 'LOG10(B2)&"A1"'),
        ("'表 二'!A1+Sheet2!B2", 1, 0, "'表 二'!A2+Sheet2!B3"),
        ("SUM(A:A)", 0, 1, "SUM(B:B)"),
        ("A1", -1, 0, "#REF!"),
        ("Table1[[#This Row],[A1]]", 1, 1, "Table1[[#This Row],[A1]]"),
        ("SUM(D8:I8)", 0, 0, "SUM(D8:I8)"),
    ],
)
def test_translate_formula(text: str, dr: int, dc: int, expected: str) -> None:
    assert translate_formula(text, dr, dc) == expected


def test_chart_sheet_skipped_with_note(tmp_path: Path) -> None:
    p = report_book(tmp_path / "c.xlsx")
    wb = openpyxl.load_workbook(p)
    wb.create_chartsheet("图表")
    wb.save(p)
    book = open_book(p)
    assert "图表" not in [s.name for s in book.sheets]
    assert any("图表" in n for n in book.notes)


def test_xlsm_detected(tmp_path: Path) -> None:
    src = report_book(tmp_path / "m.xlsx")
    dst = tmp_path / "m.xlsm"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info.filename))
        zout.writestr("xl/vbaProject.bin", b"\x00" * 16)
    assert open_book(dst).format == "xlsm"


def test_input_not_modified_and_str_path(tmp_path: Path) -> None:
    p = report_book(tmp_path / "r.xlsx")
    before = p.read_bytes()
    stamp = p.stat().st_mtime_ns
    open_book(str(p))
    assert p.read_bytes() == before and p.stat().st_mtime_ns == stamp


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """xls and ods copies of the report made by LibreOffice (skipped when soffice is absent)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice (soffice) is not installed: cannot make real .xls/.ods files to test with")
    d = tmp_path_factory.mktemp("lo")
    src = report_book(d / "r.xlsx")
    # A private profile: a shared one fails when another soffice runs at the same time.
    profile = f"-env:UserInstallation=file://{d / 'profile'}"
    for fmt in ("xls", "ods"):
        res = subprocess.run(
            [soffice, profile, "--headless", "--convert-to", fmt, "--outdir", str(d), str(src)],
            capture_output=True,
            timeout=120,
            env={**os.environ, "HOME": str(d)},
        )
        if res.returncode or not (d / f"r.{fmt}").exists():
            pytest.skip(f"soffice could not convert to {fmt}: {res.stderr.decode(errors='replace')[:200]}")
    return d


@pytest.mark.parametrize("fmt", ["xls", "ods"])
def test_xls_and_ods(converted: Path, fmt: str) -> None:
    book = open_book(converted / f"r.{fmt}")
    assert book.format == fmt
    assert [s.name for s in book.sheets] == ["表二", "备注", "表三"]
    s = book.sheet("表二")
    assert s.value(7, 3) == 4
    assert s.value(7, 9) == 39  # LibreOffice computed and cached the SUM
    if fmt == "ods":
        # content.xml keeps the formulas (OpenFormula, translated to Excel syntax)
        assert s.formulas[(7, 9)] == "SUM(D8:I8)" and s.formulas[(11, 3)] == "SUM(D8:D11)"
        assert s.formulas[(7, 10)] == 'IF(J8>0,"有","无")'
        assert book.notes == []
    else:
        assert s.formulas == {}  # python-calamine reads no BIFF8 formulas: said in the notes
        assert any(".xls" in n for n in book.notes)
    assert sorted(s.merged) == [(0, 0, 0, 9), (1, 0, 3, 2)]
    assert book.sheet("备注").hidden


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("of:=SUM([.E23:.I23])", "SUM(E23:I23)"),
        ("of:=[$Sheet1.A1]+[$'表 二'.$D$8]", "Sheet1!A1+'表 二'!$D$8"),
        ('of:=IF([.J8]>0;"有;[x]";"无")', 'IF(J8>0,"有;[x]","无")'),
        ("of:=SUM([$年报.D8:.D11])", "SUM(年报!D8:D11)"),
        ("of:=[$'a''b'.A1]", "'a''b'!A1"),
        ("oooc:=[.A1]", None),
    ],
)
def test_ods_formula(text: str, expected: str | None) -> None:
    assert ods_formula(text) == expected


def test_xls_renamed_xlsx(converted: Path, tmp_path: Path) -> None:
    p = tmp_path / "really_xls.xlsx"
    shutil.copy(converted / "r.xls", p)
    book = open_book(p)
    assert book.format == "xls"
    assert book.sheet("表二").value(7, 3) == 4


def test_truncated_xls_is_refused(converted: Path, tmp_path: Path) -> None:
    p = tmp_path / "cut.xls"
    p.write_bytes((converted / "r.xls").read_bytes()[:1000])
    with pytest.raises(UnreadableError):
        open_book(p)


def test_cut_xls_never_escapes(converted: Path, tmp_path: Path) -> None:
    data = (converted / "r.xls").read_bytes()
    for n in (len(data) // 2, len(data) * 3 // 4, len(data) - 100):
        p = tmp_path / f"cut{n}.xls"
        p.write_bytes(data[:n])
        try:
            open_book(p)
        except UnreadableError as e:
            assert e.reason in ("truncated", "not-a-workbook")


def test_calamine_panic_becomes_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # pyo3 turns a Rust panic into PanicException, a BaseException: it must not escape as a crash.
    import python_calamine as pc

    class PanicException(BaseException):
        pass

    def boom(_fh: object) -> None:
        raise PanicException("range start index 116 out of range for slice of length 112")

    monkeypatch.setattr(pc.CalamineWorkbook, "from_filelike", boom)
    with pytest.raises(UnreadableError) as ei:
        open_book(report_book(tmp_path / "r.xlsx"))
    assert "损坏" in ei.value.message


def test_typed_error_cells_come_back_as_their_text():
    from govreport.read.spreadsheet import _put_errors

    xml = (
        b'<row r="1"><c r="A1" t="e"/><c r="B1"><v>5</v></c><c r="C1" s="2" t="e"><v>#REF!</v></c>'
        b'<c r="D1" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>'
    )
    rows = [["", 5.0, "", ""]]
    _put_errors(rows, xml, {(0, 3): "1/0"})
    # a self-closing error cell does not take the next cell's value; a formula's error stays its formula's
    assert rows == [["", 5.0, "#REF!", ""]]
