"""A PDF-to-Excel conversion where a long label wrapped over two or three text lines became two or three
sheet rows and the numbers, vertically centred in the PDF, landed on the middle or last of them:
（二）部分公开（区分处理的，只计这一情形，| 不计其他情形） with the numbers on the second row, and
（六）1 over three rows with the numbers on the middle one. Other header shapes: 总计 on the leaf row
(not merged down) and 自然人 left unmerged."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import APPLICANTS, T2_2021, t2_values, write_t1_2021, write_t3_national  # noqa: E402

FILENAME = "某区退役军人事务局2022年政府信息公开工作年度报告.xlsx"
WRAPPED = {
    "partial": ["（二）部分公开（区分处理的，只计这一情形，", "不计其他情形）"],
    "other_overdue_correction": ["1.申请人无正当理由逾期不补正、", "行政机关不再处理其政府信息", "公开申请"],
}
NUMBERS_ON = {"partial": 1, "other_overdue_correction": 1}


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Table 1"
    ws["A1"] = "二、主动公开政府信息情况"
    r = write_t1_2021(ws, 2) + 1
    ws.cell(r, 1, "三、收到和处理政府信息公开申请情况")
    top = r + 1
    ws.cell(top, 3, "申请人情况")
    ws.cell(top + 1, 3, APPLICANTS[0])
    ws.cell(top + 1, 4, "法人或其他组织")
    for i, name in enumerate(APPLICANTS[1:]):
        ws.cell(top + 2, 4 + i, name)
    ws.cell(top + 2, 9, "总计")
    values = t2_values()
    r = top + 3
    for key, group, label in T2_2021:
        if key == "results":
            continue
        lines = WRAPPED.get(key, [label])
        if group and label.startswith("1."):
            ws.cell(r, 1, group)
        for n, line in enumerate(lines):
            ws.cell(r + n, 2 if group else 1, line)
        at = r + NUMBERS_ON.get(key, 0)
        for i, v in enumerate(values[key]):
            ws.cell(at, 3 + i, v)
        r += len(lines)
    ws.cell(r + 1, 1, "四、政府信息公开行政复议、行政诉讼情况")
    write_t3_national(ws, r + 2)
    wb.save(path)
