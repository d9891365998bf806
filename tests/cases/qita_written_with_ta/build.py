"""其他 written 其它 everywhere, as many clerks type it: the applicant column 其它, the item （六）3.其它, the
table-3 results 其它结果. Injected:
（六）3.其它 · 其它 typed 1 (its row total 0)."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import APPLICANTS, T2_2021, t2_values, write_t1_2021, write_t2_two_columns, write_t3_national  # noqa: E402

FILENAME = "某县民政局2022年政府信息公开工作年度报告.xlsx"


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"] = "二、主动公开政府信息情况"
    r = write_t1_2021(ws, 2) + 1
    ws.cell(r, 1, "三、收到和处理政府信息公开申请情况")
    rows = [(k, g, lab.replace("3.其他", "3.其它")) for k, g, lab in T2_2021]
    v = t2_values()
    v["other_other"] = [0, 0, 0, 0, 0, 1, 0]
    top = r + 1
    where = write_t2_two_columns(ws, top, rows=rows, values=v)
    assert ws.cell(top + 2, 8).value == APPLICANTS[-1]
    ws.cell(top + 2, 8, "其它")
    t3 = where["carried_out"] + 2
    ws.cell(t3, 1, "四、政府信息公开行政复议、行政诉讼情况")
    write_t3_national(ws, t3 + 1)
    for c in range(1, 16):
        for rr in (t3 + 2, t3 + 3):
            if ws.cell(rr, c).value == "其他结果":
                ws.cell(rr, c, "其它结果")
    wb.save(path)
