import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govreport.cells.values import (
    PLACEHOLDERS,
    CellValue,
    digit_edit_distance_one,
    formula_value,
    parse_value,
)
from govreport.findings import CODES


@pytest.mark.parametrize("raw", [None, "", "   ", "\u3000", "\n\t", "\u200b"])
def test_blank(raw):
    v = parse_value(raw)
    assert (v.state, v.number, v.problems, v.usable) == ("blank", None, ("blank-cell",), False)


@pytest.mark.parametrize(
    ("raw", "number"), [(3, 3), (3.0, 3), (0.0, 0), (-0.0, 0), (1e20, 10**20), (Decimal("4.00"), 4)]
)
def test_whole_numbers_are_counts(raw, number):
    v = parse_value(raw, "count")
    assert v.state == "number" and v.problems == () and v.usable
    assert type(v.number) is int and v.number == number


def test_non_integral_count():
    v = parse_value(2.5, "count")
    assert v.number == Decimal("2.5") and v.problems == ("not-integer",) and not v.usable
    v = parse_value("2.5件", "count")
    assert v.problems == ("not-integer",) and not v.usable  # not "counted as 2.5": it is not counted at all


def test_float_noise_is_not_integral():
    # 0.1 + 0.2 is not 0.3 and not an integer: the shortest repr keeps what the float really is
    v = parse_value(0.1 + 0.2, "count")
    assert v.problems == ("not-integer",)
    assert v.number == Decimal("0.30000000000000004")


def test_negative_counts():
    assert parse_value(-3, "count").problems == ("negative-count",)
    assert not parse_value(-3, "count").usable
    v = parse_value(-3.0, "signed")
    assert v.number == -3 and v.usable
    assert parse_value("-2", "signed").number == -2
    assert parse_value("+3", "signed").number == 3
    assert parse_value("－2", "signed").number == -2  # full-width minus
    assert parse_value("\u22122", "signed").number == -2  # the minus sign


def test_money_is_exact_decimal():
    v = parse_value(59237.2449, "money", "万元")
    assert v.number == Decimal("59237.2449") and str(v.number) == "59237.2449"
    assert type(parse_value(12, "money").number) is Decimal
    assert parse_value("16220.85", "money", "元").number == Decimal("16220.85")


def test_money_unit_conversion():
    v = parse_value("5000元", "money", "万元")
    assert v.number == Decimal("0.5") and str(v.number) == "0.5"
    assert v.problems == ("text-number", "unit-converted") and v.converted_from == "5000元" and v.unit == "元"
    assert v.usable
    v = parse_value("547.9659万元", "money", "元")
    assert str(v.number) == "5479659" and v.problems == ("text-number", "unit-converted")
    assert str(parse_value("5万", "money", "元").number) == "50000"
    assert str(parse_value("1.5亿元", "money", "万元").number) == "15000"


def test_money_same_unit_is_not_converted():
    v = parse_value("251000元", "money", "元")
    assert v.number == Decimal(251000) and v.problems == ("text-number",) and v.converted_from is None
    assert parse_value("984361 元", "money", None).number == Decimal(984361)
    assert parse_value("¥251000", "money", "元").number == Decimal(251000)


def test_negative_money_is_invalid():
    assert not parse_value(-5, "money").usable
    assert parse_value("-0", "money").usable


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        ("12", 12),
        ("１２", 12),
        (" 12 ", 12),
        ("\u300012\u3000", 12),
        ("1,234", 1234),
        ("1，234", 1234),
        ("1 234 567", 1234567),
        ("3件", 3),
        ("3 件", 3),
        ("2笔", 2),
        ("５项", 5),
        ("3.0", 3),
        ("+7", 7),
    ],
)
def test_text_numbers(raw, number):
    v = parse_value(raw, "count")
    assert v.state == "text-number" and v.number == number and type(v.number) is int
    assert v.problems == ("text-number",) and v.usable


@pytest.mark.parametrize(
    "raw",
    [
        "1 2",
        "1,2",
        "1,23,456",
        "50%",
        "1.2E+05",
        "三",
        "〇",
        ".",
        "12..",
        "约100",
        "3件（含…）",
        "12。5",
        "3 4件",
    ],
)
def test_text_that_is_not_a_number(raw):
    v = parse_value(raw, "count")
    assert v.state == "text" and v.number is None and v.problems == ("invalid-value",) and not v.usable


def test_units_must_fit_the_column():
    assert parse_value("3元", "count").problems == ("invalid-value",)
    assert parse_value("3件", "money", "元").problems == ("invalid-value",)
    assert parse_value("¥3件", "money", "元").problems == ("invalid-value",)


@pytest.mark.parametrize("raw", sorted(PLACEHOLDERS) + [" — ", "／", "ｎ／ａ"])
def test_placeholders(raw):
    v = parse_value(raw, "count")
    assert v.state == "placeholder" and v.number is None and v.problems == ("invalid-value",)


@pytest.mark.parametrize(
    "raw", ["#REF!", "#DIV/0!", "#VALUE!", "#N/A", "#NAME?", "#ref!", float("nan"), float("inf")]
)
def test_errors(raw):
    v = parse_value(raw, "count")
    assert v.state == "error" and v.problems == ("invalid-value",) and not v.usable


@pytest.mark.parametrize(
    "raw", [True, False, dt.date(2021, 3, 4), dt.datetime(2021, 3, 4, 5), dt.time(3, 4), [], object()]
)
def test_non_numbers(raw):
    v = parse_value(raw, "count")
    assert v.state == "text" and v.problems == ("invalid-value",) and v.number is None


def test_formula_value():
    v = formula_value("SUM(D8:I8)", Decimal("6"), "count")
    assert v.state == "formula" and v.number == 6 and type(v.number) is int and v.usable
    assert v.raw == "=SUM(D8:I8)"
    assert not formula_value("D8/3", Decimal("0.5"), "count").usable
    assert formula_value("D8/3", Decimal("0.5"), "money").usable


def test_usable_follows_severity():
    v = CellValue("x", "text-number", 3, ("text-number", "unit-converted"))
    assert v.usable
    assert not CellValue("x", "text-number", 3, ("negative-count",)).usable


anything = st.one_of(
    st.none(),
    st.text(),
    st.text(alphabet="0123456789１２３,，. 　+-－元万件个%eE#/—"),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
)


@given(anything, st.sampled_from(["count", "signed", "money"]), st.sampled_from([None, "元", "万元", "件"]))
def test_never_raises(raw, kind, unit):
    v = parse_value(raw, kind, unit)
    assert set(v.problems) <= set(CODES)
    if v.usable:
        assert v.number is not None
        if kind != "money":
            assert type(v.number) is int
            assert kind == "signed" or v.number >= 0
        else:
            assert isinstance(v.number, Decimal) and v.number >= 0
    if v.state in ("blank", "placeholder", "text", "error"):
        assert v.number is None and not v.usable


@given(st.integers(min_value=0, max_value=10**30))
def test_ints_round_trip_as_text(n):
    for text in (str(n), f"{n:,}", str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))):
        v = parse_value(text, "count")
        assert v.number == n and v.usable


@given(st.floats(min_value=0, max_value=1e15, allow_nan=False))
def test_floats_convert_exactly(f):
    v = parse_value(f, "money")
    assert v.number == Decimal(repr(f))
    c = parse_value(f, "count")
    assert (c.usable and c.number == int(f)) == f.is_integer()


@given(st.decimals(min_value=0, max_value=10**12, places=6, allow_nan=False, allow_infinity=False))
def test_money_conversion_round_trips(d):
    wan = parse_value(f"{d}万元", "money", "元").number
    assert wan == d * 10000
    assert parse_value(f"{wan}元", "money", "万元").number == d


def test_digit_edit_distance_one():
    assert digit_edit_distance_one(123, 132)  # adjacent swap
    assert digit_edit_distance_one(123, 12)  # dropped
    assert digit_edit_distance_one(12, 123)  # extra
    assert digit_edit_distance_one(123, 128)  # replaced
    assert digit_edit_distance_one(5, 0)
    assert not digit_edit_distance_one(123, 123)
    assert not digit_edit_distance_one(123, 321)  # not adjacent
    assert not digit_edit_distance_one(1234, 12)
    assert not digit_edit_distance_one(123, 145)
    assert not digit_edit_distance_one(12, 3)


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=10**9))
def test_digit_edit_distance_is_symmetric(a, b):
    assert digit_edit_distance_one(a, b) == digit_edit_distance_one(b, a)
