"""Table 1 (2021) drawn as ONE grid with a single shared header row (信息内容 | 本年制发件数 | 本年废止件数 |
现行有效件数 | 本年处理决定数量 | 本年收费金额（万元）) and the block headings 第二十条第（一）项 … merged
down a first column beside their rows; cells that do not apply hold '/'. 行政许可 typed '126件', the fee
16220.85, 行政强制 left blank. Tables 2 and 3 as usual below."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import write_t2_two_columns, write_t3_national  # noqa: E402

HEADERS = [
    "项目",
    "信息内容",
    "本年制发件数",
    "本年废止件数",
    "现行有效件数",
    "本年处理决定数量",
    "本年收费金额（万元）",
]
ROWS = [
    ("第二十条第（一）项", "规章", [0, 0, 3, "/", "/"]),
    (None, "行政规范性文件", [2, 1, 15, "/", "/"]),
    ("第二十条第（五）项", "行政许可", ["/", "/", "/", "126件", "/"]),
    ("第二十条第（六）项", "行政处罚", ["/", "/", "/", 35, "/"]),
    (None, "行政强制", ["/", "/", "/", None, "/"]),
    ("第二十条第（八）项", "行政事业性收费", ["/", "/", "/", "/", 16220.85]),
]


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.cell(1, 1, "二、主动公开政府信息情况")
    for i, h in enumerate(HEADERS):
        ws.cell(2, 1 + i, h)
    r = 3
    start = None
    for heading, label, values in ROWS:
        if heading:
            if start is not None and r - 1 > start:
                ws.merge_cells(start_row=start, start_column=1, end_row=r - 1, end_column=1)
            ws.cell(r, 1, heading)
            start = r
        ws.cell(r, 2, label)
        for i, v in enumerate(values):
            if v is not None:
                ws.cell(r, 3 + i, v)
        r += 1
    ws.merge_cells(start_row=start, start_column=1, end_row=r - 1, end_column=1)
    ws.cell(r + 1, 1, "三、收到和处理政府信息公开申请情况")
    where = write_t2_two_columns(ws, r + 2)
    r = max(where.values()) + 2
    ws.cell(r, 1, "四、政府信息公开行政复议、行政诉讼情况")
    write_t3_national(ws, r + 1)
    wb.save(path)
