"""Word 97-2003 documents (.doc; WPS 文字 .wps is the same format) read natively, as a .docx is read.

The committed fixture (tests/data/national-2021-wrong-cell.doc, made by LibreOffice Writer from the WPS national
template filled with a sample report and one wrong cell) tests the reader where LibreOffice is missing; the
rest re-saves .docx documents as .doc with LibreOffice (tests/soffice.py, cached by content) and skips, with
its reason, without it.
"""

from __future__ import annotations

import json
import random
import struct
import zipfile
from pathlib import Path

import pytest
import wordbin as wb
from click.testing import CliRunner
from docbuild import (
    _CONTENT_TYPES,
    _RELS,
    TEMPLATE_2021,
    W,
    book_blocks,
    grid_docx,
    report_docx,
    resave,
)
from samples import consistent_values

from govreport.check.run import check_file
from govreport.cli.app import cli
from govreport.fill.run import fill_file
from govreport.forms import get_form
from govreport.read.documents import document_format
from govreport.read.spreadsheet import UnreadableError, open_book
from govreport.template import Layout, write_report

DATA = Path(__file__).resolve().parent.parent / "data"
FIXTURE = DATA / "national-2021-wrong-cell.doc"
WRONG = ("requests", "new", "natural_person")


def _fixture_values() -> dict:
    """The values the fixture was made from (tests/data/README.md)."""
    values = dict(consistent_values(get_form("2021"), random.Random(1)))
    values[WRONG] = "371"
    return values


def _findings(report) -> set[tuple]:
    return {
        (f.code, f.severity, f.table, f.row, f.column, f.expected, f.actual, f.cell) for f in report.findings
    }


def _same_grids(doc: Path, docx: Path) -> None:
    a, b = open_book(docx), open_book(doc)
    assert b.format == "doc" and a.format == "docx"
    assert [s.name for s in b.sheets] == [s.name for s in a.sheets]
    for x, y in zip(a.sheets, b.sheets, strict=True):
        assert y.rows == x.rows, x.name
        assert sorted(y.merged) == sorted(x.merged), x.name
    assert b.narrative == a.narrative


# ----------------------------------------------------------------------------- the committed fixture


def test_the_fixture_is_recognised_by_content_as_a_doc():
    data = FIXTURE.read_bytes()
    assert document_format(data, "年报.doc") == "doc"
    assert document_format(data, "年报.xlsx") == "doc"  # a .doc renamed .xlsx is still read as a document


def test_the_fixture_gives_the_grid_and_findings_of_the_same_docx(tmp_path):
    docx = report_docx(_fixture_values(), tmp_path / "年报.docx")
    _same_grids(FIXTURE, docx)
    got, want = check_file(FIXTURE, debug=True), check_file(docx, debug=True)
    assert got.file_type == "doc" and got.status == "errors" and got.form == "2021"
    assert _findings(got) == _findings(want)
    [f] = [f for f in got.findings if f.code == "sum-mismatch"]
    assert f.cell == "表格2!D4" and f.expected == 37 and f.actual == 371
    # a person finds a .doc's cell as a .docx's: by table, row and column
    assert f.message.startswith("第2个表格第4行第4列（一、本年新收 · 自然人）"), f.message


def test_the_fixture_tables_span_columns_as_word_draws_them():
    book = open_book(FIXTURE)
    t2 = book.sheet("表格2")
    # table 2's labels span a different number of grid columns per row (三、本年度办理结果 over three, （一）予以公开
    # over two, 1.国家秘密 over one): the grid is the union of every row's cell boundaries
    spans = {t2.value(r1, c1): c2 - c1 + 1 for r1, c1, r2, c2 in t2.merged if r1 == r2}
    assert spans.get("（一）予以公开") == 2 and spans.get("二、上年结转政府信息公开申请数量") == 3, spans
    assert any(r2 > r1 for r1, _, r2, _ in t2.merged)  # vertical merges too (三、本年度办理结果)
    assert t2.n_cols == 10


def test_check_fill_and_batch_read_a_doc_end_to_end(tmp_path):
    folder = tmp_path / "各单位"
    folder.mkdir()
    doc = folder / "甲局2021年政府信息公开工作年度报告.doc"
    doc.write_bytes(FIXTURE.read_bytes())
    (folder / "乙局2021年报.wps").write_bytes(FIXTURE.read_bytes())  # WPS 文字 writes the same binary format

    result = CliRunner().invoke(cli, ["check", str(doc)])
    assert result.exit_code == 1, result.output
    assert "第2个表格第4行第4列" in result.output and "Traceback" not in result.output
    printed = json.loads(CliRunner().invoke(cli, ["check", str(doc), "--format", "json"]).output)
    [file] = printed["files"]
    assert file["file_type"] == "doc" and file["status"] == "errors"

    result = CliRunner().invoke(cli, ["batch", str(folder), "--jobs", "1", "--format", "json"])
    assert result.exit_code == 1, result.output
    files = {Path(f["path"]).name: f for f in json.loads(result.stdout)["files"]}
    assert set(files) == {doc.name, "乙局2021年报.wps"}
    assert all(f["file_type"] == "doc" and f["status"] == "errors" for f in files.values())

    # fill: the figures go into the national template workbook, corrected there
    filled = fill_file(doc)
    assert filled.error is None and filled.out_path.endswith("_已校正.xlsx"), filled.error
    assert filled.output is not None and filled.output.status == "ok", filled.output.findings
    assert filled.exit_code == 0


@pytest.mark.parametrize("name", ["年报_已校正.doc", "年报_已校正.wps", "年报_已校正.docx"])
def test_fill_refuses_to_write_a_doc_back(tmp_path, name):
    doc = tmp_path / "年报.doc"
    doc.write_bytes(FIXTURE.read_bytes())
    result = fill_file(doc, tmp_path / name)
    assert result.error is not None and ".xlsx" in result.error and "另存为 .docx" in result.error
    assert result.exit_code == 2 and not (tmp_path / name).exists()
    cli_result = CliRunner().invoke(cli, ["fill", str(doc), "-o", str(tmp_path / name)])
    assert cli_result.exit_code == 2 and "Traceback" not in cli_result.output


# ----------------------------------------------------------------------------- damaged and hostile files


def _fib_at(data: bytes) -> int:
    """Where the WordDocument stream (its FIB) starts in the fixture: the sector beginning with wIdent."""
    return next(i for i in range(512, len(data), 512) if data[i : i + 2] == b"\xec\xa5")


def _encrypted() -> bytes:
    data = bytearray(FIXTURE.read_bytes())
    at = _fib_at(bytes(data))
    flags = struct.unpack_from("<H", data, at + 0x0A)[0] | 0x0100  # fEncrypted
    struct.pack_into("<H", data, at + 0x0A, flags)
    return bytes(data)


def _random_fib() -> bytes:
    data = bytearray(FIXTURE.read_bytes())
    at = _fib_at(bytes(data))
    data[at : at + 1024] = random.Random(3).randbytes(1024)
    return bytes(data)


def _bad_fkps() -> bytes:
    """Every 512-byte page of the WordDocument stream claims 255 runs (no real PapxFkp can hold them)."""
    data = bytearray(FIXTURE.read_bytes())
    for i in range(_fib_at(bytes(data)) + 511, len(data), 512):
        data[i] = 255
    return bytes(data)


BROKEN = {  # name -> (bytes, a word the message must hold, or None when it may be read)
    "encrypted": (_encrypted, "加密"),
    "truncated": (lambda: FIXTURE.read_bytes()[: len(FIXTURE.read_bytes()) // 2], "损坏"),
    "random-fib": (_random_fib, "损坏"),
    "bad-fkps": (_bad_fkps, None),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_doc_is_a_chinese_error_naming_the_file_never_a_traceback(tmp_path, name):
    make, word = BROKEN[name]
    p = tmp_path / f"坏的{name}.doc"
    p.write_bytes(make())
    report = check_file(p)
    if word is None:  # its tables are lost, not its reader: an unrecognised report, not a crash
        assert report.file_type == "doc" or report.unreadable
        return
    assert report.status == "unreadable", report.findings
    [f] = report.findings
    assert word in f.message and "Traceback" not in f.message, f.message
    result = CliRunner().invoke(cli, ["check", str(p)])
    assert result.exit_code == 2 and p.name in result.output and "Traceback" not in result.output, (
        result.output
    )


def test_random_damage_anywhere_never_crashes_the_reader():
    from govreport.read.doc import read_doc

    clean = FIXTURE.read_bytes()
    rng = random.Random(12)
    for _ in range(150):
        data = bytearray(clean)
        for _ in range(rng.randint(1, 8)):
            at = rng.randrange(512, len(data))
            n = rng.choice((1, 2, 4, 64, 512))
            data[at : at + n] = rng.randbytes(min(n, len(data) - at))
        try:
            read_doc(bytes(data), "x.doc")
        except UnreadableError as e:
            assert e.message and e.reason
    assert document_format(random.Random(1).randbytes(4096), "x.doc") is None


def test_random_bytes_named_doc_are_unreadable_with_exit_code_2(tmp_path):
    p = tmp_path / "年报.doc"
    p.write_bytes(random.Random(5).randbytes(64 * 1024))
    report = check_file(p)
    assert report.status == "unreadable" and "Traceback" not in report.findings[0].message
    result = CliRunner().invoke(cli, ["check", str(p)])
    assert result.exit_code == 2 and p.name in result.output


# ----------------------------------------------------------------------------- re-saved by LibreOffice


def _filled(tmp_path: Path) -> list[tuple[str, Path]]:
    """Reports as .docx: the bare template, 2021 reports with injected errors, a 2019 report as drawn tables."""
    made = [("template", TEMPLATE_2021)]
    form = get_form("2021")
    for name, seed, edits in (
        ("wrong-cell", 1, {WRONG: "371"}),
        ("blank-row", 2, {("requests", "granted", c): "" for c in ("natural_person", "business", "total")}),
        ("units", 4, {("requests", "partial", "research"): "3件", ("appeals", "count", "review_total"): "-"}),
        ("balance", 6, {("requests", "carried_out", "total"): "999"}),
    ):
        values = dict(consistent_values(form, random.Random(seed)))
        values.update(edits)
        sub = tmp_path / name
        sub.mkdir(parents=True)
        made.append((name, report_docx(values, sub / f"测试局{name}.docx")))
    sub = tmp_path / "2019"
    sub.mkdir()
    book = sub / "测试局2019.xlsx"
    form19 = get_form("2019")
    values = dict(consistent_values(form19, random.Random(3)))
    values[("requests", "handled_total", "natural_person")] = 5
    write_report(
        book, form19, values, layout=Layout(one_sheet=False, title_rows=0), agency="测试局", year=2019
    )
    made.append(("2019", grid_docx(sub / "测试局2019.docx", book_blocks(open_book(book), "测试局2019年报"))))
    return made


def test_a_report_as_doc_gives_the_findings_of_the_same_report_as_docx(tmp_path):
    made = _filled(tmp_path / "src")
    doc = resave([p for _, p in made], tmp_path / "doc", "doc")
    # compared with the .docx it was made from (Writer re-saving a .docx rounds a table's grid, 599 + 1 twips: a
    # column one twip wide, which the .doc reader snaps away). The drawn 2019 tables have grid columns no row
    # has a boundary at, which Writer drops: the same findings, not the same grid
    for (name, x), d in zip(made, doc, strict=True):
        if name != "2019":
            _same_grids(d, x)
        want, got = check_file(x, debug=True), check_file(d, debug=True)
        assert got.file_type == "doc" and got.form == want.form and got.status == want.status, name
        assert _findings(got) == _findings(want), name


def test_nested_tables_are_sheets_of_their_own_as_in_a_docx(tmp_path):
    def tc(text: str) -> str:
        return f"<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"

    def tbl(*rows: str) -> str:
        return "<w:tbl>" + "".join(f"<w:tr>{r}</w:tr>" for r in rows) + "</w:tbl>"

    inner = tbl(tc("甲") + tc("乙"), tc("1") + tc("2"))
    outer = tbl(
        tc("外1") + f"<w:tc><w:p><w:r><w:t>外2</w:t></w:r></w:p>{inner}<w:p/></w:tc>", tc("外3") + tc("外4")
    )
    body = f"<w:p><w:r><w:t>前言</w:t></w:r></w:p>{outer}<w:p><w:r><w:t>结语</w:t></w:r></w:p>{tbl(tc('a') + tc('b'))}<w:p/>"
    src = tmp_path / "嵌套.docx"
    with zipfile.ZipFile(src, "w") as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr(
            "word/document.xml",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>'
            f"{body}</w:body></w:document>",
        )
    [doc] = resave([src], tmp_path / "doc", "doc")
    _same_grids(doc, src)
    assert [s.rows for s in open_book(doc).sheets] == [
        [["外1", "外2"], ["外3", "外4"]],
        [["甲", "乙"], ["1", "2"]],
        [["a", "b"]],
    ]


# ----------------------------------------------------------------------------- built byte by byte (tests/wordbin.py)


def _row(cells: list[str], centers: list[int], flags: list[int] | None = None, depth: int = 1) -> list:
    """A table row's paragraphs: each cell's text and mark, then the row's end mark with its definition."""
    if depth == 1:
        out = [(t + "\x07", wb.in_table()) for t in cells]
        return [*out, ("\x07", wb.in_table() + wb.ttp() + wb.tdef(centers, flags))]
    where = wb.in_table() + wb.itap(depth)
    out = [(t + "\r", where + wb.inner_cell()) for t in cells]
    return [*out, ("\r", where + wb.inner_ttp() + wb.tdef(centers, flags))]


def _read(paragraphs, **kw):
    from govreport.read.doc import read_doc

    return read_doc(wb.doc(paragraphs, **kw), "x.doc")


def test_a_built_doc_lays_cells_on_the_union_of_row_boundaries():
    book = _read(
        [
            ("某局2021年政府信息公开工作年度报告\r", b""),
            *_row(["申请人情况", "总计"], [0, 3000, 4000], [0, 0x60]),  # 总计 starts a vertical merge
            *_row(["自然人", "法人", "其他", ""], [0, 1000, 2000, 3000, 4000], [0, 0, 0, 0x20]),
            (
                "共计\x13 =SUM(ABOVE) \x1412\x15件，\x01见附图。\r",
                b"",
            ),  # a field keeps its result, a picture goes
        ]
    )
    [t] = book.sheets
    assert t.name == "表格1" and t.rows == [["申请人情况", "", "", "总计"], ["自然人", "法人", "其他", ""]]
    assert sorted(t.merged) == [(0, 0, 0, 2), (0, 3, 1, 3)]
    assert book.narrative == ["某局2021年政府信息公开工作年度报告", "共计12件，见附图。"]


def test_a_built_nested_table_is_a_sheet_after_its_outer_table():
    book = _read(
        [
            ("外\x07", wb.in_table()),
            *_row(["内1", "内2"], [0, 500, 1000], depth=2),
            ("\x07", wb.in_table()),
            ("\x07", wb.in_table() + wb.ttp() + wb.tdef([0, 1000, 2000])),
            ("正文\r", b""),
        ]
    )
    assert [(s.name, s.rows) for s in book.sheets] == [("表格1", [["外", ""]]), ("表格2", [["内1", "内2"]])]
    assert book.narrative == ["正文"]


def test_a_fast_saved_piece_can_put_its_paragraphs_in_a_table():
    row = [("甲\x07", b""), ("乙\x07", b""), ("\x07", wb.ttp() + wb.tdef([0, 1000, 2000]))]
    book = _read(row, prc=wb.in_table())  # sprmPFInTable comes from the piece's Prm, not the FKP
    assert [s.rows for s in book.sheets] == [[["甲", "乙"]]]


def test_text_deleted_with_change_tracking_is_left_out_as_in_a_docx():
    row = [("13,44430,000\x07", wb.in_table()), ("\x07", wb.in_table() + wb.ttp() + wb.tdef([0, 1000]))]
    book = _read(row, deleted=(0, 6))  # 13,444 deleted, 30,000 inserted: accepted, the cell holds 30,000
    assert [s.rows for s in book.sheets] == [[["30,000"]]]


def test_an_excel_table_embedded_in_a_doc_is_checked_as_a_workbook(make_report):
    path, where, _ = make_report(edits={("requests", "new", "total"): 10_000})
    objects = {"ObjectPool/_1/Package": path.read_bytes(), "ObjectPool/_2/Workbook": b"\x00" * 64}
    doc = path.with_name("嵌入.doc")
    doc.write_bytes(wb.doc([("附表\x01\r", b"")], objects=objects))  # \x01: the object shown in the text
    report = check_file(doc, debug=True)
    assert report.status == "errors" and report.file_type == "doc", report.findings
    [cell] = {f.cell for f in report.findings if f.code == "sum-mismatch"}
    assert cell == "嵌入1·" + where[("requests", "new", "total")]
    assert any("嵌入1·" in n for n in report.notes) and any("对象 _2 无法读取" in n for n in report.notes)


def test_an_excel_97_table_embedded_in_a_doc_is_checked_as_a_workbook(make_report, tmp_path):
    import olefile
    from conftest import soffice_convert

    path, where, _ = make_report(edits={("requests", "new", "total"): 10_000})
    [xls] = soffice_convert([path], "xls", tmp_path / "xls")
    with olefile.OleFileIO(str(xls)) as ole:
        biff = ole.openstream("Workbook").read()  # what an Excel 97-2003 object keeps in its storage
    doc = tmp_path / "嵌入97.doc"
    doc.write_bytes(wb.doc([("附表\x01\r", b"")], objects={"ObjectPool/_7/Workbook": biff}))
    report = check_file(doc, debug=True)
    assert report.status == "errors" and report.file_type == "doc", report.findings
    [cell] = {f.cell for f in report.findings if f.code == "sum-mismatch"}
    assert cell == "嵌入1·" + where[("requests", "new", "total")]


HOSTILE = {  # name -> (paragraphs or bytes, reason, a word the message must hold)
    "deep-tables": (lambda: [("深\x07", wb.in_table() + wb.itap(50))], "too-deep", "嵌套"),
    "many-rows": (
        lambda: [("\x07" * 100_001, wb.in_table() + wb.ttp() + wb.tdef([0, 1000]))],
        "too-many-cells",
        "行",
    ),
    "many-tables": (
        lambda: [p for _ in range(1_001) for p in (("\x07", wb.in_table() + wb.ttp()), ("\r", b""))],
        "too-large",
        "表格",
    ),
    "many-columns": (  # every row its own boundaries: 65,000 grid lines, each row one cell wide
        lambda: [p for r in range(2_000) for p in _row(["1"], [-32_000 + 32 * r, -32_000 + 32 * r + 16])],
        "too-many-cells",
        "列",
    ),
    "word-95": (lambda: wb.doc([("x\r", b"")], n_fib=0x0065), "old-document", "Word 6.0/95"),
    "text-outside-the-stream": (
        lambda: wb.doc([("x" * 3000 + "\r", b"")], piece_fc=0x3000000),
        "truncated",
        "损坏",
    ),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_built_doc_is_refused_with_its_reason(name):
    from govreport.read.doc import read_doc

    make, reason, word = HOSTILE[name]
    made = make()
    data = made if isinstance(made, bytes) else wb.doc(made)
    with pytest.raises(UnreadableError) as e:
        read_doc(data, "x.doc")
    assert e.value.reason == reason and word in e.value.message, e.value.message


def test_a_built_doc_with_fkp_pages_that_lie_is_read_without_their_runs():
    data = bytearray(wb.doc(_row(["1", "2"], [0, 1000, 2000])))
    from govreport.read.doc import read_doc

    for i in range(511, len(data), 512):
        if data[i] and data[i - 511 : i - 507] == struct.pack("<I", wb.TEXT_AT):
            data[i] = 200  # 200 runs cannot fit a 512-byte page
    book = read_doc(bytes(data), "x.doc")
    assert book.sheets == [] and book.narrative == ["1", "2"]  # the cell marks end plain paragraphs
