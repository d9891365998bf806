"""`fill` on the real-layout corpus (tests/cases/*): the invariants a clerk relies on.

For every case: IN stays byte-identical, OUT is written, every edit is justified by what `check` said
of IN, nothing else of the user's sheets changes, what the plan claimed to fix is fixed in OUT, a second
fill changes nothing, and what the relations cannot decide is left alone and asked about. A handful of
OUTs go through LibreOffice (recalculated values read back with calamine), and a few cases are filled
from their .xls/.ods versions and compared with the .xlsx original.
"""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from conftest import soffice_convert
from test_cases import _cases, _workbook

from govreport.cells.formula import references
from govreport.check.run import check_file
from govreport.fill.run import fill_file
from govreport.findings import json_number
from govreport.locate.find import REPORT_SHEET

# every case, the ones committed as .xls/.ods too (fill carries them into a new .xlsx)
CASES = _cases()
# OUT of these goes through LibreOffice: typos corrected, every case with formulas (a range fixed, cached or
# uncached, table 2 and table 3), a blank total column filled, placeholders filled, a table-3 total corrected,
# a needs-review total, the committed .xls/.ods inputs carried into .xlsx, a split table, and SUM totals
# saved short of numbers stored as text (OUT makes them numbers; recalculated, the totals are right)
LIBREOFFICE = [
    "two_typos",
    "formulas_uncached_sum_misses_column",
    "formulas_cached_libreoffice",
    "t3_sum_formula_misses_pending",
    "total_column_blank",
    "placeholders_fullwidth_units",
    "sheet123_unmerged_review_total_zero",
    "appeals_with_row_label",
    "form2019_national_ods",
    "form2019_national_xls",
    "form2019_xls_two_label_columns",
    "mixed_t1_2019_t2_2021_xls",
    "seed_whole_report_one_sheet",
    "pages_split_header_repeated",
    "formulas_cached_sum_skips_text",
    "excel_error_values_in_totals",
]
# errors no edit or question can settle: the table is not in the workbook at all
STRUCTURAL = {"no-tables", "table-not-found", "row-not-found", "column-not-found"}
# filled from their .xls / .ods versions: a correction, fills of placeholders and blanks, a normalised text number
CARRIED = ["two_typos", "placeholders_fullwidth_units", "pdf_conversion_seed_like", "sheet_per_table_typo"]


class Run:
    """One case built, filled, and its OUT filled again."""

    def __init__(self, case: Path, root: Path) -> None:
        self.case = case
        self.expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
        src = _workbook(case, root)
        if src.parent != root:  # a committed workbook: work on a copy, never in the repository
            src = Path(shutil.copy(src, root / src.name))
        self.path = src
        self.before = src.read_bytes()
        # a macro-enabled input keeps its type (fill refuses to drop the macros into an .xlsx)
        suffix = ".xlsm" if src.suffix == ".xlsm" else ".xlsx"
        self.out = root / f"out{suffix}"
        self.result = fill_file(src, self.out)
        self.out2 = root / f"out2{suffix}"
        self.second = fill_file(self.out, self.out2) if self.out.exists() else None


_RUNS: dict[str, Run] = {}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    def get(case: Path) -> Run:
        if case.name not in _RUNS:
            _RUNS[case.name] = Run(case, tmp_path_factory.mktemp(case.name))
        return _RUNS[case.name]

    yield get
    _RUNS.clear()


def _cells(report) -> dict[str, Any]:
    return {str(info.ref): info for t in report.tables for info in t.cells.values()}


def _same(a: Any, b: Any) -> bool:
    """Two cell values are equal: numbers by value (openpyxl reads a Decimal back as float), else exactly."""
    if (
        isinstance(a, int | float | Decimal)
        and isinstance(b, int | float | Decimal)
        and not isinstance(a, bool)
        and not isinstance(b, bool)
    ):
        return Decimal(repr(a) if isinstance(a, float) else a) == Decimal(
            repr(b) if isinstance(b, float) else b
        )
    return a == b


def _carried(path: Path) -> bool:
    """IN is an .xls/.ods (openpyxl cannot open it): OUT is a new .xlsx built from its values."""
    return path.suffix.lower() in (".xls", ".ods")


def _grid(path: Path) -> dict[str, dict[str, Any]]:
    """Every non-empty cell of every sheet: values and formulas (openpyxl; calamine's values for .xls/.ods)."""
    if _carried(path):
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(str(path))
        out: dict[str, dict[str, Any]] = {}
        for name in book.sheet_names:
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            out[name] = {
                f"{openpyxl.utils.get_column_letter(c + 1)}{r + 1}": v
                for r, row in enumerate(rows)
                for c, v in enumerate(row)
                if v not in ("", None)
            }
        return out
    wb = openpyxl.load_workbook(path)
    return {
        ws.title: {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}
        for ws in wb.worksheets
    }


ids = [c.name for c in CASES]


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_input_untouched_output_written(runs, case):
    run = runs(case)
    assert run.path.read_bytes() == run.before
    r = run.result
    if r.input.unreadable:
        assert not run.out.exists() and r.exit_code == 2
        return
    assert r.error is None, r.error
    assert run.out.exists() and r.output is not None and not r.output.unreadable
    assert r.exit_code == (1 if r.output.errors or r.plan.needs_review else 0)


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_every_edit_is_justified(runs, case):
    r = runs(case).result
    cells = _cells(r.input)
    findings = r.input.findings
    for e in r.plan.edits:
        info = cells[e.cell]
        at = [f for f in findings if f.cell == e.cell]
        if e.kind == "filled":
            assert info.value.state in ("blank", "placeholder", "text"), e
            assert info.expected is not None and _same(info.expected, e.new), (e, info.expected)
            assert any(f.code in ("blank-cell", "invalid-value") and _same(f.expected, e.new) for f in at), e
        elif e.kind == "normalized":
            assert info.value.state == "text-number", e
            assert _same(info.value.number, e.new), e
            # a number stored as text, or a number under a date format (10 shown as 1900-01-10)
            assert any(f.code in ("text-number", "date-format") and _same(f.actual, e.new) for f in at), e
        elif e.kind == "corrected":
            if isinstance(e.new, str):  # a formula whose range was wrong: now exactly the relation's parts
                assert e.new.startswith("=") and info.formula is not None, e
                if "#REF!" in e.old:  # lost its references: rewritten over the parts of its determined total
                    assert any(f.code == "formula-error" and f.expected is not None for f in at), e
                    continue
                [f] = [f for f in at if f.code == "formula-mismatch"]
                got = {
                    f"{s or info.ref.sheet}!{openpyxl.utils.get_column_letter(c + 1)}{r_ + 1}"
                    for s, r_, c in references(e.new[1:])
                }
                assert got == set(f.cells), (e, f.cells)
            else:
                assert any(
                    f.severity == "error" and f.expected is not None and _same(f.expected, e.new) for f in at
                ), (e, [(f.code, f.expected) for f in at])
        else:  # needs-review: a unit conversion, or the recomputed total of a relation with no unique culprit
            converted = any(f.code == "unit-converted" and _same(f.actual, e.new) for f in at)
            total = any(
                f.code == "sum-mismatch" and f.cell is None and e.cell in f.cells and _same(f.expected, e.new)
                for f in findings
            )
            assert converted or total, e
        assert e.reason and e.cell in {str(e.ref)}


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_nothing_else_changed(runs, case):
    run = runs(case)
    if not run.out.exists():
        pytest.skip("no OUT (IN unreadable)")
    before, after = _grid(run.path), _grid(run.out)
    assert list(after) == [s for s in before if s != REPORT_SHEET] + [REPORT_SHEET]
    edits = {(e.ref.sheet, e.ref.a1): e for e in run.result.plan.edits}
    for sheet, grid in before.items():
        if sheet == REPORT_SHEET:
            continue
        for a1 in grid.keys() | after[sheet].keys():
            old, new = grid.get(a1), after[sheet].get(a1)
            if (sheet, a1) in edits:
                assert _same(new, edits[sheet, a1].new), (sheet, a1, new, edits[sheet, a1])
            else:
                assert _same(old, new), f"{sheet}!{a1}: {old!r} -> {new!r} without an edit"


def _style(c) -> tuple:
    return (
        c.number_format,
        c.font.b,
        c.font.sz,
        c.font.name,
        c.fill.fill_type,
        c.fill.fgColor.rgb,
        c.border.left.style,
        c.border.top.style,
        c.alignment.horizontal,
        bool(c.alignment.wrap_text),  # None and False: both "no wrap"
        c.comment.text if c.comment else None,
    )


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_formatting_kept_and_edits_marked(runs, case):
    run = runs(case)
    if not run.out.exists():
        pytest.skip("no OUT (IN unreadable)")
    if _carried(run.path):  # no formatting is carried from .xls/.ods (the notes say so); edits still marked
        wb = openpyxl.load_workbook(run.out)
        for e in run.result.plan.edits:
            c = wb[e.ref.sheet][e.ref.a1]
            assert (
                c.comment is not None and c.comment.author == "govreport" and c.fill.fill_type == "solid"
            ), e
        return
    wb_in, wb_out = openpyxl.load_workbook(run.path), openpyxl.load_workbook(run.out)
    assert wb_out.calculation.fullCalcOnLoad
    edits = {(e.ref.sheet, e.ref.a1): e for e in run.result.plan.edits}
    for ws in wb_in.worksheets:
        if ws.title == REPORT_SHEET:
            continue
        out = wb_out[ws.title]
        # a range merged over number cells that get values ("0" over C:I) is split so each gets its own
        # (an edit of its top-left cell alone keeps it)
        split = {
            str(m)
            for m in ws.merged_cells.ranges
            if any(
                (ws.title, f"{openpyxl.utils.get_column_letter(c)}{r}") in edits
                for r in range(m.min_row, m.max_row + 1)
                for c in range(m.min_col, m.max_col + 1)
                if (r, c) != (m.min_row, m.min_col)
            )
        }
        assert {str(r) for r in out.merged_cells.ranges} == {str(r) for r in ws.merged_cells.ranges} - split
        assert {k: v.width for k, v in out.column_dimensions.items() if v.width} == {
            k: v.width for k, v in ws.column_dimensions.items() if v.width
        }
        assert {k: v.height for k, v in out.row_dimensions.items() if v.height} == {
            k: v.height for k, v in ws.row_dimensions.items() if v.height
        }
        for row in ws.iter_rows():
            for c in row:
                o = out[c.coordinate]
                if (ws.title, c.coordinate) in edits:
                    assert o.comment is not None and o.comment.author == "govreport", c.coordinate
                    assert o.fill.fill_type == "solid" and o.fill.fgColor.rgb != c.fill.fgColor.rgb
                    assert o.border.left.style == c.border.left.style and o.font.sz == c.font.sz
                else:
                    assert _style(o) == _style(c), f"{ws.title}!{c.coordinate} formatting changed"


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_what_was_fixed_stays_fixed(runs, case):
    run = runs(case)
    r = run.result
    if r.output is None:
        pytest.skip("no OUT (IN unreadable)")
    edited = {e.cell for e in r.plan.edits}
    for f in r.output.errors:
        touched = ({f.cell} | set(f.cells)) & edited
        # a cell the plan changed must not be blamed again (normalising keeps the number: it fixes nothing)
        assert not {
            c for c in touched if next(e for e in r.plan.edits if e.cell == c).kind != "normalized"
        }, f"{f.code} {f.cell}: {f.message}"
    key = lambda f: (f.code, f.relation, f.cell, f.table)  # noqa: E731
    new = {key(f) for f in r.output.errors} - {key(f) for f in r.input.errors}
    assert not new, f"fill introduced errors: {new}"
    cells = _cells(r.output)
    for a1, value in run.expected.get("blamed", {}).items():
        assert a1 in cells, a1
        assert json_number(cells[a1].number) == value, (a1, cells[a1].number, value)


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_second_fill_changes_nothing(runs, case):
    run = runs(case)
    if run.second is None:
        pytest.skip("no OUT (IN unreadable)")
    again = run.second
    assert again.error is None, again.error
    cells = _cells(again.input)
    restated = [
        e
        for e in again.plan.edits
        if not _same(cells[e.cell].number, e.new)
        and not (isinstance(e.new, str) and cells[e.cell].formula == e.new[1:])
    ]
    assert not restated, [e.reason for e in restated]
    first, second = _grid(run.out), _grid(run.out2)
    for sheet in first:
        if sheet != REPORT_SHEET:
            assert first[sheet] == second[sheet], sheet
    assert {f.code for f in again.output.errors} == {f.code for f in run.result.output.errors}


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_undeterminable_left_alone_and_asked(runs, case):
    r = runs(case).result
    if r.input.unreadable:
        pytest.skip("IN unreadable")
    changed = {e.cell for e in r.plan.edits if e.kind != "normalized"}
    asked = "\n".join(r.plan.questions)
    review = {e.cell for e in r.plan.edits if e.kind == "needs-review"}
    for f in r.input.findings:
        if f.code in ("sum-mismatch", "balance-mismatch", "unsatisfiable") and f.cell is None:
            if set(f.cells) & review:
                continue  # a table-3 total recomputed and flagged: the rule of the issue
            assert not set(f.cells) & changed, (f.message, set(f.cells) & changed)
            # the question names the relation's cells, or the cells that could change (formula totals
            # follow their parts, so a broken balance over them is settled in the parts)
            could = [c for cand in f.candidates for c in cand.cells]
            assert any(c in asked for c in (*f.cells, *could)), f"not asked: {f.message}\n{asked}"
        if f.code in ("blank-cell", "invalid-value") and f.expected is None:
            assert f.cell not in changed
            assert f.cell in asked or "……" in asked, f"blank {f.cell} not listed:\n{asked}"
    for q in r.plan.questions:  # a person reads these: no internal English keys
        assert not any(w in q for w in ("requests.", "natural_person", "column-total", "balance（")), q


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_blamed_cells_get_exactly_the_expected_value(runs, case):
    """expected.json's ground truth: each cell it blames is edited, and OUT holds exactly that value."""
    run = runs(case)
    r = run.result
    blamed = run.expected.get("blamed", {})
    if not blamed:
        pytest.skip("the case blames no cell")
    edits = {e.cell: e for e in r.plan.edits}
    out = _cells(r.output)
    for cell, value in blamed.items():
        assert cell in edits, f"{cell} should become {value}; edits: {sorted(edits)}"
        e = edits[cell]
        assert e.kind in ("filled", "corrected"), e  # the relations decide it: nothing for a person to review
        if isinstance(e.new, str):  # a total's formula rewritten: its value in OUT is what counts
            assert e.new.startswith("=") and out[cell].formula == e.new[1:], e
        else:
            assert json_number(e.new) == value, e
        assert json_number(out[cell].number) == value, (cell, out[cell].number)
        assert not [f for f in r.output.findings if f.cell == cell], cell
    # the cases' undeterminable errors (blamed cell null) get no "corrected" edit
    if any(cell is None for _, cell in run.expected["errors"]):
        assert r.plan.questions or r.plan.needs_review


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_determined_blanks_are_filled(runs, case):
    """Every blank or placeholder the relations determine is filled with that value, and only those."""
    r = runs(case).result
    if r.input.unreadable:
        pytest.skip("IN unreadable")
    edits = {e.cell: e for e in r.plan.edits}
    determined = {
        f.cell: f.expected
        for f in r.input.findings
        if f.code in ("blank-cell", "invalid-value") and f.expected is not None
    }
    cells = _cells(r.input)
    for cell, value in determined.items():
        # an Excel error value (#REF!) was no typed entry either, but repair calls replacing it a correction
        kind = "corrected" if cells[cell].value.state == "error" else "filled"
        assert cell in edits and edits[cell].kind == kind and _same(edits[cell].new, value), (cell, value)
    filled = {c for c, e in edits.items() if e.kind == "filled"}
    assert filled <= set(determined), filled - set(determined)


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_out_checks_clean_unless_asked(runs, case):
    """OUT has no error left except what the plan asks a person about (or a table that is not there)."""
    r = runs(case).result
    if r.output is None:
        pytest.skip("no OUT (IN unreadable)")
    asked = "\n".join(r.plan.questions)
    for f in r.output.errors:
        if f.code in STRUCTURAL:
            assert (f.code, f.cell) in {(g.code, g.cell) for g in r.input.errors}, f.message
            continue
        cells = [f.cell] if f.cell else [*f.cells, *(c for cand in f.candidates for c in cand.cells)]
        assert any(c in asked for c in cells), f"{f.code} {f.cell}: {f.message} is neither fixed nor asked"
    review = {f.cell for f in r.output.findings if f.code == "needs-review"}
    assert review == {e.cell for e in r.plan.edits if e.kind == "needs-review"}
    if not r.plan.questions and not r.plan.needs_review:
        assert not [f for f in r.output.errors if f.code not in STRUCTURAL]
        assert r.exit_code == (1 if r.output.errors else 0)


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_cli_fill_writes_the_same_copy(runs, case, tmp_path):
    """`govreport fill IN -o OUT --format json` does what fill_file did: same changes, exit code and cells."""
    from click.testing import CliRunner

    from govreport.cli.app import cli

    run = runs(case)
    out = tmp_path / f"cli{run.out.suffix}"
    res = CliRunner().invoke(cli, ["fill", str(run.path), "-o", str(out), "--format", "json"])
    assert res.exit_code == run.result.exit_code, res.output
    doc = json.loads(res.output)
    assert doc["changes"] == [e.to_dict() for e in run.result.plan.edits]
    assert doc["questions"] == run.result.plan.questions
    if run.result.output is None:
        assert not out.exists()
        return
    assert doc["output"] == str(out) and doc["error"] is None
    assert [f["code"] for f in doc["files"][0]["findings"]] == [f.code for f in run.result.output.findings]
    mine, theirs = _grid(run.out), _grid(out)
    assert mine.keys() == theirs.keys()
    for sheet in mine:
        if sheet != REPORT_SHEET:
            assert mine[sheet] == theirs[sheet], sheet


# ----------------------------------------------------------------------------- LibreOffice


def _copies(runs, names, folder, which) -> list:
    """The chosen file of each named case's run, copied into one folder as <case>.xlsx (one soffice call)."""
    folder.mkdir(exist_ok=True)
    out = []
    for name in names:
        src = folder / f"{name}.xlsx"
        shutil.copy(which(runs(next(c for c in CASES if c.name == name))), src)
        out.append(src)
    return out


@pytest.fixture(scope="module")
def recalculated(runs, tmp_path_factory):
    """The OUTs of the LIBREOFFICE cases, opened and re-saved by LibreOffice (one process for all)."""
    d = tmp_path_factory.mktemp("lo")
    sources = _copies(runs, LIBREOFFICE, d / "in", lambda run: run.out)
    converted = soffice_convert(sources, "xlsx", d / "out")
    return dict(zip(LIBREOFFICE, converted, strict=True))


def _calamine(path: Path) -> dict[str, list[list[Any]]]:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    return {name: wb.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in wb.sheet_names}


@pytest.mark.parametrize("name", LIBREOFFICE)
def test_libreoffice_recalculates_to_the_checked_values(runs, recalculated, name):
    run = runs(next(c for c in CASES if c.name == name))
    grids = _calamine(recalculated[name])
    out = run.result.output
    assert out is not None
    checked = 0
    for info in _cells(out).values():
        if info.number is None:
            continue
        rows = grids[info.ref.sheet]
        value = (
            rows[info.ref.row][info.ref.col]
            if info.ref.row < len(rows) and info.ref.col < len(rows[info.ref.row])
            else None
        )
        assert isinstance(value, int | float), (str(info.ref), value)
        assert _same(value, info.number), f"{info.ref}: LibreOffice {value}, govreport {info.number}"
        checked += 1
    assert checked
    # the relations hold on LibreOffice's values exactly where they hold in OUT's check
    again = check_file(recalculated[name])
    assert {(f.code, f.cell) for f in again.errors} == {(f.code, f.cell) for f in out.errors}
    # the same numbers as a supervisor's Excel shows them: openpyxl reads LibreOffice's cached results,
    # and every formula of OUT (a corrected range included) is still a formula after the round trip
    values = openpyxl.load_workbook(recalculated[name], data_only=True)
    formulas = openpyxl.load_workbook(recalculated[name])
    for info in _cells(out).values():
        if info.number is not None:
            got = values[info.ref.sheet][info.ref.a1].value
            assert _same(got, info.number), f"{info.ref}: LibreOffice {got!r}, govreport {info.number}"
        if info.formula is not None:
            kept = formulas[info.ref.sheet][info.ref.a1].value
            assert isinstance(kept, str) and kept.startswith("="), (str(info.ref), kept)
    for e in run.result.plan.edits:
        if isinstance(e.new, str):
            assert formulas[e.ref.sheet][e.ref.a1].value.replace("$", "") == e.new, e
    texts = {v for row in grids[REPORT_SHEET] for v in row if isinstance(v, str)}
    for e in run.result.plan.edits:
        if not isinstance(e.new, str):
            assert _same(grids[e.ref.sheet][e.ref.row][e.ref.col], e.new), e
        if isinstance(e.old, str) and e.old.startswith("="):  # the old formula is quoted as text, not run
            assert e.old in texts, (e.old, sorted(texts)[:20])


# ----------------------------------------------------------------------------- .xls / .ods inputs


@pytest.fixture(scope="module")
def carried(runs, tmp_path_factory):
    d = tmp_path_factory.mktemp("carried")
    sources = _copies(runs, CARRIED, d / "src", lambda run: run.path)
    return {
        fmt: dict(zip(CARRIED, soffice_convert(sources, fmt, d / fmt), strict=True)) for fmt in ("xls", "ods")
    }


@pytest.mark.parametrize("fmt", ["xls", "ods"])
@pytest.mark.parametrize("name", CARRIED)
def test_fill_of_xls_and_ods_matches_the_xlsx(runs, carried, fmt, name, tmp_path):
    run = runs(next(c for c in CASES if c.name == name))
    src = carried[fmt][name]
    before = src.read_bytes()
    out = tmp_path / "out.xlsx"
    result = fill_file(src, out)
    assert src.read_bytes() == before
    assert result.error is None, result.error
    assert out.exists() and result.output is not None
    # the same edits, with the same values, as the .xlsx original got
    want = {
        (e.cell, e.kind, json_number(e.new) if not isinstance(e.new, str) else e.new)
        for e in run.result.plan.edits
    }
    got = {
        (e.cell, e.kind, json_number(e.new) if not isinstance(e.new, str) else e.new)
        for e in result.plan.edits
    }
    assert got == want
    assert {(f.code, f.cell) for f in result.output.errors} == {
        (f.code, f.cell) for f in run.result.output.errors
    }
    # nothing else changed: every value of the original's sheets is in OUT, the edited cells hold the new value
    original, after = _grid(run.path), _grid(out)
    edits = {(e.ref.sheet, e.ref.a1): e for e in result.plan.edits}
    for sheet, grid in original.items():
        for a1 in grid.keys() | after[sheet].keys():
            old, new = grid.get(a1), after[sheet].get(a1)
            if (sheet, a1) in edits:
                assert _same(new, edits[sheet, a1].new), (sheet, a1, new)
            elif isinstance(old, str) and old.startswith("="):
                continue  # an .xls formula is carried as its value (the notes say so); the checks above hold
            else:
                assert _same(old, new), f"{sheet}!{a1}: {old!r} -> {new!r}"
    again = fill_file(out, tmp_path / "out2.xlsx")
    assert not [e for e in again.plan.edits if not _same(_cells(again.input)[e.cell].number, e.new)]


# ----------------------------------------------------------------------------- blanks on the real layouts

# consistent as expected.json says, which a case govreport does not get right yet ("xfail") is not
OK_CASES = [
    c
    for c in CASES
    if (e := json.loads((c / "expected.json").read_text(encoding="utf-8")))["status"] == "ok"
    and "xfail" not in e
    and not any(map(_carried, c.iterdir()))
]


@pytest.mark.parametrize("case", OK_CASES, ids=[c.name for c in OK_CASES])
def test_blanked_cells_are_restored_or_asked(runs, case, tmp_path):
    """Blank 1–3 numbers of a consistent real layout: fill writes back exactly the old number or asks."""
    import random

    run = runs(case)
    rng = random.Random(case.name)
    numbers = [
        i for i in _cells(run.result.input).values() if isinstance(i.number, int) and i.formula is None
    ]
    for k in range(3):
        pick = rng.sample(numbers, min(len(numbers), k + 1))
        wb = openpyxl.load_workbook(run.path)
        for i in pick:
            wb[i.ref.sheet].cell(i.ref.row + 1, i.ref.col + 1).value = None
        src = tmp_path / f"blank{k}.xlsx"
        wb.save(src)
        result = fill_file(src, tmp_path / f"out{k}.xlsx")
        edits = {e.cell: e for e in result.plan.edits}
        blanked = {str(i.ref): i.number for i in pick}
        assert set(edits) <= set(blanked), [e.reason for e in edits.values()]
        for cell, number in blanked.items():
            if cell in edits:
                assert edits[cell].kind == "filled" and edits[cell].new == number, edits[cell].reason
            else:
                assert any(cell in q for q in result.plan.questions), (cell, result.plan.questions)
        assert result.output is not None and not result.output.errors


def test_xls_formula_note_only_when_the_xls_has_formulas(runs, tmp_path):
    """The copy of an .xls says its formulas were not carried, with their number, and only if it had any."""
    plain = runs(next(c for c in CASES if c.name == "form2019_national_xls")).result
    assert plain.error is None and plain.dropped
    assert not [n for n in plain.dropped if "公式" in n], plain.dropped
    run = runs(next(c for c in CASES if c.name == "formulas_uncached_sum_misses_column"))
    count = sum(
        isinstance(v, str) and v.startswith("=") for g in _grid(run.path).values() for v in g.values()
    )
    assert count > 30
    src = tmp_path / "src" / run.path.name
    src.parent.mkdir()
    shutil.copy(run.path, src)
    [xls] = soffice_convert([src], "xls", tmp_path / "xls")
    result = fill_file(xls, tmp_path / "out.xlsx")
    assert result.error is None
    assert [n for n in result.dropped if "公式" in n] == [
        f".xls 中的公式 {count} 个未能带入（python-calamine 不读取 .xls 公式），只带入了其计算结果"
    ]
    # the values LibreOffice computed are carried: the wrong total and the column total that followed it
    assert {e.cell: (e.kind, e.new) for e in result.plan.edits} == {
        "Sheet1!I34": ("corrected", 7),
        "Sheet1!I45": ("corrected", 35),
    }
    assert result.output is not None and not result.output.errors
