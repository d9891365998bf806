"""Two injected typos at once, in different rows and columns: （四）1 · 商业企业 10 for 1 and
一、本年新收 · 总计 43 for 34."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import build_standard, t2_values  # noqa: E402


def build(path: Path) -> None:
    v = t2_values()
    v["unable_not_held"][1] = 10
    v["new"][6] = 43
    build_standard(path, values=v)
