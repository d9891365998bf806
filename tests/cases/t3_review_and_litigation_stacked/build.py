"""Table 3 as two blocks one under the other, as many Word reports print it when the 15 columns do not
fit the page: 行政复议 (five headers, its numbers) above, then 行政诉讼 with 未经复议直接起诉 and
复议后起诉 (ten headers, their numbers) below, a blank row between. The clerk typed 复议后起诉·结果维持
1 but left its 总计 at 0."""

import sys
from pathlib import Path

from openpyxl import load_workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import T3_LEAVES, T3_VALUES, build_standard  # noqa: E402


def build(path: Path) -> None:
    build_standard(path, t3_values=False)
    wb = load_workbook(path)
    ws = wb.active
    top = ws.max_row + 1  # under build_standard's title 四、政府信息公开行政复议、行政诉讼情况
    ws.cell(top, 1, "行政复议")
    ws.merge_cells(start_row=top, start_column=1, end_row=top, end_column=5)
    for i, leaf in enumerate(T3_LEAVES):
        ws.cell(top + 1, 1 + i, leaf)
        ws.cell(top + 2, 1 + i, T3_VALUES[i])
    top += 4
    ws.cell(top, 1, "行政诉讼")
    ws.merge_cells(start_row=top, start_column=1, end_row=top, end_column=10)
    ws.cell(top + 1, 1, "未经复议直接起诉")
    ws.merge_cells(start_row=top + 1, start_column=1, end_row=top + 1, end_column=5)
    ws.cell(top + 1, 6, "复议后起诉")
    ws.merge_cells(start_row=top + 1, start_column=6, end_row=top + 1, end_column=10)
    values = list(T3_VALUES[5:])
    values[9] = 0  # 复议后起诉·总计 left at 0 while 结果维持 is 1
    for i in range(10):
        ws.cell(top + 2, 1 + i, T3_LEAVES[i % 5])
        ws.cell(top + 3, 1 + i, values[i])
    wb.save(path)
