"""Table 2 with a flat header: no 申请人情况 or 法人或其他组织 row, the seven leaf headers in one row
(其他 written 其他组织), the corner cell 项目; one typo: （五）1 · 总计 20 for 2."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import T2_2021, t2_values, write_t1_2021, write_t3_national  # noqa: E402


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "报表"
    ws["A1"] = "二、主动公开政府信息情况"
    r = write_t1_2021(ws, 2) + 1
    ws.cell(r, 1, "三、收到和处理政府信息公开申请情况")
    ws.cell(r + 1, 1, "项目")
    for i, h in enumerate(
        ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他组织", "总计"]
    ):
        ws.cell(r + 1, 2 + i, h)
    values = t2_values()
    values["not_processed_petition"][6] = 20
    r += 2
    for key, group, label in T2_2021:
        # the group label shares the cell with its first item only, as PDF conversions print it
        ws.cell(r, 1, f"{group}{label}" if group and label.startswith("1.") else label)
        for i, v in enumerate(values.get(key, [])):
            ws.cell(r, 2 + i, v)
        r += 1
    ws.cell(r + 1, 1, "四、政府信息公开行政复议、行政诉讼情况")
    write_t3_national(ws, r + 2)
    wb.save(path)
