"""The form's relations over a checked table: equations, what breaks them, who is to blame.

Each relation of the form becomes one equation per row or column it applies to (a group key stands for
its located items); equations that share cells are solved together. One smallest correction names its
cells; several are listed as candidates, marking those that look like a clerk's typo.

Over 400 lines: equations, deduction, error location and stale totals are still one pass that writes
into CheckedTable; issue 12 (solve once) separates the solution from the findings made of it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from operator import attrgetter
from typing import NamedTuple

from govreport.cells.formula import references
from govreport.cells.values import digit_edit_distance_one
from govreport.findings import Candidate, Finding, Number, make_finding
from govreport.forms import Relation
from govreport.memo import Memo
from govreport.messages import render
from govreport.read.model import CellRef
from govreport.solve.arithmetic import Deduction, Equation, Solution, deduce, equations_for
from govreport.solve.errorloc import locate_errors
from govreport.solve.model import CellInfo, CellStatus, CheckedTable, Component, where


def build_equations(t: CheckedTable) -> list[Equation]:
    """Every relation of the table, instantiated on its located rows and columns."""
    loc = t.located
    out: list[Equation] = []
    for rel in loc.table.relations:
        rid = f"{loc.table.key}.{rel.id}"
        if rel.each == "row":
            keys = list(rel.lhs) + list(rel.rhs)
            if not all(k in loc.columns for k in keys):
                continue
            for row_key in loc.rows:
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


@dataclass
class TableSolution:
    """What solving a table's relations found, written into no shared object: the equation components with
    their deductions and located errors, the value the relations require of each cell they determine, the
    cells blamed ("wrong") or under suspicion ("suspect"), and the findings that say so."""

    components: list[Component] = field(default_factory=list)
    expected: dict[CellRef, Number] = field(default_factory=dict)
    status: dict[CellRef, CellStatus] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


def apply_solution(t: CheckedTable, solution: TableSolution) -> None:
    """Hand the solution to the table's cells (what the renderers and fill read) and components."""
    t.components.extend(solution.components)
    if not (solution.expected or solution.status):
        return  # a complete, consistent table (the common case) builds no lookup of its cells
    by_ref = t.cells_by_ref
    for ref, value in solution.expected.items():
        by_ref[ref].expected = value
    for ref, status in solution.status.items():
        by_ref[ref].status = status


def solve_table(t: CheckedTable) -> TableSolution:
    sol = TableSolution()
    expected, status = sol.expected, sol.status
    cells = t.cells.values()
    refs = list(map(_REF, cells))
    by_ref = dict(zip(refs, cells, strict=True))
    number_of = dict(zip(refs, map(_NUMBER, cells), strict=True)).__getitem__
    any_formula = any(map(_FORMULA, cells))  # most tables hold none: no formula test per group then
    out = sol.findings
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
            _stale_totals(group, t, by_ref, known, unknown)
            if any_formula and _has_cached_formula(group, by_ref)
            else {}
        )
        for r, (shows, _cells) in stale.items():
            known[r] = shows  # what the formula shows once recalculated over numbers
        if unknown:
            if any_formula and any(by_ref[r].formula is not None for r in group.refs):
                derived = _followers(t, comp_eqs)
                for r in _reads_unknown(derived, unknown):
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
            out += _stale_findings(t, stale, by_ref, sol)
        if d.consistent:
            expected.update(d.values)
            continue
        followers = derived if derived is not None else _followers(t, comp_eqs)
        found = locate_errors(comp_eqs, known, unknown, max_cells=2, derived=followers)
        if not found:
            # more than two cells (a totals column typed 0): the minimal-change search takes over only where
            # the one- and two-cell search gave up, so whatever that located keeps its findings
            from govreport.solve.minchange import min_change  # rarely needed: not imported for ordinary files

            comp.search = min_change(comp_eqs, known, unknown, followers)
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
            late = _stale_totals(group, t, by_ref, known, unknown, settled=True)
            if late:
                known.update({r: v for r, (v, _c) in late.items()})
                comp.deduction = d = deduce(comp_eqs, known, unknown)
                expected.update(d.values)
                out += _stale_findings(t, late, by_ref, sol)
                continue
        sols = comp.solutions
        if len(sols) > 1:
            # a total whose own formula misses a part (=SUM(A5:C5) for four parts) explains the break by
            # itself: with one relation per group (table 3) arithmetic alone could not choose it
            miswritten = _miswritten(t, comp_eqs)
            pick = [s for s in sols if s.cells and set(s.cells) <= miswritten]
            if len(pick) == 1:
                sols = comp.solutions = pick
        listed_all = comp.search is None or not comp.search.more  # one listed of several is no unique fix
        if listed_all and (
            len(sols) == 1
            and all(v is not None for v in sols[0].values)
            or (len(sols) == 1 and len(sols[0].cells) == 1)
        ):
            # one smallest correction: name its cells; the blanks are determined once it is applied
            fixed = deduce(comp_eqs, known, unknown | set(sols[0].cells))
            for r, x in fixed.values.items():
                if r not in sols[0].cells:
                    expected[r] = x
            for ref, value in zip(sols[0].cells, sols[0].values, strict=True):
                info = by_ref[ref]
                status[ref], expected[ref] = "wrong", value
                broken = [eq for eq in d.violated if ref in eq.vars] or d.violated
                found_cell = _wrong_cell(t, info, broken, value)
                if comp.search is not None:  # the renderer shows a correction of many cells as one line
                    found_cell = replace(found_cell, correction=len(sols[0].cells))
                out.append(found_cell)
        else:
            suspects = {c for s in sols for c in s.cells} or {
                v for eq in d.violated for v, coef in eq.terms if coef > 0 and v in known
            }
            for r in suspects:
                if status.get(r, by_ref[r].status) == "ok":
                    status[r] = "suspect"
            more = comp.search is not None and comp.search.more
            for eq in d.violated:
                out.append(_broken_relation(t, eq, by_ref, sols, unknown, more))
            if comp.search is not None and comp.search.status == "limit":
                out.append(_search_limit(t, comp.search, d.violated))
    return sol


def _column_order(s: Solution) -> Solution:
    """A correction's cells column by column, top to bottom (a totals column reads as one run)."""
    pairs = sorted(zip(s.cells, s.values, strict=True), key=lambda p: (p[0].sheet, p[0].col, p[0].row))
    return Solution(cells=tuple(c for c, _v in pairs), values=tuple(v for _c, v in pairs))


def _search_limit(t: CheckedTable, search, violated: list[Equation]) -> Finding:
    """Error location stopped at its node limit: what it proved, and that nothing was changed."""
    msg = render(
        "error-location-limit",
        table=t.located.table.short,
        n=len(violated),
        bound=search.bound,
        nodes=search.nodes,
    )
    cells = tuple(dict.fromkeys(str(v) for eq in violated for v in eq.vars))
    return make_finding(
        "error-location-limit",
        msg,
        relation=violated[0].relation if violated else None,
        cells=cells,
        table=t.key,
    )


def relation_of(t: CheckedTable, eq: Equation) -> Relation:
    rid = eq.relation.split(".", 1)[1]
    return next(r for r in t.located.table.relations if r.id == rid)


def _relation_where(t: CheckedTable, eq: Equation) -> str:
    rel = relation_of(t, eq)
    table = t.located.table
    if rel.each == "row":
        row = table.row(eq.where)
        place = f"“{row.short}”行" if table.layout == "grid" else ""
    else:
        place = f"“{table.column(eq.where).short}”列"
    return f"{table.short}{place}的“{rel.label}”"


def _code_for(t: CheckedTable, eqs: list[Equation]) -> str:
    kinds = {relation_of(t, eq).kind for eq in eqs}
    return "sum-mismatch" if "sum" in kinds else "balance-mismatch"


def _wrong_cell(t: CheckedTable, info: CellInfo, violated: list[Equation], value: int | None) -> Finding:
    rels = "、".join(dict.fromkeys(_relation_where(t, eq) + "不成立" for eq in violated))
    place = where(t, info)
    actual = info.number
    if value is None:
        msg = render("wrong-cell-undetermined", cell=info.ref, where=place, actual=actual, relations=rels)
    else:
        msg = render("wrong-cell", cell=info.ref, where=place, expected=value, actual=actual, relations=rels)
    cells = tuple(dict.fromkeys(str(v) for eq in violated for v in eq.vars))
    return make_finding(
        _code_for(t, violated),
        msg,
        relation=violated[0].relation,
        cell=str(info.ref),
        cells=cells,
        expected=value,
        actual=actual,
        table=t.key,
        row=info.row,
        column=info.column,
    )


def _broken_relation(
    t, eq: Equation, by_ref, solutions: list[Solution], unknown: set, more: bool = False
) -> Finding:
    lhs = [v for v, c in eq.terms if c > 0]
    rhs = [v for v, c in eq.terms if c < 0]
    vals = {v: by_ref[v].number for v in eq.vars}
    rel = relation_of(t, eq)
    # blank or invalid cells: a formula total made unknown (it reads one) has a value and is no blank
    has_unknown = any(v in unknown and vals[v] is None for v in eq.vars)

    def side(vs):
        return None if any(not isinstance(vals[v], int) for v in vs) else sum(vals[v] for v in vs)

    def shown(vs, total):
        if total is not None:
            return f"= {total}"
        # blank or invalid cells count at least 0: what is filled is a lower bound
        return f"至少为 {sum(vals[v] for v in vs if isinstance(vals[v], int))}"

    left, right = side(lhs), side(rhs)
    names = "＋".join(by_ref[v].ref.a1 for v in lhs)
    detail = (
        f"{names} {shown(lhs, left)}，而 "
        f"{'＋'.join(by_ref[v].ref.a1 for v in rhs) if len(rhs) <= 4 else '各项之和'} {shown(rhs, right)}"
    )
    cells = tuple(str(v) for v in eq.vars)
    relevant = solutions  # the candidates of the whole component: through formula totals they reach further
    cands = tuple(_candidate(s, by_ref) for s in relevant)
    text = ""
    # a change with its values is an option to take; cells whose value nothing pins down are only named
    valued = [c for c in cands if all(v is not None for v in c.values)]
    open_ = [c for c in cands if any(v is None for v in c.values)]
    if valued:
        opts = "；".join(_describe(c) for c in valued[:12]) + ("……" if len(valued) > 12 or more else "")
        text = render("candidates", options=opts)
        typos = [c for c in valued if c.near_typo]
        if typos and len(typos) < len(valued):
            text += render("candidates-typo", options="；".join(_describe(c) for c in typos))
    if open_:
        unpinned = ["＋".join(cell.split("!")[-1] for cell in c.cells) for c in open_]
        text += render(
            "candidates-open", cells="、".join(unpinned[:12]) + ("……" if len(unpinned) > 12 or more else "")
        )
    key = "relation-unsatisfiable" if has_unknown else "relation-broken"
    code = "unsatisfiable" if has_unknown else ("sum-mismatch" if rel.kind == "sum" else "balance-mismatch")
    where = f"{by_ref[lhs[0]].ref.sheet}!" if lhs else ""
    msg = render(
        key,
        relation_where=_relation_where(t, eq),
        detail=detail,
        cells=_range_text(eq, by_ref, where),
        candidates=text,
    )
    expected = right if rel.kind == "sum" else right
    return make_finding(
        code,
        msg,
        relation=eq.relation,
        cell=None,
        cells=cells,
        expected=expected,
        actual=left,
        table=t.key,
        row=eq.where if rel.each == "row" else None,
        column=eq.where if rel.each == "column" else None,
        candidates=cands,
        more_candidates=more,
    )


def _range_text(eq: Equation, by_ref, prefix: str) -> str:
    refs = [by_ref[v].ref for v in eq.vars]
    return prefix + "、".join(r.a1 for r in refs)


def _candidate(s: Solution, by_ref) -> Candidate:
    typo = all(
        x is not None and isinstance(by_ref[c].number, int) and digit_edit_distance_one(by_ref[c].number, x)
        for c, x in zip(s.cells, s.values, strict=True)
    )
    return Candidate(cells=tuple(str(c) for c in s.cells), values=tuple(s.values), near_typo=typo)


def _describe(c: Candidate) -> str:
    return "，".join(f"{cell.split('!')[-1]} 改为 {v}" for cell, v in zip(c.cells, c.values, strict=True))


def _reads_unknown(derived: dict[CellRef, set[CellRef]], unknown: set[CellRef]) -> set[CellRef]:
    """The formula totals that read an unknown cell, directly or through another such total."""
    out: set[CellRef] = set()
    grown = True
    while grown:
        grown = False
        for total, parts in derived.items():
            if total not in out and not parts.isdisjoint(unknown | out):
                out.add(total)
                grown = True
    return out


def _formula_totals(
    t: CheckedTable, eqs: list[Equation]
) -> Iterator[tuple[CellRef, set[CellRef], set[CellRef]]]:
    """(total, the cells its formula reads, its relation's parts) for every sum total written as a formula."""
    by_ref = t.cells_by_ref
    for eq in eqs:
        lhs = [v for v, c in eq.terms if c > 0]
        if len(lhs) != 1 or relation_of(t, eq).kind != "sum":
            continue
        info = by_ref.get(lhs[0])
        refs = references(info.formula) if info is not None and info.formula is not None else None
        if info is not None and refs is not None:
            yield (
                info.ref,
                {CellRef(s or info.ref.sheet, r, c) for s, r, c in refs},
                {v for v, c in eq.terms if c < 0},
            )


def _miswritten(t: CheckedTable, eqs: list[Equation]) -> set[CellRef]:
    """Totals whose formula reads other cells than their relation's parts."""
    return {total for total, reads, parts in _formula_totals(t, eqs) if not reads_parts(t, reads, parts)}


def _derived(t: CheckedTable, eqs: list[Equation]) -> dict[CellRef, set[CellRef]]:
    """Totals whose formula reads exactly their relation's parts: they follow those parts."""
    return {total: parts for total, reads, parts in _formula_totals(t, eqs) if reads_parts(t, reads, parts)}


def _followers(t: CheckedTable, eqs: list[Equation]) -> dict[CellRef, set[CellRef]]:
    """_derived, and cells whose formula reads exactly the other cells of one of their relations (四·总计
    =I21+I22-I45, the balance): they follow those cells too, so a typo in (七)总计 is not blamed on them as well."""
    out = _derived(t, eqs)
    by_ref = t.cells_by_ref
    for v in {v for eq in eqs for v, _c in eq.terms} - out.keys():
        info = by_ref.get(v)
        refs = references(info.formula) if info is not None and info.formula is not None else None
        got = {CellRef(s or v.sheet, r, c) for s, r, c in refs} if refs else set()
        if got and states_relation(v, got, eqs):
            out[v] = got
    return out


def states_relation(cell: CellRef, reads: set[CellRef], eqs: list[Equation]) -> bool:
    """A formula in `cell` that reads exactly the other cells of one of its relations (四 =I21+I22-I45, the
    balance): it computes what that relation says, whatever kind the relation is."""
    return any(
        cell in cells and reads == cells - {cell} for cells in ({v for v, _c in eq.terms} for eq in eqs)
    )


def reads_parts(t: CheckedTable, got: set[CellRef], parts: set[CellRef]) -> bool:
    """The formula reads exactly its parts, or them and only sheet cells between them that are no cell of the table.

    A PDF conversion's finer grid puts each header over two sheet columns and the numbers in one of them:
    =SUM(L52:R52) over the 4 parts L, N, P, R also reads the empty M, O, Q, as any clerk would write it.
    """
    if got == parts:
        return True
    if not parts <= got or len({r.sheet for r in got}) != 1:
        return False
    rows, cols = {r.row for r in parts}, {r.col for r in parts}
    if len(rows) == 1:
        inside = all(r.row in rows and min(cols) < r.col < max(cols) for r in got - parts)
    elif len(cols) == 1:
        inside = all(r.col in cols and min(rows) < r.row < max(rows) for r in got - parts)
    else:
        return False
    if not inside:
        return False
    table = t.cells_by_ref
    return not any(r in table for r in got - parts)


def _has_cached_formula(group: _Group, by_ref: dict[CellRef, CellInfo]) -> bool:
    return any(by_ref[r].formula is not None for r in group.refs)


def _stale_totals(
    group: _Group,
    t: CheckedTable,
    by_ref: dict[CellRef, CellInfo],
    known: dict[CellRef, int],
    unknown: set[CellRef],
    settled: bool = False,
) -> dict[CellRef, tuple[int, list[CellRef]]]:
    """Formula totals over exactly their parts whose saved result is not what they compute now: the value
    they compute, and the numbers stored as text that explain the difference.

    Excel's, WPS's and LibreOffice's SUM skips a number stored as text, so =SUM(C25:H25) over a pasted "3"
    shows 3 less: a saved result equal to the sum without the text cells is certain. A difference nothing
    explains (saved without recalculating) is taken only when every relation holds once all the totals
    are recalculated (and no cell of them is blank), or when error location found that recalculating
    them alone settles every relation (`settled`); otherwise a part changed later may as well be the wrong one, which error location
    weighs. A total that reads another such total reads its saved result, so both are followed through.
    """
    derived = _derived(t, group.equations)
    # a total computed here (saved without a result) is what the spreadsheet shows once it opens the file
    cached = {r for r in derived if by_ref[r].formula is not None}
    if not cached:
        return {}
    true: dict[CellRef, int | None] = {}
    shown: dict[CellRef, int | None] = {}  # the sum as the spreadsheet computed it from what it saved
    texts: dict[CellRef, list[CellRef]] = {}

    def visit(r: CellRef, depth: int = 0) -> None:
        if r in true or depth > 64:
            return
        true[r] = shown[r] = known.get(r)
        texts[r] = []
        if r not in derived:
            if by_ref[r].value.state == "text-number":
                shown[r], texts[r] = 0, [r]
            return
        for p in derived[r]:
            visit(p, depth + 1)
        parts = sorted(derived[r], key=lambda x: (x.row, x.col))
        values = [true[p] for p in parts]
        if all(isinstance(x, int) for x in values):
            true[r] = sum(x for x in values if x is not None)
            # a part that is itself a saved total counts with its saved result, as the spreadsheet read it
            seen = [known.get(p) if p in cached else shown[p] for p in parts]
            shown[r] = (
                sum(x for x in seen if x is not None) if all(isinstance(x, int) for x in seen) else None
            )
            texts[r] = [x for p in parts for x in texts[p]]

    out: dict[CellRef, tuple[int, list[CellRef]]] = {}
    for r in sorted(cached, key=lambda x: (x.row, x.col)):
        visit(r)
        value = true[r]
        if isinstance(value, int) and value != known.get(r):
            out[r] = (value, list(dict.fromkeys(texts[r])) if shown[r] == known.get(r) else [])
    if any(not cells for _v, cells in out.values()) and not settled:
        if unknown:  # whether recalculating settles every relation cannot be told over blank cells
            return {r: (v, cells) for r, (v, cells) in out.items() if cells}
        trial = {**known, **{r: v for r, (v, _c) in out.items()}}
        if any(
            sum(trial[v] for v in plus) != sum(trial[v] for v in minus) for _eq, plus, minus in group.sides
        ):
            out = {r: (v, cells) for r, (v, cells) in out.items() if cells}
    return out


def _stale_findings(
    t: CheckedTable,
    stale: dict[CellRef, tuple[int, list[CellRef]]],
    by_ref: dict[CellRef, CellInfo],
    sol: TableSolution,
) -> list[Finding]:
    out = []
    for r, (value, texts) in stale.items():
        info = by_ref[r]
        sol.status[r], sol.expected[r] = "suspect", value
        fields = dict(
            cell=info.ref, where=where(t, info), formula=info.formula, actual=info.number, expected=value
        )
        if texts:
            msg = render("stale-total", texts="、".join(x.a1 for x in texts), **fields)
        else:
            msg = render("stale-total-recalc", **fields)
        out.append(
            make_finding(
                "stale-total",
                msg,
                cell=str(r),
                cells=(str(r), *(str(x) for x in texts)),
                expected=value,
                actual=info.number,
                table=t.key,
                row=info.row,
                column=info.column,
            )
        )
    return out
