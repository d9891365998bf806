"""The whole 总计 column of table 2 left blank (a real published case): every blank is determined."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import build_standard, t2_values  # noqa: E402


def build(path: Path) -> None:
    values = {k: [*v[:6], None] for k, v in t2_values().items()}
    build_standard(path, values=values)
