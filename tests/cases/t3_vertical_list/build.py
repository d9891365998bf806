"""Table 3 turned into a vertical list to fit a portrait page: group labels merged down column A
(行政复议; 行政诉讼 over 未经复议直接起诉 and 复议后起诉 in column B), the five results in column C and the
number in column D under a 数量（件） header. Tables 1 and 2 as usual on the same sheet. 行政复议·总计 left
blank (its parts 1+1+0+1)."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import T3_LEAVES, T3_VALUES, write_t1_2021, write_t2_two_columns  # noqa: E402


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"] = "二、主动公开政府信息情况"
    r = write_t1_2021(ws, 2) + 1
    ws.cell(r, 1, "三、收到和处理政府信息公开申请情况")
    where = write_t2_two_columns(ws, r + 1)
    r = where["carried_out"] + 2
    ws.cell(r, 1, "四、政府信息公开行政复议、行政诉讼情况")
    top = r + 1
    ws.cell(top, 1, "项目")
    ws.merge_cells(start_row=top, start_column=1, end_row=top, end_column=3)
    ws.cell(top, 4, "数量（件）")
    r = top + 1
    ws.cell(r, 1, "行政复议")
    ws.merge_cells(start_row=r, start_column=1, end_row=r + 4, end_column=2)
    ws.cell(r + 5, 1, "行政诉讼")
    ws.merge_cells(start_row=r + 5, start_column=1, end_row=r + 14, end_column=1)
    ws.cell(r + 5, 2, "未经复议直接起诉")
    ws.merge_cells(start_row=r + 5, start_column=2, end_row=r + 9, end_column=2)
    ws.cell(r + 10, 2, "复议后起诉")
    ws.merge_cells(start_row=r + 10, start_column=2, end_row=r + 14, end_column=2)
    values = [None if i == 4 else v for i, v in enumerate(T3_VALUES)]
    for i, v in enumerate(values):
        ws.cell(r + i, 3, T3_LEAVES[i % 5])
        ws.cell(r + i, 4, v)
    wb.save(path)
