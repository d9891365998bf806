"""PDF reports in the shapes agencies publish that the first reader got wrong: landscape pages, ...

Each document is the national template (or a test workbook) with errors injected, exported by LibreOffice
(pdfbuild.to_pdf, cached by content); the PDF must give the same findings as the workbook of the same values.
"""

from __future__ import annotations

import random

from pdfbuild import filled_template, landscape, to_pdf
from samples import consistent_values

from govreport.check.run import check_file
from govreport.forms import get_form
from govreport.read.pdf import read_pdf
from govreport.template import write_report

EXCEPTED = {"text-number", "formula-mismatch", "formula-error", "stale-total"}


def _key(report) -> list[tuple]:
    return sorted(
        (
            (f.code, f.severity, f.table, f.row, f.column, str(f.expected), str(f.actual))
            for f in report.findings
            if f.code not in EXCEPTED
        ),
        key=str,
    )


def _values(seed: int, edits: dict) -> dict:
    vals = dict(consistent_values(get_form("2021"), random.Random(seed)))
    for k, v in edits.items():
        vals[k] = vals[k] + v
    return vals


def test_landscape_pages(tmp_path):
    """On a landscape page the footer's page number lies above the bottom tenth of the page: it was taken for
    text between the parts of a table, so tables 1 and 2 broke into five tables and 行政强制 was lost."""
    vals = _values(22, {("requests", "handled_total", "total"): 5})
    wb = tmp_path / "测试局2021年政府信息公开工作年度报告.xlsx"
    write_report(wb, get_form("2021"), vals, agency="测试局", year=2021)
    doc = landscape(filled_template(tmp_path / "横向.docx", get_form("2021"), vals))
    (pdf,) = to_pdf([doc], tmp_path / "out")
    book = read_pdf(pdf.read_bytes(), str(pdf))
    assert len(book.sheets) == 3 and {2, 3, 4} <= set(book.sheets[1].row_pages)
    assert not any(p.strip("- ").isdigit() for p in book.narrative)
    got = check_file(pdf)
    assert _key(got) == _key(check_file(wb))
    (wrong,) = [f for f in got.findings if f.code == "sum-mismatch"]
    assert wrong.row == "handled_total" and wrong.column == "total" and wrong.actual == wrong.expected + 5
