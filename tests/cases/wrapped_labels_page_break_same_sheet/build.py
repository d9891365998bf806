"""A Word-to-Excel conversion of the national table on one sheet: labels keep the Word line breaks in
mid-word ("只计这一情\\n形", "三、本年度办\\n理结果", "要求行政机关确认或重新\\n出具已获取信息", headers
"社会公益\\n组织", "法律服务\\n机构"), nothing is merged, and the page break after （三）4 repeats the three
header rows and the labels 三、本年度办理结果 / （三）不予公开 on the same sheet. Injected:
（三）6.属于四类过程性信息 · 总计 typed 3 for 2 (right after the page break)."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import T2_2021, t2_values, write_t1_2021, write_t3_national  # noqa: E402

WRAP = {
    "partial": "（二）部分公开（区分处理的，只计这一情\n形，不计其他情形）",
    "not_processed_confirm": "5.要求行政机关确认或重新\n出具已获取信息",
    "other_overdue_correction": "1.申请人无正当理由逾期不补\n正、行政机关不再处理其政府信息公开申请",
    "other_overdue_fee": "2.申请人逾期未按收费通知要求缴\n纳费用、行政机关不再处理其政府信息公开申请",
}
HEADS = ["自然人", "商业企业", "科研机构", "社会公益\n组织", "法律服务\n机构", "其他"]


def _header(ws, top: int) -> int:
    ws.cell(top, 1, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
    ws.cell(top, 4, "申请人情况")
    ws.cell(top + 1, 4, HEADS[0])
    ws.cell(top + 1, 5, "法人或其他组织")
    ws.cell(top + 1, 10, "总计")
    for i, h in enumerate(HEADS[1:]):
        ws.cell(top + 2, 5 + i, h)
    return top + 3


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"] = "二、主动公开政府信息情况"
    r = write_t1_2021(ws, 2) + 1
    ws.cell(r, 1, "三、收到和处理政府信息公开申请情况")
    r = _header(ws, r + 1)
    v = t2_values()
    v["refused_process"][6] = 3
    first_result = True
    for key, group, label in T2_2021:
        if key == "results":
            continue
        label = WRAP.get(key, label)
        if key in ("new", "carried_in", "carried_out"):
            ws.cell(r, 1, label)
        else:
            if first_result:
                ws.cell(r, 1, "三、本年度办\n理结果")
                first_result = False
            if group:
                ws.cell(r, 3, label)
                if label.startswith("1."):
                    ws.cell(r, 2, group)
            else:
                ws.cell(r, 2, label)
        for i, x in enumerate(v[key]):
            ws.cell(r, 4 + i, x)
        r += 1
        if key == "refused_third_party":  # page break: the header and the running labels again
            r = _header(ws, r)
            ws.cell(r, 1, "三、本年度办理结果")
            ws.cell(r, 2, "（三）不予公开")
    ws.cell(r + 1, 1, "四、政府信息公开行政复议、行政诉讼情况")
    write_t3_national(ws, r + 2, merge=False)
    wb.save(path)
