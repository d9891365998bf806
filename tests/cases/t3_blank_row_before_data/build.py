"""Table 3 whose data row is separated from the three header rows by an empty row (a page template
left a spacer), with a 数量 label in front of the numbers (which start in column B); the clerk typed
未经复议直接起诉·总计 2 while its four parts add up to 1."""

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
    values[9] = 2
    data = write_t3_national(ws, top + 1, left=2, values=[None] * 15)
    for i, v in enumerate(values):
        ws.cell(data + 1, 2 + i, v)
    ws.cell(data + 1, 1, "数量")
    wb.save(path)
