"""Last year's tables kept on the sheet with their rows hidden, this year's pasted below them (the clerk
hides the old figures rather than deleting them). Last year's 一、本年新收 does not balance; this year's
tables are consistent. The visible copy is the report: the hidden one only earns a duplicate-table note."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import t2_values, write_t1_2021, write_t2_two_columns, write_t3_national  # noqa: E402

FILENAME = "某县统计局2022年政府信息公开工作年度报告.xlsx"


def _tables(ws, r: int, values, t3) -> int:
    ws.cell(r, 1, "二、主动公开政府信息情况")
    r = write_t1_2021(ws, r + 1) + 1
    ws.cell(r, 1, "三、收到和处理政府信息公开申请情况")
    where = write_t2_two_columns(ws, r + 1, values=values)
    r = max(where.values()) + 2
    ws.cell(r, 1, "四、政府信息公开行政复议、行政诉讼情况")
    return write_t3_national(ws, r + 1, values=t3) + 1


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "年报"
    stale = t2_values()
    stale["new"] = [9, 9, 0, 0, 0, 0, 18]
    end = _tables(ws, 1, stale, [0] * 15)
    for r in range(1, end + 1):
        ws.row_dimensions[r].hidden = True
    _tables(ws, end + 2, t2_values(), None)
    wb.save(path)
