"""Table 3 with three header rows as a city template draws it: 行政复议 merged over two header rows
(its leaves on the third), 行政诉讼 over 未经复议直接起诉 / 复议后起诉 and an agency-added 合计 column
for all of 行政诉讼 (merged down two rows) at the right end; a 项目 corner merged down the three header
rows and 数量（件） on the data row. 未经复议直接起诉·尚未审结 typed '—' (its group's 总计 1 = 0+1+0+?)."""

import sys
from pathlib import Path

from openpyxl import load_workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import T3_LEAVES, T3_VALUES, build_standard  # noqa: E402


def build(path: Path) -> None:
    build_standard(path, t3_values=False)
    wb = load_workbook(path)
    ws = wb.active
    top = ws.max_row + 1
    ws.cell(top, 1, "项目")
    ws.merge_cells(start_row=top, start_column=1, end_row=top + 2, end_column=1)
    ws.cell(top, 2, "行政复议")
    ws.merge_cells(start_row=top, start_column=2, end_row=top + 1, end_column=6)
    ws.cell(top, 7, "行政诉讼")
    ws.merge_cells(start_row=top, start_column=7, end_row=top, end_column=17)
    ws.cell(top + 1, 7, "未经复议直接起诉")
    ws.merge_cells(start_row=top + 1, start_column=7, end_row=top + 1, end_column=11)
    ws.cell(top + 1, 12, "复议后起诉")
    ws.merge_cells(start_row=top + 1, start_column=12, end_row=top + 1, end_column=16)
    ws.cell(top + 1, 17, "合计")
    ws.merge_cells(start_row=top + 1, start_column=17, end_row=top + 2, end_column=17)
    for i in range(15):
        ws.cell(top + 2, 2 + i, T3_LEAVES[i % 5])
    ws.cell(top + 3, 1, "数量（件）")
    values: list = list(T3_VALUES)
    values[8] = "—"
    for i, v in enumerate(values):
        ws.cell(top + 3, 2 + i, v)
    ws.cell(top + 3, 17, T3_VALUES[9] + T3_VALUES[14])
    wb.save(path)
