"""Repair planning as properties over random consistent tables (samples + template), as errorlocate tests it:
blanks are filled exactly where deduction determines them, one wrong cell of table 2 is restored, a correct
cell is never changed, and a second fill changes nothing."""

import random
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from samples import consistent_values

from govreport.check.run import check_file
from govreport.fill.plan import plan_repairs
from govreport.fill.run import fill_file
from govreport.forms import get_form
from govreport.solve.arithmetic import deduce
from govreport.template import write_report

FORM = get_form("2021")
SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
RELATED = ("requests", "appeals")  # the tables with relations


def _write(tmp_path, values, name="t.xlsx"):
    path = tmp_path / name
    where = write_report(path, FORM, values, agency="测试局", year=2021)
    return path, where


def _keys(values):
    return sorted(k for k in values if k[0] in RELATED)


@SETTINGS
@given(seed=st.integers(0, 10**6), picks=st.lists(st.integers(0, 10**6), min_size=1, max_size=30))
def test_blanks_are_filled_exactly_where_the_true_table_determines_them(tmp_path_factory, seed, picks):
    tmp = tmp_path_factory.mktemp("blank")
    truth = consistent_values(FORM, random.Random(seed))
    keys = _keys(truth)
    blanked = {keys[p % len(keys)] for p in picks}
    values = {k: (None if k in blanked else v) for k, v in truth.items()}
    path, where = _write(tmp, values)
    report = check_file(path)
    plan = plan_repairs(report)
    ref_of = {where[k]: k for k in blanked}
    # what deduction on the true table (blanked cells unknown) determines
    expected: dict[str, int] = {}
    for t in report.tables:
        for comp in t.components:
            known = {
                r: int(truth_at(truth, where, r))
                for r in {v for eq in comp.equations for v in eq.vars}
                if str(r) not in ref_of
            }
            unknown = {r for eq in comp.equations for r in eq.vars if str(r) in ref_of}
            d = deduce(comp.equations, known, unknown)
            assert d.consistent
            expected.update({str(r): v for r, v in d.values.items()})
    got = {e.cell: e.new for e in plan.edits}
    assert {e.kind for e in plan.edits} <= {"filled"}
    assert got == expected
    for cell, v in got.items():
        assert v == truth[ref_of[cell]]  # a determined value is the true one, never a guess


def truth_at(truth, where, ref):
    inv = {w: k for k, w in where.items()}
    return truth[inv[str(ref)]]


@SETTINGS
@given(seed=st.integers(0, 10**6), pick=st.integers(0, 10**6), delta=st.integers(1, 40), up=st.booleans())
def test_one_wrong_cell_of_table_2_is_restored_and_nothing_else_changes(
    tmp_path_factory, seed, pick, delta, up
):
    tmp = tmp_path_factory.mktemp("wrong")
    truth = consistent_values(FORM, random.Random(seed))
    keys = sorted(k for k in truth if k[0] == "requests")
    key = keys[pick % len(keys)]
    wrong = truth[key] + delta if up or truth[key] < delta else truth[key] - delta
    path, where = _write(tmp, {**truth, key: wrong})
    plan = plan_repairs(check_file(path))
    assert [(e.cell, e.new, e.kind) for e in plan.edits] == [(where[key], truth[key], "corrected")]
    assert plan.questions == []


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    seed=st.integers(0, 10**6),
    picks=st.lists(st.integers(0, 10**6), max_size=12),
    pick=st.integers(0, 10**6),
    delta=st.integers(1, 40),
    text=st.booleans(),
)
def test_fill_never_changes_a_correct_cell_and_a_second_fill_changes_nothing(
    tmp_path_factory, seed, picks, pick, delta, text
):
    tmp = tmp_path_factory.mktemp("fill")
    truth = consistent_values(FORM, random.Random(seed))
    keys = _keys(truth)
    blanked = {keys[p % len(keys)] for p in picks}
    wrong_key = sorted(k for k in truth if k[0] == "requests" and k not in blanked)[pick % 100]
    values = {k: (None if k in blanked else v) for k, v in truth.items()}
    values[wrong_key] = truth[wrong_key] + delta
    texted = next((k for k in keys if k not in blanked and k != wrong_key), None) if text else None
    if texted is not None:
        values[texted] = f" {truth[texted]} "
    path, where = _write(tmp, values)
    first = fill_file(path)
    touched = {where[k] for k in blanked} | {where[wrong_key]} | ({where[texted]} if texted else set())
    assert {e.cell for e in first.plan.edits} <= touched
    inv = {w: k for k, w in where.items()}
    for e in first.plan.edits:
        assert e.new == truth[inv[e.cell]] or isinstance(e.new, Decimal) and e.new == truth[inv[e.cell]]
    second = fill_file(first.out_path, tmp / "again.xlsx")
    assert second.plan.edits == []
    assert second.output.status == first.output.status


@pytest.mark.parametrize("version", ["2021", "2019"])
def test_consistent_tables_plan_nothing(tmp_path, version):
    form = get_form(version)
    path = tmp_path / "ok.xlsx"
    write_report(path, form, consistent_values(form, random.Random(5)), agency="测试局", year=int(version))
    plan = plan_repairs(check_file(path))
    assert plan.edits == [] and plan.questions == []


def test_two_compensating_errors_are_restored_or_left_as_a_question(make_report):
    # two cells of one row moved in opposite directions keep the row total; only the column sums see them
    a, b = ("requests", "granted", "natural_person"), ("requests", "granted", "business")
    path, where, good = make_report(seed=3, edits={a: 50, b: 60})
    plan = plan_repairs(check_file(path))
    if plan.edits:  # a unique smallest correction: it must be the truth
        assert {(e.cell, e.new) for e in plan.edits} == {(where[a], good[a]), (where[b], good[b])}
    else:
        assert plan.questions and where[a].split("!")[1] in plan.questions[0]


def test_table_3_mismatch_recomputes_the_total_as_needs_review(make_report):
    key = ("appeals", "count", "direct_total")
    path, where, good = make_report(seed=4, edits={key: 99999})
    plan = plan_repairs(check_file(path))
    assert [(e.cell, e.new, e.kind) for e in plan.edits] == [(where[key], good[key], "needs-review")]
    assert "也可能是某一项" in plan.edits[0].reason
