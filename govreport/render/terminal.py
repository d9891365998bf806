"""The terminal view of check results: each table as a grid, then the findings in Chinese.

Every colour has a text mark too (12→10, 空, ?, *, ×), so nothing is lost with NO_COLOR or in a pipe.

Over 400 lines: the table grid, the findings and fill's change list share one console and one style
table; grouped finding lines are in render/grouping.py.
"""

from __future__ import annotations

import os
import re
from typing import Any

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from govreport.findings import FileReport
from govreport.messages import render
from govreport.read.cellnames import person_refs, table_title
from govreport.read.model import DOCUMENT_FORMATS
from govreport.render.grouping import (
    STATUS_TEXT,
    col_name,
    correction_line,
    group_blanks,
    num,
    row_short,
    span,
)

STATUS_STYLE = {"ok": "green", "warnings": "yellow", "errors": "red", "unreadable": "red"}
# cell status -> style; the marks are added in _cell_text
CELL_STYLE = {
    "wrong": "bold white on red",
    "suspect": "bold red",
    "invalid": "bold red",
    "blank": "dim yellow",
    "warning": "yellow",
    "ok": "",
    "filled": "bold green",
    "normalized": "cyan",
    "corrected": "bold magenta",
    "needs-review": "bold yellow",
}
LEGEND = render("term-legend")


def _cell_text(info: Any, change: Any = None) -> Text:
    v = info.value
    if change is not None:
        old = num(change.old) if change.old not in (None, "") else render("term-blank")
        return Text(f"{old}→{num(change.new)}", style=CELL_STYLE.get(change.kind, ""))
    if info.status == "wrong":
        exp = num(info.expected) if info.expected is not None else "?"
        return Text(f"{num(info.number)}→{exp}", style=CELL_STYLE["wrong"])
    if info.status == "blank":
        blank = render("term-blank")
        shown = blank if info.expected is None else f"{blank}→{num(info.expected)}"
        return Text(shown, style=CELL_STYLE["blank"])
    if info.status == "invalid":
        raw = str(v.raw)[:6]
        exp = f"→{num(info.expected)}" if info.expected is not None else ""
        return Text(f"{raw}×{exp}", style=CELL_STYLE["invalid"])
    if info.status == "suspect":
        return Text(f"{num(info.number)}?", style=CELL_STYLE["suspect"])
    if info.status == "warning":
        return Text(f"{num(info.number)}*", style=CELL_STYLE["warning"])
    return Text(num(info.number))


def _title(checked: Any) -> str:
    if getattr(checked, "document", False):
        return f"{checked.located.table.short}（{table_title(checked.located.sheet)}）"
    return render("term-table-title", table=checked.located.table.short, sheet=checked.located.sheet)


def table_view(
    checked: Any, changes: dict | None = None, width: int | None = None, titled: bool = True
) -> Table:
    """One located table as a rich grid under its own short labels; narrower headers when width is tight."""
    loc = checked.located
    spec = loc.table
    changes = changes or {}
    title = _title(checked) if titled else None
    if spec.layout == "row":
        grid = _row_table_view(checked, changes, title, narrow=False)
        if width is not None and _width(grid) > width:
            grid = _row_table_view(checked, changes, title, narrow=True)
        return grid
    cols = [c for c in spec.columns if c.key in loc.columns]
    numbered = getattr(checked, "document", False)  # a document's columns by number, not Excel letters
    rows = []
    for row in spec.rows:
        if row.key not in loc.rows:
            continue
        cells = [
            _cell_text(checked.cells[(row.key, c.key)], changes.get((row.key, c.key)))
            if (row.key, c.key) in checked.cells
            else Text("")  # a heading row holds only the numbers a clerk typed on it
            for c in cols
        ]
        where = f"{loc.rows[row.key] + 1:>3}"
        if row.key in loc.row_sheets:  # continued on the next sheet: say which
            where = f"{loc.row_sheets[row.key]}!{loc.rows[row.key] + 1}"
            if numbered:  # a document's table continued in the next Word table (a page break)
                where = render(
                    "term-sheet-row", sheet=table_title(loc.row_sheets[row.key]), row=loc.rows[row.key] + 1
                )
        rows.append((Text(f"{where} {row.short}"), cells))
    grid = _grid(title, cols, loc, rows, narrow=False, numbered=numbered)
    if width is not None and _width(grid) > width:
        # Table 2 has seven numeric columns: at 80 columns the full headers leave the numbers as "…".
        # Headers wrapped to the width of the numbers (as on the printed form) keep every number whole.
        grid = _grid(title, cols, loc, rows, narrow=True, numbered=numbered)
    return grid


def _grid(
    title: str | None, cols: list, loc: Any, rows: list, *, narrow: bool, numbered: bool = False
) -> Table:
    grid = Table(
        title=title,
        title_justify="left",
        show_lines=False,
        expand=False,
        padding=_NARROW_PAD if narrow else (0, 1),
    )
    grid.add_column(render("term-row-header"), no_wrap=True, overflow="ellipsis")
    for i, c in enumerate(cols):
        head = c.short
        if narrow:
            data = max((r[1][i].cell_len for r in rows if i < len(r[1])), default=1)
            head = c.short if len(c.short) <= 3 else _wrap_cjk(c.short, max(data, 4))
        name = str(loc.columns[c.key] + 1) if numbered else col_name(loc.columns[c.key])
        grid.add_column(f"{head}\n{name}", justify="right", no_wrap=True)
    for label, cells in rows:
        grid.add_row(label, *cells)
    return grid


def _wrap_cjk(label: str, width: int) -> str:
    """社会公益组织 at width 4 -> 社会/公益/组织 on three lines: no word spaces in Chinese, cut by cell width."""
    per = max(1, width // 2)  # CJK characters per line
    n = -(-len(label) // per)
    per = -(-len(label) // n)  # balanced lines: 商业/企业, not 商业企/业
    lines = [label[i : i + per] for i in range(0, len(label), per)]
    if any(cell_len(line) > width for line in lines):  # Latin letters and digits are one cell wide
        return label
    return "\n".join(lines)


def _width(table: Table) -> int:
    """The width the table wants, from its cells' text, once every column is given the width of its widest
    text: rich then lays the table out without measuring each cell again (~10 ms a table)."""

    def widest(x: Any) -> int:
        text = x.plain if isinstance(x, Text) else str(x)
        return max((cell_len(line) for line in text.split("\n")), default=0)

    _, right, _, left = table.padding  # rich keeps it as (top, right, bottom, left)
    total = 1  # the left border
    for column in table.columns:
        column.width = max([widest(column.header), *(widest(c) for c in column._cells)])
        total += column.width + left + right + 1
    return total


# Narrow tables keep one space right of each number (next to the border) and none on the left.
_NARROW_PAD = (0, 1, 0, 0)


def _row_table_view(checked: Any, changes: dict, title: str | None, *, narrow: bool) -> Table:
    """A one-row table with grouped columns (table 3) shown with one line per column group."""
    loc = checked.located
    spec = loc.table
    groups: dict[tuple[str, ...], list] = {}
    for c in spec.columns:
        groups.setdefault(c.group, []).append(c)
    leaves = list(dict.fromkeys(c.label for c in spec.columns))
    grid = Table(title=title, title_justify="left", padding=_NARROW_PAD if narrow else (0, 1))
    grid.add_column("", no_wrap=True)
    for leaf in leaves:
        grid.add_column(leaf, justify="right", no_wrap=True)
    row_key = spec.rows[0].key
    for group, cols in groups.items():
        by_leaf = {c.label: c for c in cols}
        cells = []
        for leaf in leaves:
            c = by_leaf.get(leaf)
            info = checked.cells.get((row_key, c.key)) if c else None
            if info is None or c is None:
                cells.append(Text(""))
            else:
                at = (
                    render("term-row-col", row=info.ref.row + 1, col=info.ref.col + 1)
                    if getattr(checked, "document", False)
                    else info.ref.a1
                )
                cells.append(
                    Text.assemble(
                        _cell_text(info, changes.get((row_key, c.key))), Text(f" {at}", style="dim")
                    )
                )
        grid.add_row(Text("·".join(group)), *cells)
    return grid


def finding_lines(report: FileReport) -> list[Text]:
    """The findings in words, errors first, blanks of one row on one line."""
    lines = []
    for first, group in group_blanks(report.findings):
        mark, style = (
            (render("term-mark-error"), "red")
            if first.severity == "error"
            else (render("term-mark-warning"), "yellow")
        )
        if len(group) > 1 and first.code != "blank-cell":
            msg = correction_line(report, group)
        elif len(group) > 1:
            cells = span([f.cell.split("!")[-1] for f in group if f.cell])
            sheet = first.cell.split("!")[0] if first.cell else ""
            exps = {f.expected for f in group}
            tail = (
                render("term-blank-expected", expected=num(exps.pop()))
                if len(exps) == 1 and None not in exps
                else ""
            )
            msg = render(
                "term-blank-group",
                sheet=sheet,
                cells=cells,
                row=row_short(report, first.table, first.row),
                n=len(group),
                tail=tail,
            )
        else:
            msg = first.message
        if len(group) > 1 and report.file_type in DOCUMENT_FORMATS:
            msg = person_refs(
                msg
            )  # a document's cells by table, row and column, as its own findings say them
        lines.append(Text.assemble((f"{mark} ", style), msg))
    return lines


def print_lines(lines: list[Text], console: Console) -> None:
    """Marked lines ("✗ 错误 …"): one line each in a pipe (grep-able); on a terminal wrapped under the text."""
    if not console.is_terminal:
        for line in lines:
            console.print(line, soft_wrap=True)
        return
    for line in lines:
        mark, _, rest = line.plain.partition(" ")
        n = len(mark) + len(rest.partition(" ")[0]) + 2
        _print_hanging(line[:n], line[n:].plain, console)


# No line may start with these (Chinese typesetting rule): they stay on the line before.
_NO_START = "。，、；：）」』”’》）!?.,;:)"


def _print_hanging(head: Text, body: str, console: Console) -> None:
    """head, then body wrapped at the console width under itself: breaks between Chinese characters, never
    inside a number or a cell name (a terminal's own wrapping cuts "12" into "1" and "2")."""
    indent = head.cell_len
    width = max(20, console.width - indent)
    tokens = re.findall(r"[A-Za-z0-9_.!:→$%+\-]+|\s+|.", body)
    lines: list[list[str]] = [[]]
    used = 0
    for tok in tokens:
        w = cell_len(tok)
        if used + w > width and lines[-1] and not tok.isspace():
            carry = []
            if tok in _NO_START and lines[-1]:
                carry = [lines[-1].pop()]  # move the character before it down too
            lines.append(carry)
            used = sum(cell_len(t) for t in carry)
        if tok.isspace() and not lines[-1]:
            continue
        lines[-1].append(tok)
        used += w
    for i, parts in enumerate(lines):
        console.print(
            Text.assemble(head if i == 0 else " " * indent, "".join(parts).rstrip()), soft_wrap=True
        )


def print_report(
    report: FileReport, console: Console, *, show_tables: bool = True, changes: dict | None = None
) -> None:
    """Print one file's result: heading, tables, findings."""
    status = report.status
    head = Text.assemble(
        (f"{report.path}", "bold"),
        "  ",
        (f"[{STATUS_TEXT[status]}]", STATUS_STYLE[status]),
    )
    console.print(head)
    meta = []
    if report.agency:
        meta.append(render("term-agency", agency=report.agency))
    if report.year:
        meta.append(render("term-year", year=report.year))
    if report.form:
        meta.append(render("term-form", form=report.form))
    if meta:
        console.print("  " + "  ".join(meta))
    for note in report.notes:  # what the reader skipped or renamed: the tables below are read without it
        console.print(Text(render("term-note", note=note), style="dim"), soft_wrap=True)
    if show_tables and report.tables:
        per_table = changes or {}
        for checked in report.tables:
            # the title on a line of its own: a narrow table (one column of table 1) would fold it
            console.print(Text(_title(checked), style="bold"), soft_wrap=True)
            view = table_view(checked, per_table.get(checked.key), width=console.width, titled=False)
            need = _width(view)
            if need > console.width:
                # rich would squeeze the columns to nothing: numbers shown as "…" or not at all, silently
                console.print(
                    Text(
                        render("term-too-narrow", width=console.width, need=need),
                        style="dim",
                    ),
                    soft_wrap=True,
                )
            else:
                console.print(view)
        console.print(Text(LEGEND, style="dim"))
    n_err, n_warn = len(report.errors), len(report.warnings)
    if report.findings:
        console.print(Text(render("term-found", errors=n_err, warnings=n_warn), style="bold"))
        print_lines(finding_lines(report), console)
    else:
        console.print(Text(render("term-all-ok"), style="green"))
    console.print()


def print_summary(reports: list[FileReport], console: Console) -> None:
    """One closing line: how many files passed, had warnings, errors, could not be read."""
    counts = {s: sum(1 for r in reports if r.status == s) for s in STATUS_TEXT}
    console.print(
        Text.assemble(
            render("term-files-checked", n=len(reports)),
            (render("term-count-ok", n=counts["ok"]), "green"),
            "，",
            (render("term-count-warnings", n=counts["warnings"]), "yellow"),
            "，",
            (render("term-count-errors", n=counts["errors"]), "red"),
            "，",
            (render("term-count-unreadable", n=counts["unreadable"]), "red"),
            "。",
        )
    )


KIND_TEXT = {k: render(f"fill-kind-{k}") for k in ("filled", "normalized", "corrected", "needs-review")}


def print_changes(
    edits: list[Any],
    questions: list[str],
    console: Console,
    *,
    dropped: list[str] | None = None,
    out_path: str | None = None,
    dry_run: bool = False,
    error: str | None = None,
    copy_unreadable: bool = False,
    narrative: list[str] | None = None,
    document: bool = False,
) -> None:
    """The list of changes (cell, old → new, kind, reason), the open questions and what the copy lost.

    document: the input is a document, whose cells a person finds by table, row and column (第2个表格第4行第4列).

    copy_unreadable: the copy was written but its re-check could not read it (the report above says why).
    narrative: what the changes mean for the sentences of the report's text that restate the changed cells.
    """
    verb = render("term-will-change" if dry_run else "term-changed")
    if edits:
        console.print(Text(render("term-edit-count", verb=verb, n=len(edits)), style="bold"))
        for group in _group_edits(edits):
            e = group[0]
            old = num(e.old) if e.old not in (None, "") else render("fill-shown-blank")
            if len(group) > 1:
                sheet = e.cell.split("!")[0]
                cells = f"{sheet}!{span([g.cell.split('!')[-1] for g in group])}"
                label = e.reason.split("：", 1)[0].split(" · ")[0]
                why = render("term-edit-group", label=label, n=len(group), why=e.reason.split("。", 1)[-1])
            else:
                cells, why = e.cell, e.reason
            if document:
                cells = person_refs(cells)
            head = Text.assemble(
                (f"  {cells}  ", "bold"),
                f"{old} → {num(e.new)}  ",
                (f"[{KIND_TEXT.get(e.kind, e.kind)}]", CELL_STYLE.get(e.kind, "")),
            )
            if console.is_terminal:  # the reason on its own lines, indented under the cell
                console.print(head, soft_wrap=True)
                _print_hanging(Text("    "), why, console)
            else:
                console.print(Text.assemble(head, f"  {why}"), soft_wrap=True)
    else:
        console.print(Text(render("term-no-edits"), style="green"))
    if questions:
        console.print(Text(render("term-questions", n=len(questions)), style="bold yellow"))
        for q in questions:
            console.print(Text.assemble(("  ? ", "yellow"), q), soft_wrap=True)
    review = [e for e in edits if e.kind == "needs-review"]
    if review:
        cells = "、".join(person_refs(e.cell) if document else e.cell for e in review)
        console.print(
            Text(render("term-needs-review", cells=cells), style="bold yellow"),
            soft_wrap=True,
        )
    if narrative:
        console.print(Text(render("term-narrative", n=len(narrative)), style="bold yellow"))
        for line in narrative:
            if document:
                line = person_refs(line)  # the sentence's cell as the document's reader finds it
            console.print(Text.assemble(("  ! ", "yellow"), line), soft_wrap=True)
    if dropped:
        console.print(Text(render("term-lost"), style="bold red"))
        for d in dropped:
            console.print(Text.assemble(("  - ", "red"), d), soft_wrap=True)
    if error:
        console.print(Text(render("term-not-written", error=error), style="bold red"), soft_wrap=True)
    elif copy_unreadable:
        # written, but govreport itself cannot read it back: "已写出校正副本" in green would vouch for it
        where = render("term-dry-run-copy" if dry_run else "term-written-copy", out=out_path)
        console.print(
            Text(
                render("term-copy-unreadable", where=where),
                style="bold red",
            ),
            soft_wrap=True,
        )
    elif dry_run:
        exists = render("term-out-exists") if out_path and os.path.exists(out_path) else ""
        console.print(
            Text(render("term-dry-run", out=out_path, exists=exists), style="dim"),
            soft_wrap=True,
        )
    elif out_path:
        console.print(Text(render("term-written", out=out_path), style="bold green"), soft_wrap=True)


def _group_edits(edits: list[Any]) -> list[list[Any]]:
    """Edits of one row with the same old value, new value and kind become one line (a blank row → 0)."""
    out: list[list[Any]] = []
    for e in edits:
        prev = out[-1][0] if out else None
        if (
            prev is not None
            and e.table is not None
            and (prev.table, prev.row, prev.kind, prev.old, prev.new)
            == (e.table, e.row, e.kind, e.old, e.new)
            and prev.ref.sheet == e.ref.sheet
            and prev.ref.row == e.ref.row
            and out[-1][-1].ref.col + 1 == e.ref.col
            and prev.reason.split("。", 1)[-1] == e.reason.split("。", 1)[-1]
        ):
            out[-1].append(e)
        else:
            out.append([e])
    return out
