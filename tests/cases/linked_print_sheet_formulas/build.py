"""A provincial template in two parts: a hidden input sheet 数据 (a plain grid of numbers the clerk types, no
labels) and the printed sheet 报表 whose every number cell is a link such as =数据!G25 (saved without cached
values). The totals are links too, not sums over their parts; all the values are consistent."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import T3_VALUES, col, t2_values, write_t1_2021, write_t2_two_columns, write_t3_national  # noqa: E402


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "报表"
    data = wb.create_sheet("数据")
    data.sheet_state = "hidden"
    ws["A1"] = "二、主动公开政府信息情况"
    r = write_t1_2021(ws, 2) + 1
    ws.cell(r, 1, "三、收到和处理政府信息公开申请情况")
    links: dict[str, list[str]] = {}
    for n, (key, row) in enumerate(t2_values().items()):  # the input sheet keeps its own order
        for j, x in enumerate(row):
            data.cell(n + 1, j + 1, x)
        links[key] = [f"=数据!{col(j + 1)}{n + 1}" for j in range(len(row))]
    where = write_t2_two_columns(ws, r + 1, values=links)
    top = where["carried_out"] + 2
    ws.cell(top, 1, "四、政府信息公开行政复议、行政诉讼情况")
    base = len(links) + 2
    for j, x in enumerate(T3_VALUES):
        data.cell(base, j + 1, x)
    write_t3_national(ws, top + 1, values=[f"=数据!{col(j + 1)}{base}" for j in range(15)])
    wb.save(path)
