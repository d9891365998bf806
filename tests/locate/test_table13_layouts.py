"""Where tables 1 and 3 of some corpus cases (tests/cases/) are found, cell by cell.

The corpus compares findings and numbers; a layout where the wrong column gives the same findings (a
group of table 3 read as another, a block's numbers read from the block beside it) is pinned here.
"""

from __future__ import annotations

from pathlib import Path

from casebuild import CASES, case_workbook

from govreport.check.run import check_file
from govreport.locate.find import locate
from govreport.read.spreadsheet import open_book


def _build(name: str, tmp_path: Path) -> Path:
    return case_workbook(CASES / name, tmp_path)


def _columns(path: Path, table: str) -> dict[str, str]:
    from govreport.read.model import col_letter

    t = locate(open_book(path)).tables[table]
    return {k: col_letter(c) for k, c in t.columns.items()}


def test_litigation_group_named_in_brackets_decides_its_columns(tmp_path):
    path = _build("t3_litigation_groups_in_brackets_swapped", tmp_path)
    cols = _columns(path, "appeals")
    assert (cols["after_review_upheld"], cols["after_review_total"]) == ("F", "J")
    assert (cols["direct_upheld"], cols["direct_total"]) == ("K", "O")
    [broken] = check_file(path).errors
    assert broken.relation == "appeals.after-review-total"


def test_side_by_side_2019_fee_block_reads_its_own_columns(tmp_path):
    cols = _columns(_build("t1_2019_blocks_side_by_side", tmp_path), "active_fees")
    assert cols == {"previous_items": "G", "change": "H"}


def test_unit_note_beside_the_heading_is_the_money_unit(tmp_path):
    t = locate(open_book(_build("t1_2019_purchase_note_wanyuan", tmp_path))).tables["active_procurement"]
    assert t.units["amount"] == "万元"


def test_unit_note_on_a_header_second_line_is_not_part_of_the_label():
    from govreport.locate.labels import core

    assert core("本年收费金额\n单位：万元") == core("本年收费金额（单位：万元）") == "本年收费金额"
    assert core("采购总金额，单位:元") == "采购总金额"
    assert core("单位：万元") == "单位:万元"  # a note alone stays what it is


def test_unit_note_in_the_section_title_is_the_money_unit(tmp_path):
    # "二、主动公开政府信息情况（金额单位：万元）" and no note by the block: the title's unit applies
    import openpyxl

    path = _build("t1_2019_purchase_note_wanyuan", tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    for row in ws.iter_rows():
        for c in row:
            if c.value == "（单位：万元）":
                c.value = None
            elif isinstance(c.value, str) and c.value.startswith("二、主动公开政府信息情况"):
                c.value = "二、主动公开政府信息情况（金额单位：万元）"
                title = c.coordinate
    wb.save(path)
    assert title
    t = locate(open_book(path)).tables["active_procurement"]
    assert t.units["amount"] == "万元"
    report = check_file(path)
    [f] = [f for f in report.findings if f.code == "unit-converted"]
    assert f.actual is not None and str(f.actual) == "25.1"


def test_vertical_list_with_litigation_groups_in_brackets():
    """Table 3 as a list down the page whose litigation groups are written in one cell each, the group in
    brackets (行政诉讼（复议后起诉）, here before 行政诉讼（未经复议直接起诉））: core() drops the bracket as a
    note, so both groups read 行政诉讼 and the table was not found."""
    from govreport.check.run import check_book
    from govreport.read.model import Book, Sheet

    results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    groups = [
        ("行政复议", "review", [1, 0, 0, 1, 2]),
        ("行政诉讼（复议后起诉）", "after_review", [0, 1, 0, 0, 1]),
        ("行政诉讼（未经复议直接起诉）", "direct", [2, 0, 1, 0, 4]),  # its 总计 should be 3
    ]
    rows: list[list[object]] = [["四、政府信息公开行政复议、行政诉讼情况"], ["类别", "", "数量"]]
    merged = [(1, 0, 1, 1)]
    for label, _key, numbers in groups:
        merged.append((len(rows), 0, len(rows) + 4, 0))
        rows += [[label if i == 0 else "", results[i], str(n)] for i, n in enumerate(numbers)]
    book = Book(path="x.docx", format="docx", sheets=[Sheet.from_rows("表格1", rows, merged)])
    t3 = locate(book).tables["appeals"]
    assert t3.columns["after_review_upheld"] == t3.columns["direct_total"] == 2
    errors = [f for f in check_book(book, None).findings if f.table == "appeals"]
    assert [(f.relation, f.expected, f.actual) for f in errors] == [("appeals.direct-total", 3, 4)]
