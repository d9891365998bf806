"""Count cells under a date format, as a template copied from a dated sheet leaves them: （一）予以公开 ·
自然人 10 shows as 1900/1/10, 一、本年新收 · 总计 34 as 1900年2月3日, and 四、结转下年度 · 总计 (a SUM
formula, no saved result) under a date format too. The numbers are right and read as numbers, each noted
(date-format); fill sets the typed ones to the general format and keeps the formula. （二）部分公开 · 商业企业
is a date a clerk's typing made (2021-01-10 for "1-10"): its digits are gone, so it is invalid and the
relations say it must be 1."""

import datetime
import sys
from pathlib import Path

from openpyxl import load_workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import build_standard  # noqa: E402


def build(path: Path) -> None:
    where = build_standard(path)
    wb = load_workbook(path)
    ws = wb.active
    ws.cell(where["granted"], 3).number_format = "yyyy/m/d"
    ws.cell(where["new"], 9).number_format = 'yyyy"年"m"月"d"日"'
    out = ws.cell(where["carried_out"], 9)
    out.value = f"=SUM(C{where['carried_out']}:H{where['carried_out']})"
    out.number_format = "yyyy/m/d"
    typed = ws.cell(where["partial"], 4)
    typed.value = datetime.date(2021, 1, 10)
    typed.number_format = "yyyy/m/d"
    wb.save(path)
