"""A city public-security bureau's macro-enabled provincial template (.xlsm) exported from WPS: table 2's
counts run into the thousands and were exported as text with thousands separators ("1,200", full-width
"１，０８０"), the national three-label-column layout, tables 1 and 3 on sheets 表1 and 表3.
Injected: （四）1.本机关不掌握 · 自然人 408 for 480."""

import sys
import zipfile
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import T3_VALUES, t2_values, write_t1_2021, write_t2_national, write_t3_national  # noqa: E402

FILENAME = "某市公安局2022年政府信息公开工作年度报告.xlsm"
_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_MACRO = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"


def _text(n: int, full: bool = False) -> str | int:
    if n < 1000:
        return n
    s = f"{n:,}"
    if full:  # WPS with a Chinese input method: full-width digits and comma
        s = s.translate(str.maketrans("0123456789,", "０１２３４５６７８９，"))
    return s


def build(path: Path) -> None:
    v = {k: [x * 120 for x in row] for k, row in t2_values().items()}
    text = {k: [_text(x, full=(k == "new")) for x in row] for k, row in v.items()}
    text["unable_not_held"][0] = 408  # typed for 480: breaks its row total and the 自然人 column sum
    wb = Workbook()
    ws = wb.active
    ws.title = "表1"
    ws["A1"] = "二、主动公开政府信息情况"
    write_t1_2021(ws, 2)
    ws2 = wb.create_sheet("表2")
    ws2["A1"] = "三、收到和处理政府信息公开申请情况"
    write_t2_national(ws2, 2, values=text)
    ws3 = wb.create_sheet("表3")
    ws3["A1"] = "四、政府信息公开行政复议、行政诉讼情况"
    write_t3_national(ws3, 2, values=T3_VALUES)
    tmp = path.with_suffix(".tmp.xlsx")
    wb.save(tmp)
    # a real .xlsm declares the macro-enabled workbook part
    with zipfile.ZipFile(tmp) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(_MAIN.encode(), _MACRO.encode())
            dst.writestr(item, data)
    tmp.unlink()
