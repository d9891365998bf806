"""The national report formats as data: typed spec objects read from one TOML file per version."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal

ValueKind = Literal["count", "signed", "money"]
RowKind = Literal["data", "label", "group"]


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    short: str
    group: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    kind: ValueKind = "count"
    unit: str | None = None  # for money: the unit the column is printed in (万元, 元)


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    short: str
    kind: RowKind = "data"
    parent: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Relation:
    """One arithmetic rule of a table, applied to every row or every column.

    kind "sum": total = sum(parts); kind "equal": sum(left) = sum(right).
    each "row": the keys are column keys and the rule holds in every data row;
    each "column": the keys are row keys (a group key stands for its items) and it holds in every column.
    own_rows: every key stands for its own row, a group too, and the rule holds only where all its rows
    carry numbers (a subtotal some templates give a group's row; the national form has none).
    """

    id: str
    kind: Literal["sum", "equal"]
    each: Literal["row", "column"]
    label: str
    total: str | None = None
    parts: tuple[str, ...] = ()
    left: tuple[str, ...] = ()
    right: tuple[str, ...] = ()
    own_rows: bool = False

    @property
    def lhs(self) -> tuple[str, ...]:
        return (self.total,) if self.kind == "sum" and self.total else self.left

    @property
    def rhs(self) -> tuple[str, ...]:
        return self.parts if self.kind == "sum" else self.right


@dataclass(frozen=True)
class Inequality:
    """sum(terms) >= at_least in every row (or column): a count the form does not print, implied by others.

    2019 table 1: 上一年项目数量 + 本年增/减 is this year's number of items, which cannot be negative. It is
    checked, never corrected: one inequality cannot tell which of its cells is wrong.
    """

    id: str
    each: Literal["row", "column"]
    label: str
    terms: tuple[str, ...]
    implied: str  # what the sum is, in Chinese (本年项目数量)
    at_least: int = 0


@dataclass(frozen=True)
class Section:
    key: str
    number: str
    title: str
    short: str
    title_aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    key: str
    section: str
    layout: Literal["grid", "row"]
    short: str
    rows: tuple[Row, ...]
    columns: tuple[Column, ...]
    relations: tuple[Relation, ...] = ()
    inequalities: tuple[Inequality, ...] = ()
    heading: str | None = None
    note: str | None = None
    group_aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def row(self, key: str) -> Row:
        return next(r for r in self.rows if r.key == key)

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def items(self, group_key: str) -> tuple[Row, ...]:
        return tuple(r for r in self.rows if r.parent == group_key)

    @property
    def data_rows(self) -> tuple[Row, ...]:
        """Rows that carry numbers (a group carries its own only when its items are absent)."""
        return tuple(r for r in self.rows if r.kind == "data")


@dataclass(frozen=True)
class Link:
    """A relation across two consecutive years of one agency (checked by batch)."""

    id: str
    label: str
    table: str
    this_row: str
    previous_row: str


@dataclass(frozen=True)
class Statement:
    """A phrasing of the report's text that restates a table figure: regular expressions whose `{n}` is the
    number (or `zero` ones that state 0), and the cell(s) it states, summed ([row, column] of `table`)."""

    id: str
    label: str
    table: str
    cells: tuple[tuple[str, str], ...]
    patterns: tuple[str, ...] = ()
    zero: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()  # searched in the number's clause: any hit, and the number is not compared
    unless_after: tuple[str, ...] = ()  # searched in the rest of the sentence after the number
    context: str | None = None  # the last NarrativeRules.contexts word before the number must be this


@dataclass(frozen=True)
class NarrativeRules:
    """What every statement of a form shares: the words before a number, approximations, clauses never read."""

    lead: str = ""
    approx_before: tuple[str, ...] = ()
    approx_after: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    others: tuple[str, ...] = ()  # things counted beside the tables: a number after one in its sentence is not read
    contexts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Form:
    version: str
    name: str
    first_year: int
    last_year: int
    markers: tuple[str, ...]
    sections: tuple[Section, ...]
    tables: tuple[Table, ...]
    links: tuple[Link, ...] = ()
    narrative: NarrativeRules = NarrativeRules()
    statements: tuple[Statement, ...] = ()

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def fits_year(self, year: int) -> bool:
        return self.first_year <= year <= self.last_year


def _tuple(d: dict, name: str) -> tuple:
    return tuple(d.get(name, ()))


def _column(d: dict) -> Column:
    return Column(
        key=d["key"], label=d["label"], short=d.get("short", d["label"]), group=_tuple(d, "group"),
        aliases=_tuple(d, "aliases"), kind=d.get("kind", "count"), unit=d.get("unit"),
    )


def _row(d: dict) -> Row:
    return Row(
        key=d["key"], label=d["label"], short=d.get("short", d["label"]), kind=d.get("kind", "data"),
        parent=d.get("parent"), aliases=_tuple(d, "aliases"),
    )


def _relation(d: dict) -> Relation:
    return Relation(
        id=d["id"], kind=d["kind"], each=d["each"], label=d.get("label", d["id"]), total=d.get("total"),
        parts=_tuple(d, "parts"), left=_tuple(d, "left"), right=_tuple(d, "right"),
        own_rows=d.get("own_rows", False),
    )


def _inequality(d: dict) -> Inequality:
    return Inequality(id=d["id"], each=d["each"], label=d["label"], terms=tuple(d["terms"]), implied=d["implied"],
                      at_least=d.get("at_least", 0))


def _table(d: dict) -> Table:
    return Table(
        key=d["key"], section=d["section"], layout=d.get("layout", "grid"), short=d.get("short", d["key"]),
        rows=tuple(_row(r) for r in d.get("rows", ())),
        columns=tuple(_column(c) for c in d.get("columns", ())),
        relations=tuple(_relation(r) for r in d.get("relations", ())),
        inequalities=tuple(_inequality(r) for r in d.get("inequalities", ())),
        heading=d.get("heading"), note=d.get("note"),
        group_aliases={k: tuple(v) for k, v in d.get("group_aliases", {}).items()},
    )


def _statement(d: dict) -> Statement:
    return Statement(
        id=d["id"], label=d.get("label", d["id"]), table=d["table"],
        cells=tuple((str(r), str(c)) for r, c in d["cells"]), patterns=_tuple(d, "patterns"),
        zero=_tuple(d, "zero"), unless=_tuple(d, "unless"), unless_after=_tuple(d, "unless_after"),
        context=d.get("context"),
    )


def _narrative(d: dict) -> NarrativeRules:
    return NarrativeRules(lead=d.get("lead", ""), approx_before=_tuple(d, "approx_before"),
                          approx_after=_tuple(d, "approx_after"), unless=_tuple(d, "unless"), others=_tuple(d, "others"),
                          contexts=_tuple(d, "contexts"))


def parse_form(text: str) -> Form:
    """Build a Form from the text of a TOML form file."""
    d = tomllib.loads(text)
    return Form(
        version=str(d["version"]), name=d["name"], first_year=d["first_year"], last_year=d["last_year"],
        markers=_tuple(d, "markers"),
        sections=tuple(
            Section(key=s["key"], number=s["number"], title=s["title"], short=s.get("short", s["title"]),
                    title_aliases=_tuple(s, "title_aliases"))
            for s in d.get("sections", ())
        ),
        tables=tuple(_table(t) for t in d["tables"]),
        links=tuple(Link(**link) for link in d.get("links", ())),
        narrative=_narrative(d.get("narrative", {})),
        statements=tuple(_statement(st) for st in d.get("statements", ())),
    )


@cache
def all_forms() -> tuple[Form, ...]:
    """Every bundled format version, newest first."""
    files = sorted(
        Path(__file__).parent.glob("*.toml"),  # plain files beside this module (package data)
        key=lambda p: p.name, reverse=True,
    )
    return tuple(parse_form(p.read_text(encoding="utf-8")) for p in files)


def get_form(version: str) -> Form:
    """The bundled format with this version name ("2021", "2019"); KeyError if none."""
    for form in all_forms():
        if form.version == version:
            return form
    raise KeyError(version)


def form_for_year(year: int) -> Form:
    """The format in force for a report year (the newest whose range holds it)."""
    for form in all_forms():
        if form.fits_year(year):
            return form
    return all_forms()[-1] if year < all_forms()[-1].first_year else all_forms()[0]
