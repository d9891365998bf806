"""Finding each table of the form in a workbook by its labels, never by fixed coordinates.

Per sheet, the text cells are normalised once (merged labels spread over the cells they cover). A grid
table is found by its row labels: every sheet row gets the form rows its label could be, and the longest
chain of rows in the form's own order wins, so a header cell 总计 or a repeated group label cannot pull
the table apart. Its columns are found by the header texts above the first data row, read top-down per
column. The one-row table 3 is found by its column headers and the first row below them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache

from govreport.book import Book, CellRef, Sheet
from govreport.forms import Column, Form, Row, Table, all_forms
from govreport.identify import detect_form, identify, marker_hits
from govreport.labels import core, normalize, similarity, unit_of

REPORT_SHEET = "校验报告"  # govreport's own sheet in a filled workbook: never read as data
_HEADER_ROWS = 6  # how far above the first data row a grid table's column headers may start
_MAX_GAP = 6  # unmatched rows allowed inside one grid table (blank rows, page-split headers)
_MERGE_BUDGET = 200_000  # label cells spread from merged ranges per sheet
_NOT_LABEL = re.compile(r"^[-+]?[\d.,]*\d[\d.,]*(件|个|项|笔|次|条|宗|家|人|元|万元)?$|^[-—–/\\×x无空]+$|^不适用$|^n/a$")


@dataclass
class Labels:
    """The text labels of one sheet, merged labels spread over the cells they cover.

    A pure function of the sheet's name, text cells and merged ranges, so a batch of workbooks made
    from one template shares one Labels (and the grid tables found in it) across files.
    """

    cells: dict[tuple[int, int], str]  # (r, c) -> normalised text, for label-like text cells
    by_row: dict[int, list[int]]  # r -> sorted columns holding text
    bounds: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)  # form version -> sections
    row_texts: dict[int, tuple[str, ...]] = field(default_factory=dict)  # r -> distinct texts, left to right
    grids: dict[tuple[int, int, int], LocatedTable | None] = field(default_factory=dict)  # (table, lo, hi)


@dataclass
class SheetText:
    sheet: Sheet
    labels: Labels

    @property
    def cells(self) -> dict[tuple[int, int], str]:
        return self.labels.cells

    @property
    def by_row(self) -> dict[int, list[int]]:
        return self.labels.by_row

    @property
    def bounds(self) -> dict[str, dict[str, tuple[int, int]]]:
        return self.labels.bounds

    @property
    def row_texts(self) -> dict[int, tuple[str, ...]]:
        return self.labels.row_texts


@dataclass
class LocatedTable:
    """Where one table of the form sits: a sheet, a sheet row per form row, a sheet column per form column."""

    table: Table
    sheet: str
    rows: dict[str, int] = field(default_factory=dict)  # row key -> 0-based sheet row (rows with numbers)
    columns: dict[str, int] = field(default_factory=dict)  # column key -> 0-based sheet column
    units: dict[str, str | None] = field(default_factory=dict)  # column key -> unit printed in its header
    labels: dict[str, str] = field(default_factory=dict)  # row key -> label as printed
    missing_rows: list[Row] = field(default_factory=list)
    missing_columns: list[Column] = field(default_factory=list)
    anchor: tuple[int, int] = (0, 0)  # first label cell, for ordering and messages
    # rows continued on another sheet (a PDF converter's one sheet per page): row key -> that sheet
    row_sheets: dict[str, str] = field(default_factory=dict)

    def sheet_of(self, row_key: str) -> str:
        return self.row_sheets.get(row_key, self.sheet)

    def cell(self, row_key: str, col_key: str) -> CellRef | None:
        r, c = self.rows.get(row_key), self.columns.get(col_key)
        return None if r is None or c is None else CellRef(self.sheet_of(row_key), r, c)

    def expand(self, key: str) -> list[str]:
        """A row key as it stands in a relation: a group is its located items, or its own row."""
        items = [r.key for r in self.table.items(key)]
        found = [k for k in items if k in self.rows]
        if found or key not in self.rows:
            return found if items else ([key] if key in self.rows else [])
        return [key]

    @property
    def score(self) -> int:
        return len(self.rows) * 2 + len(self.columns)


@dataclass
class Location:
    form: Form
    tables: dict[str, LocatedTable]  # table key -> where it is (absent when not found)
    duplicates: dict[str, LocatedTable]  # table key -> a second, later copy that was ignored
    agency: str | None = None
    year: int | None = None
    form_reason: str = "labels"  # "labels" | "year" | "default"


_LABELS: dict[tuple, Labels] = {}


def sheet_text(sheet: Sheet) -> SheetText:
    """The sheet's labels, computed once per distinct layout."""
    texts = tuple((r, c, v) for r, row in enumerate(sheet.rows) for c, v in enumerate(row)
                  if v.__class__ is str and v)
    key = (sheet.name, texts, tuple(sheet.merged))
    labels = _LABELS.get(key)
    if labels is None:
        if len(_LABELS) > 2000:
            _LABELS.clear()
        labels = _LABELS[key] = _labels(texts, sheet.merged)
    return SheetText(sheet, labels)


def _labels(texts: tuple[tuple[int, int, str], ...], merged: list[tuple[int, int, int, int]]) -> Labels:
    """Normalise every label-like text cell once; spread merged labels over their cells."""
    cells: dict[tuple[int, int], str] = {}
    for r, c, v in texts:
        if v.strip():
            t = normalize(v)
            if t and not _NOT_LABEL.match(t):
                cells[(r, c)] = t
    budget = _MERGE_BUDGET  # hostile files merge huge areas; a real report spreads a few hundred cells
    for r1, c1, r2, c2 in merged:
        label = cells.get((r1, c1))
        area = (r2 - r1 + 1) * (c2 - c1 + 1)
        if label is None or area > 5000 or area > budget:
            continue
        budget -= area
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                cells.setdefault((r, c), label)
    by_row: dict[int, list[int]] = {}
    for r, c in sorted(cells):
        by_row.setdefault(r, []).append(c)
    return Labels(cells, by_row)


# ----------------------------------------------------------------------------- label matching

@lru_cache(maxsize=4096)
def _variants(label: str, aliases: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(core(x) for x in (label, *aliases) if core(x)))


def _match_score(text_cores: tuple[str, ...], variants: tuple[str, ...], fuzzy: bool = True) -> int:
    """How well a sheet row's label texts fit one form label: 3 exact, 2 contained, 1 near, 0 none."""
    best = 0
    joined = "".join(text_cores)
    for v in variants:
        if v in text_cores:
            return 3
        if len(v) >= 4 and v in joined:
            best = max(best, 2)
        elif fuzzy and len(v) >= 5 and best < 1:
            # typos: 其他法律行政止公开 for 其他法律行政法规禁止公开
            if any(len(t) >= 4 and _near(t, v) for t in text_cores):
                best = 1
    return best


@lru_cache(maxsize=65536)
def _near(t: str, v: str) -> bool:
    """similarity(t, v) >= 0.8, after two cheap upper bounds of the ratio that most pairs fail.

    ratio = 2*matches/(len sum), and matches <= the shorter length and <= the shared characters (as a
    multiset), so these bounds never reject a pair that difflib would accept.
    """
    n = len(t) + len(v)
    if 2 * min(len(t), len(v)) < 0.8 * n:
        return False
    if 2 * sum((Counter(t) & Counter(v)).values()) < 0.8 * n:
        return False
    return similarity(t, v) >= 0.8


def _row_texts(st: SheetText, r: int) -> tuple[str, ...]:
    """The distinct label texts of a sheet row, left to right (computed once per sheet)."""
    hit = st.row_texts.get(r)
    if hit is None:
        out: list[str] = []
        for c in st.by_row.get(r, ()):
            for t in _split_items(st.cells[(r, c)]):
                if not out or out[-1] != t:
                    out.append(t)
        hit = st.row_texts[r] = tuple(out)
    return hit


_ITEM_START = re.compile(r"(?<=[^\d.])(?=\d{1,2}[.、](?!\d))")


@lru_cache(maxsize=16384)
def _split_items(text: str) -> tuple[str, ...]:
    """A group label and its item typed in one cell ("(六)其他处理3.其他") are two labels."""
    parts = _ITEM_START.split(text)
    return tuple(p for p in parts if p)


# A batch meets the same label rows in every file: remember the answers per (table, texts, group).
_CANDIDATES: dict[tuple[int, tuple[str, ...], str | None, bool], list[tuple[int, int]]] = {}
_GROUPS: dict[tuple[int, tuple[str, ...]], str | None] = {}
_MEMO_LIMIT = 50_000


def _row_candidates(table: Table, texts: tuple[str, ...], group: str | None,
                    fuzzy: bool) -> list[tuple[int, int]]:
    """(form row index, weight) pairs that a sheet row with these label texts could be."""
    key = (id(table), texts, group, fuzzy)
    hit = _CANDIDATES.get(key)
    if hit is None:
        if len(_CANDIDATES) > _MEMO_LIMIT:
            _CANDIDATES.clear()
        hit = _CANDIDATES[key] = _row_candidates_uncached(table, texts, group, fuzzy)
    return hit


def _row_candidates_uncached(table: Table, texts: tuple[str, ...], group: str | None,
                             fuzzy: bool) -> list[tuple[int, int]]:
    cores = tuple(core(t) for t in texts)
    out = []
    for i, row in enumerate(table.rows):
        variants = _variants(row.label, row.aliases)
        if not variants:
            continue
        s = _match_score(cores, variants, fuzzy)
        if s == 0:
            continue
        short = max(len(v) for v in variants) < 4
        if row.parent and row.parent != group and (short or s < 2):
            continue  # "3.其他" is only (六)'s item inside (六)
        # items beat groups and data rows beat label rows when one sheet row names both
        weight = s * 10 + (4 if row.parent else 0) + (2 if row.kind == "data" else 0)
        out.append((i, weight))
    return out


def _groups_in(table: Table, texts: tuple[str, ...]) -> str | None:
    key = (id(table), texts)
    if key not in _GROUPS:
        if len(_GROUPS) > _MEMO_LIMIT:
            _GROUPS.clear()
        _GROUPS[key] = _groups_in_uncached(table, texts)
    return _GROUPS[key]


def _groups_in_uncached(table: Table, texts: tuple[str, ...]) -> str | None:
    cores = tuple(core(t) for t in texts)
    found = None
    for row in table.rows:
        if row.kind == "group" and _match_score(cores, _variants(row.label, row.aliases)) >= 2:
            found = row.key
    return found


def _best_chain(cands: list[tuple[int, list[tuple[int, int]]]]) -> list[tuple[int, int]]:
    """Heaviest chain of (sheet row, form row) with both strictly increasing (a weighted LIS)."""
    nodes = [(r, i, w) for r, lst in cands for i, w in lst]
    best: list[tuple[int, int]] = []  # (score, prev) per node
    for n, (r, i, w) in enumerate(nodes):
        score, prev = w, -1
        m = n - 1
        while m >= 0 and r - nodes[m][0] <= _MAX_GAP + 1:  # nodes are in sheet-row order
            r2, i2, _ = nodes[m]
            if r2 < r and i2 < i and best[m][0] + w > score:
                score, prev = best[m][0] + w, m
            m -= 1
        best.append((score, prev))
    if not nodes:
        return []
    n = max(range(len(nodes)), key=lambda k: (best[k][0], -nodes[k][0]))
    chain = []
    while n >= 0:
        chain.append((nodes[n][0], nodes[n][1]))
        n = best[n][1]
    return chain[::-1]


# ----------------------------------------------------------------------------- columns

def _header_paths(st: SheetText, top: int, bottom: int, col_lo: int) -> dict[int, list[str]]:
    """Per sheet column, the header texts from row `top` down to `bottom`, group rows forward-filled."""
    cols = sorted({c for r in range(top, bottom + 1) for c in st.by_row.get(r, ()) if c >= col_lo})
    paths: dict[int, list[str]] = {c: [] for c in cols}
    for r in range(top, bottom + 1):
        last = None
        above = {c: tuple(p) for c, p in paths.items()}
        prev = None
        row_cols = set(st.by_row.get(r, ()))
        for c in cols:
            t = st.cells.get((r, c)) if c in row_cols else None
            if t is None and r < bottom and last is not None and prev is not None and above[c] == above[prev]:
                t = last  # an unmerged group label covers the empty cells to its right, under one parent
            if t is not None:
                last = t
                if not paths[c] or paths[c][-1] != t:
                    paths[c].append(t)
            else:
                last = None
            prev = c
    return paths


def _match_columns(table: Table, paths: dict[int, list[str]]) -> tuple[dict[str, int], dict[str, str | None]]:
    joined = {c: "".join(core(t) for t in p) for c, p in paths.items()}
    taken: dict[int, str] = {}
    found: dict[str, int] = {}
    units: dict[str, str | None] = {}
    leaf_groups: dict[tuple[str, ...], list[Column]] = {}
    for col in table.columns:
        leaf_groups.setdefault(_variants(col.label, col.aliases), []).append(col)
    for variants, cols in leaf_groups.items():
        hits = [c for c, j in joined.items() if c not in taken and any(j.endswith(v) for v in variants)]
        if len(cols) == 1 and hits:
            ranked = sorted(hits, key=lambda c: (-_group_fit(table, cols[0], joined[c]), c))
            found[cols[0].key], taken[ranked[0]] = ranked[0], cols[0].key
            continue
        # the same leaf under several groups (table 3's 结果维持 ×3): groups first, else left to right
        pending = list(cols)
        for col in cols:
            fits = [c for c in hits if _group_fit(table, col, joined[c]) == len(col.group) and c not in taken]
            if col.group and fits:
                found[col.key], taken[fits[0]] = fits[0], col.key
                pending.remove(col)
        rest = [c for c in hits if c not in taken]
        for col, c in zip(pending, rest, strict=False):
            found[col.key], taken[c] = c, col.key
    for key, c in found.items():
        units[key] = unit_of("".join(paths[c]))
    return found, units


def _group_fit(table: Table, col: Column, joined: str) -> int:
    n = 0
    for g in col.group:
        if any(core(v) in joined for v in (g, *table.group_aliases.get(g, ()))):
            n += 1
    return n


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
    for r in sorted(r for r in st.by_row if lo <= r < hi):
        texts = _row_texts(st, r)
        g = _groups_in(table, texts)
        if g:
            group = g
        lst = _row_candidates(table, texts, group, fuzzy)
        if lst:
            cands.append((r, lst))
    chain = _best_chain(cands)
    if not chain or (len(chain) < 2 and len(table.rows) > 2):
        return None
    loc = LocatedTable(table=table, sheet=st.sheet.name)
    label_col = 10**9
    for r, i in chain:
        row = table.rows[i]
        loc.labels[row.key] = " ".join(_row_texts(st, r))
        if row.kind != "label":
            loc.rows[row.key] = r
        label_col = min(label_col, min(st.by_row[r]))
    first = chain[0][0]
    loc.anchor = (first, label_col)
    # group rows only carry numbers when their items are absent (a 2019 （六） in a 2021 workbook)
    for row in table.rows:
        if row.kind == "group" and row.key in loc.rows and any(it.key in loc.rows for it in table.items(row.key)):
            del loc.rows[row.key]
    top = max(lo, first - _HEADER_ROWS)
    paths = _header_paths(st, top, first - 1, label_col)
    loc.columns, loc.units = _match_columns(table, paths)
    loc.missing_rows = _missing_rows(table, loc.rows)
    loc.missing_columns = [c for c in table.columns if c.key not in loc.columns]
    return loc


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
        if not missing or h is best or h.columns and h.columns != best.columns:
            continue
        step = order.index(h.sheet) - index
        new = {k: r for k, r in h.rows.items() if k in missing}
        keys = [r.key for r in best.table.rows]
        if abs(step) != 1 or len(new) < 2 or len(new) != len(h.rows):
            continue
        ours = [keys.index(k) for k in best.rows]
        theirs = [keys.index(k) for k in new]
        if not (min(theirs) > max(ours) if step == 1 else max(theirs) < min(ours)):
            continue
        joined = joined or replace(best, rows=dict(best.rows), labels=dict(best.labels),
                                   row_sheets=dict(best.row_sheets))
        joined.rows.update(new)
        joined.labels.update({k: h.labels.get(k, "") for k in new})
        joined.row_sheets.update({k: h.sheet for k in new})
        missing -= set(new)
    if joined is None:
        return best
    joined.missing_rows = _missing_rows(best.table, joined.rows)
    return joined


def _locate_grid_cached(table: Table, st: SheetText, lo: int, hi: int) -> LocatedTable | None:
    """A grid table depends on the labels only: found once per layout (callers never mutate it)."""
    key = (id(table), lo, hi)
    if key not in st.labels.grids:
        st.labels.grids[key] = _locate_grid(table, st, lo, hi)
    return st.labels.grids[key]


def _locate_row(table: Table, st: SheetText, lo: int, hi: int) -> LocatedTable | None:
    """Table 3: one row of numbers under two or three rows of column headers."""
    key = (id(table), lo, hi)
    if key not in st.labels.grids:
        st.labels.grids[key] = _row_headers(table, st, lo, hi)
    head = st.labels.grids[key]
    if head is None:
        return None
    leaf_row = head.anchor[0] + head.rows.get("", 0)
    # the data row: the first row below the headers with anything in the table's columns
    data_row = leaf_row + 1
    sheet = st.sheet
    for r in range(leaf_row + 1, min(hi, leaf_row + 4)):
        if any(sheet.value(r, c) not in ("", None) or (r, c) in sheet.formulas for c in head.columns.values()):
            data_row = r
            break
    only = table.rows[0]
    return LocatedTable(table=table, sheet=head.sheet, rows={only.key: data_row}, columns=head.columns,
                        units=head.units, labels={only.key: ""}, missing_columns=head.missing_columns,
                        anchor=head.anchor)


def _row_headers(table: Table, st: SheetText, lo: int, hi: int) -> LocatedTable | None:
    """Table 3's columns from its header rows: a pure function of the labels, found once per layout."""
    leaves = {v for c in table.columns for v in _variants(c.label, c.aliases)}
    leaf_rows: dict[int, int] = {}
    for (r, _c), t in st.cells.items():
        if lo <= r < hi and core(t) in leaves:
            leaf_rows[r] = leaf_rows.get(r, 0) + 1
    if not leaf_rows:
        return None
    leaf_row = max(leaf_rows, key=lambda r: (leaf_rows[r], -r))
    if leaf_rows[leaf_row] < 3:
        return None
    col_lo = min(c for (r, c), t in st.cells.items() if leaf_row - 2 <= r <= leaf_row and core(t) in leaves)
    top = leaf_row
    for r in range(leaf_row - 1, max(lo, leaf_row - 4) - 1, -1):
        if any(c >= col_lo for c in st.by_row.get(r, ())):
            top = r
        else:
            break
    paths = _header_paths(st, top, leaf_row, col_lo)
    head = LocatedTable(table=table, sheet=st.sheet.name, anchor=(top, col_lo))
    head.columns, head.units = _match_columns(table, paths)
    head.rows[""] = leaf_row - top  # where the leaf header row is, relative to the anchor
    head.missing_columns = [c for c in table.columns if c.key not in head.columns]
    return head


def _section_bounds(form: Form, st: SheetText) -> dict[str, tuple[int, int]]:
    """Rows [start, end) per section whose title appears on this sheet (computed once per sheet)."""
    if form.version not in st.bounds:
        st.bounds[form.version] = _find_sections(form, st)
    return st.bounds[form.version]


def _find_sections(form: Form, st: SheetText) -> dict[str, tuple[int, int]]:
    titles = [(sec.key, core(t)) for sec in form.sections for t in (sec.title, *sec.title_aliases)]
    starts: dict[str, int] = {}
    for (r, _c), t in sorted(st.cells.items()):
        ct = core(t)
        for key, title in titles:
            if key not in starts and title in ct and len(ct) <= len(title) + 16:
                starts[key] = r
    order = sorted(starts.items(), key=lambda kv: kv[1])
    bounds = {}
    for n, (key, r) in enumerate(order):
        end = order[n + 1][1] if n + 1 < len(order) else st.sheet.n_rows
        bounds[key] = (r, end)
    return bounds


def locate_tables(book: Book, form: Form, texts: list[SheetText] | None = None) -> tuple[dict, dict]:
    """Locate every table of `form` in the book: (found by key, ignored duplicates by key)."""
    texts = texts if texts is not None else _texts(book)
    found: dict[str, LocatedTable] = {}
    dups: dict[str, LocatedTable] = {}
    sheets = {st.sheet.name: st.sheet for st in texts}
    for table in form.tables:
        hits: list[LocatedTable] = []
        for st in texts:
            bounds = _section_bounds(form, st)
            lo, hi = bounds.get(table.section, (0, st.sheet.n_rows))
            locate = _locate_grid_cached if table.layout == "grid" else _locate_row
            loc = locate(table, st, lo, hi)
            if loc is None and table.section in bounds:
                loc = locate(table, st, 0, st.sheet.n_rows)
            if loc is not None:
                hits.append(loc)
        if not hits:
            continue
        # a hidden or blank copy of the template beside the filled table must not win a tie
        if len(hits) > 1:
            hits.sort(key=lambda h: (h.score, _filled(sheets[h.sheet], h), not sheets[h.sheet].hidden),
                      reverse=True)
        best = hits[0]
        if best.missing_rows and table.layout == "grid" and len(hits) > 1:
            best = _join_pages(best, hits, [st.sheet.name for st in texts])
        found[table.key] = best
        others = [h for h in hits[1:] if h.score >= best.score * 0.8 and _filled(sheets[h.sheet], h)
                  and h.sheet not in best.row_sheets.values()]
        if others:
            dups[table.key] = others[0]
    return found, dups


def _filled(sheet: Sheet, t: LocatedTable) -> int:
    """How many of the table's number cells hold anything."""
    return sum(1 for r in t.rows.values() for c in t.columns.values()
               if sheet.value(r, c) not in ("", None) or (r, c) in sheet.formulas)


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
        found, dups = locate_tables(book, form, texts)
        _mixed_versions(book, form, texts, hits, found)
    else:
        found, dups = locate_tables(book, form, texts)
    return Location(form=form, tables=found, duplicates=dups, agency=agency, year=year, form_reason=reason)


def _mixed_versions(book: Book, form: Form, texts: list[SheetText], hits: dict[str, int],
                    found: dict[str, LocatedTable]) -> None:
    """A workbook that prints labels of two versions (a 2021 table 2 under an old 2019 table 1): each
    table is read with the version whose rows and columns it matches best."""
    keys = {t.key for t in form.tables}
    for other in all_forms():
        if other is form or not hits.get(other.version):
            continue
        alt, _ = locate_tables(book, other, texts)
        for key, loc in alt.items():
            if key in keys and (key not in found or loc.score > found[key].score):
                found[key] = loc
