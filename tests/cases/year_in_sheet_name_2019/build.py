"""Only table 2, with the single （六）其他处理 row, on a sheet named 2020年; the file is named 附件2 and no
cell carries a title. Nothing in the labels tells 2019 from 2021, so the year in the sheet name decides:
a 2020 report uses the 2019 form."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import write_t2_two_columns  # noqa: E402

FILENAME = "附件2.xlsx"


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "2020年"
    write_t2_two_columns(ws, 1, version="2019")
    wb.save(path)
