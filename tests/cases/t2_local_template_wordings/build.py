"""Table 2 with the wordings of older and local templates: 本年度新收… / 上年度结转… / 结转下一年度继续办理,
本年度办理结果 on a row of its own, 法人或者其他组织, 申请人类别 for 申请人情况, item labels without 属于 and
with a trailing 的 (国家秘密的, 内部事务信息), 其他法律、行政法规禁止公开, 重复申请的; injected:
（五）2.重复申请 · 商业企业 typed 2 for 1."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import T2_2021, t2_values, write_t1_2021, write_t2_two_columns, write_t3_national  # noqa: E402

FILENAME = "某市医疗保障局2023年政府信息公开工作年度报告.xlsx"
WORDS = {
    "new": "一、本年度新收政府信息公开申请数量",
    "carried_in": "二、上年度结转政府信息公开申请数量",
    "results": "三、本年度办理结果",
    "refused_state_secret": "1.国家秘密的",
    "refused_other_laws": "2.其他法律、行政法规禁止公开的",
    "refused_security": "3.危及“三安全一稳定”的",
    "refused_third_party": "4.保护第三方合法权益的",
    "refused_internal": "5.三类内部事务信息",
    "refused_process": "6.四类过程性信息",
    "refused_enforcement_file": "7.行政执法案卷",
    "refused_query": "8.行政查询事项",
    "not_processed_repeated": "2.重复申请的",
    "carried_out": "四、结转下一年度继续办理",
}


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "年报"
    ws["A1"] = "二、主动公开政府信息情况"
    r = write_t1_2021(ws, 2) + 1
    ws.cell(r, 1, "三、收到和处理政府信息公开申请情况")
    rows = [(k, g, WORDS.get(k, label)) for k, g, label in T2_2021]
    values = t2_values()
    values["not_processed_repeated"][1] = 2
    where = write_t2_two_columns(ws, r + 1, rows=rows, values=values)
    ws.cell(r + 1, 3, "申请人类别")
    ws.cell(r + 2, 4, "法人或者其他组织")
    r = max(where.values()) + 2
    ws.cell(r, 1, "四、政府信息公开行政复议、行政诉讼情况")
    write_t3_national(ws, r + 1)
    wb.save(path)
