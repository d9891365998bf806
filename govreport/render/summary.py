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

from govreport.batch import KEY_FIGURES, BatchReport, FileResult, decimal_of, select
from govreport.findings import CODES
from govreport.forms import Table, get_form

STATUS_TEXT = {"ok": "通过", "warnings": "有警告", "errors": "有错误", "unreadable": "无法读取"}
STATUS_FILL = {"ok": "C6EFCE", "warnings": "FFEB9C", "errors": "FFC7CE", "unreadable": "D9D9D9"}
SEVERITY_TEXT = {"error": "错误", "warning": "警告"}
FIRST_PROBLEMS = 3  # problems spelled out in the 汇总 row; the rest are in 问题明细

_BOLD = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")


def _text(ws: Any, value: Any, **style: Any) -> WriteOnlyCell:
    """A cell whose text stays text (never a formula), with characters XML cannot hold removed."""
    if isinstance(value, str):
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
    ws.append([_text(ws, n, font=_BOLD, fill=_HEAD_FILL) for n in names])


def _letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i + 1)


def _filter(ws: Any, n_cols: int, n_rows: int) -> None:
    ws.auto_filter.ref = f"A1:{_letter(n_cols - 1)}{max(n_rows, 1) + 1}"


def _summary_sheet(wb: Workbook, batch: BatchReport, files: list[FileResult]) -> None:
    ws = wb.create_sheet("汇总")
    requests = get_form("2021").table("requests")
    figures = [requests.row(r).short.split("、")[-1] + "·" + requests.column(c).short for _, r, c in KEY_FIGURES]
    names = ["机关", "年度", "格式", "状态", "错误数", "警告数", "主要问题", *figures, "文件"]
    _header(ws, names, [28, 7, 7, 9, 7, 7, 70, *([12] * len(figures)), 60])
    for r in files:
        errors = sum(1 for f in r.findings if f["severity"] == "error")
        warnings = len(r.findings) - errors
        problems = "\n".join(f["message"] for f in r.findings[:FIRST_PROBLEMS])
        if len(r.findings) > FIRST_PROBLEMS:
            problems += f"\n……另有 {len(r.findings) - FIRST_PROBLEMS} 条，见“问题明细”"
        if r.fill_error:
            problems += f"\n（未写出校正文件：{r.fill_error}）"
        fill = PatternFill("solid", fgColor=STATUS_FILL[r.status])
        row = [
            _text(ws, r.agency or ""), _text(ws, r.year), _text(ws, r.form or ""),
            _text(ws, STATUS_TEXT[r.status], fill=fill), _text(ws, errors), _text(ws, warnings),
            _text(ws, problems, alignment=_WRAP),
        ]
        for key in KEY_FIGURES:
            v = r.values.get(key)
            row.append(_text(ws, None if v is None else decimal_of(v)))
        row.append(_text(ws, r.path))
        ws.append(row)
    _filter(ws, len(names), len(files))


def _details_sheet(wb: Workbook, batch: BatchReport, files: list[FileResult], errors_only: bool) -> None:
    ws = wb.create_sheet("问题明细")
    names = ["文件", "机关", "单元格", "代码", "严重程度", "说明"]
    _header(ws, names, [50, 24, 16, 20, 9, 100])
    n = 0
    for r in files:
        for f in r.findings:
            if errors_only and f["severity"] != "error":
                continue
            ws.append([_text(ws, r.path), _text(ws, r.agency or ""), _text(ws, f["cell"] or ""),
                       _text(ws, f["code"]), _text(ws, SEVERITY_TEXT[f["severity"]]), _text(ws, f["message"])])
            n += 1
    for c in batch.cross_file:
        if errors_only and c.severity != "error":
            continue
        ws.append([_text(ws, "\n".join(c.files), alignment=_WRAP), _text(ws, ""),
                   _text(ws, "\n".join(c.cells), alignment=_WRAP), _text(ws, c.code),
                   _text(ws, SEVERITY_TEXT[c.severity]), _text(ws, c.message)])
        n += 1
    _filter(ws, len(names), n)


def _hits_sheet(wb: Workbook, batch: BatchReport) -> None:
    ws = wb.create_sheet("问题统计")
    names = ["代码", "含义", "严重程度", "次数", "涉及文件数"]
    _header(ws, names, [22, 60, 9, 8, 10])
    files_with: dict[str, int] = {}
    for r in batch.files:
        for code in {f["code"] for f in r.findings}:
            files_with[code] = files_with.get(code, 0) + 1
    for c in batch.cross_file:
        files_with[c.code] = files_with.get(c.code, 0) + len(c.files)
    hits = batch.hit_list()
    for code, count in hits:
        spec = CODES.get(code)
        ws.append([_text(ws, code), _text(ws, spec.title if spec else ""),
                   _text(ws, SEVERITY_TEXT[spec.severity] if spec else ""), _text(ws, count),
                   _text(ws, files_with.get(code, 0))])
    _filter(ws, len(names), len(hits))


def _grid(ws: Any, table: Table, sums: dict) -> None:
    """One table under the form's own labels: a row per form row, a column per form column."""
    heads = [c.short if c.short != c.label else "·".join((*c.group[1:], c.label)) for c in table.columns]
    ws.append([_text(ws, "项目", font=_BOLD, fill=_HEAD_FILL)]
              + [_text(ws, h, font=_BOLD, fill=_HEAD_FILL, alignment=_WRAP) for h in heads])
    for row in table.rows:
        label = row.label or "件数"
        cells = [_text(ws, ("    " if row.parent else "") + label)]
        for col in table.columns:
            cells.append(_text(ws, sums.get((table.key, row.key, col.key))))
        ws.append(cells)


def _totals_sheet(wb: Workbook, batch: BatchReport) -> None:
    ws = wb.create_sheet("合计")
    ws.column_dimensions["A"].width = 48
    for i in range(1, 16):
        ws.column_dimensions[_letter(i)].width = 11
    groups = batch.totals
    if not groups:
        ws.append([_text(ws, "没有无错误的报告，无法合计。")])
    excluded = sum(1 for r in batch.files if r.status in ("errors", "unreadable"))
    for total in groups:
        form = get_form(total.form)
        when = f"{total.year} 年" if total.year else "年度不明的报告"
        ws.append([_text(ws, f"{when}合计：{total.files} 个单位（{form.name}）", font=Font(bold=True, size=13))])
        ws.append([_text(ws, f"只合计没有错误的报告；有错误或无法读取的 {excluded} 个文件未计入（见“汇总”）。")])
        for key in ("requests", "appeals"):
            table = form.table(key)
            section = form.section(table.section)
            ws.append([_text(ws, f"{section.number}、{section.title}", font=_BOLD)])
            _grid(ws, table, total.sums)
            ws.append([])


def write_summary(path: str | os.PathLike, batch: BatchReport, errors_only: bool = False) -> None:
    """Write the summary workbook of a batch to path (the caller makes it atomic)."""
    wb = Workbook(write_only=True)
    files = select(batch, errors_only)
    _summary_sheet(wb, batch, files)
    _details_sheet(wb, batch, files, errors_only)
    _hits_sheet(wb, batch)
    _totals_sheet(wb, batch)
    wb.save(path)
