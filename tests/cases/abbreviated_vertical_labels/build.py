"""Labels as clerks retype them: abbreviated （二）部分公开, 1.逾期不补正, 2.逾期不缴费, the typo
其他法律行政止公开, spaces （三）不予 公开 and 商业 企业, a vertical 自\n然\n人, ASCII quotes around
三安全一稳定, 1、 numbering, and a 合计 column instead of 总计."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import T2_2021, t2_values, write_t1_2021, write_t3_national  # noqa: E402
from openpyxl import Workbook  # noqa: E402

LABELS = {
    "partial": "（二）部分公开",
    "refused_other_laws": "2、其他法律行政止公开",
    "refused_security": '3、危及"三安全一稳定"',
    "other_overdue_correction": "1.逾期不补正",
    "other_overdue_fee": "2.逾期不缴费",
}


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "附件"
    ws["A1"] = "二、主动公开政府信息情况"
    r = write_t1_2021(ws, 2) + 1
    ws.cell(r, 1, "三、收到和处理政府信息公开申请情况")
    top = r + 1
    ws.cell(top, 3, "申请人情况")
    ws.cell(top + 1, 3, "自\n然\n人")
    ws.cell(top + 1, 4, "法人或其他组织")
    ws.cell(top + 1, 9, "合计")
    for i, name in enumerate(["商业 企业", "科研机构", "社会公益 组织", "法律服务机构", "其他"]):
        ws.cell(top + 2, 4 + i, name)
    ws.merge_cells(start_row=top, start_column=3, end_row=top, end_column=9)
    ws.merge_cells(start_row=top + 1, start_column=4, end_row=top + 1, end_column=8)
    values = t2_values()
    r = top + 3
    spans: dict[str, list[int]] = {}
    for key, group, label in T2_2021:
        label = LABELS.get(key, label).replace(".", "、", 1) if group else LABELS.get(key, label)
        if key == "results":
            continue
        if group:
            spans.setdefault(group.replace("（三）不予公开", "（三）不予 公开"), []).append(r)
            ws.cell(r, 2, label)
        else:
            ws.cell(r, 1, label)
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=2)
        for i, v in enumerate(values[key]):
            ws.cell(r, 3 + i, v)
        r += 1
    for group, rs in spans.items():
        ws.cell(rs[0], 1, group)
        ws.merge_cells(start_row=rs[0], start_column=1, end_row=rs[-1], end_column=1)
    ws.cell(r + 1, 1, "四、政府信息公开行政复议、行政诉讼情况")
    write_t3_national(ws, r + 2)
    wb.save(path)
