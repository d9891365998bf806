"""What checking a table produced: every cell read, and the equations solved over them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from govreport.cells.values import CellValue
from govreport.findings import Number
from govreport.locate.model import LocatedTable
from govreport.read.model import CellRef
from govreport.solve.arithmetic import Deduction, Equation, Solution

if TYPE_CHECKING:
    from govreport.solve.minchange import MinChange

CellStatus = Literal["ok", "blank", "wrong", "suspect", "invalid", "warning"]


@dataclass(slots=True)
class CellInfo:
    ref: CellRef
    row: str
    column: str
    value: CellValue
    formula: str | None = None
    number: Number | None = None  # the value used in the relations (None: unknown)
    expected: Number | None = None  # what the relations require, where they determine it
    status: CellStatus = "ok"


@dataclass
class Component:
    """Equations of one table that share cells, with what deduction and error location found."""

    equations: list[Equation]
    known: dict[CellRef, int]
    unknown: set[CellRef]
    deduction: Deduction
    solutions: list[Solution] = field(default_factory=list)
    # the minimal-change search, where the one- and two-cell search gave up (None otherwise): whether more
    # equally small corrections exist than `solutions` lists, or it stopped at its node limit
    search: MinChange | None = None


@dataclass
class CheckedTable:
    located: LocatedTable
    cells: dict[tuple[str, str], CellInfo]
    components: list[Component] = field(default_factory=list)
    # total cell -> the parts of each sum relation it is the total of (built on first use)
    sum_parts: dict[CellRef, list[set[CellRef]]] | None = field(default=None, repr=False)
    document: bool = False  # read from a document: its cells are named 第2个表格第7行第4列 for a person

    @property
    def key(self) -> str:
        return self.located.table.key

    @property
    def cells_by_ref(self) -> dict[CellRef, CellInfo]:
        return {info.ref: info for info in self.cells.values()}


def where(t: CheckedTable, info: CellInfo) -> str:
    table = t.located.table
    row = table.row(info.row).short if table.layout == "grid" else ""
    col = table.column(info.column).short
    return f"{row} · {col}" if row else col
