"""The findings of a table's Solution: wrong cells, broken relations, stale totals, search limits and
miswritten formulas, worded for a person. Solving found them (govreport.solve); this only says so."""

from __future__ import annotations

from govreport.findings import Candidate, Finding, make_finding
from govreport.messages import render
from govreport.read.model import CellRef
from govreport.solve.arithmetic import Equation
from govreport.solve.formulas import sum_formula
from govreport.solve.model import (
    BrokenRelation,
    CheckedTable,
    SearchLimit,
    StaleTotal,
    TableSolution,
    WrongCell,
    relation_of,
    where,
)

MAX_LISTED = 12  # candidate fixes named in one message


def solution_findings(t: CheckedTable, solution: TableSolution) -> list[Finding]:
    """What the relations say of the table, one finding per fact, in the order solving found them."""
    by_ref = t.cells_by_ref if solution.facts else {}
    out = []
    for fact in solution.facts:
        if isinstance(fact, WrongCell):
            out.append(_wrong_cell(t, fact, by_ref))
        elif isinstance(fact, BrokenRelation):
            out.append(_broken_relation(t, fact, by_ref))
        elif isinstance(fact, StaleTotal):
            out.append(_stale_total(t, fact, by_ref))
        else:
            out.append(_search_limit(t, fact))
    return out


def relation_where(t: CheckedTable, eq: Equation) -> str:
    """Where a relation instance applies, as a person reads it: 表二“本年新收…”行的“总计＝各项之和”."""
    rel = relation_of(t, eq)
    table = t.located.table
    if rel.each == "row":
        place = render("place-row", row=table.row(eq.where).short) if table.layout == "grid" else ""
    else:
        place = render("place-column", column=table.column(eq.where).short)
    return render("relation-where", table=table.short, place=place, relation=rel.label)


def _code_for(t: CheckedTable, eqs: tuple[Equation, ...]) -> str:
    kinds = {relation_of(t, eq).kind for eq in eqs}
    return "sum-mismatch" if "sum" in kinds else "balance-mismatch"


def _wrong_cell(t: CheckedTable, fact: WrongCell, by_ref) -> Finding:
    info = by_ref[fact.ref]
    violated, value = fact.violated, fact.value
    fails = (render("relation-fails", relation=relation_where(t, eq)) for eq in violated)
    rels = render("list-sep").join(dict.fromkeys(fails))
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
        correction=fact.correction or 0,  # the renderer shows a correction of many cells as one line
    )


def _broken_relation(t: CheckedTable, fact: BrokenRelation, by_ref) -> Finding:
    eq = fact.equation
    lhs = [v for v, c in eq.terms if c > 0]
    rhs = [v for v, c in eq.terms if c < 0]
    vals = {v: by_ref[v].number for v in eq.vars}
    rel = relation_of(t, eq)

    def side(vs):
        return None if any(not isinstance(vals[v], int) for v in vs) else sum(vals[v] for v in vs)

    implied = dict(fact.implied)

    def shown(vs, total):
        if total is not None:
            return f"= {total}"
        filled = sum(vals[v] for v in vs if isinstance(vals[v], int))
        open_ = [v for v in vs if not isinstance(vals[v], int)]
        if open_ and all(v in implied for v in open_):
            # the other relations determine the blanks: the side's value is what contradicts the relation
            return render(
                "side-implied",
                total=filled + sum(implied[v] for v in open_),
                cells=render("list-sep").join(by_ref[v].ref.a1 for v in open_),
                values=render("list-sep").join(str(implied[v]) for v in open_),
            )
        # blank or invalid cells count at least 0: what is filled is a lower bound
        return render("side-at-least", total=filled)

    left, right = side(lhs), side(rhs)
    plus = render("plus")
    rhs_names = plus.join(by_ref[v].ref.a1 for v in rhs) if len(rhs) <= 4 else render("sum-of-parts")
    detail = render(
        "relation-detail",
        left=plus.join(by_ref[v].ref.a1 for v in lhs),
        left_value=shown(lhs, left),
        right=rhs_names,
        right_value=shown(rhs, right),
    )
    cands, more = fact.candidates, fact.more
    text = ""
    # a change with its values is an option to take; cells whose value nothing pins down are only named
    valued = [c for c in cands if all(v is not None for v in c.values)]
    open_ = [c for c in cands if any(v is None for v in c.values)]
    sep = render("option-sep")
    if valued:
        opts = sep.join(_describe(c) for c in valued[:MAX_LISTED])
        text = render("candidates", options=opts + ("……" if len(valued) > MAX_LISTED or more else ""))
        typos = [c for c in valued if c.near_typo]
        if typos and len(typos) < len(valued):
            text += render("candidates-typo", options=sep.join(_describe(c) for c in typos))
    if open_:
        unpinned = [plus.join(cell.split("!")[-1] for cell in c.cells) for c in open_]
        listed = render("list-sep").join(unpinned[:MAX_LISTED])
        text += render("candidates-open", cells=listed + ("……" if len(unpinned) > MAX_LISTED or more else ""))
    key = "relation-unsatisfiable" if fact.unknown else "relation-broken"
    code = "unsatisfiable" if fact.unknown else ("sum-mismatch" if rel.kind == "sum" else "balance-mismatch")
    prefix = f"{by_ref[lhs[0]].ref.sheet}!" if lhs else ""
    msg = render(
        key,
        relation_where=relation_where(t, eq),
        detail=detail,
        cells=prefix + render("list-sep").join(by_ref[v].ref.a1 for v in eq.vars),
        candidates=text,
    )
    return make_finding(
        code,
        msg,
        relation=eq.relation,
        cell=None,
        cells=tuple(str(v) for v in eq.vars),
        expected=right,
        actual=left,
        table=t.key,
        row=eq.where if rel.each == "row" else None,
        column=eq.where if rel.each == "column" else None,
        candidates=cands,
        more_candidates=more,
    )


def _describe(c: Candidate) -> str:
    return render("item-sep").join(
        render("change", cell=cell.split("!")[-1], value=v) for cell, v in zip(c.cells, c.values, strict=True)
    )


def _stale_total(t: CheckedTable, fact: StaleTotal, by_ref) -> Finding:
    info = by_ref[fact.ref]
    texts, value = fact.texts, fact.value
    fields = dict(
        cell=info.ref, where=where(t, info), formula=info.formula, actual=info.number, expected=value
    )
    if texts:
        msg = render("stale-total", texts=render("list-sep").join(x.a1 for x in texts), **fields)
    else:
        msg = render("stale-total-recalc", **fields)
    return make_finding(
        "stale-total",
        msg,
        cell=str(fact.ref),
        cells=(str(fact.ref), *(str(x) for x in texts)),
        expected=value,
        actual=info.number,
        table=t.key,
        row=info.row,
        column=info.column,
    )


def _search_limit(t: CheckedTable, fact: SearchLimit) -> Finding:
    """Error location stopped at its node limit: what it proved, and that nothing was changed."""
    search, violated = fact.search, fact.violated
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


def formula_findings(t: CheckedTable, solution: TableSolution) -> list[Finding]:
    """A total whose formula misses or adds cells: what it reads wrongly and the formula it should be."""
    out: list[Finding] = []
    if not solution.mismatches:
        return out
    by_ref = t.cells_by_ref
    for m in solution.mismatches:
        info = by_ref[m.ref]
        detail = []
        if m.missing:
            detail.append(render("formula-missing", cells=_a1s(m.missing)))
        if m.extra:
            detail.append(render("formula-extra", cells=_a1s(m.extra)))
        out.append(
            make_finding(
                "formula-mismatch",
                render(
                    "formula-mismatch",
                    cell=info.ref,
                    where=where(t, info),
                    formula=info.formula,
                    detail=render("item-sep").join(detail),
                    expected_formula=sum_formula(m.parts),
                ),
                cell=str(info.ref),
                cells=tuple(str(r) for r in m.parts),
                table=t.key,
                row=info.row,
                column=info.column,
            )
        )
    return out


def _a1s(refs: tuple[CellRef, ...]) -> str:
    return render("list-sep").join(r.a1 for r in refs)
