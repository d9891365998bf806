"""What a cell means: blank, number, number stored as text, placeholder, other text, formula or error.

Counts are int when integral, money is Decimal kept exactly as written; floats are converted through their
shortest repr and never compared. parse_value never raises: anything it does not understand is an unknown
("invalid-value"), for the relations to deduce or for a person to review.

Text accepted as a number (after NFKC, which turns full-width digits, signs, commas and the ideographic space
into ASCII):
- an optional sign `+`/`-` (also U+2212 and full-width minus), only kind "signed" keeps a negative count; in
  a "signed" cell the sign may be a word before the digits (`增1423`, `增加3`, `减3`, `减少3`);
- digits with an optional decimal part: `12`, `12.50`; a point with no digits after it (`12.`, read as 12, as
  Excel reads it typed) or before it (`.5`, read as 0.5: a count then is not-integer); thousands separators
  only in correct groups of three,
  either commas (`1,234,567`) or single spaces (`1 234`); `1 2` or `1,2` are ambiguous and stay text;
- spaces around the number and between the number and its unit;
- a trailing unit that fits the column: counts take 件 个 项 笔 次 条 宗 家 人 … ; money takes 元, 万元, 万 (read
  as 万元), 亿元, or a leading ¥ (read as 元). Money in another unit than the column's is converted exactly.
Not accepted (stay "text", invalid-value): percentages (`50%`: no cell of the form is a rate), scientific
notation (`2.51E+05`: a text copy of Excel's display, digits already lost), Chinese numerals (`三`, `〇`),
ranges or explanations (`约100`, `3件（含…）`). An amount in a count cell (`¥12`, `12元`) or a count in a money
cell (`3件`) is no value of the column: invalid-value, whose message says which it is (`mismatched_unit`).
"""

from __future__ import annotations

import datetime as _dt
import math
import re
import unicodedata
from decimal import Decimal
from typing import Literal, NamedTuple

from govreport.findings import CODES
from govreport.memo import LazyPattern
from govreport.read.model import DateShown

ValueState = Literal["blank", "number", "text-number", "placeholder", "text", "formula", "error"]
Kind = Literal["count", "signed", "money"]

# Split on spaces: every entry is written without one.
PLACEHOLDERS: frozenset[str] = frozenset(
    r"- — – － − / ／ 无 不适用 空 —— -- —- -— \ ＼ × x X N/A n/a NA na … …… ... 暂无 无数据 不涉及 null NULL".split()
)

# Excel error values as calamine or a text copy of them show them.
EXCEL_ERRORS: frozenset[str] = frozenset(
    {"#REF!", "#DIV/0!", "#VALUE!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#SPILL!", "#CALC!", "#GETTING_DATA"}
)

COUNT_UNITS: frozenset[str] = frozenset(
    "件 个 项 項 笔 次 条 宗 家 人 人次 份 起 例 户 篇 位 名 张 部 批".split()
)
# Powers of ten relative to 元; "万" alone is how clerks abbreviate 万元.
MONEY_UNITS: dict[str, int] = {"元": 0, "万元": 4, "万": 4, "亿元": 8, "亿": 8}

_MAX_TEXT = 64  # no real cell number is longer; longer text is explanation, not a value
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_NUMBER = re.compile(
    r"(?P<sign>[+-])?\s*(?P<yen>¥)?\s*"
    r"(?:(?P<int>\d{1,3}(?:,\d{3})+|\d{1,3}(?: \d{3})+|\d+)(?:\.(?P<frac>\d*))?|\.(?P<lead>\d+))"
    r"\s*(?P<unit>[^\d\s.,+-]{1,3})?"
)


class CellValue(NamedTuple):
    raw: object  # what the reader gave (str/int/float/bool/date or "")
    state: ValueState
    number: int | Decimal | None  # int for integral counts; Decimal for money and non-integral counts
    problems: tuple[str, ...]  # finding codes: blank-cell, text-number, unit-converted, invalid-value, ...
    unit: str | None = None  # unit found in the text ("元", "万元", "件", ...)
    converted_from: str | None = None  # e.g. "5000元" when converted to the column's unit

    @property
    def usable(self) -> bool:
        """True when the number may enter the relations (no error-severity problem)."""
        return (
            self.number is not None
            and self.state in ("number", "text-number", "formula")
            and not any(CODES[p].severity == "error" for p in self.problems)
        )


_SIGN_WORD = LazyPattern(r"(增加|增|减少|减)\s*(?=\d)")


def parse_value(raw: object, kind: Kind = "count", unit: str | None = None) -> CellValue:
    """Classify one raw cell value for a column of this kind (and, for money, this printed unit)."""
    try:
        return _parse(raw, kind, unit)
    except Exception:  # never let a strange object stop a batch; an unknown is a finding, not a crash
        return CellValue(raw, "text", None, ("invalid-value",))


def formula_value(text: str, number: Decimal, kind: Kind = "count") -> CellValue:
    """The value of a formula cell whose result was computed (or cached): same number rules as typed values."""
    value, problems = _judge(number, kind)
    return CellValue("=" + text, "formula", value, problems)


def _parse(raw: object, kind: Kind, unit: str | None) -> CellValue:
    if raw is None:
        return CellValue(raw, "blank", None, ("blank-cell",))
    if raw.__class__ is DateShown:
        # a number under a date format (the reader gave back the number): right, but shown as a date
        value, problems = _judge(Decimal(float.__repr__(raw)), kind)
        return CellValue(raw, "text-number", value, ("date-format", *problems))
    if isinstance(raw, bool) or isinstance(raw, (_dt.date, _dt.time, _dt.timedelta)):
        # a date in a count cell is an Excel auto-format accident: the typed digits are gone
        return CellValue(raw, "text", None, ("invalid-value",))
    if isinstance(raw, int):
        value, problems = _judge(Decimal(raw), kind)
        return CellValue(raw, "number", value, problems)
    if isinstance(raw, float):
        if not math.isfinite(raw):
            return CellValue(raw, "error", None, ("invalid-value",))
        # calamine gives whole numbers as 3.0; the shortest repr is the number the clerk typed
        value, problems = _judge(Decimal(float.__repr__(raw)), kind)
        return CellValue(raw, "number", value, problems)
    if isinstance(raw, Decimal):
        if not raw.is_finite():
            return CellValue(raw, "error", None, ("invalid-value",))
        value, problems = _judge(raw, kind)
        return CellValue(raw, "number", value, problems)
    if isinstance(raw, str):
        return _parse_text(raw, kind, unit)
    return CellValue(raw, "text", None, ("invalid-value",))


def _parse_text(raw: str, kind: Kind, col_unit: str | None) -> CellValue:
    if len(raw) > 4 * _MAX_TEXT:
        return CellValue(raw, "text", None, ("invalid-value",))
    text = unicodedata.normalize("NFKC", raw).translate(_INVISIBLE).strip()
    if not text:
        return CellValue(raw, "blank", None, ("blank-cell",))
    if text.upper() in EXCEL_ERRORS:
        return CellValue(raw, "error", None, ("invalid-value",))
    if text in PLACEHOLDERS or text in _NORMALIZED_PLACEHOLDERS:
        return CellValue(raw, "placeholder", None, ("invalid-value",))
    if kind == "signed" and (w := _SIGN_WORD.match(text)) is not None:
        # 本年增/减 published as "增1423" or "减少3": the sign written as a word
        text = ("-" if w[1].startswith("减") else "") + text[w.end() :]
    m = _NUMBER.fullmatch(text.replace("\u2212", "-")) if len(text) <= _MAX_TEXT else None
    if m is None:
        return CellValue(raw, "text", None, ("invalid-value",))
    if m["lead"] is not None:
        digits = "0." + m["lead"]  # ".5"
    else:  # "12." is 12: the point with nothing after it adds nothing
        digits = re.sub(r"[ ,]", "", m["int"]) + ("." + m["frac"] if m["frac"] else "")
    number = Decimal(("-" if m["sign"] == "-" else "") + digits)
    unit = m["unit"]
    if m["yen"]:
        if unit is not None:
            return CellValue(raw, "text", None, ("invalid-value",))
        unit = "元"
    problems: list[str] = ["text-number"]
    converted_from = None
    if unit is not None:
        if kind == "money":
            if unit not in MONEY_UNITS:
                return CellValue(raw, "text", None, ("invalid-value",), unit=unit)
            col = MONEY_UNITS.get(col_unit) if col_unit is not None else None
            shift = MONEY_UNITS[unit] - col if col is not None else 0
            if shift:
                number = _tidy(_shift(number, shift))
                problems.append("unit-converted")
                converted_from = text
        elif unit not in COUNT_UNITS:
            return CellValue(raw, "text", None, ("invalid-value",), unit=unit)
    value, judged = _judge(number, kind)
    if judged:
        # a text number that is still no valid count (negative, decimal) is not "counted as" anything: saying
        # 已按 -12 计算 beside 件数不能为负数 would contradict it, the relations treat the cell as unknown
        problems = []
    return CellValue(
        raw, "text-number", value, (*problems, *judged), unit=unit, converted_from=converted_from
    )


def typed_in_document(value: CellValue) -> CellValue:
    """A number typed in a document's table: text by nature, so plain digits are a number (no text-number).

    A unit (251000元, 2笔) or full-width digits are still noted as text-number, as in a workbook.
    """
    raw = value.raw
    if (
        value.state != "text-number"
        or value.unit is not None
        or not isinstance(raw, str)
        or not raw.isascii()
    ):
        return value
    return CellValue(
        raw,
        "number",
        value.number,
        tuple(p for p in value.problems if p != "text-number"),
        converted_from=value.converted_from,
    )


def invalid_value_message(raw: object) -> str:
    """The message template for an invalid value: money in a count column and a count in a money column
    are said to be what they are; any other text "is not a number"."""
    kind = mismatched_unit(raw)
    return "invalid-value" if kind is None else f"invalid-value-{kind}"


def mismatched_unit(raw: object) -> str | None:
    """For a text that is no value of its column only by its unit: "money" for an amount (¥12, 12元: a count
    cell took it), "count" for a count (3件: a money cell took it); else None."""
    if not isinstance(raw, str):
        return None
    for kind, other in (("money", "count"), ("count", "money")):
        v = parse_value(raw, kind)  # type: ignore[arg-type]
        if v.state == "text-number" and v.unit is not None and parse_value(raw, other).state == "text":  # type: ignore[arg-type]
            return kind
    return None


def _judge(number: Decimal, kind: Kind) -> tuple[int | Decimal, tuple[str, ...]]:
    """The number in the column's type and the value problems it raises (sign, integrality)."""
    if not number.is_finite():
        return number, ("invalid-value",)
    if kind == "money":
        if number.is_zero():
            number = abs(number)  # "-0" is a zero, not a negative amount
        # money is never negative in the form; no code says "negative money", so it is not a valid value
        return number, (("invalid-value",) if number < 0 else ())
    if not _integral(number):
        return number, ("not-integer",)
    value = int(number)
    if value < 0 and kind == "count":
        return value, ("negative-count",)
    return value, ()


def _integral(d: Decimal) -> bool:
    """Integrality read from the digits, so no context precision can round the test."""
    _, digits, exp = d.as_tuple()
    assert isinstance(exp, int)
    return exp >= 0 or not any(digits[exp:])


def _shift(d: Decimal, places: int) -> Decimal:
    """d × 10**places, exactly (no context rounding)."""
    sign, digits, exp = d.as_tuple()
    assert isinstance(exp, int)
    return Decimal((sign, digits, exp + places))


def _tidy(d: Decimal) -> Decimal:
    """Plain digits after a unit conversion: 0.5000 → 0.5, 5479659.0000 → 5479659, 5E+4 → 50000."""
    sign, digits, exp = d.as_tuple()
    assert isinstance(exp, int)
    ds = list(digits)
    while exp < 0 and len(ds) > 1 and ds[-1] == 0:
        ds.pop()
        exp += 1
    if not any(ds):
        return Decimal(0)
    if exp > 0:
        ds.extend([0] * exp)
        exp = 0
    return Decimal((sign, tuple(ds), exp))


def digit_edit_distance_one(typed: int, value: int) -> bool:
    """True when value's digits are one edit from typed's: an adjacent swap, a drop, an extra or a replace."""
    a, b = str(typed), str(value)
    if a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    if abs(len(a) - len(b)) != 1:
        return False
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


_NORMALIZED_PLACEHOLDERS = frozenset(unicodedata.normalize("NFKC", p) for p in PLACEHOLDERS)

__all__ = [
    "PLACEHOLDERS",
    "CellValue",
    "ValueState",
    "digit_edit_distance_one",
    "formula_value",
    "invalid_value_message",
    "mismatched_unit",
    "parse_value",
    "typed_in_document",
]
