"""SUM totals whose saved result skips numbers stored as text (Excel, WPS and LibreOffice all do): the
formula is right and so are the numbers, only what the spreadsheet shows is short. Cached results are
set on the read sheet, as a workbook saved by Excel carries them."""

import sys
from pathlib import Path

from openpyxl import load_workbook

sys.path.insert(0, str(Path(__file__).parent / "cases"))
from _common import build_standard  # noqa: E402

from govreport.check import check_book  # noqa: E402
from govreport.workbook import open_book  # noqa: E402


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


def test_a_saved_result_the_text_does_not_explain_is_left_to_the_relations(tmp_path):
    # 2 is neither the sum with the text (4) nor without it (1): not a skipped text, a wrong number
    book, total, _text = _book(tmp_path, cached=2)
    report = check_book(book)
    assert not [f for f in report.findings if f.code == "stale-total"]
    assert "sum-mismatch" in {f.code for f in report.errors}


def test_plus_formula_reads_text_as_a_number(tmp_path):
    # =C25+D25+… converts the text (Excel does): its saved result 4 is right, nothing to say about it
    book, _total, _text = _book(tmp_path, formula="=C{r}+D{r}+E{r}+F{r}+G{r}+H{r}", cached=4)
    report = check_book(book)
    assert report.errors == []
