"""A template that hides zero totals: every 总计 cell is =IF(SUM(C{r}:H{r})=0,"",SUM(C{r}:H{r})) and the
（七）总计 row =SUM over its column (saved without cached results, as openpyxl writes them; a workbook saved
by Excel caches the hidden zeros as "" and reads the same). Injected: 四、结转下年度 · 自然人 typed 2 for 1."""

import sys
from pathlib import Path

from openpyxl import load_workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import build_standard, col  # noqa: E402

FILENAME = "某县统计局2022年政府信息公开工作年度报告.xlsx"


def build(path: Path) -> None:
    where = build_standard(path)
    wb = load_workbook(path)
    ws = wb.active
    for key, r in where.items():
        if not key.startswith("_"):
            ws[f"I{r}"] = f'=IF(SUM(C{r}:H{r})=0,"",SUM(C{r}:H{r}))'
    first, last = where["granted"], where["other_other"]
    for c in range(3, 10):
        ws[f"{col(c)}{where['handled_total']}"] = f"=SUM({col(c)}{first}:{col(c)}{last})"
    ws[f"C{where['carried_out']}"] = 2
    wb.save(path)
