"""Table 1 (four blocks, columns A-D) and table 2 (from column F) side by side on the same rows, both
section titles on row 1, table 3 below them; injected error: 二、上年结转 · 商业企业 typed 7 for 1."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import t2_values, write_t1_2021, write_t2_two_columns, write_t3_national  # noqa: E402

FILENAME = "某县审计局2021年政府信息公开工作年度报告（附表）.xlsx"


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "附表"
    ws["A1"] = "二、主动公开政府信息情况"
    ws["F1"] = "三、收到和处理政府信息公开申请情况"
    write_t1_2021(ws, 2)
    values = t2_values()
    values["carried_in"][1] = 7
    write_t2_two_columns(ws, 2, left=6, values=values)
    ws.cell(32, 1, "四、政府信息公开行政复议、行政诉讼情况")
    write_t3_national(ws, 33)
    wb.save(path)
