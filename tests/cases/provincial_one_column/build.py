"""Provincial Excel template: table 2 labels in ONE column (group rows without numbers, items below),
a 序号 column left of the labels, a 备注 column right of 总计, "单位：件" above and a 注 row below."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import T2_2021, t2_values, write_t1_2021, write_t3_national  # noqa: E402

FILENAME = "某市自然资源和规划局2021年政府信息公开工作年度报告.xlsx"
GROUPS = ["（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理"]


def build(path: Path, values=None) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "年报附表"
    ws["A1"] = "某市自然资源和规划局2021年政府信息公开工作年度报告"
    ws["A3"] = "二、主动公开政府信息情况"
    r = write_t1_2021(ws, 4, left=2) + 1
    ws.cell(r, 1, "三、收到和处理政府信息公开申请情况")
    ws.cell(r + 1, 10, "单位：件")
    top = r + 2
    ws.cell(top, 1, "序号")
    ws.cell(top, 2, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
    ws.cell(top, 3, "申请人情况")
    ws.cell(top + 1, 3, "自然人")
    ws.cell(top + 1, 4, "法人或其他组织")
    ws.cell(top + 1, 9, "总计")
    ws.cell(top, 10, "备注")
    for i, name in enumerate(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]):
        ws.cell(top + 2, 4 + i, name)
    for c1, c2, rows in ((1, 1, 2), (2, 2, 2), (10, 10, 2)):
        ws.merge_cells(start_row=top, start_column=c1, end_row=top + rows, end_column=c2)
    ws.merge_cells(start_row=top, start_column=3, end_row=top, end_column=9)
    ws.merge_cells(start_row=top + 1, start_column=3, end_row=top + 2, end_column=3)
    ws.merge_cells(start_row=top + 1, start_column=4, end_row=top + 1, end_column=8)
    ws.merge_cells(start_row=top + 1, start_column=9, end_row=top + 2, end_column=9)
    values = t2_values() if values is None else values
    r = top + 3
    n = 1
    seen: set[str] = set()
    for key, group, label in T2_2021:
        if group and group not in seen:
            seen.add(group)
            ws.cell(r, 1, n)
            ws.cell(r, 2, group)  # the group has a row of its own, with no numbers
            n, r = n + 1, r + 1
        ws.cell(r, 1, n)
        ws.cell(r, 2, label)
        for i, v in enumerate(values.get(key, [])):
            ws.cell(r, 3 + i, v)
        if key == "new":
            ws.cell(r, 10, "含信函申请2件")
        n, r = n + 1, r + 1
    ws.cell(
        r,
        1,
        "注：1.本表数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和。"
        "2.“（七）总计”为（一）至（六）各项之和。",
    )
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=10)
    ws.cell(r + 2, 1, "四、政府信息公开行政复议、行政诉讼情况")
    write_t3_national(ws, r + 3, left=1)
    wb.save(path)
