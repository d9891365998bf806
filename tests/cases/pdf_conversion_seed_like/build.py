"""A PDF-to-Excel conversion like the seed report: group and first item in one cell with a stray "公开"
fragment on the next row, blank rows, labels and headers wrapped with line breaks, numbers as text with
spaces, a header repeated where the PDF broke the page, and a whole result row left blank (zeros)."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import T2_2021, t2_values, write_t1_2021, write_t3_national  # noqa: E402

FILENAME = "老城区某局2021年政府信息公开工作年度报告.xlsx"
HEAD = [
    "自然人",
    "法人或其他组织",
    "商业企\n业",
    "科研机\n构",
    "社会公益\n组织",
    "法律服务\n机构",
    "其他",
    "总计",
]


def _header(ws, r):
    ws.cell(r, 1, "(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)")
    ws.cell(r, 4, "申请人情况")
    ws.cell(r + 1, 4, "自然人")
    ws.cell(r + 1, 5, "法人或其他组织")
    ws.cell(r + 1, 10, "总计")
    for i, name in enumerate(HEAD[2:7]):
        ws.cell(r + 2, 5 + i, name)
    ws.merge_cells(start_row=r, start_column=1, end_row=r + 2, end_column=3)
    ws.merge_cells(start_row=r, start_column=4, end_row=r, end_column=10)
    ws.merge_cells(start_row=r + 1, start_column=5, end_row=r + 1, end_column=9)
    return r + 3


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "年报"
    ws["A1"] = "老城区某局2021年政府信息公开工作年度报告"
    ws["A3"] = "二、主动公开政府信息情况"
    r = write_t1_2021(ws, 4, fee_header="本年收费金额（单位：万元，保留4位小数）") + 1
    ws.cell(r, 1, "三、收到和处理政府信息公开申请情况")
    r = _header(ws, r + 1)
    values = t2_values()
    values["refused_state_secret"] = [None] * 7  # the seed leaves whole rows blank for zero
    ws.cell(r, 1, "一、本年新收政府信息公开申请数量")
    ws.cell(r + 1, 1, "二、上年结转政府信息公开申请数量")
    rows = {"new": r, "carried_in": r + 1}
    r += 2
    ws.cell(r, 1, "三、本年度办\n理结果")
    ws.cell(r, 2, "(一) 予以公开")
    rows["granted"] = r
    ws.cell(r + 1, 2, "(二) 部分公开（区分处理的，只计这一情\n形，不计其他情形）")
    rows["partial"] = r + 1
    ws.cell(r + 2, 2, "(三) 不予公开 1.属于国家秘密")  # group and item in one cell …
    rows["refused_state_secret"] = r + 2
    ws.cell(r + 3, 2, "公开")  # … and the wrapped tail of the group label alone on the next row
    r += 3
    for key, group, label in T2_2021[6:]:
        if key == "not_processed_petition":
            r += 1  # a blank row, then the header again: the PDF broke the page here
            r = _header(ws, r)
        if group and label.startswith("1."):
            ws.cell(r, 2, group.replace("（", "(").replace("）", ") "))
        if key == "refused_other_laws":
            label = "2.其他法律法规禁止公开"
        ws.cell(r, 2 if key in ("handled_total",) else 3, label if key != "carried_out" else None)
        if key == "carried_out":
            ws.cell(r, 2, label)
        rows[key] = r
        r += 1
    for key, at in rows.items():
        for i, v in enumerate(values[key]):
            if v is None:
                continue
            # the converter kept some numbers as text, padded with spaces
            ws.cell(at, 4 + i, f" {v} " if key == "partial" and i == 0 else v)
    ws.cell(r + 1, 1, "四、政府信息公开行政复议、行政诉讼情况")
    write_t3_national(ws, r + 2, merge=False)
    wb.save(path)
