"""Every file format gives the same result: example workbooks re-saved by LibreOffice Calc as xlsx, xls, ods.

Files written by a real office suite differ from openpyxl's (cached formula values, shared strings, BIFF8
records, ODF repeated cells and spans), so the corpus is re-saved through `soffice --headless` once per test
session (three soffice runs in all) and every copy must give the same findings — code, cells, expected and
actual — and the same located cells and numbers as the original.

Known, documented loss: python-calamine reads no formulas from .xls (BIFF8), so a total whose formula reads
the wrong cells (`formula-mismatch`) is not found in an .xls; the cached values are read, so every arithmetic
finding is the same. The reader records this in Book.notes. One consequence: a total whose =SUM reads a blank
part is computed as if the blank were 0, so in .xlsx/.ods that total is no evidence about the blank (it is
treated as unknown), while in an .xls it is just a number and its relation pins the blank to 0 — the .xls
copy of such a workbook reports `unsatisfiable` balances the original does not, and the cells involved
carry different expected values and statuses (only cells and numbers are compared).
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import openpyxl
import pytest
from conftest import DEMO, soffice_convert
from samples import consistent_values

from govreport.check.run import check_file
from govreport.fill.run import fill_file
from govreport.findings import FileReport
from govreport.forms import get_form
from govreport.read.spreadsheet import open_book
from govreport.template import Layout, write_report

FORMATS = ("xlsx", "xls", "ods")
LOST_IN = {"xls": {"formula-mismatch"}}  # see the module docstring

LAYOUTS = {
    "national": ("2021", Layout()),
    "formulas": ("2021", Layout(formulas=True)),
    "sheets_unmerged_variants": ("2021", Layout(one_sheet=False, merged_labels=False, label_variants=True)),
    "offset_spacer_variants1": (
        "2021",
        Layout(
            top_offset=3, left_offset=2, spacer_col=True, label_variants=True, variant_set=1, title_rows=2
        ),
    ),
    "seed_style": ("2021", Layout(seed_style=True, other_single_row=True)),
    "form2019": ("2019", Layout(formulas=True, one_sheet=False)),
}


def _errors(form_version: str, seed: int) -> dict:
    vals = consistent_values(get_form(form_version), random.Random(seed), zero_share=0.2)
    vals[("requests", "new", "business")] = vals[("requests", "new", "business")] + 1  # a sum error
    vals[("requests", "new", "natural_person")] = f"{vals[('requests', 'new', 'natural_person')]}件"
    vals[("requests", "carried_in", "research")] = None  # a blank the relations determine
    vals[("requests", "carried_out", "other_org")] = "见附件"  # not a number
    return vals


def _wrong_formula(path: Path, where: dict) -> None:
    """Make one total's SUM skip its first part (a formula-mismatch and a sum error)."""
    wb = openpyxl.load_workbook(path)
    for (table, _row, col), ref in where.items():
        sheet, a1 = ref.split("!")
        cell = wb[sheet][a1]
        if table == "requests" and col == "total" and str(cell.value).startswith("=SUM("):
            first = str(cell.value)[5:].split(":")[0]
            nxt = chr(ord(first[0]) + 1) + first[1:]
            cell.value = str(cell.value).replace(first, nxt, 1)
            break
    wb.save(path)


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    """name -> {"orig": written file, "xlsx"/"xls"/"ods": LibreOffice's copy}; converted once per session."""
    d = tmp_path_factory.mktemp("formats")
    src = d / "src"
    src.mkdir()
    sources: list[Path] = []
    for name, (version, layout) in LAYOUTS.items():
        form = get_form(version)
        vals = consistent_values(form, random.Random(len(name)), zero_share=0.3)
        write_report(src / f"{name}.xlsx", form, vals, layout=layout, agency="测试局", year=int(version))
        sources.append(src / f"{name}.xlsx")
        p = src / f"{name}_errors.xlsx"
        where = write_report(
            p, form, _errors(version, len(name)), layout=layout, agency="测试局", year=int(version)
        )
        if layout.formulas:
            _wrong_formula(p, where)
        sources.append(p)
    shutil.copy(DEMO, src / "demo.xlsx")
    sources.append(src / "demo.xlsx")
    out: dict[str, dict[str, Path]] = {p.stem: {"orig": p} for p in sources}
    for fmt in FORMATS:
        for p in soffice_convert(sources, fmt, d / fmt):
            out[p.stem][fmt] = p
    return out


def _findings(report: FileReport, drop: set[str] = frozenset()) -> list[tuple]:
    return [
        (f.code, f.severity, f.relation, f.cell, f.cells, f.expected, f.actual, f.table, f.row, f.column)
        for f in report.findings
        if f.code not in drop
    ]


def _located(report: FileReport) -> dict[tuple[str, str, str], tuple]:
    # not value.state: a formula openpyxl wrote has no cached value ("formula"), a re-saved one has ("number")
    return {
        (t.key, rk, ck): (str(c.ref), c.number, c.status, c.expected)
        for t in report.tables
        for (rk, ck), c in t.cells.items()
    }


def _reads_a_blank(report: FileReport) -> bool:
    """Some formula total reads a blank or invalid cell of its table."""
    from govreport.cells.formula import references
    from govreport.read.model import CellRef

    for t in report.tables:
        unknown = {c.ref for c in t.cells.values() if c.number is None}
        for c in t.cells.values():
            refs = references(c.formula) if c.formula else None
            if refs and any(CellRef(s or c.ref.sheet, r, k) in unknown for s, r, k in refs):
                return True
    return False


CASES = [*LAYOUTS, *(f"{n}_errors" for n in LAYOUTS), "demo"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", CASES)
def test_same_findings_in_every_format(corpus: dict[str, dict[str, Path]], name: str, fmt: str) -> None:
    orig = check_file(corpus[name]["orig"], debug=True)
    copy = check_file(corpus[name][fmt], debug=True)
    assert open_book(corpus[name][fmt]).format == fmt
    drop = LOST_IN.get(fmt, set())
    blank_under_formula = fmt == "xls" and _reads_a_blank(orig)
    if blank_under_formula:  # see the module docstring: only the cell-level findings can agree
        assert [f for f in _findings(copy) if f[3]] == [f for f in _findings(orig, drop) if f[3]]
    else:
        assert _findings(copy) == _findings(orig, drop)
    assert copy.status == orig.status or drop & {f.code for f in orig.findings}
    assert (copy.form, copy.agency, copy.year) == (orig.form, orig.agency, orig.year)
    located, expected = _located(copy), _located(orig)
    if blank_under_formula:
        located, expected = ({k: v[:2] for k, v in d.items()} for d in (located, expected))
    assert located == expected
    assert orig.tables, "the corpus must exercise located tables"


def test_corpus_has_the_findings_it_is_meant_to(corpus: dict[str, dict[str, Path]]) -> None:
    """The error workbooks really contain each kind of finding, so equality above is not vacuous."""
    codes = {f.code for n in CASES if n.endswith("_errors") for f in check_file(corpus[n]["orig"]).findings}
    assert {"sum-mismatch", "text-number", "blank-cell", "invalid-value", "formula-mismatch"} <= codes
    assert check_file(corpus["national"]["orig"]).status == "ok"


@pytest.mark.parametrize("fmt", ["xls", "ods"])
def test_format_sniffed_from_content_not_extension(
    corpus: dict[str, dict[str, Path]], fmt: str, tmp_path: Path
) -> None:
    renamed = tmp_path / f"really_{fmt}.xlsx"
    shutil.copy(corpus["national_errors"][fmt], renamed)
    assert open_book(renamed).format == fmt
    assert _findings(check_file(renamed, debug=True)) == _findings(
        check_file(corpus["national_errors"][fmt], debug=True)
    )


def test_wps_et_is_read_and_filled_as_the_xls_it_is(
    corpus: dict[str, dict[str, Path]], tmp_path: Path
) -> None:
    """WPS 表格 saves .et (a BIFF workbook, as .xls is) by default: checked, and corrected into an .xlsx."""
    et = tmp_path / "某局2021年报.et"
    shutil.copy(corpus["national_errors"]["xls"], et)
    assert _findings(check_file(et, debug=True)) == _findings(
        check_file(corpus["national_errors"]["xls"], debug=True)
    )
    result = fill_file(et)
    assert result.error is None and result.out_path == str(tmp_path / "某局2021年报_已校正.xlsx")
    assert check_file(result.out_path).status == "ok"


@pytest.mark.parametrize("fmt", ["xls", "ods"])
def test_merged_ranges_survive(corpus: dict[str, dict[str, Path]], fmt: str) -> None:
    """The merged label layouts keep their merged ranges in every format (ods: read from content.xml)."""
    orig = open_book(corpus["national"]["orig"])
    copy = open_book(corpus["national"][fmt])
    for s in orig.sheets:
        assert sorted(copy.sheet(s.name).merged) == sorted(s.merged), s.name
    assert any(s.merged for s in orig.sheets)


def test_ods_formulas_read(corpus: dict[str, dict[str, Path]]) -> None:
    orig = open_book(corpus["formulas"]["orig"])
    copy = open_book(corpus["formulas"]["ods"])
    for s in orig.sheets:
        assert copy.sheet(s.name).formulas == s.formulas
    assert any(s.formulas for s in orig.sheets)
