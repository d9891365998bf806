"""Injected errors against ground truth: the errors clerks really make, in varied layouts of both form versions.

Every workbook is written from a random consistent table (samples.consistent_values) with known injections;
every expectation comes from that truth and from FORM.md (which relations hold in which table), never from
what the tool prints. For each case: what `check` blames (cell, expected, actual, the Chinese message naming
the cell) and what `fill` writes (the true value, marked and explained; every other cell as it was; the input
untouched; an existing output kept without --force).
"""

from __future__ import annotations

import json
import os
import random
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from samples import consistent_values, seed_values

from govreport.check.run import check_file
from govreport.cli.app import cli
from govreport.fill.apply import COMMENT_AUTHOR, KIND_FILL
from govreport.fill.plan import plan_repairs
from govreport.fill.run import fill_file
from govreport.forms import get_form
from govreport.locate.find import REPORT_SHEET
from govreport.template import Layout, write_report

Key = tuple[str, str, str]
# GOVREPORT_INJECT_EXAMPLES=200 for a long hunt; the default keeps each property test to a few seconds
FAST = settings(
    max_examples=int(os.environ.get("GOVREPORT_INJECT_EXAMPLES", "12")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

LAYOUTS = (
    Layout(),
    Layout(one_sheet=False, title_rows=2),
    Layout(left_offset=2, top_offset=3, spacer_col=True),
    Layout(merged_labels=False, label_variants=True, variant_set=1),
    Layout(label_variants=True, variant_set=0, section_titles=False),
    Layout(other_single_row=True, seed_style=True),
)
VERSIONS = ("2021", "2019")
# FORM.md: the parts of each table 3 group's total
APPEAL_GROUPS = {
    g: [f"{g}_{p}" for p in ("upheld", "corrected", "other", "pending")]
    for g in ("review", "direct", "after_review")
}


@dataclass
class Built:
    path: Path
    where: dict[Key, str]  # every numeric cell written: key -> "Sheet!A1"
    truth: dict[str, Any]  # "Sheet!A1" -> the true value of that cell
    key_of: dict[str, Key]
    version: str
    layout: Layout


def build(
    tmp: Path,
    version: str,
    layout: Layout,
    seed: int,
    edits: dict[Key, Any] | None = None,
    *,
    max_count: int = 30,
    values: dict[Key, Any] | None = None,
    name: str = "年报.xlsx",
) -> Built:
    """A report of consistent random values with `edits` written over them."""
    form = get_form(version)
    truth = (
        dict(values)
        if values is not None
        else consistent_values(form, random.Random(seed), max_count=max_count)
    )
    path = tmp / name
    written = {**truth, **(edits or {})}
    for (t, r, c), v in (edits or {}).items():
        if (
            v is None and (t, r, c) not in truth
        ):  # a blank collapsed row: the template would print the items' sum
            written.update({(t, i.key, c): None for i in form.table(t).items(r)})
    where = write_report(path, form, written, layout=layout, agency="测试局", year=int(version))
    cells: dict[str, Any] = {}
    for key, ref in where.items():
        if key in truth:
            cells[ref] = truth[key]
        else:  # a collapsed （六）其他处理 row holds the sum of its items
            table = form.table(key[0])
            parts = [truth[(key[0], i.key, key[2])] for i in table.items(key[1])]
            cells[ref] = None if any(p is None for p in parts) else sum(parts)
    return Built(path, where, cells, {v: k for k, v in where.items()}, version, layout)


def numeric_keys(b: Built, table: str, *, no_formulas: bool = True) -> list[Key]:
    keys = sorted(k for k in b.where if k[0] == table)
    if no_formulas and b.layout.formulas:
        keys = [k for k in keys if not is_total(k)]
    return keys


def is_total(key: Key) -> bool:
    return key[2] == "total" or key[1] == "handled_total" or key[2].endswith("_total")


# ----------------------------------------------------------------------------- the errors clerks make


def typo(value: int, kind: str, rng: random.Random, part: int | None = None) -> int:
    """A wrong non-negative value for a true count, made the way clerks make it."""
    s = str(value)
    if kind == "transpose" and len(s) >= 2:
        pairs = [i for i in range(len(s) - 1) if s[i] != s[i + 1]]
        if pairs:
            i = rng.choice(pairs)
            return int(s[:i] + s[i + 1] + s[i] + s[i + 2 :])
    if kind in ("part", "double") and part:
        return value + part if kind == "double" or value < part else value - part
    if kind in ("digit", "transpose", "part", "double"):
        i = rng.randrange(len(s))
        d = rng.choice([c for c in "0123456789" if c != s[i]])
        return int(s[:i] + d + s[i + 1 :])
    return value + rng.randint(1, 40)


def part_of(b: Built, key: Key, rng: random.Random) -> int | None:
    """A non-zero part of the total `key` is the total of (its row's or its column's), else None."""
    table, row, col = key
    if col == "total":
        parts = [b.truth[ref] for k, ref in b.where.items() if k[:2] == (table, row) and k[2] != "total"]
    elif row == "handled_total":
        parts = [
            b.truth[ref]
            for k, ref in b.where.items()
            if k[0] == table
            and k[2] == col
            and k[1] not in ("new", "carried_in", "handled_total", "carried_out")
        ]
    elif col.endswith("_total"):
        parts = [b.truth[b.where[(table, row, p)]] for p in APPEAL_GROUPS[col[: -len("_total")]]]
    else:
        return None
    parts = [p for p in parts if p]
    return rng.choice(parts) if parts else None


# ----------------------------------------------------------------------------- what fill must keep


def sheet_values(path: Path) -> dict[str, dict[str, Any]]:
    wb = openpyxl.load_workbook(path)
    return {
        ws.title: {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}
        for ws in wb
        if ws.title != REPORT_SHEET
    }


def assert_filled_copy(b: Built, result, before: bytes, edits: dict[str, Any]) -> None:
    """Input untouched; every edited cell holds its new value, coloured and explained; nothing else changed."""
    assert b.path.read_bytes() == before, "the input must never be modified"
    out = Path(result.out_path)
    assert out.exists()
    old, new = sheet_values(b.path), sheet_values(out)
    assert set(new) == set(old)
    for sheet in old:
        for coord in set(old[sheet]) | set(new[sheet]):
            ref = f"{sheet}!{coord}"
            if ref in edits:
                continue
            assert new[sheet].get(coord) == old[sheet].get(coord), f"{ref} changed without an edit"
    wb = openpyxl.load_workbook(out)
    for ref, value in edits.items():
        sheet, coord = ref.split("!")
        cell = wb[sheet][coord]
        if isinstance(value, str):
            assert cell.value == value
        else:
            assert cell.data_type == "n" and cell.value == value, (ref, cell.value, value)
        edit = next(e for e in result.plan.edits if e.cell == ref)
        assert cell.fill.fgColor.rgb.endswith(KIND_FILL[edit.kind])
        assert cell.comment is not None and cell.comment.author == COMMENT_AUTHOR
        assert "→" in cell.comment.text and edit.reason in cell.comment.text
    assert REPORT_SHEET in wb.sheetnames
    listed = {row[0] for row in wb[REPORT_SHEET].iter_rows(values_only=True)}
    assert set(edits) <= listed, "every change is listed in the report sheet"
    # an existing output is kept without --force, replaced with it
    stamp = out.read_bytes()
    again = fill_file(b.path, out)
    assert again.error is not None and out.read_bytes() == stamp and again.exit_code == 2
    assert b.path.read_bytes() == before


def edits_of(result) -> dict[str, Any]:
    return {e.cell: e.new for e in result.plan.edits}


# ----------------------------------------------------------------------------- sanity: clean workbooks


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("layout", LAYOUTS + (Layout(formulas=True), Layout(formulas=True, one_sheet=False)))
def test_consistent_workbook_in_every_layout_is_clean(tmp_path, version, layout):
    b = build(tmp_path, version, layout, seed=7)
    report = check_file(b.path)
    assert report.status == "ok", [f.message for f in report.findings]
    assert plan_repairs(report).edits == []


# ----------------------------------------------------------------------------- one wrong cell in table 2


@FAST
@given(
    version=st.sampled_from(VERSIONS),
    lay=st.integers(0, len(LAYOUTS) - 1),
    seed=st.integers(0, 10**6),
    pick=st.integers(0, 10**6),
    kind=st.sampled_from(["digit", "transpose", "part", "double", "delta"]),
    only_totals=st.booleans(),
)
def test_one_wrong_cell_of_table_2_is_named_and_restored(
    tmp_path_factory, version, lay, seed, pick, kind, only_totals
):
    tmp = tmp_path_factory.mktemp("t2")
    rng = random.Random(pick)
    clean = build(tmp, version, LAYOUTS[lay], seed, max_count=300)
    keys = numeric_keys(clean, "requests")
    if only_totals:
        keys = [k for k in keys if is_total(k)]
    key = keys[pick % len(keys)]
    true = clean.truth[clean.where[key]]
    wrong = typo(true, kind, rng, part_of(clean, key, rng))
    if wrong == true:
        wrong = true + 1
    b = build(tmp, version, LAYOUTS[lay], seed, {key: wrong}, max_count=300, name="错.xlsx")
    ref = b.where[key]
    report = check_file(b.path)
    errors = report.errors
    assert len(errors) == 1, [f.message for f in errors]
    f = errors[0]
    assert (f.cell, f.expected, f.actual, f.table) == (ref, true, wrong, "requests")
    assert f.code in ("sum-mismatch", "balance-mismatch") and f.relation.startswith("requests.")
    assert ref in f.message and f"应为 {true}" in f.message and f"现为 {wrong}" in f.message
    assert report.warnings == []
    before = b.path.read_bytes()
    result = fill_file(b.path)
    assert [(e.cell, e.new, e.kind) for e in result.plan.edits] == [(ref, true, "corrected")]
    assert result.plan.questions == []
    assert result.output.status == "ok" and result.exit_code == 0
    assert_filled_copy(b, result, before, {ref: true})


# ----------------------------------------------------------------------------- table 3: one relation per group


@FAST
@given(
    version=st.sampled_from(VERSIONS),
    lay=st.integers(0, len(LAYOUTS) - 1),
    seed=st.integers(0, 10**6),
    group=st.sampled_from(sorted(APPEAL_GROUPS)),
    pick=st.integers(0, 4),
    kind=st.sampled_from(["digit", "transpose", "part", "double", "delta"]),
)
def test_one_wrong_cell_of_table_3_is_a_question_or_a_marked_guess(
    tmp_path_factory, version, lay, seed, group, pick, kind
):
    tmp = tmp_path_factory.mktemp("t3")
    rng = random.Random(seed)
    clean = build(tmp, version, LAYOUTS[lay], seed, max_count=300)
    cols = [*APPEAL_GROUPS[group], f"{group}_total"]
    key = ("appeals", "count", cols[pick])
    true = clean.truth[clean.where[key]]
    wrong = typo(true, kind, rng, part_of(clean, key, rng))
    if wrong == true:
        wrong = true + 1
    b = build(tmp, version, LAYOUTS[lay], seed, {key: wrong}, max_count=300, name="错.xlsx")
    total_ref = b.where[("appeals", "count", f"{group}_total")]
    report = check_file(b.path)
    assert [f.code for f in report.errors] == ["sum-mismatch"]
    f = report.errors[0]
    assert f.relation == f"appeals.{group.replace('_', '-')}-total" and total_ref.split("!")[1] in f.message
    written = {c: (wrong if c == cols[pick] else b.truth[b.where[("appeals", "count", c)]]) for c in cols}
    parts_sum = sum(written[c] for c in APPEAL_GROUPS[group])
    before = b.path.read_bytes()
    if f.cell is not None:
        # one relation, yet one cell can be named: the total is short of its parts by more than any part
        # holds, so lowering a part would make it negative; then the total is the only fix, and the truth
        assert key[2].endswith("_total") and wrong < true
        assert all(written[c] < true - wrong for c in APPEAL_GROUPS[group])
        assert (f.cell, f.expected) == (total_ref, true) == (total_ref, parts_sum)
        result = fill_file(b.path)
        assert [(e.cell, e.new) for e in result.plan.edits] == [(total_ref, true)]
        assert_filled_copy(b, result, before, {total_ref: true})
        return
    # one relation: which of its five cells is wrong cannot be known; no cell is blamed, the truth is a candidate
    assert (b.where[key], true) in {(c.cells[0], c.values[0]) for c in f.candidates if len(c.cells) == 1}
    result = fill_file(b.path)
    # never a silent correction: the total is recomputed from the parts and marked for review
    assert [(e.cell, e.new, e.kind) for e in result.plan.edits] == [(total_ref, parts_sum, "needs-review")]
    if key[2].endswith("_total"):
        assert parts_sum == true
    assert result.exit_code == 1
    assert [x.code for x in result.output.findings] == ["needs-review"]
    assert_filled_copy(b, result, before, {total_ref: parts_sum})


# ----------------------------------------------------------------------------- two errors at once


@FAST
@given(
    version=st.sampled_from(VERSIONS),
    lay=st.integers(0, len(LAYOUTS) - 1),
    seed=st.integers(0, 10**6),
    picks=st.tuples(st.integers(0, 10**6), st.integers(0, 10**6)),
    kinds=st.tuples(
        st.sampled_from(["digit", "transpose", "part", "delta"]),
        st.sampled_from(["digit", "transpose", "part", "delta", "compensate"]),
    ),
    mode=st.sampled_from(["row", "column", "any"]),
)
def test_two_wrong_cells_are_restored_or_asked_never_guessed(
    tmp_path_factory, version, lay, seed, picks, kinds, mode
):
    tmp = tmp_path_factory.mktemp("two")
    rng = random.Random(seed)
    clean = build(tmp, version, LAYOUTS[lay], seed, max_count=300)
    keys = numeric_keys(clean, "requests")
    first = keys[picks[0] % len(keys)]
    # the second error in the same row, the same column, or anywhere (FORM.md: one row and one column relation
    # meet in each cell, so errors sharing a line are the hard ones)
    others = [
        k
        for k in keys
        if k != first and (mode == "any" or k[1 if mode == "row" else 2] == first[1 if mode == "row" else 2])
    ]
    second = others[picks[1] % len(others)]
    edits: dict[Key, int] = {}
    for key, kind in zip((first, second), kinds, strict=True):
        true = clean.truth[clean.where[key]]
        if kind == "compensate":  # moved from one cell to the other: a sum over both still holds
            delta = edits[first] - clean.truth[clean.where[first]]
            wrong = true - delta if true >= delta else true + abs(delta)
        else:
            wrong = typo(true, kind, rng, part_of(clean, key, rng))
        edits[key] = wrong if wrong != true else true + 1
    b = build(tmp, version, LAYOUTS[lay], seed, edits, max_count=300, name="错.xlsx")
    report = check_file(b.path)
    assert report.errors
    result = fill_file(b.path)
    for e in result.plan.edits:
        # whatever fill changes must be the truth: a correction the relations do not force is a question
        assert e.kind == "corrected" and e.new == b.truth[e.cell], (e.cell, e.new, b.truth[e.cell])
    changed = {e.cell for e in result.plan.edits}
    if changed != {b.where[k] for k in edits}:
        assert result.plan.questions, "errors left in place must be asked about"
        assert result.output.errors
    else:
        assert result.output.status == "ok"


def test_a_request_counted_twice_breaks_only_the_balance_and_is_asked(tmp_path):
    # the real broken balance of FORM.md: a request counted under a result and as 结转下年度 — 四 is one too high
    # in its column and in 总计, so the row holds and only the balances of two columns break
    clean = build(tmp_path, "2021", Layout(), seed=11)
    col = "natural_person"
    edits = {
        ("requests", "carried_out", c): clean.truth[clean.where[("requests", "carried_out", c)]] + 1
        for c in (col, "total")
    }
    b = build(tmp_path, "2021", Layout(), seed=11, edits=edits, name="错.xlsx")
    report = check_file(b.path)
    assert {f.code for f in report.errors} == {"balance-mismatch"}
    assert all(f.cell is None for f in report.errors)
    cands = {tuple(zip(c.cells, c.values, strict=True)) for f in report.errors for c in f.candidates}
    truth_fix = tuple(sorted((b.where[k], v - 1) for k, v in edits.items()))
    assert truth_fix in {tuple(sorted(c)) for c in cands}
    result = fill_file(b.path)
    assert result.plan.edits == [] and result.plan.questions
    assert b.where[("requests", "carried_out", col)] in result.plan.questions[0]


@pytest.mark.parametrize("version", VERSIONS)
def test_with_formula_totals_a_wrong_part_is_asked_not_guessed(tmp_path, version):
    # every row and column sum is a formula, so only the balance sees a wrong part: it cannot be located
    lay = Layout(formulas=True)
    clean = build(tmp_path, version, lay, seed=5)
    key = ("requests", "granted", "natural_person")
    true = clean.truth[clean.where[key]]
    b = build(tmp_path, version, lay, seed=5, edits={key: true + 7}, name="错.xlsx")
    report = check_file(b.path)
    assert report.errors and all(f.code == "balance-mismatch" for f in report.errors)
    result = fill_file(b.path)
    assert all(e.new == b.truth[e.cell] for e in result.plan.edits)
    assert result.plan.questions


# ----------------------------------------------------------------------------- blanks


@FAST
@given(
    version=st.sampled_from(VERSIONS),
    lay=st.integers(0, len(LAYOUTS) - 1),
    seed=st.integers(0, 10**6),
    picks=st.lists(st.integers(0, 10**6), min_size=1, max_size=12),
)
def test_blanks_determined_are_filled_with_the_truth_and_others_left(
    tmp_path_factory, version, lay, seed, picks
):
    tmp = tmp_path_factory.mktemp("blank")
    clean = build(tmp, version, LAYOUTS[lay], seed)
    keys = numeric_keys(clean, "requests") + numeric_keys(clean, "appeals")
    blanked = {keys[p % len(keys)] for p in picks}
    b = build(tmp, version, LAYOUTS[lay], seed, dict.fromkeys(blanked), name="空.xlsx")
    before = b.path.read_bytes()
    result = fill_file(b.path)
    refs = {b.where[k] for k in blanked}
    got = edits_of(result)
    assert set(got) <= refs and {e.kind for e in result.plan.edits} <= {"filled"}
    for ref, v in got.items():
        assert v == b.truth[ref]
    # FORM.md: the sole unknown of a relation is determined (a row of table 2, a group of table 3)
    for key in blanked:
        if key[0] == "requests":
            line = [k for k in b.where if k[:2] == key[:2]]
        else:
            group = (
                key[2].removesuffix("_total").rsplit("_", 1)[0]
                if not key[2].endswith("_total")
                else key[2].removesuffix("_total")
            )
            line = [("appeals", "count", c) for c in (*APPEAL_GROUPS[group], f"{group}_total")]
        if len(blanked & set(line)) == 1:
            assert b.where[key] in got, f"{b.where[key]} is the only blank of its relation"
    left = refs - set(got)
    if left:
        assert any(ref in q for q in result.plan.questions for ref in left)
    # check said the same: every blank is named, with the value exactly where fill fills it
    report = result.input
    blanks = {f.cell: f for f in report.findings if f.code == "blank-cell"}
    assert set(blanks) == refs and report.errors == []
    for ref, f in blanks.items():
        assert ref in f.message and f.expected == got.get(ref)
        if f.expected is not None:
            assert f"应为 {f.expected}" in f.message
    assert_filled_copy(b, result, before, got)


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("lay", range(len(LAYOUTS)))
def test_a_rectangle_of_blanks_is_not_determined_and_not_guessed(tmp_path, version, lay):
    # (r1,c1) (r1,c2) (r2,c1) (r2,c2) all >= 1: moving 1 around the rectangle keeps every relation, so two
    # completions exist and none of the four may be filled
    form = get_form(version)
    truth = consistent_values(form, random.Random(3), zero_share=0.0)
    rect = [("requests", r, c) for r in ("granted", "partial") for c in ("natural_person", "business")]
    assert all(truth[k] >= 1 for k in rect)
    b = build(tmp_path, version, LAYOUTS[lay], 3, dict.fromkeys(rect), values=truth)
    report = check_file(b.path)
    assert {f.code for f in report.findings} == {"blank-cell"}
    assert all(f.expected is None for f in report.findings)
    result = fill_file(b.path)
    assert result.plan.edits == []
    assert any(all(b.where[k] in q for k in rect) for q in result.plan.questions)


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("lay", range(len(LAYOUTS)))
def test_seed_like_blank_zero_rows_are_filled_with_zero(tmp_path, version, lay):
    form = get_form(version)
    values = (
        {k: (0 if v is None else v) for k, v in seed_values().items()}
        if version == "2021"
        else consistent_values(form, random.Random(0), zero_share=1.0)
    )
    blank_rows = ("granted", "partial", "refused_state_secret")
    edits = {k: None for k in values if k[0] == "requests" and k[1] in blank_rows}
    b = build(tmp_path, version, LAYOUTS[lay], 0, edits, values=values)
    before = b.path.read_bytes()
    result = fill_file(b.path)
    assert result.output.status == "ok" and result.exit_code == 0
    assert edits_of(result) == {b.where[k]: 0 for k in edits}
    assert_filled_copy(b, result, before, edits_of(result))


@pytest.mark.parametrize("version", VERSIONS)
def test_a_blank_total_column_is_filled_row_by_row(tmp_path, version):
    clean = build(tmp_path, version, Layout(), seed=9)
    edits = {k: None for k in clean.where if k[0] == "requests" and k[2] == "total"}
    b = build(tmp_path, version, Layout(), seed=9, edits=edits, name="空.xlsx")
    result = fill_file(b.path)
    assert edits_of(result) == {b.where[k]: b.truth[b.where[k]] for k in edits}
    assert result.output.status == "ok"


# ----------------------------------------------------------------------------- values written the ways clerks do

FULLWIDTH = str.maketrans("0123456789-,.", "０１２３４５６７８９－，．")


def _text_forms(v: Any, kind: str) -> dict[str, Any]:
    s = format(v, ",") if isinstance(v, int) else format(v, "f")
    forms = {
        "text": str(v) if isinstance(v, int) else format(v, "f"),
        "fullwidth": s.translate(FULLWIDTH),
        "spaces": f"  {v}\u3000",
        "thousands": format(v, ","),
    }
    if kind != "money":
        forms["unit"] = f"{v}件"
        forms["decimal-text"] = f"{v}.0"
    return forms


@FAST
@given(
    version=st.sampled_from(VERSIONS),
    lay=st.integers(0, len(LAYOUTS) - 1),
    seed=st.integers(0, 10**6),
    table=st.sampled_from(["active_rules", "requests", "appeals", "*"]),
    pick=st.integers(0, 10**6),
    form_pick=st.integers(0, 5),
)
def test_numbers_stored_as_text_are_read_and_normalised_exactly(
    tmp_path_factory, version, lay, seed, table, pick, form_pick
):
    tmp = tmp_path_factory.mktemp("text")
    clean = build(tmp, version, LAYOUTS[lay], seed, max_count=5000)
    form = get_form(version)
    keys = [k for k in sorted(clean.where) if (table == "*" or k[0] == table) and clean.truth[clean.where[k]]]
    if not keys:
        keys = [k for k in sorted(clean.where) if clean.truth[clean.where[k]]]
    key = keys[pick % len(keys)]
    kind = form.table(key[0]).column(key[2]).kind
    true = clean.truth[clean.where[key]]
    forms = _text_forms(true, kind)
    name = sorted(forms)[form_pick % len(forms)]
    b = build(tmp, version, LAYOUTS[lay], seed, {key: forms[name]}, max_count=5000, name="文本.xlsx")
    ref = b.where[key]
    report = check_file(b.path)
    assert [(f.code, f.cell) for f in report.findings] == [("text-number", ref)], (
        forms[name],
        [f.message for f in report.findings],
    )
    assert report.findings[0].actual == true and ref in report.findings[0].message
    before = b.path.read_bytes()
    result = fill_file(b.path)
    assert [(e.cell, e.new, e.kind) for e in result.plan.edits] == [(ref, true, "normalized")]
    assert type(result.plan.edits[0].new) is type(true)
    assert result.output.status == "ok"
    assert_filled_copy(b, result, before, {ref: true})


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(
    "raw, code, kind",
    [
        ("无", "invalid-value", "filled"),
        ("—", "invalid-value", "filled"),
        ("/", "invalid-value", "filled"),
        ("-", "invalid-value", "filled"),
        ("不适用", "invalid-value", "filled"),
        (12.5, "not-integer", "corrected"),
        ("12.5", "not-integer", "corrected"),
        (-12, "negative-count", "corrected"),
        ("－１２", "negative-count", "corrected"),
    ],
)
@pytest.mark.parametrize(
    "key",
    [
        ("requests", "unable_not_held", "business"),
        ("requests", "new", "total"),
        ("appeals", "count", "direct_other"),
    ],
)
def test_invalid_values_are_errors_and_filled_only_where_determined(tmp_path, version, raw, code, kind, key):
    clean = build(tmp_path, version, LAYOUTS[2], seed=4)
    true = clean.truth[clean.where[key]]
    b = build(tmp_path, version, LAYOUTS[2], seed=4, edits={key: raw}, name="错.xlsx")
    ref = b.where[key]
    report = check_file(b.path)
    assert [(f.code, f.cell) for f in report.findings] == [(code, ref)], [f.message for f in report.findings]
    f = report.findings[0]
    assert f.expected == true and f"按勾稽关系应为 {true}" in f.message and ref in f.message
    before = b.path.read_bytes()
    result = fill_file(b.path)
    assert [(e.cell, e.new, e.kind) for e in result.plan.edits] == [(ref, true, kind)]
    assert result.output.status == "ok"
    assert_filled_copy(b, result, before, {ref: true})


@pytest.mark.parametrize("raw", ["无", "—", 12.5, -3, "约10"])
def test_a_bad_value_in_table_1_is_not_guessed(tmp_path, raw):
    # table 1 has no relations: nothing determines the cell, so it is an error left for a person
    key = ("active_rules", "rules", "issued")
    b = build(tmp_path, "2021", Layout(), seed=2, edits={key: raw})
    report = check_file(b.path)
    assert [f.cell for f in report.errors] == [b.where[key]]
    result = fill_file(b.path)
    assert result.plan.edits == []
    assert any(b.where[key] in q for q in result.plan.questions)


def test_whole_numbers_stored_as_floats_are_plain_numbers(tmp_path):
    clean = build(tmp_path, "2021", Layout(), seed=6)
    edits = {k: float(clean.truth[v]) for k, v in clean.where.items() if k[0] in ("requests", "appeals")}
    b = build(tmp_path, "2021", Layout(), seed=6, edits=edits, name="f.xlsx")
    report = check_file(b.path)
    assert report.status == "ok"


def test_a_signed_change_may_be_negative_in_2019(tmp_path):
    key = ("active_licensing", "licensing", "change")
    form = get_form("2019")
    values = consistent_values(form, random.Random(1))
    values[key] = -7
    # a decrease of 7 needs at least 7 items last year (上一年项目数量＋本年增/减≥0, forms/2019.toml)
    prev = ("active_licensing", "licensing", "previous_items")
    values[prev] = max(values[prev], 7)
    b = build(tmp_path, "2019", Layout(), seed=1, values=values, edits={key: "－7"})
    report = check_file(b.path)
    assert [(f.code, f.cell, f.actual) for f in report.findings] == [("text-number", b.where[key], -7)]


# ----------------------------------------------------------------------------- formulas


def _rewrite_formula(path: Path, ref: str, fn) -> str:
    wb = openpyxl.load_workbook(path)
    sheet, coord = ref.split("!")
    cell = wb[sheet][coord]
    assert cell.data_type == "f", (ref, cell.value)
    cell.value = fn(cell.value)
    wb.save(path)
    return cell.value


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(
    "total",
    [
        ("requests", "granted", "total"),
        ("requests", "new", "total"),
        ("requests", "handled_total", "business"),
        ("appeals", "count", "review_total"),
    ],
)
def test_a_sum_formula_that_misses_a_part_is_found_and_rewritten(tmp_path, version, total):
    lay = Layout(formulas=True, left_offset=1)
    values = consistent_values(get_form(version), random.Random(8), zero_share=0.0)
    b = build(tmp_path, version, lay, 8, values=values)
    ref = b.where[total]
    good = openpyxl.load_workbook(b.path)[ref.split("!")[0]][ref.split("!")[1]].value
    # =SUM(E25:J25) -> =SUM(E25:I25): the range stops one cell short (the last part is left out)
    broken = _rewrite_formula(b.path, ref, lambda f: _shorten(f))
    report = check_file(b.path)
    codes = {f.code for f in report.errors}
    assert "formula-mismatch" in codes
    fm = next(f for f in report.errors if f.code == "formula-mismatch")
    assert fm.cell == ref and ref in fm.message and broken[1:] in fm.message
    before = b.path.read_bytes()
    result = fill_file(b.path)
    assert [(e.cell, e.kind) for e in result.plan.edits] == [(ref, "corrected")]
    assert _same_cells(result.plan.edits[0].new, good)
    assert result.output.status == "ok"
    assert_filled_copy(b, result, before, {ref: result.plan.edits[0].new})


def _shorten(formula: str) -> str:
    import re

    m = re.search(r"([A-Z]+)(\d+)\)$", formula)
    assert m, formula
    col, row = m.groups()
    if formula.count(":") and re.search(
        rf"[A-Z]+{row}:{col}{row}\)$", formula
    ):  # a row range: one column less
        prev = chr(ord(col[-1]) - 1)
        return formula[: m.start()] + f"{prev}{row})"
    return formula[: m.start()] + f"{col}{int(row) - 1})"  # a column range: one row less


def _same_cells(a: str, b: str) -> bool:
    from govreport.cells.formula import references

    return sorted(references(a[1:]) or []) == sorted(references(b[1:]) or [])


# ----------------------------------------------------------------------------- the JSON a program reads


def test_check_and_fill_json_name_the_wrong_cell(tmp_path):
    clean = build(tmp_path, "2021", Layout(one_sheet=False), seed=12)
    key = ("requests", "partial", "total")
    true = clean.truth[clean.where[key]]
    b = build(tmp_path, "2021", Layout(one_sheet=False), seed=12, edits={key: true + 10}, name="错.xlsx")
    ref = b.where[key]
    assert ref.startswith("依申请公开!")
    res = CliRunner().invoke(cli, ["check", str(b.path), "--format", "json"])
    assert res.exit_code == 1
    doc = json.loads(res.output)
    (file,) = doc["files"]
    assert set(file) == {"path", "status", "form", "agency", "year", "findings", "notes", "file_type"}
    assert (file["status"], file["form"], file["agency"], file["year"]) == ("errors", "2021", "测试局", 2021)
    (f,) = file["findings"]
    assert {
        "severity",
        "code",
        "relation",
        "cell",
        "cells",
        "expected",
        "actual",
        "message",
        "table",
        "row",
        "column",
    } <= set(f)
    assert (f["cell"], f["expected"], f["actual"], f["row"], f["column"]) == (
        ref,
        true,
        true + 10,
        "partial",
        "total",
    )
    out = tmp_path / "改.xlsx"
    res = CliRunner().invoke(cli, ["fill", str(b.path), "-o", str(out), "--format", "json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    (change,) = doc["changes"]
    assert change == {
        "cell": ref,
        "old": true + 10,
        "new": true,
        "kind": "corrected",
        "reason": change["reason"],
        "table": "requests",
        "row": "partial",
        "column": "total",
    }
    assert f"{true + 10} → {true}" in change["reason"]
    assert doc["files"][0]["status"] == "ok" and doc["output"] == str(out)
    # an existing output needs --force
    res = CliRunner().invoke(cli, ["fill", str(b.path), "-o", str(out), "--format", "json"])
    assert res.exit_code == 2
    res = CliRunner().invoke(cli, ["fill", str(b.path), "-o", str(out), "--format", "json", "--force"])
    assert res.exit_code == 0


def test_money_keeps_its_decimals_through_check_and_fill(tmp_path):
    key = ("active_fees", "fees", "amount")
    values = consistent_values(get_form("2021"), random.Random(1))
    values[key] = Decimal("59237.2449")
    b = build(tmp_path, "2021", Layout(), seed=1, values=values, edits={key: "５９２３７．２４４９"})
    report = check_file(b.path)
    assert [(f.code, f.actual) for f in report.findings] == [("text-number", Decimal("59237.2449"))]
    result = fill_file(b.path)
    assert [(e.cell, e.new) for e in result.plan.edits] == [(b.where[key], Decimal("59237.2449"))]
    assert result.plan.edits[0].to_dict()["new"] == "59237.2449"
    assert (
        str(
            openpyxl.load_workbook(result.out_path)[b.where[key].split("!")[0]][
                b.where[key].split("!")[1]
            ].value
        )
        == "59237.2449"
    )


@FAST
@given(
    version=st.sampled_from(VERSIONS),
    seed=st.integers(0, 10**6),
    picks=st.lists(st.integers(0, 10**6), min_size=1, max_size=4),
    one_sheet=st.booleans(),
)
def test_blank_parts_under_formula_totals_are_never_guessed_from_the_formula(
    tmp_path_factory, version, seed, picks, one_sheet
):
    # =SUM(parts) over a blank part computes as if it were 0: a relation between the formula and its own parts
    # says nothing about the blank, only the other relations (the balance) can determine it
    tmp = tmp_path_factory.mktemp("fblank")
    lay = Layout(formulas=True, one_sheet=one_sheet)
    values = consistent_values(get_form(version), random.Random(seed), zero_share=0.2)
    clean = build(tmp, version, lay, seed, values=values)
    keys = numeric_keys(clean, "requests") + numeric_keys(clean, "appeals")
    blanked = {keys[p % len(keys)] for p in picks}
    b = build(tmp, version, lay, seed, dict.fromkeys(blanked), values=values, name="空.xlsx")
    before = b.path.read_bytes()
    result = fill_file(b.path)
    for e in result.plan.edits:
        assert e.kind == "filled" and e.new == b.truth[e.cell], (e.cell, e.new, b.truth[e.cell])
    refs = {b.where[k] for k in blanked}
    # a table 3 part under a formula total: its group has no other relation, so it can never be determined
    for k in blanked:
        if k[0] == "appeals":
            assert b.where[k] not in edits_of(result)
    if refs - set(edits_of(result)):
        assert result.plan.questions
    assert_filled_copy(b, result, before, edits_of(result))


@pytest.mark.parametrize("formula", ["=1+", "=SUM(", "=1/0", "=FOO(D25)"])
def test_a_formula_that_cannot_be_computed_is_asked_about_with_its_value(tmp_path, formula):
    key = ("requests", "granted", "business")
    clean = build(tmp_path, "2021", Layout(), seed=1)
    b = build(tmp_path, "2021", Layout(), seed=1, edits={key: formula}, name="f.xlsx")
    ref = b.where[key]
    report = check_file(b.path)
    assert [(f.code, f.cell) for f in report.findings] == [("formula-error", ref)]
    plan = plan_repairs(report)
    assert plan.edits == []  # the user's formula is not replaced by a number
    (q,) = plan.questions
    assert ref in q and f"应为 {clean.truth[ref]}" in q


# ----------------------------------------------------------------------------- error values and formulas that fail


def test_an_excel_error_value_is_an_invalid_value_not_a_blank(tmp_path):
    key = ("requests", "granted", "business")
    b = build(tmp_path, "2021", Layout(), seed=1, edits={key: "#REF!"})
    report = check_file(b.path)
    assert [(f.code, f.cell) for f in report.findings] == [("invalid-value", b.where[key])]


def test_a_circular_formula_is_a_formula_error(tmp_path):
    key = ("requests", "granted", "business")
    b = build(tmp_path, "2021", Layout(), seed=1, edits={key: "=E25"})
    assert b.where[key] == "年报!E25"
    report = check_file(b.path)
    assert ("formula-error", b.where[key]) in [(f.code, f.cell) for f in report.findings]


def test_a_formula_error_says_what_the_relations_require(tmp_path):
    key = ("requests", "granted", "business")
    clean = build(tmp_path, "2021", Layout(), seed=1)
    b = build(tmp_path, "2021", Layout(), seed=1, edits={key: "=1/0"}, name="f.xlsx")
    (f,) = check_file(b.path).findings
    assert f.expected == clean.truth[b.where[key]] and f"应为 {f.expected}" in f.message


# ----------------------------------------------------------------------------- cached formulas (saved by Excel/WPS)


def cache_formulas(path: Path) -> None:
    """Give every formula the cached value Excel would store (openpyxl writes none), computed from the cells."""
    import re
    import zipfile

    from govreport.cells.formula import evaluate
    from govreport.read.model import parse_a1

    wb = openpyxl.load_workbook(path)
    cells = {(ws.title, c.row - 1, c.column - 1): c.value for ws in wb for row in ws.iter_rows() for c in row}

    def value(sheet: str, r: int, c: int) -> Decimal | None:
        v = cells.get((sheet, r, c))
        if isinstance(v, str) and v.startswith("="):
            return evaluate(v[1:], lambda ref: value(ref[0] or sheet, ref[1], ref[2]))
        return None if v is None else Decimal(str(v))

    parts = {}
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            parts[name] = z.read(name)
    for n, ws in enumerate(wb, start=1):
        name = f"xl/worksheets/sheet{n}.xml"

        def cached(m: re.Match[bytes], sheet: str = ws.title) -> bytes:
            r, c = parse_a1(m[1].decode())
            return m[0].replace(b"<v />", b"<v>" + format(value(sheet, r, c), "f").encode() + b"</v>")

        parts[name] = re.sub(rb'<c r="([A-Z]+\d+)"[^>]*><f>[^<]*</f><v />', cached, parts[name])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("one_sheet", [True, False])
def test_cached_formulas_check_like_uncached_ones(tmp_path, version, one_sheet):
    lay = Layout(formulas=True, one_sheet=one_sheet)
    values = consistent_values(get_form(version), random.Random(8), zero_share=0.0)
    b = build(tmp_path, version, lay, 8, values=values)
    cache_formulas(b.path)
    assert check_file(b.path).status == "ok"
    # a total whose range stops one part short, with the value Excel computed for it cached
    total = ("requests", "granted", "total")
    ref = b.where[total]
    good = openpyxl.load_workbook(b.path)[ref.split("!")[0]][ref.split("!")[1]].value
    _rewrite_formula(b.path, ref, _shorten)
    cache_formulas(b.path)
    report = check_file(b.path)
    fm = [f for f in report.errors if f.code == "formula-mismatch"]
    assert [f.cell for f in fm] == [ref]
    result = fill_file(b.path)
    assert [(e.cell, e.kind) for e in result.plan.edits] == [(ref, "corrected")]
    assert _same_cells(result.plan.edits[0].new, good)
    assert result.output.status == "ok"
    # and a blank part under cached totals is determined by the balance, never by its own total
    blank = ("requests", "partial", "research")
    b = build(tmp_path, version, lay, 8, {blank: None}, values=values, name="空.xlsx")
    cache_formulas(b.path)
    result = fill_file(b.path)
    assert [(e.cell, e.new, e.kind) for e in result.plan.edits] == [(b.where[blank], values[blank], "filled")]
    assert result.output.status == "ok"
