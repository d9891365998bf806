"""The form's advisory relations over a checked table: numbers typed where the form gives none.

三、本年度办理结果 is a heading with no numbers of its own; some clerks type the total of results on it.
forms/*.toml declares `advisory = true` relations for such rows (三 ＝ （七）总计 in every column). Solving
never sees them, so fill corrects nothing by them; here, where the heading's numbers disagree with what
the other side holds (the value solving requires there, where it names one), each is a warning.
"""

from __future__ import annotations

from govreport.findings import Finding, make_finding
from govreport.forms import Relation
from govreport.messages import render
from govreport.solve.model import CellInfo, CheckedTable, where


def advisory_findings(t: CheckedTable) -> list[Finding]:
    """One warning per typed cell of an advisory relation that disagrees with the relation's other side."""
    loc = t.located
    out: list[Finding] = []
    for rel in loc.table.relations:
        if not rel.advisory or rel.each != "column":
            continue
        rows = [[k] if k in loc.rows else loc.expand(k) for k in (*rel.lhs, *rel.rhs)]
        if not all(rows) or not all(k in loc.rows for k in rel.lhs):
            continue  # a heading blank all along is not read at all: nothing typed there
        for col in loc.columns:
            typed = [t.cells.get((k, col)) for k in rel.lhs]
            other = [t.cells.get((k, col)) for ks in rows[len(rel.lhs) :] for k in ks]
            if not all(typed) or not all(other):
                continue  # nothing typed in this column (or a cell of the other side not read)
            have = [i.number for i in typed if i is not None]
            gives = [_value(i) for i in other if i is not None]
            if any(n.__class__ is not int for n in (*have, *gives)):
                continue  # a blank, invalid or non-integer cell: reported as such
            if sum(have) != sum(gives) and len(typed) == 1:  # type: ignore[arg-type]
                out.append(_finding(t, rel, typed[0], other, sum(gives)))  # type: ignore[arg-type]
    return out


def _value(info: CellInfo):
    """What the cell holds, or what solving says it must hold (a wrong or blank cell it determines)."""
    return info.expected if info.expected is not None else info.number


def _finding(t: CheckedTable, rel: Relation, info: CellInfo, other: list[CellInfo], value: int) -> Finding:
    if info.status == "ok":
        info.status = "suspect"
    table = t.located.table
    msg = render(
        "heading-row-mismatch",
        cell=info.ref,
        where=where(t, info),
        actual=info.number,
        other=render("list-sep").join(f"{i.ref.a1}（{where(t, i)}）" for i in other),
        expected=value,
        heading=table.row(info.row).short,
        table=table.short,
        relation=rel.label,
    )
    return make_finding(
        "heading-row-mismatch",
        msg,
        relation=f"{table.key}.{rel.id}",
        cell=str(info.ref),
        cells=(str(info.ref), *(str(i.ref) for i in other)),
        expected=value,
        actual=info.number,
        table=t.key,
        row=info.row,
        column=info.column,
    )
