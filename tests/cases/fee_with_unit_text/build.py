"""A fee written with its unit in the cell, as published: "547.9659万元" under 本年收费金额（单位：万元）,
and a fee header without any unit."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from functools import partial  # noqa: E402

from _common import build_standard, write_t1_2021  # noqa: E402

FILENAME = "某区市场监督管理局2023年政府信息公开工作年度报告.xlsx"


def build(path: Path) -> None:
    build_standard(path, t1=partial(write_t1_2021, fee="547.9659万元"))
