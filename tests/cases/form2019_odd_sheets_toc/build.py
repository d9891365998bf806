"""A 2020 report on the 2019 form, tables on oddly named sheets in an odd order: a 目录 sheet listing every
section title, table 2 on 附件 (a 单位：件 line above), table 1 on Sheet1 with a 单位：万元 note on the
procurement heading, table 3 on 表三（复议诉讼）. No section titles above the tables. Injected:
二、上年结转 · 总计 typed 4 for 3 (breaks its row total and the 总计 balance)."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import t2_values, write_t1_2019, write_t2_two_columns, write_t3_national  # noqa: E402

FILENAME = "某县卫生健康委员会2020年政府信息公开工作年度报告.xlsx"


def build(path: Path) -> None:
    wb = Workbook()
    toc = wb.active
    toc.title = "目录"
    for i, t in enumerate(
        [
            "一、总体情况",
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况",
            "五、存在的主要问题及改进情况",
            "六、其他需要报告的事项",
        ]
    ):
        toc.cell(i + 1, 1, t)
        toc.cell(i + 1, 2, i + 1)  # page numbers
    t2 = wb.create_sheet("附件")
    t2["I1"] = "单位：件"
    v = t2_values("2019")
    v["carried_in"][6] = 4
    write_t2_two_columns(t2, 2, version="2019", values=v)
    t1 = wb.create_sheet("Sheet1")
    write_t1_2019(t1, 1, purchase=25.1)
    t1["D17"] = "单位：万元"
    t3 = wb.create_sheet("表三（复议诉讼）")
    write_t3_national(t3, 1)
    wb.save(path)
