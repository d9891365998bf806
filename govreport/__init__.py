"""govreport: check, complete and correct the tables of 政府信息公开工作年度报告.

The public API; these names stay stable, the modules behind them may move::

    import govreport

    report = govreport.check_file("年报.xlsx")          # -> FileReport (findings, status, to_dict())
    result = govreport.fill_file("年报.xlsx")           # -> FillResult (changes, the corrected copy)
    batch = govreport.run_batch(["各单位年报/"])         # -> BatchReport (per file, cross-file, totals)

Each name is imported on first use, so `import govreport` stays light (fill loads openpyxl, batch its pool).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from govreport.version import __version__ as __version__

if TYPE_CHECKING:
    from govreport.batch.result import BatchReport, FileResult
    from govreport.batch.run import run_batch
    from govreport.check.run import check_book, check_file
    from govreport.fill.run import FillResult, fill_file
    from govreport.findings import Candidate, FileReport, Finding, exit_code
    from govreport.forms import Form, all_forms, get_form
    from govreport.read.model import Book, CellRef, Sheet
    from govreport.read.spreadsheet import UnreadableError, open_book

_WHERE = {
    "check_file": "govreport.check.run",
    "check_book": "govreport.check.run",
    "fill_file": "govreport.fill.run",
    "FillResult": "govreport.fill.run",
    "run_batch": "govreport.batch.run",
    "BatchReport": "govreport.batch.result",
    "FileResult": "govreport.batch.result",
    "FileReport": "govreport.findings",
    "Finding": "govreport.findings",
    "Candidate": "govreport.findings",
    "exit_code": "govreport.findings",
    "Form": "govreport.forms",
    "get_form": "govreport.forms",
    "all_forms": "govreport.forms",
    "Book": "govreport.read.model",
    "Sheet": "govreport.read.model",
    "CellRef": "govreport.read.model",
    "open_book": "govreport.read.spreadsheet",
    "UnreadableError": "govreport.read.spreadsheet",
}
__all__ = [
    "BatchReport",
    "Book",
    "Candidate",
    "CellRef",
    "FileReport",
    "FileResult",
    "FillResult",
    "Finding",
    "Form",
    "Sheet",
    "UnreadableError",
    "__version__",
    "all_forms",
    "check_book",
    "check_file",
    "exit_code",
    "fill_file",
    "get_form",
    "open_book",
    "run_batch",
]
assert set(__all__) == {"__version__", *_WHERE}


def __getattr__(name: str) -> Any:
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module 'govreport' has no attribute {name!r}")
    value = getattr(
        import_module(where), name
    )  # deferred: each stage loads on first use (fill loads openpyxl)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
