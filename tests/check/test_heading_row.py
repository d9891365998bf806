"""Numbers typed on the heading row 三、本年度办理结果: checked against （七）总计 by the form's advisory
relation (a warning naming each cell that disagrees, with （七）总计's value), never solved or corrected."""

from __future__ import annotations

from pathlib import Path

from casebuild import CASES, case_workbook

from govreport.check.run import check_file
from govreport.fill.run import fill_file
from govreport.forms import get_form

CASE = CASES / "results_heading_row_typed"


def test_disagreeing_heading_cell_is_a_warning_with_the_handled_total(tmp_path: Path) -> None:
    report = check_file(case_workbook(CASE, tmp_path))
    found = [f for f in report.findings if f.code == "heading-row-mismatch"]
    # only 自然人 disagrees (52 typed, （七）总计 25); the agreeing columns and the blank one say nothing
    assert [(f.cell, f.expected, f.actual, f.severity) for f in found] == [("Sheet1!C23", 25, 52, "warning")]
    assert found[0].relation == "requests.results-heading"
    assert "C45" in found[0].message and "三、办理结果" in found[0].message
    assert not report.errors, [f.message for f in report.errors]


def test_agreeing_heading_row_says_nothing(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = case_workbook(CASE, tmp_path)
    wb = load_workbook(path)
    wb.active["C23"] = 25
    wb.save(path)
    report = check_file(path)
    assert report.status == "ok", [f.message for f in report.findings]


def test_fill_leaves_the_heading_row(tmp_path: Path) -> None:
    result = fill_file(case_workbook(CASE, tmp_path), tmp_path / "out.xlsx")
    assert not [e for e in result.plan.edits if e.cell.startswith("Sheet1!") and e.cell[7:].endswith("23")]
    assert [f.cell for f in result.output.findings if f.code == "heading-row-mismatch"] == ["Sheet1!C23"]


def test_both_forms_declare_it_advisory() -> None:
    for version in ("2021", "2019"):
        table = next(t for t in get_form(version).tables if t.key == "requests")
        rel = next(r for r in table.relations if r.id == "results-heading")
        assert rel.advisory and rel.own_rows and rel.lhs == ("results",) and rel.rhs == ("handled_total",)
