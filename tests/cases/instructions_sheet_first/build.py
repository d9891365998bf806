"""A provincial template whose first sheet is 填表说明: every row label of table 2 in form order, each
with its explanation in the same cell or the next one, the applicant headers in a row, and table 3's
headers as an example without numbers; a second sheet 说明 repeats the 勾稽关系. The data are on WPS's
default sheet names Sheet1/Sheet2/Sheet3 after them."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import (  # noqa: E402
    APPLICANTS,
    T2_2021,
    T3_LEAVES,
    write_t1_2021,
    write_t2_two_columns,
    write_t3_national,
)

FILENAME = "某市交通运输局2022年政府信息公开工作年度报告.xlsx"


def build(path: Path) -> None:
    wb = Workbook()
    note = wb.active
    note.title = "填表说明"
    note["A1"] = "填表说明"
    r = 2
    for key, group, label in T2_2021:
        if group and label.startswith("1."):
            note.cell(r, 1, f"{group}：按下列情形分别填写")
            r += 1
        if key in ("new", "carried_in"):
            note.cell(r, 1, f"{label}：填写本年度收到的申请件数")
        else:
            note.cell(r, 1, label)
            note.cell(r, 2, "按申请人类型分别填写件数")
        r += 1
    note.cell(r, 1, "申请人情况")
    for i, name in enumerate([*APPLICANTS, "总计"]):
        note.cell(r + 1, 1 + i, name)
    note.cell(r + 3, 1, "行政复议")
    note.cell(r + 3, 6, "行政诉讼")
    for i, leaf in enumerate(T3_LEAVES):
        note.cell(r + 4, 1 + i, leaf)
    note.cell(r + 6, 1, "本表数字均为件数，没有的填0，不得空白。")
    expl = wb.create_sheet("说明")
    expl["A1"] = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    expl["A2"] = (
        "一、本年新收政府信息公开申请数量 + 二、上年结转政府信息公开申请数量 = （七）总计 + 四、结转下年度继续办理"
    )
    expl["A3"] = "总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他"
    s1 = wb.create_sheet("Sheet1")
    s1["A1"] = "二、主动公开政府信息情况"
    write_t1_2021(s1, 2)
    s2 = wb.create_sheet("Sheet2")
    s2["A1"] = "三、收到和处理政府信息公开申请情况"
    write_t2_two_columns(s2, 2)
    s3 = wb.create_sheet("Sheet3")
    s3["A1"] = "四、政府信息公开行政复议、行政诉讼情况"
    write_t3_national(s3, 2)
    wb.save(path)
