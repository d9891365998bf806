"""A 2020 report on a province's 2019-form template (as published by a Hubei city bureau): every table-1
header carries a filling note in brackets (上一年项目数量(指2019年事项数), 本年增/减(指2020年增加或减少的事项数,
减用负值表示,如-8), 处理决定数量(指2020年办件量)), headers broken by a space (本年新 制作数量), row labels
with long explanations (规范性文件(行政机关制定发布的决定、公告……一般情况下属于规范性文件)), an added
row 其他主动公开文件(…) in block (一), '-' for 行政强制's decisions, a blank fee row, half-width brackets
in the block headings. Tables 2 and 3 on the 2019 form, consistent."""

import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import write_block, write_t2_two_columns, write_t3_national  # noqa: E402

FILENAME = "武汉市某局2020年政府信息公开工作年度报告.xlsx"
PREV = "上一年项目数量(指2019年事项数)"
CHANGE = "本年增/减(指2020年增加或减少的事项数,减用负值表示,如-8)"
DECIDED = "处理决定数量(指2020年办件量)"


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"] = "二、主动公开政府信息情况"
    r = 2
    r = write_block(
        ws,
        r,
        1,
        "第二十条第(一)项",
        ["本年新 制作数量", "本年新 公开数量", "对外公开总数量"],
        [
            ("规章(设区的市、自治州人民政府应提供相关数据)", [0, 0, 0]),
            (
                "规范性文件(行政机关制定发布的决定、公告、通告、意见、通知，以及标题采用“规定”“办法”“细则”"
                "“规范”“规程”“规则”等字样的公文，一般情况下属于规范性文件)",
                [2, 2, 19],
            ),
            (
                "其他主动公开文件(含以本单位或本单位办公室名义正式签发的、除规范性文件以外的主动公开文件)",
                [186, 86, 255],
            ),
        ],
    )
    r = write_block(
        ws,
        r,
        1,
        "第二十条第(五)项",
        [PREV, CHANGE, DECIDED],
        [
            ("行政许可", [8, 5, 93]),
            (
                "其他对外管理服务事项(指行政许可以外的政务服务事项，含行政确认、行政奖励、行政裁决、行政给付等)",
                [117, 0, 165],
            ),
        ],
    )
    r = write_block(
        ws,
        r,
        1,
        "第二十条第(六)项",
        [PREV, CHANGE, DECIDED],
        [
            ("行政处罚", [90, 0, 22]),
            ("行政强制", [4, 4, "-"]),
        ],
    )
    r = write_block(ws, r, 1, "第二十条第(八)项", [PREV, CHANGE], [("行政事业性收费", [None, None])])
    r = write_block(
        ws,
        r,
        1,
        "第二十条第(九)项",
        ["采购项目数量(指2020年采购项目数)", "采购总金额(万元)"],
        [
            ("政府集中采购", [3, 126.45]),
        ],
    )
    ws.cell(r + 1, 1, "三、收到和处理政府信息公开申请情况")
    where = write_t2_two_columns(ws, r + 2, version="2019")
    top = where["carried_out"] + 2
    ws.cell(top, 1, "四、政府信息公开行政复议、行政诉讼情况")
    write_t3_national(ws, top + 1)
    wb.save(path)
