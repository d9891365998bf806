"""A PDF-to-Excel conversion that pads cells: numbers with a no-break space or full-width space around them
("12\\xa0", "\\u30001"), cells holding only spaces where the PDF cell was empty (" ", "\\u3000", "\\xa0"),
labels with no-break spaces inside (商业\\xa0企业, （三）不予\\xa0公开). Injected: （二）部分公开 · 自然人
typed 30 for 3 (a stray zero)."""

import sys
from pathlib import Path

from openpyxl import load_workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import build_standard, t2_values  # noqa: E402


def build(path: Path) -> None:
    v = t2_values()
    v["granted"] = ["10\xa0", "\xa03", 1, "0 ", 1, 0, "\u300015"]
    v["partial"] = [30, 1, 0, 0, 0, 0, 4]
    v["refused_state_secret"] = [" ", "\u3000", "\xa0", " \xa0", "", "  ", " "]
    where = build_standard(path, values=v)
    wb = load_workbook(path)
    ws = wb.active
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == "商业企业":
                cell.value = "商业\xa0企业"
            elif cell.value == "（三）不予公开":
                cell.value = "（三）不予\xa0公开"
    assert where
    wb.save(path)
