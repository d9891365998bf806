"""Tables 2 and 3 side by side on one sheet (a landscape page): table 3's headers start in column L on
the same rows as table 2's header, its section title on the same row as table 2's; table 1 on its own
sheet named 表1. Table 3's 总计 headers sit on the same rows as table 2's 总计 header."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import write_t1_2021, write_t2_two_columns, write_t3_national  # noqa: E402

FILENAME = "某区市场监督管理局2021年度政府信息公开工作年度报告.xlsx"


def build(path: Path) -> None:
    wb = Workbook()
    t1 = wb.active
    t1.title = "表1"
    t1["A1"] = "二、主动公开政府信息情况"
    write_t1_2021(t1, 2)
    ws = wb.create_sheet("表2、表3")
    ws["A1"] = "三、收到和处理政府信息公开申请情况"
    ws["L1"] = "四、政府信息公开行政复议、行政诉讼情况"
    write_t2_two_columns(ws, 2)
    write_t3_national(ws, 2, left=12)
    wb.save(path)
