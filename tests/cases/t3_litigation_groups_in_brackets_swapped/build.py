"""Table 3 with two header rows: the litigation groups printed as 行政诉讼（复议后起诉） and
行政诉讼（未经复议直接起诉）, 复议后起诉 first; every number typed as text; the clerk typed
复议后起诉·总计 "2" while its parts add up to 1."""

import sys
from pathlib import Path

from openpyxl import load_workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import T3_LEAVES, build_standard  # noqa: E402

REVIEW = ["1", "1", "0", "1", "3"]
AFTER = ["1", "0", "0", "0", "2"]
DIRECT = ["0", "1", "0", "0", "1"]


def build(path: Path) -> None:
    build_standard(path, t3_values=False)
    wb = load_workbook(path)
    ws = wb.active
    top = ws.max_row + 2
    ws.cell(top, 1, "四、政府信息公开行政复议、行政诉讼情况")
    top += 1
    for n, (group, values) in enumerate(
        [("行政复议", REVIEW), ("行政诉讼（复议后起诉）", AFTER), ("行政诉讼（未经复议直接起诉）", DIRECT)]
    ):
        left = 1 + 5 * n
        ws.cell(top, left, group)
        ws.merge_cells(start_row=top, start_column=left, end_row=top, end_column=left + 4)
        for i, (leaf, v) in enumerate(zip(T3_LEAVES, values, strict=True)):
            ws.cell(top + 1, left + i, leaf)
            ws.cell(top + 2, left + i, v)
    wb.save(path)
