"""Planning repairs: from a checked workbook to cell edits, touching no file.

Statistical data editing, as the R packages deductive and errorlocate do it: fill only what the
relations determine, correct the fewest cells (Fellegi–Holt) and only when that correction is unique,
otherwise leave the cells alone and say what the candidates are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal
from typing import Any, Literal, NamedTuple

from govreport.cells.values import EXCEL_ERRORS
from govreport.check.solved import MAX_LISTED, relation_where  # the wording check uses for the same relation
from govreport.findings import REVIEW_TEXT, FileReport, json_number, plain_number
from govreport.memo import LazyPattern
from govreport.messages import render
from govreport.read.cellnames import is_document_sheet
from govreport.read.model import CellRef
from govreport.solve.formulas import sum_formula, sum_parts, sum_total
from govreport.solve.model import CellInfo, CheckedTable, Component, relation_of, where
from govreport.solve.relations import reported_violations

EditKind = Literal["filled", "normalized", "corrected", "needs-review"]
KIND_TEXT = {
    "filled": render("fill-kind-filled"),
    "normalized": render("fill-kind-normalized"),
    "corrected": render("fill-kind-corrected"),
    "needs-review": REVIEW_TEXT,
}


class CellEdit(NamedTuple):
    cell: str  # "依申请公开!J12"
    ref: CellRef
    old: Any  # what the cell held ("" for blank, "=SUM(..)" for a formula)
    new: int | Decimal | str  # a number, or a formula text starting with "="
    kind: EditKind
    reason: str  # Chinese: old -> new and which relation says so
    table: str | None = None
    row: str | None = None
    column: str | None = None

    def to_dict(self) -> dict[str, Any]:
        new = self.new if isinstance(self.new, str) else json_number(self.new)
        old = self.old
        if isinstance(old, Decimal):
            old = json_number(old)
        elif isinstance(old, date | time):  # a date Excel made of a typed count ("1-10"): as it was shown
            old = old.isoformat()
        elif isinstance(old, float):
            # calamine reads every number as a float: a count typed 54 is the int 54 in JSON, as in `check`
            exact = Decimal(repr(old))
            old = (
                int(exact) if exact.is_finite() and exact == exact.to_integral_value() else json_number(exact)
            )
        return {
            "cell": self.cell,
            "old": old,
            "new": new,
            "kind": self.kind,
            "reason": self.reason,
            "table": self.table,
            "row": self.row,
            "column": self.column,
        }


@dataclass
class Plan:
    edits: list[CellEdit] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)  # what only a person can decide, in Chinese

    def by_table(self) -> dict[str, dict[tuple[str, str], CellEdit]]:
        """Edits keyed by table, then (row key, column key): what renderers colour."""
        out: dict[str, dict[tuple[str, str], CellEdit]] = {}
        for e in self.edits:
            if e.table and e.row and e.column:
                out.setdefault(e.table, {})[(e.row, e.column)] = e
        return out

    @property
    def needs_review(self) -> bool:
        return any(e.kind == "needs-review" for e in self.edits)


def plan_repairs(report: FileReport) -> Plan:
    """Every edit the relations justify, and the open questions, for one checked workbook."""
    plan = Plan()
    for t in report.tables:
        planned: dict[CellRef, CellEdit] = {}
        _plan_formulas(t, planned)
        for comp in t.components:
            _plan_component(t, comp, planned, plan.questions)
        _plan_normalize(t, planned)
        _undetermined(t, planned, plan.questions)
        plan.edits += sorted(planned.values(), key=lambda e: (e.ref.sheet, e.ref.row, e.ref.col))
    # a count the 2019 table 1 implies (上一年项目数量＋本年增/减) is negative: one of its cells is wrong, which
    # no relation tells; the check's sentence says so and names a sign typed the wrong way round
    plan.questions += [f.message for f in report.findings if f.code == "negative-implied-count"]
    return plan


def _show(x: Any) -> str:
    if x in ("", None):
        return render("fill-shown-blank")
    return (
        render("fill-shown-text", text=x) if isinstance(x, str) and not x.startswith("=") else plain_number(x)
    )


def _edit(t: CheckedTable, info: CellInfo, new, kind: EditKind, why: str) -> CellEdit:
    old = info.value.raw if info.formula is None or info.value.state != "formula" else f"={info.formula}"
    if info.formula is not None and info.value.state != "formula":
        old = f"={info.formula}"
    reason = render("fill-reason", where=where(t, info), old=_show(old), new=_show(new), why=why)
    return CellEdit(
        cell=str(info.ref),
        ref=info.ref,
        old=old,
        new=new,
        kind=kind,
        reason=reason,
        table=t.key,
        row=info.row,
        column=info.column,
    )


_ARITHMETIC_ONLY = LazyPattern(r"^\s*(?:SUM\s*\()?[\d\s.+\-*/(),]*\)?\s*$", re.IGNORECASE)


def _arithmetic_only(formula: str) -> bool:
    """A formula over numbers alone (=24+5+1+3, =SUM(10,3,1)): the clerk's calculator, as typed as a number
    is, so a wrong one is corrected as a number; a formula reading cells is the user's to check."""
    return bool(_ARITHMETIC_ONLY.match(formula))


def _relations_text(t: CheckedTable, comp: Component, ref: Any) -> str:
    labels = [relation_of(t, eq).label for eq in comp.equations if ref in eq.vars]
    return render("list-sep").join(dict.fromkeys(labels)) or render("fill-relations")


def _plan_formulas(t: CheckedTable, planned: dict[CellRef, CellEdit]) -> None:
    """A total whose formula misses or adds cells gets the formula over exactly the relation's parts."""
    if not t.solution.mismatches:
        return
    by_ref = t.cells_by_ref
    for m in t.solution.mismatches:
        new = "=" + sum_formula(m.parts)
        planned[m.ref] = _edit(t, by_ref[m.ref], new, "corrected", render("fill-formula-refs-fixed"))


def _plan_component(
    t: CheckedTable, comp: Component, planned: dict[Any, CellEdit], questions: list[str]
) -> None:
    by_ref: dict[Any, CellInfo] = {
        info.ref: info for info in t.cells.values()
    }  # arithmetic vars are Hashable
    d = comp.deduction
    asked: set[Any] = set()  # formula cells already asked about
    if not d.consistent:
        fix = comp.fix  # the one smallest correction solving found (one listed of several is none)
        if fix is not None and comp.after_fix is not None and all(v is not None for v in fix.values):
            for ref, value in zip(fix.cells, fix.values, strict=True):
                info = by_ref[ref]
                if info.formula is not None and ref not in planned and not _arithmetic_only(info.formula):
                    questions.append(
                        render("fill-formula-total-question", cell=ref, where=where(t, info), value=value)
                    )
                    asked.add(ref)
                    continue
                planned.setdefault(
                    ref,
                    _edit(
                        t,
                        info,
                        value,
                        "corrected",
                        render("fill-unique-fix", relations=_relations_text(t, comp, ref)),
                    ),
                )
            d = comp.after_fix
        else:
            total = _derived_total(t, comp)
            if total is not None:
                ref, value = total
                info = by_ref[ref]
                # a document's cells have no letters a person sees: its parts are named by their labels
                parts = "、".join(
                    where(t, by_ref[c]) if is_document_sheet(c.sheet) else str(c.a1)
                    for c in _parts_of(comp, ref)
                )
                planned.setdefault(
                    ref,
                    _edit(
                        t,
                        info,
                        value,
                        "needs-review",
                        render("fill-total-recomputed", parts=parts),
                    ),
                )
            else:
                questions.append(_ambiguous_text(t, comp))
            for ref, value in comp.common.items():
                # determined alike by every listed correction: filled whichever of them is made
                info = by_ref[ref]
                if ref not in planned and info.formula is None:
                    why = render("fill-determined-any-fix", relations=_relations_text(t, comp, ref))
                    kind = "filled" if info.value.state in ("blank", "placeholder", "text") else "corrected"
                    planned[ref] = _edit(t, info, value, kind, why)
            return
    for ref, value in d.values.items():
        info = by_ref[ref]
        if ref in planned or ref in asked:
            continue
        if info.formula is not None:
            if info.number is not None:
                continue  # a formula total over a blank part: it follows the part once that is filled
            lost = _deleted_reference_parts(comp, ref, info)
            if lost:
                planned[ref] = _edit(
                    t,
                    info,
                    "=" + sum_formula(lost),
                    "corrected",
                    render("fill-formula-ref-deleted"),
                )
                continue
            if (info.formula or "").strip().upper() in EXCEL_ERRORS:
                # an error value saved as a formula (=#DIV/0! is how LibreOffice keeps one): no formula of
                # the user's is lost, it is an error value like any other
                planned[ref] = _edit(
                    t,
                    info,
                    value,
                    "corrected",
                    render("fill-determined", relations=_relations_text(t, comp, ref)),
                )
                continue
            # a formula that cannot be computed: its value is known, but replacing the user's formula by a
            # number is not ours to decide
            questions.append(
                render(
                    "fill-formula-error-question",
                    cell=ref,
                    where=where(t, info),
                    text=info.formula,
                    value=value,
                )
            )
            continue
        why = render("fill-determined", relations=_relations_text(t, comp, ref))
        if info.value.state == "blank":
            planned[ref] = _edit(t, info, value, "filled", why)
        elif info.value.state in ("placeholder", "text"):
            planned[ref] = _edit(t, info, value, "filled", why)
        else:  # a decimal or negative count, an error value: the relations say what it must be
            planned[ref] = _edit(t, info, value, "corrected", why)


def _deleted_reference_parts(comp: Component, ref: Any, info: CellInfo) -> list[Any]:
    """The parts of the sum whose total is this formula, when the formula lost its references (a column
    or row deleted under it leaves #REF!): it is rewritten over them, as a total over the wrong range is."""
    if "#REF!" not in (info.formula or "").upper():
        return []
    for eq in comp.equations:
        if sum_total(eq) == ref and all(c in (1, -1) for _v, c in eq.terms):
            return sum_parts(eq)
    return []


def _parts_of(comp: Component, total: Any) -> list[Any]:
    for eq in comp.deduction.violated:
        if sum_total(eq) == total:
            return sum_parts(eq)
    return []


def _derived_total(t: CheckedTable, comp: Component) -> tuple[Any, int] | None:
    """One sum relation broken and any one of its cells could be wrong: the total is the derived cell."""
    sols = comp.solutions
    if not sols or any(len(s.cells) != 1 for s in sols) or len(comp.deduction.violated) != 1:
        return None
    eq = comp.deduction.violated[0]
    if relation_of(t, eq).kind != "sum":
        return None
    total = sum_total(eq)
    for s in sols:
        if total is not None and s.cells == (total,) and s.values[0] is not None:
            return total, s.values[0]
    return None


def _ambiguous_text(t: CheckedTable, comp: Component) -> str:
    sols = comp.solutions
    broken = reported_violations(comp, t.cells_by_ref) or comp.deduction.violated
    rels = render("option-sep").join(dict.fromkeys(relation_where(t, eq) for eq in broken))
    search = comp.search
    if not sols and search is not None and search.status == "limit":
        return render(
            "fill-search-limit",
            table=t.located.table.short,
            relations=rels,
            bound=search.bound,
            nodes=search.nodes,
        )
    if not sols:
        return render("fill-no-small-fix", table=t.located.table.short, relations=rels)
    opts = []
    for s, candidate in zip(sols[:MAX_LISTED], comp.candidates, strict=False):
        change = render("item-sep").join(
            render("change", cell=c, value=v if v is not None else "?")
            for c, v in zip(s.cells, s.values, strict=True)
        )
        opts.append(change + (render("fill-near-typo") if candidate.near_typo else ""))
    more = "……" if len(sols) > MAX_LISTED else ""
    if search is not None and search.more:  # the search lists MAX_SOLUTIONS of them and stops
        return (
            render("fill-more-fixes", table=t.located.table.short, relations=rels, n=len(sols))
            + render("option-sep").join(opts)
            + "……"
        )
    return (
        render("fill-several-fixes", table=t.located.table.short, relations=rels, n=len(sols))
        + render("option-sep").join(opts)
        + more
    )


def _plan_normalize(t: CheckedTable, planned: dict[CellRef, CellEdit]) -> None:
    """Numbers stored as text become numbers; an amount in another unit is converted and flagged."""
    for info in t.cells.values():
        v = info.value
        if info.ref in planned or v.state != "text-number" or v.number is None or not v.usable:
            continue
        if "unit-converted" in v.problems:
            planned[info.ref] = _edit(
                t,
                info,
                v.number,
                "needs-review",
                render("fill-unit-converted", written=v.converted_from or v.raw),
            )
        else:
            why = render("fill-date-format" if "date-format" in v.problems else "fill-text-number")
            planned[info.ref] = _edit(t, info, v.number, "normalized", why)


def _undetermined(t: CheckedTable, planned: dict[CellRef, CellEdit], questions: list[str]) -> None:
    # every cell the relations could not use (blank, placeholder, text, a decimal or negative count) and no
    # edit settles is for a person; a formula that cannot be computed has its own finding
    left = [
        info
        for info in t.cells.values()
        if info.ref not in planned and info.number is None and info.formula is None
    ]
    if left:
        cells = render("list-sep").join(str(i.ref) for i in left[:20]) + ("……" if len(left) > 20 else "")
        questions.append(render("fill-undetermined", table=t.located.table.short, n=len(left), cells=cells))
