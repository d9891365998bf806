"""A 2021 report that kept the 2019 table 1 (政府集中采购 …) but uses the 2021 table 2 with three
（六） items: the transition year's mixed template."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import build_standard, write_t1_2019  # noqa: E402

FILENAME = "某县交通运输局2021年政府信息公开工作年度报告.xlsx"


def build(path: Path) -> None:
    build_standard(path, version="2021", t1=write_t1_2019)
