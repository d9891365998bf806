import re
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from govreport.cells.formula import FormulaError, evaluate, references


def grid(values):
    """A lookup over {"D8": 3, ...} on the formula's own sheet and {("表 二", "D8"): ...} on others."""
    table = {}
    for key, v in values.items():
        sheet, a1 = key if isinstance(key, tuple) else (None, key)
        m = re.fullmatch(r"([A-Z]+)(\d+)", a1)
        col = 0
        for ch in m[1]:
            col = col * 26 + ord(ch) - 64
        table[(sheet, int(m[2]) - 1, col - 1)] = None if v is None else Decimal(str(v))
    return table.get


ROW8 = grid({"D8": 1, "E8": 2, "F8": None, "G8": 4, "H8": 5, "I8": "0.5", "J8": 100})


def test_sum_range_expands_in_order():
    assert references("SUM(D8:I8)") == [(None, 7, c) for c in range(3, 9)]
    assert evaluate("SUM(D8:I8)", ROW8) == Decimal("12.5")


def test_rectangle_row_major_and_reversed_corners():
    expected = [(None, 0, 0), (None, 0, 1), (None, 1, 0), (None, 1, 1)]
    assert references("SUM(A1:B2)") == expected
    assert references("SUM(B2:A1)") == expected
    assert references("sum($a$1:$B2)") == expected


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("D8+E8+F8+G8+H8+I8", "12.5"),
        ("$D$8 + E$8 * 2", "5"),
        ("=D8+E8", "3"),
        ("sum( D8 , E8:F8 , 3 )", "6"),
        ("SUM(D8:E8)-J8/4", "-22"),
        ("-(-D8)", "1"),
        ("--D8", "1"),
        ("+D8", "1"),
        ("2*-3", "-6"),
        ("1-2*3", "-5"),
        ("(1-2)*3", "-3"),
        ("8/4/2", "1"),
        ("1-1-1", "-1"),
        ("F8", "0"),
        ("1.5e2", "150"),
        (".5", "0.5"),
        ("ROUND(2.5,0)", "3"),
        ("ROUND(-2.45,1)", "-2.5"),
        ("ROUND(1234,-2)", "1200"),
        ("INT(-1.5)", "-2"),
        ("ABS(D8-J8)", "99"),
        ("SUM(D8:E8,SUM(G8:H8)*2)", "21"),
        ("59237.2449+0.0001", "59237.2450"),
    ],
)
def test_examples(text, value):
    assert evaluate(text, ROW8) == Decimal(value)
    assert references(text) is not None


def test_sheet_qualified_references():
    lookup = grid({("表 二", "D8"): 7, ("依申请公开", "D8"): 3, ("a'b", "A1"): 1, ("Sheet1", "B1"): 2})
    assert references("'表 二'!$D$8") == [("表 二", 7, 3)]
    assert evaluate("'表 二'!$D$8+依申请公开!D8", lookup) == 10
    assert evaluate("SUM('a''b'!A1:B1)", lookup) == 1
    assert references("SUM(Sheet1!A1:B1)") == [("Sheet1", 0, 0), ("Sheet1", 0, 1)]
    assert references("SUM(Sheet1!A1:Sheet1!B1)") == [("Sheet1", 0, 0), ("Sheet1", 0, 1)]


def test_references_keep_repeats():
    assert references("D8+D8") == [(None, 7, 3), (None, 7, 3)]
    assert references("1+2") == []


@pytest.mark.parametrize(
    "text",
    [
        "D:D",
        "SUM(D:D)",
        "SUM(8:8)",
        "Sheet1!D:D",
        "FOO(1)",
        "VLOOKUP(A1,B1:C2,2)",
        "TRUE",
        "name1",
        "1%",
        "2^3",
        "A1&B1",
        "D8:I8",
        "SUM(D8:I8+1)",
        "SUM()",
        "ABS(1,2)",
        "ROUND(1)",
        "SUM(A1:Sheet2!B2)",
        "[1]Sheet1!A1",
        "'[1]Sheet1'!A1",
        "A0",
        "XFE1",
        "ABCD1",
        "1 2",
        "(1",
        "1)",
        "",
        "+",
        "1+",
        "SUM(1,)",
        "SUM(A1:XFD1048576)",
        "{1,2}",
        "1e99999",
    ],
)
def test_not_understood(text):
    assert references(text) is None
    with pytest.raises(FormulaError):
        evaluate(text, ROW8)


@pytest.mark.parametrize(
    "text",
    [
        "1/0",
        "D8/F8",
        "1/(D8-1)",
        "ROUND(1,99)",
        "9e9999*9e9999",
        '"x"',
        "A1>1",
        '"a"+1',
        'IF("a",1,2)',
        'IF("a">1,1,2)',
    ],
)
def test_runtime_errors(text):
    assert references(text) is not None
    with pytest.raises(FormulaError):
        evaluate(text, ROW8)


def test_lookup_of_non_number_is_an_error():
    with pytest.raises(FormulaError):
        evaluate("A1+1", lambda ref: "abc")
    assert evaluate("A1+1", lambda ref: 2) == 3


@pytest.mark.parametrize(
    "text",
    [
        "(" * 10_000 + "1" + ")" * 10_000,
        "(" * 3_000 + "1" + ")" * 3_000,
        "-" * 5_000 + "1",
        "SUM(" * 2_000 + "1" + ")" * 2_000,
        "1" + "+1" * 100_000,
    ],
)
def test_hostile_nesting_is_refused(text):
    assert references(text) is None
    with pytest.raises(FormulaError):
        evaluate(text, ROW8)


def test_long_flat_chains_evaluate_without_recursion():
    text = "+".join(["D8"] * 2_000)
    assert evaluate(text, ROW8) == 2_000
    assert len(references(text)) == 2_000


# Random arithmetic: the same text evaluated by Python over Fractions, whose precedence for
# + - * / and unary signs is the same as Excel's.
CELLS = {"A1": 3, "B2": -2, "C3": 0, "D4": None, "Z9": 7}


def _exprs():
    leaf = st.one_of(st.integers(0, 20).map(str), st.sampled_from(sorted(CELLS)))

    def extend(inner):
        return st.one_of(
            st.tuples(inner, st.sampled_from("+-*/"), inner, st.sampled_from(["", " "])).map(
                lambda t: f"{t[0]}{t[3]}{t[1]}{t[3]}{t[2]}"
            ),
            inner.map(lambda e: f"({e})"),
            st.tuples(st.sampled_from("+-"), inner).map(lambda t: f"{t[0]}{t[1]}"),
            st.lists(inner, min_size=1, max_size=3).map(lambda es: f"SUM({','.join(es)})"),
        )

    return st.recursive(leaf, extend, max_leaves=12)


def _python_value(text):
    py = re.sub(r"SUM\(", "_sum(", text)
    py = re.sub(r"(?<!\w)(\d+)", r"F(\1)", py)  # literals first: a cell's row digits follow a letter
    py = re.sub(r"\b([A-Z]\d)\b", lambda m: f"F({CELLS[m[1]] or 0})", py)
    return eval(py, {"F": Fraction, "_sum": lambda *a: sum(a, Fraction(0))})


LOOKUP = grid(CELLS)


@settings(max_examples=400)
@given(_exprs())
def test_random_arithmetic_agrees_with_fractions(text):
    try:
        expected = _python_value(text)
    except ZeroDivisionError:
        assume(False)
    got = evaluate(text, LOOKUP)
    if "/" in text:
        assert abs(Fraction(got) - expected) <= Fraction(1, 10**40) * (1 + abs(expected))
    else:
        assert Fraction(got) == expected  # + - * of integers is exact


@given(
    st.one_of(st.text(max_size=200), st.text(alphabet="()+-*/,:$!'.ABDSUMsum0123456789 表二", max_size=200))
)
def test_garbage_only_raises_formula_error(text):
    refs = references(text)
    try:
        value = evaluate(text, LOOKUP)
    except FormulaError:
        return
    assert refs is not None and isinstance(value, Decimal) and value.is_finite()


def test_sum_of_a_range_is_exactly_the_one_by_one_context_sum():
    # SUM over a range adds in C when it can: the same value and the same digits (3.0 stays 3.0, 0.00
    # keeps its places) as adding each cell with the 60-digit context, blanks as 0, ints as Decimals.
    import random
    from decimal import Decimal

    from govreport.cells.formula import _CTX, _ZERO

    rng = random.Random(7)
    for _ in range(500):
        cells = [
            rng.choice(
                [
                    None,
                    rng.randint(-99, 10**6),
                    Decimal(rng.randint(0, 10**5)).scaleb(-rng.randint(0, 4)),
                    Decimal("0.00"),
                    Decimal("-0"),
                    10**70,
                ]
            )
            for _ in range(6)
        ]
        if rng.random() < 0.5:
            cells = [c if not isinstance(c, Decimal) else int(c) for c in cells]
        expected = _ZERO
        for c in cells:
            expected = _CTX.add(expected, _ZERO if c is None else Decimal(c))
        got = evaluate("SUM(A1:F1)", lambda ref, cells=cells: cells[ref[2]])
        assert str(got) == str(_CTX.plus(expected)), cells


@pytest.mark.parametrize(
    "text,value",
    [
        ('IF(SUM(D8:I8)=0,"",SUM(D8:I8))', Decimal("12.5")),  # a template hiding a zero total
        ('IF(SUM(F8)=0,"",SUM(F8))', Decimal(0)),  # the hidden zero counts as 0, as Excel's SUM over it does
        ("IF(F8=0,0,D8/F8)", Decimal(0)),  # only the branch taken is computed: no #DIV/0!
        ("IF(D8<>1,1,2)", Decimal(2)),
        ("IF(D8>=1,IF(E8<2,10,20),30)", Decimal(20)),
        ("IF(D8>5,1)", Decimal(0)),  # no else: FALSE, which sums as 0
        ('IF(D8="",1,2)', Decimal(2)),  # text never equals a number
        ("SUM(IF(D8<E8,D8,E8),J8)", Decimal(101)),
    ],
)
def test_if_and_comparisons(text, value):
    assert evaluate(text, ROW8) == value
    assert references(text) is not None


def test_if_reads_every_branch_for_the_cells_it_references():
    assert set(references('IF(SUM(D8:E8)=0,"",SUM(D8:E8))')) == {(None, 7, 3), (None, 7, 4)}
