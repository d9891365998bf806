"""Findings and reports: plain data that every renderer reads.

A finding has a stable kebab-case code from CODES (documented in README and by `govreport codes`);
its Chinese message is built by the checker from the template of its code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal, NamedTuple

Severity = Literal["error", "warning"]
# how a needs-review change is marked in the report sheet of a filled workbook (check reads it back)
REVIEW_TEXT = (
    "待人工核实"  # as messages.TEMPLATES["fill-kind-needs-review"]: a fill's report sheet is read back by it
)
Status = Literal["ok", "warnings", "errors", "unreadable"]
Number = int | Decimal


class Code(NamedTuple):
    code: str
    severity: Severity
    title: str  # what it means, in Chinese, for the catalogue


CODES: dict[str, Code] = {
    c.code: c
    for c in (
        Code("file-unreadable", "error", "文件无法读取（不是 Excel 文件、已损坏、已加密或不安全）"),
        Code("no-tables", "error", "文件中找不到年度报告的任何表格"),
        Code("table-not-found", "error", "找不到某张表（或表一的某个项目块）"),
        Code("row-not-found", "error", "表中找不到某一行"),
        Code("column-not-found", "error", "表中找不到某一列"),
        Code(
            "duplicate-table",
            "warning",
            "同一张表出现了不止一次，只检查其中一张（标明“修改后”的一张，否则第一张）",
        ),
        Code("split-row", "warning", "表一的某一项分在几行填写且没有合计行，只读取了其中一行"),
        Code("form-year-mismatch", "warning", "表格格式与报告年度不符（如 2022 年报告使用 2019 年格式）"),
        Code("blank-cell", "warning", "单元格为空（空白不等于 0）"),
        Code("text-number", "warning", "数字以文本形式存储（含全角数字、空格或单位），已按数字计算"),
        Code("date-format", "warning", "数字设成了日期格式（10 显示为 1900-01-10），已按数字计算"),
        Code("unit-converted", "warning", "金额单位与表头不一致，已按表头单位换算"),
        Code("invalid-value", "error", "单元格内容不是数字（如“无”“—”或其他文字）"),
        Code("not-integer", "error", "件数不是整数"),
        Code("negative-count", "error", "件数为负数"),
        Code("sum-mismatch", "error", "合计与各项之和不符"),
        Code("balance-mismatch", "error", "不满足勾稽关系：一＋二＝（七）总计＋四"),
        Code("unsatisfiable", "error", "空白或无效单元格无论填什么非负整数都无法满足关系"),
        Code(
            "negative-implied-count",
            "error",
            "由各项推出的件数为负数（2019 年版表一：上一年项目数量＋本年增/减＜0）",
        ),
        Code(
            "error-location-limit",
            "error",
            "不成立的勾稽关系太多，在搜索上限内未能确定改动最少的改法（未作任何改动）",
        ),
        Code(
            "heading-row-mismatch",
            "warning",
            "标题行（三、本年度办理结果）上填的数字与它应等于的合计（（七）总计）不符；只提示、不校正",
        ),
        Code("formula-mismatch", "error", "合计单元格的公式没有引用应有的单元格"),
        Code(
            "stale-total",
            "error",
            "合计公式保存的结果不是它现在的计算结果：少算了文本型数字（Excel/WPS 的 SUM 不计文本），或保存前未重新计算",
        ),
        Code("formula-error", "error", "公式无法计算（错误值、未知函数或循环引用）"),
        Code(
            "needs-review",
            "warning",
            "govreport 已改写此单元格，但无法确定是否改对了（如复议诉讼总计与各项不符，已按各项之和重算），须人工核实",
        ),
        Code("cross-year-mismatch", "error", "本年“上年结转”与上年“结转下年度继续办理”不符"),
        Code("duplicate-report", "warning", "同一机关同一年度有多个文件"),
        Code("conflicting-report", "error", "同一机关同一年度的多个文件数据不一致"),
        Code(
            "narrative-mismatch",
            "warning",
            "报告正文中的数字与它所复述的表格单元格不符（如正文“共收到申请75件”，表中本年新收为 74）",
        ),
    )
}


class Candidate(NamedTuple):
    """One way to repair: change these cells to these values."""

    cells: tuple[str, ...]
    values: tuple[Number | None, ...]
    near_typo: bool = False  # every new value is one digit edit away from what was typed

    def to_dict(self) -> dict[str, Any]:
        return {
            "cells": list(self.cells),
            "values": [json_number(v) for v in self.values],
            "near_typo": self.near_typo,
        }


class Finding(NamedTuple):
    code: str
    message: str
    severity: Severity = "error"
    relation: str | None = None  # e.g. "requests.row-total"
    cell: str | None = None  # the blamed cell, "依申请公开!J12"; None when undetermined
    cells: tuple[str, ...] = ()  # every cell involved
    expected: Number | None = None
    actual: Number | None = None
    table: str | None = None
    row: str | None = None
    column: str | None = None
    candidates: tuple[Candidate, ...] = ()
    # narrative-mismatch: the form file's statement id, the sentence quoted and the number it states
    statement: str | None = None
    quote: str | None = None
    stated: Number | None = None
    more_candidates: bool = False  # more equally small fixes exist than `candidates` lists
    correction: int = 0  # the number of cells of the one smallest correction this cell belongs to (3 or more)
    page: int | None = None  # a PDF: the 1-based page its cell (or its first cell) is printed on
    files: tuple[
        str, ...
    ] = ()  # a finding about two or more files of a batch (duplicate, conflicting, cross-year)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "severity": self.severity,
            "code": self.code,
            "relation": self.relation,
            "cell": self.cell,
            "cells": list(self.cells),
            "expected": json_number(self.expected),
            "actual": json_number(self.actual),
            "message": self.message,
            "table": self.table,
            "row": self.row,
            "column": self.column,
        }
        if self.candidates:
            d["candidates"] = [c.to_dict() for c in self.candidates]
        if self.statement is not None:
            d.update(statement=self.statement, quote=self.quote, stated=json_number(self.stated))
        if self.more_candidates:
            d["more_candidates"] = True
        if self.correction:
            d["correction_size"] = self.correction
        if self.page is not None:
            d["page"] = self.page
        return d

    def cross_dict(self) -> dict[str, Any]:
        """A finding about files, as a batch's JSON gives it under cross_file."""
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "files": list(self.files),
            "cells": list(self.cells),
        }


def json_number(v: Number | None) -> int | str | None:
    """Counts stay int; money is a decimal string ("59237.2449"), never a float."""
    if v is None:
        return None
    if isinstance(v, Decimal):
        return format(v, "f")
    return int(v)


def plain_number(x: Any) -> str:
    """A number as a person reads it: 3.0 -> "3", Decimal("59237.2449") exactly, never "1E+5"."""
    if isinstance(x, float):
        x = Decimal(repr(x))
    if isinstance(x, Decimal):
        return format(x.normalize(), "f") if x == x.to_integral_value() else format(x, "f")
    return str(x)


def make_finding(code: str, message: str, **kw: Any) -> Finding:
    """A finding with the severity its code carries in the catalogue."""
    return Finding(code=code, message=message, severity=CODES[code].severity, **kw)


def cross_finding(code: str, message: str, files: tuple[str, ...], cells: tuple[str, ...] = ()) -> Finding:
    """A finding about two or more files of a batch (duplicate-report, conflicting-report, cross-year-mismatch)."""
    return make_finding(code, message, files=tuple(files), cells=tuple(cells))


@dataclass
class FileReport:
    path: str
    findings: list[Finding] = field(default_factory=list)
    form: str | None = None
    agency: str | None = None
    year: int | None = None
    unreadable: bool = False
    summary: bool = False  # a summary workbook govreport batch wrote, not a report (skipped in a folder)
    notes: list[str] = field(default_factory=list)  # what the reader could not read or changed, in Chinese
    file_type: str | None = None  # the format read (xlsx, xls, ods, docx, html, txt …); None when unreadable
    # the located tables with their values, for renderers and the repair planner (check.CheckedTable)
    tables: list[Any] = field(default_factory=list)
    # the text's sentences that restate a table figure (check.narrative.Said), for fill to compare its changes
    statements: list[Any] = field(default_factory=list)

    @property
    def status(self) -> Status:
        if self.unreadable:
            return "unreadable"
        if any(f.severity == "error" for f in self.findings):
            return "errors"
        if self.findings:
            return "warnings"
        return "ok"

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def to_dict(self, *, as_objects: bool = False) -> dict[str, Any]:
        """The report as `check --format json` gives it (as_objects: its findings left as Finding objects,
        what a batch worker sends: the one Finding type, worded as a dict only when written out)."""
        return {
            "path": self.path,
            "status": self.status,
            "form": self.form,
            "agency": self.agency,
            "year": self.year,
            "findings": list(self.findings) if as_objects else [f.to_dict() for f in self.findings],
            "notes": list(self.notes),
            "file_type": self.file_type,
        }


def exit_status(*, unreadable: bool, errors: bool) -> int:
    """The one rule behind every command's exit code: 2 when something could not be read or written, else 1
    when an error remains, else 0 (warnings alone pass)."""
    if unreadable:
        return 2
    return 1 if errors else 0


def exit_code(reports: list[FileReport]) -> int:
    """check's exit code: 2 when any file cannot be read, else 1 when any has an error, else 0."""
    return exit_status(
        unreadable=any(r.status == "unreadable" for r in reports),
        errors=any(r.status == "errors" for r in reports),
    )


def envelope(reports: list[FileReport]) -> dict[str, Any]:
    """The JSON document `check --format json` prints."""
    return {"files": [r.to_dict() for r in reports]}
