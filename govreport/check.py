"""Checking one workbook: locate the tables, read every value, test every relation -> FileReport."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from govreport.arithmetic import Deduction, Equation, Solution, deduce, equations_for, locate_errors
from govreport.book import Book, CellRef, col_letter
from govreport.findings import Candidate, FileReport, Finding, Number, make_finding
from govreport.forms import Form, Relation
from govreport.formula import FormulaError, evaluate, references
from govreport.locate import LocatedTable, locate
from govreport.messages import render
from govreport.values import CellValue, digit_edit_distance_one, formula_value, parse_value

CellStatus = Literal["ok", "blank", "wrong", "suspect", "invalid", "warning"]


@dataclass(slots=True)
class CellInfo:
    ref: CellRef
    row: str
    column: str
    value: CellValue
    formula: str | None = None
    number: Number | None = None  # the value used in the relations (None: unknown)
    expected: Number | None = None  # what the relations require, where they determine it
    status: CellStatus = "ok"


@dataclass
class Component:
    """Equations of one table that share cells, with what deduction and error location found."""

    equations: list[Equation]
    known: dict[CellRef, int]
    unknown: set[CellRef]
    deduction: Deduction
    solutions: list[Solution] = field(default_factory=list)


@dataclass
class CheckedTable:
    located: LocatedTable
    cells: dict[tuple[str, str], CellInfo]
    components: list[Component] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.located.table.key

    @property
    def cells_by_ref(self) -> dict[CellRef, CellInfo]:
        return {info.ref: info for info in self.cells.values()}


def check_book(book: Book, form: Form | None = None) -> FileReport:
    """Check every table and relation of a read workbook."""
    loc = locate(book, form)
    report = FileReport(path=book.path, form=loc.form.version, agency=loc.agency, year=loc.year)
    if not loc.tables:
        report.unreadable = True
        report.form = None
        report.findings.append(make_finding("no-tables", render("no-tables", file=os.path.basename(book.path))))
        return report
    if loc.year is not None and not loc.form.fits_year(loc.year) and loc.form_reason == "labels":
        from govreport.forms import form_for_year

        report.findings.append(make_finding(
            "form-year-mismatch",
            render("form-year-mismatch", year=loc.year, form=loc.form.name, expected=form_for_year(loc.year).name),
        ))
    for table in loc.form.tables:
        located = loc.tables.get(table.key)
        section = loc.form.section(table.section)
        title = f"{section.short}·{table.short}" if table.short != section.short else section.short
        if located is None:
            report.findings.append(make_finding("table-not-found", render("table-not-found", table=title),
                                                table=table.key))
            continue
        if table.key in loc.duplicates:
            dup = loc.duplicates[table.key]
            report.findings.append(make_finding(
                "duplicate-table",
                render("duplicate-table", table=title, first=_where_table(located), second=_where_table(dup)),
                table=table.key,
            ))
        report.findings += _structure_findings(located, title)
        checked = _read_cells(book, located)
        relation_findings = _relation_findings(checked)
        report.findings += _value_findings(checked)
        report.findings += relation_findings
        report.findings += _blank_findings(checked)
        report.findings += _formula_findings(checked)
        report.tables.append(checked)
    _sort(report)
    return report


def _where_table(t: LocatedTable) -> str:
    return f"{t.sheet}!{col_letter(t.anchor[1])}{t.anchor[0] + 1}"


def _structure_findings(t: LocatedTable, title: str) -> list[Finding]:
    out = []
    for row in t.missing_rows:
        out.append(make_finding("row-not-found", render("row-not-found", table=title, row=row.label),
                                table=t.table.key, row=row.key))
    for col in t.missing_columns:
        name = "·".join((*col.group[1:], col.label)) if col.group else col.label
        out.append(make_finding("column-not-found", render("column-not-found", table=title, column=name),
                                table=t.table.key, column=col.key))
    return out


# ----------------------------------------------------------------------------- values

def _read_cells(book: Book, t: LocatedTable) -> CheckedTable:
    sheet = book.sheet(t.sheet)
    cells: dict[tuple[str, str], CellInfo] = {}
    cache = _FormulaCache()
    formulas = sheet.formulas
    cols = [(col, t.columns[col.key], t.units.get(col.key) or col.unit) for col in t.table.columns
            if col.key in t.columns]
    for row_key, r in t.rows.items():
        line = sheet.rows[r] if r < len(sheet.rows) else []
        for col, c, unit in cols:
            raw = line[c] if c < len(line) else ""
            formula = formulas.get((r, c)) if formulas else None
            if formula is not None and raw in ("", None):
                value = _formula_value(book, t.sheet, formula, col.kind, unit, cache)
            else:
                value = _parse(raw, col.kind, unit)
            info = CellInfo(CellRef(t.sheet, r, c), row_key, col.key, value, formula)
            if value.usable:
                info.number = value.number
                if value.problems:
                    info.status = "warning"
            else:
                info.status = "blank" if value.state == "blank" else "invalid"
            cells[(row_key, col.key)] = info
    return CheckedTable(t, cells)


_PARSED: dict[tuple, CellValue] = {}


def _parse(raw, kind, unit) -> CellValue:
    """parse_value, remembered: a batch sees the same few hundred raw values again and again."""
    try:
        key = (type(raw), raw, kind, unit)  # the type too: True == 1 == 1.0 as dict keys
        hit = _PARSED.get(key)
    except TypeError:
        return parse_value(raw, kind, unit)
    if hit is None:
        if len(_PARSED) > 50_000:
            _PARSED.clear()
        hit = _PARSED[key] = parse_value(raw, kind, unit)
    return hit


class _FormulaCache(dict):
    """Values of cells read by uncached formulas, and how many more cells they may read."""

    budget = 100_000  # formulas over formulas over huge ranges: refuse rather than hang


def _formula_value(book: Book, sheet: str, text: str, kind, unit, cache: _FormulaCache) -> CellValue:
    """A formula with no cached value (saved by a program other than Excel/WPS): compute it."""

    def lookup(ref):
        name = ref[0] or sheet
        key = (name, ref[1], ref[2])
        if key in cache:
            return cache[key]
        cache.budget -= 1
        if cache.budget < 0:
            raise FormulaError("公式引用的单元格过多")
        cache[key] = None  # a cycle reads as blank rather than recursing forever
        try:
            sh = book.sheet(name)
        except StopIteration:
            raise FormulaError(f"找不到工作表“{name}”") from None
        raw = sh.value(ref[1], ref[2])
        f = sh.formulas.get((ref[1], ref[2]))
        if f is not None and raw in ("", None):
            result = evaluate(f, lookup)
        else:
            v = parse_value(raw, "money")
            result = Decimal(v.number) if v.number is not None else None
        cache[key] = result
        return result

    try:
        number = evaluate(text, lookup)
    except (FormulaError, RecursionError) as e:
        return CellValue(raw=f"={text}", state="error", number=None, problems=("formula-error",), unit=None,
                         converted_from=str(e) or "无法计算")
    return formula_value(text, number, kind)


def _where(t: CheckedTable, info: CellInfo) -> str:
    table = t.located.table
    row = table.row(info.row).short if table.layout == "grid" else ""
    col = table.column(info.column).short
    return f"{row} · {col}" if row else col


def _value_findings(t: CheckedTable) -> list[Finding]:
    out = []
    for info in t.cells.values():
        v = info.value
        if not v.problems or v.problems == ("blank-cell",):
            continue  # blanks are reported after the relations, which may determine them
        base = dict(table=t.key, row=info.row, column=info.column, cell=str(info.ref), cells=(str(info.ref),))
        where = _where(t, info)
        raw = v.raw if not isinstance(v.raw, float) else _plain(v.raw)
        for code in v.problems:
            if code == "formula-error":
                out.append(make_finding("formula-error", render(
                    "formula-error", cell=info.ref, where=where, formula=info.formula,
                    reason=v.converted_from or "无法计算"), **base))
            elif code in ("invalid-value", "not-integer", "negative-count"):
                # an invalid value is an unknown of the relations: say what it must be where they tell
                hint = render("hint-expected", expected=info.expected) if info.expected is not None else ""
                out.append(make_finding(code, render(code, cell=info.ref, where=where, raw=raw, hint=hint),
                                        actual=None, expected=info.expected, **base))
            elif code in ("text-number", "unit-converted"):
                unit = t.located.units.get(info.column) or t.located.table.column(info.column).unit
                out.append(make_finding(code, render(code, cell=info.ref, where=where, raw=raw,
                                                     number=_plain(v.number), unit=unit or ""),
                                        actual=v.number, **base))
    return out


def _plain(x) -> str:
    if isinstance(x, float):
        return format(Decimal(repr(x)).normalize(), "f")
    if isinstance(x, Decimal):
        return format(x, "f")
    return str(x)


# ----------------------------------------------------------------------------- relations

def build_equations(t: CheckedTable) -> list[Equation]:
    """Every relation of the table, instantiated on its located rows and columns."""
    loc = t.located
    out: list[Equation] = []
    for rel in loc.table.relations:
        rid = f"{loc.table.key}.{rel.id}"
        if rel.each == "row":
            keys = list(rel.lhs) + list(rel.rhs)
            if not all(k in loc.columns for k in keys):
                continue
            for row_key in loc.rows:
                if all((row_key, k) in t.cells for k in keys):
                    out.append(equations_for(rid, row_key, [t.cells[(row_key, k)].ref for k in rel.lhs],
                                             [t.cells[(row_key, k)].ref for k in rel.rhs]))
        else:
            lhs = [r for k in rel.lhs for r in loc.expand(k)]
            rhs = [r for k in rel.rhs for r in loc.expand(k)]
            needed = set(rel.lhs) | set(rel.rhs)
            if not lhs or not rhs or any(not loc.expand(k) for k in needed):
                continue
            for col_key in loc.columns:
                if all((r, col_key) in t.cells for r in lhs + rhs):
                    out.append(equations_for(rid, col_key, [t.cells[(r, col_key)].ref for r in lhs],
                                             [t.cells[(r, col_key)].ref for r in rhs]))
    return out


def _components(eqs: list[Equation]) -> list[list[Equation]]:
    parent = list(range(len(eqs)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[CellRef, int] = {}
    for i, eq in enumerate(eqs):
        for v in eq.vars:
            if v in owner:
                parent[find(i)] = find(owner[v])
            else:
                owner[v] = i
    groups: dict[int, list[Equation]] = {}
    for i, eq in enumerate(eqs):
        groups.setdefault(find(i), []).append(eq)
    return list(groups.values())


_EQUATIONS: dict[int, tuple[LocatedTable, list[list[Equation]]]] = {}


def _equation_groups(t: CheckedTable) -> list[list[Equation]]:
    """The table's equations in groups that share cells; fixed per layout, so built once per layout."""
    hit = _EQUATIONS.get(id(t.located))
    if hit is None or hit[0] is not t.located:
        if len(_EQUATIONS) > 2000:
            _EQUATIONS.clear()
        hit = _EQUATIONS[id(t.located)] = (t.located, _components(build_equations(t)))
    return hit[1]


def _relation_findings(t: CheckedTable) -> list[Finding]:
    by_ref = {info.ref: info for info in t.cells.values()}
    out: list[Finding] = []
    for comp_eqs in _equation_groups(t):
        refs = {v for eq in comp_eqs for v in eq.vars}
        known = {r: int(by_ref[r].number) for r in refs if isinstance(by_ref[r].number, int)}
        unknown = {r for r in refs if r not in known}
        d = deduce(comp_eqs, known, unknown)
        comp = Component(comp_eqs, known, unknown, d)
        t.components.append(comp)
        if d.consistent:
            for r, x in d.values.items():
                by_ref[r].expected = x
            continue
        comp.solutions = locate_errors(comp_eqs, known, unknown, max_cells=2, derived=_derived(t, comp_eqs))
        sols = comp.solutions
        if len(sols) == 1 and all(v is not None for v in sols[0].values) or (
                len(sols) == 1 and len(sols[0].cells) == 1):
            # one smallest correction: name its cells; the blanks are determined once it is applied
            fixed = deduce(comp_eqs, known, unknown | set(sols[0].cells))
            for r, x in fixed.values.items():
                if r not in sols[0].cells:
                    by_ref[r].expected = x
            for ref, value in zip(sols[0].cells, sols[0].values, strict=True):
                info = by_ref[ref]
                info.status, info.expected = "wrong", value
                broken = [eq for eq in d.violated if ref in eq.vars] or d.violated
                out.append(_wrong_cell(t, info, broken, value))
        else:
            suspects = {c for s in sols for c in s.cells} or {
                v for eq in d.violated for v, coef in eq.terms if coef > 0 and v in known}
            for r in suspects:
                if by_ref[r].status == "ok":
                    by_ref[r].status = "suspect"
            for eq in d.violated:
                out.append(_broken_relation(t, eq, by_ref, sols, unknown))
    return out


def _relation_of(t: CheckedTable, eq: Equation) -> Relation:
    rid = eq.relation.split(".", 1)[1]
    return next(r for r in t.located.table.relations if r.id == rid)


def _relation_where(t: CheckedTable, eq: Equation) -> str:
    rel = _relation_of(t, eq)
    table = t.located.table
    if rel.each == "row":
        row = table.row(eq.where)
        place = f"“{row.short}”行" if table.layout == "grid" else ""
    else:
        place = f"“{table.column(eq.where).short}”列"
    return f"{table.short}{place}的“{rel.label}”"


def _code_for(t: CheckedTable, eqs: list[Equation]) -> str:
    kinds = {_relation_of(t, eq).kind for eq in eqs}
    return "sum-mismatch" if "sum" in kinds else "balance-mismatch"


def _wrong_cell(t: CheckedTable, info: CellInfo, violated: list[Equation], value: int | None) -> Finding:
    rels = "、".join(dict.fromkeys(_relation_where(t, eq) + "不成立" for eq in violated))
    where = _where(t, info)
    actual = info.number
    if value is None:
        msg = render("wrong-cell-undetermined", cell=info.ref, where=where, actual=actual, relations=rels)
    else:
        msg = render("wrong-cell", cell=info.ref, where=where, expected=value, actual=actual, relations=rels)
    cells = tuple(dict.fromkeys(str(v) for eq in violated for v in eq.vars))
    return make_finding(_code_for(t, violated), msg, relation=violated[0].relation, cell=str(info.ref),
                        cells=cells, expected=value, actual=actual, table=t.key, row=info.row,
                        column=info.column)


def _broken_relation(t, eq: Equation, by_ref, solutions: list[Solution], unknown: set) -> Finding:
    lhs = [v for v, c in eq.terms if c > 0]
    rhs = [v for v, c in eq.terms if c < 0]
    vals = {v: by_ref[v].number for v in eq.vars}
    rel = _relation_of(t, eq)
    has_unknown = any(v in unknown for v in eq.vars)

    def side(vs):
        return None if any(not isinstance(vals[v], int) for v in vs) else sum(vals[v] for v in vs)

    left, right = side(lhs), side(rhs)
    names = "＋".join(by_ref[v].ref.a1 for v in lhs)
    detail = f"{names} = {left if left is not None else '?'}，而 " \
             f"{'＋'.join(by_ref[v].ref.a1 for v in rhs) if len(rhs) <= 4 else '各项之和'} = " \
             f"{right if right is not None else '?'}"
    cells = tuple(str(v) for v in eq.vars)
    relevant = solutions  # the candidates of the whole component: through formula totals they reach further
    cands = tuple(_candidate(s, by_ref) for s in relevant)
    text = ""
    if cands:
        opts = "；".join(_describe(c) for c in cands[:12]) + ("……" if len(cands) > 12 else "")
        text = render("candidates", options=opts)
        typos = [c for c in cands if c.near_typo]
        if typos and len(typos) < len(cands):
            text += render("candidates-typo", options="；".join(_describe(c) for c in typos))
    key = "relation-unsatisfiable" if has_unknown else "relation-broken"
    code = "unsatisfiable" if has_unknown else ("sum-mismatch" if rel.kind == "sum" else "balance-mismatch")
    where = f"{by_ref[lhs[0]].ref.sheet}!" if lhs else ""
    msg = render(key, relation_where=_relation_where(t, eq), detail=detail, cells=_range_text(eq, by_ref, where),
                 candidates=text)
    expected = right if rel.kind == "sum" else right
    return make_finding(code, msg, relation=eq.relation, cell=None, cells=cells, expected=expected, actual=left,
                        table=t.key, row=eq.where if rel.each == "row" else None,
                        column=eq.where if rel.each == "column" else None, candidates=cands)


def _range_text(eq: Equation, by_ref, prefix: str) -> str:
    refs = [by_ref[v].ref for v in eq.vars]
    return prefix + "、".join(r.a1 for r in refs)


def _candidate(s: Solution, by_ref) -> Candidate:
    typo = all(x is not None and isinstance(by_ref[c].number, int) and digit_edit_distance_one(by_ref[c].number, x)
               for c, x in zip(s.cells, s.values, strict=True))
    return Candidate(cells=tuple(str(c) for c in s.cells), values=tuple(s.values), near_typo=typo)


def _describe(c: Candidate) -> str:
    return "，".join(f"{cell.split('!')[-1]} 改为 {v if v is not None else '?'}" for cell, v in zip(c.cells, c.values,
                                                                                                  strict=True))


def _blank_findings(t: CheckedTable) -> list[Finding]:
    out = []
    for info in t.cells.values():
        if info.value.state != "blank":
            continue
        where = _where(t, info)
        if info.expected is not None:
            msg = render("blank-cell-determined", cell=info.ref, where=where, expected=info.expected)
        else:
            msg = render("blank-cell", cell=info.ref, where=where)
        out.append(make_finding("blank-cell", msg, cell=str(info.ref), cells=(str(info.ref),),
                                expected=info.expected, table=t.key, row=info.row, column=info.column))
    return out


# ----------------------------------------------------------------------------- formulas

def _derived(t: CheckedTable, eqs: list[Equation]) -> dict[CellRef, set[CellRef]]:
    """Totals whose formula reads exactly their relation's parts: they follow those parts."""
    out: dict[CellRef, set[CellRef]] = {}
    by_ref = t.cells_by_ref
    for eq in eqs:
        lhs = [v for v, c in eq.terms if c > 0]
        if len(lhs) != 1 or _relation_of(t, eq).kind != "sum":
            continue
        info = by_ref.get(lhs[0])
        if info is None or info.formula is None:
            continue
        refs = references(info.formula)
        parts = {v for v, c in eq.terms if c < 0}
        if refs is not None and {CellRef(s or info.ref.sheet, r, c) for s, r, c in refs} == parts:
            out[info.ref] = parts
    return out


def formula_parts(t: CheckedTable, info: CellInfo) -> list[CellRef] | None:
    """For a total whose formula does not read exactly its relation's parts: those parts, else None."""
    if info.formula is None:
        return None
    refs = references(info.formula)
    if refs is None:
        return None
    got = {CellRef(s or info.ref.sheet, r, c) for s, r, c in refs}
    totals = []
    for comp in t.components:
        for eq in comp.equations:
            lhs = [v for v, c in eq.terms if c > 0]
            if lhs == [info.ref] and _relation_of(t, eq).kind == "sum":
                totals.append({v for v, c in eq.terms if c < 0})
    if not totals or any(got == parts for parts in totals):
        return None
    parts = min(totals, key=lambda p: len(p ^ got))
    return sorted(parts, key=lambda r: (r.row, r.col))


def _formula_findings(t: CheckedTable) -> list[Finding]:
    out = []
    for info in t.cells.values():
        parts = formula_parts(t, info)
        if parts is None:
            continue
        got = {CellRef(s or info.ref.sheet, r, c) for s, r, c in references(info.formula) or ()}
        missing = [r for r in parts if r not in got]
        extra = sorted(got - set(parts), key=lambda r: (r.row, r.col))
        detail = []
        if missing:
            detail.append("未引用 " + "、".join(r.a1 for r in missing))
        if extra:
            detail.append("多引用了 " + "、".join(r.a1 for r in extra))
        out.append(make_finding("formula-mismatch", render(
            "formula-mismatch", cell=info.ref, where=_where(t, info), formula=info.formula,
            detail="，".join(detail), expected_formula=sum_formula(parts),
        ), cell=str(info.ref), cells=tuple(str(r) for r in parts), table=t.key, row=info.row, column=info.column))
    return out


def sum_formula(refs: list[CellRef]) -> str:
    """SUM over the cells, as ranges where they are contiguous in one row or one column."""
    if not refs:
        return "0"
    rows = {r.row for r in refs}
    cols = {r.col for r in refs}
    if len(rows) == 1 and max(cols) - min(cols) + 1 == len(refs):
        return f"SUM({refs[0].a1}:{refs[-1].a1})" if len(refs) > 1 else refs[0].a1
    if len(cols) == 1 and max(rows) - min(rows) + 1 == len(refs):
        return f"SUM({refs[0].a1}:{refs[-1].a1})" if len(refs) > 1 else refs[0].a1
    return "SUM(" + ",".join(r.a1 for r in refs) + ")"


def _sort(report: FileReport) -> None:
    # errors first; within a severity the order of the tables and of the checks is kept
    report.findings.sort(key=lambda f: f.severity != "error")


def unreadable_report(path: str | os.PathLike, reason: str) -> FileReport:
    """The report of a file that cannot be read, with the reason in Chinese."""
    report = FileReport(path=os.fspath(path), unreadable=True)
    name = os.path.basename(os.fspath(path))
    report.findings.append(make_finding("file-unreadable", render("file-unreadable", file=name, reason=reason)))
    return report


def check_file(path: str | os.PathLike, form: Form | None = None, *, debug: bool = False) -> FileReport:
    """Open and check one workbook file; a file that cannot be read becomes an `unreadable` report."""
    from govreport.workbook import UnreadableError, open_book

    try:
        return check_book(open_book(path), form)
    except UnreadableError as e:
        return unreadable_report(path, e.message)
    except Exception as e:  # a defect of ours must not cost the user a traceback or a batch its other files
        if debug:
            raise
        return unreadable_report(path, f"检查时发生内部错误（{type(e).__name__}），请用 --debug 运行并把文件提供给开发者。")
