"""The workbook of one real-layout case (tests/cases/<name>): built by its build.py, or committed as it is."""

from __future__ import annotations

import importlib.util
from pathlib import Path

CASES = Path(__file__).parent / "cases"
DEFAULT_NAME = "测试局2021年政府信息公开工作年度报告.xlsx"


def case_workbook(case: Path, folder: Path) -> Path:
    """Run the case's build.py into folder (under its FILENAME, else DEFAULT_NAME); without one, the case's
    single committed workbook itself (not copied)."""
    builder = case / "build.py"
    if builder.is_file():
        spec = importlib.util.spec_from_file_location(f"case_{case.name}", builder)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        path = folder / getattr(module, "FILENAME", DEFAULT_NAME)
        module.build(path)
        return path
    books = sorted([*case.glob("*.xls*"), *case.glob("*.ods")])
    assert len(books) == 1, f"{case.name}: expected build.py or exactly one workbook"
    return books[0]
