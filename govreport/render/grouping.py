"""Findings grouped for a person: blank cells of one row or column, or the cells of one many-cell correction,
said in one line ("年报!J23:J47（总计列）共 25 格……"). Plain text; the terminal renderer styles it."""

from __future__ import annotations

from typing import Any

from govreport.findings import FileReport, Finding, plain_number
from govreport.messages import render
from govreport.read.model import col_letter, parse_a1

# a file's status as every output names it (terminal, batch terminal, summary workbook)
STATUS_TEXT = {k: render(f"status-{k}") for k in ("ok", "warnings", "errors", "unreadable")}


def num(x: Any) -> str:
    return "" if x is None else plain_number(x)


def col_name(c: int) -> str:
    return col_letter(c)


def group_blanks(findings: list[Finding]) -> list[tuple[Finding, list[Finding]]]:
    """Blank cells of one row become one line; everything else stays one line per finding."""
    out: list[tuple[Finding, list[Finding]]] = []
    for f in findings:
        if (
            f.code == "blank-cell"
            and out
            and out[-1][0].code == "blank-cell"
            and out[-1][0].table == f.table
            and out[-1][0].row == f.row
            and f.table is not None
        ):
            out[-1][1].append(f)
        elif f.correction > 1 and out and same_correction(out[-1][1], f):
            out[-1][1].append(f)
        else:
            out.append((f, [f]))
    return out


def same_correction(group: list[Finding], f: Finding) -> bool:
    """f names another cell of the same many-cell correction, in the group's column or row."""
    first = group[0]
    if first.code == "blank-cell" or first.correction != f.correction or first.table != f.table:
        return False
    return all(g.column == f.column for g in group) or all(g.row == f.row for g in group)


def correction_line(report: FileReport, group: list[Finding]) -> str:
    """Cells of one smallest correction in one column or row: 年报!J23:J47（总计列）共 25 格有误……"""
    first = group[0]
    sheet = first.cell.split("!")[0] if first.cell else ""
    cells = sorted((f.cell.split("!")[-1] for f in group if f.cell), key=lambda c: parse_a1(c)[::-1])
    if all(g.column == first.column for g in group) and len(group) > 1:
        place = render("term-column-of", column=col_short(report, first.table, first.column))
    else:
        place = render("term-row-of", row=row_short(report, first.table, first.row))
    actuals = {f.actual for f in group}
    now = render("term-now-all", value=num(actuals.pop())) if len(actuals) == 1 else ""
    values = "、".join(num(f.expected) for f in group)
    return render(
        "term-correction-group",
        sheet=sheet,
        first=cells[0],
        last=cells[-1],
        place=place,
        n=len(group),
        now=now,
        values=values,
        size=first.correction,
    )


def col_short(report: FileReport, table: str | None, column: str | None) -> str:
    for t in report.tables:
        if t.key == table and column:
            return t.located.table.column(column).short
    return column or ""


def span(cells: list[str]) -> str:
    """D25、E25 … J25 -> D25:J25 when the cells are one contiguous run of a row."""
    pos = [parse_a1(c) for c in cells]
    if len({r for r, _ in pos}) == 1 and [c for _, c in pos] == list(range(pos[0][1], pos[0][1] + len(pos))):
        return f"{cells[0]}:{cells[-1]}"
    return "、".join(cells)


def row_short(report: FileReport, table: str | None, row: str | None) -> str:
    for t in report.tables:
        if t.key == table and row:
            # table 3's one row has no label of its own: the table's name says which row it is
            return t.located.table.row(row).short or t.located.table.short
    return row or ""
