"""A decimal in a count cell (2.5) and a negative count (-1) in table 2."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import build_standard, t2_values  # noqa: E402


def build(path: Path) -> None:
    v = t2_values()
    v["refused_process"] = [2.5, 0, 0, 0, 0, 0, 2]
    v["refused_query"] = [0, 0, 0, -1, 0, 0, 0]
    build_standard(path, values=v)
