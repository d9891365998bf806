"""Sheet1..Sheet3 with no titles, nothing merged (group labels only in their first cell), table 3 headed
"行政法复议" (a published typo) and its review 总计 left at 0 while the parts are not (a real error)."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import write_t1_2021, write_t2_two_columns, write_t3_national  # noqa: E402

FILENAME = "某区司法局2022年政府信息公开工作年度报告.xlsx"


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    write_t1_2021(ws, 1)
    write_t2_two_columns(wb.create_sheet("Sheet2"), 1, merge=False)
    values = [1, 1, 0, 1, 0, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1]
    write_t3_national(wb.create_sheet("Sheet3"), 1, values=values, review_word="行政法复议", merge=False)
    wb.save(path)
