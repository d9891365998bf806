"""A corpus of many workbook layouts, and the same files checked in several orders in one process.

Used by tests/check/test_cache_independence.py: the engine remembers labels, located tables, equation groups and
read plans across workbooks of one process (govreport.memo; a batch worker checks hundreds of files in a row), so
the result of checking a file must not depend on what the process checked before. "fresh" checks each file with
every memo cleared; each order checks every file in turn without clearing (forward, then every file again in
reverse, and shuffled).
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from typing import Any

import openpyxl
from casebuild import CASES, case_workbook

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")


# ----------------------------------------------------------------------------- corpus


def _case_workbooks(out: Path) -> list[Path]:
    """Every real-layout case (tests/cases), each in a folder of its own (several share a file name)."""
    made = []
    for case in sorted(p for p in CASES.iterdir() if (p / "expected.json").is_file()):
        folder = out / f"case_{case.name}"
        folder.mkdir(parents=True)
        path = case_workbook(case, folder)
        if path.parent != folder:  # a committed workbook: a copy in the case's own folder
            path = Path(shutil.copyfile(path, folder / path.name))
        made.append(path)
    return made


def _template_workbooks(out: Path) -> list[Path]:
    """write_report in varied layouts of both forms, with injected errors, blanks, text and formulas."""
    from samples import consistent_values

    from govreport.forms import get_form
    from govreport.template import Layout, write_report

    folder = out / "generated"
    folder.mkdir(parents=True)
    layouts = [
        Layout(),
        Layout(one_sheet=False),
        Layout(one_sheet=False, sheet_names=("表一", "表二", "表三")),
        Layout(title_rows=0),
        Layout(title_rows=2, top_offset=2),
        Layout(left_offset=1, spacer_col=True),
        Layout(merged_labels=False),
        Layout(label_variants=True, variant_set=0),
        Layout(label_variants=True, variant_set=1),
        Layout(other_single_row=True),
        Layout(formulas=True),
        Layout(section_titles=False),
        Layout(seed_style=True),
    ]
    made: list[Path] = []
    n = 0

    def write(version: str, lay, values, agency: str, year: int, name: str | None = None) -> Path:
        nonlocal n
        n += 1
        path = folder / (name or f"{n:03d}_{agency}{year}年政府信息公开工作年度报告.xlsx")
        write_report(path, get_form(version), values, layout=lay, agency=agency, year=year)
        made.append(path)
        return path

    for version in ("2021", "2019"):
        form = get_form(version)
        year = int(version)
        for i, lay in enumerate(layouts):
            if version == "2019" and lay.other_single_row:
                continue
            good = consistent_values(form, random.Random(i))
            write(version, lay, good, f"甲局{i}", year)
            bad = dict(good)
            # one wrong total, one blank item, a number typed as full-width text and a placeholder
            bad[("requests", "handled_total", "total")] = (
                good[("requests", "handled_total", "total")] or 0
            ) + 3
            bad[("requests", "granted", "natural_person")] = None
            bad[("requests", "new", "business")] = f"{good[('requests', 'new', 'business')]}".translate(
                str.maketrans("0123456789", "０１２３４５６７８９")
            )
            bad[("requests", "carried_out", "other_org")] = "—"
            bad[("appeals", "count", "review_total")] = None
            write(version, lay, bad, f"乙局{i}", year)
        # one template, many agencies and years: labels shared, values and titles differ
        for k, (agency, yr) in enumerate(
            (("丙县教育局", year), ("丁县财政局", year + 1), ("戊市公安局", year))
        ):
            vals = consistent_values(form, random.Random(100 + k))
            if k == 1:
                vals[("requests", "new", "total")] = (vals[("requests", "new", "total")] or 0) + 1
            if k == 2:
                for key in [x for x in vals if x[0] == "appeals"]:
                    vals[key] = None  # table 3 left blank: the sheet may end above its number row
            write(version, Layout(), vals, agency, yr)
    return made


def _near_identical(out: Path, base: list[Path]) -> list[Path]:
    """Copies of generated workbooks that differ from their original in one label or one merged range."""
    folder = out / "near"
    folder.mkdir(parents=True)
    made = []
    for n, src in enumerate(base[:6]):
        for what in (
            "label",
            "merge",
            "title",
            "sheet",
            "report-label",
            "no-title",
            "moved-title",
            "two-years",
        ):
            wb = openpyxl.load_workbook(src)
            ws = wb.worksheets[0]
            if what == "label":
                for row in ws.iter_rows():
                    for cell in row:
                        if isinstance(cell.value, str) and "自然人" in cell.value:
                            cell.value = "自 然 人" if n % 2 else "个人"
            elif what == "merge":
                ranges = [r for r in ws.merged_cells.ranges if r.min_row > 3]
                if ranges:
                    ws.unmerge_cells(str(ranges[len(ranges) // 2]))
            elif what == "title":
                ws.cell(row=1, column=1).value = "某某局2022年政府信息公开工作年度报告（修订）"
            elif what == "sheet":
                ws.title = "Sheet1"
            elif what == "report-label":  # a label that mentions a report is not a title
                for row in ws.iter_rows():
                    for cell in row:
                        if cell.value == "一、本年新收政府信息公开申请数量":
                            cell.value += "（报告期内）"
            elif what == "no-title":
                ws.cell(row=1, column=1).value = None
            elif what == "moved-title":
                ws.cell(row=2, column=2).value, ws.cell(row=1, column=1).value = (
                    ws.cell(row=1, column=1).value,
                    None,
                )
            else:  # last year's sheet copied beside this year's: the same labels on two sheets
                copy = wb.copy_worksheet(ws)
                copy.title = "上年"
            path = folder / f"{n:02d}_{what}_{src.name}"
            wb.save(path)
            made.append(path)
    return made


def _spaced_appeals(out: Path) -> list[Path]:
    """Table 3 with an empty row between its headers and its numbers, filled and left blank: a blank one
    ends the sheet at its header row, which must not decide where the next file's numbers are looked for."""
    from samples import consistent_values

    from govreport.forms import get_form
    from govreport.template import write_report

    folder = out / "spaced"
    folder.mkdir(parents=True)
    made = []
    for n, blank in enumerate((True, False, True)):
        vals = consistent_values(get_form("2021"), random.Random(7 + n))
        if blank:
            vals = {k: (None if k[0] == "appeals" else v) for k, v in vals.items()}
        path = folder / f"{n}_{'空' if blank else '满'}县{n}局2021年政府信息公开工作年度报告.xlsx"
        write_report(path, get_form("2021"), vals, agency=f"空满{n}局", year=2021)
        wb = openpyxl.load_workbook(path)
        ws = wb.worksheets[0]
        last = ws.max_row
        for c in range(1, ws.max_column + 1):
            ws.cell(row=last + 1, column=c).value = ws.cell(row=last, column=c).value
            ws.cell(row=last, column=c).value = None
        if blank:
            ws.delete_rows(last, 2)
            ws.cell(row=last - 1, column=1).value = ws.cell(
                row=last - 1, column=1
            ).value  # keep the header row
        wb.save(path)
        made.append(path)
    return made


def build_corpus(out: Path) -> list[Path]:
    """Write the whole corpus under `out`; returns the workbook paths."""
    generated = _template_workbooks(out)
    return _case_workbooks(out) + generated + _near_identical(out, generated) + _spaced_appeals(out)


# ----------------------------------------------------------------------------- checking


def digest(path: str) -> dict[str, Any]:
    """Everything a person sees of one file: its report, where each table was read, every cell, the fill plan."""
    from govreport.check.run import check_file
    from govreport.fill.plan import plan_repairs
    from govreport.findings import json_number

    report = check_file(path, debug=True)
    tables = []
    for t in report.tables:
        loc = t.located
        tables.append(
            {
                "table": t.key,
                "sheet": loc.sheet,
                "rows": loc.rows,
                "columns": loc.columns,
                "row_sheets": loc.row_sheets,
                "anchor": list(loc.anchor),
                "cells": [
                    [str(i.ref), i.status, json_number(i.number), json_number(i.expected), i.value.state]
                    for i in t.cells.values()
                ],
            }
        )
    out: dict[str, Any] = {"report": report.to_dict(), "tables": tables}
    if not report.unreadable:
        plan = plan_repairs(report)
        out["plan"] = {"edits": [e.to_dict() for e in plan.edits], "questions": plan.questions}
    return out


def runs_in_orders(folder: str) -> dict[str, Any]:
    """Every workbook of the corpus checked fresh (govreport.memo.clear_all() before each) and, without clearing,
    forward, then back again after all the others, and in a shuffled order: {order: {path: digest}}."""
    from govreport.memo import clear_all

    paths = sorted(str(p) for p in Path(folder).rglob("*") if p.suffix.lower() in SUFFIXES)
    fresh = {}
    for path in paths:
        clear_all()
        fresh[path] = digest(path)
    clear_all()
    forward = {path: digest(path) for path in paths}
    back = {path: digest(path) for path in reversed(paths)}
    shuffled = list(paths)
    random.Random(20240611).shuffle(shuffled)
    clear_all()
    mixed = {path: digest(path) for path in shuffled}
    return {"fresh": fresh, "forward": forward, "reverse after all": back, "shuffled": mixed}
