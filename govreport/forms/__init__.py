"""The national report formats as data: typed spec objects read from one TOML file per version."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, NamedTuple, get_args

from govreport.forms.parsed import cached_toml
from govreport.messages import render

ValueKind = Literal["count", "signed", "money"]
RowKind = Literal["data", "label", "group"]


class Column(NamedTuple):
    key: str
    label: str
    short: str
    group: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    kind: ValueKind = "count"
    unit: str | None = None  # for money: the unit the column is printed in (万元, 元)


class Row(NamedTuple):
    key: str
    label: str
    short: str
    kind: RowKind = "data"
    parent: str | None = None
    aliases: tuple[str, ...] = ()


class Relation(NamedTuple):
    """One arithmetic rule of a table, applied to every row or every column.

    kind "sum": total = sum(parts); kind "equal": sum(left) = sum(right).
    each "row": the keys are column keys and the rule holds in every data row;
    each "column": the keys are row keys (a group key stands for its items) and it holds in every column.
    own_rows: every key stands for its own row, a group too, and the rule holds only where all its rows
    carry numbers (a subtotal some templates give a group's row; the national form has none).
    advisory: checked only, never solved or corrected (fill leaves its cells): a heading row the form gives
    no numbers (三、本年度办理结果) on which a clerk typed some; where they disagree, a warning
    (heading-row-mismatch) names each such cell with the value the other side gives.
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
    advisory: bool = False

    @property
    def lhs(self) -> tuple[str, ...]:
        return (self.total,) if self.kind == "sum" and self.total else self.left

    @property
    def rhs(self) -> tuple[str, ...]:
        return self.parts if self.kind == "sum" else self.right


class Inequality(NamedTuple):
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


class Section(NamedTuple):
    key: str
    number: str
    title: str
    short: str
    title_aliases: tuple[str, ...] = ()


class Table(NamedTuple):
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
    group_aliases: Mapping[str, tuple[str, ...]] = MappingProxyType({})

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


class Link(NamedTuple):
    """A relation across two consecutive years of one agency (checked by batch)."""

    id: str
    label: str
    table: str
    this_row: str
    previous_row: str


class Statement(NamedTuple):
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


class NarrativeRules(NamedTuple):
    """What every statement of a form shares: the words before a number, approximations, clauses never read."""

    lead: str = ""
    approx_before: tuple[str, ...] = ()
    approx_after: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    others: tuple[
        str, ...
    ] = ()  # things counted beside the tables: a number after one in its sentence is not read
    contexts: tuple[str, ...] = ()


class Form(NamedTuple):
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


class FormError(ValueError):
    """A form file that does not say what the engine reads: an unknown key, a missing one, an unknown kind,
    a relation naming a row or column the table does not have. Raised when the file is loaded."""


def _tuple(d: dict, name: str) -> tuple:
    return tuple(d.get(name, ()))


def _strict(d: Any, cls: type, where: str) -> dict:
    """d itself, once every key in it is a field of cls (a misspelt key is an error, not silently ignored)."""
    if not isinstance(d, dict):
        raise FormError(render("form-not-a-table", where=where, type_name=type(d).__name__))
    allowed = _field_names(cls)
    unknown = sorted(d.keys() - allowed)
    if unknown:
        keys, known = "、".join(unknown), "、".join(sorted(allowed))
        raise FormError(render("form-unknown-keys", where=where, unknown=keys, allowed=known))
    return d


@cache
def _field_names(cls: type) -> frozenset[str]:
    return frozenset(cls._fields)


def _one_of(value: Any, kind: Any, where: str) -> Any:
    """value, once it is one of the Literal type's values."""
    choices = get_args(kind)
    if value not in choices:
        names = "、".join(map(str, choices))
        raise FormError(render("form-not-one-of", where=where, value=value, choices=names))
    return value


def _column(d: dict, where: str) -> Column:
    _strict(d, Column, where)
    return Column(
        key=d["key"],
        label=d["label"],
        short=d.get("short", d["label"]),
        group=_tuple(d, "group"),
        aliases=_tuple(d, "aliases"),
        kind=_one_of(d.get("kind", "count"), ValueKind, f"{where}.kind"),
        unit=d.get("unit"),
    )


def _row(d: dict, where: str) -> Row:
    _strict(d, Row, where)
    return Row(
        key=d["key"],
        label=d["label"],
        short=d.get("short", d["label"]),
        kind=_one_of(d.get("kind", "data"), RowKind, f"{where}.kind"),
        parent=d.get("parent"),
        aliases=_tuple(d, "aliases"),
    )


def _relation(d: dict, where: str) -> Relation:
    _strict(d, Relation, where)
    return Relation(
        id=d["id"],
        kind=_one_of(d["kind"], Literal["sum", "equal"], f"{where}.kind"),
        each=_one_of(d["each"], Literal["row", "column"], f"{where}.each"),
        label=d.get("label", d["id"]),
        total=d.get("total"),
        parts=_tuple(d, "parts"),
        left=_tuple(d, "left"),
        right=_tuple(d, "right"),
        own_rows=d.get("own_rows", False),
        advisory=d.get("advisory", False),
    )


def _inequality(d: dict, where: str) -> Inequality:
    _strict(d, Inequality, where)
    return Inequality(
        id=d["id"],
        each=d["each"],
        label=d["label"],
        terms=tuple(d["terms"]),
        implied=d["implied"],
        at_least=d.get("at_least", 0),
    )


def _table(d: dict, where: str) -> Table:
    _strict(d, Table, where)
    where = f"{where}（{d.get('key', '?')}）"
    return Table(
        key=d["key"],
        section=d["section"],
        layout=d.get("layout", "grid"),
        short=d.get("short", d["key"]),
        rows=tuple(_row(r, f"{where}.rows[{i}]") for i, r in enumerate(d.get("rows", ()))),
        columns=tuple(_column(c, f"{where}.columns[{i}]") for i, c in enumerate(d.get("columns", ()))),
        relations=tuple(
            _relation(r, f"{where}.relations[{i}]") for i, r in enumerate(d.get("relations", ()))
        ),
        inequalities=tuple(
            _inequality(r, f"{where}.inequalities[{i}]") for i, r in enumerate(d.get("inequalities", ()))
        ),
        heading=d.get("heading"),
        note=d.get("note"),
        group_aliases={k: tuple(v) for k, v in d.get("group_aliases", {}).items()},
    )


def _statement(d: dict, where: str) -> Statement:
    _strict(d, Statement, where)
    return Statement(
        id=d["id"],
        label=d.get("label", d["id"]),
        table=d["table"],
        cells=tuple((str(r), str(c)) for r, c in d["cells"]),
        patterns=_tuple(d, "patterns"),
        zero=_tuple(d, "zero"),
        unless=_tuple(d, "unless"),
        unless_after=_tuple(d, "unless_after"),
        context=d.get("context"),
    )


def _narrative(d: dict, where: str) -> NarrativeRules:
    _strict(d, NarrativeRules, where)
    return NarrativeRules(
        lead=d.get("lead", ""),
        approx_before=_tuple(d, "approx_before"),
        approx_after=_tuple(d, "approx_after"),
        unless=_tuple(d, "unless"),
        others=_tuple(d, "others"),
        contexts=_tuple(d, "contexts"),
    )


def _section(s: dict, where: str) -> Section:
    _strict(s, Section, where)
    return Section(
        key=s["key"],
        number=s["number"],
        title=s["title"],
        short=s.get("short", s["title"]),
        title_aliases=_tuple(s, "title_aliases"),
    )


def _link(d: dict, where: str) -> Link:
    _strict(d, Link, where)
    return Link(**d)


def _toml(text: str, source: str) -> dict:
    import tomllib  # deferred: a bundled form file's parse is cached (forms.parsed); tomllib loads on a miss

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise FormError(render("form-invalid-toml", source=source, error=e)) from None


def parse_form(text: str, source: str = render("form-file")) -> Form:
    """Build a Form from the text of a TOML form file; FormError naming the file and the key when it holds a key
    or a kind the engine does not read, or lacks one it needs."""
    return _form(_toml(text, source), source)


def _form(d: dict, source: str) -> Form:
    _strict(d, Form, source)
    try:
        return Form(
            version=str(d["version"]),
            name=d["name"],
            first_year=d["first_year"],
            last_year=d["last_year"],
            markers=_tuple(d, "markers"),
            sections=tuple(
                _section(s, f"{source} sections[{i}]") for i, s in enumerate(d.get("sections", ()))
            ),
            tables=tuple(_table(t, f"{source} tables[{i}]") for i, t in enumerate(d["tables"])),
            links=tuple(_link(link, f"{source} links[{i}]") for i, link in enumerate(d.get("links", ()))),
            narrative=_narrative(d.get("narrative", {}), f"{source} narrative"),
            statements=tuple(
                _statement(st, f"{source} statements[{i}]") for i, st in enumerate(d.get("statements", ()))
            ),
        )
    except KeyError as e:
        raise FormError(render("form-missing-key", source=source, name=e.args[0])) from None


@cache
def all_forms() -> tuple[Form, ...]:
    """Every bundled format version, newest first."""
    files = sorted(
        Path(__file__).parent.glob("*.toml"),  # plain files beside this module (package data)
        key=lambda p: p.name,
        reverse=True,
    )
    return tuple(_form(cached_toml(p, _toml), p.name) for p in files)


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
