"""A real published error: （七）总计 disagrees with its items. The clerk balanced 一＋二＝（七）＋四 by
hand, but （四）1 was typed one higher in 自然人 and its row total follows it (5 and 8)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import build_standard, t2_values  # noqa: E402


def build(path: Path) -> None:
    values = t2_values()
    values["unable_not_held"] = [5, 1, 0, 0, 1, 1, 8]
    build_standard(path, values=values)
