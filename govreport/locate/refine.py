"""Refining a located table with what a workbook holds: the numbers, not only the labels.

locate finds a table by its labels, which every workbook of one template shares (and caches); these steps
run on every file after that, because where the numbers really sit depends on the file: a PDF conversion
puts them on a wrapped label's last line or in the other column under a header merged over two, and a
clerk may give a group's own row its subtotal.
"""

from __future__ import annotations

from dataclasses import replace

from govreport.cells.values import parse_value
from govreport.forms import Table
from govreport.locate.labels import core
from govreport.locate.matching import SheetText, header_columns, label_variants, row_candidates
from govreport.locate.model import LocatedTable
from govreport.read.model import Sheet

_WRAP_LINES = 2  # a wrapped label split into up to three sheet rows: the numbers may sit two rows away
HEADER_ROWS = 6  # how far above the first data row a grid table's column headers may start


def column_numbers(sheet: Sheet, r: int, cols: list[int]) -> bool:
    """A statistics template's 栏次 row under the headers (1, 2, 3 … numbering the columns): consecutive
    integers, which no consistent row of table 2 or 3 can be (a 总计 is never one more than its last part)."""
    if len(cols) < 3:
        return False
    nums = [parse_value(sheet.value(r, c)).number for c in cols]
    return nums[0] is not None and all(n == nums[0] + i for i, n in enumerate(nums))


def numbers_on_wrapped_lines(table: Table, st: SheetText, loc: LocatedTable) -> LocatedTable:
    """A PDF conversion splits a wrapped label over two or three sheet rows and puts the numbers, centred
    in the PDF, on a row holding only the label's tail ("不计其他情形）") or nothing: a located row with no
    value in any of the table's columns takes its numbers from such an unlabelled row next to it.

    Depends on the values, so it runs on every file, after the cached label-only location.
    """
    if not loc.columns:
        return loc
    sheet = st.sheet
    cols = sorted(loc.columns.values())
    here = {r for k, r in loc.rows.items() if loc.sheet_of(k) == loc.sheet}

    grid, formulas, width = sheet.rows, sheet.formulas, cols[-1] + 1

    def filled(r: int) -> bool:  # every file pays this for every row: read the row list directly
        line = grid[r] if 0 <= r < len(grid) else ()
        if len(line) >= width:
            if any(line[c] not in ("", None) for c in cols):
                return True
        elif any(c < len(line) and line[c] not in ("", None) for c in cols):
            return True
        return bool(formulas) and any((r, c) in formulas for c in cols)

    def numbers(r: int) -> bool:  # a header or note row below is text, not the row's numbers
        return any(
            (r, c) in sheet.formulas or parse_value(sheet.value(r, c)).number is not None for c in cols
        )

    def unlabelled(r: int) -> bool:  # no text in the label area that names a row of the table
        texts = tuple(st.cells[(r, c)] for c in st.by_row.get(r, ()) if c < cols[0])
        return not texts or not row_candidates(table, texts, None, False)

    moved: dict[str, int] = {}
    for key, r in loc.rows.items():
        if loc.sheet_of(key) != loc.sheet or filled(r):
            continue
        for step in (1, -1):  # below first: a label's first line is the one that names it
            found = None
            for d in range(1, _WRAP_LINES + 1):
                at = r + step * d
                if at < 0 or at in here or at in moved.values() or not unlabelled(at):
                    break
                if filled(at):
                    found = at if numbers(at) and not column_numbers(sheet, at, cols) else None
                    break
            if found is not None:
                moved[key] = found
                break
    if not moved:
        return loc
    return replace(loc, rows={**loc.rows, **moved})


def header_spans(st: SheetText, columns: dict[str, int], top: int, bottom: int) -> dict[str, list[int]]:
    """Per located column whose header cell is merged over several sheet columns (rows top..bottom): the
    other sheet columns under that header that no other column of the table takes. A function of the
    merged ranges, which belong to the sheet's Labels: remembered there (every file of a layout asks)."""
    key = (tuple(columns.items()), top, bottom)
    hit = st.labels.spans.get(key)
    if hit is None:
        hit = st.labels.spans[key] = _header_spans(st.sheet, columns, top, bottom)
    return hit


def _header_spans(sheet: Sheet, columns: dict[str, int], top: int, bottom: int) -> dict[str, list[int]]:
    taken = set(columns.values())
    out: dict[str, list[int]] = {}
    for key, c in columns.items():
        for r1, c1, r2, c2 in sheet.merged:
            if c1 <= c <= c2 < c1 + 8 and c2 > c1 and top <= r1 and r2 <= bottom:
                free = [x for x in range(c1, c2 + 1) if x not in taken]
                if free:
                    out[key] = free
    return out


def numbers_under_wide_headers(
    sheet: Sheet, loc: LocatedTable, spans: dict[str, list[int]], rows: list[int]
) -> LocatedTable:
    """A PDF conversion's finer grid merges each header over two sheet columns and puts the numbers in the
    one the header's top-left cell is not: a column empty in every row of the table reads the one sheet
    column under its header that holds numbers. Depends on the values, so it runs on every file."""

    def numbers(c: int) -> bool:
        return any(
            (r, c) in sheet.formulas or parse_value(sheet.value(r, c)).number is not None for r in rows
        )

    def empty(c: int) -> bool:
        return all(sheet.value(r, c) in ("", None) and (r, c) not in sheet.formulas for r in rows)

    moved: dict[str, int] = {}
    blank: list[
        str
    ] = []  # empty under the header and beside it: blank in the workbook, or its pair's other half
    for key, free in spans.items():
        c = loc.columns[key]
        if not empty(c):  # the common case, and cheaper than parsing the other columns
            continue
        full = [x for x in free if x not in moved.values() and numbers(x)]
        if len(full) == 1:
            moved[key] = full[0]
        elif not full:
            blank.append(key)
    # a blank column goes where the conversion put its neighbours' numbers: the same half of its pair
    shifts = {moved[k] - loc.columns[k] for k in moved}
    if len(shifts) == 1 and len(moved) >= 2:
        shift = shifts.pop()
        for key in blank:
            to = loc.columns[key] + shift
            if to in spans[key] and to not in moved.values() and to not in loc.columns.values() and empty(to):
                moved[key] = to
    return replace(loc, columns={**loc.columns, **moved}) if moved else loc


def wide_grid(st: SheetText, loc: LocatedTable) -> LocatedTable:
    """_numbers_under_wide_headers for a grid table: its header rows end above its first label row."""
    sheet = st.sheet
    if not sheet.merged or not loc.columns:
        return loc
    first = loc.anchor[0]
    spans = header_spans(st, loc.columns, first - HEADER_ROWS, first - 1)
    rows = [r for k, r in loc.rows.items() if loc.sheet_of(k) == loc.sheet]
    return numbers_under_wide_headers(sheet, loc, spans, rows) if spans else loc


def subtotal_rows(st: SheetText, loc: LocatedTable) -> LocatedTable:
    """A group's own row holding numbers (its subtotal, which some local templates ask for) is read too,
    so that the form's subtotal relations check it; an empty group row stays a label. So is a heading's
    own row a clerk typed numbers on (三、本年度办理结果), which only the form's advisory relations check.

    Depends on the values, so it runs on every file, after the cached label-only location.
    """
    if not loc.group_rows or not loc.columns:
        return loc
    sheet = st.sheet
    cols = loc.columns.values()
    add = {
        k: r
        for k, r in loc.group_rows.items()
        if any(
            (r, c) in sheet.formulas or (v := sheet.value(r, c)) != "" and parse_value(v).number is not None
            for c in cols
        )
    }
    return replace(loc, rows={**loc.rows, **add}) if add else loc


def numbers_on_next_page(loc: LocatedTable, sheet: Sheet, following: Sheet | None) -> LocatedTable:
    """A PDF converter's one sheet per page puts table 3's headers at the foot of a page and its row of
    numbers at the top of the next sheet: a one-row table blank under its headers, with nothing below them
    on its sheet, reads the next sheet's first row when that row holds numbers in the same columns."""
    if following is None or loc.column_rows or loc.row_sheets or not loc.columns or len(loc.rows) != 1:
        return loc
    [(key, row)] = loc.rows.items()
    cols = list(loc.columns.values())

    def blank(s: Sheet, r: int) -> bool:
        return all(s.value(r, c) in ("", None) and (r, c) not in s.formulas for c in cols)

    if not all(blank(sheet, r) for r in range(row, max(row + 3, sheet.n_rows))):
        return loc  # the common case: numbers under the headers (or something else below them)
    top = next((r for r in range(min(3, following.n_rows)) if not blank(following, r)), None)
    if top is None:
        return loc
    numbers = sum(
        1
        for c in cols
        if (top, c) in following.formulas or parse_value(following.value(top, c)).number is not None
    )
    if numbers * 2 < len(cols):
        return loc
    return replace(loc, rows={key: top}, row_sheets={key: following.name})


def header_on_previous_page(
    table: Table, st: SheetText, previous: SheetText | None, loc: LocatedTable
) -> LocatedTable:
    """A grid table whose rows start at the top of a sheet with no header above them, after a sheet that
    ends in the table's header rows (a PDF converter's one sheet per page, the page break right under the
    header): its columns are read from that header, in the same sheet columns."""
    if previous is None or loc.columns or loc.anchor[0] >= HEADER_ROWS or not previous.by_row:
        return loc
    bottom = max(previous.by_row)
    columns, units = header_columns(table, previous, max(0, bottom - HEADER_ROWS + 1), bottom, loc.anchor[1])
    if len(columns) * 2 < len(table.columns):
        return loc
    return replace(
        loc, columns=columns, units=units, missing_columns=[c for c in table.columns if c.key not in columns]
    )


def columns_in_form_order(st: SheetText, loc: LocatedTable) -> LocatedTable:
    """A header whose cells lost their places: a table copied from a browser into a text file writes a
    header merged across columns once and one merged down not at all, so 申请人情况 / 自然人 | 法人或其他组织 |
    总计 / 商业企业 … 其他 stand wherever their line ends, and matching by place misses columns. When every
    column's label is in the header rows and the located rows hold numbers in exactly as many columns as
    the table has, those columns are the table's, in the form's order.

    Table 3 likewise: its one row of numbers under 行政复议 | 行政诉讼 / five results, 未经复议直接起诉 |
    复议后起诉 / ten results. Depends on the values, so it runs on every file; it changes nothing when the
    header matched."""
    table = loc.table
    if not loc.missing_columns or not loc.rows or loc.row_sheets or loc.column_rows:
        return loc
    sheet = st.sheet
    if table.layout == "grid":
        first, label_col = loc.anchor
    else:  # table 3: its one row of numbers under the headers, no label column
        first, label_col = min(loc.rows.values()), -1
    band = {
        core(st.cells[(r, c)])
        for r in range(max(0, first - HEADER_ROWS), first)
        for c in st.by_row.get(r, ())
    }
    if not all(band.intersection(label_variants(c.label, c.aliases)) for c in table.columns):
        return loc
    numeric: set[int] = set()
    for r in loc.rows.values():
        row = sheet.rows[r] if r < len(sheet.rows) else []
        for c in range(label_col + 1, len(row)):
            if row[c] not in ("", None) and parse_value(row[c]).state in _NUMBER_STATES:
                numeric.add(c)
    if numeric and len(numeric) != len(table.columns):  # a blank (0 left blank) between numbers
        numeric = set(range(min(numeric), max(numeric) + 1))
    if numeric and len(numeric) != len(table.columns):  # a column left blank at the end (总计 not filled)
        around = [*loc.rows.values(), *range(max(0, first - HEADER_ROWS), first)]  # its header rows too
        end = max(len(sheet.rows[r]) for r in around if r < len(sheet.rows))
        numeric = set(range(min(numeric), end))
    if len(numeric) != len(table.columns):
        return loc
    columns = dict(zip((c.key for c in table.columns), sorted(numeric), strict=True))
    return replace(loc, columns=columns, units={k: loc.units.get(k) for k in columns}, missing_columns=[])


_NUMBER_STATES = ("number", "text-number", "placeholder")
