"""The real-layout corpus: every folder under tests/cases/ is one workbook and its expected outcome.

A folder holds either `build.py` (a `build(path)` function writing the workbook with openpyxl, and an
optional FILENAME, which carries the agency and year as published files do) or one committed .xlsx, plus
`expected.json`:

    status    "ok" | "warnings" | "errors" | "unreadable"
    form      the format version detected ("2021", "2019")
    errors    the exact set of error findings as [code, blamed cell or null]
    warnings  (optional) the exact set of warning codes
    blamed    (optional) {cell: value}: a finding blames this cell and says it should be this value
    numbers   (optional) {cell: value}: the cell was located and read as this number
    agency    (optional) the agency identified (from a title cell, the file name or a sheet name)
    year      (optional) the report year identified
    xfail     (optional) why govreport does not get this case right yet

Expectations come from docs/FORM.md, never from what the tool prints.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from casebuild import CASES, case_workbook

from govreport.check.run import check_file
from govreport.findings import json_number


def _cases() -> list[Path]:
    return sorted(p for p in CASES.iterdir() if (p / "expected.json").is_file())


def _workbook(case: Path, tmp_path: Path) -> Path:
    return case_workbook(case, tmp_path)


def _num(v) -> str | int | None:
    return json_number(v) if v is not None else None


@pytest.mark.parametrize("case", _cases(), ids=lambda p: p.name)
def test_case(case: Path, tmp_path: Path) -> None:
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    report = check_file(_workbook(case, tmp_path), debug=True)
    try:
        _compare(report, expected)
    except AssertionError:
        if "xfail" in expected:
            pytest.xfail(expected["xfail"])
        raise
    if "xfail" in expected:
        pytest.fail(f"{case.name} now passes: remove its xfail ({expected['xfail']})")


def _compare(report, expected: dict) -> None:
    lines = "\n".join(
        f"  {f.severity} {f.code} {f.cell} exp={f.expected} {f.message}" for f in report.findings
    )
    errors = {(f.code, f.cell) for f in report.errors}
    want = {(code, cell) for code, cell in expected["errors"]}
    assert errors == want, f"errors differ:\n{lines}"
    if "warnings" in expected:
        assert {f.code for f in report.warnings} == set(expected["warnings"]), f"warnings differ:\n{lines}"
    assert report.status == expected["status"], lines
    if "form" in expected:
        assert report.form == expected["form"]
    for key in ("agency", "year"):
        if key in expected:
            assert getattr(report, key) == expected[key], f"{key}: {getattr(report, key)!r}"
    for cell, value in expected.get("blamed", {}).items():
        said = [_num(f.expected) for f in report.findings if f.cell == cell]
        assert value in said, f"{cell}: expected {value}, findings say {said}\n{lines}"
    cells = {str(info.ref): info for t in report.tables for info in t.cells.values()}
    for cell, value in expected.get("numbers", {}).items():
        assert cell in cells, f"{cell} was not located (located: {sorted(cells)[:40]}…)"
        assert _num(cells[cell].number) == value, f"{cell}: read {cells[cell].number!r}, expected {value}"
