"""Both kinds of total left blank, the 总计 column and the （七）总计 row, and a typo besides: （四）1 ·
自然人 14 for 4. The 自然人 column's items then add up to 35 for （七）总计, which the balance
一＋二＝（七）总计＋四 (26 = C45 + 1) cannot take: the balance is unsatisfiable, and the message says why
(C45 must be 35 by the column's sum), not merely that the blank side is "at least 1". Four single-cell
changes settle it; the totals that all four determine alike are filled."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import build_standard, t2_values  # noqa: E402


def build(path: Path) -> None:
    values = {k: [*v[:6], None] for k, v in t2_values().items()}
    values["handled_total"] = [None] * 7
    values["unable_not_held"][0] = 14
    build_standard(path, values=values)
