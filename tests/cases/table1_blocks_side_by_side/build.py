"""Table 1 blocks laid out two by two side by side (（一）|（五） over （六）|（八）), as some city
templates print them to save a page."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import build_standard  # noqa: E402
from openpyxl import load_workbook  # noqa: E402


def _block(ws, r, c, heading, headers, rows):
    ws.cell(r, c, heading)
    ws.cell(r + 1, c, "信息内容")
    for i, h in enumerate(headers):
        ws.cell(r + 1, c + 1 + i, h)
    for n, (label, nums) in enumerate(rows):
        ws.cell(r + 2 + n, c, label)
        for i, x in enumerate(nums):
            ws.cell(r + 2 + n, c + 1 + i, x)


def build(path: Path) -> None:
    build_standard(path, t1=lambda ws, r: r + 9)
    wb = load_workbook(path)
    ws = wb.active
    _block(
        ws,
        2,
        1,
        "第二十条第（一）项",
        ["本年制发件数", "本年废止件数", "现行有效件数"],
        [("规章", [0, 0, 3]), ("行政规范性文件", [2, 1, 15])],
    )
    _block(ws, 2, 6, "第二十条第（五）项", ["本年处理决定数量"], [("行政许可", [126])])
    _block(ws, 6, 1, "第二十条第（六）项", ["本年处理决定数量"], [("行政处罚", [35]), ("行政强制", [2])])
    _block(ws, 6, 6, "第二十条第（八）项", ["本年收费金额（单位：万元）"], [("行政事业性收费", [1.5])])
    wb.save(path)
