"""A PDF converter that makes one sheet per page: table 2 starts on 第2页 and continues on 第3页
(from （四）1 on, no header repeated), then table 3."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import T2_2021, t2_values, write_t1_2021, write_t2_header, write_t3_national  # noqa: E402

FILENAME = "某区住房和城乡建设局2021年政府信息公开工作年度报告.xlsx"


def build(path: Path) -> None:
    wb = Workbook()
    p1 = wb.active
    p1.title = "第1页"
    p1["A1"] = "二、主动公开政府信息情况"
    write_t1_2021(p1, 2)
    p2 = wb.create_sheet("第2页")
    p2["A1"] = "三、收到和处理政府信息公开申请情况"
    r = write_t2_header(p2, 2, 1, 2)
    values = t2_values()
    ws = p2
    for key, group, label in T2_2021:
        if key == "unable_not_held":
            ws, r = wb.create_sheet("第3页"), 1
        if key == "results":
            continue
        if group and label.startswith("1."):
            ws.cell(r, 1, group)
        ws.cell(r, 2 if group else 1, label)
        for i, v in enumerate(values[key]):
            ws.cell(r, 3 + i, v)
        r += 1
    ws.cell(r + 1, 1, "四、政府信息公开行政复议、行政诉讼情况")
    write_t3_national(ws, r + 2)
    wb.save(path)
