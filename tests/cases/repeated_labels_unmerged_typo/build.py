"""Three label columns with nothing merged: 三、本年度办理结果 repeated on every result row in column A and
each group label repeated on every item row in column B (what "unmerge and fill" in WPS leaves); one
swapped-digit typo: （一）予以公开 · 总计 typed 51 instead of 15."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import t2_values, write_t1_2021, write_t2_national, write_t3_national  # noqa: E402

FILENAME = "某区城市管理局_2022年政府信息公开年报.xlsx"


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "WpsSheet1"
    r = write_t1_2021(ws, 1) + 1
    values = t2_values()
    values["granted"][6] = 51
    where = write_t2_national(ws, r, values=values, merge=False, repeat=True)
    write_t3_national(ws, where["carried_out"] + 2, merge=False)
    wb.save(path)
