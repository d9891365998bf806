"""Totals broken by Excel errors after a clerk deleted and re-inserted a column: （四）1 · 总计 shows #REF!
(pasted as values, an error cell), （五）1 · 总计 is =SUM(#REF!) without a cached value, 行政复议·总计 shows
#DIV/0!. Everything else is consistent, so each total is determined by its parts."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import T3_VALUES, build_standard, t2_values  # noqa: E402


def build(path: Path) -> None:
    v = t2_values()
    v["unable_not_held"][6] = "#REF!"
    v["not_processed_petition"][6] = "=SUM(#REF!)"
    t3 = list(T3_VALUES)
    t3[4] = "#DIV/0!"
    build_standard(path, values=v, t3_values=t3)
