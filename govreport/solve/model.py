"""What checking a table produced: every cell read, the equations solved over them, and what solving found.

Solving writes into no shared object: it returns a TableSolution of facts (the value each determined cell
must hold, the cells to blame, the relations that break with their candidate fixes, totals saved without
recalculating, formulas over the wrong cells). check words them as findings; fill plans from the same facts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, NamedTuple

from govreport.cells.values import CellValue
from govreport.findings import Candidate, Number
from govreport.forms import Relation
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
    # cells its formula reads that add nothing to it and are no cell of the table: empty, or a label's text
    # read inside SUM (=SUM(B21:H21) over the label in B), outside the table's number columns
    inert: frozenset[CellRef] = frozenset()


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
    # `solutions` as candidates, in the same order: their cells named, and whether each looks like a typo
    candidates: tuple[Candidate, ...] = ()
    # the one smallest correction, where there is one, and what the equations determine once it is made
    fix: Solution | None = None
    after_fix: Deduction | None = None
    # several equally small corrections: the blanks every one of them determines alike (a 总计 column
    # left blank is added up the same whichever item of another column is the wrong one)
    common: dict[CellRef, int] = field(default_factory=dict)


# ----------------------------------------------------------------------------- what solving found
# (immutable records: NamedTuples, which cost a tenth of a frozen dataclass to define at import)


class WrongCell(NamedTuple):
    """One smallest correction names this cell: the value it must hold (None: no single value)."""

    ref: CellRef
    value: int | None
    violated: tuple[Equation, ...]  # the broken equations it is in (every broken one if none)
    correction: int | None = None  # the correction's size, when the minimal-change search found it


class BrokenRelation(NamedTuple):
    """A relation that breaks with no single correction to blame: the candidates of its component."""

    equation: Equation
    candidates: tuple[Candidate, ...]
    unknown: bool  # a blank or invalid cell in it: no completion satisfies it
    more: bool  # more equally small corrections exist than are listed
    # its blank or invalid cells that the other relations determine, with those values: what makes it fail
    implied: tuple[tuple[CellRef, int], ...] = ()


class SearchLimit(NamedTuple):
    """Error location stopped at its node limit over these broken equations."""

    search: MinChange
    violated: tuple[Equation, ...]


class StaleTotal(NamedTuple):
    """A formula total whose saved result is not what it computes now: the value, and the numbers stored
    as text that explain the difference (none: saved without recalculating)."""

    ref: CellRef
    value: int
    texts: tuple[CellRef, ...]


class FormulaMismatch(NamedTuple):
    """A total whose formula does not read exactly its relation's parts."""

    ref: CellRef
    parts: tuple[CellRef, ...]  # what it should read, in sheet order
    missing: tuple[CellRef, ...]  # parts it does not read
    extra: tuple[CellRef, ...]  # cells it reads that are no part


Fact = WrongCell | BrokenRelation | SearchLimit | StaleTotal


@dataclass
class TableSolution:
    """What solving a table's relations found: the equation components with their deductions and located
    errors, the value the relations require of each cell they determine, the cells blamed ("wrong") or
    under suspicion ("suspect"), the facts to report in the order found, and the miswritten formulas."""

    components: list[Component] = field(default_factory=list)
    expected: dict[CellRef, Number] = field(default_factory=dict)
    status: dict[CellRef, CellStatus] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)
    mismatches: list[FormulaMismatch] = field(default_factory=list)


@dataclass
class CheckedTable:
    located: LocatedTable
    cells: dict[tuple[str, str], CellInfo]
    solution: TableSolution = field(default_factory=TableSolution)
    document: bool = False  # read from a document: its cells are named 第2个表格第7行第4列 for a person

    @property
    def key(self) -> str:
        return self.located.table.key

    @property
    def components(self) -> list[Component]:
        return self.solution.components

    @property
    def cells_by_ref(self) -> dict[CellRef, CellInfo]:
        return {info.ref: info for info in self.cells.values()}


def where(t: CheckedTable, info: CellInfo) -> str:
    table = t.located.table
    row = table.row(info.row).short if table.layout == "grid" else ""
    col = table.column(info.column).short
    return f"{row} · {col}" if row else col


def relation_of(t: CheckedTable, eq: Equation) -> Relation:
    """The form's relation an equation instantiates."""
    rid = eq.relation.split(".", 1)[1]
    return next(r for r in t.located.table.relations if r.id == rid)
