"""Table 1 (2021) compacted: each block's heading stands in the 信息内容 cell of its header row
(第二十条第（五）项 | 本年处理决定数量). An agency without licensing power left 行政许可 blank and wrote
"/" for the fee; 规章·本年制发件数 typed 1.5, 行政处罚 typed -2."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import build_standard, write_block  # noqa: E402

FILENAME = "某区统计局2023年政府信息公开工作年度报告.xlsx"


def _t1(ws, r: int) -> int:
    r = write_block(
        ws,
        r,
        1,
        None,
        ["本年制发件数", "本年废止件数", "现行有效件数"],
        [("规章", [1.5, 0, 3]), ("行政规范性文件", [2, 1, 15])],
        info="第二十条第（一）项",
    )
    r = write_block(ws, r, 1, None, ["本年处理决定数量"], [("行政许可", [None])], info="第二十条第（五）项")
    r = write_block(
        ws,
        r,
        1,
        None,
        ["本年处理决定数量"],
        [("行政处罚", [-2]), ("行政强制", [0])],
        info="第二十条第（六）项",
    )
    return write_block(
        ws, r, 1, None, ["本年收费金额（单位：万元）"], [("行政事业性收费", ["/"])], info="第二十条第（八）项"
    )


def build(path: Path) -> None:
    build_standard(path, t1=_t1)
