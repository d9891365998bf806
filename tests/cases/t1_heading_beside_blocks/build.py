"""Table 1 with each block's heading 第二十条第（X）项 merged DOWN the left column beside its rows (not above
them), 信息内容 and the labels in column B; a province-added row 行政确认 in the （六） block; table 2 labels with the numbering in a cell of its own (一、 | 本年新收…,
（三） | 不予公开 | 1. | 属于国家秘密)."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import T2_2021, t2_values, write_t2_header, write_t3_national  # noqa: E402

FILENAME = "某区民政局2023年政府信息公开工作年度报告.xlsx"


def _table1(ws, top: int) -> int:
    blocks = [
        (
            "第二十条第（一）项",
            ["本年制发件数", "本年废止件数", "现行有效件数"],
            [("规章", [0, 0, 3]), ("行政规范性文件", [2, 1, 15])],
        ),
        ("第二十条第（五）项", ["本年处理决定数量"], [("行政许可", [126])]),
        (
            "第二十条第（六）项",
            ["本年处理决定数量"],
            [("行政处罚", [35]), ("行政强制", [2]), ("行政确认", [7])],
        ),
        ("第二十条第（八）项", ["本年收费金额（单位：万元）"], [("行政事业性收费", ["12.5"])]),
    ]
    r = top
    for heading, headers, rows in blocks:
        ws.cell(r, 1, heading)
        ws.merge_cells(start_row=r, start_column=1, end_row=r + len(rows), end_column=1)
        ws.cell(r, 2, "信息内容")
        for i, h in enumerate(headers):
            ws.cell(r, 3 + i, h)
        for n, (label, nums) in enumerate(rows):
            ws.cell(r + 1 + n, 2, label)
            for i, x in enumerate(nums):
                ws.cell(r + 1 + n, 3 + i, x)
        r += len(rows) + 1
    return r


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "主动公开"
    ws["A1"] = "二、主动公开政府信息情况"
    _table1(ws, 2)
    t2 = wb.create_sheet("依申请公开")
    t2["A1"] = "三、收到和处理政府信息公开申请情况"
    r = write_t2_header(t2, 2, 1, 4)
    values = t2_values()
    for key, group, label in T2_2021:
        if key == "results":
            continue
        if group:
            if label.startswith("1."):
                t2.cell(r, 1, group[:3])
                t2.cell(r, 2, group[3:])
            n, text = label.split(".", 1)
            t2.cell(r, 3, f"{n}.")
            t2.cell(r, 4, text)
        else:
            head, _, text = label.partition("、") if "、" in label[:3] else label.partition("）")
            t2.cell(r, 1, head + ("、" if "、" in label[:3] else "）"))
            t2.cell(r, 2, text)
        for i, v in enumerate(values[key]):
            t2.cell(r, 5 + i, v)
        r += 1
    t3 = wb.create_sheet("复议诉讼")
    t3["A1"] = "四、政府信息公开行政复议、行政诉讼情况"
    write_t3_national(t3, 2)
    wb.save(path)
