"""Applying a repair plan: the user's workbook, loaded with openpyxl, edited, saved under a new name.

Only the planned cells change (value, a fill colour by kind, a Chinese comment); the sheet `校验报告`
(govreport's own, skipped by locate) lists every finding and every change. Everything openpyxl models is
kept as it was; what it does not model is counted by `govreport.fill.losses` and reported, never lost silently.
"""

from __future__ import annotations

import io
import warnings
from collections import Counter
from copy import copy
from decimal import Decimal
from pathlib import Path
from typing import Any

from govreport.fill.losses import NAMES
from govreport.fill.plan import KIND_TEXT, CellEdit, Plan
from govreport.findings import FileReport
from govreport.locate.find import REPORT_SHEET
from govreport.messages import render

# one fill per kind, distinct also for colour-blind readers by lightness: green, blue, orange, yellow
KIND_FILL = {"filled": "C6EFCE", "normalized": "DDEBF7", "corrected": "F8CBAD", "needs-review": "FFEB9C"}
COMMENT_AUTHOR = "govreport"
# what openpyxl keeps of the categories `losses.inventory` counts (images need Pillow, which we require)
_KEPT = {"chart", "image", "pivot-table", "external-link", "other-part"}
_SEVERITY_TEXT = {"error": render("severity-error"), "warning": render("severity-warning")}


def is_macro_book(path: str | Path) -> bool:
    """An .xlsm (or .xltm) keeps its macros only when openpyxl is told to keep the VBA part."""
    return Path(path).suffix.lower() in (".xlsm", ".xltm")


def predicted_losses(before: Counter[str], macro: bool) -> Counter[str]:
    """What an openpyxl round trip will drop of the input's inventory (checked against the output later)."""
    kept = _KEPT | ({"vba", "form-control"} if macro else set())
    return Counter({k: v for k, v in before.items() if k not in kept})


def apply_plan(
    in_path: str | Path,
    out_path: str | Path,
    plan: Plan,
    report: FileReport,
    notes: list[str] | None = None,
    *,
    data: bytes | None = None,
) -> None:
    """Write a copy of `in_path` (its bytes `data` when the caller has read them) to `out_path` with the plan's
    edits marked and the report sheet added."""
    import openpyxl  # deferred: openpyxl is heavy: loaded only when a copy is written

    macro = is_macro_book(in_path)
    with warnings.catch_warnings():
        # openpyxl warns of each extension it drops; losses.inventory counts them and fill reports them
        warnings.simplefilter("ignore", UserWarning)
        source = io.BytesIO(data) if data is not None else in_path
        wb = openpyxl.load_workbook(source, rich_text=True, keep_vba=macro, keep_links=True)
    for edit in plan.edits:
        _apply_edit(wb, edit)
    if plan.edits or REPORT_SHEET not in wb.sheetnames:
        # a second fill with nothing to change keeps the first fill's record of what it changed
        _report_sheet(wb, plan, report, notes or [])
    # no stale cached total may survive: Excel/WPS/LibreOffice recalculate every formula on opening
    wb.calculation.fullCalcOnLoad = True
    wb.save(out_path)


def _apply_edit(wb: Any, edit: CellEdit) -> None:
    from openpyxl.cell.cell import (  # deferred: openpyxl is heavy: loaded only when a copy is written
        ILLEGAL_CHARACTERS_RE,
        MergedCell,
    )
    from openpyxl.comments import Comment  # deferred: openpyxl is heavy: loaded only when a copy is written
    from openpyxl.styles import PatternFill  # deferred: openpyxl is heavy: loaded only when a copy is written

    ws = wb[edit.ref.sheet]
    cell = ws.cell(row=edit.ref.row + 1, column=edit.ref.col + 1)
    unmerged = None
    if isinstance(cell, MergedCell):
        # one entry merged over a row's number cells ("0" or "无" over C:I for a row with no requests): each
        # covered cell is a number of the table, so the range is split and every cell gets its own value
        unmerged = _unmerge(ws, edit.ref.row + 1, edit.ref.col + 1)
        cell = ws.cell(row=edit.ref.row + 1, column=edit.ref.col + 1)
    new = edit.new
    if isinstance(new, str) and new.startswith("="):
        cell.value = new  # openpyxl keeps a text starting with "=" as a formula
    else:
        cell.value = int(new) if isinstance(new, int) else Decimal(new)
        if cell.number_format == "@":  # a text-formatted cell would show the number as text again
            cell.number_format = "General"
        elif cell.is_date:  # a count under a date format showed 1900-01-10 for 10
            cell.number_format = "General"
        if cell.quotePrefix:  # a leading ' (Excel's "store as text"): the number stays a number when edited
            cell.quotePrefix = False
    cell.fill = PatternFill(
        fill_type="solid", start_color=KIND_FILL[edit.kind], end_color=KIND_FILL[edit.kind]
    )
    text = f"govreport {KIND_TEXT[edit.kind]}：{edit.reason}"
    if unmerged:
        text += render("fill-unmerged-note", cells=unmerged)
    if cell.comment is not None and cell.comment.text:
        author = cell.comment.author or render("fill-comment-no-author")
        text += render("fill-old-comment", author=author, text=cell.comment.text)
    # openpyxl writes a comment's text unchecked: a control character quoted from the cell would make the
    # comments part invalid XML (Excel "repairs" the copy, dropping every comment) while the re-check passes
    comment = Comment(ILLEGAL_CHARACTERS_RE.sub("?", text), COMMENT_AUTHOR)
    comment.width, comment.height = 320, 140
    cell.comment = comment


def _unmerge(ws: Any, row: int, col: int) -> str:
    """Split the merged range covering (row, col), 1-based; its cells take the top-left cell's look."""
    rng = next(
        m for m in ws.merged_cells.ranges if m.min_row <= row <= m.max_row and m.min_col <= col <= m.max_col
    )
    text = rng.coord
    anchor = ws.cell(row=rng.min_row, column=rng.min_col)
    ws.unmerge_cells(text)
    for r in range(rng.min_row, rng.max_row + 1):
        for c in range(rng.min_col, rng.max_col + 1):
            if (r, c) != (rng.min_row, rng.min_col):
                ws.cell(row=r, column=c)._style = copy(anchor._style)
    return text


def _report_sheet(wb: Any, plan: Plan, report: FileReport, notes: list[str]) -> None:
    from openpyxl.cell.cell import (
        ILLEGAL_CHARACTERS_RE,  # deferred: openpyxl is heavy: loaded only when a copy is written
    )
    from openpyxl.styles import (  # deferred: openpyxl is heavy: loaded only when a copy is written
        Alignment,
        Font,
        PatternFill,
    )

    if REPORT_SHEET in wb.sheetnames:
        del wb[REPORT_SHEET]  # replace, never duplicate, the sheet of an earlier fill
    ws = wb.create_sheet(REPORT_SHEET)
    bold = Font(bold=True)
    rows: list[tuple[list[Any], str | None]] = []

    def head(text: str) -> None:
        rows.append(([text], "head"))

    head(render("sheet-title"))
    unknown = render("sheet-unknown")
    rows.append(
        (
            [
                render("sheet-file", name=Path(report.path).name),
                render("sheet-form", form=report.form or unknown),
                render("sheet-agency", agency=report.agency or unknown),
                render("sheet-year", year=report.year or unknown),
            ],
            None,
        )
    )
    rows.append(([], None))
    head(render("sheet-edits", n=len(plan.edits)))
    rows.append((render("sheet-edit-columns").split("|"), "cols"))
    for e in plan.edits:
        rows.append(([e.cell, _text(e.old), _text(e.new), KIND_TEXT[e.kind], e.reason], e.kind))
    rows.append(([], None))
    head(render("sheet-findings", n=len(report.findings)))
    rows.append((render("sheet-finding-columns").split("|"), "cols"))
    sep = render("list-sep")
    for f in report.findings:
        rows.append(([_SEVERITY_TEXT[f.severity], f.code, f.cell or sep.join(f.cells[:6]), f.message], None))
    rows.append(([], None))
    head(render("sheet-questions", n=len(plan.questions)))
    for q in plan.questions:
        rows.append(([q], None))
    rows.append(([], None))
    head(render("sheet-losses", n=len(notes)))
    for n in notes or [render("sheet-none")]:
        rows.append(([n], None))
    for r, (values, style) in enumerate(rows, start=1):
        for c, v in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c)
            if isinstance(v, str):
                # a message may quote a cell holding control characters (_x001B_ …): openpyxl refuses them
                # and the whole copy would be lost for one line of the report sheet; a file name that is not
                # UTF-8 (GBK, from a zip made on Chinese Windows) holds lone surrogates, written as invalid XML
                v = ILLEGAL_CHARACTERS_RE.sub("?", v.encode("utf-8", "replace").decode("utf-8"))
            cell.value = v
            if isinstance(v, str) and v.startswith("="):
                cell.data_type = "s"  # an old formula or a label quoted here is text, never a live formula
            if style in ("head", "cols"):
                cell.font = bold
            elif style in KIND_FILL and c == 4:
                cell.fill = PatternFill(
                    fill_type="solid", start_color=KIND_FILL[style], end_color=KIND_FILL[style]
                )
            if c == len(values) and len(values) > 1:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDE", (22, 16, 16, 12, 90), strict=True):
        ws.column_dimensions[letter].width = width


def _text(x: Any) -> Any:
    """A value as the report sheet shows it: numbers stay numbers, a blank says so."""
    if x in ("", None):
        return render("sheet-blank")
    if isinstance(x, float):
        x = Decimal(repr(x))
    if isinstance(x, Decimal):
        return int(x) if x == x.to_integral_value() else format(x, "f")
    if isinstance(x, int | str):
        return x
    return str(x)


def loss_lines(lost: Counter[str]) -> list[str]:
    """Chinese lines for a counter of lost things (as losses.dropped words them)."""
    return [render("lost-count", name=NAMES[k], n=v) for k, v in lost.items() if v > 0 and k in NAMES]
