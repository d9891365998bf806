"""OUT opens in a real spreadsheet program: LibreOffice re-saves it with every formula recalculated, and the
corrected cells and the totals read back (python-calamine) are what the checker expects."""

import os
import random
import shutil
import subprocess
import uuid

import pytest
import python_calamine as pc
from samples import consistent_values

from govreport.check.run import check_file
from govreport.fill.run import fill_file
from govreport.forms import get_form
from govreport.read.model import parse_a1
from govreport.template import Layout, write_report

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
REQUIRED = os.environ.get("GOVREPORT_REQUIRE_SOFFICE") == "1"


@pytest.fixture
def soffice():
    if SOFFICE is None:
        if REQUIRED:
            pytest.fail(
                "GOVREPORT_REQUIRE_SOFFICE=1 但找不到 soffice（LibreOffice 未安装）：这些测试不能跳过"
            )
        pytest.skip("找不到 soffice（LibreOffice 未安装；apt-get install libreoffice-calc-nogui）")
    return SOFFICE


def _convert(soffice, path, tmp_path):
    outdir = tmp_path / "lo"
    outdir.mkdir()
    profile = tmp_path / f"lo_profile_{uuid.uuid4().hex}"
    cmd = [
        soffice,
        f"-env:UserInstallation=file://{profile}",
        "--headless",
        "--convert-to",
        "xlsx",
        "--outdir",
        str(outdir),
        str(path),
    ]
    proc = subprocess.run(cmd, capture_output=True, timeout=180)
    converted = outdir / path.name
    assert proc.returncode == 0 and converted.exists(), proc.stderr.decode(errors="replace")
    return converted


def _values(path):
    wb = pc.CalamineWorkbook.from_path(str(path))
    return {name: wb.get_sheet_by_name(name).to_python() for name in wb.sheet_names}


def _at(grid, a1):
    r, c = parse_a1(a1)
    try:
        return grid[r][c]
    except IndexError:
        return ""


def test_libreoffice_reads_the_corrected_values(soffice, tmp_path):
    form = get_form("2021")
    truth = consistent_values(form, random.Random(21))
    wrong = ("requests", "granted", "natural_person")
    blank = ("requests", "partial", "business")
    review = ("appeals", "count", "review_total")
    values = {**truth, wrong: truth[wrong] + 7, blank: None, review: truth[review] + 3}
    src = tmp_path / "年报.xlsx"
    where = write_report(src, form, values, agency="测试局", year=2021)
    result = fill_file(src)
    assert result.error is None and result.exit_code == 1  # the table-3 total needs review
    assert {e.cell: e.kind for e in result.plan.edits} == {
        where[wrong]: "corrected",
        where[blank]: "filled",
        where[review]: "needs-review",
    }
    grids = _values(_convert(soffice, tmp_path / "年报_已校正.xlsx", tmp_path))
    for key in (wrong, blank, review):
        sheet, a1 = where[key].split("!")
        assert _at(grids[sheet], a1) == truth[key], (key, where[key])
    assert "校验报告" in grids


def test_libreoffice_recalculates_fixed_formulas_to_what_the_checker_expects(soffice, tmp_path):
    import openpyxl

    form = get_form("2021")
    truth = consistent_values(form, random.Random(22))
    blank = ("requests", "partial", "business")
    src = tmp_path / "年报.xlsx"
    where = write_report(
        src, form, {**truth, blank: None}, layout=Layout(formulas=True), agency="测试局", year=2021
    )
    wb = openpyxl.load_workbook(src)
    total = ("requests", "new", "total")
    sheet, a1 = where[total].split("!")
    wb[sheet][a1].value = wb[sheet][a1].value.replace(":I", ":H")  # a range that misses 其他
    wb.save(src)

    result = fill_file(src)
    assert result.error is None and result.exit_code == 0
    kinds = {e.cell: e.kind for e in result.plan.edits}
    assert kinds == {where[total]: "corrected", where[blank]: "filled"}
    converted = _convert(soffice, tmp_path / "年报_已校正.xlsx", tmp_path)
    grids = _values(converted)
    for key in (blank, total):
        sheet, a1 = where[key].split("!")
        assert _at(grids[sheet], a1) == truth[key], (key, where[key])
    # every formula total, recalculated by LibreOffice, equals what the checker computed for it
    report = check_file(tmp_path / "年报_已校正.xlsx")
    assert report.errors == []
    formulas = [info for t in report.tables for info in t.cells.values() if info.formula is not None]
    assert len(formulas) > 30
    for info in formulas:
        assert _at(grids[info.ref.sheet], info.ref.a1) == info.number == truth_of(where, truth, info.ref)
    # the converted file carries cached values now: it checks clean without evaluating anything
    assert check_file(converted).errors == []


def truth_of(where, truth, ref):
    inv = {w: k for k, w in where.items()}
    return truth[inv[str(ref)]]
