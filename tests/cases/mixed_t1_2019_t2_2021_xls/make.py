"""Makes this case's committed workbook (run once; the harness reads the .xls, not this script):

    cd tests/cases/mixed_t1_2019_t2_2021_xls && /tmp/v/bin/python make.py
    soffice --headless --convert-to xls 某县自然资源局2022年政府信息公开工作年度报告.xlsx && rm *.xlsx

A 2022 report in a workbook kept from 2020: table 1 still the 2019 form (政府集中采购 …), table 2 the 2021
form in the national three-label-column layout with three （六） items, table 3 with a 项目 corner and a
件数 row label; one sheet per table, saved as .xls. Injected: 四、结转下年度继续办理·法律服务机构 typed 0
instead of 1 (breaks its row total and the balance of its column).
"""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import t2_values, write_t1_2019, write_t2_national, write_t3_national  # noqa: E402

FILENAME = "某县自然资源局2022年政府信息公开工作年度报告.xlsx"


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "表一"
    ws["A1"] = "二、主动公开政府信息情况"
    write_t1_2019(ws, 2)
    ws = wb.create_sheet("表二")
    ws["A1"] = "三、收到和处理政府信息公开申请情况"
    values = t2_values("2021")
    values["carried_out"][4] = 0
    write_t2_national(ws, 2, version="2021", values=values)
    ws = wb.create_sheet("表三")
    ws["A1"] = "四、政府信息公开行政复议、行政诉讼情况"
    data = write_t3_national(ws, 2, left=2)
    ws.cell(2, 1, "项目")
    ws.merge_cells(start_row=2, start_column=1, end_row=4, end_column=1)
    ws.cell(data, 1, "件数")
    wb.save(path)


if __name__ == "__main__":
    build(Path(FILENAME))
