"""The clerk built this year's report in last year's workbook: sheet 2021年 (last year's tables, kept
for reference, first) and sheet 2022年 (this year's), each under its own title line. The file is this
year's report. Injected in the 2022 sheet: （一）予以公开 · 总计 typed 16 for 15."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import t2_values, write_t1_2021, write_t2_two_columns, write_t3_national  # noqa: E402

FILENAME = "某区民政局2022年政府信息公开工作年度报告.xlsx"


def _report(ws, year: int, values) -> None:
    ws["A1"] = f"某区民政局{year}年政府信息公开工作年度报告"
    ws["A2"] = "二、主动公开政府信息情况"
    r = write_t1_2021(ws, 3) + 1
    ws.cell(r, 1, "三、收到和处理政府信息公开申请情况")
    where = write_t2_two_columns(ws, r + 1, values=values)
    r = max(where.values()) + 2
    ws.cell(r, 1, "四、政府信息公开行政复议、行政诉讼情况")
    write_t3_national(ws, r + 1)


def build(path: Path) -> None:
    wb = Workbook()
    last = wb.active
    last.title = "2021年"
    _report(last, 2021, t2_values())  # consistent: the error is this year's only
    this = wb.create_sheet("2022年")
    values = t2_values()
    values["granted"][6] = 16
    _report(this, 2022, values)
    wb.save(path)
