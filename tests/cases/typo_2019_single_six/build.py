"""A 2019 report (2019 form, single （六）其他处理 row) whose （六） · 自然人 was typed 10 instead of 1."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import build_standard, t2_values  # noqa: E402

FILENAME = "某县农业农村局2019年政府信息公开工作年度报告.xlsx"


def build(path: Path) -> None:
    v = t2_values("2019")
    v["other_handling"][0] = 10
    build_standard(path, version="2019", values=v)
