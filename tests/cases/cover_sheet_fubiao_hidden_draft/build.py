"""A cover sheet holding the title, the agency's seal line and the date it was signed (2023年1月, the
year after the report year), then one sheet per table named 附表1..附表3 with a caption each, and a
hidden sheet 附表2（草稿） with last week's filled draft of table 2 (different numbers, an error).
Injected in the real 附表2: 二、上年结转 · 总计 typed 4 (the row adds up to 3)."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import t2_values, write_t1_2021, write_t2_two_columns, write_t3_national  # noqa: E402

FILENAME = "年报数据.xlsx"


def build(path: Path) -> None:
    wb = Workbook()
    cover = wb.active
    cover.title = "封面"
    cover["A3"] = "某市生态环境局2022年政府信息公开工作年度报告"
    cover.merge_cells("A3:H3")
    cover["A6"] = "填报单位（盖章）：某市生态环境局"
    cover["A7"] = "填报人：张三    联系电话：0000-12345678"
    cover["A8"] = "2023年1月18日"
    t1 = wb.create_sheet("附表1")
    t1["A1"] = "附表1  主动公开政府信息情况"
    write_t1_2021(t1, 2)
    draft = wb.create_sheet("附表2（草稿）")
    old = t2_values()
    old["granted"][0] = 9
    write_t2_two_columns(draft, 2, values=old)
    draft["A1"] = "附表2  收到和处理政府信息公开申请情况"
    draft.sheet_state = "hidden"
    t2 = wb.create_sheet("附表2")
    t2["A1"] = "附表2  收到和处理政府信息公开申请情况"
    values = t2_values()
    values["carried_in"][6] = 4
    write_t2_two_columns(t2, 2, values=values)
    t3 = wb.create_sheet("附表3")
    t3["A1"] = "附表3  政府信息公开行政复议、行政诉讼情况"
    write_t3_national(t3, 2)
    wb.save(path)
