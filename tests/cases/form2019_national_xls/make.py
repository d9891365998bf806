"""Makes this case's committed workbook (run once; the harness reads the .xls, not this script):

    cd tests/cases/form2019_national_xls && /tmp/v/bin/python make.py
    soffice --headless --convert-to xls 某区司法局2019年政府信息公开工作年度报告.xlsx   # and: --convert-to ods

A 2019 report on the 2019 form in the national three-label-column layout (single （六） row merged over
the group and item columns), saved as legacy .xls (and .ods for ../form2019_national_ods) the way many
county offices still publish; injected error: 四、结转下年度继续办理 · 总计 typed 3 instead of 2.
"""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import t2_values, write_t1_2019, write_t2_national, write_t3_national  # noqa: E402

FILENAME = "某区司法局2019年政府信息公开工作年度报告.xlsx"


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "2019年报"
    ws["A1"] = "某区司法局2019年政府信息公开工作年度报告"
    ws.merge_cells("A1:J1")
    ws["A2"] = "二、主动公开政府信息情况"
    r = write_t1_2019(ws, 3) + 1
    ws.cell(r, 1, "三、收到和处理政府信息公开申请情况")
    values = t2_values("2019")
    values["carried_out"][6] = 3
    where = write_t2_national(ws, r + 1, version="2019", values=values)
    r = where["carried_out"] + 2
    ws.cell(r, 1, "四、政府信息公开行政复议、行政诉讼情况")
    write_t3_national(ws, r + 1)
    wb.save(path)


if __name__ == "__main__":
    build(Path(FILENAME))
