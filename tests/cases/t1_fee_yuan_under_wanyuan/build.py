"""Table 1 (2021) as clerks fill it: the fee typed in 元 with its unit ("5479659元") under the printed
本年收费金额（单位：万元）, 行政处罚 typed "35件", 行政强制 a dash, 规章·现行有效件数 left blank."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import build_standard, write_block  # noqa: E402

FILENAME = "某县市场监督管理局2021年政府信息公开工作年度报告.xlsx"


def _t1(ws, r: int) -> int:
    r = write_block(
        ws,
        r,
        1,
        "第二十条第（一）项",
        ["本年制发件数", "本年废止件数", "现行有效件数"],
        [("规章", [0, 0, None]), ("行政规范性文件", [2, 1, 15])],
    )
    r = write_block(ws, r, 1, "第二十条第（五）项", ["本年处理决定数量"], [("行政许可", [126])])
    r = write_block(
        ws, r, 1, "第二十条第（六）项", ["本年处理决定数量"], [("行政处罚", ["35件"]), ("行政强制", ["—"])]
    )
    return write_block(
        ws, r, 1, "第二十条第（八）项", ["本年收费金额（单位：万元）"], [("行政事业性收费", ["5479659元"])]
    )


def build(path: Path) -> None:
    build_standard(path, t1=_t1)
