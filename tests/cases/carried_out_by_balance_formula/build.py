"""A template that derives 四、结转下年度继续办理 from the official balance: every cell of that row is
=一+二-（七）总计 of its column (=C21+C22-C45), saved without cached values; row totals typed. All the values
are consistent."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import col, write_t1_2021, write_t2_two_columns, write_t3_national  # noqa: E402


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"] = "二、主动公开政府信息情况"
    r = write_t1_2021(ws, 2) + 1
    ws.cell(r, 1, "三、收到和处理政府信息公开申请情况")
    where = write_t2_two_columns(ws, r + 1)
    for c in range(3, 10):
        L = col(c)
        ws.cell(
            where["carried_out"],
            c,
            f"={L}{where['new']}+{L}{where['carried_in']}-{L}{where['handled_total']}",
        )
    top = where["carried_out"] + 2
    ws.cell(top, 1, "四、政府信息公开行政复议、行政诉讼情况")
    write_t3_national(ws, top + 1)
    wb.save(path)
