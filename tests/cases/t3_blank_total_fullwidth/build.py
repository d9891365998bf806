"""Table 3 typed in full-width digits (a Chinese input method left in full-width mode), 行政复议·总计
left blank, and the whole 复议后起诉 group left blank by an agency that had no such case."""

import sys
from pathlib import Path

from openpyxl import load_workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import build_standard, write_t3_national  # noqa: E402

VALUES = ["１", "１", "０", "１", None, "０", "１", "０", "０", "１", None, None, None, None, None]


def build(path: Path) -> None:
    build_standard(path, t3_values=False)
    wb = load_workbook(path)
    ws = wb.active
    top = ws.max_row + 2
    ws.cell(top, 1, "四、政府信息公开行政复议、行政诉讼情况")
    write_t3_national(ws, top + 1, values=VALUES)
    wb.save(path)
