"""Placeholders for zero ("-", "—", "/", "无", "不适用"), full-width digits "２４", a count "3件",
numbers stored as text "34"."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import build_standard, t2_values  # noqa: E402


def build(path: Path) -> None:
    v = t2_values()
    v["refused_security"] = ["-", "—", "/", "无", "不适用", 0, 0]
    v["new"] = ["２４", 5, 1, 0, 3, 1, "34"]
    v["partial"] = ["3件", 1, 0, 0, 0, 0, 4]
    build_standard(path, values=v)
