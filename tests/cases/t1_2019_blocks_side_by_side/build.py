"""2019 report, 2019 form: table 1's blocks two by two side by side ((一)|(五) over (六)|(八)), (九)
below; 采购总金额（元） typed "12.5万元", 本年增/减 typed as text "-3", 行政强制·上一年项目数量 "约5"."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import build_standard, write_block  # noqa: E402

FILENAME = "某镇人民政府2019年政府信息公开工作年度报告.xlsx"
THREE = ["上一年项目数量", "本年增/减", "处理决定数量"]


def _t1(ws, r: int) -> int:
    write_block(
        ws,
        r,
        1,
        "第二十条第（一）项",
        ["本年新制作数量", "本年新公开数量", "对外公开总数量"],
        [("规章", [0, 0, 3]), ("规范性文件", [2, 2, 15])],
    )
    r = write_block(
        ws,
        r,
        6,
        "第二十条第（五）项",
        THREE,
        [("行政许可", [40, "-3", 120]), ("其他对外管理服务事项", [5, 0, 8])],
    )
    below = write_block(
        ws, r, 1, "第二十条第（六）项", THREE, [("行政处罚", [12, 1, 35]), ("行政强制", ["约5", 0, 2])]
    )
    write_block(ws, r, 6, "第二十条第（八）项", THREE[:2], [("行政事业性收费", [2, -1])])
    return write_block(
        ws,
        below,
        1,
        "第二十条第（九）项",
        ["采购项目数量", "采购总金额（元）"],
        [("政府集中采购", [6, "12.5万元"])],
    )


def build(path: Path) -> None:
    build_standard(path, version="2019", t1=_t1)
