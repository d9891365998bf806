"""Valid workbooks with hostile content: the checker stays bounded and answers."""

import pytest

from govreport.check.run import check_book
from govreport.forms import get_form
from govreport.read.model import Book, Sheet

T2 = get_form("2021").table("requests")


def _table_rows(total_cell):
    rows = [
        ["三、收到和处理政府信息公开申请情况"],
        ["", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"],
    ]
    for row in T2.rows:
        if row.kind == "data":
            rows.append([row.label, 1, 0, 0, 0, 0, 0, total_cell(len(rows))])
    return rows


@pytest.mark.timeout(120)  # a hang guard; the time itself is in benchmarks/bench_hostile.py
def test_self_referencing_and_cyclic_formulas_are_errors_not_hangs():
    rows = _table_rows(lambda r: f"=H{r + 1}+H{r + 2}")  # each total reads itself and the next: a cycle
    book = Book("x.xlsx", "xlsx", [Sheet.from_rows("S", rows)])
    report = check_book(book)
    assert report.status == "errors"


@pytest.mark.timeout(120)
def test_formulas_over_huge_ranges_are_bounded():
    rows = _table_rows(lambda r: "=SUM(A1:Z5000)+SUM(AA1:AZ5000)")
    rows += [[f"=SUM(A{i}:Z{i + 3000})" for _ in range(8)] for i in range(200, 400)]
    book = Book("x.xlsx", "xlsx", [Sheet.from_rows("S", rows)])
    report = check_book(book)
    assert any(f.code == "formula-error" for f in report.findings)


@pytest.mark.timeout(120)
def test_many_merged_ranges_do_not_explode():
    rows = _table_rows(lambda r: 1)
    merged = [(r, 20, r + 60, 80) for r in range(0, 3000, 2)]
    rows += [["说明"] * 2 for _ in range(3000)]
    for r in range(0, 3000, 2):
        while len(rows[r]) <= 20:
            rows[r].append("")
        rows[r][20] = "合并说明"
    book = Book("x.xlsx", "xlsx", [Sheet.from_rows("S", rows, merged=merged)])
    assert check_book(book).path == "x.xlsx"
