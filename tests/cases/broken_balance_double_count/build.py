"""A real published error: a request counted both under a result and as 结转下年度: 四、结转下年度 ·
自然人 is 2 instead of 1 (its row total 3 follows), so 一＋二 ≠ （七）＋四 in two columns."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import build_standard, t2_values  # noqa: E402


def build(path: Path) -> None:
    values = t2_values()
    values["carried_out"] = [2, 0, 0, 0, 1, 0, 3]
    build_standard(path, values=values)
