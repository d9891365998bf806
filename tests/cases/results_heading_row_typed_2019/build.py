"""The 2019 form with the total of results typed on the heading row 三、本年度办理结果 (a row of its own):
every column copies （七）总计 but 总计, typed 53 where （七）总计 holds 35."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import build_standard, t2_values  # noqa: E402
from openpyxl import load_workbook  # noqa: E402

FILENAME = "测试局2020年政府信息公开工作年度报告.xlsx"


def build(path: Path) -> None:
    where = build_standard(path, version="2019")
    wb = load_workbook(path)
    ws = wb.active
    heading = where["granted"] - 1
    assert str(ws.cell(heading, 1).value).startswith("三、"), ws.cell(heading, 1).value
    for i, v in enumerate(t2_values("2019")["handled_total"]):
        ws.cell(heading, 3 + i, 53 if i == 6 else v)
    wb.save(path)
