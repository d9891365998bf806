"""Table 3 from a template that puts each group's 总计 first (总计, 结果维持, 结果纠正, 其他结果, 尚未审结),
with 行政诉讼's groups written 直接起诉 and 复议后起诉, and the numbers as text. Injected: 行政复议·总计 left at
0 (parts 1+1+0+1)."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import T3_VALUES, write_t1_2021, write_t2_two_columns  # noqa: E402

ORDER = [4, 0, 1, 2, 3]  # national index of each printed column within a group
LEAVES = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"] = "二、主动公开政府信息情况"
    r = write_t1_2021(ws, 2) + 1
    ws.cell(r, 1, "三、收到和处理政府信息公开申请情况")
    where = write_t2_two_columns(ws, r + 1)
    top = where["carried_out"] + 2
    ws.cell(top, 1, "四、政府信息公开行政复议、行政诉讼情况")
    top += 1
    ws.cell(top, 1, "行政复议")
    ws.merge_cells(start_row=top, start_column=1, end_row=top + 1, end_column=5)
    ws.cell(top, 6, "行政诉讼")
    ws.merge_cells(start_row=top, start_column=6, end_row=top, end_column=15)
    ws.cell(top + 1, 6, "直接起诉")
    ws.merge_cells(start_row=top + 1, start_column=6, end_row=top + 1, end_column=10)
    ws.cell(top + 1, 11, "复议后起诉")
    ws.merge_cells(start_row=top + 1, start_column=11, end_row=top + 1, end_column=15)
    for g in range(3):
        for i, n in enumerate(ORDER):
            ws.cell(top + 2, 1 + g * 5 + i, LEAVES[n])
            ws.cell(top + 3, 1 + g * 5 + i, "0" if g * 5 + n == 4 else str(T3_VALUES[g * 5 + n]))
    wb.save(path)
