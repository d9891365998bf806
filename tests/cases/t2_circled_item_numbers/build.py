"""Table 2 whose items are numbered with circled digits (①属于国家秘密 … ③其他), as some city
templates print them, group labels merged down the first column and items in the second; the
applicant header with 法人或其他组织 merged over two header rows (four header rows in all).
Injected: （六）③其他 · 自然人 typed 1 while its row total says 0."""

import re
import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import T2_2021, t2_values, write_t1_2021, write_t3_national  # noqa: E402

CIRCLED = "①②③④⑤⑥⑦⑧"


def _circled(label: str) -> str:
    return re.sub(r"^(\d)\.", lambda m: CIRCLED[int(m.group(1)) - 1], label)


def build(path: Path) -> None:
    wb = Workbook()
    t1 = wb.active
    t1.title = "主动公开"
    write_t1_2021(t1, 1)
    ws = wb.create_sheet("依申请公开")
    ws["A1"] = "三、收到和处理政府信息公开申请情况"
    top = 2
    # four header rows: 申请人情况 | 自然人 (merged rows 2-4) | 法人或其他组织 (merged over two rows) | 总计
    ws.cell(top, 1, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
    ws.merge_cells(start_row=top, start_column=1, end_row=top + 3, end_column=2)
    ws.cell(top, 3, "申请人情况")
    ws.merge_cells(start_row=top, start_column=3, end_row=top, end_column=9)
    ws.cell(top + 1, 3, "自然人")
    ws.merge_cells(start_row=top + 1, start_column=3, end_row=top + 3, end_column=3)
    ws.cell(top + 1, 4, "法人或其他组织")
    ws.merge_cells(start_row=top + 1, start_column=4, end_row=top + 2, end_column=8)
    ws.cell(top + 1, 9, "总计")
    ws.merge_cells(start_row=top + 1, start_column=9, end_row=top + 3, end_column=9)
    for i, name in enumerate(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]):
        ws.cell(top + 3, 4 + i, name)
    values = t2_values()
    values["other_other"][0] = 1
    r = top + 4
    spans: dict[str, list[int]] = {}
    for key, group, label in T2_2021:
        if key == "results":
            ws.cell(r, 1, label)
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=2)
            r += 1
            continue
        if group:
            spans.setdefault(group, []).append(r)
            ws.cell(r, 2, _circled(label))
        else:
            ws.cell(r, 1, label)
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=2)
        for i, v in enumerate(values[key]):
            ws.cell(r, 3 + i, v)
        r += 1
    for group, rows in spans.items():
        ws.cell(rows[0], 1, group)
        ws.merge_cells(start_row=rows[0], start_column=1, end_row=rows[-1], end_column=1)
    ws.cell(r + 1, 1, "四、政府信息公开行政复议、行政诉讼情况")
    write_t3_national(ws, r + 2)
    wb.save(path)
