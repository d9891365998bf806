"""A city's statistical template: table 2 with three columns added right of 总计 — 上年同期 (last year's
总计 per row), 同比增减 (a signed count) and 增减幅度 (a percentage, '12.5%', or '—' where last year was 0) —
and a 序号 column holding 1..n left of the labels. None of them is a column of the form; consistent."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import t2_values, write_t1_2021, write_t2_two_columns, write_t3_national  # noqa: E402

FILENAME = "某市市场监督管理局2022年政府信息公开工作年度报告.xlsx"
LAST = {
    "new": 30,
    "carried_in": 1,
    "granted": 12,
    "partial": 5,
    "unable_not_held": 8,
    "handled_total": 28,
    "carried_out": 3,
}


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"] = "二、主动公开政府信息情况"
    r = write_t1_2021(ws, 2, left=2) + 1
    ws.cell(r, 1, "三、收到和处理政府信息公开申请情况")
    top = r + 1
    v = t2_values()
    where = write_t2_two_columns(ws, top, left=2, values=v)
    ws.cell(top, 1, "序号")
    ws.merge_cells(start_row=top, start_column=1, end_row=top + 2, end_column=1)
    for i, (head, c) in enumerate((("上年同期", 11), ("同比增减", 12), ("增减幅度", 13))):
        ws.cell(top, c, head)
        ws.merge_cells(start_row=top, start_column=c, end_row=top + 2, end_column=c)
        assert i >= 0
    for n, (key, row) in enumerate(sorted(where.items(), key=lambda kv: kv[1])):
        ws.cell(row, 1, n + 1)
        now = v[key][6]
        last = LAST.get(key, 0)
        ws.cell(row, 11, last)
        ws.cell(row, 12, now - last)
        ws.cell(row, 13, f"{(now - last) / last:.1%}" if last else "—")
    r = where["carried_out"] + 2
    ws.cell(r, 1, "四、政府信息公开行政复议、行政诉讼情况")
    write_t3_national(ws, r + 1, left=2)
    wb.save(path)
