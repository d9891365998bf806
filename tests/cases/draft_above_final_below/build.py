"""One sheet holding the report's tables twice: the clerk's draft first (its 一、本年新收 · 自然人 still
23, so its row total and balance break), then a line 修改后： and the corrected tables pasted below."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import t2_values, write_t1_2021, write_t2_two_columns, write_t3_national  # noqa: E402

FILENAME = "某区司法局2022年政府信息公开工作年度报告.xlsx"


def _tables(ws, r: int, values) -> int:
    ws.cell(r, 1, "二、主动公开政府信息情况")
    r = write_t1_2021(ws, r + 1) + 1
    ws.cell(r, 1, "三、收到和处理政府信息公开申请情况")
    where = write_t2_two_columns(ws, r + 1, values=values)
    r = max(where.values()) + 2
    ws.cell(r, 1, "四、政府信息公开行政复议、行政诉讼情况")
    return write_t3_national(ws, r + 1) + 1


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "年报表格"
    draft = t2_values()
    draft["new"][0] = 23
    r = _tables(ws, 1, draft)
    ws.cell(r + 2, 1, "修改后：")
    _tables(ws, r + 3, t2_values())
    wb.save(path)
