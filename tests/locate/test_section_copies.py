"""A sheet holding the report's tables twice (a draft, then the final pasted below): both copies are
found, the copy a note marks as final is checked, the other is named in a duplicate-table warning."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "cases"))
from _common import t2_values, write_t1_2021, write_t2_two_columns, write_t3_national  # noqa: E402

from govreport.check.run import check_file  # noqa: E402


def _copy(ws, r: int, values) -> int:
    ws.cell(r, 1, "二、主动公开政府信息情况")
    r = write_t1_2021(ws, r + 1) + 1
    ws.cell(r, 1, "三、收到和处理政府信息公开申请情况")
    where = write_t2_two_columns(ws, r + 1, values=values)
    r = max(where.values()) + 2
    ws.cell(r, 1, "四、政府信息公开行政复议、行政诉讼情况")
    return write_t3_national(ws, r + 1) + 1


def _book(path: Path, note_first: str | None, note_second: str | None) -> Path:
    wb = Workbook()
    ws = wb.active
    draft = t2_values()
    draft["new"][0] = 23  # the draft's 一、本年新收 · 自然人 (the final has 24)
    r = 1
    if note_first:
        ws.cell(r, 1, note_first)
        r += 1
    r = _copy(ws, r, draft)
    if note_second:
        ws.cell(r + 1, 1, note_second)
    _copy(ws, r + 2, t2_values())
    wb.save(path)
    return path


def _dups(report) -> list[str]:
    return [f.message for f in report.findings if f.code == "duplicate-table"]


def test_without_a_note_the_first_copy_is_checked_and_the_second_named(tmp_path):
    report = check_file(_book(tmp_path / "a.xlsx", None, None))
    assert [(f.code, f.cell) for f in report.errors] == [("sum-mismatch", "Sheet!C21")]
    dups = _dups(report)
    assert len(dups) == 1  # one for the repeated copy, listing four table-1 blocks, table 2, table 3
    assert "（6 张）" in dups[0] and "“依申请公开” Sheet!A75（已检查 Sheet!A21）" in dups[0]


def test_a_copy_marked_as_draft_loses_to_the_other(tmp_path):
    report = check_file(_book(tmp_path / "b.xlsx", "初稿", None))
    assert report.errors == []
    assert len(_dups(report)) == 1


def test_prose_saying_final_is_no_note(tmp_path):
    # a long sentence that happens to say 最终 does not mark the copy under it as the final one
    report = check_file(_book(tmp_path / "c.xlsx", None, "以上数据经核对后最终确认无误，现报送如下表格"))
    assert [(f.code, f.cell) for f in report.errors] == [("sum-mismatch", "Sheet!C21")]


def test_a_title_merged_over_two_rows_is_one_title(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.cell(1, 1, "三、收到和处理政府信息公开申请情况")
    ws.merge_cells("A1:I2")
    where = write_t2_two_columns(ws, 3)
    ws.cell(max(where.values()) + 2, 1, "四、政府信息公开行政复议、行政诉讼情况")
    ws.merge_cells(
        start_row=max(where.values()) + 2, start_column=1, end_row=max(where.values()) + 3, end_column=15
    )
    write_t3_national(ws, max(where.values()) + 4)
    path = tmp_path / "d.xlsx"
    wb.save(path)
    report = check_file(path)
    assert _dups(report) == []
    assert {t.key for t in report.tables} >= {"requests", "appeals"}
    assert not [f for f in report.errors if f.code not in ("table-not-found",)]


def test_a_blank_hidden_template_on_a_sheet_named_for_the_year_does_not_win(tmp_path):
    # the filled tables on Sheet1 (no year in its name) beat a hidden blank copy on a sheet named 2022年
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    values = t2_values()
    values["new"][0] = 23
    _copy(ws, 1, values)
    old = wb.create_sheet("2022年")
    _copy(old, 1, {})
    old.sheet_state = "hidden"
    path = tmp_path / "某局2022年政府信息公开工作年度报告.xlsx"
    wb.save(path)
    report = check_file(path)
    assert ("sum-mismatch", "Sheet1!C21") in {(f.code, f.cell) for f in report.errors}


def test_a_sheet_named_as_the_final_copy_wins(tmp_path):
    # the clerk copied the sheet and corrected the copy, named 年报（定稿）; the first sheet is the draft
    wb = Workbook()
    ws = wb.active
    ws.title = "年报"
    draft = t2_values()
    draft["new"][0] = 23
    _copy(ws, 1, draft)
    _copy(wb.create_sheet("年报（定稿）"), 1, t2_values())
    path = tmp_path / "f.xlsx"
    wb.save(path)
    report = check_file(path)
    assert report.errors == []
    assert any("已检查 年报（定稿）!" in m for m in _dups(report))
