"""The report's text against its own tables: a sentence restating a figure ("共收到政府信息公开申请75件")
that contradicts the cell it restates is a warning `narrative-mismatch`.

Which phrasings restate which cells is data: `[[statements]]` of the form files (see the comment above them in
2021.toml). This module only reads numbers, splits sentences and clauses, and applies the rules declared there;
it never compares a number the data does not claim, and it drops anything ambiguous: a false alarm costs more
than a miss. It reads only `Book.narrative` (every document reader fills it) and, for a workbook, long text
cells outside the located tables.

Over 400 lines: finding a statement, reading its number (Chinese numerals, 未发生/无) and the guards
against false alarms are one pass over a sentence; apart, each would need the others' positions.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from typing import Any, NamedTuple

from govreport.findings import Finding, Number, json_number, make_finding, plain_number
from govreport.forms import Form, NarrativeRules, Statement
from govreport.locate.find import REPORT_SHEET
from govreport.locate.model import Location
from govreport.memo import LazyPattern
from govreport.messages import render
from govreport.read.model import Book
from govreport.solve.model import CellInfo, CheckedTable, where

WORKBOOK_FORMATS = frozenset(("xlsx", "xlsm", "xls", "ods"))
MAX_CHARS = 200_000  # a report's text is a few thousand characters; past this it is not a report's text
MAX_SENTENCE = 2_000  # characters: longer is no sentence a person wrote (a table flattened into text)
_WORKBOOK_MIN_TEXT = 20  # a workbook cell shorter than this is a label, not a paragraph
_ABOVE_TABLE = 6  # rows above a table's first data row that hold its headers

_SENTENCE = LazyPattern(r"(?<=[。！？；!?;])")
_CLAUSE_END = "，,；;。：:（）()、！？!?"
_FULL_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUMBER = r"(?<![\d.])(?P<n>\d{1,3}(?:,\d{3})+(?![\d.])|\d+(?![\d.,])|[零〇一二两三四五六七八九十百千万]+)"
_YEAR = LazyPattern(r"((?:19|20)\d\d|[〇零一二][〇零一二三四五六七八九]{3})\s*年")


def chinese_number(text: str) -> int | None:
    """一百零三 -> 103, 十二 -> 12, 两 -> 2, 零 -> 0; None for what is no count (二〇二一, 一二)."""
    if not text:
        return None
    if all(ch in _CN_DIGITS for ch in text):
        return _CN_DIGITS[text] if len(text) == 1 else None  # digit by digit is a year or a code, not a count
    total = section = 0
    digit: int | None = None
    for ch in text:
        if ch in _CN_DIGITS:
            if digit not in (None, 0):
                return None  # two digits in a row (一二十)
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            section += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        elif ch == "万":
            total += (section + (digit or 0)) * 10_000
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


def read_number(text: str) -> int | None:
    """The stated count: Arabic digits (1,234) or Chinese numerals; None when it is none."""
    if text[:1].isdigit():
        return int(text.replace(",", ""))
    return chinese_number(text)


# ----------------------------------------------------------------------------------------------- rules


class _Rule(NamedTuple):
    spec: Statement
    patterns: tuple[re.Pattern[str], ...]
    zero: tuple[re.Pattern[str], ...]
    unless: tuple[re.Pattern[str], ...]
    unless_after: tuple[re.Pattern[str], ...]


class _Rules(NamedTuple):
    statements: tuple[_Rule, ...]
    unless: tuple[re.Pattern[str], ...]
    others: tuple[re.Pattern[str], ...]
    approx_before: tuple[str, ...]
    approx_after: tuple[str, ...]
    contexts: tuple[str, ...]


def _rules(form: Form) -> _Rules:
    """The form's statements with their regular expressions compiled (once per form)."""
    return _compile(form.statements, form.narrative)


@cache  # the spec objects are frozen (hashable); Form itself holds a dict
def _compile(statements: tuple[Statement, ...], narrative: NarrativeRules) -> _Rules:
    number = rf"{narrative.lead}{_NUMBER}\s?"  # "74 件" in a text copy of a PDF

    def many(texts: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(t) for t in texts)

    rules = tuple(
        _Rule(
            spec=s,
            patterns=tuple(re.compile(p.replace("{n}", number)) for p in s.patterns),
            zero=many(s.zero),
            unless=many(s.unless),
            unless_after=many(s.unless_after),
        )
        for s in statements
    )
    n = narrative
    return _Rules(rules, many(n.unless), many(n.others), n.approx_before, n.approx_after, n.contexts)


# ----------------------------------------------------------------------------------------------- statements


class Said(NamedTuple):
    """One sentence of the text stating a figure of the tables, with the cells it states."""

    id: str  # the statement's id in the form file
    label: str
    table: str
    sentence: str
    quote: str  # the sentence, cut around the number when long
    stated: int
    cells: tuple[CellInfo, ...]
    places: tuple[str, ...]  # where each cell is (（七）总计 · 总计), as other findings say it

    @property
    def value(self) -> Number | None:
        """The table's figure: the cells' sum (None when a cell holds no number)."""
        return _sum(info.number for info in self.cells)

    @property
    def agrees(self) -> bool | None:
        v = self.value
        return None if v is None else Decimal(v) == self.stated

    def cells_text(self) -> str:
        """年报!J23（一、本年新收 · 总计）, or 表格3!J3（直诉·总计）与 表格3!O3（复议后·总计）之和."""
        parts = [f"{info.ref}（{place}）" for info, place in zip(self.cells, self.places, strict=True)]
        return (
            parts[0]
            if len(parts) == 1
            else render("narrative-sum-of", cells=render("narrative-and").join(parts))
        )


def _sum(numbers) -> Number | None:
    total: Number = 0
    for n in numbers:
        if n is None:
            return None
        total = total + n
    return total


def narrative_of(book: Book, loc: Location) -> list[str]:
    """The paragraphs to read: the reader's narrative, or a workbook's long text cells outside its tables."""
    if book.narrative or book.format not in WORKBOOK_FORMATS:
        return book.narrative
    spans: dict[str, list[tuple[int, int]]] = {}
    for t in (*loc.tables.values(), *loc.duplicates.values()):
        for key, r in t.rows.items():
            spans.setdefault(t.sheet_of(key), []).append((r - _ABOVE_TABLE, r))
        for r in (*t.group_rows.values(), *t.column_rows.values()):
            spans.setdefault(t.sheet, []).append((r - _ABOVE_TABLE, r))
    # a sheet holding an ignored copy of the tables (last year's report, a draft) holds that copy's text too
    skip = {t.sheet for t in loc.duplicates.values()} - {t.sheet for t in loc.tables.values()}
    out: list[str] = []
    for sheet in book.sheets:
        if sheet.hidden or sheet.name == REPORT_SHEET or sheet.name in skip:
            continue
        # long text first, in one comprehension: a batch runs this over every cell of workbooks holding none
        long = [
            (r, v)
            for r, row in enumerate(sheet.rows)
            for v in row
            if v.__class__ is str and len(v) >= _WORKBOOK_MIN_TEXT
        ]
        if not long:
            continue
        taken = _merge(spans.get(sheet.name, []))
        for r, v in long:
            v = v.strip()
            if (
                not any(p in v for p in "。，；")
                or any(lo <= r <= hi for lo, hi in taken)
                or (v[:1] in "（(" and v[-1:] in "）)")
            ):
                continue  # no sentence, in a table, or a label's or a header's note
            out.append(v)
    return out


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Each table's rows as one range from its header to its last row."""
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(spans):
        if out and lo <= out[-1][1] + _ABOVE_TABLE + 1:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def find_statements(
    paragraphs: list[str], form: Form, year: int | None, tables: list[CheckedTable]
) -> list[Said]:
    """Every sentence of the text that states a table figure, unambiguously, with the cells it states."""
    # compiled at the first sentence worth reading, not before: most workbooks hold no text, and the form's
    # hundred-odd regular expressions take about 10 ms to compile, more than checking the tables
    rules: _Rules | None = None
    by_key = {t.key: t for t in tables}
    out: list[Said] = []
    budget = MAX_CHARS
    for paragraph in paragraphs:
        budget -= len(paragraph)
        if budget < 0:
            break
        for sentence in _SENTENCE.split(paragraph):
            sentence = sentence.strip()
            if not 4 <= len(sentence) <= MAX_SENTENCE or not any(
                ch.isdigit() or ch in _CN_DIGITS or ch in "十百无未没" for ch in sentence
            ):
                continue
            if rules is None:
                rules = _rules(form)
            if not rules.statements:
                return []
            for rule, start, end, stated in _in_sentence(sentence.translate(_FULL_DIGITS), rules, year):
                said = _resolve(rule.spec, sentence, start, end, stated, by_key)
                if said is not None:
                    out.append(said)
    return out


def _in_sentence(text: str, rules: _Rules, year: int | None) -> list[tuple[_Rule, int, int, int]]:
    """(rule, start, end, number) of the sentence's statements that are neither excluded nor ambiguous."""
    found: list[tuple[_Rule, int, int, int, bool]] = []
    for rule in rules.statements:
        for pattern in rule.patterns:
            for m in pattern.finditer(text):
                stated = read_number(m["n"])
                if stated is None or not _readable(
                    text, m.start("n"), m.end("n"), m.end(), rule, rules, year
                ):
                    continue
                found.append((rule, m.start("n"), m.end("n"), stated, False))
        for pattern in rule.zero:
            for m in pattern.finditer(text):
                if _readable(text, m.start(), m.end(), m.end(), rule, rules, year, zero=True):
                    found.append((rule, m.start(), m.end(), 0, True))
    # one number claimed for different cells, or one statement given different numbers: ambiguous (a zero
    # phrase may state several: 未发生行政复议、行政诉讼)
    cells_at: dict[tuple[int, int], set] = {}
    numbers_of: dict[str, set[int]] = {}
    for rule, start, end, stated, zero in found:
        if not zero:
            cells_at.setdefault((start, end), set()).add(rule.spec.cells)
        numbers_of.setdefault(rule.spec.id, set()).add(stated)
    out: list[tuple[_Rule, int, int, int]] = []
    seen: set[str] = set()
    for rule, start, end, stated, zero in sorted(found, key=lambda f: f[1]):
        if (
            (not zero and len(cells_at[(start, end)]) > 1)
            or len(numbers_of[rule.spec.id]) > 1
            or rule.spec.id in seen
        ):
            continue
        seen.add(rule.spec.id)
        out.append((rule, start, end, stated))
    return out


def _readable(
    text: str,
    start: int,
    end: int,
    match_end: int,
    rule: _Rule,
    rules: _Rules,
    year: int | None,
    *,
    zero: bool = False,
) -> bool:
    """Whether the number at text[start:end] may be compared (see the comment over [[statements]])."""
    if not zero:
        before = text[:start]
        if any(before.endswith(w) for w in rules.approx_before):
            return False
        after = text[match_end:]
        if any(after.startswith(w) for w in rules.approx_after) or any(
            text[end:match_end].startswith(w) for w in rules.approx_after
        ):
            return False
    lo = max((text.rfind(ch, 0, start) for ch in _CLAUSE_END), default=-1) + 1
    hi = min((i for i in (text.find(ch, match_end) for ch in _CLAUSE_END) if i >= 0), default=len(text))
    clause = text[lo:hi]
    # a zero phrase is matched whole to its clause's end: the statement's words against a number do not apply
    if any(p.search(clause) for p in (*rules.unless, *(() if zero else rule.unless))):
        return False
    if any(p.search(text, 0, hi) for p in rules.others):
        return False
    for m in _YEAR.finditer(clause):
        if year is None or _year(m[1]) != year:
            return False
    rest = text[match_end:]
    if any(p.search(rest) for p in rule.unless_after):
        return False
    if rule.spec.context is not None:
        last = max(((text.rfind(w, 0, start), w) for w in rules.contexts), default=(-1, None))
        if last[0] < 0 or last[1] != rule.spec.context:
            return False
    return True


def _year(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    digits = [_CN_DIGITS.get(ch) for ch in text]
    return None if None in digits else int("".join(str(d) for d in digits))


def _resolve(
    spec: Statement, sentence: str, start: int, end: int, stated: int, tables: dict[str, CheckedTable]
) -> Said | None:
    t = tables.get(spec.table)
    if t is None:
        return None
    infos = [t.cells.get(cell) for cell in spec.cells]
    if any(info is None for info in infos):
        return None  # a row or column the table lacks
    cells = tuple(info for info in infos if info is not None)
    return Said(
        id=spec.id,
        label=spec.label,
        table=spec.table,
        sentence=sentence,
        quote=_quote(sentence, start, end),
        stated=stated,
        cells=cells,
        places=tuple(where(t, info) for info in cells),
    )


_QUOTE_MAX = 60
_QUOTE_BEFORE = 30


def _quote(sentence: str, start: int, end: int) -> str:
    """The sentence, or the part of it around the number when it is long."""
    if len(sentence) <= _QUOTE_MAX:
        return sentence
    lo = max(0, start - _QUOTE_BEFORE)
    hi = min(len(sentence), lo + _QUOTE_MAX)
    lo = max(0, min(lo, hi - _QUOTE_MAX))
    return ("…" if lo else "") + sentence[lo:hi] + ("…" if hi < len(sentence) else "")


# ----------------------------------------------------------------------------------------------- findings


def narrative_findings(statements: list[Said]) -> list[Finding]:
    """A warning for each statement that contradicts the figure in its cell(s)."""
    out = []
    for s in statements:
        if s.agrees is not False:
            continue
        value = s.value
        single = len(s.cells) == 1
        first = s.cells[0]
        out.append(
            make_finding(
                "narrative-mismatch",
                render(
                    "narrative-mismatch",
                    quote=s.quote,
                    label=s.label,
                    stated=s.stated,
                    cells=s.cells_text(),
                    actual=plain_number(value),
                ),
                cell=str(first.ref) if single else None,
                cells=tuple(str(i.ref) for i in s.cells),
                actual=value,
                table=s.table,
                row=first.row if single or len({i.row for i in s.cells}) == 1 else None,
                column=first.column if single else None,
                statement=s.id,
                quote=s.quote,
                stated=s.stated,
            )
        )
    return out


class NarrativeChange(NamedTuple):
    """A statement of the text against the cells a fill changes: it disagreed already, or now does, or now agrees."""

    said: Said
    before: Number | None
    after: Number | None

    @property
    def kind(self) -> str:
        if self.before is not None and Decimal(self.before) != self.said.stated:
            return (
                "now-agrees"
                if self.after is not None and Decimal(self.after) == self.said.stated
                else "disagreed"
            )
        return "now-disagrees"

    @property
    def message(self) -> str:
        s = self.said
        fields = dict(
            quote=s.quote,
            label=s.label,
            stated=s.stated,
            cells=s.cells_text(),
            before=_text(self.before),
            after=_text(self.after),
        )
        key = {"now-agrees": "narrative-now-agrees", "now-disagrees": "narrative-now-disagrees"}.get(
            self.kind
        )
        if self.before is None:  # a blank the fill gives a number: nothing agreed before
            key = "narrative-filled-disagrees"
        elif key is None:
            key = "narrative-disagreed" if self.before == self.after else "narrative-still-disagrees"
        return render(key, **fields)

    def to_dict(self) -> dict[str, Any]:
        return {
            "statement": self.said.id,
            "kind": self.kind,
            "quote": self.said.quote,
            "stated": self.said.stated,
            "cells": [str(i.ref) for i in self.said.cells],
            "before": json_number(self.before),
            "after": json_number(self.after),
            "message": self.message,
        }


def _text(v: Number | None) -> str:
    return render("fill-shown-blank") if v is None else plain_number(v)


def narrative_changes(statements: list[Said], new_values: dict[str, Number | None]) -> list[NarrativeChange]:
    """Each statement that disagrees with its cells before or after they take the new values (cell -> number)."""
    out = []
    for s in statements:
        before = s.value
        after = _sum(
            new_values.get(str(i.ref), i.number) if str(i.ref) in new_values else i.number for i in s.cells
        )
        disagrees_before = before is not None and Decimal(before) != s.stated
        disagrees_after = after is not None and Decimal(after) != s.stated
        if disagrees_before or disagrees_after:
            out.append(NarrativeChange(s, before, after))
    return out
