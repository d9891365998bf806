"""Table 3 with every leaf header in one row: 行政复议 merged down two rows over its five leaves, the
litigation groups above their leaves; 合计 instead of 总计; a 单位：件 line above it and the numbers as text."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import T3_LEAVES, T3_VALUES, build_standard  # noqa: E402
from openpyxl import load_workbook  # noqa: E402


def build(path: Path) -> None:
    build_standard(path, t3_values=False)
    wb = load_workbook(path)
    ws = wb.active
    top = ws.max_row + 2
    ws.cell(top, 1, "四、政府信息公开行政复议、行政诉讼情况")
    ws.cell(top + 1, 15, "单位：件")
    t = top + 2
    ws.cell(t, 1, "行政复议")
    ws.merge_cells(start_row=t, start_column=1, end_row=t + 1, end_column=5)
    ws.cell(t, 6, "行政诉讼")
    ws.merge_cells(start_row=t, start_column=6, end_row=t, end_column=15)
    ws.cell(t + 1, 6, "未经复议直接起诉")
    ws.merge_cells(start_row=t + 1, start_column=6, end_row=t + 1, end_column=10)
    ws.cell(t + 1, 11, "复议后起诉")
    ws.merge_cells(start_row=t + 1, start_column=11, end_row=t + 1, end_column=15)
    for g in range(3):
        for i, leaf in enumerate(T3_LEAVES):
            ws.cell(t + 2, 1 + 5 * g + i, "合计" if leaf == "总计" else leaf)
    for i, v in enumerate(T3_VALUES):
        ws.cell(t + 3, 1 + i, str(v))
    wb.save(path)
