"""Table 1 with last year's figures kept on hidden rows under the same labels: a hidden 行政规范性文件
(1, 0, 14) right above this year's row, and a hidden 行政处罚 (40) right under this year's. The visible
rows are read, and a hidden row is no part of a split row (its figures are not to be added)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import build_standard, write_block  # noqa: E402


def _t1(ws, r: int) -> int:
    head = ["本年制发件数", "本年废止件数", "现行有效件数"]
    rows = [("规章", [0, 0, 3]), ("行政规范性文件", [1, 0, 14]), ("行政规范性文件", [2, 1, 15])]
    r = write_block(ws, r, 1, "第二十条第（一）项", head, rows)
    ws.row_dimensions[r - 2].hidden = True
    r = write_block(ws, r, 1, "第二十条第（五）项", ["本年处理决定数量"], [("行政许可", [126])])
    rows = [("行政处罚", [35]), ("行政处罚", [40]), ("行政强制", [2])]
    r = write_block(ws, r, 1, "第二十条第（六）项", ["本年处理决定数量"], rows)
    ws.row_dimensions[r - 2].hidden = True
    return write_block(
        ws, r, 1, "第二十条第（八）项", ["本年收费金额（单位：万元）"], [("行政事业性收费", [0])]
    )


def build(path: Path) -> None:
    build_standard(path, t1=_t1)
