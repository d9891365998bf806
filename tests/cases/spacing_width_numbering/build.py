"""Numbering and spacing as retyped by hand: half-width (一) with inner spaces "( 一 )", items numbered
"(1)" and "1．" (full-width stop) and "1）", labels padded with full-width spaces, 总 计 with a space, the
seed's 其他法律法规禁止公开, header cells split over two rows by a PDF converter (商业企 / 业), and
table 3's headers with line breaks (结果\\n维持). One injected error: 四、结转 · 法律服务机构 typed 11 for 1."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import T2_2021, T3_VALUES, t2_values, write_t1_2021  # noqa: E402

FILENAME = "某县自然资源局2022年政府信息公开工作年度报告.xlsx"
GROUPS = {
    "（三）不予公开": "(三) 不予公开",
    "（四）无法提供": "( 四 )无法提供",
    "（五）不予处理": "（五） 不予处理",
    "（六）其他处理": "(六)其他处理",
}
LABELS = {
    "new": "一、 本年新收政府信息公开申请数量",
    "carried_in": "二、\u3000上年结转政府信息公开申请数量",
    "granted": "( 一 ) 予以公开",
    "partial": "(二)部分公开(区分处理的,只计这一情形,不计其他情形)",
    "refused_other_laws": "2.其他法律法规禁止公开",
    "handled_total": "(七)总 计",
    "carried_out": "四、结转下年度继续办理\u3000\u3000",
}


def _item(key: str, group: str, label: str) -> str:
    if key == "refused_other_laws":
        return "(2)其他法律法规禁止公开"
    n, text = label.split(".", 1)
    style = {
        "（三）不予公开": f"({n}){text}",
        "（四）无法提供": f"{n}．{text}",
        "（五）不予处理": f"{n}）{text}",
    }
    return style.get(group, f"{n}、{text}")


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    r = write_t1_2021(ws, 1) + 1
    top = r
    ws.cell(top, 1, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
    ws.cell(top, 3, "申请人情况")
    ws.cell(top + 1, 3, "自然人")
    ws.cell(top + 1, 4, "法人或其他组织")
    ws.cell(top + 1, 9, "总 计")
    for i, (a, b) in enumerate(
        [("商业企", "业"), ("科研机", "构"), ("社会公益", "组织"), ("法律服务", "机构"), ("其他", None)]
    ):
        ws.cell(top + 2, 4 + i, a)
        if b:
            ws.cell(top + 3, 4 + i, b)
    values = t2_values()
    values["carried_out"][4] = 11
    r = top + 4
    for key, group, label in T2_2021:
        if key == "results":
            ws.cell(r, 1, "三、本年度办理结果")
            r += 1
            continue
        if group and label.startswith("1."):
            ws.cell(r, 1, GROUPS[group])
        ws.cell(r, 2 if group else 1, _item(key, group, label) if group else LABELS.get(key, label))
        for i, v in enumerate(values[key]):
            ws.cell(r, 3 + i, v)
        r += 1
    ws.cell(r + 1, 1, "四、政府信息公开行政复议、行政诉讼情况")
    top = r + 2
    ws.cell(top, 1, "行政复议")
    ws.cell(top, 6, "行政诉讼")
    ws.cell(top + 1, 6, "未经复议\n直接起诉")
    ws.cell(top + 1, 11, "复议后\n起诉")
    leaves = ["结果\n维持", "结果\n纠正", "其他\n结果", "尚未\n审结", "总\n计"]
    for i, leaf in enumerate(leaves):
        ws.cell(top + 1, 1 + i, leaf)
        ws.cell(top + 2, 6 + i, leaf)
        ws.cell(top + 2, 11 + i, leaf)
    for i, v in enumerate(T3_VALUES):
        ws.cell(top + 3, 1 + i, v)
    wb.save(path)
