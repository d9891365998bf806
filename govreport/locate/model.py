"""What locating produces, at the bottom of the stage so that nothing imports upwards: a sheet's labels
(Labels, SheetText), where one table sits (LocatedTable) and where all of them sit (Location)."""

from __future__ import annotations

from dataclasses import dataclass, field

from govreport.forms import Column, Form, Row, Table
from govreport.read.model import CellRef, Sheet


@dataclass
class Labels:
    """The text labels of one sheet, merged labels spread over the cells they cover.

    A pure function of the sheet's name, text cells and merged ranges, so a batch of workbooks made
    from one template shares one Labels (and the grid tables found in it) across files.
    """

    cells: dict[tuple[int, int], str]  # (r, c) -> normalised text, for label-like text cells
    by_row: dict[int, list[int]]  # r -> sorted columns holding text
    # cells holding the report's title (agency and year), in reading order: never a label of a table, and
    # kept out of `cells` so that locating a table does not depend on whose report it is
    titles: list[tuple[int, int]] = field(default_factory=list)
    bounds: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)  # form version -> sections
    # form version -> section -> rows of its later copies on this sheet (a draft above, the final below)
    copies: dict[str, dict[str, list[tuple[int, int]]]] = field(default_factory=dict)
    row_texts: dict[int, tuple[str, ...]] = field(default_factory=dict)  # r -> distinct texts, left to right
    grids: dict[tuple[int, int, int], LocatedTable | None] = field(default_factory=dict)  # (table, lo, hi)
    bands: dict[tuple[int, int], tuple] = field(default_factory=dict)  # (lo, hi) -> band()
    markers: dict[str, frozenset[str]] = field(default_factory=dict)  # form version -> its markers found
    spans: dict[tuple, dict[str, list[int]]] = field(default_factory=dict)  # refine.header_spans, remembered

    def band(self, lo: int, hi: int) -> tuple:
        """Every label of rows [lo, hi) with its position: all that locating a table there reads."""
        hit = self.bands.get((lo, hi))
        if hit is None:
            cells = self.cells
            hit = self.bands[(lo, hi)] = tuple(
                (r, c, cells[(r, c)]) for r, cols in self.by_row.items() if lo <= r < hi for c in cols
            )
        return hit


@dataclass
class SheetText:
    sheet: Sheet
    labels: Labels

    @property
    def cells(self) -> dict[tuple[int, int], str]:
        return self.labels.cells

    @property
    def by_row(self) -> dict[int, list[int]]:
        return self.labels.by_row

    @property
    def bounds(self) -> dict[str, dict[str, tuple[int, int]]]:
        return self.labels.bounds

    @property
    def row_texts(self) -> dict[int, tuple[str, ...]]:
        return self.labels.row_texts


@dataclass
class LocatedTable:
    """Where one table of the form sits: a sheet, a sheet row per form row, a sheet column per form column."""

    table: Table
    sheet: str
    rows: dict[str, int] = field(default_factory=dict)  # row key -> 0-based sheet row (rows with numbers)
    columns: dict[str, int] = field(default_factory=dict)  # column key -> 0-based sheet column
    units: dict[str, str | None] = field(default_factory=dict)  # column key -> unit printed in its header
    labels: dict[str, str] = field(default_factory=dict)  # row key -> label as printed
    missing_rows: list[Row] = field(default_factory=list)
    missing_columns: list[Column] = field(default_factory=list)
    anchor: tuple[int, int] = (0, 0)  # first label cell, for ordering and messages
    # rows continued on another sheet (a PDF converter's one sheet per page): row key -> that sheet
    row_sheets: dict[str, str] = field(default_factory=dict)
    # groups printed on a row of their own above their located items, and headings (kind "label") on a row
    # of their own: row key -> that row. A group's numbers, where a clerk typed any, are its subtotal; a
    # heading's are checked by the form's advisory relations only (see refine.subtotal_rows)
    group_rows: dict[str, int] = field(default_factory=dict)
    # table 3 drawn as blocks (行政复议 above 行政诉讼) or turned on its side (a row per group): column key ->
    # its own data row where it is not the table's row
    column_rows: dict[str, int] = field(default_factory=dict)

    def sheet_of(self, row_key: str) -> str:
        return self.row_sheets.get(row_key, self.sheet)

    def cell(self, row_key: str, col_key: str) -> CellRef | None:
        r, c = self.rows.get(row_key), self.columns.get(col_key)
        return (
            None
            if r is None or c is None
            else CellRef(self.sheet_of(row_key), self.column_rows.get(col_key, r), c)
        )

    def expand(self, key: str) -> list[str]:
        """A row key as it stands in a relation: a group is its located items, or its own row."""
        items = [r.key for r in self.table.items(key)]
        found = [k for k in items if k in self.rows]
        if found or key not in self.rows:
            return found if items else ([key] if key in self.rows else [])
        return [key]

    @property
    def score(self) -> int:
        return len(self.rows) * 2 + len(self.columns)


@dataclass
class Location:
    form: Form
    tables: dict[str, LocatedTable]  # table key -> where it is (absent when not found)
    duplicates: dict[str, LocatedTable]  # table key -> a second, later copy that was ignored
    agency: str | None = None
    year: int | None = None
    form_reason: str = "labels"  # "labels" | "year" | "default"
