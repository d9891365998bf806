"""One sheet per table (表一/表二/表三), no section titles, a hidden sheet with an old blank copy of
table 2, and one swapped-digit typo: 一、本年新收 · 自然人 typed 42 instead of 24."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import t2_values, write_t1_2021, write_t2_two_columns, write_t3_national  # noqa: E402

FILENAME = "某县卫生健康委员会2021年度政府信息公开工作年度报告.xlsx"


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "表一"
    write_t1_2021(ws, 1)
    old = wb.create_sheet("原表")
    write_t2_two_columns(old, 1, values={})  # last year's blank template, hidden but not deleted
    old.sheet_state = "hidden"
    t2 = wb.create_sheet("表二")
    values = t2_values()
    values["new"][0] = 42
    write_t2_two_columns(t2, 1, values=values)
    t3 = wb.create_sheet("表三")
    write_t3_national(t3, 1)
    wb.save(path)
