"""Only table 2 (the agency sent its 依申请公开 table alone), 2021 form, consistent."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import build_standard  # noqa: E402

FILENAME = "某局2021年政府信息公开工作年度报告.xlsx"


def build(path: Path) -> None:
    build_standard(path, t1=False, t3_values=False, titles=False)
