"""A tiny reader and evaluator for the formulas found in report tables (=SUM(D8:I8), =D8+E8-F8).

Understood (case-insensitive, whitespace anywhere between tokens, text without the leading "="): numbers,
cell references (D8, $D$8, Sheet1!D8, '依申请公开'!D8, '表 二'!$D$8), rectangular ranges inside SUM
(D8:I8, D8:F10, Sheet1!D8:I8), + - * / with unary + and -, parentheses, the functions SUM, ABS, ROUND and
INT, and IF with the comparisons = <> < > <= >= and text in double quotes, as templates hide a zero total:
=IF(SUM(D8:I8)=0,"",SUM(D8:I8)). A formula whose result is the empty text "" counts as 0 (Excel's SUM over
it adds nothing). Anything else (whole columns D:D, named ranges, other functions, ^ & %, other
workbooks) is not understood: references() returns None and evaluate() raises FormulaError.

Arithmetic is Decimal with 60 significant digits, so sums of counts and money are exact; a blank cell
(lookup returns None) counts as 0, as in Excel. A cell holding text (lookup returns the str) is read as
Excel, WPS and LibreOffice read it (checked with LibreOffice, tests/test_formula_text.py): SUM skips it,
over a range (SUM(D8:I8)) and as a reference argument (SUM(D8,E8)) alike, so a number stored as text "3" adds
nothing there; a direct reference (D8+E8) converts a numeric text ("3", " 1,234 ", "-2.5") and gives #VALUE!
for any other text ("3件", ""). Hostile text is bounded: at most 8192 characters (Excel's
own limit), 64 levels of nesting and 10,000 cells per formula; the parse of a text is cached.

Over 400 lines: the tokenizer, the recursive-descent parser and the evaluator share one grammar and
one error type; apart, each would import the other's internals.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import (
    ROUND_FLOOR,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DecimalException,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from functools import lru_cache

from govreport.memo import LazyPattern
from govreport.messages import render

Ref = tuple[str | None, int, int]  # (sheet name or None for the formula's own sheet, row0, col0)

MAX_LENGTH = 8192
MAX_DEPTH = 64
MAX_CELLS = 10_000
_MAX_ROW = 1_048_576
_MAX_COL = 16_384

# Excel numbers stop near 1e308; beyond that is an error there too
_CTX = Context(prec=60, Emax=308, Emin=-308, traps=[InvalidOperation, DivisionByZero, Overflow])
_ZERO = Decimal(0)
_FUNCS = {"SUM", "ABS", "ROUND", "INT", "IF"}


class FormulaError(Exception):
    """The formula cannot be read or computed (bad syntax, unknown function, division by zero, …)."""


_SHEET = r"(?:'(?:[^']|'')+'|[^\W\d][\w.]*)"
_CELL = r"\$?[A-Za-z]{1,3}\$?\d{1,7}(?![\w(!])"
_TOKEN = LazyPattern(
    rf"""(?P<ws>\s+)
    |(?P<func>[A-Za-z_][A-Za-z0-9_.]*)\s*\(
    |(?:(?P<sheet>{_SHEET})!)?(?P<c1>{_CELL})(?:\s*:\s*(?:(?P<sheet2>{_SHEET})!)?(?P<c2>{_CELL}))?
    |(?P<num>(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{{1,4}})?)(?![\w.])
    |(?P<str>"(?:[^"]|"")*")
    |(?P<cmp><>|<=|>=|[=<>])
    |(?P<op>[-+*/(),])""",
    re.VERBOSE,
)
_CELL_PARTS = LazyPattern(r"\$?([A-Za-z]{1,3})\$?(\d+)")

# Instructions of the compiled program, evaluated on a stack (no recursion at evaluation time).
_NUM, _REF, _RANGE, _NEG, _ADD, _SUB, _MUL, _DIV, _SUM, _ABS, _ROUND, _INT, _STR, _CMP, _JUMPF, _JUMP = range(
    16
)
_BINARY = {"+": _ADD, "-": _SUB, "*": _MUL, "/": _DIV}
_COMPARE = {
    "=": lambda a, b: a == b,
    "<>": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    ">": lambda a, b: a > b,
    "<=": lambda a, b: a <= b,
    ">=": lambda a, b: a >= b,
}
Value = Decimal | str | bool

Program = tuple[tuple[int, object], ...]


def references(text: str) -> list[Ref] | None:
    """Every cell the formula reads, ranges expanded, in order (repeats kept); None when not understood."""
    try:
        parsed = _parse(text)
    except RecursionError:
        return None
    if isinstance(parsed, str):
        return None
    return list(parsed[1])


Lookup = Callable[[Ref], Decimal | int | str | None]


def evaluate(text: str, lookup: Lookup) -> Decimal:
    """The formula's value, reading cells through lookup (a Decimal or an int; None = blank = 0; a str = the
    cell's text); raises FormulaError."""
    parsed = _parse(text)
    if isinstance(parsed, str):
        raise FormulaError(parsed)
    program = parsed[0]
    stack: list[Value] = []
    i = 0
    try:
        while i < len(program):
            op, arg = program[i]
            i += 1
            if op == _NUM or op == _STR:
                stack.append(arg)  # type: ignore[arg-type]
            elif op == _REF:
                stack.append(_cell(lookup, arg))  # type: ignore[arg-type]
            elif op == _RANGE:
                vals = [lookup(ref) for ref in arg]  # type: ignore[attr-defined]
                types = set(map(type, vals))
                if types <= _WHOLE:  # counts: whole numbers and blanks, added exactly in C
                    stack.append(Decimal(sum(filter(None, vals))))  # type: ignore[arg-type]
                elif types <= _NUMERIC:  # the same additions as one by one below, in C
                    with localcontext(_CTX):
                        stack.append(sum([_ZERO if v is None else v for v in vals], _ZERO))  # type: ignore[arg-type]  # starts at a Decimal
                else:
                    total = _ZERO
                    for v in vals:
                        if (
                            v.__class__ is not str
                        ):  # SUM skips text in a reference, a number stored as text too
                            total = _CTX.add(total, _cell_number(v))
                    stack.append(total)
            elif op == _NEG:
                stack.append(_CTX.minus(_number(stack.pop())))
            elif op == _SUM:
                n: int = arg  # type: ignore[assignment]
                total = _ZERO
                for x in stack[len(stack) - n :]:
                    total = _CTX.add(total, _number(x))
                del stack[len(stack) - n :]
                stack.append(total)
            elif op == _ABS:
                stack.append(_CTX.abs(_number(stack.pop())))
            elif op == _INT:
                stack.append(_number(stack.pop()).to_integral_value(rounding=ROUND_FLOOR, context=_CTX))
            elif op == _ROUND:
                places, x = _number(stack.pop()), _number(stack.pop())
                stack.append(_round(x, places))
            elif op == _CMP:
                b, a = stack.pop(), stack.pop()
                stack.append(_compare(str(arg), a, b))
            elif op == _JUMPF:
                if not _truth(stack.pop()):
                    i = arg  # type: ignore[assignment]
            elif op == _JUMP:
                i = arg  # type: ignore[assignment]
            else:
                b, a = _number(stack.pop()), _number(stack.pop())
                if op == _ADD:
                    stack.append(_CTX.add(a, b))
                elif op == _SUB:
                    stack.append(_CTX.subtract(a, b))
                elif op == _MUL:
                    stack.append(_CTX.multiply(a, b))
                else:
                    if b.is_zero():
                        raise FormulaError(render("formula-div-zero"))
                    stack.append(_CTX.divide(a, b))
        value = stack.pop()
        if value == "":
            return _ZERO  # =IF(…=0,"",…): a zero shown as blank
        if isinstance(value, bool):
            raise FormulaError(render("formula-boolean-result"))
        result = _CTX.plus(_number(value, render("formula-not-number-result")))
    except DecimalException as e:
        raise FormulaError(render("formula-cannot-compute", error_type=type(e).__name__)) from None
    if not result.is_finite():
        raise FormulaError(render("formula-not-finite"))
    return result


def _number(v: Value, reason: str = render("formula-text-in-arithmetic")) -> Decimal:
    if isinstance(v, Decimal):
        return v
    if isinstance(v, bool):  # TRUE/FALSE count as 1/0 in Excel arithmetic
        return Decimal(int(v))
    raise FormulaError(reason)


def _compare(op: str, a: Value, b: Value) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        a, b = _number(a), _number(b)
    if isinstance(a, str) != isinstance(b, str):
        if op in ("=", "<>"):
            return op == "<>"  # text never equals a number
        raise FormulaError(render("formula-text-compare"))
    return bool(_COMPARE[op](a, b))


def _truth(v: Value) -> bool:
    if isinstance(v, str):
        raise FormulaError(render("formula-if-condition"))
    return bool(v)


_WHOLE = frozenset((int, type(None)))
_NUMERIC = frozenset((int, Decimal, type(None)))


def _cell(lookup: Lookup, ref: Ref) -> Decimal:
    v = lookup(ref)
    if isinstance(v, str):
        return _text_number(v)
    return _cell_number(v)


# What Excel converts when a text cell is used directly in arithmetic (=D8+E8): a plain decimal number, with
# spaces around it and thousands commas; "3件", "" and "三" are #VALUE!.
_TEXT_NUMBER = LazyPattern(
    r"\s*([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|[+-]?\.\d+)(?:[eE][+-]?\d{1,3})?\s*"
)


def _text_number(text: str) -> Decimal:
    m = _TEXT_NUMBER.fullmatch(text) if len(text) <= 64 else None
    if m is None:
        raise FormulaError(render("formula-text-cell", text=text[:20]))
    return Decimal(m[0].strip().replace(",", ""))


def _cell_number(v: object) -> Decimal:
    if v is None:
        return _ZERO  # Excel reads a blank cell as 0
    if isinstance(v, Decimal):
        return v
    if isinstance(v, int) and not isinstance(v, bool):
        return Decimal(v)
    raise FormulaError(render("formula-cell-not-number", value=v))


def _round(x: Decimal, places: Decimal) -> Decimal:
    """Excel ROUND: halves away from zero; places truncated to an integer, may be negative."""
    n = int(places)
    if abs(n) > 30:
        raise FormulaError(render("formula-round-digits"))
    return x.quantize(Decimal((0, (1,), -n)), rounding=ROUND_HALF_UP, context=_CTX)


@lru_cache(maxsize=8192)
def _parse(text: str) -> tuple[Program, tuple[Ref, ...]] | str:
    """The compiled program and the cells it reads, or the reason it is not understood (cached, never raises)."""
    if len(text) > MAX_LENGTH:
        return render("formula-too-long")
    body = text.strip()
    if body.startswith("="):
        body = body[1:]
    try:
        tokens = _tokenize(body)
        parser = _Parser(tokens)
        parser.comparison(0)
        if parser.pos != len(tokens):
            raise FormulaError(render("formula-trailing"))
    except FormulaError as e:
        return str(e)
    except (ValueError, ArithmeticError):
        return render("formula-unparsable")
    # a RecursionError passes out uncached: it says how deep the caller was (a formula reached at the bottom
    # of a long chain of cells), not what the text is; cached, =SUM(D23:I23) would stay unparseable for the
    # rest of a batch worker's files
    return tuple(parser.program), tuple(parser.refs)


Token = tuple[str, object]


def _tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise FormulaError(render("formula-unknown-token", text=text[pos : pos + 10]))
        pos = m.end()
        kind = m.lastgroup
        if kind == "ws":
            continue
        if kind == "func":
            tokens.append(("func", m["func"].upper()))
        elif kind == "num":
            tokens.append(("num", Decimal(m["num"])))
        elif kind == "op":
            tokens.append((m["op"], None))
        elif kind == "cmp":
            tokens.append(("cmp", m["cmp"]))
        elif kind == "str":
            tokens.append(("str", m["str"][1:-1].replace('""', '"')))
        else:
            tokens.append(_ref_token(m))
    return tokens


def _ref_token(m: re.Match[str]) -> Token:
    sheet = _sheet_name(m["sheet"])
    r1, c1 = _cell_pos(m["c1"])
    if m["c2"] is None:
        return ("ref", (sheet, r1, c1))
    sheet2 = _sheet_name(m["sheet2"]) if m["sheet2"] is not None else sheet
    if sheet2 != sheet:
        raise FormulaError(render("formula-cross-sheet-range"))
    r2, c2 = _cell_pos(m["c2"])
    top, bottom, left, right = min(r1, r2), max(r1, r2), min(c1, c2), max(c1, c2)
    if (bottom - top + 1) * (right - left + 1) > MAX_CELLS:
        raise FormulaError(render("formula-range-too-big"))
    cells = tuple((sheet, r, c) for r in range(top, bottom + 1) for c in range(left, right + 1))
    return ("range", cells)


def _sheet_name(raw: str | None) -> str | None:
    if raw is None:
        return None
    if raw.startswith("'"):
        raw = raw[1:-1].replace("''", "'")
    if "[" in raw or "]" in raw:
        raise FormulaError(render("formula-other-workbook"))
    return raw


def _cell_pos(a1: str) -> tuple[int, int]:
    m = _CELL_PARTS.fullmatch(a1)
    assert m is not None
    col = 0
    for ch in m[1].upper():
        col = col * 26 + ord(ch) - 64
    row = int(m[2])
    if not (1 <= row <= _MAX_ROW and 1 <= col <= _MAX_COL):
        raise FormulaError(render("formula-address-out-of-range", a1=a1))
    return row - 1, col - 1


class _Parser:
    """Recursive descent to a postfix program; depth counts parentheses, calls and unary signs."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.program: list[tuple[int, object]] = []
        self.refs: list[Ref] = []

    def _peek(self) -> str | None:
        return self.tokens[self.pos][0] if self.pos < len(self.tokens) else None

    def _expect(self, kind: str) -> None:
        if self._peek() != kind:
            raise FormulaError(render("formula-missing-token", kind=kind))
        self.pos += 1

    def comparison(self, depth: int) -> None:
        self.expression(depth)
        if self._peek() == "cmp":
            op = self.tokens[self.pos][1]
            self.pos += 1
            self.expression(depth)
            self.program.append((_CMP, op))

    def expression(self, depth: int) -> None:
        self.term(depth)
        while (k := self._peek()) in ("+", "-"):
            self.pos += 1
            self.term(depth)
            self.program.append((_BINARY[k], None))  # type: ignore[index]

    def term(self, depth: int) -> None:
        self.unary(depth)
        while (k := self._peek()) in ("*", "/"):
            self.pos += 1
            self.unary(depth)
            self.program.append((_BINARY[k], None))  # type: ignore[index]

    def unary(self, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise FormulaError(render("formula-too-deep"))
        k = self._peek()
        if k in ("+", "-"):
            self.pos += 1
            self.unary(depth + 1)
            if k == "-":
                self.program.append((_NEG, None))
            return
        self.primary(depth)

    def primary(self, depth: int) -> None:
        if self.pos >= len(self.tokens):
            raise FormulaError(render("formula-incomplete"))
        kind, value = self.tokens[self.pos]
        self.pos += 1
        if kind == "num":
            self.program.append((_NUM, value))
        elif kind == "ref":
            self.program.append((_REF, value))
            self.refs.append(value)  # type: ignore[arg-type]
        elif kind == "str":
            self.program.append((_STR, value))
        elif kind == "(":
            self.comparison(depth + 1)
            self._expect(")")
        elif kind == "func":
            self.call(str(value), depth + 1)
        elif kind == "range":
            raise FormulaError(render("formula-range-only-in-sum"))
        else:
            raise FormulaError(render("formula-unexpected-token", kind=kind))

    def call(self, name: str, depth: int) -> None:
        if name not in _FUNCS:
            raise FormulaError(render("formula-unsupported-function", name=name))
        if name == "IF":
            self._if(depth)
            return
        count = 0
        if self._peek() != ")":
            while True:
                if name == "SUM" and self._peek() in ("range", "ref") and self._after_arg():
                    # a reference argument, a range or one cell, skips text (SUM(D8) over "3" is 0)
                    cells = self.tokens[self.pos][1]
                    if self._peek() == "ref":
                        cells = (cells,)
                    self.pos += 1
                    self.program.append((_RANGE, cells))
                    self.refs.extend(cells)  # type: ignore[arg-type]
                    if len(self.refs) > MAX_CELLS:
                        raise FormulaError(render("formula-reads-too-many"))
                else:
                    self.comparison(depth)
                count += 1
                if self._peek() != ",":
                    break
                self.pos += 1
        self._expect(")")
        arity = {"ABS": 1, "INT": 1, "ROUND": 2}.get(name)
        if name == "SUM":
            if count == 0:
                raise FormulaError(render("formula-sum-no-args"))
            self.program.append((_SUM, count))
        elif count != arity:
            raise FormulaError(render("formula-wrong-arg-count", name=name))
        else:
            self.program.append(({"ABS": _ABS, "INT": _INT, "ROUND": _ROUND}[name], None))

    def _if(self, depth: int) -> None:
        """IF(condition, then, else): only the branch taken is computed (=IF(B5=0,0,A5/B5))."""
        self.comparison(depth)
        jump_false = len(self.program)
        self.program.append((_JUMPF, None))
        self._expect(",")
        self.comparison(depth)
        jump_end = len(self.program)
        self.program.append((_JUMP, None))
        self.program[jump_false] = (_JUMPF, len(self.program))
        if self._peek() == ",":
            self.pos += 1
            self.comparison(depth)
        else:
            self.program.append((_NUM, _ZERO))  # IF without an else gives FALSE, which sums as 0
        self.program[jump_end] = (_JUMP, len(self.program))
        self._expect(")")

    def _after_arg(self) -> bool:
        """A range is a whole SUM argument only when a comma or the closing parenthesis follows it."""
        nxt = self.tokens[self.pos + 1][0] if self.pos + 1 < len(self.tokens) else None
        return nxt in (",", ")")
