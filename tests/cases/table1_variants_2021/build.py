"""Table 1 as provinces print it: 规章 with an explanation, the 本年废纸件数 typo, a fee header with
保留4位小数 and a fee of 59237.2449 (万元) stored as a number."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from functools import partial  # noqa: E402

from _common import build_standard, write_t1_2021  # noqa: E402

FILENAME = "某市财政局2021年政府信息公开工作年度报告.xlsx"


def build(path: Path) -> None:
    t1 = partial(
        write_t1_2021,
        rules_label="规章(设区的市、自治州人民政府应提供相关数据)",
        repealed="本年废纸件数",
        fee_header="本年收费金额（单位：万元，保留4位小数）",
        fee=59237.2449,
    )
    build_standard(path, t1=t1)
