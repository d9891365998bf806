"""Formulas over numbers stored as text are computed as Excel, WPS and LibreOffice compute them: SUM skips text
in a reference (a range or one cell), a direct reference converts a numeric text and gives #VALUE! for any
other. The oracle is LibreOffice itself: the same formulas, saved by openpyxl without results, recalculated by
`soffice --headless --convert-to xlsx`."""

from decimal import Decimal

import openpyxl
import pytest
from conftest import soffice_convert

from govreport.cells.formula import FormulaError, evaluate

# row 1: numbers, text numbers, a unit, a blank, an empty text
CELLS = {"A1": 2, "B1": "3", "C1": 5, "D1": "3件", "E1": None, "F1": " 4 ", "G1": "-2.5", "H1": "1.5"}
FORMULAS = [
    "SUM(A1:H1)",
    "SUM(A1,B1,C1)",
    "SUM(B1)",
    "SUM(B1:B1)",
    "SUM(A1:C1)+B1",
    "A1+B1+C1",
    "A1+F1",
    "B1*2",
    "A1-G1",
    "SUM(A1:C1,B1)",
    'IF(SUM(A1:C1)=0,"",SUM(A1:C1))',
    "B1+D1",
    "A1+D1",
    "SUM(D1,A1)",
    "-B1",
    "SUM(B1+C1)",
    "ROUND(H1,0)",
    "SUM(A1:B1)*1",
]


def _lookup(ref):
    col = "ABCDEFGH"[ref[2]] if ref[1] == 0 and ref[2] < 8 else None
    v = CELLS.get(f"{col}1") if col else None
    return v if not isinstance(v, int) else Decimal(v)


def _ours(text: str) -> Decimal | str:
    try:
        return evaluate(text, _lookup)
    except FormulaError:
        return "#VALUE!"


@pytest.fixture(scope="module")
def libreoffice(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("text_sum")
    path = tmp / "text_sum.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    for a1, v in CELLS.items():
        ws[a1] = v
    for i, f in enumerate(FORMULAS, start=3):
        ws[f"A{i}"] = "=" + f
    wb.save(path)
    out = soffice_convert([path], "xlsx", tmp / "out")[0]
    ws = openpyxl.load_workbook(out, data_only=True).active
    return {f: ws[f"A{i}"].value for i, f in enumerate(FORMULAS, start=3)}


@pytest.mark.parametrize("text", FORMULAS)
def test_formulas_over_text_compute_as_libreoffice_does(libreoffice, text):
    theirs = libreoffice[text]
    ours = _ours(text)
    if isinstance(theirs, str) and theirs.startswith("#"):
        assert ours == "#VALUE!", (text, theirs, ours)
    else:
        assert ours == Decimal(str(theirs if theirs != "" else 0)), (text, theirs, ours)


def test_what_libreoffice_computes_is_what_the_docs_say(libreoffice):
    # written out, so the rule is readable here and not only in LibreOffice: SUM skips "3", + converts it
    assert libreoffice["SUM(A1:H1)"] == 7 and libreoffice["SUM(B1)"] == 0 and libreoffice["A1+B1+C1"] == 10
    assert libreoffice["A1+D1"] == "#VALUE!"


def test_sum_skips_text_that_a_direct_reference_converts():
    assert evaluate("SUM(A1:C1)", _lookup) == 7
    assert evaluate("SUM(A1,B1,C1)", _lookup) == 7
    assert evaluate("A1+B1+C1", _lookup) == 10
    assert evaluate("A1+F1", _lookup) == 6  # spaces around the number are converted
    with pytest.raises(FormulaError, match="VALUE"):
        evaluate("A1+D1", _lookup)  # "3件" is text Excel cannot convert
    with pytest.raises(FormulaError):
        evaluate("A1+I1", lambda ref: "" if ref[2] == 8 else Decimal(1))  # an empty text is #VALUE! too


def test_a_numeric_sum_argument_that_is_no_reference_still_counts():
    # SUM(B1+C1): the argument is an expression, not a reference: its value (the converted text) counts
    assert evaluate("SUM(B1+C1)", _lookup) == 8
