"""Headers merged over two sheet columns (a PDF conversion's finer grid): the numbers may sit in either."""

import io
import sys
from pathlib import Path

from openpyxl import Workbook, load_workbook
from rich.console import Console

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "cases"))
from _common import T3_LEAVES, build_standard  # noqa: E402

from govreport.check.run import check_file  # noqa: E402
from govreport.render.terminal import print_report  # noqa: E402


def _t3(path: Path, numbers_right: bool, values=(1, 1, 0, 1, 3)) -> Path:
    """Only table 3's 行政复议 group, each header over two columns."""
    wb = Workbook()
    ws = wb.active
    ws.cell(1, 1, "行政复议")
    ws.merge_cells("A1:J1")
    for i, leaf in enumerate(T3_LEAVES):
        ws.cell(2, 1 + 2 * i, leaf)
        ws.merge_cells(start_row=2, start_column=1 + 2 * i, end_row=2, end_column=2 + 2 * i)
        ws.cell(3, 1 + 2 * i + numbers_right, values[i])
    wb.save(path)
    return path


def _cells(report) -> dict[str, object]:
    return {str(i.ref): i.number for t in report.tables if t.key == "appeals" for i in t.cells.values()}


def test_numbers_in_the_right_column_of_each_pair_are_read():
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        cells = _cells(check_file(_t3(Path(d) / "a.xlsx", numbers_right=True)))
    assert {k: v for k, v in cells.items() if v is not None} == {
        "Sheet!B3": 1,
        "Sheet!D3": 1,
        "Sheet!F3": 0,
        "Sheet!H3": 1,
        "Sheet!J3": 3,
    }


def test_numbers_under_the_top_left_cell_stay_there(tmp_path):
    cells = _cells(check_file(_t3(tmp_path / "b.xlsx", numbers_right=False)))
    assert {k: v for k, v in cells.items() if v is not None} == {
        "Sheet!A3": 1,
        "Sheet!C3": 1,
        "Sheet!E3": 0,
        "Sheet!G3": 1,
        "Sheet!I3": 3,
    }


def test_a_blank_total_column_does_not_move_to_a_note_column(tmp_path):
    # the 总计 column left blank and a 备注 column right of it under a header merged over both: text is no
    # number, so 总计 stays where its header starts (and its blanks are determined by the row totals)
    path = tmp_path / "c.xlsx"
    where = build_standard(path)
    wb = load_workbook(path)
    ws = wb.active
    first = min(r for k, r in where.items() if not k.startswith("_"))
    top = first - 3
    ws.unmerge_cells(start_row=top + 1, start_column=9, end_row=top + 2, end_column=9)
    ws.merge_cells(start_row=top + 1, start_column=9, end_row=top + 2, end_column=10)
    for key, r in where.items():
        if not key.startswith("_"):
            ws.cell(r, 9).value = None
            ws.cell(r, 10, "含来信")
    wb.save(path)
    report = check_file(path)
    requests = next(t for t in report.tables if t.key == "requests")
    assert requests.located.columns["total"] == 8
    assert not report.errors or {f.code for f in report.errors} <= {"table-not-found"}


def test_a_table_3_blank_line_names_the_table(tmp_path):
    path = _t3(tmp_path / "d.xlsx", numbers_right=False, values=(None,) * 5)
    out = io.StringIO()
    print_report(check_file(path), Console(file=out, width=200, color_system=None), show_tables=False)
    assert "（复议诉讼）共 5 格为空" in out.getvalue() and "（）" not in out.getvalue()
