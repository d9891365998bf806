"""Checking many workbooks: worker processes, a time and memory limit per file, cross-file checks -> BatchReport.

Each file is checked in a worker process (govreport.batch.pool) by `check_file`; what comes back is a small
picklable FileResult (the report as a dict, a few numbers, a fingerprint), never the CheckedTable objects.
A file that hangs past the time limit or kills its worker becomes one `unreadable` row.

Over 400 lines: the scheduling of files over the pool, what a worker sends back and the cross-file pass
share the batch's state (spilled findings, running totals, fill targets); the result types are in result.py.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from govreport.batch.archives import unpack
from govreport.batch.crossfile import agency_key, cross_checks
from govreport.check.run import check_file, unreadable_report
from govreport.forms import get_form
from govreport.read.paths import SUMMARY_SKIP, collect

if TYPE_CHECKING:
    from govreport.solve.model import CheckedTable
from govreport.batch.pool import WorkerError, run_pool, start_early
from govreport.batch.result import (
    _INT_ONLY,
    _NO_NUMBERS,
    BatchReport,
    Figures,
    FileResult,
    Key,
    Numbers,
    Spill,
    Total,
)
from govreport.findings import FileReport, Number, json_number
from govreport.memo import Memo
from govreport.messages import render

# 表二 依申请公开 and 表三 复议诉讼: summed in the 合计 sheet. Tables named by a form's links come too.
TOTAL_TABLES = ("requests", "appeals")
# 表二 figures shown per file in the summary: (table, row, column).
KEY_FIGURES: tuple[Key, ...] = tuple(
    ("requests", row, "total") for row in ("new", "carried_in", "handled_total", "carried_out")
)
_PRELOAD = ["govreport.batch.run", "govreport.check.run"]  # what the fork server imports for its workers
DEFAULT_TIME_LIMIT = 60.0  # seconds per file
DEFAULT_MEMORY_LIMIT = 2 << 30  # bytes of address space per worker

CheckFn = Callable[[str], "FileResult"]


def _canonical(n: Number | None) -> int | str | None:
    """A number as the fingerprint compares it: Decimal('0.0') and Decimal('0') alike, counts as themselves."""
    if n is None or n.__class__ is int:
        return n  # type: ignore[return-value]
    return format(Decimal(n).normalize(), "f")


# ----------------------------------------------------------------------------- one file (in a worker)


@functools.cache
def _kept(version: str) -> dict[str, frozenset[str]]:
    """Table -> rows whose numbers the batch keeps per file: the key figures and both rows of every link."""
    kept: dict[str, set[str]] = {}
    for table, row, _ in KEY_FIGURES:
        kept.setdefault(table, set()).add(row)
    for link in get_form(version).links:
        kept.setdefault(link.table, set()).update((link.this_row, link.previous_row))
    return {t: frozenset(rows) for t, rows in kept.items()}


_NOTHING_KEPT: frozenset[str] = frozenset()


def summarize(report: FileReport) -> FileResult:
    """Cut a FileReport down to what the batch needs."""
    kept = _kept(report.form) if report.form else {}
    values: dict[Key, int | str] = {}
    where: dict[str, tuple[str, dict[str, Any], dict[str, int]]] = {}
    prints = []
    summed: list[_Layout] = []
    summed_nums: list[int | str | None] = []
    for t in report.tables:
        lay = _layout_summary(t, kept.get(t.key, _NOTHING_KEPT))
        nums = [info.number if info.number is not None else info.expected for info in t.cells.values()]
        prints.append(lay.digest)
        # a number, not how it was written: 0.0 in a workbook and 0 in its Word or PDF copy are the same report
        prints.append(repr(nums if _INT_ONLY.issuperset(map(type, nums)) else [_canonical(n) for n in nums]))
        if lay.place is not None:
            where[t.key] = lay.place
        if t.key in TOTAL_TABLES:
            summed.append(lay)
            summed_nums += (
                nums
                if _INT_ONLY.issuperset(map(type, nums))
                else [n if n is None or n.__class__ is int else json_number(n) for n in nums]
            )
        keys = lay.keys
        for i in lay.kept_at:
            n = nums[i]
            if n is not None:
                values[keys[i]] = n if n.__class__ is int else json_number(n)  # type: ignore[assignment]
    # one hash over every key and number (repr is deterministic; hash() of str is not, across processes)
    fingerprint = hashlib.blake2b("".join(prints).encode(), digest_size=12).hexdigest() if prints else None
    return FileResult(
        path=report.path,
        report=report.to_dict(as_objects=True),
        values=values,
        table_values=_numbers(summed, tuple(summed_nums)),
        where=where,
        fingerprint=fingerprint,
        summary=report.summary,
    )


class _Layout(NamedTuple):
    """What summarize needs of one table layout, built once per layout."""

    keys: list[Key]  # (table, row, column) of its cells, in order
    digest: str  # of the keys, for the fingerprint
    key_text: str  # the keys as Numbers sends them
    kept_at: list[int]  # positions of the cells the batch keeps
    place: tuple[str, dict[str, Any], dict[str, int]] | None  # where the kept rows are


def _layout_summary(t: CheckedTable, rows: frozenset[str]) -> _Layout:
    """Per table layout, once. A layout's cells are always those of its read plan (check._read_cells), so
    their number tells the memo entries of one LocatedTable apart."""
    loc = t.located
    memo = loc.__dict__.setdefault("_summary", {})
    key = (len(t.cells), rows)
    hit = memo.get(key)
    if hit is None:
        keys = [(t.key, rk, ck) for rk, ck in t.cells]
        kept_at = [i for i, k in enumerate(keys) if k[1] in rows]
        place = None
        if rows:
            place = (
                loc.sheet,
                {
                    r: (loc.row_sheets[r], i) if r in loc.row_sheets else i
                    for r, i in loc.rows.items()
                    if r in rows
                },
                dict(loc.columns),
            )
        text = repr((t.key, list(t.cells)))
        hit = memo[key] = _Layout(
            keys,
            hashlib.blake2b(text.encode(), digest_size=12).hexdigest(),
            "\x1e".join("\x1f".join(k) for k in keys),
            kept_at,
            place,
        )
    return hit


_NUMBERS: Memo[tuple[str, ...], tuple[str, str]] = Memo("batch.numbers", 2000)


def _numbers(layouts: list[_Layout], nums: tuple[int | str | None, ...]) -> Numbers:
    """A file's summed numbers, with the digest and key text of its tables' layouts together."""
    if not layouts:
        return _NO_NUMBERS
    which = tuple(lay.digest for lay in layouts)
    hit = _NUMBERS.get(which)
    if hit is None:
        digest = (
            which[0]
            if len(which) == 1
            else hashlib.blake2b("".join(which).encode(), digest_size=12).hexdigest()
        )
        hit = _NUMBERS.put(which, (digest, "\x1e".join(lay.key_text for lay in layouts if lay.key_text)))
    return Numbers(hit[0], hit[1], nums)


def check_one(path: str) -> FileResult:
    """Check one file and summarize it (the default work of a worker)."""
    return summarize(check_file(path))


def _unreadable(path: str, reason: str) -> FileResult:
    return FileResult(path=path, report=unreadable_report(path, reason).to_dict(as_objects=True))


def _run_one(check: CheckFn, path: str, out: str | None) -> FileResult:
    try:
        if out is None:
            return check(path)
        return _fill_one(path, out)
    except Exception as e:  # a defect must cost one file, not the batch
        return _unreadable(path, render("batch-internal-error", error_type=type(e).__name__))


def _run_job(check: CheckFn, payload: tuple[str, str | None]) -> FileResult:
    return _run_one(check, *payload)


def _failed(payload: tuple[str, str | None], reason: str) -> FileResult:
    return _unreadable(payload[0], reason)


def _fill_one(path: str, out: str) -> FileResult:
    """Check and write the corrected copy in one go: fill checks the input itself, so it is read once."""
    from govreport.fill.run import fill_file  # deferred: fill pulls in openpyxl: loaded only for --fill-dir

    try:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
    except OSError:  # the copy cannot be written; the check still stands
        result = check_one(path)
        if result.status != "unreadable":
            result.fill_error = render("batch-fill-folder", folder=Path(out).parent)
        return result
    filled = fill_file(path, out, force=False)
    result = summarize(filled.input)
    if filled.output is not None and filled.output.unreadable:  # written, but not readable again
        why = render("option-sep").join(f.message for f in filled.output.findings)
        result.fill_error = render("batch-fill-unreadable", out=out, why=why)
    elif filled.output is not None and filled.error is None:
        result.filled = out
    elif not filled.input.unreadable:
        result.fill_error = filled.error or render("batch-fill-not-written")
    return result


# ----------------------------------------------------------------------------- the batch


def run_batch(
    paths: Iterable[str | os.PathLike],
    *,
    jobs: int | None = None,
    time_limit: float = DEFAULT_TIME_LIMIT,
    memory_limit: int | None = DEFAULT_MEMORY_LIMIT,
    fill_dir: str | os.PathLike | None = None,
    progress: Callable[[int, int], None] | None = None,
    check: CheckFn = check_one,
) -> BatchReport:
    """Check every workbook below the given paths and the relations between files."""
    start = time.monotonic()
    if jobs != 1:
        start_early(_PRELOAD)  # while the folders are listed
    roots = [Path(p) for p in paths]
    listed = collect(list(roots), archives=True)
    # the reports inside ZIP archives, in their place (unpacked into a folder removed when the batch ends)
    with unpack([str(p) for p in listed.files]) as unpacked:
        files = unpacked.files
        skipped = dict(listed.skipped)
        for reason, n in unpacked.skipped.items():
            skipped[reason] = skipped.get(reason, 0) + n
        names = unpacked.names  # an unpacked report -> 各单位年报.zip/甲局/年报.xlsx
        del listed  # a Path per file: ~0.5 KB each, not needed while the batch runs
        outs, collisions = (
            fill_targets(roots, files, fill_dir, unpacked.places, names) if fill_dir is not None else ({}, {})
        )
        jobs_list = [(i, (p, outs.get(p))) for i, p in enumerate(files)]
        results: list[FileResult | None] = [None] * len(files)
        totals: dict[tuple[int, str], Total] = {}
        shared: dict[Any, Any] = {}
        codes: dict[str, int] = {}
        added: set[tuple[str, int, str, str]] = (
            set()
        )  # (agency, year, form, fingerprint) already in the totals
        layouts: dict[str, tuple[Key, ...]] = {}  # Numbers.layout -> its keys
        store = Spill()
        count = 0

        named = {str(p) for p in roots}

        def done(index: int, result: FileResult) -> None:
            nonlocal count
            if files[index] in names:  # named by its archive and its path there, not by the temporary file
                result.path = names[files[index]]
                result.report["path"] = result.path
            if result.summary and files[index] not in named:  # an earlier `batch -o` written into the folder
                skipped[SUMMARY_SKIP] = skipped.get(SUMMARY_SKIP, 0) + 1
                count += 1
                if progress:
                    progress(count, len(files))
                return
            if result.status in ("ok", "warnings") and result.form and not _resent(result, roots, added):
                group = (result.year or 0, result.form)
                numbers = result.table_values
                totals.setdefault(group, Total(result.year, result.form)).add(
                    numbers, numbers.key_tuple(layouts)
                )
            result.table_values = _NO_NUMBERS  # added into the totals: not kept
            if result.path == files[index]:  # one copy of the path (the worker's arrives as a new string)
                result.path = files[index]
                if result.report.get("path") == result.path:
                    result.report["path"] = result.path
            for f in result.findings:
                codes[f.code] = codes.get(f.code, 0) + 1
            _share(result, shared)
            result.spill(store)
            results[index] = result
            count += 1
            if progress:
                progress(count, len(files))

        cores = os.cpu_count() or 1
        # never more workers than files, nor so many that start-up and memory swamp the machine
        n = max(1, min(jobs if jobs and jobs > 0 else cores, len(files), 4 * cores))
        if n == 1 or len(files) <= 1:
            for i, (p, out) in jobs_list:
                done(i, _run_one(check, p, out))
        else:
            run_pool(
                jobs_list,
                n,
                functools.partial(_run_job, check),
                _failed,
                done,
                time_limit=time_limit,
                memory_limit=memory_limit,
                preload=_PRELOAD,
            )
        final = [r for r in results if r is not None]
        shown = {name: f for f, name in names.items()}
        for r in final:
            r.agency = r.report.get("agency") or _folder_agency(r.path, roots)
            own = shown.get(r.path, r.path)
            if own in collisions:
                r.fill_error = collisions[own]

        del jobs_list
        report = BatchReport(
            files=final, skipped=skipped, jobs=n, totals=[totals[k] for k in sorted(totals)], codes=codes
        )
        report.cross_file = cross_checks(final)
        report.elapsed = time.monotonic() - start
        return report


def _share(result: FileResult, shared: dict[Any, Any]) -> None:
    """Let every result use one copy of the keys, codes and locations that all results repeat.

    Unpickling makes new objects for each file; kept as they are, 10,000 results cost several times the memory.
    """

    def one(x: Any) -> Any:
        return shared.setdefault(x, x)

    keys = tuple(result.values)
    at = shared.get(("figures", keys))
    if at is None:
        at = shared[("figures", keys)] = {one(k): i for i, k in enumerate(keys)}
    result.values = Figures(at, tuple(result.values.values()))
    where = {}
    for t, (sheet, rows, cols) in result.where.items():
        key = ("where", sheet, tuple(rows.items()), tuple(cols.items()))
        where[one(t)] = shared.setdefault(key, (sheet, rows, cols))
    # its values are the shared entries just taken (their ids stay theirs while `shared` holds them)
    result.where = shared.setdefault(("where", tuple((t, id(v)) for t, v in where.items())), where)
    report = {one(k): v for k, v in result.report.items()}
    report["status"] = one(report["status"])
    result.report = report


def _resent(result: FileResult, roots: list[Path], added: set[tuple[str, int, str, str]]) -> bool:
    """An identical copy of a report already summed (one agency's re-sent file): the 合计 counts it once.

    The same test as the cross-file duplicate-report check (agency, year and every number equal); which
    copy is summed does not matter, their numbers are the same.
    """
    agency = result.report.get("agency") or _folder_agency(result.path, roots)
    if not agency or result.year is None or result.fingerprint is None or result.form is None:
        return False
    key = (agency_key(agency), result.year, result.form, result.fingerprint)
    if key in added:
        return True
    added.add(key)
    return False


def _folder_agency(path: str, roots: list[Path]) -> str | None:
    """The name of the file's own folder, when that folder is below a given folder (one folder per agency)."""
    parent = Path(path).parent
    if parent.suffix.lower() == ".zip":
        return None  # a report at the top of an archive: no folder of its own
    if any(p.suffix.lower() == ".zip" for p in parent.parents):
        return parent.name  # one folder per agency inside an archive
    for root in roots:
        if root.is_dir() and parent != root and root in parent.parents:
            return parent.name
    return None


# what fill writes in the input's own format (a workbook, or a Word document with tracked changes)
_KEEPS_SUFFIX = (".xlsx", ".xlsm", ".docx", ".docm")


def fill_targets(
    roots: list[Path],
    files: list[str],
    fill_dir: str | os.PathLike,
    places: Mapping[str, tuple[str, str]] | None = None,
    shown: Mapping[str, str] | None = None,
) -> tuple[dict[str, str], dict[str, str]]:
    """Where each corrected workbook goes below fill_dir; inputs that would share a path are left out.

    A file keeps its path below the folder given; a report unpacked from an archive is placed by `places`
    (各单位年报/甲局/年报.xlsx for 各单位年报.zip's 甲局/年报.xlsx), never by its temporary path, and named as
    `shown` names it (各单位年报.zip/甲局/年报.xlsx)."""
    places, shown = places or {}, shown or {}
    target: dict[str, str] = {}
    for f in files:
        folder, name = places.get(f, (os.path.dirname(f), os.path.basename(f)))
        place = os.path.join(folder, name)
        for root in roots:
            if root.is_dir() and Path(os.path.abspath(place)).is_relative_to(os.path.abspath(root)):
                name = os.path.relpath(place, root)
                break
        stem, suffix = os.path.splitext(name)
        if suffix.lower() not in _KEEPS_SUFFIX:
            name = (
                stem + ".xlsx"
            )  # an .xls/.ods, a page, a text copy, a PDF or an .odt: fill writes a workbook
        target[f] = os.path.join(os.fspath(fill_dir), name)
    by_out: dict[str, list[str]] = {}
    for f, out in target.items():
        key = unicodedata.normalize("NFC", os.path.normcase(os.path.abspath(out)))
        if sys.platform in ("darwin", "win32"):
            key = key.lower()  # case-insensitive file systems
        by_out.setdefault(key, []).append(f)
    outs: dict[str, str] = {}
    collisions: dict[str, str] = {}  # input -> why its corrected workbook is not written
    inputs = {os.path.abspath(f) for f in files}
    for group in by_out.values():
        out = target[group[0]]
        if len(group) > 1:
            for f in group:
                others = render("list-sep").join(shown.get(g, g) for g in group if g != f)
                collisions[f] = render("batch-fill-same-output", others=others, out=out)
        elif os.path.abspath(out) in inputs:
            collisions[group[0]] = render("batch-fill-output-is-input", out=out)
        elif os.path.exists(out):
            collisions[group[0]] = render("batch-fill-output-exists", out=out)
        else:
            outs[group[0]] = out
    return outs, collisions


__all__ = [
    "BatchReport",
    "FileResult",
    "Total",
    "WorkerError",
    "render",
    "run_batch",
    "summarize",
]
