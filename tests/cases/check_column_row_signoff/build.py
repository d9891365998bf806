"""A provincial template with self-checks: a merged report title over all columns, a 填报单位 line, a hidden
校验 column right of 总计 (=总计-SUM(parts) per row, 0 when right), a 校验 row under table 2 computing
一+二-（七）总计-四 per column, a 注 line with numbers in it, and a sign-off line under table 3 (填表人,
联系电话 0379-65250218, 填报日期). Every formula is saved without a cached value (openpyxl). Consistent."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import col, write_t1_2021, write_t2_two_columns, write_t3_national  # noqa: E402

FILENAME = "某县农业农村局2022年政府信息公开工作年度报告.xlsx"


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "年报数据"
    ws["A1"] = "某县农业农村局2022年政府信息公开工作年度报告数据表"
    ws.merge_cells("A1:J1")
    ws["A2"] = "填报单位（盖章）：某县农业农村局"
    ws["H2"] = "单位：件、万元"
    ws["A3"] = "二、主动公开政府信息情况"
    r = write_t1_2021(ws, 4) + 1
    ws.cell(r, 1, "三、收到和处理政府信息公开申请情况")
    top = r + 1
    where = write_t2_two_columns(ws, top)
    ws.cell(top, 10, "校验")
    ws.merge_cells(start_row=top, start_column=10, end_row=top + 2, end_column=10)
    ws.column_dimensions["J"].hidden = True
    for row in where.values():
        ws.cell(row, 10, f"=I{row}-SUM(C{row}:H{row})")
    check = where["carried_out"] + 1
    ws.cell(check, 1, "校验（一+二-（七）总计-四，应为0）")
    ws.merge_cells(start_row=check, start_column=1, end_row=check, end_column=2)
    for c in range(3, 10):
        L = col(c)
        ws.cell(
            check,
            c,
            f"={L}{where['new']}+{L}{where['carried_in']}-{L}{where['handled_total']}"
            f"-{L}{where['carried_out']}",
        )
    ws.cell(
        check + 1,
        1,
        "注：本年共收到申请34件，其中当面申请5件、网络申请27件、信函申请2件；上年结转3件，结转下年度2件。",
    )
    ws.merge_cells(start_row=check + 1, start_column=1, end_row=check + 1, end_column=9)
    r = check + 3
    ws.cell(r, 1, "四、政府信息公开行政复议、行政诉讼情况")
    data = write_t3_national(ws, r + 1)
    ws.cell(data + 2, 1, "填表人：王某某")
    ws.cell(data + 2, 4, "审核人：李某某")
    ws.cell(data + 2, 7, "联系电话：0379-65250218")
    ws.cell(data + 3, 1, "填报日期：")
    ws.cell(data + 3, 2, 2023)
    ws.cell(data + 3, 3, "年")
    ws.cell(data + 3, 4, 1)
    ws.cell(data + 3, 5, "月")
    ws.cell(data + 3, 6, 15)
    ws.cell(data + 3, 7, "日")
    wb.save(path)
