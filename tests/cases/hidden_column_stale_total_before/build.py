"""Table 2 on a sheet of its own with a hidden column holding last year's 总计 figures just left of this
year's 总计 (the old total column hidden rather than deleted). The stale totals break every row total;
the visible 总计 column (J) is the report's."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import t2_on_its_own_sheet, t2_values, write_t2_two_columns  # noqa: E402

FILENAME = "某区民政局2021年政府信息公开工作年度报告.xlsx"


def build(path: Path) -> None:
    wb, t2 = t2_on_its_own_sheet()
    where = write_t2_two_columns(t2, 2, merge=False)  # numbers in C..I, header rows 2-4
    t2.insert_cols(9)  # this year's 总计 moves to J; I is last year's
    t2.cell(3, 9, "总计")
    for key, row in where.items():
        v = t2_values().get(key)
        if v:
            t2.cell(row, 9, v[6] + 5)
    t2.column_dimensions["I"].hidden = True
    wb.save(path)
