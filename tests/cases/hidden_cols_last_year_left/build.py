"""Last year's table 2 kept on its sheet in hidden columns (A..I), this year's typed beside it in the same
rows (K..S): the clerk hid the old columns rather than deleting them. Last year's 一、本年新收 does not
balance; this year's table is consistent. The headers and labels are the same in both: the visible
columns are the report's."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import t2_on_its_own_sheet, t2_values, write_t2_two_columns  # noqa: E402

FILENAME = "某区民政局2021年政府信息公开工作年度报告.xlsx"


def build(path: Path) -> None:
    wb, t2 = t2_on_its_own_sheet()
    stale = t2_values()
    stale["new"] = [9, 9, 0, 0, 0, 0, 18]
    write_t2_two_columns(t2, 2, left=1, values=stale)  # last year's: A..I
    write_t2_two_columns(t2, 2, left=11)  # this year's: K..S
    for c in "ABCDEFGHI":
        t2.column_dimensions[c].hidden = True
    wb.save(path)
