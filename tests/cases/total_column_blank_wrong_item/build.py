"""The whole 总计 column left blank (as in a real published report) and, besides, a typo in an item:
（二）部分公开 · 商业企业 4 for 1. With no row totals only the 商业企业 column's sum catches the typo, and
two single-cell changes settle it ((一) · 商业企业 3→0, or (二) · 商业企业 4→1): the break is reported
with both, not guessed. The blank totals of every row but those two add up the same either way, so they
are filled; the two rows' totals depend on which change is made and are asked about."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import build_standard, t2_values  # noqa: E402


def build(path: Path) -> None:
    values = {k: [*v[:6], None] for k, v in t2_values().items()}
    values["partial"][1] = 4
    build_standard(path, values=values)
