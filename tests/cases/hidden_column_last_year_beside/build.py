"""Table 2 on a sheet of its own (labels unmerged), with last year's 科研机构 figures kept in a hidden
column just left of this year's: the clerk inserted a column for this year, typed the same header over it
and hid the old one. Both columns sit under 法人或其他组织 with the same header; the hidden one (E) holds
stale numbers that break every row total. The visible column (F) is the report's."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import t2_on_its_own_sheet, t2_values, write_t2_two_columns  # noqa: E402

FILENAME = "某区民政局2021年政府信息公开工作年度报告.xlsx"


def build(path: Path) -> None:
    wb, t2 = t2_on_its_own_sheet()
    where = write_t2_two_columns(t2, 2, merge=False)  # numbers in C..I, header rows 2-4
    t2.insert_cols(5)  # this year's 科研机构 moves to F; E is last year's
    t2.cell(4, 5, "科研机构")
    for key, row in where.items():
        v = t2_values().get(key)
        if v:
            t2.cell(row, 5, v[2] + 3)  # last year's: never this year's
    t2.column_dimensions["E"].hidden = True
    wb.save(path)
