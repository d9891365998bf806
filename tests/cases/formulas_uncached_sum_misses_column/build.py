"""Totals as formulas saved without cached values (openpyxl writes none): =SUM(C21:H21) in every 总计
cell and =SUM(...) for （七）总计; the 总计 formula of （四）1 misses the 其他 column (=SUM(C34:G34))."""

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
        ws[f"I{r}"] = f"=SUM(C{r}:{last}{r})"
    first, last = where["granted"], where["other_other"]
    for c in range(3, 10):
        ws[f"{col(c)}{where['handled_total']}"] = f"=SUM({col(c)}{first}:{col(c)}{last})"
    wb.save(path)
