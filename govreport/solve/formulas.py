"""Formulas over the relations: which totals follow their parts, which read other cells than their parts,
and which were saved showing another result than they compute.

Every formula's references are read here, once per question, from the equations solving built: fill plans
its formula repairs from the FormulaMismatch and StaleTotal facts these give, not by reading formulas again.
"""

from __future__ import annotations

from collections.abc import Iterator

from govreport.cells.formula import references
from govreport.read.model import CellRef
from govreport.solve.arithmetic import Equation
from govreport.solve.model import CellInfo, CheckedTable, Component, FormulaMismatch, relation_of


def formula_reads(info: CellInfo) -> set[CellRef] | None:
    """The cells a cell's formula reads (None: no formula, or one whose references cannot be listed), less
    those that add nothing to it (`inert`: a label cell its SUM range starts at, an empty spacer column)."""
    refs = references(info.formula) if info.formula is not None else None
    if refs is None:
        return None
    return {CellRef(s or info.ref.sheet, r, c) for s, r, c in refs} - info.inert


def sum_total(eq: Equation) -> CellRef | None:
    """The total of a sum equation (total = parts): its one added cell, else None."""
    lhs = [v for v, c in eq.terms if c > 0]
    return lhs[0] if len(lhs) == 1 else None


def sum_parts(eq: Equation) -> list[CellRef]:
    return [v for v, c in eq.terms if c < 0]


def formula_totals(
    t: CheckedTable, eqs: list[Equation]
) -> Iterator[tuple[CellRef, set[CellRef], set[CellRef]]]:
    """(total, the cells its formula reads, its relation's parts) for every sum total written as a formula."""
    by_ref = t.cells_by_ref
    for eq in eqs:
        total = sum_total(eq)
        if total is None or relation_of(t, eq).kind != "sum":
            continue
        info = by_ref.get(total)
        got = formula_reads(info) if info is not None else None
        if info is not None and got is not None:
            yield info.ref, got, set(sum_parts(eq))


def miswritten(t: CheckedTable, eqs: list[Equation]) -> set[CellRef]:
    """Totals whose formula reads other cells than their relation's parts."""
    return {total for total, reads, parts in formula_totals(t, eqs) if not reads_parts(t, reads, parts)}


def derived(t: CheckedTable, eqs: list[Equation]) -> dict[CellRef, set[CellRef]]:
    """Totals whose formula reads exactly their relation's parts: they follow those parts."""
    return {total: parts for total, reads, parts in formula_totals(t, eqs) if reads_parts(t, reads, parts)}


def followers(t: CheckedTable, eqs: list[Equation]) -> dict[CellRef, set[CellRef]]:
    """derived, and cells whose formula reads exactly the other cells of one of their relations (四·总计
    =I21+I22-I45, the balance): they follow those cells too, so a typo in (七)总计 is not blamed on them as well."""
    out = derived(t, eqs)
    by_ref = t.cells_by_ref
    for v in {v for eq in eqs for v, _c in eq.terms} - out.keys():
        info = by_ref.get(v)
        got = (formula_reads(info) or set()) if info is not None else set()
        if got and states_relation(v, got, eqs):
            out[v] = got
    return out


def reads_unknown(derived: dict[CellRef, set[CellRef]], unknown: set[CellRef]) -> set[CellRef]:
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


def formula_mismatches(t: CheckedTable, components: list[Component]) -> list[FormulaMismatch]:
    """Every total whose formula does not read exactly its relation's parts, with those parts."""
    formulas = [info for info in t.cells.values() if info.formula is not None]
    if not formulas:  # most tables hold none
        return []
    totals: dict[CellRef, list[set[CellRef]]] = {}
    eqs = [eq for comp in components for eq in comp.equations]
    for eq in eqs:
        total = sum_total(eq)
        if total is not None and relation_of(t, eq).kind == "sum":
            totals.setdefault(total, []).append(set(sum_parts(eq)))
    cells = t.cells_by_ref
    out = []
    for info in formulas:
        got = formula_reads(info)
        if got is None or not any(r in cells for r in got):
            continue  # a link to another sheet (=数据!G25: a printed sheet over an input sheet): no sum to compare
        sums = totals.get(info.ref, [])
        if not sums or any(reads_parts(t, got, parts) for parts in sums):
            continue
        if states_relation(info.ref, got, eqs):
            continue  # computed from another of its relations (四·总计 =I21+I22-I45, the balance): it holds or breaks there
        parts = sorted(min(sums, key=lambda p: len(p ^ got)), key=lambda r: (r.row, r.col))
        out.append(
            FormulaMismatch(
                ref=info.ref,
                parts=tuple(parts),
                missing=tuple(r for r in parts if r not in got),
                extra=tuple(sorted(got - set(parts), key=lambda r: (r.row, r.col))),
            )
        )
    return out


def stale_totals(
    equations: list[Equation],
    sides: list[tuple[Equation, tuple[CellRef, ...], tuple[CellRef, ...]]],
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
    follows = derived(t, equations)
    # a total computed here (saved without a result) is what the spreadsheet shows once it opens the file
    cached = {r for r in follows if by_ref[r].formula is not None}
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
        if r not in follows:
            if by_ref[r].value.state == "text-number":
                shown[r], texts[r] = 0, [r]
            return
        for p in follows[r]:
            visit(p, depth + 1)
        parts = sorted(follows[r], key=lambda x: (x.row, x.col))
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
        if any(sum(trial[v] for v in plus) != sum(trial[v] for v in minus) for _eq, plus, minus in sides):
            out = {r: (v, cells) for r, (v, cells) in out.items() if cells}
    return out


def sum_formula(refs: list[CellRef] | tuple[CellRef, ...]) -> str:
    """SUM over the cells, as ranges where they are contiguous in one row or one column."""
    if not refs:
        return "0"
    rows = {r.row for r in refs}
    cols = {r.col for r in refs}
    if len(rows) == 1 and max(cols) - min(cols) + 1 == len(refs):
        return f"SUM({refs[0].a1}:{refs[-1].a1})" if len(refs) > 1 else refs[0].a1
    if len(cols) == 1 and max(rows) - min(rows) + 1 == len(refs):
        return f"SUM({refs[0].a1}:{refs[-1].a1})" if len(refs) > 1 else refs[0].a1
    return "SUM(" + ",".join(r.a1 for r in refs) + ")"
