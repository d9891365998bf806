"""A formal cover sheet as a Word title page pasted into Excel: the agency on one line (A3), the title on
the next with the year in Chinese numerals (二〇二二年度政府信息公开工作年度报告), the issuing date below
(二〇二三年一月); the file is named 附件1. The tables on sheet 附表, consistent."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import write_t1_2021, write_t2_two_columns, write_t3_national  # noqa: E402

FILENAME = "附件1.xlsx"


def build(path: Path) -> None:
    wb = Workbook()
    cover = wb.active
    cover.title = "封面"
    cover["A3"] = "某市交通运输局"
    cover.merge_cells("A3:H3")
    cover["A4"] = "二〇二二年度政府信息公开工作年度报告"
    cover.merge_cells("A4:H4")
    cover["A10"] = "二〇二三年一月"
    ws = wb.create_sheet("附表")
    ws["A1"] = "二、主动公开政府信息情况"
    r = write_t1_2021(ws, 2) + 1
    ws.cell(r, 1, "三、收到和处理政府信息公开申请情况")
    where = write_t2_two_columns(ws, r + 1)
    top = where["carried_out"] + 2
    ws.cell(top, 1, "四、政府信息公开行政复议、行政诉讼情况")
    write_t3_national(ws, top + 1)
    wb.save(path)
