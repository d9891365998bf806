"""Reading the labels of a sheet and matching them to the form's rows and column headers.

Per sheet, the text cells are normalised once (merged labels spread over the cells they cover). A sheet
row gets the form rows its label texts could be (exact, contained, or near for typos, only where needed);
the heaviest chain of rows in the form's own order is the table, so a header cell 总计 or a repeated group
label cannot pull it apart. Columns are matched on the header texts read top-down per sheet column.
"""

from __future__ import annotations

import re
from functools import lru_cache

from govreport.forms import Column, Table
from govreport.locate.identify import title_of
from govreport.locate.labels import core, label_texts, label_variants, match_score, normalize, unit_of
from govreport.locate.model import Labels, SheetText
from govreport.memo import Memo
from govreport.read.model import Sheet

_MAX_GAP = 6  # unmatched rows allowed inside one grid table (blank rows, page-split headers)
_MERGE_BUDGET = 200_000
_NOT_LABEL = re.compile(
    r"^[-+]?[\d.,]*\d[\d.,]*(件|个|项|笔|次|条|宗|家|人|元|万元)?$|^[-—–/\\×x无空]+$|^不适用$|^n/a$"
)


# ~50 KB each with what is found in them: a worker checking 10,000 workbooks of many layouts stays small
_MAX_LAYOUTS = 256
_LABELS: Memo[tuple, Labels] = Memo("locate.labels", _MAX_LAYOUTS)


def sheet_text(sheet: Sheet) -> SheetText:
    """The sheet's labels, computed once per distinct layout."""
    texts = tuple(
        [(r, c, v) for r, row in enumerate(sheet.rows) for c, v in enumerate(row) if v and v.__class__ is str]
    )
    # a title is only a position to the labels (whose report it is does not change them): one Labels
    # for every agency's copy of a template
    is_title = _is_title
    key = (
        sheet.name,
        tuple([(r, c, None) if is_title(v) else (r, c, v) for r, c, v in texts]),
        tuple(sheet.merged),
        sheet.hidden_rows,  # the tables found from the labels (Labels.grids) depend on them too
        sheet.hidden_cols,  # and on the hidden columns (a header repeated on one)
    )
    labels = _LABELS.get(key)
    if labels is None:
        labels = _LABELS.put(key, _labels(texts, sheet.merged))
    return SheetText(sheet, labels)


def _labels(texts: tuple[tuple[int, int, str], ...], merged: list[tuple[int, int, int, int]]) -> Labels:
    """Normalise every label-like text cell once; spread merged labels over their cells."""
    cells: dict[tuple[int, int], str] = {}
    titles: list[tuple[int, int]] = []
    for r, c, v in texts:
        t = _label(v)
        if t:
            if _is_title(v):
                titles.append((r, c))
            else:
                cells[(r, c)] = t
    spread = False
    budget = _MERGE_BUDGET  # hostile files merge huge areas; a real report spreads a few hundred cells
    for r1, c1, r2, c2 in merged:
        label = cells.get((r1, c1))
        area = (r2 - r1 + 1) * (c2 - c1 + 1)
        if label is None or area > 5000 or area > budget:
            continue
        budget -= area
        spread = True
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                cells.setdefault((r, c), label)
    by_row: dict[int, list[int]] = {}
    # the text cells come row by row, left to right: only spread labels need sorting in
    for r, c in sorted(cells) if spread else cells:
        by_row.setdefault(r, []).append(c)
    return Labels(cells, by_row, titles)


@lru_cache(maxsize=65536)
def _is_title(text: str) -> bool:
    return title_of(text) is not None


@lru_cache(maxsize=65536)
def _label(text: str) -> str | None:
    """A text cell's normalised label; None for a number, unit or placeholder written as text."""
    if not text.strip():
        return None
    t = normalize(text)
    return t if t and not _NOT_LABEL.match(t) else None


# ----------------------------------------------------------------------------- label matching


def row_texts(st: SheetText, r: int) -> tuple[str, ...]:
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
_MEMO_LIMIT = 50_000
_CANDIDATES: Memo[tuple[int, tuple[str, ...], str | None, bool], list[tuple[int, int]]] = Memo(
    "locate.row_candidates", _MEMO_LIMIT
)
_GROUPS: Memo[tuple[int, tuple[str, ...]], str | None] = Memo("locate.groups_in", _MEMO_LIMIT)


def row_candidates(
    table: Table, texts: tuple[str, ...], group: str | None, fuzzy: bool
) -> list[tuple[int, int]]:
    """(form row index, weight) pairs that a sheet row with these label texts could be."""
    key = (id(table), texts, group, fuzzy)
    hit = _CANDIDATES.get(key)
    if hit is None:
        hit = _CANDIDATES.put(key, _row_candidates_uncached(table, texts, group, fuzzy))
    return hit


def _row_candidates_uncached(
    table: Table, texts: tuple[str, ...], group: str | None, fuzzy: bool
) -> list[tuple[int, int]]:
    cores = label_texts(tuple(core(t) for t in texts))
    out = []
    for i, row in enumerate(table.rows):
        variants = label_variants(row.label, row.aliases)
        if not variants:
            continue
        s = match_score(cores, variants, fuzzy)
        if s == 0:
            continue
        short = max(len(v) for v in variants) < 4
        if row.parent and row.parent != group and (short or s < 2):
            continue  # "3.其他" is only (六)'s item inside (六)
        # items beat groups and data rows beat label rows when one sheet row names both
        weight = s * 10 + (4 if row.parent else 0) + (2 if row.kind == "data" else 0)
        out.append((i, weight))
    # a group label beside one of its items ("（四）无法提供 | 1.本机关不掌握"): the row is the item, even
    # when the item matched less exactly than its group
    parents = {table.rows[i].parent for i, _w in out}
    return [(i, w) for i, w in out if table.rows[i].key not in parents]


_LABEL_AT: Memo[tuple, int] = Memo("locate.label_column", _MEMO_LIMIT)


def label_column(table: Table, st: SheetText, r: int, i: int) -> int:
    """The sheet column of the cell that names form row i on sheet row r (its leftmost text cell if none
    does alone): blocks printed side by side share sheet rows, and each keeps the columns right of its label."""
    cols = st.by_row[r]
    cells = st.cells
    key = (id(table), i, tuple([cells[(r, c)] for c in cols]))  # the answer is a position among the texts
    at = _LABEL_AT.get(key)
    if at is None:
        variants = label_variants(table.rows[i].label, table.rows[i].aliases)
        at = next(
            (
                k
                for k, text in enumerate(key[2])
                if match_score(label_texts(tuple(core(t) for t in _split_items(text))), variants) > 0
            ),
            0,
        )
        _LABEL_AT.put(key, at)
    return cols[at]


def groups_in(table: Table, texts: tuple[str, ...]) -> str | None:
    key = (id(table), texts)
    if key not in _GROUPS:
        _GROUPS.put(key, _groups_in_uncached(table, texts))
    return _GROUPS[key]


def _groups_in_uncached(table: Table, texts: tuple[str, ...]) -> str | None:
    cores = label_texts(tuple(core(t) for t in texts))
    named = [
        r.key
        for r in table.rows
        if r.kind == "group" and match_score(cores, label_variants(r.label, r.aliases)) >= 2
    ]
    return named[-1] if named else None  # the last group the texts name


_CHAINS: Memo[tuple, list[tuple[int, int]]] = Memo("locate.chains", _MEMO_LIMIT // 10)


def best_chain(cands: list[tuple[int, list[tuple[int, int]]]]) -> list[tuple[int, int]]:
    """Heaviest chain of (sheet row, form row) with both strictly increasing (a weighted LIS).

    Remembered by the candidates' rows relative to the first: a table moved down by a title row, or
    with one label worded differently elsewhere, has the same chain."""
    if not cands:
        return []
    base = cands[0][0]
    key = tuple([(r - base, tuple(lst)) for r, lst in cands])
    hit = _CHAINS.get(key)
    if hit is None:
        hit = _CHAINS.put(key, [(r - base, i) for r, i in _best_chain(cands)])
    return [(r + base, i) for r, i in hit]


def _best_chain(cands: list[tuple[int, list[tuple[int, int]]]]) -> list[tuple[int, int]]:
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

_COLUMNS: Memo[tuple, tuple[dict[str, int], dict[str, str | None]]] = Memo(
    "locate.columns", _MEMO_LIMIT // 10
)


def header_columns(
    table: Table, st: SheetText, top: int, bottom: int, col_lo: int
) -> tuple[dict[str, int], dict[str, str | None]]:
    """match_columns(table, header_paths(...)), remembered by the header's texts with rows relative to
    its top: every agency's copy of a template has the same header, whatever its title or row offset.
    Hidden columns break a tie between repeated headers (see match_columns): part of what is read."""
    cells, by_row = st.cells, st.by_row
    hidden = st.sheet.hidden_cols
    if hidden:
        hidden = frozenset(c for c in hidden if c >= col_lo)
    key = (
        id(table),
        bottom - top,
        tuple(
            [
                (r - top, c, cells[(r, c)])
                for r in range(top, bottom + 1)
                for c in by_row.get(r, ())
                if c >= col_lo
            ]
        ),
        hidden,
    )
    hit = _COLUMNS.get(key)
    if hit is None:
        hit = _COLUMNS.put(key, match_columns(table, header_paths(st, top, bottom, col_lo), hidden))
    return dict(hit[0]), dict(hit[1])  # callers own theirs


def header_paths(st: SheetText, top: int, bottom: int, col_lo: int) -> dict[int, list[str]]:
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


def match_columns(
    table: Table, paths: dict[int, list[str]], hidden: frozenset[int] = frozenset()
) -> tuple[dict[str, int], dict[str, str | None]]:
    """Sheet column per column of the table, from each sheet column's header texts. A header repeated on a
    hidden column (last year's figures kept beside this year's) loses to the visible one; a hidden column
    that is the only one still counts."""
    # a header merged over several sheet columns is spread over them: one column of the table, at its left
    # (its leftmost visible column: a hidden column repeating the header beside it holds last year's figures)
    paths = {c: p for c, p in paths.items() if not p or paths.get(c - 1) != p or c - 1 in hidden}
    if hidden:
        paths = {c: p for c, p in paths.items() if c not in hidden or not p or paths.get(c + 1) != p}
    joined = {c: "".join(core(t) for t in p) for c, p in paths.items()}
    # groups are read from the whole header text: 行政诉讼（复议后起诉） names its group in brackets, which
    # core() drops as a note
    full = {c: "".join(p) for c, p in paths.items()}
    taken: dict[int, str] = {}
    found: dict[str, int] = {}
    units: dict[str, str | None] = {}
    leaf_groups: dict[tuple[str, ...], list[Column]] = {}
    for col in table.columns:
        leaf_groups.setdefault(label_variants(col.label, col.aliases), []).append(col)
    for variants, cols in leaf_groups.items():
        hits = [c for c, j in joined.items() if c not in taken and any(j.endswith(v) for v in variants)]
        if len(cols) == 1 and hits:
            ranked = sorted(hits, key=lambda c: (-_group_fit(table, cols[0], full[c]), c in hidden, c))
            found[cols[0].key], taken[ranked[0]] = ranked[0], cols[0].key
            continue
        # the same leaf under several groups (table 3's 结果维持 ×3): groups first, else left to right
        pending = list(cols)
        for col in cols:
            fits = [c for c in hits if _group_fit(table, col, full[c]) == len(col.group) and c not in taken]
            fits.sort(key=lambda c: c in hidden)  # stable: left to right, the visible ones first
            if col.group and fits:
                found[col.key], taken[fits[0]] = fits[0], col.key
                pending.remove(col)
        rest = [c for c in hits if c not in taken]
        if hidden and len(rest) > len(pending):  # more repeated headers than columns: the visible ones
            rest = sorted(sorted(rest, key=lambda c: c in hidden)[: len(pending)])
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
