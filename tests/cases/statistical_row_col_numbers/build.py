"""A statistics-office style template: table 2 with a 行次 column (1, 2, …) right of the labels and a 栏次
row (甲 | 乙 | 1 … 7) under its header; table 3 with a 栏次 row (1 … 15) between its headers and its
numbers. Injected: 行政复议·总计 typed 0 with parts 1+1+0+1."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import APPLICANTS, T2_2021, T3_LEAVES, T3_VALUES, t2_values, write_t1_2021  # noqa: E402

FILENAME = "某省统计局2022年政府信息公开工作年度报告.xlsx"


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "年报"
    ws["A1"] = "二、主动公开政府信息情况"
    r = write_t1_2021(ws, 2) + 1
    ws.cell(r, 1, "三、收到和处理政府信息公开申请情况")
    top = r + 1
    ws.cell(top, 1, "项目")
    ws.merge_cells(start_row=top, start_column=1, end_row=top + 2, end_column=1)
    ws.cell(top, 2, "行次")
    ws.merge_cells(start_row=top, start_column=2, end_row=top + 2, end_column=2)
    ws.cell(top, 3, "申请人情况")
    ws.merge_cells(start_row=top, start_column=3, end_row=top, end_column=9)
    ws.cell(top + 1, 3, "自然人")
    ws.merge_cells(start_row=top + 1, start_column=3, end_row=top + 2, end_column=3)
    ws.cell(top + 1, 4, "法人或其他组织")
    ws.merge_cells(start_row=top + 1, start_column=4, end_row=top + 1, end_column=8)
    for i, name in enumerate(APPLICANTS[1:]):
        ws.cell(top + 2, 4 + i, name)
    ws.cell(top + 1, 9, "总计")
    ws.merge_cells(start_row=top + 1, start_column=9, end_row=top + 2, end_column=9)
    ws.cell(top + 3, 1, "甲")
    ws.cell(top + 3, 2, "乙")
    for i in range(7):
        ws.cell(top + 3, 3 + i, i + 1)
    v = t2_values()
    r = top + 4
    n = 1
    for key, group, label in T2_2021:
        ws.cell(r, 1, f"{group}{label}" if group and label.startswith("1.") else label)
        if key != "results":
            ws.cell(r, 2, n)
            n += 1
            for i, x in enumerate(v[key]):
                ws.cell(r, 3 + i, x)
        r += 1
    r += 1
    ws.cell(r, 1, "四、政府信息公开行政复议、行政诉讼情况")
    top = r + 1
    ws.cell(top, 1, "行政复议")
    ws.merge_cells(start_row=top, start_column=1, end_row=top + 1, end_column=5)
    ws.cell(top, 6, "行政诉讼")
    ws.merge_cells(start_row=top, start_column=6, end_row=top, end_column=15)
    ws.cell(top + 1, 6, "未经复议直接起诉")
    ws.merge_cells(start_row=top + 1, start_column=6, end_row=top + 1, end_column=10)
    ws.cell(top + 1, 11, "复议后起诉")
    ws.merge_cells(start_row=top + 1, start_column=11, end_row=top + 1, end_column=15)
    for g in range(3):
        for i, leaf in enumerate(T3_LEAVES):
            ws.cell(top + 2, 1 + g * 5 + i, leaf)
    for i in range(15):
        ws.cell(top + 3, 1 + i, i + 1)  # 栏次
        ws.cell(top + 4, 1 + i, 0 if i == 4 else T3_VALUES[i])
    wb.save(path)
