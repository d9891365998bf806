"""2020 report, 2019 form, table 3 as a PDF converter leaves it: no merged cells, every group label
repeated over each column it covers; the clerk left every 总计 at 0 (FORM.md's known error) while
行政复议 and 未经复议直接起诉 have cases."""

import sys
from pathlib import Path

from openpyxl import load_workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import T3_LEAVES, build_standard  # noqa: E402

FILENAME = "某区人力资源和社会保障局2020年政府信息公开工作年度报告.xlsx"
VALUES = [1, 1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]


def build(path: Path) -> None:
    build_standard(path, version="2019", t3_values=False)
    wb = load_workbook(path)
    ws = wb.active
    top = ws.max_row + 2
    ws.cell(top, 1, "四、政府信息公开行政复议、行政诉讼情况")
    top += 1
    for c in range(1, 16):
        ws.cell(top, c, "行政复议" if c <= 5 else "行政诉讼")
        if c <= 5:
            ws.cell(top + 1, c, "行政复议")
            ws.cell(top + 2, c, T3_LEAVES[c - 1])
        else:
            ws.cell(top + 1, c, "未经复议直接起诉" if c <= 10 else "复议后起诉")
            ws.cell(top + 2, c, T3_LEAVES[(c - 6) % 5])
        ws.cell(top + 3, c, VALUES[c - 1])
    wb.save(path)
