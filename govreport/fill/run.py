"""`govreport fill`: check the input, plan the repairs, write a corrected copy, check the copy again.

The input is never written (output.write_atomic refuses it even with force). A dry run writes the copy
into a private temporary folder, checks it there and deletes it, so that its result (what would be
dropped, what would remain) is the real one and the user's folders see nothing.

Over 400 lines: fill's four paths (a workbook, an .xls/.ods carried into .xlsx, a document into the
template workbook, a Word document with tracked changes) share one write-and-recheck and one result type.
"""

from __future__ import annotations

import io
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govreport.check.narrative import NarrativeChange, narrative_changes
from govreport.check.run import check_file, check_input
from govreport.fill.budget import FILL_MAX_CELLS, fill_budget
from govreport.fill.plan import Plan, plan_repairs
from govreport.findings import FileReport, Number, envelope, exit_status, make_finding
from govreport.messages import render
from govreport.read.guards import sniff_format
from govreport.read.model import DOCUMENT_FORMATS, Book
from govreport.read.spreadsheet import UnreadableError, read_input
from govreport.safe_output import OutputError, same_file, write_atomic

OUT_SUFFIX = "_已校正"
WRITABLE = (".xlsx", ".xlsm")
# a Word document is corrected in place, as tracked changes (.docm keeps its macros); any other document
# (a page, a text copy, a PDF, an .odt, a Word 97-2003 .doc) has its figures written into the official
# template workbook
WORD = (".docx", ".docm")


@dataclass
class FillResult:
    input: FileReport  # the check of IN
    plan: Plan
    output: FileReport | None = None  # the check of OUT (of the temporary copy in a dry run)
    out_path: str | None = None
    dropped: list[str] = field(default_factory=list)  # Chinese: what the copy could not keep
    dry_run: bool = False
    error: str | None = None  # Chinese: why no copy could be written
    # sentences of the report's text that disagree with their cells before or after the changes (the text is
    # never edited: a person decides which is right)
    narrative: list[NarrativeChange] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0 no error left in OUT, 1 errors or needs-review changes remain, 2 IN unreadable or not written."""
        if self.input.unreadable or self.error is not None or self.output is None:
            return exit_status(unreadable=True, errors=False)
        return exit_status(
            unreadable=self.output.unreadable,
            errors=bool(
                self.output.errors
                or self.plan.needs_review
                or any(f.code == "needs-review" for f in self.output.findings)
            ),
        )

    def to_dict(self) -> dict[str, Any]:
        """The check envelope of OUT (of IN when nothing was written) plus the changes."""
        doc = envelope([self.output if self.output is not None else self.input])
        doc.update(
            {
                "input": self.input.path,
                "output": self.out_path,
                "dry_run": self.dry_run,
                "changes": [e.to_dict() for e in self.plan.edits],
                "questions": list(self.plan.questions),
                "dropped": list(self.dropped),
                "error": self.error,
                "narrative": [c.to_dict() for c in self.narrative],
            }
        )
        return doc


def planned_values(report: FileReport, plan: Plan) -> dict[str, Number | None]:
    """The number each edited cell holds after the plan (a corrected formula: the value its relation requires)."""
    infos = {str(info.ref): info for t in report.tables for info in t.cells.values()}
    out: dict[str, Number | None] = {}
    for e in plan.edits:
        if isinstance(e.new, str):
            info = infos.get(e.cell)
            out[e.cell] = (
                info.expected
                if info is not None and info.expected is not None
                else (info.number if info is not None else None)
            )
        else:
            out[e.cell] = e.new
    return out


def default_output(in_path: str | os.PathLike) -> Path:
    """年报.xlsx -> 年报_已校正.xlsx beside it; an .xlsm stays .xlsm (its macros are kept), a .docx/.docm stays
    a Word document; a page, a text copy or a PDF gets the template workbook 年报_已校正.xlsx."""
    p = Path(in_path)
    suffix = p.suffix if p.suffix.lower() in WRITABLE + WORD else ".xlsx"
    return p.with_name(p.stem + OUT_SUFFIX + suffix)


def fill_file(
    in_path: str | os.PathLike,
    out_path: str | os.PathLike | None = None,
    *,
    force: bool = False,
    dry_run: bool = False,
) -> FillResult:
    """Check IN, plan its repairs and (unless dry_run) write them to OUT, then check OUT."""
    from govreport.fill.apply import (  # deferred: openpyxl is heavy: loaded only when a copy is written (not for --dry-run)
        apply_plan,
        is_macro_book,
        loss_lines,
        predicted_losses,
    )
    from govreport.fill.losses import (  # deferred: openpyxl is heavy: loaded only when a copy is written (not for --dry-run)
        dropped,
        formula_cache_count,
        inventory,
    )

    in_path = Path(in_path)
    try:
        data: bytes | None = read_input(in_path)  # the input is read once: every step below gets these bytes
    except UnreadableError:
        data = None  # check_input reads it again and says why it cannot
    report, book = check_input(in_path, data)
    plan = plan_repairs(report) if not report.unreadable else Plan()
    out = Path(out_path) if out_path is not None else default_output(in_path)
    result = FillResult(input=report, plan=plan, out_path=str(out), dry_run=dry_run)
    if report.unreadable:
        return result
    result.narrative = narrative_changes(report.statements, planned_values(report, plan))
    if report.file_type in DOCUMENT_FORMATS:
        if report.file_type in ("docx", "docm") and out.suffix.lower() in WORD:
            return _fill_word(in_path, data, out, result, force=force, dry_run=dry_run)
        if report.file_type == "doc" and out.suffix.lower() != ".xlsx":  # no writer for the binary format
            result.error = render(
                "fill-doc",
                in_suffix=in_path.suffix or ".doc",
                out_name=out.name,
                in_path_stem=in_path.stem,
                out_suffix=OUT_SUFFIX,
            )
            return result
        if report.file_type == "odt" and out_path is None:
            result.error = render("fill-odt", in_path_stem=in_path.stem, out_suffix=OUT_SUFFIX)
            return result
        return _fill_template(in_path, out, result, force=force, dry_run=dry_run)
    fmt = sniff_format(data or b"")  # by content, not by extension: an .xls renamed .xlsx is common
    if fmt in ("xls", "ods"):
        return _fill_carried(in_path, data, book, out, fmt, result, force=force, dry_run=dry_run)
    if same_file(out, in_path):
        result.error = render("fill-output-is-input", out=out)
        return result
    if out.suffix.lower() not in WRITABLE:
        result.error = render("fill-output-suffix", out_name=out.name)
        return result
    if is_macro_book(in_path) != is_macro_book(out):
        result.error = render("fill-macro-mismatch", in_path_name=in_path.name, out_name=out.name)
        return result
    assert data is not None  # a readable report was read from these bytes
    too_big = fill_budget(data)
    if too_big:
        # no file name: the report above it (fill) or the line it is put on (batch) names the file
        result.error = render("fill-too-big", too_big=too_big)
        return result
    try:
        before = inventory(io.BytesIO(data))
        cached = formula_cache_count(io.BytesIO(data))
    except Exception:  # not a zip we can read again: nothing to count, the save would fail below anyway
        before, cached = None, 0
    notes = loss_lines(predicted_losses(before, is_macro_book(in_path))) if before is not None else []
    if cached:
        notes.append(render("fill-cached-formulas", cached=cached))
    lost: list[str] = []

    def write(tmp: str) -> None:
        apply_plan(in_path, tmp, plan, report, notes, data=data)
        if before is not None:
            lost[:] = dropped(before, inventory(tmp), cached)

    if _write_and_recheck(result, in_path, out, write, force=force, dry_run=dry_run):
        result.dropped = lost
        _mark_review(result)
    return result


def _write_and_recheck(
    result: FillResult, in_path: Path, out: Path, write, *, force: bool, dry_run: bool, word: bool = False
) -> bool:
    """Write OUT atomically (into a private folder for a dry run) and check it again; False on failure."""
    trial = None
    try:
        if dry_run:
            with tempfile.TemporaryDirectory(prefix="govreport-") as d:
                trial = Path(d) / out.name
                write_atomic(trial, write, protect=(in_path,))
                result.output = check_file(trial)
                result.output.path = str(out)
        else:
            write_atomic(out, write, force=force, protect=(in_path,))
            result.output = check_file(out)
    except OutputError as e:
        # a dry run's private folder means nothing to the user: name the file the real run would write
        result.error = e.message.replace(str(trial), str(out)) if trial is not None else e.message
        return False
    except Exception as e:  # openpyxl refusing a workbook calamine could read: say so, keep no file
        if word:  # a Word document whose XML the tracked-change writer cannot place its changes in
            detail = (
                str(e).strip() if type(e).__name__ == "WordWriteError" else f"{type(e).__name__}: {e}"[:200]
            )
            result.error = render(
                "fill-word-refused",
                out_name=out.name,
                detail=detail,
                in_path_stem=in_path.stem,
                out_suffix=OUT_SUFFIX,
            )
            return False
        # openpyxl's own words are English and may run over lines ("Please see the exception…"): the first
        # line only, as a technical detail after the Chinese
        detail = (str(e).strip().splitlines() or [""])[0][:200]
        result.error = render(
            "fill-openpyxl-refused", out_name=out.name, error_type=type(e).__name__, detail=detail
        )
        return False
    return True


def _fill_carried(
    in_path: Path,
    data: bytes | None,
    book: Book | None,
    out: Path,
    fmt: str,
    result: FillResult,
    *,
    force: bool,
    dry_run: bool,
) -> FillResult:
    """An .xls/.ods input: carry it into a new .xlsx (openpyxl opens neither), then apply the plan there."""
    from govreport.fill.apply import (
        apply_plan,  # deferred: openpyxl is heavy: loaded only when a copy is written (not for --dry-run)
    )
    from govreport.fill.carry import (  # deferred: openpyxl is heavy: loaded only when a copy is written (not for --dry-run)
        carry_to_xlsx,
        excel_names,
    )

    if out.suffix.lower() != ".xlsx":
        result.error = render("fill-carried-suffix", fmt=fmt, out_name=out.name)
        return result
    if same_file(out, in_path):
        result.error = render("fill-output-is-input", out=out)
        return result
    assert data is not None and book is not None  # a readable report was read from these bytes
    # openpyxl makes an object of every value and merged cell carried (the reader allows 4 million)
    cells = sum(1 for sh in book.sheets for row in sh.rows for v in row if v not in ("", None))
    cells += sum((r2 - r1 + 1) * (c2 - c1 + 1) for sh in book.sheets for r1, c1, r2, c2 in sh.merged)
    if cells > FILL_MAX_CELLS:
        result.error = render("fill-carried-too-many-cells", cells=cells, fill_max_cells=FILL_MAX_CELLS)
        return result
    notes: list[str] = []
    # the copy's sheets carry Excel-legal names: the plan must name the copy's cells (an .ods sheet name may
    # be longer than 31 characters; openpyxl then had no such sheet, "KeyError", and no copy was written)
    names = excel_names([s.name for s in book.sheets])
    result.plan.edits = [
        e
        if names.get(e.ref.sheet, e.ref.sheet) == e.ref.sheet
        else e._replace(ref=e.ref._replace(sheet=names[e.ref.sheet]), cell=f"{names[e.ref.sheet]}!{e.ref.a1}")
        for e in result.plan.edits
    ]

    def write(tmp: str) -> None:
        carried = tmp + ".carry.xlsx"
        try:
            notes[:] = carry_to_xlsx(book, data, carried)
            apply_plan(carried, tmp, result.plan, result.input, notes)
        finally:
            if os.path.exists(carried):
                os.unlink(carried)

    if _write_and_recheck(result, in_path, out, write, force=force, dry_run=dry_run):
        result.dropped = list(notes)
        _mark_review(result)
    return result


def _fill_template(in_path: Path, out: Path, result: FillResult, *, force: bool, dry_run: bool) -> FillResult:
    """A page, a text copy, a PDF (or a document asked for as .xlsx): its figures in the official template
    workbook of its form version, corrected there as any workbook is."""
    from govreport.fill.apply import (
        apply_plan,  # deferred: openpyxl is heavy: loaded only when a copy is written (not for --dry-run)
    )
    from govreport.fill.transcribe import (
        write_template_copy,  # deferred: openpyxl is heavy: loaded only when a copy is written (not for --dry-run)
    )

    kind = result.input.file_type
    if out.suffix.lower() != ".xlsx":
        accepted = render("fill-accepted-template") + (
            render("fill-accepted-word") if kind in ("docx", "docm") else ""
        )
        result.error = render("fill-document-suffix", kind=kind, accepted=accepted, out_name=out.name)
        return result
    if same_file(out, in_path):
        result.error = render("fill-output-is-input", out=out)
        return result
    with tempfile.TemporaryDirectory(prefix="govreport-") as d:
        blank = Path(d) / "模板.xlsx"
        write_template_copy(result.input, blank)
        plan = plan_repairs(check_file(blank))
        result.plan = plan
        notes = [render("fill-template-note", kind=kind)]

        def write(tmp: str) -> None:
            apply_plan(blank, tmp, plan, result.input, notes)

        if _write_and_recheck(result, in_path, out, write, force=force, dry_run=dry_run):
            result.dropped = list(notes)
            _mark_review(result)
    return result


def _fill_word(
    in_path: Path, data: bytes | None, out: Path, result: FillResult, *, force: bool, dry_run: bool
) -> FillResult:
    """A Word document corrected in place: each change a tracked change with a comment (fill/word.py)."""
    from govreport.fill.word import (  # deferred: the document writer loads only when a Word copy is written
        word_copy,
    )

    want = "." + (result.input.file_type or "docx")  # by content: a .docx named .docm is still a .docx
    if out.suffix.lower() != want:
        result.error = render("fill-word-suffix", in_path_name=in_path.name, want=want, out_name=out.name)
        return result
    if same_file(out, in_path):
        result.error = render("fill-output-is-input", out=out)
        return result
    assert data is not None  # a readable report was read from these bytes
    lost: list[str] = []

    def write(tmp: str) -> None:
        body, lost[:] = word_copy(data, result.plan, result.input)
        with open(tmp, "wb") as f:
            f.write(body)

    if _write_and_recheck(result, in_path, out, write, force=force, dry_run=dry_run, word=True):
        result.dropped = lost
        _mark_review(result)
    return result


def _mark_review(result: FillResult) -> None:
    """A needs-review change satisfies its relation in OUT; the re-check still has to say a person must look."""
    assert result.output is not None
    already = {f.cell for f in result.output.findings if f.code == "needs-review"}
    for e in result.plan.edits:
        if e.kind == "needs-review" and e.cell not in already:
            result.output.findings.append(
                make_finding(
                    "needs-review",
                    render("fill-review-cell", e_cell=e.cell, e_reason=e.reason),
                    cell=e.cell,
                    cells=(e.cell,),
                    table=e.table,
                    row=e.row,
                    column=e.column,
                )
            )
