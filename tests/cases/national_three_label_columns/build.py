"""The national Word table converted to Excel as it is: table 2 with THREE label columns (三、本年度办理结果
merged down the left and written one character per line, groups merged down the middle, items on the right),
a report title merged over the top, a 单位：件 line, section titles, WPS's default sheet name, and a file
named only 附件 (agency and year come from the title cell)."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import write_t1_2021, write_t2_national, write_t3_national  # noqa: E402

FILENAME = "附件.xlsx"


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"] = "某市生态环境局2022年政府信息公开工作年度报告"
    ws.merge_cells("A1:J1")
    ws["A3"] = "二、主动公开政府信息情况"
    r = write_t1_2021(ws, 4) + 1
    ws.cell(r, 1, "三、收到和处理政府信息公开申请情况")
    ws.cell(r + 1, 10, "单位：件")
    where = write_t2_national(ws, r + 2, results_label="三\n、\n本\n年\n度\n办\n理\n结\n果")
    r = where["carried_out"] + 2
    ws.cell(r, 1, "四、政府信息公开行政复议、行政诉讼情况")
    write_t3_national(ws, r + 1)
    wb.save(path)
