"""Table 1 (2021) as the Word table converts: one-column blocks keep the four-column width, so
本年处理决定数量 and its numbers are merged across B:D; the fee "59,237.2449" typed with a thousands
separator, 行政处罚 left blank in its merged cell."""

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
        ["本年制发件数", "本年废止件数", "现行有效件数"],
        [("规章", [0, 0, 3]), ("行政规范性文件", [2, 1, 15])],
    )
    for heading, header, rows in [
        ("第二十条第（五）项", "本年处理决定数量", [("行政许可", 126)]),
        ("第二十条第（六）项", "本年处理决定数量", [("行政处罚", None), ("行政强制", 2)]),
        ("第二十条第（八）项", "本年收费金额（单位：万元）", [("行政事业性收费", "59,237.2449")]),
    ]:
        start = r
        r = write_block(ws, r, 1, heading, [header], [(label, [v]) for label, v in rows])
        ws.merge_cells(start_row=start, start_column=1, end_row=start, end_column=4)
        for at in range(start + 1, r):
            ws.merge_cells(start_row=at, start_column=2, end_row=at, end_column=4)
    return r


def build(path: Path) -> None:
    build_standard(path, t1=_t1)
