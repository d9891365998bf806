"""A 2021 report: 2021 table 1, but table 2 keeps the 2019 single （六）其他处理 row."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import build_standard, write_t1_2021  # noqa: E402

FILENAME = "某街道办事处2021年政府信息公开工作年度报告.xlsx"


def build(path: Path) -> None:
    build_standard(path, version="2019", t1=write_t1_2021)
