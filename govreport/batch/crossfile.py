"""Checks across files of a batch: one agency's duplicate reports, and carry-over between consecutive years.

The carry-over relation is data: each Form's `links` say which row of this year equals which row of last year.
"""

from __future__ import annotations

import os
import re
import unicodedata

from govreport.batch.result import FileResult, decimal_of
from govreport.findings import Finding, cross_finding
from govreport.forms import get_form
from govreport.messages import render
from govreport.read.cellnames import person_refs
from govreport.read.model import DOCUMENT_FORMATS, parse_a1

MAX_CELLS_NAMED = 8  # a conflicting pair of reports names at most this many differing cells in its message


def agency_key(name: str) -> str:
    """Agency names compared without width, spaces or punctuation differences."""
    return re.sub(r"[\s·、，,.()（）]", "", unicodedata.normalize("NFKC", name))


def cross_checks(results: list[FileResult]) -> list[Finding]:
    """Duplicate or conflicting reports of one agency and year; carry-over mismatches between years."""
    groups: dict[tuple[str, int], list[FileResult]] = {}
    for r in results:
        if r.status != "unreadable" and r.agency and r.year is not None:
            groups.setdefault((agency_key(r.agency), r.year), []).append(r)
    out: list[Finding] = []
    chosen: dict[str, dict[int, FileResult]] = {}
    for (key, year), rs in sorted(groups.items()):
        if len(rs) > 1 and _one_report_in_formats(rs):
            pass  # the same report as a document and as its published page (or PDF): one report, noted on each
        elif len(rs) > 1:
            finding, same = _duplicates(rs, year)
            out.append(finding)
            if not same:
                continue  # which of the conflicting files holds last year's numbers is unknown
        chosen.setdefault(key, {})[year] = rs[0]
    for key in sorted(chosen):
        years = chosen[key]
        for year in sorted(years):
            if year - 1 in years:
                out += _carry_over(years[year - 1], years[year])
    return out


def _one_report_in_formats(rs: list[FileResult]) -> bool:
    """True when the files hold the same numbers each in another format (年报.docx and 年报.html, later .pdf):
    one report published in several forms, not a duplicate. Each file's notes name the others."""
    types = [r.report.get("file_type") or os.path.splitext(r.path)[1].lower() for r in rs]
    if len({r.fingerprint for r in rs}) != 1 or len(set(types)) != len(rs):
        return False
    for r in rs:
        others = render("list-sep").join(f"{_name(o.path)}" for o in rs if o is not r)
        r.report.setdefault("notes", []).append(render("same-report-other-format", others=others))
    return True


def _shown(r: FileResult, ref: str) -> str:
    """A cell as a person finds it: a document's 表格2!D5 is 第2个表格第5行第4列 (the cells list keeps the notation)."""
    if r.report.get("file_type") not in DOCUMENT_FORMATS:
        return ref
    return person_refs(ref)


def _name(path: str) -> str:
    return os.path.basename(path)


def _position(ref: str) -> tuple[str, int, int]:
    sheet, _, cell = ref.rpartition("!")
    return (sheet, *parse_a1(cell))


def _duplicates(rs: list[FileResult], year: int) -> tuple[Finding, bool]:

    files = tuple(r.path for r in rs)
    names = "、".join(_name(p) for p in files)
    agency = rs[0].agency
    if len({r.fingerprint for r in rs}) == 1:
        msg = render("duplicate-report", agency=agency, year=year, n=len(rs), files=names)
        return cross_finding("duplicate-report", msg, files), True
    first = rs[0]
    differing = sorted(
        {
            k
            for r in rs[1:]
            for k in set(first.values) | set(r.values)
            if first.values.get(k) != r.values.get(k)
        }
    )
    cells = tuple(sorted((ref for ref in map(first.ref, differing) if ref), key=_position))
    msg = render("conflicting-report", agency=agency, year=year, n=len(rs), files=names)
    if cells:
        more = render("and-more") if len(cells) > MAX_CELLS_NAMED else ""
        shown = render("list-sep").join(_shown(first, c) for c in cells[:MAX_CELLS_NAMED])
        msg += render("conflicting-report-cells", file=_name(first.path), cells=shown, more=more)
    return cross_finding("conflicting-report", msg, files, cells), False


def _carry_over(previous: FileResult, this: FileResult) -> list[Finding]:
    if not this.form or not previous.form:
        return []
    form = get_form(this.form)
    out = []
    for link in form.links:
        table = form.table(link.table)
        for col in table.columns:
            now_key = (link.table, link.this_row, col.key)
            before_key = (link.table, link.previous_row, col.key)
            now, before = this.values.get(now_key), previous.values.get(before_key)
            if now is None or before is None or decimal_of(now) == decimal_of(before):
                continue  # a blank is reported by check itself
            now_cell, before_cell = this.ref(now_key) or "", previous.ref(before_key) or ""
            msg = render(
                "cross-year-mismatch",
                this_file=_name(this.path),
                this_cell=_shown(this, now_cell),
                column=col.short,
                this=now,
                previous_file=_name(previous.path),
                previous_cell=_shown(previous, before_cell),
                previous=before,
            )
            out.append(
                cross_finding("cross-year-mismatch", msg, (previous.path, this.path), (before_cell, now_cell))
            )
    return out
