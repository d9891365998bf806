"""Makes this case's committed workbook (run once; the harness reads the .xls, not this script):

    cd tests/cases/form2019_xls_two_label_columns && /tmp/v/bin/python make.py
    soffice --headless --convert-to xls 某街道办事处2019年政府信息公开工作年度报告.xlsx && rm *.xlsx

A 2019 report on the 2019 form, two label columns, saved as Excel 97-2003 (.xls) as a street office's WPS
does. Injected: 采购总金额 typed "35.6万元" under the plain header (the 2019 form's amount is in 元),
（一）予以公开·自然人 typed 11 instead of 10 (breaks its row total and its column's sum), 行政复议·结果纠正
typed "1 件".
"""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import t2_values, write_t1_2019, write_t2_two_columns, write_t3_national  # noqa: E402

FILENAME = "某街道办事处2019年政府信息公开工作年度报告.xlsx"


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "附表"
    ws["A1"] = "二、主动公开政府信息情况"
    r = write_t1_2019(ws, 2, purchase="35.6万元") + 1
    ws.cell(r, 1, "三、收到和处理政府信息公开申请情况")
    values = t2_values("2019")
    values["granted"][0] = 11
    where = write_t2_two_columns(ws, r + 1, version="2019", values=values)
    r = where["carried_out"] + 2
    ws.cell(r, 1, "四、政府信息公开行政复议、行政诉讼情况")
    data = write_t3_national(ws, r + 1)
    ws.cell(data, 2, "1 件")
    wb.save(path)


if __name__ == "__main__":
    build(Path(FILENAME))
