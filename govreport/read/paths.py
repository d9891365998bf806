"""Which files a command works on: the paths given, folders searched recursively."""

from __future__ import annotations

import errno
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from govreport.messages import render
from govreport.read.model import TEXT_SUFFIXES

# .et: WPS 表格's own format (a BIFF workbook as .xls is), its default when a clerk saves in WPS
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".et", ".ods")
# Documents a folder search takes: Word/WPS documents and PDFs always; text copies and web pages only when
# they hold a report's title or table labels (a folder of reports also holds notes, exports, saved pages).
DOCUMENT_SUFFIXES = (".docx", ".docm", ".doc", ".wps", ".odt", ".pdf")
# A page saved as one file (.mht) is read by the page inside it, but its head is MIME, not the page: one named as a
# report is listed rather than skipped unseen (a supervisor would otherwise miss an agency's report); others are
# skipped.
OLD_DOCUMENT_SUFFIXES = (".mht", ".mhtml")
# Archives are not opened, but one named as a report (各单位年报.zip) is listed and said to be unpacked first,
# for the same reason: the reports inside would otherwise go unchecked without a word.
ARCHIVE_SUFFIXES = (".zip", ".rar", ".7z")
_REPORT_NAME = ("年报", "年度报告", "政府信息公开")
# The sheets of the summary workbook `govreport batch -o` writes, in this order (render.summary writes them):
# how a folder's listing knows govreport's own summary from an agency's report. Its 合计 sheet holds
# tables 2 and 3, so checked as a report it would be a bogus agency with errors, summed into the next 合计.
SUMMARY_SHEETS = ("汇总", "问题明细", "问题统计", "合计")
# A very hidden sheet render.summary writes after them: Excel and WPS list no very hidden sheet (not even under
# 取消隐藏), so a supervisor who renames the four visible sheets keeps it, and the summary is still known.
# (check.py hands is_summary the sheet names only: a sheet is the one marker that reaches it.) A summary of an
# older govreport has no mark; it is known by its four names, as before.
SUMMARY_MARK = "govreport汇总表"
SUMMARY_SKIP = "govreport-summary"  # FileList/BatchReport.skipped reason


@dataclass
class FileList:
    files: list[Path] = field(default_factory=list)  # sorted, each once
    # reason -> count ("lock-file", "hidden", "other-type"; the batch adds SUMMARY_SKIP)
    skipped: dict[str, int] = field(default_factory=dict)
    # folders that could not be listed (also in `files`, so that each is reported and the exit code is 2) -> why
    unreadable: dict[Path, str] = field(default_factory=dict)


def is_report_name(name: str) -> bool:
    """A file name that says it is an annual report (年报, 年度报告, 政府信息公开)."""
    return any(w in name for w in _REPORT_NAME)


def is_workbook_name(name: str) -> bool:
    return name.lower().endswith(WORKBOOK_SUFFIXES)


def is_summary(sheet_names: Sequence[str]) -> bool:
    """True for the sheet names of a summary workbook govreport itself wrote (batch -o), renamed sheets too."""
    return SUMMARY_MARK in sheet_names or tuple(sheet_names) == SUMMARY_SHEETS


def folder_error(e: OSError) -> str:
    """Why a folder could not be listed, in Chinese (its workbooks are not checked)."""
    if isinstance(e, PermissionError):
        return render("read-folder-denied")
    if e.errno == errno.ENAMETOOLONG:  # nested deeper than the system's path limit (4,096 bytes on Linux)
        return render("read-folder-path-too-long")
    return render("read-folder-unreadable", error=e.strerror or e)


def _report_text(path: Path) -> bool:
    from govreport.read.documents import looks_like_report  # reads the file's head: only for .txt/.html

    return looks_like_report(path)


def collect(paths: Sequence[str | os.PathLike], *, archives: bool = False) -> FileList:
    """Expand folders recursively into workbooks; a path named explicitly is always kept. archives: list every
    .zip too (a batch unpacks them), not only those named as a report."""
    out = FileList()
    seen: set[Path] = set()

    def add(p: Path) -> None:
        key = Path(os.path.abspath(p))
        if key not in seen:
            seen.add(key)
            out.files.append(p)

    def skip(reason: str) -> None:
        out.skipped[reason] = out.skipped.get(reason, 0) + 1

    def unlisted(e: OSError) -> None:
        # os.walk would skip a folder it cannot list without a word: its reports would silently go unchecked
        folder = Path(e.filename) if e.filename else p
        out.unreadable[folder] = folder_error(e)
        add(folder)

    for given in paths:
        p = Path(given)
        if not p.is_dir() or is_workbook_name(p.name):
            add(p)  # named explicitly: reported even when it is not a workbook (or is a folder called x.xlsx)
            continue
        for root, dirs, names in os.walk(p, onerror=unlisted):
            links = [d for d in dirs if not d.startswith(".") and os.path.islink(os.path.join(root, d))]
            for _ in links:
                skip(
                    "folder-link"
                )  # not followed (a link to ".." would walk outside the folder): said, not silent
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in links)
            for name in sorted(names):
                if name.startswith("~$") or name.startswith(".~lock"):
                    skip("lock-file")  # Excel/WPS and LibreOffice lock files
                elif name.startswith("."):
                    skip("hidden")
                elif name.lower().endswith(DOCUMENT_SUFFIXES):
                    add(Path(root) / name)
                elif name.lower().endswith(TEXT_SUFFIXES) and _report_text(Path(root) / name):
                    add(Path(root) / name)
                elif archives and name.lower().endswith(".zip"):
                    add(Path(root) / name)
                elif name.lower().endswith(OLD_DOCUMENT_SUFFIXES + ARCHIVE_SUFFIXES) and is_report_name(name):
                    add(Path(root) / name)
                elif not is_workbook_name(name):
                    skip("other-type")
                else:
                    add(Path(root) / name)
    out.files.sort(key=lambda q: str(q))
    return out
