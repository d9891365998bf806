"""A PDF converter's one sheet per page (Table 1, Table 2): table 3's header rows fall at the foot of the
first page, its row of numbers at the top of the second sheet, followed by section 五's prose. Injected:
行政复议·总计 left at 0 (parts 1+1+0+1)."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import T3_VALUES, write_t1_2021, write_t2_two_columns, write_t3_national  # noqa: E402

FILENAME = "某区应急管理局2022年政府信息公开工作年度报告.xlsx"


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Table 1"
    ws["A1"] = "二、主动公开政府信息情况"
    r = write_t1_2021(ws, 2) + 1
    ws.cell(r, 1, "三、收到和处理政府信息公开申请情况")
    where = write_t2_two_columns(ws, r + 1)
    top = where["carried_out"] + 2
    ws.cell(top, 1, "四、政府信息公开行政复议、行政诉讼情况")
    data = write_t3_national(ws, top + 1)
    for c in range(1, 16):
        ws.cell(data, c).value = None
    page = wb.create_sheet("Table 2")
    for i, v in enumerate(T3_VALUES):
        page.cell(1, 1 + i, 0 if i == 4 else v)
    page["A3"] = "五、存在的主要问题及改进情况"
    page["A4"] = "一是公开的信息内容不够全面。二是公开渠道较为单一。"
    wb.save(path)
