"""Solving once (issue 12): solve_table writes into nothing and returns facts; check words them; fill plans
from the same facts without reading a formula or testing a typo again."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from casebuild import CASES, case_workbook

from govreport.check.run import check_file
from govreport.check.solved import formula_findings, solution_findings
from govreport.fill.plan import plan_repairs
from govreport.solve.model import BrokenRelation, FormulaMismatch, StaleTotal, WrongCell
from govreport.solve.relations import solve_table

# cases with each kind of fact: a wrong cell, candidates, a stale total, a total over the wrong cells
CASES_WITH_FACTS = [
    "formulas_cached_sum_skips_text",
    "formulas_uncached_sum_misses_column",
    "t3_sum_formula_misses_pending",
    "broken_balance_double_count",
    "sheet_per_table_typo",
    "swapped_within_row",
    "two_typos",
]


def _cases() -> list[str]:
    return [c for c in CASES_WITH_FACTS if (CASES / c).is_dir()]


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, object]:
    out = {}
    for name in _cases():
        folder = tmp_path_factory.mktemp(name)
        out[name] = check_file(case_workbook(CASES / name, folder))
    return out


@pytest.mark.parametrize("name", _cases())
def test_solving_again_writes_into_no_cell_and_finds_the_same_facts(reports, name):
    report = reports[name]
    for t in report.tables:
        before = copy.deepcopy([(i.expected, i.status) for i in t.cells.values()])
        again = solve_table(t)
        assert [(i.expected, i.status) for i in t.cells.values()] == before
        assert again.facts == t.solution.facts
        assert again.mismatches == t.solution.mismatches
        # check's findings of the relations are exactly the facts worded, in their order
        worded = solution_findings(t, again) + formula_findings(t, again)
        assert all(f in report.findings for f in worded)


def test_every_kind_of_fact_is_found_and_worded(reports):
    kinds = {type(f) for r in reports.values() for t in r.tables for f in t.solution.facts}
    kinds |= {FormulaMismatch for r in reports.values() for t in r.tables if t.solution.mismatches}
    assert {WrongCell, StaleTotal, FormulaMismatch} <= kinds
    codes = {f.code for r in reports.values() for f in r.findings}
    assert {"stale-total", "formula-mismatch"} <= codes
    assert codes & {"sum-mismatch", "balance-mismatch"}


def test_fill_plans_from_the_solution_without_reading_a_formula_again(reports, monkeypatch):
    """Every formula's references were read while solving: planning must not read one again, nor test a
    typo again (the candidates carry it)."""
    plans = {name: plan_repairs(report) for name, report in reports.items()}

    def forbidden(*_a, **_k):
        raise AssertionError("fill re-derived what the solution holds")

    import govreport.cells.formula as formula
    import govreport.cells.values as values
    import govreport.solve.formulas as formulas
    import govreport.solve.relations as relations

    monkeypatch.setattr(formula, "references", forbidden)
    monkeypatch.setattr(formulas, "references", forbidden)
    monkeypatch.setattr(values, "digit_edit_distance_one", forbidden)
    monkeypatch.setattr(relations, "digit_edit_distance_one", forbidden)
    monkeypatch.setattr(relations, "locate_errors", forbidden)
    for name, report in reports.items():
        again = plan_repairs(report)
        assert [e.to_dict() for e in again.edits] == [e.to_dict() for e in plans[name].edits]
        assert again.questions == plans[name].questions
    assert any(e.new.startswith("=") for p in plans.values() for e in p.edits if isinstance(e.new, str))


def test_a_broken_relation_names_the_candidates_of_its_component(reports):
    for report in reports.values():
        for t in report.tables:
            for fact in t.solution.facts:
                if isinstance(fact, BrokenRelation):
                    comp = next(c for c in t.components if fact.equation in c.equations)
                    assert fact.candidates == comp.candidates
                    assert len(comp.candidates) == len(comp.solutions)


def test_the_cases_exist():
    assert len(_cases()) >= 4, [c for c in CASES_WITH_FACTS if not Path(CASES / c).is_dir()]


def test_a_group_missing_an_item_row_checks_no_column_sum_over_the_rest():
    """An item row of a group not found (row-not-found): the （七）总计 sum over the group's other items
    missed it and failed in every column where it held a number (six false sum-mismatch errors). A
    relation missing a plain row is skipped; one missing a group's item now is too."""
    import random

    from samples import consistent_values

    from govreport.check.run import check_book
    from govreport.forms import get_form
    from govreport.read.model import Book, Sheet

    form = get_form("2021")
    t2 = form.table("requests")
    cols = [c.key for c in t2.columns]
    values = consistent_values(form, random.Random(5), zero_share=0.2)
    rows: list[list[object]] = [
        ["三、收到和处理政府信息公开申请情况"],
        ["", "自然人", "商业企业", "科研机构"],
    ]
    rows[-1] += ["社会公益组织", "法律服务机构", "其他", "总计"]
    for row in t2.rows:
        if row.key == "refused_security":
            continue  # a clerk deleted the row (its numbers are still counted in （七）总计)
        if row.kind in ("label", "group"):
            rows.append([row.label])
            continue
        rows.append([row.label, *(str(values[("requests", row.key, c)]) for c in cols)])
    assert any(values[("requests", "refused_security", c)] for c in cols)
    book = Book(path="x.html", format="html", sheets=[Sheet.from_rows("表格1", rows)])
    found = [f for f in check_book(book, None).findings if f.table == "requests"]
    assert [(f.code, f.row) for f in found] == [("row-not-found", "refused_security")]
