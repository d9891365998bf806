"""A provincial table 1 (2021): column headers carry units (本年制发件数（件）), the province added rows
(其中：部门规范性文件, 行政确认, 行政奖励, 行政检查) and its own 第二十条第（七）项 block between the
national ones; 行政许可 typed in full-width digits, the fee a decimal."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import build_standard, write_block  # noqa: E402

FILENAME = "某省农业农村厅2022年政府信息公开工作年度报告.xlsx"


def _t1(ws, r: int) -> int:
    r = write_block(
        ws,
        r,
        1,
        "第二十条第（一）项",
        ["本年制发件数（件）", "本年废止件数（件）", "现行有效件数（件）"],
        [("规章", [0, 0, 3]), ("行政规范性文件", [2, 1, 15]), ("其中：部门规范性文件", [1, 1, 9])],
    )
    r = write_block(
        ws,
        r,
        1,
        "第二十条第（五）项",
        ["本年处理决定数量（件）"],
        [("行政许可", ["１２６"]), ("行政确认", [40]), ("行政奖励", [3])],
    )
    r = write_block(
        ws,
        r,
        1,
        "第二十条第（六）项",
        ["本年处理决定数量（件）"],
        [("行政处罚", [35]), ("行政强制", [2]), ("行政检查", [410])],
    )
    r = write_block(ws, r, 1, "第二十条第（七）项", ["本年处理决定数量（件）"], [("行政征收", [7])])
    return write_block(
        ws, r, 1, "第二十条第（八）项", ["本年收费金额（万元）"], [("行政事业性收费", [16220.85])]
    )


def build(path: Path) -> None:
    build_standard(path, t1=_t1)
