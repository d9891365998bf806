"""What a clerk means by "12." ".5" "¥12" "12元" (FORM.md: counts are whole numbers, money is exact decimals):
a point with nothing after it is the whole number, a leading point is a fraction (no count then), an amount of
money in a count cell is said to be money, not "not a number"."""

import openpyxl
import pytest

from govreport.cells.values import invalid_value_message, mismatched_unit, parse_value
from govreport.check.run import check_file
from govreport.fill.run import fill_file
from govreport.messages import render

PART = ("requests", "granted", "natural_person")
FEE = ("active_fees", "fees", "amount")


@pytest.mark.parametrize(
    "raw,kind,number",
    [
        ("12.", "count", 12),
        ("１２．", "count", 12),
        ("1,234.", "count", 1234),
        ("0.", "count", 0),
        ("12.", "money", 12),
        (".5", "money", "0.5"),
        (".25万元", "money", "0.25"),
        ("12.元", "money", "0.0012"),
    ],
)
def test_a_bare_decimal_point_is_read_as_the_number_it_ends_or_starts(raw, kind, number):
    v = parse_value(raw, kind, "万元" if kind == "money" else None)
    assert v.state == "text-number" and v.usable and str(v.number) == str(number)
    assert v.problems[0] == "text-number"


def test_a_leading_point_in_a_count_is_no_whole_number():
    v = parse_value(".5", "count")
    assert v.problems == ("not-integer",) and not v.usable and str(v.number) == "0.5"


@pytest.mark.parametrize(
    "raw,kind",
    [
        ("¥12", "money"),
        ("12元", "money"),
        ("￥12.5", "money"),
        ("12 万元", "money"),
        ("3件", "count"),
        ("12", None),
        ("约12元", None),
        (".", None),
        (12, None),
    ],
)
def test_mismatched_unit_names_what_the_text_is(raw, kind):
    assert mismatched_unit(raw) == kind


def test_money_in_a_count_cell_is_said_to_be_money():
    def say(raw, **kw):
        return render(invalid_value_message(raw), raw=raw, **kw)

    msg = say("¥12", cell="Sheet1!C10", where="（一）予以公开 · 自然人", hint="按勾稽关系应为 12。")
    assert "是金额" in msg and "件数" in msg and "不是数字" not in msg and msg.endswith("按勾稽关系应为 12。")
    msg = say("3件", cell="Sheet1!B22", where="行政事业性收费 · 本年收费金额", hint="")
    assert "是件数" in msg and "金额" in msg
    assert "不是数字" in say("无", cell="A1", where="x", hint="")


def _check(make_report, key, typed):
    """A consistent report with the cell `key` holding typed(its true value) -> (path, ref, true, report)."""
    path, where, good = make_report(seed=3)
    sheet, a1 = where[key].rsplit("!", 1)
    wb = openpyxl.load_workbook(path)
    wb[sheet][a1] = typed(good[key])
    wb.save(path)
    return path, where[key], good[key], check_file(path)


def test_the_true_count_typed_with_a_point_is_only_a_text_number(make_report, tmp_path):
    path, ref, true, report = _check(make_report, PART, lambda n: f"{n}.")
    assert [(f.code, f.cell, f.actual) for f in report.findings] == [("text-number", ref, true)]
    assert f"已按 {true} 计算" in report.findings[0].message
    result = fill_file(path, tmp_path / "out.xlsx")
    assert [(e.cell, e.new, e.kind) for e in result.plan.edits] == [(ref, true, "normalized")]


def test_money_in_a_count_cell_is_an_invalid_value_with_the_count_the_relations_give(make_report):
    path, ref, true, report = _check(make_report, PART, lambda n: f"{n}元")
    (f,) = [f for f in report.errors if f.cell == ref]
    assert f.code == "invalid-value" and f.expected == true
    assert "是金额" in f.message and f"按勾稽关系应为 {true}" in f.message


def test_a_fee_typed_with_a_leading_point_is_its_fraction(make_report):
    path, ref, _true, report = _check(make_report, FEE, lambda _n: ".5")
    assert report.errors == []
    (f,) = [f for f in report.findings if f.cell == ref]
    assert f.code == "text-number" and str(f.actual) == "0.5"
