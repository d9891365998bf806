"""A PDF converter's one sheet per page: table 2's three header rows fall at the foot of page 1 (under
table 1 and the section title), every labelled row on page 2 (no header repeated there), then table 3.
Injected: （四）2.没有现成信息需要另行制作 · 自然人 typed 7 for 1."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import T2_2021, t2_values, write_t1_2021, write_t2_header, write_t3_national  # noqa: E402

FILENAME = "某市人力资源和社会保障局2022年政府信息公开工作年度报告.xlsx"


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "第1页"
    ws["A1"] = "二、主动公开政府信息情况"
    r = write_t1_2021(ws, 2) + 1
    ws.cell(r, 1, "三、收到和处理政府信息公开申请情况")
    write_t2_header(ws, r + 1, 1, 2)
    page = wb.create_sheet("第2页")
    v = t2_values()
    v["unable_needs_creation"][0] = 7
    r = 1
    spans: dict[str, list[int]] = {}
    for key, group, label in T2_2021:
        if key == "results":
            page.cell(r, 1, label)
            page.merge_cells(start_row=r, start_column=1, end_row=r, end_column=2)
            r += 1
            continue
        if group:
            spans.setdefault(group, []).append(r)
            page.cell(r, 2, label)
        else:
            page.cell(r, 1, label)
            page.merge_cells(start_row=r, start_column=1, end_row=r, end_column=2)
        for i, x in enumerate(v[key]):
            page.cell(r, 3 + i, x)
        r += 1
    for group, rs in spans.items():
        page.cell(rs[0], 1, group)
        page.merge_cells(start_row=rs[0], start_column=1, end_row=rs[-1], end_column=1)
    page.cell(r + 1, 1, "四、政府信息公开行政复议、行政诉讼情况")
    write_t3_national(page, r + 2)
    wb.save(path)
