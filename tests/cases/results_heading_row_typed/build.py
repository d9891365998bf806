"""A clerk typed the total of results on the heading row 三、本年度办理结果 (a row of its own, above
（一）予以公开, which the form gives no numbers): every column copies （七）总计 but 自然人, typed 52 where
（七）总计 holds 25 (two digits swapped); 法律服务机构 is left blank there."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import build_standard, t2_values  # noqa: E402
from openpyxl import load_workbook  # noqa: E402


def build(path: Path) -> None:
    where = build_standard(path)
    wb = load_workbook(path)
    ws = wb.active
    heading = where["granted"] - 1
    assert str(ws.cell(heading, 1).value).startswith("三、"), ws.cell(heading, 1).value
    handled = t2_values()["handled_total"]
    for i, v in enumerate(handled):
        if i == 4:
            continue  # 法律服务机构 left blank on the heading row
        ws.cell(heading, 3 + i, 52 if i == 0 else v)
    wb.save(path)
