"""Every label of table 2 typed without its numbering (本年新收政府信息公开申请数量, 予以公开, 不予公开 /
属于国家秘密, 其他处理 / 其他, 总计, 结转下年度继续办理): 其他 and 总计 are also column headers. One injected
error: （六）3.其他 · 自然人 typed 2 (should be 0; its row total says 0)."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import (  # noqa: E402
    T2_2021,
    labels_without_numbering,
    t2_values,
    write_t1_2021,
    write_t2_two_columns,
    write_t3_national,
)

FILENAME = "某县水利局2023年政府信息公开工作年度报告.xlsx"


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "年报表格"
    r = write_t1_2021(ws, 1) + 1
    values = t2_values()
    values["other_other"][0] = 2
    where = write_t2_two_columns(ws, r, values=values, rows=labels_without_numbering(T2_2021))
    write_t3_national(ws, max(where.values()) + 2)
    wb.save(path)
