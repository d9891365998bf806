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
    return subprocess.run(
        [sys.executable, "-m", "govreport", *args],
        capture_output=True,
        timeout=TIMEOUT,
        preexec_fn=_limits,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"},
    )


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


@pytest.mark.parametrize(
    "cell",
    [
        b'<c r="ZZZZZ1"><v>2</v></c>',  # five letters: the scan took at most four, calamine allocated 12 M columns
        b'<c r="zzzzz1"><v>2</v></c>',  # lower case: calamine reads it as capitals
        b'<c r="A9999999999"><v>2</v></c>',  # ten digits: the scan took at most nine (45 GB, abort)
        b'<c r="A' + b"9" * 5000 + b'"><v>2</v></c>',  # longer than int() converts
        b"<c r='ZZZZZ1'><v>2</v></c>",  # single quotes
        b'<c r = "ZZZZZ1"><v>2</v></c>',  # spaces around "="
        b'<c r="B1" r="ZZZZZ1"><v>2</v></c>',  # a repeated attribute: calamine takes the last
    ],
    ids=["5-letters", "lower-case", "10-digits", "5000-digits", "quotes", "spaces", "repeated-attribute"],
)
def test_a_reference_past_any_sheet_is_refused_not_an_abort(cell: bytes, tmp_path: Path) -> None:
    _refused(_sheet(tmp_path, "far.xlsx", cell), "上限")


def test_a_row_number_past_any_sheet_is_refused(tmp_path: Path) -> None:
    rows = b'<row r="1"><c r="A1"><v>1</v></c></row><row r="99999999999999999999"><c><v>2</v></c></row>'
    _refused(_sheet(tmp_path, "row.xlsx", b"", rows), "上限")


def test_short_references_of_every_spelling_still_open(tmp_path: Path) -> None:
    from govreport.read.spreadsheet import open_book

    p = _sheet(tmp_path, "ok.xlsx", b"<c r='b1'><v>2</v></c><c r = \"C1\"><v>3</v></c>")
    assert open_book(p).sheets[0].rows[0][:3] == [1, 2, 3]


# ----------------------------------------------------------------------------- more text than any report


def _col(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def _text_book(path: Path, n: int, width: int = 20, inline: bool = False) -> Path:
    """n text cells (distinct label-like texts: the costliest to match) in rows of `width`."""
    import zipfile

    from hostile import MAIN

    base = base_xlsx(path.with_name("base.xlsx"))
    words = ["本年新收政府信息公开申请数量", "自然人", "商业企业", "予以公开", "行政复议", "结果维持"]
    rows = []
    for r in range(n // width):
        cells = []
        for c in range(width):
            k = r * width + c
            ref = f"{_col(c)}{r + 1}"
            cells.append(
                f'<c r="{ref}" t="inlineStr"><is><t>{words[k % 6]}{k}</t></is></c>'
                if inline
                else f'<c r="{ref}" t="s"><v>{k}</v></c>'
            )
        rows.append(f'<row r="{r + 1}">' + "".join(cells) + "</row>")
    parts = {
        "xl/worksheets/sheet1.xml": SHEET_HEAD
        + b"<sheetData>"
        + "".join(rows).encode()
        + b"</sheetData></worksheet>"
    }
    if not inline:
        parts["xl/sharedStrings.xml"] = (
            f'<sst xmlns="{MAIN}" count="{n}" uniqueCount="{n}">'
            + "".join(f"<si><t>{words[k % 6]}{k}</t></si>" for k in range(n))
            + "</sst>"
        ).encode()
        with zipfile.ZipFile(base) as z:
            parts["[Content_Types].xml"] = z.read("[Content_Types].xml").replace(
                b"</Types>",
                (
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                    b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
                ),
            )
            parts["xl/_rels/workbook.xml.rels"] = z.read("xl/_rels/workbook.xml.rels").replace(
                b"</Relationships>",
                b'<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/'
                b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
            )
    return mutate(base, path, parts)


@pytest.mark.parametrize("inline", [False, True], ids=["shared", "inline"])
def test_three_hundred_thousand_label_like_cells_are_refused_at_once(inline: bool, tmp_path: Path) -> None:
    # matching each text against the form's labels took ~0.5 ms: 2 million of them (a 6.5 MB file) ran for
    # minutes with no time limit in `check`; now refused before any is matched
    p = _text_book(tmp_path / "台账.xlsx", 300_000, inline=inline)
    _refused(p, "文字单元格过多", "10,000", "单独的工作簿")  # in a child with a time limit (a hang guard)


def test_a_report_with_fewer_text_cells_than_the_limit_is_read(tmp_path: Path) -> None:
    from govreport.read import guards

    p = _text_book(tmp_path / "大.xlsx", 9_000)
    assert guards.preflight(p.read_bytes()).format == "xlsx"
    with pytest.raises(guards.UnreadableError, match="文字单元格过多"):
        guards.preflight(_text_book(tmp_path / "更大.xlsx", 10_020).read_bytes())


def test_text_cells_of_every_spelling_count(tmp_path: Path) -> None:
    from govreport.read import guards

    rows = b"".join(
        b'<row r="%d">' % (r + 1)
        + b"".join(b"<c r='%s%d' t = 'str'><v>x%d</v></c>" % (_col(c).encode(), r + 1, c) for c in range(20))
        + b"</row>"
        for r in range(600)
    )
    p = _sheet(tmp_path, "str.xlsx", b"", rows)
    with pytest.raises(guards.UnreadableError, match="文字单元格过多"):
        guards.preflight(p.read_bytes())


def test_ods_text_cells_count_their_repeats(tmp_path: Path) -> None:
    from test_paths_streams_outputs import _ods_text_bomb

    from govreport.read import guards

    # 101 rows x 100 columns of one short text: 10,100 text cells in a file of 1 KB
    p = _ods_text_bomb(tmp_path / "x.ods", rows=101, cols=100, length=3)
    with pytest.raises(guards.UnreadableError, match="文字单元格过多"):
        guards.preflight(p.read_bytes())
    assert guards.preflight(_ods_text_bomb(tmp_path / "y.ods", rows=99, cols=100, length=3).read_bytes())


def test_xls_text_cells_are_counted(tmp_path: Path) -> None:
    from hostile import cfb

    from govreport.read import guards

    label = b"\xfd\x00\x0a\x00" + b"\x00" * 10  # LABELSST: row, column, format, string index
    with pytest.raises(guards.UnreadableError, match="文字单元格过多"):
        guards.preflight(cfb(["Workbook"]) + label * 10_001)
    assert guards.preflight(cfb(["Workbook"]) + label * 9_000).format == "xls"


# ----------------------------------------------------------------------------- one part, many sheets


def _many_sheets(tmp_path: Path, name: str, n: int, sheet: bytes | None = None) -> Path:
    import re
    import zipfile

    base = base_xlsx(tmp_path / "base.xlsx")
    wb = zipfile.ZipFile(base).read("xl/workbook.xml")
    sheets = b"".join(b'<sheet name="S%d" sheetId="%d" r:id="rId1"/>' % (i, i + 1) for i in range(n))
    parts = {"xl/workbook.xml": re.sub(rb"<sheets>.*</sheets>", b"<sheets>" + sheets + b"</sheets>", wb)}
    if sheet is not None:
        parts["xl/worksheets/sheet1.xml"] = sheet
    return mutate(base, tmp_path / name, parts)


def test_five_thousand_sheets_are_refused(tmp_path: Path) -> None:
    # every sheet named one report part: check ran for more than 200 s
    _refused(_many_sheets(tmp_path, "5000.xlsx", 5000), "5000 个工作表", "255")


def test_sparse_sheets_listed_many_times_are_refused(tmp_path: Path) -> None:
    # A1 and Z9999 on one part, listed as 255 sheets: 66 million cells allocated (750 MB, 15 s)
    sheet = SHEET_HEAD + (
        b'<sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
        b'<row r="9999"><c r="Z9999"><v>1</v></c></row></sheetData></worksheet>'
    )
    _refused(_many_sheets(tmp_path, "sparse.xlsx", 255, sheet), "合计过大", "4,000,000")


def test_a_workbook_of_many_small_sheets_is_read(tmp_path: Path) -> None:
    from govreport.read.spreadsheet import open_book

    assert len(open_book(_many_sheets(tmp_path, "many.xlsx", 200)).sheets) == 200


# ----------------------------------------------------------------------------- what only the copy-writer reads


def _report_with(tmp_path: Path, name: str, before_end: bytes = b"", workbook: bytes | None = None) -> Path:
    """The demo report with `before_end` put after its sheetData (merges, rules) or another workbook.xml."""
    import zipfile

    from conftest import DEMO

    z = zipfile.ZipFile(DEMO)
    sheet = z.read("xl/worksheets/sheet1.xml")
    parts = {"xl/worksheets/sheet1.xml": sheet.replace(b"</sheetData>", b"</sheetData>" + before_end, 1)}
    if workbook is not None:
        parts["xl/workbook.xml"] = workbook
    return mutate(DEMO, tmp_path / name, parts, level=9)


def _names(n: int) -> bytes:
    import zipfile

    from conftest import DEMO

    wb = zipfile.ZipFile(DEMO).read("xl/workbook.xml")
    names = b"".join(
        b"<definedName name=\"N%d\">'\xe5\xb9\xb4\xe6\x8a\xa5'!$A$1</definedName>" % i for i in range(n)
    )
    return wb.replace(b"<definedNames />", b"<definedNames>" + names + b"</definedNames>")


FILL_BOMBS = {
    # openpyxl made a MergedCell for each of 17 billion cells: MemoryError after 40 s (or the machine's memory)
    "merge-to-the-end": lambda d: _report_with(
        d, "merge.xlsx", b'<mergeCells count="1"><mergeCell ref="A60:XFD1048576"/></mergeCells>'
    ),
    # 50,000 conditional formats: 22 s; 100,000 data validations: 20 s
    "conditional-formats": lambda d: _report_with(
        d,
        "cf.xlsx",
        b"".join(
            b'<conditionalFormatting sqref="A%d"><cfRule type="cellIs" priority="%d" operator="equal">'
            b"<formula>1</formula></cfRule></conditionalFormatting>" % (i + 1, i + 1)
            for i in range(20_000)
        ),
    ),
    "data-validations": lambda d: _report_with(
        d,
        "dv.xlsx",
        b'<dataValidations count="20000">'
        + b"".join(
            b'<dataValidation type="whole" sqref="A%d"><formula1>0</formula1></dataValidation>' % (i + 1)
            for i in range(20_000)
        )
        + b"</dataValidations>",
    ),
    "defined-names": lambda d: _report_with(d, "names.xlsx", workbook=_names(20_000)),
    # 240,000 cell styles (31 MB of styles.xml): 41 s
    "cell-styles": lambda d: _with_styles(d, "styles.xlsx", 20_000),
}


def _with_styles(tmp_path: Path, name: str, n: int) -> Path:
    import re
    import zipfile

    from conftest import DEMO

    styles = zipfile.ZipFile(DEMO).read("xl/styles.xml")
    xfs = (
        b'<cellXfs count="%d">' % n
        + b"".join(
            b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment indent="%d"/>'
            b"</xf>" % (i % 250)
            for i in range(n)
        )
        + b"</cellXfs>"
    )
    return mutate(
        DEMO, tmp_path / name, {"xl/styles.xml": re.sub(rb"<cellXfs.*?</cellXfs>", xfs, styles, flags=re.S)}
    )


@pytest.mark.parametrize("case", list(FILL_BOMBS))
def test_fill_refuses_what_openpyxl_cannot_write_in_bounded_time(case: str, tmp_path: Path) -> None:
    p = FILL_BOMBS[case](tmp_path)
    out = tmp_path / "副本.xlsx"
    res = subprocess.run(
        [sys.executable, "-m", "govreport", "fill", str(p), "-o", str(out)],
        capture_output=True,
        timeout=TIMEOUT,
        preexec_fn=_limits,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    text = res.stdout.decode() + res.stderr.decode()
    assert res.returncode == 2, text[-2000:]
    assert "Traceback" not in text and "MemoryError" not in text, text[-2000:]
    assert "上限" in text and "检查结果不受影响" in text and p.name in text, text[-2000:]
    assert not out.exists()


def test_check_of_those_workbooks_is_unchanged(tmp_path: Path) -> None:
    from govreport.check.run import check_file
    from govreport.fill.run import fill_file

    p = FILL_BOMBS["merge-to-the-end"](tmp_path)
    assert not check_file(p).unreadable
    result = fill_file(p, tmp_path / "x.xlsx", dry_run=True)
    assert result.error and "17,178,903,104" in result.error and result.exit_code == 2


def test_fill_of_a_carried_ods_with_too_many_cells_is_refused(tmp_path: Path) -> None:
    # an .ods is carried into a new .xlsx cell by cell: 120,000 numbers from one repeated cell of 300 bytes
    import shutil
    import zipfile

    from conftest import DEMO, soffice_convert

    from govreport.fill.run import fill_file

    src = tmp_path / "年报.xlsx"
    shutil.copy(DEMO, src)
    [ods] = soffice_convert([src], "ods", tmp_path / "ods")
    extra = (
        b'<table:table table:name="X"><table:table-row table:number-rows-repeated="400"><table:table-cell '
        b'office:value-type="float" office:value="1" table:number-columns-repeated="300"/></table:table-row>'
        b"</table:table></office:spreadsheet>"
    )
    big = tmp_path / "大.ods"
    with zipfile.ZipFile(ods) as zin, zipfile.ZipFile(big, "w") as zout:
        for info in zin.infolist():  # mimetype stays first and stored
            body = zin.read(info.filename)
            zout.writestr(
                info,
                body.replace(b"</office:spreadsheet>", extra) if info.filename == "content.xml" else body,
            )
    result = fill_file(big, tmp_path / "副本.xlsx")
    assert result.error and "上限" in result.error and "检查结果不受影响" in result.error, result.error
    assert not (tmp_path / "副本.xlsx").exists()
    assert fill_file(ods, tmp_path / "好.xlsx").error is None


def test_fill_budget_passes_the_shipped_workbooks() -> None:
    # (every real-layout case is filled by test_fill_cases, which a refusal would fail)
    from govreport.fill.budget import fill_budget

    books = sorted((ROOT / "workbooks").glob("*.xlsx"))
    assert len(books) >= 3 and [fill_budget(b.read_bytes()) for b in books] == [None] * len(books)


# ----------------------------------------------------------------------------- formula chains


def test_a_formula_parsed_at_the_bottom_of_a_deep_chain_stays_parseable() -> None:
    import inspect

    from govreport.cells.formula import FormulaError, _parse, evaluate

    poisoned = []
    for margin in range(5, 60):
        _parse.cache_clear()

        def deep(k: int) -> None:
            if k > 0:
                deep(k - 1)
                return
            try:
                evaluate("SUM(D23:I23)", lambda ref: 1)
            except (FormulaError, RecursionError):
                pass  # failing this deep is fine; being remembered as unparseable is not

        try:
            deep(sys.getrecursionlimit() - len(inspect.stack(0)) - margin)
        except RecursionError:
            continue  # the helper itself ran out of stack before the bottom (the runner's frames vary)
        try:
            evaluate("SUM(D23:I23)", lambda ref: 1)
        except FormulaError as e:
            poisoned.append((margin, str(e)))
    _parse.cache_clear()
    assert poisoned == []


def test_a_deep_chain_of_formula_cells_is_an_error_not_a_crash(tmp_path: Path) -> None:
    import openpyxl
    from conftest import DEMO

    p = tmp_path / "链.xlsx"
    wb = openpyxl.load_workbook(DEMO)
    ws = wb["年报"]
    ws["D23"] = "=AA1"
    for i in range(1, 10_000):
        ws[f"AA{i}"] = f"=AA{i + 1}+0"
    ws["AA10000"] = 1
    wb.save(p)
    res = _run("check", str(p), "--format", "json")
    out = res.stdout.decode() + res.stderr.decode()
    assert res.returncode == 1 and "Traceback" not in out, out[-2000:]
    assert "D23" in out


def _with_image(tmp_path: Path, name: str, image: bytes) -> Path:
    import io
    import zipfile

    import openpyxl
    from conftest import DEMO
    from openpyxl.drawing.image import Image as XImage
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buf, "PNG")
    buf.seek(0)
    wb = openpyxl.load_workbook(DEMO)
    wb["年报"].add_image(XImage(buf), "Q2")
    small = tmp_path / "图.xlsx"
    wb.save(small)
    [media] = [n for n in zipfile.ZipFile(small).namelist() if "/media/" in n]
    return mutate(small, tmp_path / name, {media: image})


def test_fill_refuses_an_image_it_would_decode_into_gigabytes(tmp_path: Path) -> None:
    # openpyxl re-encodes a TIFF as PNG on saving: 790 KB of 12,000 x 12,000 pixels took 11 s and 1.2 GB,
    # and Pillow's English DecompressionBombWarning went to the console
    import io

    from PIL import Image

    from govreport.fill.run import fill_file

    buf = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(buf, "TIFF", compression="group4")
    p = _with_image(tmp_path, "扫描件.xlsx", buf.getvalue())
    result = fill_file(p, tmp_path / "副本.xlsx")
    assert result.error and "万像素" in result.error and "检查结果不受影响" in result.error, result.error
    assert not (tmp_path / "副本.xlsx").exists()
    ok = _with_image(tmp_path, "印章.xlsx", _png(2000, 1500))
    assert fill_file(ok, tmp_path / "好.xlsx").error is None


def _png(w: int, h: int) -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (w, h)).save(buf, "PNG")
    return buf.getvalue()


# ----------------------------------------------------------------------------- paths


def test_a_folder_nested_past_the_path_limit_is_said_in_chinese(tmp_path: Path) -> None:
    # os.walk met ENAMETOOLONG: the folder was reported with the system's English words only
    import shutil

    from conftest import DEMO

    top = tmp_path / "各单位"
    top.mkdir()
    here = os.open(top, os.O_RDONLY)
    try:
        fd = here
        for i in range(
            25
        ):  # 25 x 181 bytes: past Linux's 4,096-byte path limit, built relative to each level
            name = "甲" * 60 + str(i)
            os.mkdir(name, dir_fd=fd)
            nxt = os.open(name, os.O_RDONLY, dir_fd=fd)
            if fd != here:
                os.close(fd)
            fd = nxt
        out = os.open("年报.xlsx", os.O_WRONLY | os.O_CREAT, dir_fd=fd)
        with open(DEMO, "rb") as f:
            os.write(out, f.read())
        os.close(out)
        os.close(fd)
    finally:
        os.close(here)
    res = _run("batch", str(top), "--jobs", "1")
    text = res.stdout.decode() + res.stderr.decode()
    assert res.returncode == 2 and "Traceback" not in text, text[-2000:]
    assert "路径过长" in text and "File name too long" not in text, text[-2000:]
    shutil.rmtree(top, ignore_errors=True)


# ----------------------------------------------------------------------------- ODS values without their type


def _ods(path: Path, body: str) -> Path:
    import zipfile

    from test_paths_streams_outputs import _MANIFEST

    from govreport.read.guards import ODS_MIME

    content = (
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
        f'<table:table table:name="T">{body}</table:table></office:spreadsheet></office:body>'
        "</office:document-content>"
    ).encode()
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", ODS_MIME)
        z.writestr("META-INF/manifest.xml", _MANIFEST, zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


@pytest.mark.parametrize(
    "value",
    ['office:value="5"', 'office:date-value="2021-01-01"', 'office:boolean-value="true"'],
    ids=["number", "date", "boolean"],
)
def test_an_ods_value_without_its_type_counts_toward_the_area(value: str, tmp_path: Path) -> None:
    # the guard counted only cells with office:value-type; calamine reads office:value alone and expanded
    # 100,000 x 1,000 repeats of it: the process aborted
    p = _ods(
        tmp_path / "无类型.ods",
        f'<table:table-row table:number-rows-repeated="100000"><table:table-cell '
        f'table:number-columns-repeated="1000" {value}/></table:table-row>',
    )
    _refused(p, "上限")


def test_a_small_ods_value_without_its_type_is_read(tmp_path: Path) -> None:
    from govreport.read.spreadsheet import open_book

    p = _ods(
        tmp_path / "小.ods",
        '<table:table-row table:number-rows-repeated="2"><table:table-cell '
        'table:number-columns-repeated="2" office:value="5"/></table:table-row>',
    )
    assert open_book(p).sheets[0].rows == [[5, 5], [5, 5]]


# ----------------------------------------------------------------------------- .xls far cells


def test_an_xls_with_far_apart_cells_is_refused(tmp_path: Path) -> None:
    # a 6 KB .xls, numbers at A1 and IV65536 on two sheets: calamine built two grids of 16.7 million
    # cells, 16 s and 2.3 GB; the zip guards never look inside an .xls
    import openpyxl
    from conftest import soffice_convert

    src = tmp_path / "远.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = 1
    wb.active["IV65536"] = 2
    wb.create_sheet("二")["IV65536"] = 3
    wb.save(src)
    [xls] = soffice_convert([src], "xls", tmp_path / "xls")
    _refused(xls, "16,777,216", "上限")


def test_xls_sheet_areas_match_calamine() -> None:
    import python_calamine as pc
    from casebuild import CASES

    from govreport.read.biff import sheet_areas

    books = sorted(CASES.glob("*/*.xls"))
    for book in books:
        wb = pc.CalamineWorkbook.from_path(str(book))
        real = []
        for name in wb.sheet_names:
            rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
            real.append(len(rows) * max((len(r) for r in rows), default=0))
        assert [a for a in sheet_areas(book.read_bytes()) or [] if a] == [a for a in real if a], book


# ----------------------------------------------------------------------------- outputs onto pipes


@pytest.mark.parametrize("command", ["fill", "batch-json", "template"])
def test_an_output_that_is_a_pipe_is_never_replaced(command: str, tmp_path: Path) -> None:
    # with --force the rename replaced the pipe itself by a regular file (a device node, when run as root)
    import shutil
    import stat

    from click.testing import CliRunner
    from conftest import DEMO

    from govreport.cli.app import cli

    good = tmp_path / "年报.xlsx"
    shutil.copy(DEMO, good)
    out = tmp_path / ("结果.json" if command == "batch-json" else "副本.xlsx")
    os.mkfifo(out)
    args = {
        "fill": ["fill", str(good), "-o", str(out), "--force"],
        "batch-json": ["batch", str(good), "--jobs", "1", "--format", "json", "-o", str(out), "--force"],
        "template": ["template", "-o", str(out), "--force"],
    }[command]
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 2 and isinstance(res.exception, SystemExit), res.output
    assert "不是普通文件" in res.output
    assert stat.S_ISFIFO(os.stat(out).st_mode)


# ----------------------------------------------------------------------------- what openpyxl refuses


@pytest.mark.parametrize(
    "patch", [("sheet", 'name="年报"', 'name="年报[1]/2"'), ("value", "", "NaN")], ids=["sheet-name", "nan"]
)
def test_a_workbook_openpyxl_refuses_is_said_in_chinese_on_one_line(
    patch: tuple[str, str, str], tmp_path: Path
) -> None:
    # openpyxl's error ran over three English lines ("… Please see the exception for more details.")
    import re
    import zipfile

    from conftest import DEMO

    from govreport.fill.run import fill_file

    part, old, new = patch
    z = zipfile.ZipFile(DEMO)
    if part == "sheet":
        name, body = "xl/workbook.xml", z.read("xl/workbook.xml").replace(old.encode(), new.encode())
    else:
        name = "xl/worksheets/sheet1.xml"
        body = re.sub(rb'<c r="D6"[^>]*?(/>|>.*?</c>)', b'<c r="D6"><v>NaN</v></c>', z.read(name), count=1)
    p = mutate(DEMO, tmp_path / "坏.xlsx", {name: body})
    result = fill_file(p, tmp_path / "副本.xlsx")
    assert result.error is not None and "\n" not in result.error and "Please see" not in result.error, (
        result.error
    )
    assert "openpyxl 不能处理此工作簿" in result.error and "请用 Excel/WPS" in result.error
    assert not (tmp_path / "副本.xlsx").exists()


def test_an_ods_with_thousands_of_tables_is_refused(tmp_path: Path) -> None:
    # 50,000 one-cell tables took 20 s (an .xlsx is held to 255 sheets)
    one = '<table:table-row><table:table-cell office:value-type="float" office:value="1"/></table:table-row>'
    body = (
        one
        + "</table:table>"
        + "".join(f'<table:table table:name="T{i}">{one}</table:table>' for i in range(5000))
        + '<table:table table:name="Z">'
    )
    _refused(_ods(tmp_path / "多表.ods", body), "个工作表", "255")


def test_an_xls_with_more_sheets_than_the_limit_is_refused(tmp_path: Path) -> None:
    import openpyxl
    from conftest import soffice_convert

    src = tmp_path / "多表.xlsx"
    wb = openpyxl.Workbook()
    for i in range(300):
        wb.create_sheet(f"S{i}")["A1"] = i
    wb.save(src)
    [xls] = soffice_convert([src], "xls", tmp_path / "xls")
    _refused(xls, "个工作表", "255")


def test_one_huge_text_cell_costs_no_more_than_a_label() -> None:
    """A single 2-million-character cell took ~6.5 s to normalise (labels.normalize); only its head can be a
    label, so only its head is read (the result's length shows the rest was never worked on)."""
    from govreport.locate.labels import MAX_LABEL_TEXT, normalize

    huge = "一、本年新收" + "啊" * 2_000_000
    out = normalize(huge)
    assert out.startswith("一、本年新收") and len(out) <= MAX_LABEL_TEXT
    assert normalize(out) == out
