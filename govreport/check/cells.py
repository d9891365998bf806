"""Reading a located table's cells: each value judged once (a batch sees the same few hundred raw values
again and again), formulas saved without a result computed as the spreadsheet would."""

from __future__ import annotations

import re

from govreport.cells.formula import FormulaError, evaluate, references
from govreport.cells.values import CellValue, Kind, formula_value, parse_value, typed_in_document
from govreport.findings import Number
from govreport.locate.find import LocatedTable
from govreport.memo import Memo
from govreport.messages import render
from govreport.read.model import EMBEDDED, Book, CellRef, DateShown, Sheet
from govreport.solve.model import CellInfo, CellStatus, CheckedTable


def read_cells(book: Book, t: LocatedTable) -> CheckedTable:
    cells: dict[tuple[str, str], CellInfo] = {}
    sheets = {s.name: s for s in book.sheets}
    cache = _FormulaCache(sheets)
    read = _READ.get
    document = book.is_document
    # headings (三、本年度办理结果) read because a clerk typed numbers on them: only those numbers are cells
    headings = {k for k in t.rows if t.table.row(k).kind == "label"} if t.group_rows else ()
    for name, r, items in _read_plan(t):
        sheet = sheets[name]
        typed = document and not name.startswith(
            EMBEDDED
        )  # a Word table's cell: its numbers are text by nature
        formulas = sheet.formulas
        line = sheet.rows[r] if r < len(sheet.rows) else ()
        width = len(line)
        for key, ref, c, kind, unit in items:
            raw = line[c] if c < width else ""
            formula = formulas.get((r, c)) if formulas else None
            if formula is not None and raw in ("", None):
                value, number, status = _judged(_formula_value(book, ref, formula, kind, unit, cache))
            else:
                try:
                    if raw.__class__ is DateShown:
                        raise TypeError  # equal to the plain number, but says how it was shown: not memoised
                    hit = read((raw.__class__, raw, kind, unit)) or _read(raw, kind, unit)
                except TypeError:  # an unhashable raw value
                    if raw.__class__ is DateShown and formula is not None:
                        # a formula's result under a date format: a number as any result is (its formula
                        # is what fill must keep), only shown as a date
                        plain = parse_value(float(raw), kind, unit)
                        hit = _judged(plain._replace(raw=raw, problems=("date-format", *plain.problems)))
                    else:
                        hit = _judged(parse_value(raw, kind, unit))
                value, number, status = hit
                if typed and value.state == "text-number":
                    value, number, status = _judged(typed_in_document(value))
            if not value.usable and formula is None and key[0] in headings:
                continue  # a heading row's blank or filler beside the numbers a clerk typed on it: no cell
            cells[key] = CellInfo(ref, key[0], key[1], value, formula, number, None, status)
    if any(info.formula is not None for info in cells.values()):
        _mark_inert(t, cells, sheets)
    return CheckedTable(t, cells)


# a reference anywhere but inside SUM( ... ) (its arguments hold no parentheses in these forms)
_SUM_ARGS = re.compile(r"SUM\s*\([^()]*\)", re.IGNORECASE)
_A_REF = re.compile(r"\$?[A-Z]{1,3}\$?[0-9]+", re.IGNORECASE)


def _mark_inert(t: LocatedTable, cells: dict[tuple[str, str], CellInfo], sheets: dict[str, Sheet]) -> None:
    """The cells each formula total reads that add nothing to it: no cell of the table, in none of its
    number columns, and empty, or text that is no number read inside SUM (which skips text). A clerk's
    =SUM(B21:H21) starting at the row's label cell computes the same as =SUM(C21:H21): no formula-mismatch.
    A number there (a serial number column, last year's figure) still counts, as does any cell in a number
    column (a heading row a clerk may type a number on later)."""
    table = {info.ref for info in cells.values()}
    columns = set(t.columns.values())
    for info in cells.values():
        if info.formula is None:
            continue
        refs = references(info.formula)
        if not refs:
            continue
        in_sum_only = not _A_REF.search(_SUM_ARGS.sub("", info.formula))
        sheet = sheets.get(info.ref.sheet)
        inert = set()
        for s, r, c in refs:
            ref = CellRef(s or info.ref.sheet, r, c)
            if ref in table or ref.sheet != info.ref.sheet or c in columns or sheet is None:
                continue
            if sheet.formulas.get((r, c)) is not None:
                continue  # a formula's result: a number as likely as not
            raw = sheet.value(r, c)
            if raw == "" or (
                in_sum_only and raw.__class__ is str and parse_value(raw, "count", None).state == "text"
            ):
                inert.add(ref)
        if inert:
            info.inert = frozenset(inert)


def _judged(value: CellValue) -> tuple[CellValue, Number | None, CellStatus]:
    """A value with the number the relations use and the cell's first status."""
    if value.usable:
        return value, value.number, "warning" if value.problems else "ok"
    return value, None, "blank" if value.state == "blank" else "invalid"


def _read_plan(
    t: LocatedTable,
) -> list[tuple[str, int, list[tuple[tuple[str, str], CellRef, int, Kind, str | None]]]]:
    """Per sheet row of the table: its cells as (key, ref, column, kind, unit), in the form's order.

    Remembered per layout (the table's rows, columns, units and sheets), so a batch builds it once per layout.
    """
    key = (
        id(t.table),
        t.sheet,
        tuple(t.rows.items()),
        tuple(t.columns.items()),
        tuple(t.units.items()),
        tuple(t.row_sheets.items()),
        tuple(t.column_rows.items()),
    )
    plan = _PLANS.get(key)
    if plan is None:
        cols = [
            (col.key, t.columns[col.key], col.kind, t.units.get(col.key) or col.unit)
            for col in t.table.columns
            if col.key in t.columns
        ]
        plan = []
        for row_key, r in t.rows.items():
            name = t.sheet_of(row_key)  # a table can continue on the next sheet (one sheet per page)
            if not t.column_rows:
                plan.append(
                    (
                        name,
                        r,
                        [((row_key, ck), CellRef(name, r, c), c, kind, unit) for ck, c, kind, unit in cols],
                    )
                )
                continue
            # table 3 in blocks or on its side: a column's numbers may sit on a row of their own
            by_row: dict[int, list] = {}
            for ck, c, kind, unit in cols:
                at = t.column_rows.get(ck, r)
                by_row.setdefault(at, []).append(((row_key, ck), CellRef(name, at, c), c, kind, unit))
            plan += [(name, at, items) for at, items in by_row.items()]
        _PLANS.put(key, plan)
    return plan


_PLANS: Memo[tuple, list] = Memo("check.read_plans", 2000)
_READ: Memo[tuple, tuple[CellValue, Number | None, CellStatus]] = Memo(
    "check.values", 20_000
)  # ~300 bytes each


def _read(raw, kind, unit) -> tuple[CellValue, Number | None, CellStatus]:
    """_judged(parse_value(...)), remembered: a batch sees the same few hundred raw values again and again."""
    key = (type(raw), raw, kind, unit)  # the type too: True == 1 == 1.0 as dict keys (TypeError: unhashable)
    hit = _READ.get(key)
    if hit is None:
        hit = _READ.put(key, _judged(parse_value(raw, kind, unit)))
    return hit


def _parse(raw, kind, unit) -> CellValue:
    """parse_value through the memo."""
    try:
        return _read(raw, kind, unit)[0]
    except TypeError:
        return parse_value(raw, kind, unit)


class _FormulaCache(dict):
    """Values of cells read by uncached formulas, and how many more cells they may read."""

    budget = 100_000  # formulas over formulas over huge ranges: refuse rather than hang

    def __init__(self, sheets: dict[str, Sheet]):
        super().__init__()
        self.sheets = sheets


_MISSING = object()
_COMPUTING = object()


def _formula_value(book: Book, at: CellRef, text: str, kind, unit, cache: _FormulaCache) -> CellValue:
    """A formula with no cached value (saved by a program other than Excel/WPS): compute it."""
    sheets = cache.sheets
    sheet = at.sheet

    def lookup(ref):
        key = (ref[0] or sheet, ref[1], ref[2])
        hit = cache.get(key, _MISSING)
        if hit.__class__ is int or hit is None:  # the common case: a number or a blank read before
            return hit
        if hit is _COMPUTING:
            raise FormulaError(render("formula-cycle"))
        if hit.__class__ is FormulaError:
            raise hit
        if hit is not _MISSING:
            return hit
        cache.budget -= 1
        if cache.budget < 0:
            raise FormulaError(render("formula-too-many-cells"))
        cache[key] = _COMPUTING  # reading it again before it is done is a cycle
        sh = sheets.get(key[0])
        if sh is None:
            raise FormulaError(render("formula-no-sheet", sheet=key[0]))
        raw = sh.value(key[1], key[2])
        f = sh.formulas.get((key[1], key[2]))
        if f is not None and raw in ("", None):
            try:
                result = evaluate(f, lookup)
            except FormulaError as e:
                cache[key] = e  # every formula reading this cell fails the same way
                raise
            except RecursionError:
                # too deep a chain: left marked as being computed, a later reader would call it a cycle
                cache[key] = FormulaError(render("formula-too-deep"))
                raise
        elif raw.__class__ is str and raw.strip():
            # a number stored as text is text to the spreadsheet: its SUM skips it, a direct reference
            # converts "3" and fails on "3件" (formula.evaluate does as Excel, WPS and LibreOffice do), so the
            # total is what the sheet shows once opened there, and stale-total names the text cells
            result = raw
        else:
            result = _parse(raw, "money", None).number  # int, Decimal or None: evaluate takes each
        cache[key] = result
        return result

    own = (at.sheet, at.row, at.col)
    cache[own] = _COMPUTING
    try:
        number = evaluate(text, lookup)
    except (FormulaError, RecursionError) as e:
        cache[own] = e if isinstance(e, FormulaError) else FormulaError(render("formula-too-deep"))
        return CellValue(
            raw=f"={text}",
            state="error",
            number=None,
            problems=("formula-error",),
            unit=None,
            converted_from=str(e) or render("formula-not-computable"),
        )
    cache[own] = number
    return formula_value(text, number, kind)
