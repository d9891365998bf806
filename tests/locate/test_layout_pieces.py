"""Round 4 of the real-layout red team: the unit-level pieces behind this round's cases (tests/cases)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from govreport.check.run import check_file
from govreport.locate.identify import title_of


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("某市交通运输局二〇二二年度政府信息公开工作年度报告", ("某市交通运输局", 2022)),
        ("二〇二一年某县政府信息公开工作年度报告", ("某县", 2021)),
        ("某局2022年政府信息公开工作年度报告", ("某局", 2022)),
    ],
)
def test_a_year_in_chinese_numerals_is_the_report_year(text, want):
    assert title_of(text) == want


def _titled(tmp_path: Path, lines: list[str]) -> Path:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "cases"))
    from _common import write_t1_2021, write_t2_two_columns, write_t3_national

    wb = Workbook()
    ws = wb.active
    for i, line in enumerate(lines):
        ws.cell(i + 1, 1, line)
    r = write_t1_2021(ws, len(lines) + 2) + 1
    where = write_t2_two_columns(ws, r)
    write_t3_national(ws, max(where.values()) + 2)
    path = tmp_path / "Book1.xlsx"
    wb.save(path)
    return path


@pytest.mark.parametrize(
    ("lines", "agency"),
    [
        (["某市交通运输局", "2022年政府信息公开工作年度报告"], "某市交通运输局"),
        (["附件", "2022年政府信息公开工作年度报告"], None),  # no name above the title: none is made up
        (["单位：件", "2022年政府信息公开工作年度报告"], None),
    ],
)
def test_the_agency_on_the_line_above_a_title_without_one(tmp_path, lines, agency):
    report = check_file(_titled(tmp_path, lines))
    assert (report.agency, report.year) == (agency, 2022)


def test_a_total_linked_to_an_input_sheet_is_no_sum_over_the_wrong_range(tmp_path):
    from casebuild import CASES, case_workbook

    report = check_file(case_workbook(CASES / "linked_print_sheet_formulas", tmp_path))
    assert not [f.cell for f in report.findings if f.code == "formula-mismatch"]
    assert report.status == "ok"


def test_a_total_computed_from_the_balance_is_no_formula_mismatch(tmp_path):
    from casebuild import CASES, case_workbook

    report = check_file(case_workbook(CASES / "carried_out_by_balance_formula", tmp_path))
    assert report.status == "ok", [(f.code, f.cell) for f in report.findings]


def test_a_blank_first_row_under_a_column_number_row_stays_blank(tmp_path):
    """The 栏次 row (1 … 7) above a blank 一、本年新收 row is no wrapped label's numbers: the blanks are
    determined by the balance, not read as 1 … 7."""
    import openpyxl
    from casebuild import CASES, case_workbook

    path = case_workbook(CASES / "statistical_row_col_numbers", tmp_path)
    wb = openpyxl.load_workbook(path)
    for c in range(3, 10):
        wb["年报"].cell(22, c).value = None
    wb.save(path)
    report = check_file(path)
    blanks = {f.cell: f.expected for f in report.findings if f.code == "blank-cell"}
    assert blanks == {
        "年报!C22": 24,
        "年报!D22": 5,
        "年报!E22": 1,
        "年报!F22": 0,
        "年报!G22": 3,
        "年报!H22": 1,
        "年报!I22": 34,
    }
    assert {(f.code, f.cell) for f in report.errors} == {("sum-mismatch", "年报!E54")}


@pytest.mark.parametrize(("raw", "want"), [("增1423", 1423), ("增加3", 3), ("减3", -3), ("减少3", -3)])
def test_a_sign_written_as_a_word_in_the_signed_column(raw, want):
    from govreport.cells.values import parse_value

    assert parse_value(raw, "signed").number == want


def test_a_table1_block_whose_row_is_on_the_next_page_takes_the_header_and_unit_above(tmp_path):
    """第二十条第（八）项's heading and header at the foot of one sheet, its 行政事业性收费 row at the top
    of the next (one sheet per PDF page): the column and its unit (万元) come from the previous sheet."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "cases"))
    from _common import write_block, write_t2_two_columns, write_t3_national

    wb = Workbook()
    ws = wb.active
    ws.title = "Table 1"
    r = write_block(
        ws,
        1,
        1,
        "第二十条第（一）项",
        ["本年制发件数", "本年废止件数", "现行有效件数"],
        [("规章", [0, 0, 3]), ("行政规范性文件", [2, 1, 15])],
    )
    r = write_block(ws, r, 1, "第二十条第（五）项", ["本年处理决定数量"], [("行政许可", [126])])
    r = write_block(
        ws, r, 1, "第二十条第（六）项", ["本年处理决定数量"], [("行政处罚", [35]), ("行政强制", [2])]
    )
    write_block(ws, r, 1, "第二十条第（八）项", ["本年收费金额（单位：万元）"], [])
    page = wb.create_sheet("Table 2")
    page["A1"], page["B1"] = "行政事业性收费", "12000元"
    page["A3"] = "三、收到和处理政府信息公开申请情况"
    where = write_t2_two_columns(page, 4)
    write_t3_national(page, max(where.values()) + 2)
    path = tmp_path / "某局2022年政府信息公开工作年度报告.xlsx"
    wb.save(path)
    report = check_file(path)
    assert not report.errors, [(f.code, f.message) for f in report.errors]
    converted = [f for f in report.findings if f.code == "unit-converted"]
    assert [(f.cell, str(f.actual)) for f in converted] == [("Table 2!B1", "1.2")]


@pytest.mark.parametrize("text", ["其它结果", "3.其它", "其它", "（六）其它处理"])
def test_qita_written_with_ta_is_qita(text):
    from govreport.locate.labels import core, normalize

    assert normalize(text) == normalize(text.replace("其它", "其他"))
    assert core(text) == core(text.replace("其它", "其他"))
    assert normalize(normalize(text)) == normalize(text)
