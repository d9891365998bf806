"""Totals typed as =SUM(B21:H21): the range starts at the row's label cell (column B holds the item's
label, or the empty right half of a label merged over A:B), which SUM skips as text, so every total
computes its six parts. The （四）1 总计 formula also stops one column short (=SUM(B34:G34)): it misses
the 其他 part, a real mismatch."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import build_standard, col  # noqa: E402
from openpyxl import load_workbook  # noqa: E402


def build(path: Path) -> None:
    where = build_standard(path)
    wb = load_workbook(path)
    ws = wb.active
    for key, r in where.items():
        if key.startswith("_"):
            continue
        last = "G" if key == "unable_not_held" else "H"
        ws[f"I{r}"] = f"=SUM(B{r}:{last}{r})"
    first, last = where["granted"], where["other_other"]
    for c in range(3, 10):
        ws[f"{col(c)}{where['handled_total']}"] = f"=SUM({col(c)}{first}:{col(c)}{last})"
    wb.save(path)
