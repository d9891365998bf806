"""Table 1 (2021) whose fee header says only 本年收费金额: the unit is a note "单位：万元" at the right end
of the block's heading row, as city templates print it; the clerk typed the fee in 元 with its unit.
The block headings are merged across the block, the note sits in the last column."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import build_standard, write_block  # noqa: E402

FILENAME = "某市生态环境局2022年政府信息公开工作年度报告.xlsx"


def _t1(ws, r: int) -> int:
    r = write_block(
        ws,
        r,
        1,
        "第二十条第（一）项",
        ["本年制发件数", "本年废止件数", "现行有效件数"],
        [("规章", [0, 0, 3]), ("行政规范性文件", [2, 1, 15])],
    )
    r = write_block(ws, r, 1, "第二十条第（五）项", ["本年处理决定数量"], [("行政许可", [126])])
    r = write_block(
        ws, r, 1, "第二十条第（六）项", ["本年处理决定数量"], [("行政处罚", [35]), ("行政强制", [2])]
    )
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=3)
    ws.cell(r, 4, "单位：万元")
    return write_block(ws, r, 1, "第二十条第（八）项", ["本年收费金额"], [("行政事业性收费", ["12000元"])])


def build(path: Path) -> None:
    build_standard(path, t1=_t1)
