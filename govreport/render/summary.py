"""The summary workbook a supervisor opens in Excel/WPS: 汇总, 问题明细, 问题统计, 合计.

Written in openpyxl's write-only mode (rows streamed to disk) so thousands of files and their findings stay
fast and small in memory. Every text from the inputs is written as a string cell (data_type "s"): openpyxl
would otherwise turn a value starting with "=" into a formula.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill

from govreport.batch.crossfile import agency_key
from govreport.batch.result import BatchReport, FileResult, decimal_of, select
from govreport.batch.run import KEY_FIGURES
from govreport.findings import CODES, Finding
from govreport.forms import Table, get_form
from govreport.messages import render
from govreport.read.paths import SUMMARY_MARK, SUMMARY_SHEETS
from govreport.render.grouping import STATUS_TEXT

STATUS_FILL = {"ok": "C6EFCE", "warnings": "FFEB9C", "errors": "FFC7CE", "unreadable": "D9D9D9"}
SEVERITY_TEXT = {"error": render("severity-error"), "warning": render("severity-warning")}
FIRST_PROBLEMS = 3  # problems spelled out in the 汇总 row; the rest are in 问题明细
PROBLEMS_WIDTH = 70  # characters: the 主要问题 column of 汇总
# in this order: also how `batch -o` knows an earlier summary, and a folder's listing skips it
SHEET_NAMES = SUMMARY_SHEETS

_BOLD = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")


def _text(ws: Any, value: Any, **style: Any) -> WriteOnlyCell:
    """A cell whose text stays text (never a formula), with characters XML cannot hold removed."""
    if isinstance(value, str):
        # a file name that is not UTF-8 (GBK names from a zip made on Chinese Windows) holds lone surrogates:
        # openpyxl wrote them as &#56508; and the whole summary would not open
        value = value.encode("utf-8", "replace").decode("utf-8")
        cell = WriteOnlyCell(ws, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"
    else:
        cell = WriteOnlyCell(ws, value=value)
    for k, v in style.items():
        setattr(cell, k, v)
    return cell


def _header(ws: Any, names: Iterable[str], widths: Iterable[float]) -> None:
    names = list(names)
    for i, w in enumerate(widths):
        ws.column_dimensions[_letter(i)].width = w
    ws.freeze_panes = "A2"
    _printable(ws)  # write-only: the sheet's properties go out with its first row
    ws.append([_text(ws, n, font=_BOLD, fill=_HEAD_FILL) for n in names])


def _printable(ws: Any) -> None:
    """Landscape, as wide as one page, the header row on every page: how a supervisor prints a list."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"


def _height(*cells: tuple[str, float]) -> float | None:
    """Row height (points) that shows every line of wrapped texts in columns of the given widths.

    Excel and LibreOffice do not grow rows for wrapped text written by a program: without a height the
    lines of 主要问题 are cut off on screen and overprint each other in a PDF.
    """
    lines = 1
    for text, width in cells:
        n = 0
        for line in text.split("\n"):
            units = sum(2 if ord(ch) > 0x2E7F else 1 for ch in line)  # a CJK character is two units wide
            n += max(1, -(-units // max(int(width) - 2, 1)))
        lines = max(lines, n)
    return None if lines == 1 else min(409.0, 15.0 * lines)


def _letter(i: int) -> str:
    from openpyxl.utils import (
        get_column_letter,  # deferred: openpyxl is heavy: loaded only when the summary workbook is written
    )

    return get_column_letter(i + 1)


def _filter(ws: Any, n_cols: int, n_rows: int) -> None:
    ws.auto_filter.ref = f"A1:{_letter(n_cols - 1)}{max(n_rows, 1) + 1}"


def cross_by_file(batch: BatchReport) -> dict[str, list[Finding]]:
    """Each file's share of the cross-file findings (a conflict or a carry-over names two or more files)."""
    out: dict[str, list[Finding]] = {}
    for c in batch.cross_file:
        for path in dict.fromkeys(c.files):
            out.setdefault(path, []).append(c)
    return out


def row_status(r: FileResult, cross: list[Finding]) -> str:
    """The 汇总 status: the file's own, raised by its cross-file findings, so a filter on status shows them."""
    if r.status == "unreadable":
        return r.status
    if r.status == "errors" or any(c.severity == "error" for c in cross):
        return "errors"
    if r.status == "warnings" or cross:
        return "warnings"
    return "ok"


def _cross_line(r: FileResult, c: Finding) -> str:
    others = render("list-sep").join(os.path.basename(p) for p in dict.fromkeys(c.files) if p != r.path)
    return render("summary-cross-line", severity=SEVERITY_TEXT[c.severity], others=others, message=c.message)


def file_type(r: FileResult) -> str:
    """docx/html/txt/xlsx…: what was read, else (an unreadable file) its extension."""
    return r.report.get("file_type") or os.path.splitext(r.path)[1].lstrip(".").lower()


def _summary_sheet(
    wb: Workbook, batch: BatchReport, files: list[FileResult], cross: dict[str, list[Finding]]
) -> None:
    ws = wb.create_sheet(SHEET_NAMES[0])
    requests = get_form("2021").table("requests")
    figures = [
        requests.row(r).short.split("、")[-1] + "·" + requests.column(c).short for _, r, c in KEY_FIGURES
    ]
    before, after = render("summary-columns").split("|*|")
    names = [*before.split("|"), *figures, *after.split("|")]
    _header(ws, names, [28, 7, 7, 9, 7, 7, PROBLEMS_WIDTH, *([12] * len(figures)), 9, 60])
    for at, r in enumerate(files, start=2):  # sheet row number: row 1 is the header
        mine = cross.get(r.path, [])
        # cross-file problems first: they are why a file that checks clean on its own is not 通过
        lines = [_cross_line(r, c) for c in mine] + [f.message for f in r.findings]
        errors = sum(1 for f in r.findings if f.severity == "error") + sum(
            c.severity == "error" for c in mine
        )
        warnings = len(lines) - errors
        problems = "\n".join(lines[:FIRST_PROBLEMS])
        if len(lines) > FIRST_PROBLEMS:
            problems += render("summary-more-problems", n=len(lines) - FIRST_PROBLEMS)
        if r.fill_error:
            problems += render("summary-fill-error", error=r.fill_error)
        status = row_status(r, mine)
        fill = PatternFill("solid", fgColor=STATUS_FILL[status])
        row = [
            _text(ws, r.agency or ""),
            _text(ws, r.year),
            _text(ws, r.form or ""),
            _text(ws, STATUS_TEXT[status], fill=fill),
            _text(ws, errors),
            _text(ws, warnings),
            _text(ws, problems, alignment=_WRAP),
        ]
        for key in KEY_FIGURES:
            v = r.values.get(key)
            row.append(_text(ws, None if v is None else decimal_of(v)))
        row.append(_text(ws, file_type(r)))
        row.append(_text(ws, r.path))
        height = _height((problems, PROBLEMS_WIDTH))
        if height:
            ws.row_dimensions[at].height = height  # write-only: set before the row is appended
            for cell in row:  # beside a tall 主要问题, the figures read at its first line
                cell.alignment = _WRAP if cell.alignment.wrap_text else _TOP
        ws.append(row)
    _filter(ws, len(names), len(files))


def _details_sheet(wb: Workbook, batch: BatchReport, files: list[FileResult], errors_only: bool) -> None:
    ws = wb.create_sheet(SHEET_NAMES[1])
    names = render("summary-detail-columns").split("|")
    _header(ws, names, [50, 24, 16, 20, 9, 100])
    n = 0
    for r in files:
        for f in r.findings:
            if errors_only and f.severity != "error":
                continue
            ws.append(
                [
                    _text(ws, r.path),
                    _text(ws, r.agency or ""),
                    _text(ws, f.cell or ""),
                    _text(ws, f.code),
                    _text(ws, SEVERITY_TEXT[f.severity]),
                    _text(ws, f.message),
                ]
            )
            n += 1
    agencies = {r.path: r.agency for r in batch.files}
    for c in batch.cross_file:
        if errors_only and c.severity != "error":
            continue
        # the agency filled in, so a filter on 机关 keeps the cross-file rows of that agency
        agency = "\n".join(dict.fromkeys(a for a in map(agencies.get, c.files) if a))
        height = _height(("\n".join(c.files), 50), ("\n".join(c.cells), 16))
        if height:
            ws.row_dimensions[n + 2].height = height
        ws.append(
            [
                _text(ws, "\n".join(c.files), alignment=_WRAP),
                _text(ws, agency, alignment=_WRAP),
                _text(ws, "\n".join(c.cells), alignment=_WRAP),
                _text(ws, c.code),
                _text(ws, SEVERITY_TEXT[c.severity]),
                _text(ws, c.message),
            ]
        )
        n += 1
    _filter(ws, len(names), n)


def _hits_sheet(wb: Workbook, batch: BatchReport) -> None:
    ws = wb.create_sheet(SHEET_NAMES[2])
    names = render("summary-hit-columns").split("|")
    _header(ws, names, [22, 60, 9, 8, 10])
    files_with: dict[str, int] = {}
    for r in batch.files:
        for code in {f.code for f in r.findings}:
            files_with[code] = files_with.get(code, 0) + 1
    involved: dict[str, set[str]] = {}  # two carry-over columns of one pair of files are still two files
    for c in batch.cross_file:
        involved.setdefault(c.code, set()).update(c.files)
    for code, paths in involved.items():
        files_with[code] = files_with.get(code, 0) + len(paths)
    hits = batch.hit_list()
    for code, count in hits:
        spec = CODES.get(code)
        ws.append(
            [
                _text(ws, code),
                _text(ws, spec.title if spec else ""),
                _text(ws, SEVERITY_TEXT[spec.severity] if spec else ""),
                _text(ws, count),
                _text(ws, files_with.get(code, 0)),
            ]
        )
    _filter(ws, len(names), len(hits))


def _grid(ws: Any, table: Table, sums: dict) -> None:
    """One table under the form's own labels: a row per form row, a column per form column."""
    heads = [c.short if c.short != c.label else "·".join((*c.group[1:], c.label)) for c in table.columns]
    ws.append(
        [_text(ws, render("summary-item"), font=_BOLD, fill=_HEAD_FILL)]
        + [_text(ws, h, font=_BOLD, fill=_HEAD_FILL, alignment=_WRAP) for h in heads]
    )
    for row in table.rows:
        label = row.label or render("summary-count")
        cells = [_text(ws, ("    " if row.parent else "") + label)]
        for col in table.columns:
            cells.append(_text(ws, sums.get((table.key, row.key, col.key))))
        ws.append(cells)


def _totals_sheet(wb: Workbook, batch: BatchReport) -> None:
    ws = wb.create_sheet(SHEET_NAMES[3])
    ws.column_dimensions["A"].width = 48
    for i in range(1, 16):
        ws.column_dimensions[_letter(i)].width = 11
    groups = batch.totals
    if not groups:
        ws.append([_text(ws, render("summary-nothing-to-add"))])
    unreadable = sum(1 for r in batch.files if r.status == "unreadable")
    for total in groups:
        form = get_form(total.form)
        when = render("summary-year", year=total.year) if total.year else render("summary-no-year")
        group = [r for r in batch.files if r.form == total.form and (r.year or 0) == (total.year or 0)]
        counted = [r for r in group if r.status in ("ok", "warnings")]
        # files, not agencies, are what was added: one agency's two copies make two files and one unit
        units = len({agency_key(r.agency) if r.agency else r.path for r in counted})
        who = (
            render("summary-units", n=total.files)
            if units == total.files
            else render("summary-files-units", n=total.files, units=units)
        )
        ws.append(
            [
                _text(
                    ws,
                    render("summary-total-title", when=when, who=who, form=form.name),
                    font=Font(bold=True, size=13),
                )
            ]
        )
        errors = sum(1 for r in group if r.status == "errors")
        ws.append([_text(ws, render("summary-what-is-added", errors=errors, unreadable=unreadable))])
        for line in _repeated(batch, {r.path for r in counted}):
            ws.append([_text(ws, line, font=Font(bold=True, color="C00000"))])
        for key in ("requests", "appeals"):
            table = form.table(key)
            section = form.section(table.section)
            ws.append([_text(ws, f"{section.number}、{section.title}", font=_BOLD)])
            _grid(ws, table, total.sums)
            ws.append([])


def _repeated(batch: BatchReport, counted: set[str]) -> list[str]:
    """One agency's several files of a year: identical copies are summed once (the batch does so); versions
    that disagree were all added, so the sum counts that agency more than once."""
    out = []
    for c in batch.cross_file:
        if c.code in ("duplicate-report", "conflicting-report") and len(counted.intersection(c.files)) > 1:
            names = render("list-sep").join(os.path.basename(p) for p in c.files if p in counted)
            if c.code == "duplicate-report":
                out.append(render("summary-duplicate-once", names=names))
            else:
                out.append(render("summary-conflicting-twice", names=names))
    return out


def write_summary(path: str | os.PathLike, batch: BatchReport, errors_only: bool = False) -> None:
    """Write the summary workbook of a batch to path (the caller makes it atomic)."""
    wb = Workbook(write_only=True)
    cross = cross_by_file(batch)
    files = select(batch, errors_only)
    if errors_only:  # a file whose only error is across files (a conflicting copy) is listed too
        listed = {r.path for r in files}
        files = [
            r for r in batch.files if r.path in listed or row_status(r, cross.get(r.path, [])) == "errors"
        ]
    _summary_sheet(wb, batch, files, cross)
    _details_sheet(wb, batch, files, errors_only)
    _hits_sheet(wb, batch)
    _totals_sheet(wb, batch)
    _mark_sheet(wb)
    wb.save(path)


def _mark_sheet(wb: Workbook) -> None:
    """The very hidden sheet by which a later batch knows this workbook as a summary, its sheets renamed or not."""
    ws = wb.create_sheet(SUMMARY_MARK)
    ws.sheet_state = "veryHidden"
    ws.append([_text(ws, render("summary-mark-note"))])
    wb.properties.creator = "govreport"
    wb.properties.title = render("summary-title")
