"""A 2022 report still filled in on the 2019 form (old table 1 blocks, one （六） row)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import build_standard  # noqa: E402

FILENAME = "某镇人民政府2022年政府信息公开工作年度报告.xlsx"


def build(path: Path) -> None:
    build_standard(path, version="2019", sheet="2022年报")
