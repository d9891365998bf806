"""Table 3 turned on its side, as some local templates draw it to fit a portrait page: the five result
headers (结果维持 … 总计) once across the top, one row per group below (行政复议; 行政诉讼 merged down over
未经复议直接起诉 and 复议后起诉). All numbers consistent."""

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
    ws.merge_cells(start_row=top, start_column=1, end_row=top, end_column=2)
    for i, leaf in enumerate(T3_LEAVES):
        ws.cell(top, 3 + i, leaf)
    ws.cell(top + 1, 1, "行政复议")
    ws.merge_cells(start_row=top + 1, start_column=1, end_row=top + 1, end_column=2)
    ws.cell(top + 2, 1, "行政诉讼")
    ws.merge_cells(start_row=top + 2, start_column=1, end_row=top + 3, end_column=1)
    ws.cell(top + 2, 2, "未经复议直接起诉")
    ws.cell(top + 3, 2, "复议后起诉")
    for g in range(3):
        for i in range(5):
            ws.cell(top + 1 + g, 3 + i, T3_VALUES[5 * g + i])
    wb.save(path)
