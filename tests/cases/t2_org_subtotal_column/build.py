"""A local template that adds a 小计 column for 法人或其他组织: 自然人 | 法人或其他组织 (merged over 小计 and the
five organisation columns) | 总计. 小计 holds the sum of the five and is no column of the form (总计 is still
自然人 plus the five). Injected: （五）2.重复申请 · 商业企业 typed 0 for 1 (its 小计 still says 1)."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import APPLICANTS, T2_2021, t2_values, write_t1_2021, write_t3_national  # noqa: E402


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"] = "二、主动公开政府信息情况"
    r = write_t1_2021(ws, 2) + 1
    ws.cell(r, 1, "三、收到和处理政府信息公开申请情况")
    top = r + 1
    ws.cell(top, 1, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
    ws.merge_cells(start_row=top, start_column=1, end_row=top + 2, end_column=2)
    ws.cell(top, 3, "申请人情况")
    ws.merge_cells(start_row=top, start_column=3, end_row=top, end_column=10)
    ws.cell(top + 1, 3, "自然人")
    ws.merge_cells(start_row=top + 1, start_column=3, end_row=top + 2, end_column=3)
    ws.cell(top + 1, 4, "法人或其他组织")
    ws.merge_cells(start_row=top + 1, start_column=4, end_row=top + 1, end_column=9)
    ws.cell(top + 2, 4, "小计")
    for i, name in enumerate(APPLICANTS[1:]):
        ws.cell(top + 2, 5 + i, name)
    ws.cell(top + 1, 10, "总计")
    ws.merge_cells(start_row=top + 1, start_column=10, end_row=top + 2, end_column=10)
    v = t2_values()
    r = top + 3
    spans: dict[str, list[int]] = {}
    for key, group, label in T2_2021:
        if key == "results":
            ws.cell(r, 1, label)
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=2)
            r += 1
            continue
        if group:
            spans.setdefault(group, []).append(r)
            ws.cell(r, 2, label)
        else:
            ws.cell(r, 1, label)
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=2)
        nums = list(v[key])
        orgs = nums[1:6]
        if key == "not_processed_repeated":
            nums[1] = 0
        ws.cell(r, 3, nums[0])
        ws.cell(r, 4, sum(orgs))
        for i, x in enumerate(nums[1:6]):
            ws.cell(r, 5 + i, x)
        ws.cell(r, 10, nums[6])
        r += 1
    for group, rs in spans.items():
        ws.cell(rs[0], 1, group)
        ws.merge_cells(start_row=rs[0], start_column=1, end_row=rs[-1], end_column=1)
    ws.cell(r + 1, 1, "四、政府信息公开行政复议、行政诉讼情况")
    write_t3_national(ws, r + 2)
    wb.save(path)
