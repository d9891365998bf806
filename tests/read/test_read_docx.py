"""The Word reader on hand-made document XML: merged cells, tracked changes, content controls, nested tables,
spaces, the narrative; old and unsupported documents; hostile documents (through the CLI: exit 2, no traceback)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hostile import LAUGHS, XXE, cfb

from govreport.check.run import check_file
from govreport.read.documents import document_format
from govreport.read.docx import MAX_DEPTH, normalize_text, read_docx
from govreport.read.model import Book
from govreport.read.spreadsheet import UnreadableError, open_book

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CT = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'
)


def docx(body: str, extra: dict[str, bytes] | None = None, head: bytes = b"") -> bytes:
    """A minimal .docx whose body is this WordprocessingML."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr(
            "word/document.xml",
            head + f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'.encode(),
        )
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buf.getvalue()


def tc(text: str = "", props: str = "") -> str:
    return (
        f"<w:tc>{f'<w:tcPr>{props}</w:tcPr>' if props else ''}<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"
    )


def tbl(*rows: str) -> str:
    return "<w:tbl>" + "".join(f"<w:tr>{r}</w:tr>" for r in rows) + "</w:tbl>"


def read(body: str, **kw) -> Book:
    return read_docx(docx(body, **kw), "x.docx")


def test_spans_and_vertical_merges_are_merged_ranges_of_the_expanded_grid():
    book = read(
        tbl(
            tc("申请人情况", '<w:gridSpan w:val="3"/>') + tc("总计", '<w:vMerge w:val="restart"/>'),
            tc("自然人") + tc("商业企业") + tc("其他") + tc("", "<w:vMerge/>"),
            '<w:trPr><w:gridBefore w:val="1"/></w:trPr>' + tc("1") + tc("2") + tc("3"),
        )
    )
    [sheet] = book.sheets
    assert sheet.name == "表格1" and book.format == "docx" and book.is_document
    assert sheet.rows == [
        ["申请人情况", "", "", "总计"],
        ["自然人", "商业企业", "其他", ""],
        ["", "1", "2", "3"],
    ]
    assert sorted(sheet.merged) == [(0, 0, 0, 2), (0, 3, 1, 3)]


def test_a_vertical_merge_right_below_another_starts_a_new_range():
    restart, cont = '<w:vMerge w:val="restart"/>', "<w:vMerge/>"
    book = read(
        tbl(
            tc("行政复议", restart) + tc("1"),
            tc("", cont) + tc("2"),
            tc("行政诉讼", restart) + tc("3"),
            tc("", cont) + tc("4"),
        )
    )
    assert book.sheets[0].merged == [(0, 0, 1, 0), (2, 0, 3, 0)]


def test_tracked_changes_read_as_accepted():
    book = read(
        tbl(
            "<w:tc><w:p><w:del><w:r><w:delText>12</w:delText></w:r></w:del><w:ins><w:r><w:t>21</w:t></w:r></w:ins>"
            "</w:p></w:tc>"
            + '<w:tc><w:tcPr><w:gridSpan w:val="1"/><w:tcPrChange><w:tcPr><w:gridSpan w:val="5"/></w:tcPr>'
            "</w:tcPrChange></w:tcPr><w:p><w:moveFrom><w:r><w:t>旧</w:t></w:r></w:moveFrom>"
            "<w:moveTo><w:r><w:t>新</w:t></w:r></w:moveTo></w:p></w:tc>",
            '<w:trPr><w:del w:id="1" w:author="a"/></w:trPr>' + tc("删除的行") + tc("x"),
            tc("3")
            + "<w:tc><w:tcPr><w:cellDel/></w:tcPr><w:p><w:r><w:t>删除的格</w:t></w:r></w:p></w:tc>"
            + tc("4"),
        )
    )
    assert book.sheets[0].rows == [["21", "新"], ["3", "4"]]


def test_a_deleted_paragraph_mark_joins_the_paragraphs():
    mark = '<w:pPr><w:rPr><w:del w:id="1" w:author="a"/></w:rPr></w:pPr>'
    book = read(
        tbl(f"<w:tc><w:p>{mark}<w:r><w:t>1</w:t></w:r></w:p><w:p><w:r><w:t>2</w:t></w:r></w:p></w:tc>")
    )
    assert book.sheets[0].rows == [["12"]]


def test_content_controls_are_transparent_and_a_placeholder_is_blank():
    book = read(
        tbl(
            "<w:sdt><w:sdtContent>"
            + tc("7")
            + "</w:sdtContent></w:sdt>"
            + "<w:tc><w:p><w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:r><w:t>单击此处输入文字</w:t>"
            "</w:r></w:sdtContent></w:sdt></w:p></w:tc>",
        )
    )
    assert book.sheets[0].rows == [["7", ""]]


def test_paragraphs_runs_breaks_and_spaces():
    cell = (
        "<w:tc><w:p><w:r><w:t>社会</w:t></w:r><w:r><w:t>公益</w:t></w:r><w:r><w:br/><w:t>组织</w:t></w:r></w:p>"
        '<w:p/><w:p><w:r><w:t xml:space="preserve">\u3000\u00a0 </w:t></w:r></w:p></w:tc>'
    )
    blank = "<w:tc><w:p><w:r><w:t>\u3000\u3000</w:t></w:r></w:p></w:tc>"
    book = read(tbl(cell + blank + tc(" 1\u00a0234 ")))
    assert book.sheets[0].rows == [["社会公益\n组织", "", "1 234"]]
    assert normalize_text("  a \u3000 b \n\n \u00a0\n c ") == "a b\nc"


def test_nested_tables_are_sheets_in_document_order_and_not_the_outer_cells_text():
    inner = tbl(tc("内1"))
    deeper = tbl(tc("外2") + "<w:tc><w:p/>" + tbl(tc("内3")) + "</w:tc>")
    book = read(
        "<w:p><w:r><w:t>标题</w:t></w:r></w:p>"
        + tbl(
            tc("外1") + f"<w:tc><w:p><w:r><w:t>前</w:t></w:r></w:p>{inner}"
            "<w:p><w:r><w:t>后</w:t></w:r></w:p></w:tc>"
        )
        + "<w:p><w:r><w:t>正文</w:t></w:r></w:p>"
        + deeper
    )
    assert [s.name for s in book.sheets] == ["表格1", "表格2", "表格3", "表格4"]
    assert [s.rows for s in book.sheets] == [[["外1", "前\n后"]], [["内1"]], [["外2", ""]], [["内3"]]]
    assert book.narrative == ["标题", "正文"]


def test_macros_make_a_docm_and_content_decides_the_format(tmp_path):
    data = docx(tbl(tc("1")), extra={"word/vbaProject.bin": b"\x00"})
    assert read_docx(data, "x").format == "docm"
    p = tmp_path / "报告.xlsx"  # a document named as a workbook is read as the document it is
    p.write_bytes(docx(tbl(tc("1"))))
    assert open_book(p).format == "docx"
    assert document_format(data) == "docx"


def test_an_excel_table_embedded_in_a_document_is_checked_as_a_workbook(make_report):
    key = ("requests", "granted", "business")
    path, where, good = make_report()
    path, where, good = make_report(edits={("requests", "new", "total"): 10_000, key: str(good[key])})  # text
    data = docx(
        "<w:p><w:r><w:t>附表</w:t></w:r></w:p>",
        extra={"word/embeddings/Microsoft_Excel_Worksheet.xlsx": path.read_bytes()},
    )
    doc = path.with_name("嵌入.docx")
    doc.write_bytes(data)
    report = check_file(doc, debug=True)
    assert report.status == "errors" and report.file_type == "docx"
    [cell] = {f.cell for f in report.findings if f.code == "sum-mismatch"}
    assert cell == "嵌入1·" + where[("requests", "new", "total")]
    assert any("嵌入" in n for n in report.notes)
    # the embedded workbook's cells stay a workbook's: a number stored as text is said, A1 names its cells
    [f] = [f for f in report.findings if f.code == "text-number"]
    assert f.cell == "嵌入1·" + where[("requests", "granted", "business")] and "请改为数字格式" in f.message
    assert all(not t.document for t in report.tables)


def test_a_table_pasted_as_a_picture_is_unreadable_with_its_reason(tmp_path):
    p = tmp_path / "截图.docx"
    p.write_bytes(docx("<w:p><w:r><w:drawing/></w:r></w:p>"))
    with pytest.raises(UnreadableError) as e:
        open_book(p)
    assert e.value.reason == "picture-table" and "图片" in e.value.message


@pytest.mark.parametrize(
    "name, data, what",
    [
        ("富文本.doc", b"{\\rtf1\\ansi\\deff0 {\\fonttbl}\\trowd\\cellx1000 1\\cell\\row}", "RTF"),
        (
            "网页.mht",
            b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x\r\n\r\n--x\r\n",
            ".mht",
        ),
        (
            "文档.odt",
            b"PK\x03\x04" + b"\x00" * 26 + b"mimetypeapplication/vnd.oasis.opendocument.text",
            ".odt",
        ),
    ],
)
def test_old_documents_say_to_resave_as_docx(tmp_path, name, data, what):
    p = tmp_path / name
    p.write_bytes(data)
    report = check_file(p)
    [f] = report.findings
    assert report.status == "unreadable" and ".docx" in f.message and what in f.message, f.message


# ----------------------------------------------------------------------------- hostile documents


def _deep(n: int) -> str:
    body = tc("底")
    for _ in range(n):
        body = "<w:tc><w:p/>" + tbl(body) + "</w:tc>"
    return tbl(body)


HOSTILE = {  # name -> (bytes, a word the message must hold)
    "laughs": (lambda: docx("<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>", head=LAUGHS), "DOCTYPE"),
    "external-entity": (
        lambda: docx(tbl(tc("1")), extra={"word/styles.xml": XXE + b"<x>&xxe;</x>"}),
        "DOCTYPE",
    ),
    "zip-bomb": (
        lambda: docx(tbl(tc("1")) + "<w:p><w:r><w:t>" + "0" * (120 * 1024 * 1024) + "</w:t></w:r></w:p>"),
        "压缩炸弹",
    ),
    "deep-tables": (lambda: docx(_deep(MAX_DEPTH + 2)), "嵌套"),
    "huge-span": (lambda: docx(tbl(tc("1", '<w:gridSpan w:val="99999999"/>'))), "列"),
    "many-rows": (
        lambda: docx("<w:tbl>" + "".join(f"<w:tr>{tc(str(i))}</w:tr>" for i in range(100_001)) + "</w:tbl>"),
        "行",
    ),
    "many-tables": (lambda: docx(tbl(tc("1")) * 1_001), "表格"),
    "broken-xml": (lambda: docx("<w:tbl><w:tr>"), "XML"),
    "truncated": (lambda: docx(tbl(tc("1")) * 50)[:300], "损坏"),
}


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile_docs")
    for name, (make, _) in HOSTILE.items():
        (folder / f"{name}.docx").write_bytes(make())
    return folder


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_documents_are_unreadable_with_a_chinese_reason(hostile_files, name):
    report = check_file(hostile_files / f"{name}.docx")
    [f] = report.findings
    assert report.status == "unreadable" and f.code == "file-unreadable", f.message
    assert HOSTILE[name][1] in f.message, f.message


def _cli(*args: str) -> subprocess.CompletedProcess:
    limit = "import resource; resource.setrlimit(resource.RLIMIT_AS, (1 << 31, 1 << 31)); "
    return subprocess.run(
        [sys.executable, "-c", limit + "from govreport.cli import main; main()", *args],
        capture_output=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "120"},
    )


def test_hostile_documents_through_the_cli_exit_2_without_a_traceback(hostile_files, tmp_path):
    big = tmp_path / "2GB.txt"
    with open(big, "wb") as fh:
        fh.truncate(2 * 1024**3)  # sparse: a 2 GB text file is refused by its size before it is read
    res = _cli(
        "check", str(hostile_files / "deep-tables.docx"), str(hostile_files / "zip-bomb.docx"), str(big)
    )
    out = res.stdout.decode() + res.stderr.decode()
    assert res.returncode == 2 and "Traceback" not in out, out
    assert "过大" in out
    res = _cli("batch", str(hostile_files), "--jobs", "2", "--format", "json")
    assert res.returncode == 2 and "Traceback" not in res.stderr.decode()
    import json

    files = json.loads(res.stdout)["files"]
    assert len(files) == len(HOSTILE) and {f["status"] for f in files} == {"unreadable"}


def test_a_document_large_for_its_images_is_read(tmp_path):
    image = os.urandom(60 * 1024 * 1024)  # a scanned seal does not compress: 60 MiB in the zip as it is
    p = tmp_path / "带图片.docx"
    p.write_bytes(
        docx(
            tbl(tc("规章") + tc("1")) + "<w:p><w:r><w:drawing/></w:r></w:p>",
            extra={"word/media/image1.png": image},
        )
    )
    assert p.stat().st_size > 50 * 1024 * 1024
    assert open_book(p).sheets[0].rows == [["规章", "1"]]


def test_the_title_paragraph_names_the_agency_and_year(tmp_path):
    from govreport.locate.find import locate

    p = tmp_path / "年报.docx"
    p.write_bytes(
        docx(
            "<w:p><w:r><w:t>某县教育局</w:t></w:r></w:p>"
            "<w:p><w:r><w:t>2022年政府信息公开工作年度报告</w:t></w:r></w:p>"
            + tbl(tc("一、本年新收政府信息公开申请数量") + tc("3"))
        )
    )
    loc = locate(open_book(p))
    assert (loc.agency, loc.year) == ("某县教育局", 2022)


@pytest.mark.parametrize(
    "data, fmt",
    [
        (b"\xef\xbb\xbf<html><body><table><tr><td>1</td></tr></table></body></html>", "html"),
        (
            b'<?xml version="1.0"?><!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>',
            "html",
        ),
        (
            b'<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?><Workbook><Worksheet><Table><Row/></Table>'
            b"</Worksheet></Workbook>",
            None,
        ),
        ("一、本年新收政府信息公开申请数量  3  4\n".encode("gb18030"), "txt"),
        ("\ufeff标题\n".encode("utf-16-le"), "txt"),
        (b"%PDF-1.7\n", "pdf"),
        (b"", None),
        (bytes(range(256)) * 4, None),
    ],
)
def test_document_formats_by_content(data, fmt):
    assert document_format(data) == fmt


def _odt(body: str, head: bytes = b"") -> bytes:
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        z.writestr(
            "content.xml",
            head
            + f"<office:document-content {ns}><office:body><office:text>{body}"
            "</office:text></office:body></office:document-content>".encode(),
        )
    return buf.getvalue()


def test_odt_spans_covered_cells_tracked_changes_and_spaces(tmp_path):
    p = tmp_path / "年报.odt"
    p.write_bytes(
        _odt(
            "<text:tracked-changes><text:changed-region><text:deletion><text:p>删掉的</text:p></text:deletion>"
            "</text:changed-region></text:tracked-changes>"
            '<text:p>标题<text:s text:c="2"/>段落</text:p>'
            '<table:table><table:table-row><table:table-cell table:number-columns-spanned="2" '
            'table:number-rows-spanned="2"><text:p>申请人<text:line-break/>情况</text:p></table:table-cell>'
            "<table:covered-table-cell/><table:table-cell><text:p><text:span>1</text:span>2</text:p></table:table-cell>"
            '</table:table-row><table:table-row><table:covered-table-cell table:number-columns-repeated="2"/>'
            "<table:table-cell><text:p>\u3000</text:p></table:table-cell></table:table-row></table:table>"
        )
    )
    book = open_book(p)
    assert book.format == "odt" and book.narrative == ["标题 段落"]
    assert book.sheets[0].rows == [["申请人\n情况", "", "12"], ["", "", ""]]
    assert book.sheets[0].merged == [(0, 0, 1, 1)]


@pytest.mark.parametrize(
    "body, head, what",
    [
        (
            '<table:table><table:table-row><table:table-cell table:number-columns-repeated="9999999">'
            "<text:p>x</text:p></table:table-cell></table:table-row></table:table>",
            b"",
            "列",
        ),
        (
            '<table:table><table:table-row table:number-rows-repeated="5000000"><table:table-cell>'
            "<text:p>1</text:p></table:table-cell></table:table-row></table:table>",
            b"",
            "过大",
        ),
        ("<text:p>&lol9;</text:p>", LAUGHS, "DOCTYPE"),
    ],
)
def test_hostile_odt(tmp_path, body, head, what):
    p = tmp_path / "坏.odt"
    p.write_bytes(_odt(body, head))
    [f] = check_file(p).findings
    assert f.code == "file-unreadable" and what in f.message, f.message


def test_a_folder_takes_documents_and_only_report_like_text_and_pages(tmp_path):
    from govreport.read.paths import collect

    (tmp_path / "甲.docx").write_bytes(docx(tbl(tc("1"))))
    (tmp_path / "乙.ODT").write_bytes(b"x")
    (tmp_path / "丙.pdf").write_bytes(b"%PDF-1.7")
    (tmp_path / "丁.txt").write_text(
        "某局2022年政府信息公开工作年度报告\n一、本年新收政府信息公开申请数量 3", encoding="gb18030"
    )
    (tmp_path / "戊.html").write_text("<p>本年新收政府信息公开</p><p>申请数量</p>", encoding="utf-8")
    (tmp_path / "说明.txt").write_text("请于三月底前报送。", encoding="utf-8")
    (tmp_path / "新闻.htm").write_text("<html><body>今日新闻</body></html>", encoding="utf-8")
    (tmp_path / "报送函.doc").write_bytes(cfb(["WordDocument"]))  # read natively now: listed as a .docx is
    (tmp_path / "己局2021年报.mht").write_bytes(b"MIME-Version: 1.0\r\n")  # a report: listed, said to re-save
    (tmp_path / "通知.mht").write_bytes(b"MIME-Version: 1.0\r\n")  # another old document: skipped
    # the names government sites and WPS give: a page saved as .shtml, a WPS 表格 workbook as .et
    (tmp_path / "庚.shtml").write_text("<p>本年新收政府信息公开</p><p>申请数量</p>", encoding="utf-8")
    (tmp_path / "通知.shtml").write_text("<html><body>今日新闻</body></html>", encoding="utf-8")
    (tmp_path / "辛.et").write_bytes(cfb(["Workbook"]))
    listed = collect([tmp_path])
    assert sorted(p.name for p in listed.files) == [
        "丁.txt",
        "丙.pdf",
        "乙.ODT",
        "己局2021年报.mht",
        "庚.shtml",
        "戊.html",
        "报送函.doc",
        "甲.docx",
        "辛.et",
    ]
    assert listed.skipped == {"other-type": 4}


def test_binary_data_named_html_is_unreadable(tmp_path):
    p = tmp_path / "年报.html"
    p.write_bytes(os.urandom(64 * 1024))
    report = check_file(p)
    assert report.status == "unreadable" and "Traceback" not in report.findings[0].message


def test_a_document_cell_named_for_a_person():
    from govreport.read.cellnames import bare_refs, person_refs

    assert person_refs("表格2!D7（一、本年新收 · 自然人）") == "第2个表格第7行第4列（一、本年新收 · 自然人）"
    assert person_refs("表格2!D25:J25（（一）予以公开）") == "第2个表格第25行第4–10列（（一）予以公开）"
    assert person_refs("文本!C12 与 文本!C12:I12") == "第12行 与 第12行"
    assert (
        person_refs("涉及 表格3!O4、K4", {"表格3": [3, 3, 4, 4]})
        == "涉及 第4页 第3个表格第4行第15列、第3个表格第4行第11列"
    )
    assert person_refs("年报!D7 与 嵌入1·年报!D7") == "年报!D7 与 嵌入1·年报!D7"  # a workbook's cells keep A1
    assert bare_refs("O4 = 0，而 K4＋L4 = 5；SUM 不变", {"O4": "表格3!O4", "K4": "表格3!K4"}) == (
        "第4行第15列 = 0，而 第4行第11列＋L4 = 5；SUM 不变"
    )


@pytest.mark.parametrize("name, program", [("年报.docx", "Word/WPS"), ("年报.xlsx", "Excel/WPS")])
def test_an_encrypted_file_is_said_to_be_unlocked_in_its_own_program(tmp_path, name, program):
    # Office encrypts a .docx as it does an .xlsx: a compound file holding EncryptionInfo and EncryptedPackage
    p = tmp_path / name
    p.write_bytes(cfb(["EncryptionInfo", "EncryptedPackage"]))
    [f] = check_file(p).findings
    assert "已加密" in f.message and program in f.message, f.message


@pytest.mark.parametrize("size", [2_000, 20_000])
def test_a_truncated_word_document_is_named_as_one(tmp_path, size):
    """A Word document cut short (an interrupted download or mail attachment) has no ZIP directory to
    list: it was taken for a workbook and told to open it in Excel. Its first parts name word/: the Word
    reader's message asks to resave it in Word/WPS."""
    data = (Path(__file__).resolve().parents[1] / "data" / "national-template-2021-wps.docx").read_bytes()
    path = tmp_path / "年报.docx"
    path.write_bytes(data[:size])
    [f] = check_file(path).findings
    assert f.code == "file-unreadable" and "Word/WPS" in f.message and "Excel" not in f.message, f.message
