"""The tables pasted twice on one sheet (a draft above, 修改后： and the final below) under the section
titles many agencies print (a Weihai bureau's 2022 report): 四、因政府信息公开工作被申请行政复议提起行政诉讼情况
and 四、因政府信息公开工作被申请行政复议、提起行政诉讼情况. The draft's table 3 has 行政复议·总计 0 (parts
1+1+0+1); the final's is right."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import T3_VALUES, write_t1_2021, write_t2_two_columns, write_t3_national  # noqa: E402

FILENAME = "威海市某区信访局2022年政府信息公开工作年度报告.xlsx"


def _tables(ws, r: int, t3, title: str) -> int:
    ws.cell(r, 1, "二、主动公开政府信息情况")
    r = write_t1_2021(ws, r + 1) + 1
    ws.cell(r, 1, "三、收到和处理政府信息公开申请情况")
    where = write_t2_two_columns(ws, r + 1)
    r = max(where.values()) + 2
    ws.cell(r, 1, title)
    return write_t3_national(ws, r + 1, values=t3) + 1


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "年报表格"
    draft = list(T3_VALUES)
    draft[4] = 0
    r = _tables(ws, 1, draft, "四、因政府信息公开工作被申请行政复议提起行政诉讼情况")
    ws.cell(r + 2, 1, "修改后：")
    _tables(ws, r + 3, T3_VALUES, "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况")
    wb.save(path)
