"""Table 2 with its 总计 column FIRST (left of 自然人), as some city templates print it, counts typed
with the unit 件 in the 一、本年新收 row ("24件"), blank spacer column between the labels and the numbers,
and a blank row after every group like the seed's PDF."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import APPLICANTS, T2_2021, t2_values, write_t1_2021, write_t3_national  # noqa: E402

FILENAME = "某市统计局2021年政府信息公开工作年度报告.xlsx"


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "表格"
    ws["A1"] = "二、主动公开政府信息情况"
    r = write_t1_2021(ws, 2) + 1
    ws.cell(r, 1, "三、收到和处理政府信息公开申请情况")
    top = r + 1
    first = 4  # column C is an empty spacer
    ws.cell(top, 1, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
    ws.merge_cells(start_row=top, start_column=1, end_row=top + 2, end_column=2)
    ws.cell(top, first, "申请人情况")
    ws.merge_cells(start_row=top, start_column=first, end_row=top, end_column=first + 6)
    ws.cell(top + 1, first, "总计")
    ws.merge_cells(start_row=top + 1, start_column=first, end_row=top + 2, end_column=first)
    ws.cell(top + 1, first + 1, APPLICANTS[0])
    ws.merge_cells(start_row=top + 1, start_column=first + 1, end_row=top + 2, end_column=first + 1)
    ws.cell(top + 1, first + 2, "法人或其他组织")
    ws.merge_cells(start_row=top + 1, start_column=first + 2, end_row=top + 1, end_column=first + 6)
    for i, name in enumerate(APPLICANTS[1:]):
        ws.cell(top + 2, first + 2 + i, name)
    values = t2_values()
    r = top + 3
    prev_group = None
    for key, group, label in T2_2021:
        if key == "results":
            continue
        if prev_group and group != prev_group:
            r += 1  # blank row after a group
        prev_group = group
        if group and label.startswith("1."):
            ws.cell(r, 1, group)
        ws.cell(r, 2 if group else 1, label)
        *parts, total = values[key]
        ws.cell(r, first, total)
        for i, v in enumerate(parts):
            ws.cell(r, first + 1 + i, f"{v}件" if key == "new" else v)
        r += 1
    ws.cell(r + 1, 1, "四、政府信息公开行政复议、行政诉讼情况")
    write_t3_national(ws, r + 2)
    wb.save(path)
