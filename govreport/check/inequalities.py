"""The form's inequalities over a checked table: counts the form does not print, implied by cells it does.

2019 table 1 prints 上一年项目数量 and 本年增/减; their sum is this year's number of items, which cannot be
negative (forms/2019.toml, [[tables.inequalities]]). One inequality cannot tell which cell is wrong, so a
broken one is reported and never corrected; a sign that, typed the other way, would satisfy it is named as
a candidate that looks like a typo.
"""

from __future__ import annotations

from govreport.findings import Candidate, Finding, make_finding
from govreport.forms import Inequality
from govreport.messages import render
from govreport.solve.model import CellInfo, CheckedTable


def inequality_findings(t: CheckedTable) -> list[Finding]:
    """One finding for every row (or column) where an inequality of the table does not hold."""
    table = t.located.table
    out: list[Finding] = []
    for ineq in table.inequalities:
        lines = t.located.rows if ineq.each == "row" else t.located.columns
        for line in lines:
            keys = [(line, k) if ineq.each == "row" else (k, line) for k in ineq.terms]
            got = [t.cells.get(k) for k in keys]
            infos = [i for i in got if i is not None and i.number.__class__ is int]
            if len(infos) != len(keys):
                continue  # a term missing, blank or invalid: reported as such
            terms = [(i, int(i.number or 0)) for i in infos]
            total = sum(n for _i, n in terms)
            if total < ineq.at_least:
                out.append(_finding(t, ineq, line, terms, total))
    return out


def _finding(
    t: CheckedTable, ineq: Inequality, line: str, terms: list[tuple[CellInfo, int]], total: int
) -> Finding:
    table = t.located.table
    place = table.row(line).short if ineq.each == "row" else table.column(line).short
    infos = [i for i, _n in terms]
    shown = " ＋ ".join(f"{i.ref.a1}（{_name(t, i, ineq)}）{_signed(n)}" for i, n in terms)
    # a negative 本年增/减 typed for a positive one: the other sign satisfies the inequality
    flips = [
        (i, n)
        for i, n in terms
        if table.column(i.column).kind == "signed" and n < 0 and total - 2 * n >= ineq.at_least
    ]
    cands = [Candidate(cells=(str(i.ref),), values=(-n,), near_typo=True) for i, n in flips]
    text = "".join(
        render("implied-count-flip", cell=i.ref.a1, value=-n, implied=ineq.implied, result=total - 2 * n)
        for i, n in flips
    )
    for i in infos:
        if i.status == "ok":
            i.status = "suspect"
    msg = render(
        "negative-implied-count",
        table=table.short,
        place=place,
        terms=shown,
        total=_signed(total),
        implied=ineq.implied,
        candidates=text,
    )
    return make_finding(
        "negative-implied-count",
        msg,
        relation=f"{table.key}.{ineq.id}",
        cell=None,
        cells=tuple(str(i.ref) for i in infos),
        actual=total,
        table=t.key,
        row=line if ineq.each == "row" else None,
        column=line if ineq.each == "column" else None,
        candidates=tuple(cands),
    )


def _name(t: CheckedTable, info: CellInfo, ineq: Inequality) -> str:
    table = t.located.table
    return table.column(info.column).short if ineq.each == "row" else table.row(info.row).short


def _signed(x: int) -> str:
    return f"−{-x}" if x < 0 else str(x)
