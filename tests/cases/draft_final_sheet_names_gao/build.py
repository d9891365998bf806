"""Two copies of the report on sheets named for their drafting stage, as offices name document versions:
"年报（征求意见稿）" first (its 一、本年新收 · 自然人 still 23, so its row and balance break), then
"年报（修改稿）" with the figures corrected. 征求意见稿 is a draft and 修改稿 the revised copy: the
revised one is checked, the other named in a duplicate-table warning."""

import sys
from pathlib import Path

from openpyxl import load_workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import build_standard, t2_values  # noqa: E402

FILENAME = "某镇人民政府2021年政府信息公开工作年度报告.xlsx"


def build(path: Path) -> None:
    draft = t2_values()
    draft["new"][0] = 23
    where = build_standard(path, values=draft, sheet="年报（征求意见稿）")
    wb = load_workbook(path)
    final = wb.copy_worksheet(wb["年报（征求意见稿）"])
    final.title = "年报（修改稿）"
    final.cell(where["new"], 3, 24)
    wb.save(path)
