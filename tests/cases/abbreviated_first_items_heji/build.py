"""Abbreviated or reworded FIRST items, typed in the cell beside their group label: （三）不予公开 |
1.属于国家秘密的, （四）无法提供 | 1.本机关不掌握, 3.危及国家安全、公共安全、经济安全和社会稳定 (三安全一稳定
spelled out), （七）合计 for （七）总计 and a 合计 column. Injected error: （四）1 · 科研机构 typed 1 (0)."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import T2_2021, t2_values, write_t1_2021, write_t2_two_columns, write_t3_national  # noqa: E402

FILENAME = "某市某区发展和改革局2024年政府信息公开工作年度报告.xlsx"
LABELS = {
    "refused_state_secret": "1.属于国家秘密的",
    "refused_security": "3.危及国家安全、公共安全、经济安全和社会稳定",
    "unable_not_held": "1.本机关不掌握",
    "handled_total": "（七）合计",
}


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    r = write_t1_2021(ws, 1) + 1
    values = t2_values()
    values["unable_not_held"][2] = 1
    rows = [(k, g, LABELS.get(k, lab)) for k, g, lab in T2_2021]
    where = write_t2_two_columns(ws, r, values=values, rows=rows)
    ws.cell(r + 1, 9, "合计")
    write_t3_national(ws, max(where.values()) + 2)
    wb.save(path)
