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
