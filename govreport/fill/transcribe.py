"""A document's figures written into the official template workbook (a page, a text copy or a PDF has no cells
to correct in place): the template of the detected form version, each located cell holding what the document
showed, so that the workbook fill (plan, apply) corrects it as it corrects any workbook.

What is written is the cell as typed, not as read: "3件", "无" or "１２" stay text, so the check of the template
notes and normalizes them as it would in a workbook; a plain number becomes a number. An amount typed under a
header in another unit (元 where the template says 万元) carries that unit, so the template converts it and marks
the conversion for review instead of taking 元 for 万元.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from govreport.findings import FileReport, plain_number
from govreport.forms import get_form
from govreport.template import Layout, collapsed_group, write_report

Key = tuple[str, str, str]


def template_values(report: FileReport) -> dict[Key, object]:
    """(table, row, column) -> the value to write for every located cell of the checked document."""
    out: dict[Key, object] = {}
    for t in report.tables:
        for info in t.cells.values():
            out[(t.key, info.row, info.column)] = _typed(t, info)
    return out


def _typed(t, info) -> object:
    v = info.value
    if v.state == "blank":
        return None
    if v.state == "number" and v.number is not None:
        col = t.located.table.column(info.column)
        unit = t.located.units.get(info.column)
        if col.unit and unit and unit != col.unit:  # the document's header said 元, the template says 万元
            return f"{plain_number(v.number)}{unit}"
        return v.number if isinstance(v.number, int) else Decimal(v.number)
    raw = v.raw
    if isinstance(raw, float):
        return plain_number(raw)
    return raw if isinstance(raw, str | int | Decimal) else str(raw)


def write_template_copy(report: FileReport, path: str | Path) -> dict[Key, str]:
    """Write the national template of the report's form to `path`, holding the report's values."""
    form = get_form(report.form or "2021")
    values = template_values(report)
    # a 2021 document that prints （六）其他处理 as one row: the template draws it so (else its values had no cell)
    single = any(
        (t.key, g, c.key) in values
        for t in form.tables
        if (g := collapsed_group(t)) is not None
        for c in t.columns
    )
    return write_report(
        path, form, values, layout=Layout(other_single_row=single), agency=report.agency, year=report.year
    )
