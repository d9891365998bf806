"""PDF reports in the shapes agencies publish that the first reader got wrong: landscape pages, ...

Each document is the national template (or a test workbook) with errors injected, exported by LibreOffice
(pdfbuild.to_pdf, cached by content); the PDF must give the same findings as the workbook of the same values.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from pdfbuild import (
    borderless,
    calc_ready,
    filled_template,
    findings_key,
    landscape,
    rewrite_docx,
    to_pdf,
    to_plain_pdf,
    without_borders,
)
from samples import consistent_values

from govreport.check.run import check_file
from govreport.forms import get_form
from govreport.read.pdf import read_pdf
from govreport.template import Layout, write_report


def _values(seed: int, edits: dict, version: str = "2021") -> dict:
    vals = dict(consistent_values(get_form(version), random.Random(seed)))
    for k, v in edits.items():
        vals[k] = vals[k] + v
    return vals


def test_landscape_pages(tmp_path):
    """On a landscape page the footer's page number lies above the bottom tenth of the page: it was taken for
    text between the parts of a table, so tables 1 and 2 broke into five tables and 行政强制 was lost."""
    vals = _values(22, {("requests", "handled_total", "total"): 5})
    wb = tmp_path / "测试局2021年政府信息公开工作年度报告.xlsx"
    write_report(wb, get_form("2021"), vals, agency="测试局", year=2021)
    doc = landscape(filled_template(tmp_path / "横向.docx", get_form("2021"), vals))
    (pdf,) = to_pdf([doc], tmp_path / "out")
    book = read_pdf(pdf.read_bytes(), str(pdf))
    assert len(book.sheets) == 3 and {2, 3, 4} <= set(book.sheets[1].row_pages)
    assert not any(p.strip("- ").isdigit() for p in book.narrative)
    got = check_file(pdf)
    assert findings_key(got) == findings_key(check_file(wb))
    (wrong,) = [f for f in got.findings if f.code == "sum-mismatch"]
    assert wrong.row == "handled_total" and wrong.column == "total" and wrong.actual == wrong.expected + 5


# name -> (version, seed, edits as (table, row, column) -> value: "+n" adds, None blanks, "n件" a unit, landscape)
CALC = {
    "one-wrong-cell": ("2021", 11, {("requests", "granted", "business"): "+3"}, False),
    "wrong-total-blank-unit": (
        "2021",
        12,
        {
            ("requests", "handled_total", "total"): "+7",
            ("requests", "partial", "research"): None,
            ("requests", "carried_out", "natural_person"): "件",
        },
        True,
    ),
    "balance-appeals": (
        "2021",
        13,
        {("requests", "carried_in", "other_org"): "+2", ("appeals", "count", "review_total"): "+1"},
        False,
    ),
    "form-2019": ("2019", 14, {("requests", "new", "natural_person"): "+5"}, False),
}


@pytest.fixture(scope="module")
def calc_borderless(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    tmp = tmp_path_factory.mktemp("calc")
    books, sources = {}, []
    for name, (version, seed, edits, turned) in CALC.items():
        vals = dict(consistent_values(get_form(version), random.Random(seed)))
        for k, v in edits.items():
            if v is None:
                vals[k] = None
            elif v == "件":
                vals[k] = f"{vals[k]}件"
            else:
                vals[k] = vals[k] + int(v[1:])
        wb = tmp / f"测试局{version}年政府信息公开工作年度报告-{name}.xlsx"
        write_report(wb, get_form(version), vals, agency="测试局", year=int(version))
        calc = tmp / f"测试局{version}年政府信息公开工作年度报告-{name}-calc.xlsx"
        write_report(calc, get_form(version), vals, agency="测试局", year=int(version))
        without_borders(calc_ready(calc))
        if turned:
            import openpyxl

            w = openpyxl.load_workbook(calc)
            w.active.page_setup.orientation = "landscape"
            w.save(calc)
        books[name] = wb
        sources.append(calc)
    pdfs = to_plain_pdf(sources, tmp / "out")
    return {name: (books[name], pdf) for name, pdf in zip(CALC, pdfs, strict=True)}


@pytest.mark.parametrize("name", list(CALC))
def test_calc_without_borders(calc_borderless, name):
    """Calc prints a sheet without cell borders when the clerk drew none, and tags nothing: the reader said the
    tables could not be rebuilt (unreadable, exit 2). They are read from where the text stands."""
    wb, pdf = calc_borderless[name]
    got = check_file(pdf)
    assert not got.unreadable, got.findings[0].message
    assert findings_key(got) == findings_key(check_file(wb))
    assert got.to_dict()["notes"] and all("按文字的位置还原" in n for n in got.to_dict()["notes"])


def test_a_pdf_that_is_not_one_says_so(tmp_path):
    """A .pdf whose bytes are no PDF (a download cut short) was called "not an Excel workbook: save it as .xlsx
    in Excel/WPS", which sends the clerk the wrong way."""
    bad = tmp_path / "年报.pdf"
    bad.write_bytes(bytes(range(256)) * 8)
    report = check_file(bad)
    assert report.unreadable and "内容不是 PDF" in report.findings[0].message
    assert "Excel" not in report.findings[0].message
    empty = tmp_path / "空.pdf"
    empty.write_bytes(b"")
    assert "内容不是 PDF" not in check_file(empty).findings[0].message


_FILLER = "<w:p><w:r><w:t>本段为填充文字，用于移动表格在页面中的位置。</w:t></w:r></w:p>"


def _shifted(doc: str, n: int) -> str:
    """n paragraphs more before table 2's heading: the page break falls on another row."""
    i = doc.find("三、收到和处理政府信息公开申请情况")
    i = max(doc.rfind("<w:p>", 0, i), doc.rfind("<w:p ", 0, i))
    return doc[:i] + _FILLER * n + doc[i:]


def test_a_row_the_page_break_cuts(tmp_path):
    """Word and Writer let a row break across pages: the rest of its text ("形，不计其他情形）", the "维持" of
    table 3's "结果维持") stood in a row of its own on the next page, so every cell below was named one row too
    far down, or table 3's columns were not found. The rest joins the row it belongs to."""
    vals = _values(31, {("requests", "unable_unclear", "nonprofit"): 4})
    wb = tmp_path / "测试局2021年政府信息公开工作年度报告.xlsx"
    write_report(wb, get_form("2021"), vals, agency="测试局", year=2021)
    base = filled_template(tmp_path / "base.docx", get_form("2021"), vals)
    docs = [
        rewrite_docx(base, tmp_path / f"shift{n:02d}.docx", lambda d, n=n: _shifted(d, n))
        for n in (0, 20, 24, 26)
    ]
    want = findings_key(check_file(wb))
    cells = set()
    for pdf in to_pdf(docs, tmp_path / "out"):
        got = check_file(pdf)
        assert findings_key(got) == want, pdf.name
        cells |= {f.to_dict()["cell"] for f in got.findings if f.code == "sum-mismatch"}
    assert cells == {"表格2!G18"}


@pytest.mark.parametrize("version", ["2021", "2019"])
def test_calc_label_of_a_split_merged_cell(tmp_path, version):
    """Calc centres the label of a merged cell a page break splits (（三）不予公开, （五）不予处理) over the whole
    cell, so on one page it stands beyond the last ruling line. It was taken for running text between the two
    parts: table 2 broke into two tables, every later table was numbered one too high, and some columns were
    lost. Wherever the break falls, the cells are named as in the unbroken table."""
    vals = _values(41, {("requests", "not_processed_repeated", "legal_service"): 2}, version)
    vals[("requests", "carried_out", "other_org")] = None
    wb = tmp_path / f"测试局{version}年政府信息公开工作年度报告.xlsx"
    write_report(wb, get_form(version), vals, agency="测试局", year=int(version))
    sources = []
    for off in (0, 6, 9, 15):
        p = tmp_path / f"off{off:02d}.xlsx"
        write_report(
            p, get_form(version), vals, agency="测试局", year=int(version), layout=Layout(top_offset=off)
        )
        sources.append(calc_ready(p))
    want = findings_key(check_file(wb))
    for pdf in to_plain_pdf(sources, tmp_path / "out"):
        got = check_file(pdf)
        assert findings_key(got) == want, pdf.name
        assert len(read_pdf(pdf.read_bytes(), str(pdf)).sheets) == 3, pdf.name
        cells = {f.code: f.to_dict()["cell"] for f in got.findings}
        assert cells["sum-mismatch"] == "表格2!H20" and cells["blank-cell"].startswith("表格2!I"), pdf.name


@pytest.mark.parametrize("version, offsets", [("2021", (3, 15, 21)), ("2019", (12,))])
def test_calc_without_borders_wherever_the_page_breaks(tmp_path, version, offsets):
    """Without borders, the label of a merged cell the page break splits stands between the table's parts on
    either page (三、本年度办理结果, （三）不予公开): the parts stayed apart and the locator lost rows and
    columns. And a heading is joined with the line under it only when it fills its column (申请人情况 and
    法人或其他组织 are two headings)."""
    vals = _values(41, {("requests", "not_processed_repeated", "legal_service"): 2}, version)
    vals[("requests", "carried_out", "other_org")] = None
    wb = tmp_path / f"测试局{version}年政府信息公开工作年度报告.xlsx"
    write_report(wb, get_form(version), vals, agency="测试局", year=int(version))
    sources = []
    for off in offsets:
        p = tmp_path / f"off{off:02d}.xlsx"
        write_report(
            p, get_form(version), vals, agency="测试局", year=int(version), layout=Layout(top_offset=off)
        )
        sources.append(without_borders(calc_ready(p)))
    want = findings_key(check_file(wb))
    for pdf in to_plain_pdf(sources, tmp_path / "out"):
        assert findings_key(check_file(pdf)) == want, pdf.name
        sheets = read_pdf(pdf.read_bytes(), str(pdf)).sheets
        assert len(sheets) == 3 and not any("申请人情况法人" in v for s in sheets for r in s.rows for v in r)


def test_a_merged_heading_the_page_break_cuts_beside_a_row(tmp_path):
    """Landscape, heading rows repeated: the page break falls inside table 3's header, cutting the headings
    "结果维持" (two rows tall) into "结果" / "维持" beside the next header row's own headings. Only the rests of
    the cut headings join the cells above; the row's own headings stay (the columns were not found)."""
    vals = _values(
        51, {("requests", "refused_process", "natural_person"): 3, ("appeals", "count", "direct_total"): 1}
    )
    vals[("requests", "granted", "research")] = None
    wb = tmp_path / "测试局2021年政府信息公开工作年度报告.xlsx"
    write_report(wb, get_form("2021"), vals, agency="测试局", year=2021)
    base = landscape(filled_template(tmp_path / "base.docx", get_form("2021"), vals, repeat_header=True))
    docs = [
        rewrite_docx(base, tmp_path / f"shift{n:02d}.docx", lambda d, n=n: _shifted(d, n)) for n in (0, 25)
    ]
    want = findings_key(check_file(wb))
    for pdf in to_pdf(docs, tmp_path / "out"):
        assert findings_key(check_file(pdf)) == want, pdf.name
        t3 = read_pdf(pdf.read_bytes(), str(pdf)).sheets[2].rows
        assert t3[1][:5] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"], pdf.name


@pytest.mark.parametrize("version", ["2021", "2019"])
@pytest.mark.parametrize("how", ["calc-default", "numbers-right"])
def test_calc_without_borders_in_calcs_own_alignment(tmp_path, version, how):
    """Calc's defaults: text from the cell's left edge, numbers to its right edge (or numbers right, headings
    centred). The columns were taken halfway between the numbers, so every heading stood one column to the
    left of its numbers; and table 3's one row of numbers cannot tell how numbers stand: the other tables do."""
    import openpyxl
    from openpyxl.styles import Alignment

    vals = _values(61, {("requests", "new", "research"): 1}, version)
    wb = tmp_path / f"测试局{version}年政府信息公开工作年度报告.xlsx"
    write_report(wb, get_form(version), vals, agency="测试局", year=int(version))
    calc = tmp_path / f"{how}.xlsx"
    write_report(calc, get_form(version), vals, agency="测试局", year=int(version))
    book = openpyxl.load_workbook(calc)
    for row in book.active.iter_rows():
        for c in row:
            if how == "calc-default":
                c.alignment = Alignment(wrap_text=c.alignment.wrap_text)
            elif isinstance(c.value, (int, float)):
                c.alignment = Alignment(horizontal="right", vertical="center")
    book.save(calc)
    (pdf,) = to_plain_pdf([without_borders(calc_ready(calc))], tmp_path / "out")
    assert findings_key(check_file(pdf)) == findings_key(check_file(wb))


def test_heading_over_a_merged_number_cell_without_borders(tmp_path):
    """Word's table 1 merges the one number cell of (五)(六) over three columns and writes the number at its
    left; the heading 本年处理决定数量 is centred over the three. Without borders or tags the heading was put
    over the middle column, the number under the first: the column had no numbers (blank-cell)."""
    vals = _values(51, {})
    doc = borderless(filled_template(tmp_path / "无框线.docx", get_form("2021"), vals))
    (pdf,) = to_plain_pdf([doc], tmp_path / "out")
    t1 = read_pdf(pdf.read_bytes(), str(pdf)).sheets[0].rows
    for label in ("行政许可", "行政处罚", "行政强制"):
        row = next(r for r in t1 if label in r)
        head = next(r for r in reversed(t1[: t1.index(row)]) if "本年处理决定数量" in r)
        assert head.index("本年处理决定数量") == next(i for i, v in enumerate(row) if v.isdigit()), label
    report = check_file(pdf)
    assert not [f for f in report.findings if f.table in ("active_licensing", "active_enforcement")]


@pytest.mark.parametrize("borders", [True, False])
def test_a_sheet_per_section_is_no_table_over_a_page_break(tmp_path, borders):
    """Calc prints each sheet from a new page; scaled to the page's width, the three tables are equally wide and
    each page starts with its section's heading. The heading stands within the first column of the table
    under it, so it was taken for the label of a merged cell the page break splits: the three tables became
    one (表格1). A table is only carried on when its part ends at the foot of its page."""
    import openpyxl
    from openpyxl.worksheet.properties import PageSetupProperties

    vals = _values(81, {("requests", "handled_total", "business"): 10})
    wb = tmp_path / "测试局2021年政府信息公开工作年度报告.xlsx"
    write_report(wb, get_form("2021"), vals, agency="测试局", year=2021)
    calc = tmp_path / "每表一页.xlsx"
    write_report(calc, get_form("2021"), vals, agency="测试局", year=2021, layout=Layout(one_sheet=False))
    calc_ready(calc)
    if not borders:
        without_borders(calc)
    book = openpyxl.load_workbook(calc)
    for ws in book.worksheets:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    book.save(calc)
    (pdf,) = to_plain_pdf([calc], tmp_path / "out")
    got = check_file(pdf)
    assert findings_key(got) == findings_key(check_file(wb))
    assert len(read_pdf(pdf.read_bytes(), str(pdf)).sheets) == 3
    assert [f.to_dict()["cell"].split("!")[0] for f in got.findings if f.code == "sum-mismatch"] == ["表格2"]


def _narrow(doc: str) -> str:
    """Every table at 60% of its width: labels wrap over three lines, numbers over two, table 3's header breaks."""
    for tag in ("gridCol", "tcW", "tblW"):
        doc = re.sub(rf'(<w:{tag} w:w=")(\d+)', lambda m: m.group(1) + str(int(m.group(2)) * 6 // 10), doc)
    return doc


def test_the_rest_of_a_cut_cell_spans_its_columns(tmp_path):
    """Narrow columns: the page break cuts table 3's header, where 未经复议直接起诉 (over five columns) fills
    its cell. The headings under it on the next page, each in a column of its own, were joined to it as its
    rest (the 复议 and 诉讼 columns were lost); the rest of a cut cell spans the columns the cell spans."""
    vals = _values(24, {("appeals", "count", "review_total"): 1})
    vals[("requests", "granted", "research")] = None
    vals[("requests", "new", "natural_person")] = f"{vals[('requests', 'new', 'natural_person')]}件"
    wb = tmp_path / "测试局2021年政府信息公开工作年度报告.xlsx"
    write_report(wb, get_form("2021"), vals, agency="测试局", year=2021)
    base = filled_template(tmp_path / "base.docx", get_form("2021"), vals)
    (pdf,) = to_pdf([rewrite_docx(base, tmp_path / "窄表.docx", _narrow)], tmp_path / "out")
    assert findings_key(check_file(pdf)) == findings_key(check_file(wb))
    t3 = read_pdf(pdf.read_bytes(), str(pdf)).sheets[2].rows
    assert any(r[5] == "未经复议直接起诉" for r in t3)
