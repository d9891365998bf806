"""The duplicate-table warnings: one per ignored copy of the report, listing its tables.

A report pasted twice (a draft above the final, last year's sheet, a hidden copy) repeats every table; one
warning per table gave six for one copy, and said nothing of a hidden sheet the clerk cannot see.
"""

from __future__ import annotations

from govreport.findings import Finding, make_finding
from govreport.locate.copies import rows_hidden
from govreport.locate.model import LocatedTable, Location
from govreport.messages import render
from govreport.read.model import Book, col_letter


def _at(t: LocatedTable) -> str:
    return f"{t.sheet}!{col_letter(t.anchor[1])}{t.anchor[0] + 1}"


def table_title(loc: Location, key: str) -> str:
    """A table's name as the findings say it: 主动公开·第二十条第（一）项, 依申请公开."""
    table = loc.form.table(key)
    section = loc.form.section(table.section)
    return f"{section.short}·{table.short}" if table.short != section.short else section.short


def duplicate_findings(book: Book, loc: Location) -> list[Finding]:
    """One duplicate-table warning per sheet holding ignored copies, naming each table and both places."""
    by_sheet: dict[str, list[str]] = {}  # sheet of the ignored copies -> their table keys, in form order
    for table in loc.form.tables:
        if table.key in loc.duplicates and table.key in loc.tables:
            by_sheet.setdefault(loc.duplicates[table.key].sheet, []).append(table.key)
    out = []
    sheets = {s.name: s for s in book.sheets}
    for sheet, keys in by_sheet.items():
        hidden = sheet in sheets and sheets[sheet].hidden
        # a copy on hidden rows of a visible sheet (last year's tables kept above): the clerk cannot see it either
        in_rows = (
            not hidden
            and sheet in sheets
            and all(rows_hidden(sheets[sheet], loc.duplicates[k]) for k in keys)
        )
        cells = tuple(_at(loc.duplicates[k]) for k in keys)
        note = (
            render("duplicate-hidden-note", sheet=sheet)
            if hidden
            else render("duplicate-hidden-rows-note", at=cells[0])
            if in_rows
            else ""
        )
        if len(keys) == 1:
            key = keys[0]
            message = render(
                "duplicate-table",
                table=table_title(loc, key),
                first=_at(loc.tables[key]),
                second=cells[0],
                hidden=note,
            )
        else:
            items = render("list-sep").join(
                render(
                    "duplicate-item",
                    table=table_title(loc, k),
                    at=_at(loc.duplicates[k]),
                    checked=_at(loc.tables[k]),
                )
                for k in keys
            )
            where = render("hidden-sheet" if hidden else "hidden-rows" if in_rows else "sheet", sheet=sheet)
            message = render("duplicate-tables", where=where, n=len(keys), items=items)
        out.append(
            make_finding("duplicate-table", message, table=keys[0] if len(keys) == 1 else None, cells=cells)
        )
    return out
