"""Table 2 as a Guangdong district bureau published its 2020 report (2019 form, national layout): only
自然人 and 总计 typed, every 法人或其他组织 cell left blank, rows with no requests blank too; table 1 with
'+1', '+173', '-2' in 本年增/减 and '184719元' as 采购总金额. Consistent: the blanks are all 0."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import T2_2019, write_block, write_t2_national, write_t3_national  # noqa: E402

FILENAME = "某区发展和改革局2020年政府信息公开工作年度报告.xlsx"
THREE = ["上一年项目数量", "本年增/减", "处理决定数量"]
NATURAL = {
    "new": 25,
    "granted": 7,
    "partial": 1,
    "unable_not_held": 10,
    "not_processed_petition": 2,
    "not_processed_repeated": 2,
    "handled_total": 22,
    "carried_out": 3,
}


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"] = "二、主动公开政府信息情况"
    r = write_block(
        ws,
        2,
        1,
        "第二十条第(一)项",
        ["本年新制作数量", "本年新公开数量", "对外公开总数量"],
        [("规章", [0, 0, 0]), ("规范性文件", [1, 1, 2])],
    )
    r = write_block(
        ws,
        r,
        1,
        "第二十条第(五)项",
        THREE,
        [("行政许可", [22, "+1", 23]), ("其他对外管理服务事项", [1168, "+173", 1341])],
    )
    r = write_block(
        ws, r, 1, "第二十条第(六)项", THREE, [("行政处罚", [2, "-2", 0]), ("行政强制", [0, 0, 0])]
    )
    r = write_block(ws, r, 1, "第二十条第(八)项", THREE[:2], [("行政事业性收费", [0, 0])])
    r = write_block(
        ws, r, 1, "第二十条第(九)项", ["采购项目数量", "采购总金额"], [("政府集中采购", [22, "184719元"])]
    )
    ws.cell(r, 1, "三、收到和处理政府信息公开申请情况")
    values = {
        k: ([n, None, None, None, None, None, n] if (n := NATURAL.get(k)) else [None] * 7)
        for k, _g, _l in T2_2019
        if k != "results"
    }
    values["carried_in"] = [None] * 6 + [0]
    where = write_t2_national(ws, r + 1, version="2019", values=values)
    top = where["carried_out"] + 2
    ws.cell(top, 1, "四、政府信息公开行政复议、行政诉讼情况")
    write_t3_national(ws, top + 1, values=[0] * 15)
    wb.save(path)
