"""A cover sheet 封面 whose title names the agency but not the year (某县教育局政府信息公开工作年度报告);
the year is only in the file name (2022年度.xlsx). 2021-form tables on a sheet named 报表."""

import sys
from pathlib import Path

from openpyxl import load_workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import build_standard  # noqa: E402

FILENAME = "2022年度.xlsx"


def build(path: Path) -> None:
    build_standard(path, sheet="报表")
    wb = load_workbook(path)
    cover = wb.create_sheet("封面", 0)
    cover["A3"] = "某县教育局政府信息公开工作年度报告"
    cover["A5"] = "某县教育局办公室  编"
    wb.save(path)
