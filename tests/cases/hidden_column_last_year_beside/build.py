"""Table 2 on a sheet of its own (labels unmerged), with last year's 科研机构 figures kept in a hidden
column just left of this year's: the clerk inserted a column for this year, typed the same header over it
and hid the old one. Both columns sit under 法人或其他组织 with the same header; the hidden one (E) holds
stale numbers that break every row total. The visible column (F) is the report's."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import t2_values, write_t1_2021, write_t2_two_columns, write_t3_national  # noqa: E402
from openpyxl import Workbook  # noqa: E402

FILENAME = "某区民政局2021年政府信息公开工作年度报告.xlsx"


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "年报"
    ws.cell(1, 1, "二、主动公开政府信息情况")
    r = write_t1_2021(ws, 2) + 1
    ws.cell(r, 1, "四、政府信息公开行政复议、行政诉讼情况")
    write_t3_national(ws, r + 1)
    t2 = wb.create_sheet("依申请公开")
    t2.cell(1, 1, "三、收到和处理政府信息公开申请情况")
    where = write_t2_two_columns(t2, 2, merge=False)  # numbers in C..I, header rows 2-4
    t2.insert_cols(5)  # this year's 科研机构 moves to F; E is last year's
    t2.cell(4, 5, "科研机构")
    for key, row in where.items():
        v = t2_values().get(key)
        if v:
            t2.cell(row, 5, v[2] + 3)  # last year's: never this year's
    t2.column_dimensions["E"].hidden = True
    wb.save(path)
