"""A row of table 1 that the workbook splits over two or more sheet rows with no total (split-row).

Table 1 has no arithmetic relations (FORM.md), so nothing else notices that 行政规范性文件 typed as
"行政规范性文件（本级）" and "行政规范性文件（部门）", or as one label merged down over two rows of numbers, was
read from one of its rows only. The form has one row for it: the figure it asks for is the whole count. Whether
the rows are parts to be added or one is a part of the other ("其中") only the clerk knows, so this is a
warning that names every row and gives their sums, never a silent sum. A row labelled 其中… is the province's
own breakdown (FORM.md: provinces add rows) and is left alone, as the locator leaves it.
"""

from __future__ import annotations

from decimal import Decimal

from govreport.cells.values import parse_value
from govreport.check.duplicate_tables import table_title
from govreport.findings import Finding, make_finding
from govreport.locate.labels import normalize
from govreport.locate.matching import row_candidates
from govreport.locate.model import LocatedTable, Location
from govreport.messages import render
from govreport.read.model import Book, Sheet, col_letter

__all__ = ["split_row_findings"]

_MAX_SPLIT = 5  # more rows than this under one label is a table of its own, not a split row


def split_row_findings(book: Book, loc: Location) -> list[Finding]:
    """One split-row warning per form row of a relation-less table read from one of several sheet rows."""
    out: list[Finding] = []
    sheets = {s.name: s for s in book.sheets}
    for key, t in loc.tables.items():
        if t.table.relations or not t.columns or t.column_rows or t.row_sheets:
            continue  # where relations hold, a row read short breaks them and is reported there
        sheet = sheets.get(t.sheet)
        if sheet is None:
            continue
        taken = set(t.rows.values())
        for row_key, r in t.rows.items():
            rows = _split(t, sheet, row_key, r, taken)
            if len(rows) > 1:
                out.append(_finding(t, sheet, row_key, r, rows, table_title(loc, key)))
    return out


def _split(t: LocatedTable, sheet: Sheet, row_key: str, r: int, taken: set[int]) -> list[int]:
    """The sheet rows, r among them, that carry numbers under the label of form row row_key."""
    index = next(i for i, row in enumerate(t.table.rows) if row.key == row_key)
    rows = [r]
    # a hidden row under the same label is kept out of the report (last year's figures), not a part of it
    hidden = sheet.hidden_rows if r not in sheet.hidden_rows else frozenset()
    for step in (-1, 1):
        x = r + step
        while (
            x >= 0
            and x not in taken
            and x not in hidden
            and len(rows) < _MAX_SPLIT
            and _names(t, sheet, x, index)
        ):
            rows.append(x)
            x += step
    return sorted(rows)


def _names(t: LocatedTable, sheet: Sheet, x: int, index: int) -> bool:
    """Sheet row x names form row `index` best, is no 其中 row and holds a value in a column of the table."""
    first = min(t.columns.values())
    texts = tuple(normalize(v) for v in _labels(sheet, x, min(t.anchor[1], first), first) if v.strip())
    if not texts or any(v.startswith(("其中", "含")) for v in texts):
        return False
    cands = row_candidates(t.table, texts, None, False)
    if not cands or max(cands, key=lambda iw: iw[1])[0] != index:
        return False
    return any(sheet.value(x, c) not in ("", None) for c in t.columns.values())


def _labels(sheet: Sheet, x: int, start: int, first: int) -> list[str]:
    """The text cells from the table's label column to its numbers on row x, a label merged down included
    (from its label column: blocks side by side share rows, the left block's labels are not this one's)."""
    out = []
    for c in range(start, first):
        v = sheet.value(x, c)
        if v in ("", None):
            v = next(
                (sheet.value(r1, c1) for r1, c1, r2, c2 in sheet.merged if r1 < x <= r2 and c1 <= c <= c2), ""
            )
        if isinstance(v, str) and v:
            out.append(v)
    return out


def _finding(t: LocatedTable, sheet: Sheet, row_key: str, r: int, rows: list[int], title: str) -> Finding:
    row = t.table.row(row_key)
    sums = []
    for col in t.table.columns:
        c = t.columns.get(col.key)
        if c is None:
            continue
        nums = [parse_value(sheet.value(x, c), col.kind, t.units.get(col.key) or col.unit) for x in rows]
        if all(n.number is not None or n.state == "blank" for n in nums):
            total = sum((Decimal(n.number) for n in nums if n.number is not None), Decimal(0))
            sums.append(f"{col.label} {total.normalize():f}")
    cells = tuple(f"{t.sheet}!{col_letter(min(t.columns.values()))}{x + 1}" for x in rows)
    message = render(
        "split-row",
        table=title,
        row=row.label,
        n=len(rows),
        rows=render("list-sep").join(render("sheet-row", row=x + 1) for x in rows),
        read=render("sheet-row", row=r + 1),
        sums=render("list-sep").join(sums) if sums else render("split-row-no-sum"),
    )
    return make_finding(
        "split-row", message, cell=cells[rows.index(r)], cells=cells, table=t.table.key, row=row_key
    )
