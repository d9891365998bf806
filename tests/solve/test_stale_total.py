"""SUM totals whose saved result skips numbers stored as text (Excel, WPS and LibreOffice all do): the
formula is right and so are the numbers, only what the spreadsheet shows is short. Cached results are
set on the read sheet, as a workbook saved by Excel carries them."""

import sys
from pathlib import Path

from openpyxl import load_workbook

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "cases"))
from _common import build_standard  # noqa: E402

from govreport.check.run import check_book  # noqa: E402
from govreport.read.spreadsheet import open_book  # noqa: E402


def _book(tmp_path, formula: str = "=SUM(C{r}:H{r})", cached: int = 1):
    """（二）部分公开 (3, 1, 0, 0, 0, 0) with 自然人 pasted as text "3" and its 总计 a formula saved as `cached`."""
    path = tmp_path / "测试局2021年政府信息公开工作年度报告.xlsx"
    where = build_standard(path)
    r = where["partial"]
    wb = load_workbook(path)
    ws = wb.active
    ws[f"C{r}"] = "3"
    ws[f"I{r}"] = formula.format(r=r)
    wb.save(path)
    book = open_book(path)
    book.sheets[0].rows[r - 1][8] = cached  # the result Excel saved with the formula
    return book, f"Sheet1!I{r}", f"Sheet1!C{r}"


def test_sum_over_a_text_number_shows_it_missing(tmp_path):
    book, total, text = _book(tmp_path, cached=1)
    report = check_book(book)
    stale = [f for f in report.errors if f.code == "stale-total"]
    assert [(f.cell, f.expected, f.actual) for f in stale] == [(total, 4, 1)]
    assert text in stale[0].cells and f"{text.split('!')[1]} 是文本型数字" in stale[0].message
    # the relations hold with the total as it computes once the text is a number: nothing else is wrong
    assert {f.code for f in report.errors} == {"stale-total"}
    assert {f.code for f in report.warnings} == {"text-number"}


def test_an_uncached_sum_over_a_text_number_is_stale_as_a_saved_one(tmp_path):
    # written by a program that computes nothing (openpyxl): Excel recomputes it on opening and shows 1
    book, total, text = _book(tmp_path, cached="")
    report = check_book(book)
    stale = [f for f in report.errors if f.code == "stale-total"]
    assert [(f.cell, f.expected, f.actual) for f in stale] == [(total, 4, 1)]
    assert text in stale[0].cells and f"{text.split('!')[1]} 是文本型数字" in stale[0].message
    assert {f.code for f in report.errors} == {"stale-total"}


def test_a_saved_result_the_text_does_not_explain_is_a_missed_recalculation(tmp_path):
    # 2 is neither the sum with the text (4) nor without it (1): the file was saved without recalculating;
    # recalculated, every relation holds, so that is what is said (not that the text is skipped)
    book, total, text = _book(tmp_path, cached=2)
    report = check_book(book)
    assert [(f.code, f.cell, f.expected) for f in report.errors] == [("stale-total", total, 4)]
    assert "重新计算" in report.errors[0].message and text not in report.errors[0].cells


def test_plus_formula_reads_text_as_a_number(tmp_path):
    # =C25+D25+… converts the text (Excel does): its saved result 4 is right, nothing to say about it
    book, _total, _text = _book(tmp_path, formula="=C{r}+D{r}+E{r}+F{r}+G{r}+H{r}", cached=4)
    report = check_book(book)
    assert report.errors == []


def test_saved_without_recalculating_and_consistent_once_recalculated(tmp_path):
    # the clerk changed 一、本年新收 · 自然人 24 → 25 and （一）予以公开 · 自然人 10 → 11 with calculation set
    # to manual: every total over them still shows the old sum, and recalculating makes every relation hold
    path = tmp_path / "测试局2021年政府信息公开工作年度报告.xlsx"
    where = build_standard(path)
    wb = load_workbook(path)
    ws = wb.active
    new, granted, handled = where["new"], where["granted"], where["handled_total"]
    ws[f"C{new}"], ws[f"C{granted}"] = 25, 11
    for r in (new, granted):
        ws[f"I{r}"] = f"=SUM(C{r}:H{r})"
    ws[f"C{handled}"] = f"=SUM(C{granted}:C{where['other_other']})"
    ws[f"I{handled}"] = f"=SUM(C{handled}:H{handled})"
    wb.save(path)
    book = open_book(path)
    rows = book.sheets[0].rows
    rows[new - 1][8], rows[granted - 1][8], rows[handled - 1][2], rows[handled - 1][8] = 34, 15, 25, 35
    report = check_book(book)
    assert {(f.code, f.cell, f.expected) for f in report.errors} == {
        ("stale-total", f"Sheet1!I{new}", 35),
        ("stale-total", f"Sheet1!I{granted}", 16),
        ("stale-total", f"Sheet1!C{handled}", 26),
        ("stale-total", f"Sheet1!I{handled}", 36),
    }
    assert all("重新计算" in f.message for f in report.errors)


def test_not_recalculated_but_a_part_is_wrong_goes_to_error_location(tmp_path):
    # only （一）予以公开 · 自然人 changed 10 → 11 under manual calculation: recalculated, the 自然人 and 总计
    # balances break, so the part may be the wrong one (error location decides, no stale-total claim)
    path = tmp_path / "测试局2021年政府信息公开工作年度报告.xlsx"
    where = build_standard(path)
    wb = load_workbook(path)
    ws = wb.active
    granted, handled = where["granted"], where["handled_total"]
    ws[f"C{granted}"] = 11
    ws[f"I{granted}"] = f"=SUM(C{granted}:H{granted})"
    ws[f"C{handled}"] = f"=SUM(C{granted}:C{where['other_other']})"
    wb.save(path)
    book = open_book(path)
    rows = book.sheets[0].rows
    rows[granted - 1][8], rows[handled - 1][2] = 15, 25
    report = check_book(book)
    assert not [f for f in report.findings if f.code == "stale-total"]
    assert report.errors


def test_a_blank_elsewhere_in_the_table_does_not_hide_the_skipped_text(tmp_path):
    # one blank part (a row's 商业企业) makes the table's equations partly unknown: the SUM short of the
    # text number is still named, and nothing else breaks (no candidate list of cells set to their own value)
    book, total, text = _book(tmp_path, cached=1)
    rows = book.sheets[0].rows
    r = int(text.split("C")[-1]) - 1
    rows[r + 2][3] = ""  # （三）2 · 商业企业, typed 0, now blank
    report = check_book(book)
    assert [(f.code, f.cell) for f in report.errors] == [("stale-total", total)]
    assert [f.expected for f in report.findings if f.code == "blank-cell"] == [0]


def test_not_recalculated_with_a_blank_elsewhere_is_named_and_nothing_asked(tmp_path):
    # saved showing 2 (neither 4 nor the text-less 1) and a blank part elsewhere: recalculating the total
    # alone settles every relation, so that is what is said; no change of a typed number is proposed
    from govreport.fill.plan import plan_repairs

    book, total, text = _book(tmp_path, cached=2)
    rows = book.sheets[0].rows
    rows[int(text.split("C")[-1]) + 1][3] = ""
    report = check_book(book)
    assert [(f.code, f.cell, f.expected) for f in report.errors] == [("stale-total", total, 4)]
    plan = plan_repairs(report)
    assert {(e.cell, e.kind, e.new) for e in plan.edits} == {
        (text, "normalized", 3),
        ("Sheet1!D27", "filled", 0),
    }
    assert plan.questions == []
