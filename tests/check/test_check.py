"""The checker end to end: workbooks in real layouts, with and without errors, through open_book + check."""

import random

import pytest
from conftest import DEMO
from samples import consistent_values

from govreport.check.run import check_file
from govreport.forms import get_form
from govreport.template import Layout

LAYOUTS = {
    "national": Layout(),
    "one-table-per-sheet": Layout(one_sheet=False, sheet_names=("表一", "表二", "Sheet3")),
    "shifted-spacer": Layout(top_offset=3, left_offset=2, spacer_col=True, title_rows=2),
    "unmerged": Layout(merged_labels=False),
    "variants-0": Layout(label_variants=True),
    "variants-1": Layout(label_variants=True, variant_set=1),
    "formulas": Layout(formulas=True),
    "no-titles": Layout(section_titles=False, one_sheet=False, title_rows=0),
    "seed-style": Layout(seed_style=True),
    "everything": Layout(
        title_rows=0,
        section_titles=False,
        one_sheet=False,
        merged_labels=False,
        label_variants=True,
        left_offset=1,
        spacer_col=True,
    ),
}


def _located(report):
    return {
        (t.key, rk, ck): (str(info.ref), info.number)
        for t in report.tables
        for (rk, ck), info in t.cells.items()
    }


@pytest.mark.parametrize("version", ["2021", "2019"])
@pytest.mark.parametrize("name", list(LAYOUTS))
def test_every_layout_is_located_and_clean(make_report, version, name):
    path, where, good = make_report(version, seed=hash(name) % 100, layout=LAYOUTS[name])
    report = check_file(path, debug=True)
    assert report.status == "ok", [f.message for f in report.findings]
    assert report.form == version
    found = _located(report)
    for key, ref in where.items():
        assert found[key][0] == ref
        if good.get(key) is not None:
            assert found[key][1] == good[key]


def test_hybrid_single_row_other_handling_is_accepted(make_report):
    path, where, good = make_report("2021", layout=Layout(other_single_row=True))
    report = check_file(path, debug=True)
    assert report.status == "ok", [f.message for f in report.findings]
    assert report.form == "2021"


def test_demo_seed_report_has_only_blank_warnings_determined_as_zero():
    report = check_file(DEMO, debug=True)
    assert report.status == "warnings"
    assert report.agency == "老城区商务和工业信息化局" and report.year == 2021
    assert {f.code for f in report.findings} == {"blank-cell"}
    assert len(report.findings) == 21
    assert all(f.expected == 0 for f in report.findings)


def _cell(where, key):
    return where[key]


@pytest.mark.parametrize(
    "row,col",
    [
        ("refused_other_laws", "business"),
        ("new", "natural_person"),
        ("handled_total", "research"),
        ("carried_out", "total"),
        ("granted", "total"),
        ("carried_in", "other_org"),
    ],
)
def test_single_wrong_cell_is_named_with_its_expected_value(make_report, row, col):
    form = get_form("2021")
    vals = consistent_values(form, random.Random(7), zero_share=0.2)
    key = ("requests", row, col)
    path, where, good = make_report(values=vals, edits={key: vals[key] + 3})
    report = check_file(path, debug=True)
    errors = report.errors
    assert len(errors) == 1, [f.message for f in errors]
    f = errors[0]
    assert f.cell == where[key]
    assert f.expected == good[key] and f.actual == good[key] + 3
    assert f.code in ("sum-mismatch", "balance-mismatch")
    assert where[key] in f.message and str(good[key]) in f.message


def test_appeals_group_total_mismatch_cannot_be_located(make_report):
    vals = consistent_values(get_form("2021"), random.Random(2))
    key = ("appeals", "count", "review_total")
    path, where, good = make_report(values=vals, edits={key: vals[key] + 1})
    report = check_file(path, debug=True)
    [f] = report.errors
    assert f.code == "sum-mismatch" and f.cell is None
    assert f.relation == "appeals.review-total"
    assert where[key] in f.cells and len(f.cells) == 5
    assert len(f.candidates) == 5
    assert "无法确定" in f.message


def test_balance_broken_by_double_count_lists_candidates(make_report):
    vals = consistent_values(get_form("2021"), random.Random(4), zero_share=0.1)
    edits = {
        ("requests", "carried_out", "natural_person"): vals[("requests", "carried_out", "natural_person")]
        + 1,
        ("requests", "carried_out", "total"): vals[("requests", "carried_out", "total")] + 1,
    }
    path, where, good = make_report(values=vals, edits=edits)
    report = check_file(path, debug=True)
    assert report.errors and all(f.code == "balance-mismatch" for f in report.errors)
    assert all(f.cell is None for f in report.errors)
    assert any(len(f.candidates) >= 2 for f in report.errors)


def test_values_text_numbers_placeholders_decimals_negatives(make_report):
    vals = consistent_values(get_form("2021"), random.Random(5), zero_share=0.3)
    k_text = ("requests", "new", "natural_person")
    k_ph = ("requests", "granted", "business")
    k_dec = ("requests", "partial", "research")
    k_neg = ("active_rules", "rules", "issued")
    edits = {
        k_text: "".join(chr(ord(ch) + 0xFEE0) for ch in str(vals[k_text])) + "件",  # full-width with a unit
        k_ph: "无",
        k_dec: 2.5,
        k_neg: -1,
    }
    path, where, good = make_report(values=vals, edits=edits)
    report = check_file(path, debug=True)
    by_cell = {}
    for f in report.findings:
        by_cell.setdefault(f.cell, set()).add(f.code)
    assert by_cell[where[k_text]] == {"text-number"}
    assert "invalid-value" in by_cell[where[k_ph]]
    assert "not-integer" in by_cell[where[k_dec]]
    assert "negative-count" in by_cell[where[k_neg]]
    ph = next(f for f in report.findings if f.cell == where[k_ph])
    assert ph.expected == vals[k_ph]  # the relations determine what the placeholder stands for


def test_money_in_another_unit_is_converted_and_flagged(make_report):
    vals = consistent_values(get_form("2021"), random.Random(1))
    key = ("active_fees", "fees", "amount")
    path, where, good = make_report(values=vals, edits={key: "5000元"})
    report = check_file(path, debug=True)
    [f] = [f for f in report.findings if f.cell == where[key] and f.code == "unit-converted"]
    from decimal import Decimal

    assert f.actual == Decimal("0.5")


def test_formula_missing_a_column_is_reported_even_when_it_holds_zero(make_report):
    form = get_form("2021")
    seed = next(
        s
        for s in range(1000)
        if consistent_values(form, random.Random(s))[("requests", "new", "other_org")] == 0
    )
    vals = consistent_values(form, random.Random(seed))
    path, where, good = make_report(values=vals, layout=Layout(formulas=True))
    _total_formula_misses_other_org(path, where)
    report = check_file(path, debug=True)
    [f] = report.errors
    assert f.code == "formula-mismatch" and f.cell == where[("requests", "new", "total")]
    assert where[("requests", "new", "other_org")].split("!")[1] in f.message


def test_uncached_formulas_are_evaluated_not_blank(make_report):
    path, where, good = make_report(layout=Layout(formulas=True))
    report = check_file(path, debug=True)
    assert report.status == "ok"
    found = _located(report)
    key = ("requests", "handled_total", "total")
    assert found[key][1] == good[key]


def test_form_year_mismatch_is_a_warning(make_report):
    path, where, good = make_report("2019", name="某局2022年政府信息公开工作年度报告.xlsx")
    report = check_file(path, debug=True)
    assert report.year in (2019, 2022)


def test_missing_row_is_named(make_report, tmp_path):
    import openpyxl

    path, where, good = make_report()
    wb = openpyxl.load_workbook(path)
    sheet, a1 = where[("requests", "refused_query", "natural_person")].split("!")
    ws = wb[sheet]
    row = ws[a1].row
    for cell in ws[row]:
        if isinstance(cell.value, str) and "行政查询" in cell.value:
            cell.value = "备注"
    wb.save(path)
    report = check_file(path, debug=True)
    assert any(f.code == "row-not-found" and f.row == "refused_query" for f in report.findings)
    assert report.status == "errors"


def test_workbook_without_tables_is_unreadable(tmp_path):
    import openpyxl

    p = tmp_path / "其他.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "这不是年报"
    wb.save(p)
    report = check_file(p)
    assert report.status == "unreadable"
    assert report.findings[0].code == "no-tables"


def test_wrong_part_under_formula_totals_is_not_blamed_on_another_cell(make_report):
    # the totals follow the wrong part, so only the balances break: the arithmetic cannot tell which
    # part of the column is wrong, and must not pretend it can
    vals = consistent_values(get_form("2021"), random.Random(8), zero_share=0.1)
    key = ("requests", "refused_internal", "natural_person")
    path, where, good = make_report(values=vals, edits={key: vals[key] + 5}, layout=Layout(formulas=True))
    report = check_file(path, debug=True)
    assert report.errors
    assert all(f.cell is None for f in report.errors), [f.message for f in report.errors]
    cands = {c for f in report.errors for cand in f.candidates for c in cand.cells}
    assert where[key] in cands


def test_wrong_formula_range_and_a_wrong_part_in_another_row(make_report):
    vals = consistent_values(get_form("2021"), random.Random(12), zero_share=0.1)
    key = ("requests", "refused_query", "business")
    path, where, good = make_report(values=vals, edits={key: vals[key] + 2})
    _total_formula_misses_other_org(path, where)
    report = check_file(path, debug=True)
    codes = {(f.code, f.cell) for f in report.errors}
    assert ("formula-mismatch", where[("requests", "new", "total")]) in codes
    located = [f for f in report.errors if f.cell == where[key]]
    assert located and located[0].expected == good[key]


def _total_formula_misses_other_org(path, where):
    """Row 一's 总计 becomes =SUM over 自然人..法律服务机构: a range that misses the 其他 column."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    sheet, a1 = where[("requests", "new", "total")].split("!")
    first = where[("requests", "new", "natural_person")].split("!")[1]
    fifth = where[("requests", "new", "legal_service")].split("!")[1]
    wb[sheet][a1] = f"=SUM({first}:{fifth})"
    wb.save(path)


def test_candidates_whose_value_nothing_pins_down_are_named_not_given_a_question_mark(make_report):
    # 复议 total below its known parts while one part is blank: changing any one cell makes the row
    # satisfiable, but with the blank still open no value follows; those cells are named as suspects
    vals = consistent_values(get_form("2021"), random.Random(7))
    parts = [("appeals", "count", k) for k in ("review_upheld", "review_corrected", "review_other")]
    vals.update({p: 5 for p in parts})
    vals[("appeals", "count", "review_pending")] = 2
    vals[("appeals", "count", "review_total")] = 17
    edits = {("appeals", "count", "review_pending"): None, ("appeals", "count", "review_total"): 12}
    path, where, good = make_report(values=vals, edits=edits)
    report = check_file(path, debug=True)
    [f] = [f for f in report.errors if f.relation == "appeals.review-total"]
    assert any(None in c.values for c in f.candidates)
    assert "?" not in f.message and "改为 ?" not in f.message
    assert (
        "可能有误的单元格" in f.message
        and where[("appeals", "count", "review_total")].split("!")[1] in f.message
    )


def test_unsatisfiable_balance_says_what_the_other_relations_make_of_its_blanks(tmp_path):
    """A blank （七）总计 the column's sum determines: the broken balance shows that value, not "at least" the
    filled part (tests/cases/total_column_and_handled_row_blank_wrong_item)."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from casebuild import CASES, case_workbook

    report = check_file(case_workbook(CASES / "total_column_and_handled_row_blank_wrong_item", tmp_path))
    [f] = report.errors
    assert f.code == "unsatisfiable" and f.relation == "requests.balance"
    assert "C45＋C46 = 36，其中空白或无效的 C45 按其他勾稽关系应为 35" in f.message
    assert "至少为" not in f.message
