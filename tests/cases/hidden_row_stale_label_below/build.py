"""A hidden row right under 一、本年新收 repeats its label with last year's figures (the clerk inserted the
new row above the old one and hid the old): the visible row is this year's, the hidden one is ignored.
Which of two rows with one label is taken used to depend on which sits next to the following row."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import T2_2021, t2_values, write_t1_2021, write_t2_two_columns, write_t3_national  # noqa: E402


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "年报"
    ws.cell(1, 1, "二、主动公开政府信息情况")
    r = write_t1_2021(ws, 2) + 1
    ws.cell(r, 1, "三、收到和处理政府信息公开申请情况")
    rows = list(T2_2021)
    rows.insert(1, ("stale_new", None, "一、本年新收政府信息公开申请数量"))
    values = t2_values()
    values["stale_new"] = [20, 3, 0, 0, 1, 0, 24]
    where = write_t2_two_columns(ws, r + 1, values=values, rows=rows)
    ws.row_dimensions[where["stale_new"]].hidden = True
    r = max(where.values()) + 2
    ws.cell(r, 1, "四、政府信息公开行政复议、行政诉讼情况")
    write_t3_national(ws, r + 1)
    wb.save(path)
