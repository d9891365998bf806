"""Table 1 (2021) whose headers wrap their unit onto a second line without brackets, as typed with
Alt+Enter: "本年收费金额\n单位：万元", "本年制发件数\n（件）"; the fee typed in 元 as "¥16,220"."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import build_standard, write_block  # noqa: E402


def _t1(ws, r: int) -> int:
    r = write_block(
        ws,
        r,
        1,
        "第二十条第（一）项",
        ["本年制发件数\n（件）", "本年废止件数\n（件）", "现行有效件数\n（件）"],
        [("规章", [0, 0, 3]), ("行政规范性文件", [2, 1, 15])],
    )
    r = write_block(ws, r, 1, "第二十条第（五）项", ["本年处理决定数量"], [("行政许可", [126])])
    r = write_block(
        ws, r, 1, "第二十条第（六）项", ["本年处理决定数量"], [("行政处罚", [35]), ("行政强制", [2])]
    )
    return write_block(
        ws, r, 1, "第二十条第（八）项", ["本年收费金额\n单位：万元"], [("行政事业性收费", ["¥16,220"])]
    )


def build(path: Path) -> None:
    build_standard(path, t1=_t1)
