"""A 2020 report on the 2019 form: 本年增/减 negative (-3, -1), 采购总金额 "251000元", one （六） row."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import build_standard  # noqa: E402

FILENAME = "某县教育局2020年政府信息公开工作年度报告.xlsx"


def build(path: Path) -> None:
    build_standard(path, version="2019")
