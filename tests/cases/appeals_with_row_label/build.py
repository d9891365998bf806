"""Provincial template: table 3 with a 项目 corner cell left of the headers and a 件数 label on the
data row (the numbers start in column B); the review 总计 is mistyped 4 (parts 1+1+0+1)."""

import sys
from pathlib import Path

from openpyxl import load_workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import T3_VALUES, build_standard, write_t3_national  # noqa: E402


def build(path: Path) -> None:
    build_standard(path, t3_values=False)
    wb = load_workbook(path)
    ws = wb.active
    top = ws.max_row + 2
    ws.cell(top, 1, "四、政府信息公开行政复议、行政诉讼情况")
    values = list(T3_VALUES)
    values[4] = 4
    data = write_t3_national(ws, top + 1, left=2, values=values)
    ws.cell(top + 1, 1, "项目")
    ws.merge_cells(start_row=top + 1, start_column=1, end_row=top + 3, end_column=1)
    ws.cell(data, 1, "件数")
    wb.save(path)
