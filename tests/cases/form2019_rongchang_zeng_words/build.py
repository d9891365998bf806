"""Table 1 as a Chongqing district bureau published its 2019 report: each block heading prefixed with the
act's name (中华人民共和国政府信息公开条例 第二十条第(一)项), 本年增/减 written with a word for its sign
('增1423', '增52'), 采购总金额 '23600万元' under the 2019 form's 元 column. Tables 2 and 3 all 0."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import T2_2019, write_block, write_t2_two_columns, write_t3_national  # noqa: E402

FILENAME = "重庆市荣昌区某局2019年政府信息公开工作年度报告.xlsx"
ACT = "中华人民共和国政府信息公开条例 "
THREE = ["上一年项目数量", "本年增/减", "处理决定数量"]


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"] = "二、主动公开政府信息情况"
    r = write_block(
        ws,
        2,
        1,
        ACT + "第二十条第(一)项",
        ["本年新制作数量", "本年新公开数量", "对外公开总数量"],
        [("规章", [0, 0, 0]), ("规范性文件", [1, 1, 1])],
    )
    r = write_block(
        ws,
        r,
        1,
        "第二十条第(五)项",
        THREE,
        [("行政许可", [421, "增1423", 1844]), ("其他对外管理服务事项", [0, 0, 0])],
    )
    r = write_block(
        ws, r, 1, "第二十条第(六)项", THREE, [("行政处罚", [18, "增52", 70]), ("行政强制", [0, 0, 0])]
    )
    r = write_block(ws, r, 1, "第二十条第(八)项", THREE[:2], [("行政事业性收费", [0, 0])])
    r = write_block(
        ws, r, 1, "第二十条第(九)项", ["采购项目数量", "采购总金额"], [("政府集中采购", [1, "23600万元"])]
    )
    ws.cell(r, 1, "三、收到和处理政府信息公开申请情况")
    zeros = {k: [0] * 7 for k, _g, _l in T2_2019 if k != "results"}
    where = write_t2_two_columns(ws, r + 1, version="2019", values=zeros)
    top = where["carried_out"] + 2
    ws.cell(top, 1, "四、政府信息公开行政复议、行政诉讼情况")
    write_t3_national(ws, top + 1, values=[0] * 15)
    wb.save(path)
