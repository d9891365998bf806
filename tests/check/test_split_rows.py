"""Table 1's 行政规范性文件 typed over two rows with no total: the one row read is named, with the others and
their sums (split-row); a 其中 row, a single row and table 2's rows say nothing."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "cases"))
from _common import build_standard, write_block  # noqa: E402

from govreport.check.run import check_file  # noqa: E402


def _rest(ws, r):
    r = write_block(ws, r, 1, "第二十条第（五）项", ["本年处理决定数量"], [("行政许可", [126])])
    r = write_block(
        ws, r, 1, "第二十条第（六）项", ["本年处理决定数量"], [("行政处罚", [35]), ("行政强制", [2])]
    )
    return write_block(ws, r, 1, "第二十条第（八）项", ["本年收费金额（万元）"], [("行政事业性收费", [1.5])])


def _build(tmp_path, rows, merge=False):
    def t1(ws, r):
        r = write_block(
            ws,
            r,
            1,
            "第二十条第（一）项",
            ["本年制发件数", "本年废止件数", "现行有效件数"],
            [("规章", [0, 0, 3]), *rows],
        )
        if merge:
            ws.merge_cells(start_row=r - len(rows), start_column=1, end_row=r - 1, end_column=1)
        return _rest(ws, r)

    path = tmp_path / "测试局2021年政府信息公开工作年度报告.xlsx"
    build_standard(path, t1=t1)
    return check_file(path)


def _split(report):
    return [f for f in report.findings if f.code == "split-row"]


@pytest.mark.parametrize(
    "rows,merge",
    [
        ([("行政规范性文件（本级）", [2, 1, 15]), ("行政规范性文件（部门）", [1, 1, 9])], False),
        ([("行政规范性文件", [2, 1, 15]), (None, [1, 1, 9])], True),  # one label merged down over both rows
        ([("市政府行政规范性文件", [2, 1, 15]), ("部门行政规范性文件", [1, None, 9])], False),
    ],
)
def test_a_row_split_over_two_rows_is_said_with_its_sums(tmp_path, rows, merge):
    report = _build(tmp_path, rows, merge)
    found = _split(report)
    assert len(found) == 1, [f.message for f in report.findings]
    f = found[0]
    assert f.severity == "warning" and f.row == "normative_documents"
    assert f.cells == ("Sheet1!B5", "Sheet1!B6") and f.cell == "Sheet1!B5"
    assert "第 5 行、第 6 行" in f.message and "只读取了第 5 行" in f.message
    废止 = 2 if rows[1][1][1] is not None else 1
    assert f"本年制发件数 3、本年废止件数 {废止}、现行有效件数 24" in f.message
    assert report.errors == []


@pytest.mark.parametrize(
    "rows",
    [
        [("行政规范性文件", [2, 1, 15])],
        [("行政规范性文件", [2, 1, 15]), ("其中：部门规范性文件", [1, 1, 9])],  # a province's breakdown
        [("行政规范性文件", [2, 1, 15]), ("（含部门规范性文件）", [None, None, None])],
        [("行政规范性文件", [2, 1, 15]), ("行政规范性文件备注", [None, None, None])],  # no numbers: a note
    ],
)
def test_one_row_or_a_breakdown_says_nothing(tmp_path, rows):
    report = _build(tmp_path, rows)
    assert _split(report) == [], [f.message for f in _split(report)]


def test_a_wrapped_label_merged_over_the_numbers_rows_is_one_row(tmp_path, make_report):
    path, _where, _good = make_report()
    assert _split(check_file(path)) == []
