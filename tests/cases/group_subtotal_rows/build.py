"""Table 2 with the labels in one column where the clerk gave each group row （三）不予公开 … （六）其他处理
its subtotal (the sum of its items), as some local templates ask; the （七）总计 adds the items.
Injected: the （四）无法提供 subtotal · 自然人 typed 6 while its items add up to 5."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import T2_2021, t2_values, write_t1_2021, write_t2_header, write_t3_national  # noqa: E402

FILENAME = "某县交通运输局2022年政府信息公开工作年度报告.xlsx"


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"] = "二、主动公开政府信息情况"
    r = write_t1_2021(ws, 2) + 1
    ws.cell(r, 1, "三、收到和处理政府信息公开申请情况")
    r = write_t2_header(ws, r + 1, 1, 1)
    values = t2_values()
    sums: dict[str, list[int]] = {}
    for key, group, _label in T2_2021:
        if group:
            sums[group] = [a + b for a, b in zip(sums.get(group, [0] * 7), values[key], strict=True)]
    sums["（四）无法提供"][0] += 1
    seen: set[str] = set()
    for key, group, label in T2_2021:
        if group and group not in seen:
            seen.add(group)
            ws.cell(r, 1, group)
            for i, v in enumerate(sums[group]):
                ws.cell(r, 2 + i, v)
            r += 1
        ws.cell(r, 1, label)
        for i, v in enumerate(values.get(key, [])):
            ws.cell(r, 2 + i, v)
        r += 1
    ws.cell(r + 1, 1, "四、政府信息公开行政复议、行政诉讼情况")
    write_t3_national(ws, r + 2)
    wb.save(path)
