"""Naming a document's cells for a person: 第2个表格第7行第4列 (a text copy: 第12行) instead of 表格2!D7.

JSON, CSV and the summary workbook keep the pseudo-sheet notation (`表格2!D7`, `文本!C12`) of the grid; the
messages a person reads say where the cell is as they see the document. Only reports of documents are
renamed (a workbook may have a sheet called 表格1 of its own).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from govreport.memo import LazyPattern
from govreport.messages import render
from govreport.read.model import a1, parse_a1

# 表格2!D7, 表格2!D25:J25, 表格2!D25、F25、H25 (the terminal's row of blanks), 文本!C12
_REF = r"\$?[A-Z]{1,3}\$?\d{1,7}"
_CELLS = LazyPattern(rf"(?P<sheet>表格(?P<n>\d{{1,4}})|文本)!(?P<refs>{_REF}(?::{_REF})?(?:、{_REF})*)")


def is_document_sheet(name: str) -> bool:
    """A document's own pseudo-sheet (表格N, 文本), not a sheet of a workbook embedded in it."""
    return re.fullmatch(r"表格\d{1,4}|文本", name) is not None


def person_cell(sheet: str, row: int, col: int) -> str:
    """0-based (row, col) of a document's pseudo-sheet as a person finds it: 第2个表格第7行第4列, 第12行."""
    if sheet == "文本":
        return render("cell-row", row=row + 1)
    m = re.fullmatch(r"表格(\d+)", sheet)
    if m is None:
        return f"{sheet}!{_a1(row, col)}"
    return render("cell-table-cell", n=m[1], row=row + 1, col=col + 1)


def _a1(row: int, col: int) -> str:
    return a1(row, col)


def _one(sheet: str, n: str | None, ref: str) -> str:
    if ":" in ref:
        (r1, c1), (r2, c2) = parse_a1(ref.split(":")[0]), parse_a1(ref.split(":")[1])
        if n is None:
            return (
                render("cell-rows", first=r1 + 1, last=r2 + 1) if r1 != r2 else render("cell-row", row=r1 + 1)
            )
        rows = render("cell-row", row=r1 + 1) if r1 == r2 else render("cell-rows", first=r1 + 1, last=r2 + 1)
        # a totals column: 第23–47行第10列
        cols = (
            render("cell-column", col=c1 + 1)
            if c1 == c2
            else render("cell-columns", first=c1 + 1, last=c2 + 1)
        )
        return render("cell-table-range", n=n, rows=rows, cols=cols)
    r, c = parse_a1(ref)
    return person_cell(sheet, r, c)


def person_refs(text: str, pages: Mapping[str, list[int]] | None = None) -> str:
    """Every pseudo-sheet reference in a message (表格2!D7, 表格2!D25:J25, 文本!C12) as a person names it; with the
    1-based page of each grid row of a table (a PDF's Sheet.row_pages), the page first: 第4页 第2个表格第7行第4列."""
    if "!" not in text:
        return text

    def repl(m: re.Match[str]) -> str:
        sheet, n = m["sheet"], m["n"]
        named = "、".join(_one(sheet, n, ref) for ref in m["refs"].split("、"))
        page = page_of(f"{sheet}!{m['refs']}", pages)
        return named if page is None else render("cell-on-page", page=page, named=named)

    return _CELLS.sub(repl, text)


def page_of(ref: str, pages: Mapping[str, list[int]] | None) -> int | None:
    """The 1-based page a pseudo-sheet reference (表格2!D7, 表格2!D25:J25, or its first of several) is printed on,
    from a PDF's Sheet.row_pages; None for other documents and workbooks."""
    sheet, _, refs = ref.partition("!")
    rows = (pages or {}).get(sheet)
    if not rows or not refs:
        return None
    r = parse_a1(re.split(r"[:、]", refs)[0])[0]
    return rows[r] if r < len(rows) else None


_BARE = LazyPattern(r"(?<![A-Za-z0-9!:$])([A-Z]{1,3}[0-9]{1,7})(?![A-Za-z0-9])")


def bare_refs(text: str, cells: Mapping[str, str]) -> str:
    """A1 references written without their sheet ("O4 = 0，而 K4＋L4 = 5", "K4 改为 0") named by row and column, for
    the references of `cells` (A1 -> "表格3!O4", the finding's own cells): the message names their table already."""

    def repl(m: re.Match[str]) -> str:
        full = cells.get(m[1])
        if full is None:
            return m[1]
        sheet = full.partition("!")[0]
        r, c = parse_a1(m[1])
        return (
            render("cell-row", row=r + 1)
            if sheet == "文本"
            else render("cell-row-column", row=r + 1, col=c + 1)
        )

    return _BARE.sub(repl, text)


def table_title(sheet: str) -> str:
    """How the terminal names where a document's table is: 第2个表格 (a text copy: 文本)."""
    m = re.fullmatch(r"表格(\d+)", sheet)
    return render("cell-table", n=m[1]) if m else sheet


__all__ = ["bare_refs", "is_document_sheet", "page_of", "person_cell", "person_refs", "table_title"]
