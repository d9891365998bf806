"""2020 report, 2019 form: table 3's 总计 cells are SUM formulas typed by the clerk; the 行政复议 one
stops one column short (=SUM(A{r}:C{r}), missing 尚未审结), so it shows 2 while the parts add up to 3.
Saved by openpyxl: no cached values, the formulas must be computed."""

import sys
from pathlib import Path

from openpyxl import load_workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import T3_VALUES, build_standard, write_t3_national  # noqa: E402

FILENAME = "某区教育局2020年政府信息公开工作年度报告.xlsx"


def build(path: Path) -> None:
    build_standard(path, version="2019", t3_values=False)
    wb = load_workbook(path)
    ws = wb.active
    top = ws.max_row + 2
    ws.cell(top, 1, "四、政府信息公开行政复议、行政诉讼情况")
    r = write_t3_national(ws, top + 1, values=T3_VALUES)
    ws.cell(r, 5, f"=SUM(A{r}:C{r})")
    ws.cell(r, 10, f"=SUM(F{r}:I{r})")
    ws.cell(r, 15, f"=SUM(K{r}:N{r})")
    wb.save(path)
