"""Writing report workbooks: the blank template and sample workbooks in the layouts met in real reports.

Every table label comes from the Form; this module only knows how the national format draws a table
(table 1 as 第二十条 blocks, table 2 with three label columns, table 3 as one row under a stacked header)
and the habits of clerks who retype it (`_VARIANTS`), which the checker has to survive.

Over 400 lines: every layout met in real reports (national, transposed, split, paged) is one Layout
option of the same writer, so that tests can build any of them from the same values.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from govreport.forms import Form, Row, Table
from govreport.messages import render
from govreport.read.model import a1, col_letter

Key = tuple[str, str, str]


class Layout(NamedTuple):
    """Where and how the tables are drawn; the defaults follow the national format on one sheet."""

    one_sheet: bool = True  # all tables on one sheet, else one sheet per section
    sheet_names: tuple[str, ...] = ()  # () = "年报" for one sheet, else the sections' short names
    title_rows: int = 1  # report title line(s) above the tables; 0 = none
    top_offset: int = 0  # extra empty rows above
    left_offset: int = 0  # tables start at this 0-based column
    spacer_col: bool = False  # an empty column between the labels and the numbers
    merged_labels: bool = True  # label and header cells merged as in the national format
    label_variants: bool = False  # labels retyped the ways clerks do (see _VARIANTS)
    variant_set: int = 0  # which of the two variant sets (they exclude each other: 部分公开 short or spaced)
    other_single_row: bool = False  # the last group of the column sum as one row (2021 form, 2019 （六）)
    formulas: bool = False  # total cells as =SUM(...) over exactly the relation's parts
    section_titles: bool = True  # "二、主动公开政府信息情况" rows above the tables
    seed_style: bool = False  # the seed report's quirks (merged group+item cell, stray fragment, ...)


NATIONAL = Layout()  # the national format on one sheet


# Clerks' retyping habits (FORM.md "Variants met in real reports"), as (pattern, replacement, variant sets).
# Applied to table labels and headers, never to section titles. Order matters: longer phrases first.
_VARIANTS: tuple[tuple[str, str, tuple[int, ...]], ...] = (
    (r"（区分处理的，只计这一情形，不计其他情形）", "", (1,)),
    (r"只计这一情形", "只计这一情 形", (0,)),
    (r"申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "逾期不补正", (1,)),
    (r"申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "逾期不缴费", (1,)),
    (r"其他法律行政法规禁止公开", "其他法律法规禁止公开", (0, 1)),
    (r"社会公益组织", "社会公益 组织", (0,)),
    (r"社会公益组织", "社会公益\n组织", (1,)),
    (r"本年度办理结果", "本年度办\n理结果", (0,)),
    (r"^行政复议$", "行政法复议", (0,)),
    (r"[“”]", '"', (0,)),
    (r"[“”]", "", (1,)),
    (r"（", "(", (0,)),
    (r"）", ")", (0,)),
)
# Item numbering per group (by group order) in each variant set: "1、", "1．", none, "1.".
_ITEM_NUMBERING = {0: ("、",), 1: ("．", "", ".", ".")}
# A header leaf typed over two rows ("商业企" / "业"): variant set 0 only.
_SPLIT_HEADERS = {"商业企业": ("商业企", "业")}
# The seed report's own wording (docs/seed-report.txt).
_SEED = ((r"^（([一二三四五六七八九十]+)）", r"(\1) "), (r"其他法律行政法规禁止公开", "其他法律法规禁止公开"))
_SEED_FRAGMENT = "公开"  # the wrapped tail of "(三) 不予公开" that landed in a cell of its own
_TOP_LEVEL = re.compile(r"^[一二三四五六七八九十]+、")  # 一、 二、 … rows stand outside 三、's span
_INFO_HEADER = "信息内容"  # the national format's table 1 corner header; the Form has no label for it


def _variant(text: str, lay: Layout) -> str:
    if lay.seed_style:
        for pat, rep in _SEED:
            text = re.sub(pat, rep, text)
    if lay.label_variants:
        for pat, rep, sets in _VARIANTS:
            if lay.variant_set in sets:
                text = re.sub(pat, rep, text)
    return text


def _item_label(row: Row, group_index: int, lay: Layout) -> str:
    text = _variant(row.label, lay)
    if lay.label_variants:
        styles = _ITEM_NUMBERING[lay.variant_set % 2]
        sep = styles[group_index % len(styles)]
        # No separator means no number at all ("本机关不掌握相关政府信息"), not a bare "1本机关…".
        text = re.sub(r"^(\d+)\.", lambda m: m.group(1) + sep if sep else "", text)
    return text


def numeric_rows(table: Table, collapsed: str | None = None) -> tuple[Row, ...]:
    """Rows that carry numbers: data rows, and a group in place of its items when it has none (or is collapsed)."""
    out = []
    for row in table.rows:
        if row.parent is not None and row.parent == collapsed:
            continue
        if row.kind == "data" or (row.kind == "group" and (row.key == collapsed or not table.items(row.key))):
            out.append(row)
    return tuple(out)


def collapsed_group(table: Table) -> str | None:
    """The group a 2021 workbook may print as one row: the last part of the column sum, when it is a group."""
    for rel in table.relations:
        if rel.kind == "sum" and rel.each == "column" and rel.parts and not rel.own_rows:
            last = table.row(rel.parts[-1])
            if last.kind == "group" and table.items(last.key):
                return last.key
    return None


class _Writer:
    """Draws tables onto openpyxl worksheets and remembers where each numeric cell went."""

    def __init__(self, form: Form, values: Mapping[Key, object], lay: Layout) -> None:
        from openpyxl.styles import (  # deferred: openpyxl is heavy: loaded only when a workbook is written
            Alignment,
            Border,
            Font,
            Side,
        )

        self.form, self.values, self.lay = form, values, lay
        side = Side(style="thin")
        self.border = Border(left=side, right=side, top=side, bottom=side)
        self.bold = Font(bold=True)
        self.title_font = Font(bold=True, size=14)
        self.center = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.left = Alignment(horizontal="left", vertical="center", wrap_text=True)
        self.where: dict[Key, str] = {}
        self.lc = lay.left_offset
        self.nc = self.lc + 3 + (1 if lay.spacer_col else 0)  # first number column of tables 1 and 2

    # ------------------------------------------------------------------ cells
    def put(self, ws: Any, r: int, c: int, value: object, *, label: bool = False, bold: bool = False) -> None:
        cell = ws.cell(row=r + 1, column=c + 1, value=value)
        cell.alignment = self.left if label else self.center
        if bold:
            cell.font = self.bold

    def merge(self, ws: Any, r1: int, c1: int, r2: int, c2: int) -> None:
        if self.lay.merged_labels and (r2 > r1 or c2 > c1):
            ws.merge_cells(start_row=r1 + 1, start_column=c1 + 1, end_row=r2 + 1, end_column=c2 + 1)

    def box(self, ws: Any, r1: int, c1: int, r2: int, c2: int) -> None:
        spacer = self.nc - 1 if self.lay.spacer_col else -1
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                if c != spacer:
                    ws.cell(row=r + 1, column=c + 1).border = self.border

    # ------------------------------------------------------------------ tables
    def width(self, table: Table) -> int:
        """Last column a table uses (0-based)."""
        if table.layout == "row":
            return self.lc + len(table.columns) - 1
        return self.nc + len(table.columns) - 1

    def block(self, ws: Any, r: int, table: Table) -> int:
        """Table 1 block: heading row, 信息内容 header row, data rows. Returns the next free row."""
        last = self.width(table)
        r0 = r
        self.put(ws, r, self.lc, table.heading, label=True, bold=True)
        self.merge(ws, r, self.lc, r, last)
        r += 1
        self.put(ws, r, self.lc, _INFO_HEADER, bold=True)
        self.merge(ws, r, self.lc, r, self.nc - 1 - (1 if self.lay.spacer_col else 0))
        for j, col in enumerate(table.columns):
            text = _variant(col.label, self.lay)
            if col.unit:
                text += render(
                    "template-unit-decimals" if self.lay.seed_style else "template-unit", unit=col.unit
                )
            self.put(ws, r, self.nc + j, text, bold=True)
        r += 1
        row_at, col_at = {}, {c.key: self.nc + j for j, c in enumerate(table.columns)}
        for row in numeric_rows(table):
            self.put(ws, r, self.lc, _variant(row.label, self.lay), label=True)
            self.merge(ws, r, self.lc, r, self.nc - 1 - (1 if self.lay.spacer_col else 0))
            row_at[row.key] = r
            r += 1
        self.box(ws, r0, self.lc, r - 1, last)
        self.numbers(ws, table, row_at, col_at, None)
        return r

    def header(self, ws: Any, r0: int, c0: int, table: Table) -> int:
        """Stacked column header from the columns' groups; returns the number of header rows."""
        cols = table.columns
        depth = max(len(c.group) for c in cols)
        splits = {
            j: _SPLIT_HEADERS[c.label]
            for j, c in enumerate(cols)
            if self.lay.label_variants and self.lay.variant_set == 0 and c.label in _SPLIT_HEADERS
        }
        extra = 1 if splits else 0
        local: dict[str, int] = {}
        for c in cols:
            top = c.group[0] if c.group else ""
            local[top] = max(local.get(top, 0), len(c.group))
        for level in range(depth):
            j = 0
            while j < len(cols):
                g = cols[j].group
                if len(g) <= level:
                    j += 1
                    continue
                k = j
                while k + 1 < len(cols) and cols[k + 1].group[: level + 1] == g[: level + 1]:
                    k += 1
                run = cols[j : k + 1]
                # A group whose columns all end here and are as deep as their siblings reaches down to
                # the leaf row (行政复议 over two rows); otherwise it stays on its level (申请人情况).
                down = all(len(c.group) == level + 1 == local[c.group[0]] for c in run)
                end = r0 + depth - 1 if down else r0 + level
                self.put(ws, r0 + level, c0 + j, _variant(g[level], self.lay), bold=True)
                self.merge(ws, r0 + level, c0 + j, end, c0 + k)
                j = k + 1
        leaf = r0 + depth
        for j, c in enumerate(cols):
            top = c.group[0] if c.group else ""
            # A leaf shallower than its siblings climbs up under its group (自然人, 总计 merged down).
            start = r0 + len(c.group) if len(c.group) < local[top] else leaf
            if j in splits:
                self.put(ws, leaf, c0 + j, splits[j][0], bold=True)
                self.put(ws, leaf + 1, c0 + j, splits[j][1], bold=True)
                continue
            self.put(ws, start, c0 + j, _variant(c.label, self.lay), bold=True)
            self.merge(ws, start, c0 + j, leaf + extra, c0 + j)
        return depth + 1 + extra

    def grid(self, ws: Any, r: int, table: Table) -> int:
        """Table 2: note corner, stacked header, three label columns. Returns the next free row."""
        lay, lc = self.lay, self.lc
        hrows = self.header(ws, r, self.nc, table)
        if table.note:
            note = f"({table.note})" if lay.seed_style else f"（{table.note}）"
            self.put(ws, r, lc, note, label=True)
            self.merge(ws, r, lc, r + hrows - 1, lc + 2)
        r0, r = r, r + hrows
        collapsed = collapsed_group(table) if lay.other_single_row else None
        groups = [
            g.key for g in table.rows if g.kind == "group" and table.items(g.key) and g.key != collapsed
        ]
        row_at: dict[str, int] = {}
        span: Row | None = None  # the open 三、本年度办理结果 label and where it started
        span_start = 0
        group_start: dict[str, int] = {}
        for row in table.rows:
            if row.kind == "label":
                span, span_start = row, r
                continue
            if span is not None and _TOP_LEVEL.match(row.label):
                self.close_span(ws, span, span_start, r - 1)
                span = None
            if row not in numeric_rows(table, collapsed):
                continue
            row_at[row.key] = r
            if span is None:
                self.put(ws, r, lc, _variant(row.label, lay), label=True)
                self.merge(ws, r, lc, r, lc + 2)
            elif row.parent is None:
                self.put(ws, r, lc + 1, _variant(row.label, lay), label=True)
                self.merge(ws, r, lc + 1, r, lc + 2)
            else:
                gi = groups.index(row.parent)
                first = row.parent not in group_start
                group_start.setdefault(row.parent, r)
                text = _item_label(row, gi, lay)
                if lay.seed_style and gi == 0 and first:
                    # The seed prints "(三) 不予公开 1.属于国家秘密" in one cell and "公开" below it.
                    glabel = _variant(table.row(row.parent).label, lay)
                    self.put(ws, r, lc + 1, f"{glabel} {text}", label=True)
                    self.merge(ws, r, lc + 1, r, lc + 2)
                elif lay.seed_style and gi == 0 and group_start[row.parent] == r - 1:
                    self.put(ws, r, lc + 1, _SEED_FRAGMENT, label=True)
                    self.put(ws, r, lc + 2, text, label=True)
                else:
                    self.put(ws, r, lc + 2, text, label=True)
            r += 1
        if span is not None:
            self.close_span(ws, span, span_start, r - 1)
        for gi, g in enumerate(groups):
            if lay.seed_style and gi == 0 or g not in group_start:
                continue
            items = [row_at[i.key] for i in table.items(g)]
            self.put(ws, items[0], lc + 1, _variant(table.row(g).label, lay), label=True)
            self.merge(ws, items[0], lc + 1, items[-1], lc + 1)
        self.box(ws, r0, lc, r - 1, self.width(table))
        col_at = {c.key: self.nc + j for j, c in enumerate(table.columns)}
        self.numbers(ws, table, row_at, col_at, collapsed)
        return r

    def close_span(self, ws: Any, span: Row, r1: int, r2: int) -> None:
        self.put(ws, r1, self.lc, _variant(span.label, self.lay), label=True)
        self.merge(ws, r1, self.lc, r2, self.lc)

    def row_table(self, ws: Any, r: int, table: Table) -> int:
        """Table 3: stacked header over one data row. Returns the next free row."""
        hrows = self.header(ws, r, self.lc, table)
        row_at = {row.key: r + hrows for row in numeric_rows(table)}
        col_at = {c.key: self.lc + j for j, c in enumerate(table.columns)}
        self.box(ws, r, self.lc, r + hrows + len(row_at) - 1, self.width(table))
        self.numbers(ws, table, row_at, col_at, None)
        return r + hrows + len(row_at)

    # ------------------------------------------------------------------ numbers
    def numbers(
        self, ws: Any, table: Table, row_at: dict[str, int], col_at: dict[str, int], collapsed: str | None
    ) -> None:
        for rk, r in row_at.items():
            for ck, c in col_at.items():
                key = (table.key, rk, ck)
                self.where[key] = f"{ws.title}!{a1(r, c)}"
                value = self.values.get(key)
                if value is None and rk == collapsed:
                    value = _sum_items(self.values, table, rk, ck)
                if self.lay.formulas:
                    value = _formula(table, rk, ck, row_at, col_at, collapsed) or value
                if value is not None:
                    self.put(ws, r, c, value)


def _sum_items(values: Mapping[Key, object], table: Table, group: str, ck: str) -> object:
    # A collapsed group prints the sum of its items' values, so sample data for the full form still fits.
    parts = [values.get((table.key, i.key, ck)) for i in table.items(group)]
    if parts and all(isinstance(v, int | Decimal) and not isinstance(v, bool) for v in parts):
        return sum(parts)  # type: ignore[arg-type]
    return None


def _formula(
    table: Table, rk: str, ck: str, row_at: dict[str, int], col_at: dict[str, int], collapsed: str | None
) -> str | None:
    """=SUM(...) over exactly the parts of the sum relation whose total this cell is (rows first)."""
    for rel in table.relations:
        if rel.kind != "sum" or rel.own_rows:  # a template has no subtotal rows
            continue
        if rel.each == "row" and rel.total == ck:
            cells = sorted((row_at[rk], col_at[p]) for p in rel.parts)
        elif rel.each == "column" and rel.total == rk:
            keys = [k for p in rel.parts for k in _expand(table, p, collapsed)]
            cells = sorted((row_at[k], col_at[ck]) for k in keys)
        else:
            continue
        return "=SUM(" + ",".join(_ranges(cells)) + ")"
    return None


def _expand(table: Table, key: str, collapsed: str | None) -> list[str]:
    items = table.items(key)
    return [key] if not items or key == collapsed else [i.key for i in items]


def _ranges(cells: list[tuple[int, int]]) -> list[str]:
    """Contiguous runs of cells in one row or one column as A1 ranges ("D8:I8")."""
    out: list[str] = []
    start = prev = cells[0]
    for cell in cells[1:] + [(-9, -9)]:
        if cell == (prev[0], prev[1] + 1) or cell == (prev[0] + 1, prev[1]):
            prev = cell
            continue
        out.append(a1(*start) if start == prev else f"{a1(*start)}:{a1(*prev)}")
        start = prev = cell
    return out


def _sheet_plan(form: Form, lay: Layout) -> list[tuple[str, list[Table]]]:
    if lay.one_sheet:
        return [((lay.sheet_names or ("年报",))[0], list(form.tables))]
    names = list(lay.sheet_names) + [s.short for s in form.sections][len(lay.sheet_names) :]
    return [(names[i], [t for t in form.tables if t.section == s.key]) for i, s in enumerate(form.sections)]


def write_report(
    path: str | Path,
    form: Form,
    values: Mapping[Key, object] | None = None,
    *,
    layout: Layout = NATIONAL,
    agency: str | None = None,
    year: int | None = None,
) -> dict[Key, str]:
    """Write the report tables of `form` to a new .xlsx; returns (table, row, column) -> "Sheet!A1" of every numeric cell."""
    from openpyxl import Workbook  # deferred: openpyxl is heavy: loaded only when a workbook is written

    lay = layout
    w = _Writer(form, values or {}, lay)
    wb = Workbook()
    wb.remove(wb.active)
    for n, (name, tables) in enumerate(_sheet_plan(form, lay)):
        ws = wb.create_sheet(name)
        last = max([w.width(t) for t in tables] + [w.nc])
        r = lay.top_offset
        if n == 0 and lay.title_rows > 0:
            title = render("template-title", agency=agency or "________", year=year or form.first_year)
            lines = [title] + [render("template-agency", agency=agency or "________")] * (lay.title_rows - 1)
            for line in lines:
                ws.cell(row=r + 1, column=w.lc + 1, value=line).font = w.title_font
                ws.cell(row=r + 1, column=w.lc + 1).alignment = w.center
                w.merge(ws, r, w.lc, r, last)
                r += 1
            r += 1
        section = None
        for table in tables:
            if table.section != section:
                if section is not None:
                    r += 1
                section = table.section
                if lay.section_titles:
                    s = form.section(section)
                    w.put(ws, r, w.lc, f"{s.number}、{s.title}", label=True, bold=True)
                    r += 1
            if table.heading is not None:
                r = w.block(ws, r, table)
            elif table.layout == "row":
                r = w.row_table(ws, r, table)
            else:
                r = w.grid(ws, r, table)
        _columns_and_print(ws, w, last, any(t.layout != "row" for t in tables))
    wb.save(path)
    return w.where


def _columns_and_print(ws: Any, w: _Writer, last: int, labels: bool) -> None:
    # Labels wide and wrapped, numbers narrow; landscape A4 fit to one page wide so the blank prints.
    from openpyxl.worksheet.properties import PageSetupProperties

    widths = {w.lc: 14, w.lc + 1: 18, w.lc + 2: 40} if labels else {}
    if labels and w.lay.spacer_col:
        widths[w.nc - 1] = 3
    for c in range(w.lc, last + 1):
        ws.column_dimensions[col_letter(c)].width = widths.get(c, 11)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
