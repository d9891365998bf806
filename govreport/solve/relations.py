"""The form's relations over a checked table: equations, what breaks them, who is to blame.

Each relation of the form becomes one equation per row or column it applies to (a group key stands for
its located items); equations that share cells are solved together. One smallest correction names its
cells; several are listed as candidates, marking those that look like a clerk's typo. What is found is
returned as a TableSolution of facts: check words them (check.solved), fill plans from them.
"""

from __future__ import annotations

from operator import attrgetter
from typing import NamedTuple

from govreport.cells.values import digit_edit_distance_one
from govreport.findings import Candidate
from govreport.memo import Memo
from govreport.read.model import CellRef
from govreport.solve.arithmetic import Deduction, Equation, Solution, deduce, equations_for
from govreport.solve.errorloc import locate_errors
from govreport.solve.formulas import followers, formula_mismatches, miswritten, reads_unknown, stale_totals
from govreport.solve.model import (
    BrokenRelation,
    CellInfo,
    CheckedTable,
    Component,
    SearchLimit,
    StaleTotal,
    TableSolution,
    WrongCell,
)


def build_equations(t: CheckedTable) -> list[Equation]:
    """Every relation of the table, instantiated on its located rows and columns."""
    loc = t.located
    out: list[Equation] = []
    for rel in loc.table.relations:
        if rel.advisory:
            continue  # checked only (check.advisory): never solved, so fill never corrects by it
        rid = f"{loc.table.key}.{rel.id}"
        if rel.each == "row":
            keys = list(rel.lhs) + list(rel.rhs)
            if not all(k in loc.columns for k in keys):
                continue
            for row_key in loc.rows:
                if loc.table.row(row_key).kind == "label":
                    continue  # numbers typed on a heading row are checked by advisory relations only
                if all((row_key, k) in t.cells for k in keys):
                    out.append(
                        equations_for(
                            rid,
                            row_key,
                            [t.cells[(row_key, k)].ref for k in rel.lhs],
                            [t.cells[(row_key, k)].ref for k in rel.rhs],
                        )
                    )
        else:
            expand = _own_row(loc.rows) if rel.own_rows else loc.expand
            lhs = [r for k in rel.lhs for r in expand(k)]
            rhs = [r for k in rel.rhs for r in expand(k)]
            needed = set(rel.lhs) | set(rel.rhs)
            if not lhs or not rhs or any(not expand(k) for k in needed):
                continue
            # a group some of whose items were not found (row-not-found): the sum would miss them, as a
            # relation missing a row is skipped above, so is one missing an item
            if not rel.own_rows and any(
                any(it.key not in loc.rows for it in loc.table.items(k)) and k not in loc.rows
                for k in needed
                if loc.table.items(k)
            ):
                continue
            for col_key in loc.columns:
                if all((r, col_key) in t.cells for r in lhs + rhs):
                    out.append(
                        equations_for(
                            rid,
                            col_key,
                            [t.cells[(r, col_key)].ref for r in lhs],
                            [t.cells[(r, col_key)].ref for r in rhs],
                        )
                    )
    return out


def _own_row(rows: dict[str, int]):
    """A row key as a relation over rows' own numbers reads it: its row where located, else nothing."""
    return lambda key: [key] if key in rows else []


def _components(eqs: list[Equation]) -> list[list[Equation]]:
    parent = list(range(len(eqs)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[CellRef, int] = {}
    for i, eq in enumerate(eqs):
        for v in eq.vars:
            if v in owner:
                parent[find(i)] = find(owner[v])
            else:
                owner[v] = i
    groups: dict[int, list[Equation]] = {}
    for i, eq in enumerate(eqs):
        groups.setdefault(find(i), []).append(eq)
    return list(groups.values())


class _Group(NamedTuple):
    """Equations that share cells, their cells, and each equation as (cells added, cells subtracted)."""

    equations: list[Equation]
    refs: tuple[CellRef, ...]
    sides: list[tuple[Equation, tuple[CellRef, ...], tuple[CellRef, ...]]]


def _group(eqs: list[Equation]) -> _Group:
    refs = tuple(dict.fromkeys(v for eq in eqs for v in eq.vars))
    sides = [
        (
            eq,
            tuple(v for v, c in eq.terms for _ in range(c) if c > 0),
            tuple(v for v, c in eq.terms for _ in range(-c) if c < 0),
        )
        for eq in eqs
    ]
    return _Group(eqs, refs, sides)


_EQUATIONS: Memo[tuple, list[_Group]] = Memo("solve.equations", 2000)


def _equation_groups(t: CheckedTable) -> list[_Group]:
    """The table's equations in groups that share cells: fixed by where the rows and columns are, so
    built once for every workbook with the same positions (agencies' titles differ, positions rarely)."""
    loc = t.located
    key = (
        id(loc.table),
        loc.sheet,
        tuple(loc.rows.items()),
        tuple(loc.columns.items()),
        tuple(loc.row_sheets.items()),
    )
    hit = _EQUATIONS.get(key)
    if hit is None:
        hit = _EQUATIONS.put(key, [_group(eqs) for eqs in _components(build_equations(t))])
    return hit


_INTS = frozenset((int,))  # _INTS.issuperset(map(type, xs)): every x an int (not a bool), in C


_REF, _NUMBER, _FORMULA = attrgetter("ref"), attrgetter("number"), attrgetter("formula")


def apply_solution(t: CheckedTable, solution: TableSolution) -> None:
    """Hand the solution to the table (what fill reads) and to its cells (what the renderers read)."""
    t.solution = solution
    if not (solution.expected or solution.status):
        return  # a complete, consistent table (the common case) builds no lookup of its cells
    by_ref = t.cells_by_ref
    for ref, value in solution.expected.items():
        by_ref[ref].expected = value
    for ref, status in solution.status.items():
        by_ref[ref].status = status


def solve_table(t: CheckedTable) -> TableSolution:
    """Solve the table's relations: deduce what they determine, locate what breaks them. Writes into nothing."""
    sol = TableSolution()
    expected, status = sol.expected, sol.status
    cells = t.cells.values()
    refs = list(map(_REF, cells))
    by_ref = dict(zip(refs, cells, strict=True))
    number_of = dict(zip(refs, map(_NUMBER, cells), strict=True)).__getitem__
    any_formula = any(map(_FORMULA, cells))  # most tables hold none: no formula test per group then
    facts = sol.facts
    for group in _equation_groups(t):
        comp_eqs = group.equations
        nums = list(map(number_of, group.refs))
        unknown: set[CellRef] = set()
        if _INTS.issuperset(map(type, nums)):  # every cell a count: the common case, in C
            known: dict[CellRef, int] = dict(zip(group.refs, nums, strict=True))  # type: ignore[arg-type]
        else:
            known = {}
            for r, n in zip(group.refs, nums, strict=True):
                if n.__class__ is int:
                    known[r] = n  # type: ignore[assignment]
                else:
                    unknown.add(r)
        derived: dict[CellRef, set[CellRef]] | None = None
        stale = (
            stale_totals(comp_eqs, group.sides, t, by_ref, known, unknown)
            if any_formula and any(by_ref[r].formula is not None for r in group.refs)
            else {}
        )
        for r, (shows, _cells) in stale.items():
            known[r] = shows  # what the formula shows once recalculated over numbers
        if unknown:
            if any_formula and any(by_ref[r].formula is not None for r in group.refs):
                derived = followers(t, comp_eqs)
                for r in reads_unknown(derived, unknown):
                    # =SUM(parts) over a blank part computes as if the blank were 0: that value says nothing
                    # about the blank (its relation would "determine" the blank as 0), so the total is unknown too
                    known.pop(r, None)
                    unknown.add(r)
            d = deduce(comp_eqs, known, unknown)
        else:  # a complete table, the common case: add up each side (map runs in C)
            get = known.__getitem__
            d = Deduction(
                violated=[
                    eq for eq, plus, minus in group.sides if sum(map(get, plus)) != sum(map(get, minus))
                ]
            )
        comp = Component(comp_eqs, known, unknown, d)
        sol.components.append(comp)
        if stale:
            _stale(stale, sol)
        if d.consistent:
            expected.update(d.values)
            continue
        follows = derived if derived is not None else followers(t, comp_eqs)
        found = locate_errors(comp_eqs, known, unknown, max_cells=2, derived=follows)
        if not found:
            # more than two cells (a totals column typed 0): the minimal-change search takes over only where
            # the one- and two-cell search gave up, so whatever that located keeps its findings
            from govreport.solve.minchange import min_change  # rarely needed: not imported for ordinary files

            comp.search = min_change(comp_eqs, known, unknown, follows)
            found = [_column_order(s) for s in comp.search.solutions]
        # formula totals follow their parts there: when recalculating them alone would settle the break,
        # every cell "changed" to its own value is a solution, which is no change to propose
        comp.solutions = [
            s
            for s in found
            if any(v is None or v != known.get(c) for c, v in zip(s.cells, s.values, strict=True))
        ]
        if found and not comp.solutions:
            # recalculating the formula totals settles it: name those saved without recalculating
            late = stale_totals(comp_eqs, group.sides, t, by_ref, known, unknown, settled=True)
            if late:
                known.update({r: v for r, (v, _c) in late.items()})
                comp.deduction = d = deduce(comp_eqs, known, unknown)
                expected.update(d.values)
                _stale(late, sol)
                continue
        sols = comp.solutions
        if len(sols) > 1:
            # a total whose own formula misses a part (=SUM(A5:C5) for four parts) explains the break by
            # itself: with one relation per group (table 3) arithmetic alone could not choose it
            wrong_formula = miswritten(t, comp_eqs)
            pick = [s for s in sols if s.cells and set(s.cells) <= wrong_formula]
            if len(pick) == 1:
                sols = comp.solutions = pick
        comp.candidates = tuple(_candidate(s, by_ref) for s in sols)
        listed_all = comp.search is None or not comp.search.more  # one listed of several is no unique fix
        if listed_all and (
            len(sols) == 1
            and all(v is not None for v in sols[0].values)
            or (len(sols) == 1 and len(sols[0].cells) == 1)
        ):
            # one smallest correction: name its cells; the blanks are determined once it is applied
            fix = comp.fix = sols[0]
            fixed = comp.after_fix = deduce(comp_eqs, known, unknown | set(fix.cells))
            for r, x in fixed.values.items():
                if r not in fix.cells:
                    expected[r] = x
            size = (
                len(fix.cells) if comp.search is not None else None
            )  # shown as one correction of many cells
            for ref, value in zip(fix.cells, fix.values, strict=True):
                status[ref], expected[ref] = "wrong", value
                broken = [eq for eq in d.violated if ref in eq.vars] or d.violated
                facts.append(WrongCell(ref, value, tuple(broken), size))
        else:
            if listed_all and len(sols) > 1 and unknown:
                comp.common = _common_blanks(comp_eqs, known, unknown, sols, by_ref)
                expected.update(comp.common)
            suspects = {c for s in sols for c in s.cells} or {
                v for eq in d.violated for v, coef in eq.terms if coef > 0 and v in known
            }
            for r in suspects:
                if status.get(r, by_ref[r].status) == "ok":
                    status[r] = "suspect"
            more = comp.search is not None and comp.search.more
            for eq in reported_violations(comp, by_ref):
                # blank or invalid cells: a formula total made unknown (it reads one) has a value and is no blank
                blanks = [v for v in eq.vars if v in unknown and by_ref[v].number is None]
                implied = tuple((v, d.values[v]) for v in blanks if v in d.values)
                facts.append(BrokenRelation(eq, comp.candidates, bool(blanks), more, implied))
            if comp.search is not None and comp.search.status == "limit":
                facts.append(SearchLimit(comp.search, tuple(d.violated)))
    sol.mismatches = formula_mismatches(t, sol.components) if any_formula else []
    return sol


def reported_violations(comp: Component, by_ref: dict[CellRef, CellInfo]) -> list[Equation]:
    """The broken relations to report: not those over blank cells that hold none of the listed corrections'
    cells. Deduction carries a wrong value through blanks (a blank 总计 column) and meets the clash in another
    relation; every listed correction, made elsewhere, settles that one too, so it is not "unsatisfiable"."""
    moved = {c for s in comp.solutions for c in s.cells}
    if not moved:
        return comp.deduction.violated
    unknown = comp.unknown
    kept = [
        eq
        for eq in comp.deduction.violated
        if moved.intersection(eq.vars) or not any(v in unknown and by_ref[v].number is None for v in eq.vars)
    ]
    # the clash met only where no listed cell is: it is still the break to report (never none at all)
    return kept or comp.deduction.violated


def _common_blanks(
    eqs: list[Equation],
    known: dict[CellRef, int],
    unknown: set[CellRef],
    sols: list[Solution],
    by_ref: dict[CellRef, CellInfo],
) -> dict[CellRef, int]:
    """The blank or invalid cells that every listed correction, once made, determines to one same value
    (none of the corrections' own cells): whichever of them is the truth, these are so."""
    if not all(s.cells and all(v is not None for v in s.values) for s in sols):
        return {}
    moved = {c for s in sols for c in s.cells}
    blanks = {r for r in unknown if by_ref[r].number is None and r not in moved}
    common: dict[CellRef, int] | None = None
    for s in sols:
        after = deduce(eqs, known, unknown | set(s.cells))
        if not after.consistent:
            return {}
        got = {r: x for r, x in after.values.items() if r in blanks}
        common = got if common is None else {r: x for r, x in common.items() if got.get(r) == x}
        if not common:
            return {}
    return common or {}


def _stale(stale: dict[CellRef, tuple[int, list[CellRef]]], sol: TableSolution) -> None:
    for r, (value, texts) in stale.items():
        sol.status[r], sol.expected[r] = "suspect", value
        sol.facts.append(StaleTotal(r, value, tuple(texts)))


def _column_order(s: Solution) -> Solution:
    """A correction's cells column by column, top to bottom (a totals column reads as one run)."""
    pairs = sorted(zip(s.cells, s.values, strict=True), key=lambda p: (p[0].sheet, p[0].col, p[0].row))
    return Solution(cells=tuple(c for c, _v in pairs), values=tuple(v for _c, v in pairs))


def _candidate(s: Solution, by_ref: dict[CellRef, CellInfo]) -> Candidate:
    typo = all(
        x is not None and isinstance(by_ref[c].number, int) and digit_edit_distance_one(by_ref[c].number, x)
        for c, x in zip(s.cells, s.values, strict=True)
    )
    return Candidate(cells=tuple(str(c) for c in s.cells), values=tuple(s.values), near_typo=typo)
