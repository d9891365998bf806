"""A PDF-to-Excel conversion whose grid is finer than the table's: every applicant header is merged over
two sheet columns (自然人 C:D, 商业企业 E:F, … 总计 O:P) and the numbers below sit in the RIGHT column of
each pair (D, F, … P), the left one empty, as the converter placed the right-aligned digits. Table 3 the
same way (each header over two columns, numbers in the right one). Injected: （四）1.不掌握 · 其他 typed 2 for 1."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import APPLICANTS, T2_2021, T3_LEAVES, T3_VALUES, t2_values, write_t1_2021  # noqa: E402

FILENAME = "某区城市管理局2022年政府信息公开工作年度报告.xlsx"


def _pair(ws, r: int, c: int, text: str, rows: int = 1) -> None:
    ws.cell(r, c, text)
    ws.merge_cells(start_row=r, start_column=c, end_row=r + rows - 1, end_column=c + 1)


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Table 1"
    ws["A1"] = "二、主动公开政府信息情况"
    r = write_t1_2021(ws, 2) + 1
    ws.cell(r, 1, "三、收到和处理政府信息公开申请情况")
    top = r + 1
    ws.cell(top, 1, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
    ws.merge_cells(start_row=top, start_column=1, end_row=top + 2, end_column=2)
    ws.cell(top, 3, "申请人情况")
    ws.merge_cells(start_row=top, start_column=3, end_row=top, end_column=16)
    _pair(ws, top + 1, 3, APPLICANTS[0], rows=2)
    ws.cell(top + 1, 5, "法人或其他组织")
    ws.merge_cells(start_row=top + 1, start_column=5, end_row=top + 1, end_column=14)
    for i, name in enumerate(APPLICANTS[1:]):
        _pair(ws, top + 2, 5 + 2 * i, name)
    _pair(ws, top + 1, 15, "总计", rows=2)
    values = t2_values()
    values["unable_not_held"][5] = 2
    r = top + 3
    spans: dict[str, list[int]] = {}
    for key, group, label in T2_2021:
        if key == "results":
            ws.cell(r, 1, label)
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=2)
            r += 1
            continue
        if group:
            spans.setdefault(group, []).append(r)
            ws.cell(r, 2, label)
        else:
            ws.cell(r, 1, label)
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=2)
        for i, v in enumerate(values[key]):
            ws.cell(r, 4 + 2 * i, v)
        r += 1
    for group, rows in spans.items():
        ws.cell(rows[0], 1, group)
        ws.merge_cells(start_row=rows[0], start_column=1, end_row=rows[-1], end_column=1)
    r += 1
    ws.cell(r, 1, "四、政府信息公开行政复议、行政诉讼情况")
    top = r + 1
    _pair(ws, top, 1, "行政复议")
    ws.merge_cells(start_row=top, start_column=1, end_row=top, end_column=10)
    ws.cell(top, 11, "行政诉讼")
    ws.merge_cells(start_row=top, start_column=11, end_row=top, end_column=30)
    ws.cell(top + 1, 11, "未经复议直接起诉")
    ws.merge_cells(start_row=top + 1, start_column=11, end_row=top + 1, end_column=20)
    ws.cell(top + 1, 21, "复议后起诉")
    ws.merge_cells(start_row=top + 1, start_column=21, end_row=top + 1, end_column=30)
    for i in range(5):
        _pair(ws, top + 1, 1 + 2 * i, T3_LEAVES[i], rows=2)
    for i in range(10):
        _pair(ws, top + 2, 11 + 2 * i, T3_LEAVES[i % 5])
    for i, v in enumerate(T3_VALUES):
        ws.cell(top + 3, 2 + 2 * i, v)
    wb.save(path)
