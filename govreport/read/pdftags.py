"""Tables from a tagged PDF's structure tree (/Table /TR /TD with RowSpan and ColSpan), for tables drawn without
ruling lines. Word tags its PDFs by default; LibreOffice does when asked. The cells name their characters by
marked-content ids (MCID) per page, so the grid comes from the tags and the text from the positions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from govreport.read.pdfgrid import Char, Grid, join_lines, text_of

Key = tuple[int, int]  # (1-based page, MCID)
MAX_SPAN = 200  # a hostile RowSpan/ColSpan must not make a grid of billions of cells


@dataclass
class TaggedTable:
    rows: list[list[tuple[int, int, list[Key]]]]  # per TR: (rowspan, colspan, the cell's MCIDs in order)

    def keys(self) -> set[Key]:
        return {k for row in self.rows for _, _, keys in row for k in keys}


def tagged_tables(pdf: Any) -> list[TaggedTable]:
    """Every /Table of the structure tree, or [] when the file has no tags."""
    from pdfplumber.structure import PDFStructTree, StructTreeMissing  # deferred: pdfplumber is heavy

    if "StructTreeRoot" not in pdf.doc.catalog:
        return []
    try:
        tree = PDFStructTree(pdf)
    except StructTreeMissing:
        return []
    out = []
    for table in tree.find_all("Table"):
        rows = []
        for tr in _rows(table):
            cells = []
            for td in tr.children:
                if td.type in ("TD", "TH"):
                    a = td.attributes
                    keys = [(p, m) for p, m in td.all_mcids() if p is not None]
                    cells.append((_span(a.get("RowSpan")), _span(a.get("ColSpan")), keys))
            rows.append(cells)
        if rows and _place(rows)[2]:
            out.append(TaggedTable(rows))
    return out


def _rows(table: Any) -> list[Any]:
    out = []
    for child in table.children:
        if child.type == "TR":
            out.append(child)
        elif child.type in ("THead", "TBody", "TFoot"):
            out.extend(c for c in child.children if c.type == "TR")
    return out


def _span(v: object) -> int:
    return max(1, min(v, MAX_SPAN)) if isinstance(v, int) else 1


Placed = tuple[int, int, int, int, list[Key]]


def _place(rows: list[list[tuple[int, int, list[Key]]]]) -> tuple[list[Placed], int, bool]:
    """Spanned cells placed as HTML does (skip occupied slots); also whether every row fills every column.

    Some writers leave the tags incomplete (LibreOffice drops the cell of a vertical merge from the rows below
    and gives it no RowSpan, and omits some empty cells): such a table's columns cannot be trusted.
    """
    occupied: set[tuple[int, int]] = set()
    placed = []
    n_rows = len(rows)
    for r, cells in enumerate(rows):
        c = 0
        for rs, cs, keys in cells:
            while (r, c) in occupied:
                c += 1
            rs = min(rs, n_rows - r)
            occupied.update((r + dr, c + dc) for dr in range(rs) for dc in range(cs))
            placed.append((r, c, r + rs - 1, c + cs - 1, keys))
            c += cs
    n_cols = max((c2 + 1 for _, _, _, c2, _ in placed), default=0)
    full = len(occupied) == n_rows * n_cols
    return placed, n_cols, full


def tagged_grid(table: TaggedTable, chars: dict[Key, list[Char]]) -> Grid:
    """The expanded grid of a tagged table: a merged cell's text at its top-left, covered cells ""."""
    placed, n_cols, _ = _place(table.rows)
    n_rows = len(table.rows)
    grid = Grid(rows=[[""] * n_cols for _ in range(n_rows)])
    pages: list[int | None] = [None] * n_rows
    for r1, c1, r2, c2, keys in placed:
        by_page: dict[int, list[Char]] = {}
        for k in keys:
            by_page.setdefault(k[0], []).extend(chars.get(k, []))
        grid.rows[r1][c1] = join_lines([text_of(by_page[p]) for p in sorted(by_page)])
        if by_page and pages[r1] is None:
            pages[r1] = min(by_page)
        if r2 > r1 or c2 > c1:
            grid.merged.append((r1, c1, r2, c2))
    last = next((p for p in pages if p is not None), 1)
    for p in pages:
        last = p if p is not None else last
        grid.row_pages.append(last)
    return grid
