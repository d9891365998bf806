"""Published PDF reports: the grid of each ruled table, page runs joined, and reasons instead of failures.

The PDFs are made the way agencies make them: the real national template (.docx saved by WPS) filled with
numbers and exported by LibreOffice Writer, and test workbooks exported by LibreOffice Calc; one soffice call
for all of them, cached by content hash (pdfbuild.to_pdf). "The same findings as the workbook" compares
(code, severity, table, row, column, expected, actual); formula codes and text-number are excepted, as a number
in a PDF is text by nature and a PDF keeps no formulas.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from pdfbuild import (
    EXCEPTED,
    borderless,
    calc_ready,
    filled_template,
    findings_key,
    pages_pdf,
    raw_pdf,
    stream,
    to_pdf,
)
from samples import consistent_values

from govreport.check.run import check_file
from govreport.forms import get_form
from govreport.read.guards import UnreadableError
from govreport.read.pdf import read_pdf
from govreport.read.pdfgrid import Part, join_parts, normalize_text, text_of
from govreport.read.pdftags import TaggedTable, tagged_grid
from govreport.template import Layout, write_report

AGENCY = "测试局"
# (name, version, seed, edits as (table, row, column) -> value): the errors clerks make
CASES = [
    ("consistent", "2021", 1, {}),
    (
        "typo-blank-appeals",
        "2021",
        2,
        {
            ("requests", "new", "business"): "+10",
            ("requests", "granted", "research"): None,
            ("appeals", "count", "direct_total"): "+1",
        },
    ),
    (
        "wrong-total",
        "2021",
        3,
        {("requests", "handled_total", "total"): "+7", ("active_rules", "rules", "issued"): None},
    ),
    ("units", "2021", 4, {("requests", "carried_out", "natural_person"): "3件"}),
]


def _values(version: str, seed: int, edits: dict) -> dict:
    vals = dict(consistent_values(get_form(version), random.Random(seed)))
    for k, v in edits.items():
        vals[k] = vals[k] + int(v[1:]) if isinstance(v, str) and v.startswith("+") else v
    return vals


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """name -> (workbook, pdf): Writer exports of the filled template and Calc exports of workbooks."""
    tmp = tmp_path_factory.mktemp("pdf")
    form = get_form("2021")
    sources, books = [], {}
    for name, version, seed, edits in CASES:
        vals = _values(version, seed, edits)
        wb = tmp / f"{AGENCY}{version}年政府信息公开工作年度报告-{name}.xlsx"
        write_report(wb, get_form(version), vals, agency=AGENCY, year=int(version))
        doc = filled_template(
            tmp / f"{AGENCY}{version}年政府信息公开工作年度报告-{name}-word.docx",
            form,
            vals,
            repeat_header=seed % 2 == 0,
        )
        calc = tmp / f"{AGENCY}{version}年政府信息公开工作年度报告-{name}-calc.xlsx"
        write_report(calc, get_form(version), vals, agency=AGENCY, year=int(version))
        calc_ready(calc)
        sources += [doc, calc]
        books[f"{name}-word"] = wb
        books[f"{name}-calc"] = wb
        if seed in (1, 2):
            sources.append(borderless(doc))
            books[f"{name}-word-borderless"] = wb
    for version, seed, layout in (("2019", 5, Layout()), ("2021", 6, Layout(one_sheet=False, title_rows=2))):
        vals = _values(version, seed, {("requests", "new", "natural_person"): "+5"})
        wb = tmp / f"{AGENCY}{version}年政府信息公开工作年度报告-layout{seed}.xlsx"
        write_report(wb, get_form(version), vals, agency=AGENCY, year=int(version), layout=layout)
        calc = tmp / f"{AGENCY}{version}年政府信息公开工作年度报告-layout{seed}-calc.xlsx"
        write_report(calc, get_form(version), vals, agency=AGENCY, year=int(version), layout=layout)
        calc_ready(calc)
        sources.append(calc)
        books[f"layout{seed}-calc"] = wb
    pdfs = to_pdf(sources, tmp / "out")
    by_stem = {p.stem: p for p in pdfs}
    return {name: (wb, next(p for s, p in by_stem.items() if s.endswith(name))) for name, wb in books.items()}


@pytest.mark.parametrize(
    "name", [f"{c[0]}-{how}" for c in CASES for how in ("word", "calc")] + ["layout5-calc", "layout6-calc"]
)
def test_pdf_gives_the_workbooks_findings(made, name):
    wb, pdf = made[name]
    got, want = check_file(pdf), check_file(wb)
    assert not got.unreadable, got.findings[0].message
    assert findings_key(got) == findings_key(want)


def test_template_tables_grids_and_narrative(made):
    _, pdf = made["consistent-word"]
    book = read_pdf(pdf.read_bytes(), str(pdf))
    assert book.format == "pdf"
    assert [s.name for s in book.sheets] == ["表格1", "表格2", "表格3"]
    t2 = book.sheets[1]
    # table 2 runs over pages 2 and 3 and is one grid: 3 header rows and 25 rows of numbers
    assert len(t2.rows) == 28 and t2.row_pages[0] == 2 and t2.row_pages[-1] == 3
    labels = [next((v for v in row if v), "") for row in t2.rows]
    assert labels[3] == "一、本年新收政府信息公开申请数量" and labels[-1] == "四、结转下年度继续办理"
    # 三、本年度办理结果 is one merged cell down the result rows; its text at the top-left, covered cells ""
    r = next(i for i, row in enumerate(t2.rows) if row[0] == "三、本年度办理结果")
    merge = next(m for m in t2.merged if m[:2] == (r, 0))
    assert merge[2] > r + 10 and all(t2.rows[i][0] == "" for i in range(r + 1, merge[2] + 1))
    # the header: 法人或其他组织 across five columns, 自然人 down two rows
    header = [v for row in t2.rows[:3] for v in row if v]
    assert {
        "申请人情况",
        "自然人",
        "法人或其他组织",
        "商业企业",
        "社会公益组织",
        "法律服务机构",
        "总计",
    } <= set(header)
    # page numbers (- 2 -) and the running header belong to nothing
    text = "".join(book.narrative) + "".join(v for s in book.sheets for row in s.rows for v in row)
    assert (
        "-2-" not in text
        and "- 2 -" not in text
        and f"{AGENCY}政府信息公开工作年度报告" not in book.narrative
    )
    # the narrative paragraph wrapped over five lines is one string
    assert any(p.startswith("2021年，测试局坚持") and p.endswith("一百余条。") for p in book.narrative)
    assert "一、总体情况" in book.narrative and book.notes == []


def test_repeated_header_is_dropped(made):
    _, pdf = made["typo-blank-appeals-word"]  # seed 2: the header rows repeat on the next page
    t2 = read_pdf(pdf.read_bytes(), str(pdf)).sheets[1]
    assert len(t2.rows) == 28 and 3 in t2.row_pages
    assert sum(1 for row in t2.rows if "申请人情况" in row) == 1


def test_calc_table_split_over_two_pages(made):
    """Calc breaks table 2 and cuts （六）其他处理's merged cell; the parts join and the label is kept."""
    _, pdf = made["consistent-calc"]
    book = read_pdf(pdf.read_bytes(), str(pdf))
    t2 = next(s for s in book.sheets if any("（七）总计" in row for row in s.rows))
    assert len(set(t2.row_pages)) == 2
    assert any("（六）其他处理" in row for row in t2.rows)
    assert not any("其他处理" in p for p in book.narrative)


def test_cli_json_reads_pdf(made):
    _, pdf = made["typo-blank-appeals-word"]
    res = subprocess.run(
        [sys.executable, "-m", "govreport", "check", str(pdf), "--format", "json"],
        capture_output=True,
        timeout=120,
    )
    assert res.returncode == 1, res.stderr.decode()
    f = json.loads(res.stdout)["files"][0]
    assert f["status"] == "errors" and any(x["code"] == "sum-mismatch" for x in f["findings"])


# ---- grids from plain data -------------------------------------------------------------------------------


def _chars(text: str, x: float, top: float, size: float = 10, step: float | None = None, vertical=False):
    out = []
    for i, ch in enumerate(text):
        dx, dy = (0, i * size * 1.2) if vertical else (i * (step or size), 0)
        out.append(
            {
                "text": ch,
                "x0": x + dx,
                "x1": x + dx + size,
                "top": top + dy,
                "bottom": top + dy + size,
                "size": size,
            }
        )
    return out


def test_cell_text_joins_wrapped_vertical_and_split_words():
    assert text_of(_chars("商业企", 0, 0) + _chars("业", 0, 14)) == "商业企业"
    assert text_of(_chars("三、本年度", 0, 0, vertical=True)) == "三、本年度"
    assert text_of(_chars("Open", 0, 0, step=6) + _chars("data", 0, 14, step=6)) == "Open data"
    assert text_of(_chars("30", 0, 0, step=6) + _chars("件", 30, 0)) == "30 件"  # a gap is a space
    assert normalize_text("⼀、本年新收 ⻔户 ⾏政") == "一、本年新收 门户 行政"


def test_join_parts_unifies_columns_and_keeps_pages():
    a = Part(
        page=1,
        bbox=(0, 0, 30, 20),
        cells=[
            ((0, 0, 10, 10), "甲"),
            ((10, 0, 30, 10), "乙"),
            ((0, 10, 10, 20), "1"),
            ((10, 10, 30, 20), "2"),
        ],
    )
    # the next page's run has a column line the first lacks: the first page's 乙 spans both
    b = Part(
        page=2,
        bbox=(0, 50, 30, 60),
        cells=[((0, 50, 10, 60), "3"), ((10, 50, 20, 60), "4"), ((20, 50, 30, 60), "5")],
    )
    g = join_parts([a, b])
    assert g.rows == [["甲", "乙", ""], ["1", "2", ""], ["3", "4", "5"]]
    assert (0, 1, 0, 2) in g.merged and (1, 1, 1, 2) in g.merged and g.row_pages == [1, 1, 2]


# ---- reasons, not failures ---------------------------------------------------------------------------------


def _encrypted(src: bytes, user: str, owner: str) -> bytes:
    pypdf = pytest.importorskip("pypdf")
    import io

    w = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(src)))
    w.encrypt(user_password=user, owner_password=owner, permissions_flag=0b0100, algorithm="AES-128")
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def test_user_password_is_unreadable_owner_password_is_read(made):
    _, pdf = made["consistent-word"]
    with pytest.raises(UnreadableError) as e:
        read_pdf(_encrypted(pdf.read_bytes(), "secret", "owner"), "x.pdf")
    assert e.value.reason == "pdf-password" and "密码" in e.value.message
    book = read_pdf(_encrypted(pdf.read_bytes(), "", "owner"), "x.pdf")
    assert len(book.sheets) == 3 and any("权限密码" in n for n in book.notes)


# A CJK font no file embeds: pdfminer maps its codes to Unicode through the Adobe-GB1 CMap, as for reportlab's
# STSong-Light. Text is drawn one positioned run per character, as WPS does.
_FONT = (
    b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts "
    b"[<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) "
    b"/Ordering (GB1) /Supplement 4 >> /DW 1000 >>] >>"
)


def _text_ops(text: str, x: float, y: float, size: float = 10) -> bytes:
    ops = []
    for i, ch in enumerate(text):
        ops.append(
            b"BT /F1 %g Tf %g %g Td <%s> Tj ET"
            % (size, x + i * size, y, ch.encode("utf-16-be").hex().encode())
        )
    return b"\n".join(ops) + b"\n"


def test_unruled_table_is_read_from_where_its_text_stands():
    """No ruling lines, no tags (Calc prints a sheet without borders so): the numbers stand in columns and the
    labels at their left, and that is the grid; a note says so."""
    rows = ["一、本年新收", "二、上年结转", "（一）予以公开", "（七）总计"]
    content = _text_ops("三、收到和处理政府信息公开申请情况", 60, 760)
    for i, label in enumerate(rows):
        content += _text_ops(label, 60, 700 - 20 * i)
        for j in range(7):
            content += _text_ops(str(i + j), 250 + 40 * j, 700 - 20 * i)
    data = pages_pdf([content], resources=b"<< /Font << /F1 5 0 R >> >>", extra_objects=[_FONT])
    book = read_pdf(data, "x.pdf")
    (sheet,) = book.sheets
    assert sheet.rows[-4:] == [[label, *(str(i + j) for j in range(7))] for i, label in enumerate(rows)]
    assert book.narrative == ["三、收到和处理政府信息公开申请情况"] and sheet.row_pages == [1] * 4
    assert any("表格1没有框线，按文字的位置还原" in n for n in book.notes)


def _ruled(xs: list[int], ys: list[int], rects: bool) -> bytes:
    content = b""
    for y in ys:  # rules as strokes, or as thin filled rectangles (both are met)
        content += (
            b"%d %g %d 0.6 re f\n" % (xs[0], y - 0.3, xs[-1] - xs[0])
            if rects
            else b"%d %d m %d %d l S\n" % (xs[0], y, xs[-1], y)
        )
    for x in xs:
        content += (
            b"%g %d 0.6 %d re f\n" % (x - 0.3, ys[-1], ys[0] - ys[-1])
            if rects
            else b"%d %d m %d %d l S\n" % (x, ys[0], x, ys[-1])
        )
    return content


@pytest.mark.parametrize("rects", [False, True])
def test_ruled_table_drawn_per_character_is_read(rects):
    """The shape WPS writes: each character its own positioned run; a header word split over two lines."""
    content = _ruled([60, 200, 260, 320], [700, 680, 660], rects)
    for text, x, y in (
        ("信息内容", 62, 686),
        ("本年制", 202, 690),
        ("发件数", 202, 682),
        ("规章", 62, 666),
        ("12", 202, 666),
        ("3", 262, 666),
    ):
        content += _text_ops(text, x, y, 7)
    data = pages_pdf(
        [content + _text_ops("- 1 -", 280, 40)],
        resources=b"<< /Font << /F1 5 0 R >> >>",
        extra_objects=[_FONT],
    )
    book = read_pdf(data, "x.pdf")
    assert [s.rows for s in book.sheets] == [[["信息内容", "本年制发件数", ""], ["规章", "12", "3"]]]
    assert book.narrative == []


def test_scanned_and_empty_pdfs():
    image = stream(
        b"\x00" * 300,
        b"/Type /XObject /Subtype /Image /Width 10 /Height 10 /ColorSpace /DeviceRGB /BitsPerComponent 8 ",
    )
    scanned = pages_pdf(
        [b"q 500 0 0 700 50 70 cm /Im1 Do Q"],
        resources=b"<< /XObject << /Im1 5 0 R >> >>",
        extra_objects=[image],
    )
    with pytest.raises(UnreadableError) as e:
        read_pdf(scanned, "x.pdf")
    assert e.value.reason == "pdf-scanned" and "OCR" in e.value.message
    with pytest.raises(UnreadableError) as e:
        read_pdf(pages_pdf([b""]), "x.pdf")
    assert e.value.reason == "pdf-no-text"


def test_undecodable_text_layer():
    font = (
        b"<< /Type /Font /Subtype /Type0 /BaseFont /XYZ /Encoding /Identity-H /DescendantFonts "
        b"[<< /Type /Font /Subtype /CIDFontType2 /BaseFont /XYZ /CIDSystemInfo << /Registry (Adobe) "
        b"/Ordering (Identity) /Supplement 0 >> >>] >>"
    )
    content = b"BT /F1 12 Tf 72 700 Td <0041004200430044004500460047> Tj ET"
    with pytest.raises(UnreadableError) as e:
        read_pdf(
            pages_pdf([content], resources=b"<< /Font << /F1 5 0 R >> >>", extra_objects=[font]), "x.pdf"
        )
    assert e.value.reason == "pdf-undecodable"


def _hostile() -> dict[str, bytes]:
    n = 100_000
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(n))
    many = raw_pdf(
        [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n)]
        + [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>"] * n
    )
    bomb = zlib.compress(b" " * (64 << 20), 9)
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] %s /Contents 4 0 R >>"
    head = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"]
    return {
        "pages": many,
        "bomb": raw_pdf(head + [page % b"", stream(bomb, b"/Filter /FlateDecode ")]),
        "nested-array": raw_pdf(
            head + [page % (b"/Foo " + b"[" * 200_000 + b"]" * 200_000), stream(b"BT ET")]
        ),
        "nested-dict": raw_pdf(
            head + [page % (b"/Foo " + b"<< /A " * 100_000 + b">>" * 100_000), stream(b"")]
        ),
        "operators": pages_pdf([b"0 0 m 1 1 l S\n" * 400_000]),
        "garbage": b"%PDF-1.7\n" + bytes(range(256)) * 200,
        "page-loop": raw_pdf(
            [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"]
        ),
    }


def test_hostile_pdfs_exit_2_with_reasons(tmp_path):
    """Each hostile file: unreadable, exit 2, a Chinese reason, no traceback, in bounded time and memory."""
    paths = []
    for name, data in _hostile().items():
        p = tmp_path / f"{name}.pdf"
        p.write_bytes(data)
        paths.append(p)
    limit = "import resource; resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30));"
    code = limit + "from govreport.cli.app import main; main()"
    res = subprocess.run(
        [sys.executable, "-c", code, "check", *map(str, paths), "--format", "json"],
        capture_output=True,
        timeout=240,
    )
    assert res.returncode == 2, res.stderr.decode()[-2000:]
    assert b"Traceback" not in res.stderr
    files = json.loads(res.stdout)["files"]
    assert len(files) == len(paths) and all(f["status"] == "unreadable" for f in files), files
    for f in files:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in f["findings"][0]["message"])


def test_layout_time_limit(tmp_path):
    """A page of 250,000 drawing operators is stopped by the deadline. In a process of its own: in a test worker,
    hypothesis's gc callback can take the deadline's signal ("Exception ignored"), which a user's process has not."""
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(pages_pdf([b"0 0 m 1 1 l S\n" * 250_000]))
    code = (
        "import sys\n"
        "from govreport.read import pdf as pdfmod\n"
        "from govreport.read.guards import UnreadableError\n"
        "pdfmod.TIME_BUDGET = 0.3\n"
        "try:\n"
        "    pdfmod.read_pdf(open(sys.argv[1], 'rb').read(), 'x.pdf')\n"
        "except UnreadableError as e:\n"
        "    print(e.reason)\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(pdf)], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "pdf-too-slow", out.stderr


def test_narrative_over_a_page_break_and_running_lines():
    """A paragraph running from the bottom of page 1 onto page 2 is one string; page numbers and the running
    header (the same line atop every page) are dropped."""
    font = b"<< /Font << /F1 7 0 R >> >>"  # two pages: objects 3-6, then the font
    head = _text_ops("某某局文件", 400, 800)
    p1 = (
        head
        + _text_ops("一、总体情况", 92, 700)
        + _text_ops("本" * 38, 92, 680)
        + _text_ops("年" * 40, 72, 660)
    )
    p1 += _text_ops("续" * 40, 72, 640) + _text_ops("- 1 -", 280, 40)
    p2 = head + _text_ops("完。", 72, 760) + _text_ops("二、主动公开", 92, 740) + _text_ops("- 2 -", 280, 40)
    book = read_pdf(pages_pdf([p1, p2], resources=font, extra_objects=[_FONT]), "x.pdf")
    assert book.narrative == ["一、总体情况", "本" * 38 + "年" * 40 + "续" * 40 + "完。", "二、主动公开"]
    assert book.sheets == []


def test_checking_a_workbook_does_not_import_pdfplumber():
    code = (
        "import sys; from govreport.check.run import check_file; from conftest import DEMO; check_file(DEMO); "
        "print(any(m.startswith(('pdfplumber', 'pdfminer')) for m in sys.modules))"
    )
    res = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, timeout=60, cwd=Path(__file__).resolve().parents[1]
    )
    assert res.stdout.strip() == b"False", res.stderr.decode()[-500:]


def test_unruled_table_beside_ruled_ones_is_read_too():
    content = _ruled([60, 200, 260], [700, 680, 660], False)
    content += (
        _text_ops("规章", 62, 666, 7) + _text_ops("12", 202, 666, 7) + _text_ops("信息内容", 62, 686, 7)
    )
    for i, label in enumerate(["一、本年新收", "二、上年结转", "（七）总计"]):
        content += _text_ops(label, 60, 500 - 20 * i) + b"".join(
            _text_ops(str(j), 250 + 40 * j, 500 - 20 * i) for j in range(7)
        )
    book = read_pdf(
        pages_pdf([content], resources=b"<< /Font << /F1 5 0 R >> >>", extra_objects=[_FONT]), "x.pdf"
    )
    assert [s.rows[0][0] for s in book.sheets] == ["信息内容", "一、本年新收"]
    assert book.sheets[1].rows[2] == ["（七）总计", *map(str, range(7))]
    assert [n for n in book.notes if "没有框线" in n] == [
        "表格2没有框线，按文字的位置还原（第1页）；如检查结果与原文件不符，请检查原 .xlsx/.docx 文件"
    ]


def test_borderless_tables_from_tags(made):
    """Without ruling lines, the tables come from the tags (LibreOffice, like Word, tags its PDFs)."""
    wb, pdf = made["consistent-word-borderless"]
    book = read_pdf(pdf.read_bytes(), str(pdf))
    ruled = read_pdf(made["consistent-word"][1].read_bytes(), "x.pdf")
    assert [s.rows for s in book.sheets] == [s.rows for s in ruled.sheets]
    pages = book.sheets[1].row_pages  # without borders the page breaks one row later or earlier
    assert pages == sorted(pages) and pages[0] == 2 and pages[-1] == 3 and book.sheets[2].row_pages == [3] * 4
    # the tags know 三、本年度办理结果 as one cell over the page break; the drawn cell is cut in two
    t2, r2 = book.sheets[1], ruled.sheets[1]
    assert (5, 0, 26, 0) in t2.merged and (5, 0, 26, 0) not in r2.merged
    assert book.notes == [] and not any("申请人情况" in p for p in book.narrative)
    assert findings_key(check_file(pdf)) == findings_key(check_file(wb))


def test_incomplete_tags_are_not_trusted(made):
    """LibreOffice leaves an empty cell out of the tags: table 2's columns cannot be trusted and are read from
    where the text stands (labels wrapped in narrow columns, numbers centred between their lines, the header
    repeated on the next page); tables 1 and 3, completely tagged, from the tags."""
    wb, pdf = made["typo-blank-appeals-word-borderless"]
    book = read_pdf(pdf.read_bytes(), str(pdf))
    assert len(book.sheets) == 3 and book.sheets[2].rows[0][0] == "行政复议"
    assert [n[:4] for n in book.notes] == ["表格2没"] and book.sheets[1].row_pages[-1] == 3
    t2 = book.sheets[1].rows
    assert sum(1 for r in t2 if "申请人情况" in r) == 1
    assert [
        "",
        "（六）其他处理",
        "1.申请人无正当理由逾期不补正、",
        "30",
        "0",
        "0",
        "0",
        "23",
        "0",
        "53",
    ] in t2
    assert findings_key(check_file(pdf)) == findings_key(check_file(wb))


def test_tagged_grid_spans():
    k = iter(range(100))
    rows = [
        [(2, 1, [(1, next(k))]), (1, 2, [(1, next(k))])],
        [(1, 1, [(1, next(k))]), (1, 1, [(2, next(k))])],
    ]
    chars = {
        (1, 0): _chars("甲", 0, 0),
        (1, 1): _chars("乙", 50, 0),
        (1, 2): _chars("1", 50, 20),
        (2, 3): _chars("2", 80, 20),
    }
    g = tagged_grid(TaggedTable(rows), chars)
    assert g.rows == [["甲", "乙", ""], ["", "1", "2"]]
    assert g.merged == [(0, 0, 1, 0), (0, 1, 0, 2)] and g.row_pages == [1, 1]


def test_real_wps_report():
    """A published WPS export (tests/data/README.md): its three tables, its text, and its two real errors."""
    path = Path(__file__).resolve().parents[1] / "data" / "wps-hzq2023.pdf"
    book = read_pdf(path.read_bytes(), str(path))
    assert [(s.n_rows, s.n_cols) for s in book.sheets] == [(14, 4), (26, 10), (4, 15)] and book.notes == []
    t2 = book.sheets[1]
    # the row at the foot of page 3 has no bottom rule; its numbers are still read, on page 3
    row = next(i for i, r in enumerate(t2.rows) if "2.没有现成信息需要另行制作" in r)
    assert t2.rows[row][3:] == ["3", "0", "0", "0", "0", "0", "3"] and t2.row_pages[row] == 3
    assert t2.row_pages[-1] == 4 and t2.rows[-1][0] == "四、结转下年度继续办理"
    assert book.narrative[:2] == ["洪泽区人民政府", "2023年政府信息公开工作年度报告"]
    assert not any("- 3 -" in p or p.strip("- ").isdigit() for p in book.narrative)
    # the paragraph that runs from page 1 onto page 2 is one
    assert any(
        p.startswith("加强区政府门户网站") and "严格执行“分级审核、先审后发”程序" in p for p in book.narrative
    )
    report = check_file(path)
    errors = [(f.code, f.table, f.column) for f in report.findings if f.code not in EXCEPTED]
    assert errors == [("sum-mismatch", "appeals", "review_total"), ("sum-mismatch", "appeals", None)]


def test_recognised_by_content(tmp_path):
    """A PDF is a PDF whatever its name, also with bytes before its header (the spec allows 1 KiB)."""
    from govreport.read.guards import sniff_format
    from govreport.read.spreadsheet import open_book

    data = (Path(__file__).resolve().parents[1] / "data" / "wps-hzq2023.pdf").read_bytes()
    renamed = tmp_path / "年报.xlsx"
    renamed.write_bytes(b"\r\n" * 20 + data)
    assert sniff_format(renamed.read_bytes()[:1024]) == "pdf"
    book = open_book(renamed)
    assert book.format == "pdf" and len(book.sheets) == 3


def test_the_pdf_libraries_log_lines_stay_out_of_the_terminal(tmp_path):
    """A font with no FontBBox (a generator's minimal PDF) made pdfminer print an English warning on stderr."""
    body = b"BT\n/F1 12 Tf\n72 100 Td\n(Hello) Tj\nET\n"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(body) + body + b"endstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(
        b"%010d 00000 n \n" % x for x in offsets
    )
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    p = tmp_path / "最小.pdf"
    p.write_bytes(out)
    res = subprocess.run(
        [sys.executable, "-m", "govreport", "check", "--no-tables", str(p)], capture_output=True, timeout=120
    )
    err = res.stderr.decode()
    assert res.returncode == 2 and "FontBBox" not in err and "Traceback" not in err, err
    assert "最小.pdf" in res.stdout.decode()


def test_json_gives_a_pdf_findings_page():
    """issue 17: in JSON, the pseudo-sheet notation with a `page` key; the message names the page first."""
    from govreport import check_file

    report = check_file(Path(__file__).resolve().parents[1] / "data" / "wps-hzq2023.pdf")
    found = {f["cell"]: f for f in report.to_dict()["findings"] if f["code"] == "sum-mismatch"}
    assert found["表格3!E4"]["page"] == 4 and found["表格3!E4"]["message"].startswith(
        "第4页 第3个表格第4行第5列"
    )
    demo = Path(__file__).resolve().parents[2] / "workbooks"
    docx = check_file(next(demo.glob("*.docx"))).to_dict()["findings"]
    assert docx and all("page" not in f for f in docx)
