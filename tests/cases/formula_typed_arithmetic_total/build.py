"""Totals typed as arithmetic over numbers, the spreadsheet as a calculator: 一、本年新收 · 总计 is
=24+5+1+0+3+2 (35; the parts add to 34), （一）予以公开 · 总计 is =15 and （二）部分公开 · 总计
=SUM(3,1) (both right). A formula reading no cell is a typed number: the wrong one is located and
corrected like one (there are no references to ask the clerk to check)."""

import sys
from pathlib import Path

from openpyxl import load_workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import build_standard  # noqa: E402


def build(path: Path) -> None:
    where = build_standard(path)
    wb = load_workbook(path)
    ws = wb.active
    ws[f"I{where['new']}"] = "=24+5+1+0+3+2"
    ws[f"I{where['granted']}"] = "=15"
    ws[f"I{where['partial']}"] = "=SUM(3,1)"
    wb.save(path)
