"""A group's own row (（三）不予公开 on a row above its items) is a label unless a clerk typed numbers there:
then those numbers are its subtotal and must add up; a dash or a note there is no subtotal."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "cases"))
from _common import T2_2021, t2_values, write_t2_header, write_t2_two_columns  # noqa: E402

from govreport.check.run import check_file  # noqa: E402


def _book(path: Path, group_cells) -> Path:
    """Table 2 with one label column; every group row gets group_cells(group, subtotals) as its 7 cells."""
    wb = Workbook()
    ws = wb.active
    r = write_t2_header(ws, 1, 1, 1)
    values = t2_values()
    sums: dict[str, list[int]] = {}
    for key, group, _label in T2_2021:
        if group:
            sums[group] = [a + b for a, b in zip(sums.get(group, [0] * 7), values[key], strict=True)]
    seen: set[str] = set()
    for key, group, label in T2_2021:
        if group and group not in seen:
            seen.add(group)
            ws.cell(r, 1, group)
            for i, v in enumerate(group_cells(group, sums[group])):
                if v is not None:
                    ws.cell(r, 2 + i, v)
            r += 1
        ws.cell(r, 1, label)
        for i, v in enumerate(values.get(key, [])):
            ws.cell(r, 2 + i, v)
        r += 1
    wb.save(path)
    return path


def _requests(report):
    return next(t for t in report.tables if t.key == "requests")


def test_dashes_in_group_rows_are_no_subtotal(tmp_path):
    report = check_file(_book(tmp_path / "a.xlsx", lambda g, s: ["—"] * 7))
    assert not [f for f in report.findings if f.table == "requests"]
    assert "refused" not in _requests(report).located.rows


def test_right_subtotals_are_read_and_hold(tmp_path):
    report = check_file(_book(tmp_path / "b.xlsx", lambda g, s: s))
    assert not [f for f in report.findings if f.table == "requests"]
    rows = _requests(report).located.rows
    assert {"refused", "unable", "not_processed", "other_handling"} <= set(rows)


def test_a_subtotal_with_only_its_total_filled(tmp_path):
    # the clerk typed only the 总计 of （三）'s subtotal row: the six blanks are determined by it and its items
    report = check_file(_book(tmp_path / "c.xlsx", lambda g, s: [None] * 6 + [s[6]]))
    blanks = [f for f in report.findings if f.code == "blank-cell" and f.row == "refused"]
    assert len(blanks) == 6 and all(f.expected is not None for f in blanks)
    assert not [f for f in report.errors if f.table == "requests"]


def test_a_wrong_subtotal_total_is_located(tmp_path):
    def wrong(group, s):
        return s[:6] + [s[6] + 1] if group == "（五）不予处理" else s

    report = check_file(_book(tmp_path / "d.xlsx", wrong))
    assert [(f.code, f.row, f.column, f.expected) for f in report.errors if f.table == "requests"] == [
        ("sum-mismatch", "not_processed", "total", 3)
    ]


def test_an_unrecognised_item_beside_its_group_is_no_subtotal(tmp_path):
    # 1.国家秘密 typed as a wording no alias knows ("1.涉密的") beside （三）不予公开 in one row: that row is the
    # item (row-not-found), never a subtotal row checked against items 2..8
    wb = Workbook()
    rows = [(k, g, "1.涉密的" if k == "refused_state_secret" else lab) for k, g, lab in T2_2021]
    write_t2_two_columns(wb.active, 1, rows=rows)
    path = tmp_path / "e.xlsx"
    wb.save(path)
    report = check_file(path)
    t = _requests(report)
    assert "refused" not in t.located.rows and "refused" not in t.located.group_rows
    assert [(f.code, f.row) for f in report.errors if f.table == "requests"] == [
        ("row-not-found", "refused_state_secret")
    ]
