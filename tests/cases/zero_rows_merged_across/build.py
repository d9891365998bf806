"""Rows with no requests merged across all seven number cells with one entry: （三）3 and （三）7 hold a
single 0 over C:I, （五）3 and （五）5 a single '无' over C:I (a Word table converted, or a clerk saving
typing). The other numbers are consistent."""

import sys
from pathlib import Path

from openpyxl import load_workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import build_standard, t2_values  # noqa: E402

FILENAME = "某街道办事处2022年政府信息公开工作年度报告.xlsx"
MERGED = {
    "refused_security": 0,
    "refused_enforcement_file": 0,
    "not_processed_publication": "无",
    "not_processed_confirm": "无",
}


def build(path: Path) -> None:
    where = build_standard(path, values=t2_values())
    wb = load_workbook(path)
    ws = wb.active
    for key, value in MERGED.items():
        r = where[key]
        for c in range(3, 10):
            ws.cell(r, c).value = None
        ws.cell(r, 3, value)
        ws.merge_cells(start_row=r, start_column=3, end_row=r, end_column=9)
    wb.save(path)
