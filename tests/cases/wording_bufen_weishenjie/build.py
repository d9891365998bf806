"""Common wording variants in one 2021 report: （二）部份公开 (份 for 分), table 1 headers 现行有效数量 and
处理决定数量 (the 2019 wording, without 本年), table 3 results 未审结 for 尚未审结. Injected: （二）部份公开 ·
商业企业 typed 0 for 1."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import T2_2021, t2_values, write_block, write_t2_two_columns, write_t3_national  # noqa: E402

FILENAME = "某镇人民政府2022年政府信息公开工作年度报告.xlsx"


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"] = "二、主动公开政府信息情况"
    r = write_block(
        ws,
        2,
        1,
        "第二十条第（一）项",
        ["本年制发件数", "本年废止件数", "现行有效数量"],
        [("规章", [0, 0, 0]), ("行政规范性文件", [2, 1, 15])],
    )
    r = write_block(ws, r, 1, "第二十条第（五）项", ["处理决定数量"], [("行政许可", [126])])
    r = write_block(ws, r, 1, "第二十条第（六）项", ["处理决定数量"], [("行政处罚", [35]), ("行政强制", [2])])
    r = write_block(ws, r, 1, "第二十条第（八）项", ["本年收费金额（单位：万元）"], [("行政事业性收费", [0])])
    ws.cell(r, 1, "三、收到和处理政府信息公开申请情况")
    rows = [
        (k, g, "（二）部份公开（区分处理的，只计这一情形，不计其他情形）" if k == "partial" else lab)
        for k, g, lab in T2_2021
    ]
    v = t2_values()
    v["partial"][1] = 0
    where = write_t2_two_columns(ws, r + 1, rows=rows, values=v)
    t3 = where["carried_out"] + 2
    ws.cell(t3, 1, "四、政府信息公开行政复议、行政诉讼情况")
    write_t3_national(ws, t3 + 1)
    for rr in (t3 + 2, t3 + 3):
        for c in range(1, 16):
            if ws.cell(rr, c).value == "尚未审结":
                ws.cell(rr, c, "未审结")
    wb.save(path)
