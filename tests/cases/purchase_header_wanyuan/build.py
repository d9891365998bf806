"""2019 table 1 whose 采购总金额 header says 万元 while the cell says "251000元": converted to 25.1."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from functools import partial  # noqa: E402

from _common import build_standard, write_t1_2019  # noqa: E402
from openpyxl import load_workbook  # noqa: E402

FILENAME = "某市机关事务管理局2020年政府信息公开工作年度报告.xlsx"


def build(path: Path) -> None:
    build_standard(path, version="2019", t1=partial(write_t1_2019, purchase="251000元"))
    wb = load_workbook(path)
    wb.active["C18"] = "采购总金额（万元）"
    wb.save(path)
