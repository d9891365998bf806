"""A workbook as govreport sees it: per sheet, a grid of raw values, merged ranges and formula texts.

This is the only shape the locating and checking layers read; `workbook.open_book` builds it from a
file and tests build it from a few lines of data with `Sheet.from_rows`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

# Raw cell values as the reader gives them: "" for an empty cell (and for a formula with no cached
# value), str, int, float (calamine returns whole numbers as 3.0), bool, date/time objects.
Raw = Any


class DateShown(float):
    """A number the sheet shows as a date (a count cell formatted 日期: 10 shows as 1900-01-10).

    The spreadsheet keeps the number; only the format makes it a date, and the reader gives a date. A date
    early in 1900s' serial numbers is no date a clerk typed (typing 1-10 gives this year's 10 January), so
    the reader gives back the number, with the date shown beside it.
    """

    shown: str

    def __new__(cls, value: float, shown: str) -> DateShown:
        self = super().__new__(cls, value)
        self.shown = shown
        return self

    def __reduce__(self):  # pickled to batch workers and back, with what was shown
        return (DateShown, (float(self), self.shown))


# Book.format of the documents: each of their tables is a sheet 表格N (a text copy: one sheet 文本)
DOCUMENT_FORMATS = frozenset({"docx", "docm", "doc", "odt", "html", "txt", "pdf"})
# the names of text copies and web pages (.shtml: how many government sites name their pages, and a page saved
# or downloaded keeps it)
TEXT_SUFFIXES = (".txt", ".html", ".htm", ".shtml", ".xhtml")
# how the sheets of an Excel table embedded in a document begin ("嵌入1·年报"): they are a workbook's cells
EMBEDDED = "嵌入"
# govreport's own sheet in a filled workbook (never read as data); a filled Word document's 待人工核实 comments
# are read back as the same sheet, so that a later check reports them as a workbook's are
REPORT_SHEET = "校验报告"


def col_letter(col: int) -> str:
    """0-based column index -> Excel letters (0 -> A, 25 -> Z, 26 -> AA)."""
    s = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        s = chr(65 + rem) + s
    return s


def a1(row: int, col: int) -> str:
    """0-based (row, col) -> "D12"."""
    return f"{col_letter(col)}{row + 1}"


def parse_a1(ref: str) -> tuple[int, int]:
    """ "D12" or "$D$12" -> 0-based (row, col); ValueError when it is not a cell reference."""
    ref = ref.replace("$", "").upper()
    i = 0
    while i < len(ref) and ref[i].isalpha():
        i += 1
    letters, digits = ref[:i], ref[i:]
    if not letters or not digits.isdigit() or len(letters) > 3:
        raise ValueError(ref)
    col = 0
    for ch in letters:
        col = col * 26 + (ord(ch) - 64)
    return int(digits) - 1, col - 1


class CellRef(NamedTuple):
    """A cell of a sheet; a tuple so that hashing it (the arithmetic does it a lot) is cheap."""

    sheet: str
    row: int  # 0-based
    col: int  # 0-based

    @property
    def a1(self) -> str:
        return a1(self.row, self.col)

    def __str__(self) -> str:
        return f"{self.sheet}!{self.a1}"


@dataclass
class Sheet:
    name: str
    rows: list[list[Raw]]  # rows[r][c], 0-based from A1; ragged rows allowed
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # (r1, c1, r2, c2), inclusive
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)  # (r, c) -> formula text without "="
    hidden: bool = False
    # 0-based rows hidden in the workbook (a stale copy kept out of sight): where a table or a row label
    # appears twice, the visible one is the report
    hidden_rows: frozenset[int] = frozenset()
    # 0-based columns hidden in the workbook (last year's figures beside this year's): where a header
    # appears twice, the visible column is the report's
    hidden_cols: frozenset[int] = frozenset()
    row_pages: list[int] = field(
        default_factory=list
    )  # 1-based page of each grid row (PDF); empty for workbooks

    @classmethod
    def from_rows(cls, name: str, rows: list[list[Raw]], merged=(), formulas=None) -> Sheet:
        """Build a sheet from Python lists (tests); a str starting with "=" becomes a formula without cache."""
        grid: list[list[Raw]] = []
        fmap: dict[tuple[int, int], str] = dict(formulas or {})
        for r, row in enumerate(rows):
            out = []
            for c, v in enumerate(row):
                if isinstance(v, str) and v.startswith("="):
                    fmap[(r, c)] = v[1:]
                    v = ""
                out.append("" if v is None else v)
            grid.append(out)
        return cls(name=name, rows=grid, merged=list(merged), formulas=fmap)

    @property
    def n_rows(self) -> int:
        return len(self.rows)

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def value(self, row: int, col: int) -> Raw:
        if 0 <= row < len(self.rows):
            r = self.rows[row]
            if 0 <= col < len(r):
                v = r[col]
                return "" if v is None else v
        return ""


@dataclass
class Book:
    path: str
    format: str  # "xlsx", "xlsm", "xls", "ods"; documents: "docx", "docm", "doc", "odt", "html", "txt", "pdf"
    sheets: list[Sheet]
    notes: list[str] = field(default_factory=list)  # what the reader could not read, in Chinese
    # a document's paragraphs outside its tables, in order (the narrative the text restates figures in)
    narrative: list[str] = field(default_factory=list)

    @property
    def is_document(self) -> bool:
        """True for a document (its tables are sheets 表格N, or 文本 for a text copy; every cell is text)."""
        return self.format in DOCUMENT_FORMATS

    def sheet(self, name: str) -> Sheet:
        return next(s for s in self.sheets if s.name == name)
