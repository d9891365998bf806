"""Finding each table of the form in a workbook by its labels, never by fixed coordinates.

Per sheet, the text cells are normalised once (merged labels spread over the cells they cover). A grid
table is found by its row labels: every sheet row gets the form rows its label could be, and the longest
chain of rows in the form's own order wins, so a header cell 总计 or a repeated group label cannot pull
the table apart. Its columns are found by the header texts above the first data row, read top-down per
column. The one-row table 3 is found by its column headers and the first row below them.

Over 400 lines: the grid, row-header, one-row and sideways searches share the section bounds and the
per-layout caches that make a batch of one template fast.
"""

from __future__ import annotations

import re
from dataclasses import replace

from govreport.forms import Column, Form, Row, Table, all_forms
from govreport.locate.copies import filled, rank
from govreport.locate.identify import detect_form, identify, marker_hits
from govreport.locate.labels import core, is_unit_note, normalize, unit_of
from govreport.locate.matching import (
    best_chain,
    groups_in,
    header_columns,
    header_paths,
    label_column,
    label_variants,
    row_candidates,
    row_texts,
    sheet_text,
)
from govreport.locate.model import LocatedTable, Location, SheetText
from govreport.locate.refine import (
    HEADER_ROWS,
    column_numbers,
    columns_in_form_order,
    header_on_previous_page,
    header_spans,
    numbers_on_next_page,
    numbers_on_wrapped_lines,
    numbers_under_wide_headers,
    subtotal_rows,
    wide_grid,
)
from govreport.memo import Memo
from govreport.read.model import REPORT_SHEET, Book  # REPORT_SHEET: govreport's own sheet, never read as data

# The end of the last section (and of a sheet searched whole): past every row, never the sheet's own length.
# Section bounds are kept with the labels, which every file of one template shares, and how many rows a
# sheet has depends on its values (a blank table 3 ends the sheet at its header row): a bound taken from
# one file's length would stop the next file's search for table 3's numbers short.
_END = 1 << 30


# ----------------------------------------------------------------------------- tables


def _locate_grid(table: Table, st: SheetText, lo: int, hi: int) -> LocatedTable | None:
    """Exact and contained labels first; near matches (typos) only when a row of the form is missing."""
    loc = _locate_grid_pass(table, st, lo, hi, fuzzy=False)
    if loc is not None and not loc.missing_rows:
        return loc
    near = _locate_grid_pass(table, st, lo, hi, fuzzy=True)
    if near is not None and (loc is None or near.score > loc.score):
        return near
    return loc


def _locate_grid_pass(table: Table, st: SheetText, lo: int, hi: int, fuzzy: bool) -> LocatedTable | None:
    cands: list[tuple[int, list[tuple[int, int]]]] = []
    group: str | None = None
    hidden = st.sheet.hidden_rows
    for r in sorted(r for r in st.by_row if lo <= r < hi):
        texts = row_texts(st, r)
        g = groups_in(table, texts)
        if g:
            group = g
        lst = row_candidates(table, texts, group, fuzzy)
        if lst:
            if hidden:
                # a label repeated on a hidden row (last year's figures kept out of sight): the visible row
                # wins the tie, and a hidden row that is the only one still counts. Scaled first, so that
                # however many rows a filter hides, their penalties never outweigh a better match elsewhere
                lst = [(i, w * 64 - (r in hidden)) for i, w in lst]
            cands.append((r, lst))
    chain = best_chain(cands)
    if not chain or (len(chain) < 2 and len(table.rows) > 2):
        return None
    loc = LocatedTable(table=table, sheet=st.sheet.name)
    label_col = 10**9
    for r, i in chain:
        row = table.rows[i]
        loc.labels[row.key] = " ".join(row_texts(st, r))
        if row.kind != "label":
            loc.rows[row.key] = r
        elif _group_on_own_row(table, st, r):
            # a heading on a row of its own (三、本年度办理结果 above （一）): read where a clerk typed numbers
            # on it, which the form's advisory relations check (see refine.subtotal_rows)
            loc.group_rows[row.key] = r
        label_col = min(label_col, label_column(table, st, r, i))
    first = chain[0][0]
    loc.anchor = (first, label_col)
    # group rows only carry numbers when their items are absent (a 2019 （六） in a 2021 workbook)
    for row in table.rows:
        if (
            row.kind == "group"
            and row.key in loc.rows
            and any(it.key in loc.rows for it in table.items(row.key))
        ):
            r = loc.rows.pop(row.key)
            if _group_on_own_row(table, st, r):
                loc.group_rows[row.key] = r
    top = max(lo, first - HEADER_ROWS)
    loc.columns, loc.units = header_columns(table, st, top, first - 1, label_col)
    _note_units(table, st, top, first, loc, lo)
    loc.missing_rows = _missing_rows(table, loc.rows)
    loc.missing_columns = [c for c in table.columns if c.key not in loc.columns]
    return loc


def _group_on_own_row(table: Table, st: SheetText, r: int) -> bool:
    """Every label on the row names a group or a label row: the group's own row, not an item whose label
    was not recognised beside its group ("（三）不予公开 | 1.国家秘密的"), whose numbers are no subtotal."""
    for text in row_texts(st, r):
        cands = row_candidates(table, (text,), None, False)
        if not cands or any(table.rows[i].kind == "data" for i, _w in cands):
            return False
    return True


def _note_units(table: Table, st: SheetText, top: int, first: int, loc: LocatedTable, lo: int = -1) -> None:
    """A money column whose header prints no unit takes the unit of a note such as "（单位：万元）" written
    beside its block's heading or header row (city templates put it at the right end of the heading row),
    else of the section's title ("二、主动公开政府信息情况（金额单位：万元）"), row `lo`.

    Only the rows from the table's own heading down to its header row are read, so a note of the block
    above cannot leak into this one; a table without a heading reads its header row only.
    """
    money = [
        c.key
        for c in table.columns
        if c.kind == "money" and c.key in loc.columns and not loc.units.get(c.key)
    ]
    if not money:
        return
    rows = [first - 1]
    if table.heading:
        heading = core(table.heading)
        for r in range(first - 1, top - 1, -1):
            if any(heading in core(t) for t in row_texts(st, r)):
                rows = list(range(r, first))
                break
    if 0 <= lo < rows[0]:
        rows.insert(0, lo)  # the section title: the farthest, read last
    for r in reversed(rows):  # the nearest note wins
        units = {unit_of(t) for t in row_texts(st, r) if is_unit_note(t)} - {None}
        if len(units) == 1:
            unit = units.pop()
            for key in money:
                loc.units[key] = unit
            return


def _missing_rows(table: Table, rows: dict[str, int]) -> list[Row]:
    """The rows with numbers that were not found (a group counts through its items, or as one row)."""
    missing = [r for r in table.rows if r.kind == "data" and not r.parent and r.key not in rows]
    for group_row in (r for r in table.rows if r.kind == "group"):
        items = table.items(group_row.key)
        if group_row.key in rows:
            continue
        missing += [it for it in items if it.key not in rows] if items else [group_row]
    return sorted(set(missing), key=table.rows.index)


def _join_pages(best: LocatedTable, hits: list[LocatedTable], order: list[str]) -> LocatedTable:
    """A grid table continued on the next sheet (one sheet per page), without its header there: its
    missing rows found on an adjacent sheet, in the form's order, take the columns of the part above."""
    missing = {r.key for r in best.missing_rows}
    index = order.index(best.sheet)
    joined: LocatedTable | None = None
    for h in hits:
        # a header of its own that differs: another table. One or two columns "found" above the
        # continuation's rows are a stray label ("3.其他" above （七）总计 reads as the column 其他), no header
        header = len(h.columns) * 2 > len(best.table.columns)
        if not missing or h is best or header and h.columns != best.columns:
            continue
        step = order.index(h.sheet) - index
        table = best.table
        # a group printed on a row of its own just before the break, its items after it: the part holding the
        # group's row reads it as the group's only row (no items there), the other part holds the items
        held = {
            k
            for k in best.rows
            if table.row(k).kind == "group" and any(it.key in h.rows for it in table.items(k))
        }
        new = {
            k: r
            for k, r in h.rows.items()
            if k in missing or (table.row(k).parent in held and k not in best.rows)
        }
        labels_only = {
            k
            for k in h.rows
            if table.row(k).kind == "group"
            and any(it.key in best.rows or it.key in new for it in table.items(k))
        }
        keys = [r.key for r in table.rows]
        if abs(step) != 1 or len(new) < 2 or len(new) + len(labels_only) != len(h.rows):
            continue
        ours = [keys.index(k) for k in best.rows]
        theirs = [keys.index(k) for k in new]
        if not (min(theirs) > max(ours) if step == 1 else max(theirs) < min(ours)):
            continue
        joined = joined or replace(
            best, rows=dict(best.rows), labels=dict(best.labels), row_sheets=dict(best.row_sheets)
        )
        joined.rows.update(new)
        joined.labels.update({k: h.labels.get(k, "") for k in new})
        joined.row_sheets.update({k: h.sheet for k in new})
        for k in held:  # the group's row is its label: its items are found now
            joined.rows.pop(k, None)
        missing -= set(new)
    if joined is None:
        return best
    joined.missing_rows = _missing_rows(best.table, joined.rows)
    return joined


def _item_at_the_cut(loc: LocatedTable, texts: dict[str, SheetText]) -> LocatedTable:
    """An item whose label names it only inside its group ("3.其他" of （六）) on the first row after the cut,
    its group's label left above the cut: the continuation's own search had no group to read it in. A
    missing item whose group's other items are found, labelled as the item on the row of a continuation
    just above the next located row (and below the previous one), is that row."""
    if not loc.missing_rows or not loc.row_sheets:
        return loc
    table = loc.table
    keys = [r.key for r in table.rows]
    out = loc
    for item in loc.missing_rows:
        if not item.parent or not any(it.key in loc.rows for it in table.items(item.parent)):
            continue
        after = [k for k in loc.rows if keys.index(k) > keys.index(item.key)]
        if not after:
            continue
        nxt = min(after, key=keys.index)
        sheet = loc.sheet_of(nxt)
        before = [k for k in loc.rows if keys.index(k) < keys.index(item.key)]
        if sheet == loc.sheet or not before:
            continue  # not in a continuation
        r = loc.rows[nxt] - 1
        prev = max(before, key=keys.index)
        if loc.sheet_of(prev) == sheet and loc.rows[prev] >= r:
            continue  # no row between the item's neighbours
        st = texts.get(sheet)
        variants = label_variants(item.label, item.aliases)
        if st is None or r < 0 or not any(core(t) in variants for t in row_texts(st, r)):
            continue
        if out is loc:
            out = replace(loc, rows=dict(loc.rows), labels=dict(loc.labels), row_sheets=dict(loc.row_sheets))
        out.rows[item.key] = r
        out.labels[item.key] = " ".join(row_texts(st, r))
        out.row_sheets[item.key] = sheet
    if out is not loc:
        out.missing_rows = _missing_rows(table, out.rows)
    return out


_BANDS: Memo[tuple, LocatedTable | None] = Memo("locate.bands", 2000)


def _by_band(find, table: Table, st: SheetText, lo: int, hi: int) -> LocatedTable | None:
    """find(table, st, lo, hi), which reads only the labels of rows [lo, hi): remembered per sheet layout,
    and across sheets whose labels there are the same (every agency's title differs, its table rarely)."""
    key = (id(table), lo, hi)
    grids = st.labels.grids
    if key in grids:
        return grids[key]
    # hidden rows break a tie between repeated labels (see _locate_grid_pass): part of what is read
    hidden = tuple(sorted(r for r in st.sheet.hidden_rows if lo <= r < hi)) if st.sheet.hidden_rows else ()
    band = (find, id(table), st.sheet.name, lo, hi, st.labels.band(lo, hi), hidden, st.sheet.hidden_cols)
    if band in _BANDS:
        hit = _BANDS[band]
    else:
        hit = _BANDS.put(band, find(table, st, lo, hi))
    grids[key] = hit
    return hit


def _locate_grid_cached(table: Table, st: SheetText, lo: int, hi: int) -> LocatedTable | None:
    """A grid table depends on the labels only: found once per layout (callers never mutate it)."""
    return _by_band(_locate_grid, table, st, lo, hi)


def _locate_row(table: Table, st: SheetText, lo: int, hi: int) -> LocatedTable | None:
    """Table 3: one row of numbers under two or three rows of column headers (or blocks of them)."""
    head = _by_band(_row_headers, table, st, lo, hi)
    if head is None:
        return None
    leaf_row = head.anchor[0] + head.rows.get("", 0)
    sheet = st.sheet
    spans = header_spans(st, head.columns, head.anchor[0], leaf_row) if sheet.merged else {}
    # per block of columns, its leaf header row; turned on its side, each group's own row (offsets from the
    # anchor, kept with the labels)
    blocks: dict[int, list[str]] = {}
    for key in head.columns:
        blocks.setdefault(head.anchor[0] + head.column_rows.get(key, head.rows.get("", 0)), []).append(key)
    rows_of: dict[str, int] = {}
    for at, keys in blocks.items():
        if _SIDEWAYS in head.rows:
            rows_of.update(dict.fromkeys(keys, at))
            continue
        # the data row: the first row below the headers with anything in the block's columns (or under them)
        where = [*(head.columns[k] for k in keys), *(c for k in keys for c in spans.get(k, ()))]
        data_row = at + 1
        for r in range(at + 1, min(hi, at + 5)):
            if any(sheet.value(r, c) not in ("", None) or (r, c) in sheet.formulas for c in where):
                if column_numbers(sheet, r, sorted(head.columns[k] for k in keys)):
                    data_row = r + 1  # the numbers are below the 栏次 row (or blank there)
                    continue
                data_row = r
                break
        rows_of.update(dict.fromkeys(keys, data_row))
    only = table.rows[0]
    first = rows_of[next(iter(head.columns))] if head.columns else leaf_row + 1
    loc = LocatedTable(
        table=table,
        sheet=head.sheet,
        rows={only.key: first},
        columns=head.columns,
        units=head.units,
        labels={only.key: ""},
        missing_columns=head.missing_columns,
        anchor=head.anchor,
        column_rows={k: r for k, r in rows_of.items() if r != first},
    )
    return numbers_under_wide_headers(sheet, loc, spans, [first]) if spans else loc


_SIDEWAYS = "sideways"  # a mark in a table-3 header's rows: its columns' rows are the groups' own rows


def _row_headers(table: Table, st: SheetText, lo: int, hi: int) -> LocatedTable | None:
    """Table 3's columns from its header rows: a pure function of the labels, found once per layout.

    Drawn as blocks (行政复议's five headers above 行政诉讼's ten), the columns the best leaf row lacks are
    taken from the other leaf rows whose headers name their group; turned on its side (five headers once,
    a row per group), the row labels name each group's row. head.column_rows keeps, per column key, the
    leaf row of its block, or its group's row when head.rows holds _SIDEWAYS (offsets from the anchor).
    """
    leaves = {v for c in table.columns for v in label_variants(c.label, c.aliases)}
    leaf_rows: dict[int, int] = {}
    for (r, _c), t in st.cells.items():
        if lo <= r < hi and core(t) in leaves:
            leaf_rows[r] = leaf_rows.get(r, 0) + 1
    if not leaf_rows or max(leaf_rows.values()) < 3:
        return _vertical(table, st, lo, hi, leaves)
    leaf_row = max(leaf_rows, key=lambda r: (leaf_rows[r], -r))
    col_lo = min(
        c for (r, c), t in st.cells.items() if max(lo, leaf_row - 2) <= r <= leaf_row and core(t) in leaves
    )
    top = _header_top(st, leaf_row, col_lo, lo)
    head = LocatedTable(table=table, sheet=st.sheet.name, anchor=(top, col_lo))
    head.columns, head.units = header_columns(table, st, top, leaf_row, col_lo)
    head.rows[""] = leaf_row - top  # where the leaf header row is, relative to the anchor
    if len(head.columns) < len(table.columns):
        _sideways(table, st, head, leaf_row, col_lo, hi) or _blocks(table, st, head, leaf_rows, lo)
    head.missing_columns = [c for c in table.columns if c.key not in head.columns]
    return head


def _vertical(table: Table, st: SheetText, lo: int, hi: int, leaves: set[str]) -> LocatedTable | None:
    """Table 3 as a list down the page (a portrait layout): one result per row in one column, its group
    named left of it (merged down), its number right of it. Each column of the form gets its own row."""
    by_col: dict[int, list[int]] = {}
    for (r, c), t in st.cells.items():
        if lo <= r < hi and core(t) in leaves:
            by_col.setdefault(c, []).append(r)
    if not by_col:
        return None
    c = max(by_col, key=lambda k: (len(by_col[k]), -k))
    rows: dict[str, int] = {}
    for r in sorted(by_col[c]):
        leaf = core(st.cells[(r, c)])
        # the whole text, as header groups are read: 行政诉讼（未经复议直接起诉） names its group in brackets,
        # which core() drops as a note (both litigation groups would read 行政诉讼)
        group = "".join(normalize(st.cells[(r, x)]) for x in st.by_row.get(r, ()) if x < c)
        for col in table.columns:
            if (
                col.key not in rows
                and leaf in label_variants(col.label, col.aliases)
                and _names_group(table, col, group)
            ):
                rows[col.key] = r
                break
    if len(rows) < 5 or len({table.column(k).group for k in rows}) < 2:
        return None
    value = c + 1  # the number sits right of the result, past a result label merged over two columns
    while value < c + 4 and any(st.cells.get((r, value)) == st.cells[(r, c)] for r in rows.values()):
        value += 1
    keys = [col.key for col in table.columns if col.key in rows]
    top = min(rows.values())
    head = LocatedTable(
        table=table,
        sheet=st.sheet.name,
        anchor=(top, c),
        columns=dict.fromkeys(keys, value),
        units=dict.fromkeys(keys),
        column_rows={k: rows[k] - top for k in keys},
    )
    head.rows[""] = 0
    head.rows[_SIDEWAYS] = 1
    head.missing_columns = [col for col in table.columns if col.key not in rows]
    return head


def _header_top(st: SheetText, leaf_row: int, col_lo: int, lo: int) -> int:
    top = leaf_row
    for r in range(leaf_row - 1, max(lo, leaf_row - 4) - 1, -1):
        if any(c >= col_lo for c in st.by_row.get(r, ())):
            top = r
        else:
            break
    return top


def _names_group(table: Table, col: Column, text: str) -> bool:
    return bool(col.group) and all(
        any(core(v) in text for v in (g, *table.group_aliases.get(g, ()))) for g in col.group
    )


def _blocks(table: Table, st: SheetText, head: LocatedTable, leaf_rows: dict[int, int], lo: int) -> bool:
    """The missing columns from other leaf rows whose headers name their group (table 3 in blocks)."""
    found = False
    main = head.anchor[0] + head.rows[""]
    for r in sorted((r for r, n in leaf_rows.items() if n >= 3 and r != main), key=lambda r: abs(r - main)):
        col_lo = min(
            c
            for c in st.by_row.get(r, ())
            if core(st.cells[(r, c)])
            in {v for c in table.columns for v in label_variants(c.label, c.aliases)}
        )
        top = _header_top(st, r, col_lo, lo)
        paths = header_paths(st, top, r, col_lo)
        cols, units = header_columns(table, st, top, r, col_lo)
        for key, c in cols.items():
            col = table.column(key)
            if key not in head.columns and _names_group(
                table, col, "".join(core(t) for t in paths.get(c, ()))
            ):
                head.columns[key], head.units[key] = c, units.get(key)
                head.column_rows[key] = r - head.anchor[0]
                found = True
    return found


def _sideways(table: Table, st: SheetText, head: LocatedTable, leaf_row: int, col_lo: int, hi: int) -> bool:
    """Five result headers once and a row per group named left of the numbers (table 3 on its side)."""
    by_leaf: dict[str, int] = {}
    for key, c in head.columns.items():
        by_leaf.setdefault(table.column(key).label, c)
    rows: dict[str, int] = {}
    for r in range(leaf_row + 1, min(hi, leaf_row + 4)):
        text = "".join(core(st.cells[(r, c)]) for c in st.by_row.get(r, ()) if c < col_lo)
        for col in table.columns:
            if text and col.key not in rows and _names_group(table, col, text) and col.label in by_leaf:
                rows[col.key] = r
    groups = {table.column(k).group for k in rows}
    if len(groups) < 2:
        return False
    head.columns = {k: by_leaf[table.column(k).label] for k in rows}
    head.column_rows = {k: r - head.anchor[0] for k, r in rows.items()}
    head.rows[_SIDEWAYS] = 1
    return True


def _section_bounds(form: Form, st: SheetText) -> dict[str, tuple[int, int]]:
    """Rows [start, end) per section whose title appears on this sheet (computed once per sheet)."""
    if form.version not in st.bounds:
        st.bounds[form.version], st.labels.copies[form.version] = _find_sections(form, st)
    return st.bounds[form.version]


def _section_copies(form: Form, st: SheetText) -> dict[str, list[tuple[int, int]]]:
    """Rows [start, end) of each later copy of a section on this sheet: its title printed again below."""
    _section_bounds(form, st)
    return st.labels.copies[form.version]


def _find_sections(
    form: Form, st: SheetText
) -> tuple[dict[str, tuple[int, int]], dict[str, list[tuple[int, int]]]]:
    titles, any_title = _section_titles(form)
    found: list[tuple[int, str]] = []  # every title, in sheet order
    last: dict[str, int] = {}  # section -> the last row its title was seen on
    cells = st.cells
    for r, cols in st.by_row.items():  # rows in order, columns left to right
        for c in cols:
            ct = core(cells[(r, c)])
            if not any_title.search(ct):
                continue  # the common case: one search instead of one per title
            for key, title in titles:
                if title in ct and len(ct) <= len(title) + 16:
                    # a title merged over several cells or rows is one title
                    if last.get(key, -2) < r - 1:
                        found.append((r, key))
                    last[key] = r
    # a section ends where the next title starts, a copy's title too: the tables pasted twice on one
    # sheet (a draft above, the final below) are two copies, not one section running into the other
    bounds: dict[str, tuple[int, int]] = {}
    copies: dict[str, list[tuple[int, int]]] = {}
    for n, (r, key) in enumerate(found):
        end = next((r2 for r2, _k in found[n + 1 :] if r2 > r), _END)
        if key not in bounds:
            bounds[key] = (r, end)
        elif r > bounds[key][0]:
            copies.setdefault(key, []).append((r, end))
    return bounds, copies


_TITLES: Memo[int, tuple[Form, list[tuple[str, str]], re.Pattern[str]]] = Memo("locate.section_titles", 64)


def _section_titles(form: Form) -> tuple[list[tuple[str, str]], re.Pattern[str]]:
    """(section key, title core) for every title and alias, and one pattern finding any of them."""
    hit = _TITLES.get(id(form))
    if hit is None or hit[0] is not form:
        titles = [(sec.key, core(t)) for sec in form.sections for t in (sec.title, *sec.title_aliases)]
        titles = [(k, t) for k, t in titles if t]
        pattern = re.compile(
            "|".join(sorted({re.escape(t) for _, t in titles}, key=len, reverse=True)) or "(?!)"
        )
        hit = _TITLES.put(id(form), (form, titles, pattern))
    return hit[1], hit[2]


def locate_tables(
    book: Book, form: Form, texts: list[SheetText] | None = None, year: int | None = None
) -> tuple[dict, dict]:
    """Locate every table of `form` in the book: (found by key, ignored duplicates by key).

    Of several copies of a table, a copy on a sheet of another report year than `year` (last year's
    report kept in this year's workbook) loses to one of a similar score."""
    texts = texts if texts is not None else _texts(book)
    found: dict[str, LocatedTable] = {}
    dups: dict[str, LocatedTable] = {}
    sheets = {st.sheet.name: st.sheet for st in texts}
    following = {a.sheet.name: b.sheet for a, b in zip(texts, texts[1:], strict=False)}
    previous = {b.sheet.name: a for a, b in zip(texts, texts[1:], strict=False)}
    for table in form.tables:
        hits: list[LocatedTable] = []
        for st in texts:
            bounds = _section_bounds(form, st)
            lo, hi = bounds.get(table.section, (0, _END))
            locate = _locate_grid_cached if table.layout == "grid" else _locate_row
            loc = locate(table, st, lo, hi)
            if loc is None and table.section in bounds:
                loc = locate(table, st, 0, _END)
            found_here = [loc]
            for lo2, hi2 in _section_copies(form, st).get(table.section, ()):
                found_here.append(locate(table, st, lo2, hi2))
            seen: list[tuple] = []
            for loc in found_here:
                if loc is not None and table.layout == "grid":
                    loc = header_on_previous_page(table, st, previous.get(st.sheet.name), loc)
                    loc = subtotal_rows(st, numbers_on_wrapped_lines(table, st, wide_grid(st, loc)))
                    loc = columns_in_form_order(st, loc)
                elif loc is not None:
                    loc = numbers_on_next_page(loc, st.sheet, following.get(st.sheet.name))
                    loc = columns_in_form_order(st, loc)
                # the whole-sheet search and a copy's own rows can find the same table
                if loc is not None and (loc.rows, loc.columns) not in seen:
                    seen.append((loc.rows, loc.columns))
                    hits.append(loc)
        if not hits:
            continue
        # a hidden or blank copy of the template beside the filled table must not win a tie, nor a draft
        # above the final or last year's sheet
        if len(hits) > 1:
            rank(texts, sheets, hits, year)
        best = hits[0]
        if best.missing_rows and table.layout == "grid" and len(hits) > 1:
            order = [st.sheet.name for st in texts]
            joined = _join_pages(best, hits, order)
            if not best.columns:
                # the part without the header holds more rows (a table split after its first rows): the
                # part with the header, joined to it, is the table
                for h in hits:
                    if h.columns and h is not best:
                        other = _join_pages(h, hits, order)
                        if len(other.missing_rows) < len(joined.missing_rows):
                            joined = other
            best = _item_at_the_cut(joined, {st.sheet.name: st for st in texts})
        if _stray_labels(table, best):
            continue
        found[table.key] = best
        others = [
            h
            for h in hits[1:]
            if h.score >= best.score * 0.8
            and filled(sheets[h.sheet], h)
            and h.sheet not in best.row_sheets.values()
        ]
        if others:
            dups[table.key] = others[0]
    return found, dups


def _stray_labels(table: Table, loc: LocatedTable) -> bool:
    """A few of the table's row labels inside some other table, with none of its column headers: a report
    from before the national form prints its own 统计表 ("2.同意部分公开答复数", "3.不予公开答复数" hold
    部分公开 and 不予公开), which is not this table. A real copy, even with a mangled header, keeps some
    column header or most of its rows."""
    if table.layout != "grid" or loc.columns or not table.columns:
        return False
    numeric = [r for r in table.rows if r.kind != "label"]
    return 2 * len(loc.rows) < len(numeric)


def _texts(book: Book) -> list[SheetText]:
    return [sheet_text(s) for s in book.sheets if s.name != REPORT_SHEET]


def locate(book: Book, form: Form | None = None) -> Location:
    """Identify the workbook, choose its format and locate every table."""
    texts = _texts(book)
    agency, year = identify(book, texts)
    reason = "given"
    if form is None:
        hits = marker_hits(texts)
        form, reason = detect_form(texts, year, hits)
        found, dups = locate_tables(book, form, texts, year)
        _mixed_versions(book, form, texts, hits, found, year)
    else:
        found, dups = locate_tables(book, form, texts, year)
    return Location(form=form, tables=found, duplicates=dups, agency=agency, year=year, form_reason=reason)


def _mixed_versions(
    book: Book,
    form: Form,
    texts: list[SheetText],
    hits: dict[str, int],
    found: dict[str, LocatedTable],
    year: int | None = None,
) -> None:
    """A workbook that prints labels of two versions (a 2021 table 2 under an old 2019 table 1): each
    table is read with the version whose rows and columns it matches best."""
    keys = {t.key for t in form.tables}
    for other in all_forms():
        if other is form or not hits.get(other.version):
            continue
        alt, _ = locate_tables(book, other, texts, year)
        for key, loc in alt.items():
            if key in keys and (key not in found or loc.score > found[key].score):
                found[key] = loc
