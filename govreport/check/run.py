"""Checking one workbook: locate the tables, read every value, test every relation -> FileReport.

Reading a located table's cells is check.cells; solving its relations is govreport.solve, whose facts
check.solved words. This module runs them in order and makes the findings of values, blanks and structure.
"""

from __future__ import annotations

import os
from decimal import Decimal

from govreport.cells.formula import references
from govreport.cells.values import (
    invalid_value_message,
    parse_value,
)
from govreport.check.advisory import advisory_findings
from govreport.check.cells import read_cells
from govreport.check.duplicate_tables import duplicate_findings
from govreport.check.inequalities import inequality_findings
from govreport.check.narrative import find_statements, narrative_findings, narrative_of
from govreport.check.solved import formula_findings, solution_findings
from govreport.check.split_rows import split_row_findings
from govreport.findings import REVIEW_TEXT, FileReport, Finding, make_finding, plain_number
from govreport.forms import Form, all_forms, form_for_year
from govreport.locate.find import REPORT_SHEET, LocatedTable, locate
from govreport.messages import render
from govreport.read.cellnames import bare_refs, is_document_sheet, page_of, person_refs
from govreport.read.model import Book, CellRef
from govreport.read.paths import is_summary
from govreport.read.spreadsheet import UnreadableError, book_from_bytes, open_book
from govreport.solve.model import CellInfo, CellStatus, CheckedTable, Component, where
from govreport.solve.relations import apply_solution, build_equations, solve_table

__all__ = [
    "CellInfo",
    "CellStatus",
    "CheckedTable",
    "Component",
    "build_equations",
    "check_book",
    "check_file",
    "unreadable_report",
]


def check_book(book: Book, form: Form | None = None) -> FileReport:
    """Check every table and relation of a read workbook."""
    if is_summary([s.name for s in book.sheets]):
        return summary_report(book.path)
    loc = locate(book, form)
    report = FileReport(
        path=book.path,
        form=loc.form.version,
        agency=loc.agency,
        year=loc.year,
        notes=list(book.notes),
        file_type=book.format,
    )
    if not loc.tables:
        report.unreadable = True
        report.form = None
        first = min(f.first_year for f in all_forms())
        if loc.year is not None and loc.year < first:  # a report from before the national tables
            message = render("no-tables-early", file=os.path.basename(book.path), year=loc.year, first=first)
        else:
            message = render("no-tables", file=os.path.basename(book.path))
        report.findings.append(make_finding("no-tables", message))
        return report
    if loc.year is not None and not loc.form.fits_year(loc.year) and loc.form_reason == "labels":
        report.findings.append(
            make_finding(
                "form-year-mismatch",
                render(
                    "form-year-mismatch",
                    year=loc.year,
                    form=loc.form.name,
                    expected=form_for_year(loc.year).name,
                ),
            )
        )
    report.findings += duplicate_findings(book, loc)  # one per repeated copy, not one per table
    report.findings += split_row_findings(book, loc)
    for table in loc.form.tables:
        located = loc.tables.get(table.key)
        section = loc.form.section(table.section)
        title = f"{section.short}·{table.short}" if table.short != section.short else section.short
        if located is None:
            report.findings.append(
                make_finding("table-not-found", render("table-not-found", table=title), table=table.key)
            )
            continue
        report.findings += _structure_findings(located, title)
        checked = read_cells(book, located)
        solution = solve_table(checked)  # solving writes into nothing; its values reach the cells here
        apply_solution(checked, solution)
        report.findings += _value_findings(checked)
        report.findings += solution_findings(checked, solution)
        report.findings += inequality_findings(checked)
        report.findings += advisory_findings(checked)
        report.findings += _blank_findings(checked)
        report.findings += formula_findings(checked, solution)
        report.tables.append(checked)
    report.findings += _pending_reviews(book, report.tables)
    report.statements = find_statements(narrative_of(book, loc), loc.form, loc.year, report.tables)
    report.findings += narrative_findings(report.statements)
    _sort(report)
    if book.is_document:  # a person finds a document's cell by its table, row and column, not by A1
        cells = {str(info.ref): (t, info) for t in report.tables for info in t.cells.values()}
        pages = {s.name: s.row_pages for s in book.sheets if s.row_pages}  # a PDF: its cells' pages too
        for i, f in enumerate(report.findings):
            if f.code == "text-number" and f.cell in cells and is_document_sheet(cells[f.cell][1].ref.sheet):
                t, info = cells[f.cell]
                f = f._replace(
                    message=render(
                        "text-number-document",
                        cell=info.ref,
                        where=where(t, info),
                        raw=info.value.raw,
                        number=plain_number(info.value.number),
                    ),
                )
            own = {
                c.partition("!")[2]: c
                for c in (*f.cells, *(x for k in f.candidates for x in k.cells))
                if is_document_sheet(c.partition("!")[0])
            }
            report.findings[i] = f._replace(
                message=bare_refs(person_refs(f.message, pages), own),
                page=page_of(f.cell or next(iter(f.cells), ""), pages),
            )
        for t in report.tables:
            t.document = is_document_sheet(t.located.sheet)  # not an Excel table embedded in the document
    return report


def _pending_reviews(book: Book, tables: list[CheckedTable]) -> list[Finding]:
    """Cells an earlier fill rewrote as 待人工核实 (its report sheet lists them) still holding that value.

    The relation holds after such a fill, so without this a later check (a supervisor's batch) would
    call the workbook clean while a guessed total is in it.
    """
    try:
        sheet = book.sheet(REPORT_SHEET)
    except StopIteration:
        return []
    by_ref = {str(info.ref): (t, info) for t in tables for info in t.cells.values()}
    out = []
    for row in sheet.rows:
        if len(row) < 5 or row[3] != REVIEW_TEXT or not isinstance(row[0], str) or row[0] not in by_ref:
            continue
        t, info = by_ref[row[0]]
        written = parse_value(row[2], "money").number
        if info.number is None or written is None or Decimal(info.number) != Decimal(written):
            continue  # a person has changed the cell since: reviewed
        template = "needs-review-document" if book.is_document else "needs-review"  # its record is a comment
        out.append(
            make_finding(
                "needs-review",
                render(template, cell=info.ref, where=where(t, info), reason=row[4]),
                cell=str(info.ref),
                cells=(str(info.ref),),
                table=t.key,
                row=info.row,
                column=info.column,
            )
        )
    return out


def _structure_findings(t: LocatedTable, title: str) -> list[Finding]:
    out = []
    for row in t.missing_rows:
        out.append(
            make_finding(
                "row-not-found",
                render("row-not-found", table=title, row=row.label),
                table=t.table.key,
                row=row.key,
            )
        )
    # a heading over every column (表二 申请人情况) says nothing; one that tells columns apart (表三 行政复议 /
    # 行政诉讼) must stay, or three columns are all "结果维持"
    shared = len({c.group[:1] for c in t.table.columns}) == 1
    for col in t.missing_columns:
        name = "·".join((*col.group[1 if shared else 0 :], col.label))
        out.append(
            make_finding(
                "column-not-found",
                render("column-not-found", table=title, column=name),
                table=t.table.key,
                column=col.key,
            )
        )
    return out


_INVALID_NUMBER = frozenset(("not-integer", "negative-count"))


def _inherited(t: CheckedTable) -> set[CellRef]:
    """Formula cells that are no valid count only because a cell they read is not (=SUM over a 0.5).

    The typed cell is the error; its totals follow it and become right once it is, so naming them too
    would blame cells that are right.
    """
    formulas = [
        info
        for info in t.cells.values()
        if info.formula is not None and not _INVALID_NUMBER.isdisjoint(info.value.problems)
    ]
    if not formulas:  # the common case: one pass, no set of the table's cells
        return set()
    bad = {
        info.ref
        for info in t.cells.values()
        if info.formula is None and not _INVALID_NUMBER.isdisjoint(info.value.problems)
    }
    if not bad:
        return set()
    out: set[CellRef] = set()
    grew = True
    while grew:  # a total over totals (（七）总计 · 总计) inherits through the row totals it reads
        grew = False
        for info in formulas:
            if info.ref in out:
                continue
            refs = references(info.formula or "") or []
            if any(CellRef(s or info.ref.sheet, r, c) in bad for s, r, c in refs):
                out.add(info.ref)
                bad.add(info.ref)
                grew = True
    return out


def _value_findings(t: CheckedTable) -> list[Finding]:
    out = []
    inherited = _inherited(t)
    for info in t.cells.values():
        v = info.value
        if not v.problems or v.problems == ("blank-cell",):
            continue  # blanks are reported after the relations, which may determine them
        if info.ref in inherited:
            continue
        base = dict(table=t.key, row=info.row, column=info.column, cell=str(info.ref), cells=(str(info.ref),))
        place = where(t, info)
        raw = v.raw if not isinstance(v.raw, float) else plain_number(v.raw)
        for code in v.problems:
            if code == "formula-error":
                hint = render("hint-expected", expected=info.expected) if info.expected is not None else ""
                out.append(
                    make_finding(
                        "formula-error",
                        render(
                            "formula-error",
                            cell=info.ref,
                            where=place,
                            formula=info.formula,
                            reason=v.converted_from or render("formula-not-computable"),
                            hint=hint,
                        ),
                        expected=info.expected,
                        **base,
                    )
                )
            elif code in ("invalid-value", "not-integer", "negative-count"):
                # an invalid value is an unknown of the relations: say what it must be where they tell
                hint = render("hint-expected", expected=info.expected) if info.expected is not None else ""
                # a negative amount is a number, only not a valid one: "不是数字" beside "-12.5" misleads
                negative = isinstance(v.number, Decimal) and v.number.is_finite() and v.number < 0
                text = "negative-money" if code == "invalid-value" and negative else code
                if text == "invalid-value":
                    text = invalid_value_message(raw)
                out.append(
                    make_finding(
                        code,
                        render(text, cell=info.ref, where=place, raw=raw, hint=hint),
                        actual=None,
                        expected=info.expected,
                        **base,
                    )
                )
            elif code == "date-format":
                out.append(
                    make_finding(
                        code,
                        render(
                            code, cell=info.ref, where=place, shown=v.raw.shown, number=plain_number(v.number)
                        ),
                        actual=v.number,
                        **base,
                    )
                )
            elif code in ("text-number", "unit-converted"):
                unit = t.located.units.get(info.column) or t.located.table.column(info.column).unit
                out.append(
                    make_finding(
                        code,
                        render(
                            code,
                            cell=info.ref,
                            where=place,
                            raw=raw,
                            number=plain_number(v.number),
                            unit=unit or "",
                        ),
                        actual=v.number,
                        **base,
                    )
                )
    return out


# ----------------------------------------------------------------------------- relations


def _blank_findings(t: CheckedTable) -> list[Finding]:
    out = []
    for info in t.cells.values():
        if info.value.state != "blank":
            continue
        place = where(t, info)
        if info.expected is not None:
            msg = render("blank-cell-determined", cell=info.ref, where=place, expected=info.expected)
        else:
            msg = render("blank-cell", cell=info.ref, where=place)
        out.append(
            make_finding(
                "blank-cell",
                msg,
                cell=str(info.ref),
                cells=(str(info.ref),),
                expected=info.expected,
                table=t.key,
                row=info.row,
                column=info.column,
            )
        )
    return out


def _sort(report: FileReport) -> None:
    # errors first; within a severity the order of the tables and of the checks is kept
    report.findings.sort(key=lambda f: f.severity != "error")


def unreadable_report(path: str | os.PathLike, reason: str) -> FileReport:
    """The report of a file that cannot be read, with the reason in Chinese."""
    report = FileReport(path=os.fspath(path), unreadable=True)
    name = os.path.basename(os.fspath(path))
    report.findings.append(
        make_finding("file-unreadable", render("file-unreadable", file=name, reason=reason))
    )
    return report


def summary_report(path: str | os.PathLike) -> FileReport:
    """The report of govreport's own summary workbook: not a report (its 合计 sheet would pass for one)."""
    report = FileReport(path=os.fspath(path), unreadable=True, summary=True)
    report.findings.append(
        make_finding("no-tables", render("govreport-summary", file=os.path.basename(path)))
    )
    return report


def check_file(path: str | os.PathLike, form: Form | None = None, *, debug: bool = False) -> FileReport:
    """Open and check one workbook file; a file that cannot be read becomes an `unreadable` report."""
    return check_input(path, None, form, debug=debug)[0]


def check_input(
    path: str | os.PathLike, data: bytes | None, form: Form | None = None, *, debug: bool = False
) -> tuple[FileReport, Book | None]:
    """check_file over bytes already read (None: read them here), with the Book it read (None if unreadable):
    fill reads its input once and hands the bytes and the Book along."""
    book = None
    try:
        book = book_from_bytes(data, path) if data is not None else open_book(path)
        return check_book(book, form), book
    except UnreadableError as e:
        return unreadable_report(path, e.message), None
    except Exception as e:  # a defect of ours must not cost the user a traceback or a batch its other files
        if debug:
            raise
        return unreadable_report(path, render("internal-error", error_type=type(e).__name__)), None
