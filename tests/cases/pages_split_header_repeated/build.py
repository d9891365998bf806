"""Table 2 split over Sheet1 and Sheet2 in the middle of （三）不予公开 (items 1-4 | 5-8): Sheet2 repeats
the three header rows and the group label （三）不予公开 (as a printed page does); table 1 above table 2 on
Sheet1, table 3 after it on Sheet2."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import T2_2021, t2_values, write_t1_2021, write_t2_header, write_t3_national  # noqa: E402

FILENAME = "某镇人民政府2021年政府信息公开工作年度报告.xlsx"


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"] = "二、主动公开政府信息情况"
    r = write_t1_2021(ws, 2) + 1
    ws.cell(r, 1, "三、收到和处理政府信息公开申请情况")
    r = write_t2_header(ws, r + 1, 1, 2)
    values = t2_values()
    span_start: dict[str, int] = {}
    for key, group, label in T2_2021:
        if key == "refused_internal":
            ws, r = wb.create_sheet("Sheet2"), 1
            r = write_t2_header(ws, r, 1, 2)
            span_start.clear()
        if key == "results":
            ws.cell(r, 1, label)
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=2)
            r += 1
            continue
        if group:
            if group not in span_start:
                span_start[group] = r
                ws.cell(r, 1, group)
            ws.cell(r, 2, label)
        else:
            ws.cell(r, 1, label)
        for i, v in enumerate(values[key]):
            ws.cell(r, 3 + i, v)
        r += 1
    ws.cell(r + 1, 1, "四、政府信息公开行政复议、行政诉讼情况")
    write_t3_national(ws, r + 2)
    wb.save(path)
