"""Injected errors in the real layouts of tests/cases/: one error at a time, expectations from the truth.

Each case's build.py workbook is made consistent (its own injected error undone with the value its
expected.json blames, or the value FORM.md requires), then one error is written over one cell: a typo in a
part or a total, a blank part or total, a number stored as text, a decimal or negative count. The oracle
is FORM.md's arithmetic evaluated here on the numbers read back (`_broken`), never what check prints:
check names the injected cell with its true value whenever two relations meet in it (table 2), never names
a cell that is right; fill changes exactly the determined cells and its copy satisfies every relation,
also after LibreOffice recalculates it.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import python_calamine as pc
from casebuild import CASES, case_workbook

from govreport.check.run import check_file
from govreport.fill.run import fill_file
from govreport.forms import Table, get_form
from govreport.read.model import parse_a1

Key = tuple[str, str, str]  # (table, row, column)

# case -> cells set back to their true value (FORM.md) so that the workbook is consistent
LAYOUTS: dict[str, dict[str, Any]] = {
    "t3_review_and_litigation_stacked": {"Sheet1!J56": 1},
    "t3_transposed_three_rows": {},
    "t3_three_header_rows_litigation_total": {"Sheet1!J52": 0},
    "group_subtotal_rows": {"Sheet1!B35": 5},
    "t2_circled_item_numbers": {"依申请公开!C29": 0},
    "t2_local_template_wordings": {"年报!D38": 1},
    "zero_rows_merged_across": {"Sheet1!C39": 0, "Sheet1!C41": 0},
    "pdf_headers_span_two_columns": {"Table 1!N34": 1},
    "draft_above_final_below": {},
    "formulas_if_hide_zero": {"Sheet1!C46": 1},
    "last_year_sheet_kept_first": {"2022年!I25": 15},
    "cover_sheet_fubiao_hidden_draft": {"附表2!I6": 3},
    "t3_vertical_list": {"Sheet1!D54": 3},
    "t2_org_subtotal_column": {"Sheet1!E38": 1},
    "wrapped_labels_page_break_same_sheet": {"Sheet1!J33": 2},
    "check_column_row_signoff": {},
    "t2_last_year_comparison_columns": {},
    "form2019_odd_sheets_toc": {"附件!I6": 3},
    "t2_header_foot_of_page": {"第2页!C15": 1},
    "t3_numbers_on_next_page": {"Table 2!E1": 3},
}
# Every other real-layout case whose build.py writes an .xlsx is made consistent from its expected.json: the
# cells it blames set to the values it blames them with (checked against FORM.md's relations by _clean). Left out:
NOT_INJECTED = {
    # a blank total column or total: a typo in its parts is undetectable and the relations named are fewer than
    # FORM.md's (the oracle here assumes every relation's cells present)
    "total_column_blank": "blank total column",
    "t3_blank_total_fullwidth": "blank table-3 totals",
    # table 1 of 2019 with table 2 of 2021: reported as 2019 (known), so the 2021 oracle does not apply
    "old_table1_new_table2": "mixed versions",
    # every cell of the printed sheet links to a hidden input sheet: no typed cell to write an error over
    "linked_print_sheet_formulas": "every cell a link",
    # numbers typed on the heading row 三、本年度办理结果, one of them disagreeing with （七）总计 on purpose: a
    # warning by design (an advisory relation, checked only), which an error injected into （七）总计 rewords
    "results_heading_row_typed": "heading row typed",
    "results_heading_row_typed_2019": "heading row typed",
}


def _derived_layouts() -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for case in sorted(CASES.iterdir()):
        exp = case / "expected.json"
        if (
            case.name in LAYOUTS
            or case.name in NOT_INJECTED
            or not (case / "build.py").is_file()
            or not exp.is_file()
        ):
            continue
        e = json.loads(exp.read_text(encoding="utf-8"))
        if e.get("xfail") or e["status"] == "unreadable":
            continue
        blamed = e.get("blamed") or {}
        if e["status"] == "errors" and any(cell is None or cell not in blamed for _code, cell in e["errors"]):
            continue  # an error no single cell explains: no consistent workbook to start from
        out[case.name] = (
            {cell: blamed[cell] for _code, cell in e.get("errors", [])} if e["status"] == "errors" else {}
        )
    return out


DERIVED = _derived_layouts()
KINDS = ("typo-part", "typo-total", "blank-part", "blank-total", "text", "decimal", "negative")
# keys per (layout, kind): one by default (the suite stays short; which table alternates over layouts and kinds),
# GOVREPORT_INJECT_LAYOUT_SAMPLES=8 for a longer hunt
SAMPLES = int(os.environ.get("GOVREPORT_INJECT_LAYOUT_SAMPLES", "1"))


@dataclass
class Clean:
    path: Path
    form: str
    refs: dict[Key, str]  # every located cell of tables 2 and 3
    truth: dict[Key, int]
    formulas: set[Key]
    baseline: dict[str, Any]  # what fill changes in the clean workbook (merged blanks that are 0)
    warnings: set[str]
    kinds: dict[str, str]  # the kind of each baseline change (filled, normalized, needs-review)
    noise: set[tuple[str, str | None, str]]  # the clean workbook's own findings (code, cell, message)


def _build_case(name: str, path: Path) -> Path:
    return case_workbook(CASES / name, path)


def _write(src: Path, dst: Path, cells: dict[str, Any]) -> None:
    wb = openpyxl.load_workbook(src)
    for ref, value in cells.items():
        sheet, coord = ref.rsplit("!", 1)
        wb[sheet][coord].value = value
    wb.save(dst)


def _cells(report) -> dict[Key, Any]:
    return {
        (t.key, r, c): info
        for t in report.tables
        if t.key in ("requests", "appeals")
        for (r, c), info in t.cells.items()
    }


_CLEAN: dict[str, Clean] = {}


def _clean(name: str, tmp_path_factory) -> Clean:
    if name in _CLEAN:
        return _CLEAN[name]
    tmp = tmp_path_factory.mktemp(f"clean_{name}")
    built = _build_case(name, tmp)
    path = tmp / f"clean_{built.name}"
    if name in LAYOUTS:
        _write(built, path, LAYOUTS[name])
    else:
        if built.suffix != ".xlsx":
            pytest.skip(f"{name}: not an .xlsx")
        _write(built, path, DERIVED[name])
    report = check_file(path)
    assert report.errors == [], [f.message for f in report.errors]
    cells = _cells(report)
    # a merged blank is 0 by the relations (fill writes it): its expected value is its truth
    truth = {
        k: int(i.number if i.number is not None else i.expected)
        for k, i in cells.items()
        if i.number is not None or i.expected is not None
    }
    form = get_form(report.form)
    assert _broken(form, truth) == set()
    plan = fill_file(path, tmp / "baseline.xlsx", dry_run=True).plan
    c = Clean(
        path,
        report.form,
        {k: str(i.ref) for k, i in cells.items()},
        truth,
        {k for k, i in cells.items() if i.formula},
        {e.cell: e.new for e in plan.edits},
        {f.code for f in report.warnings},
        {e.cell: e.kind for e in plan.edits},
        {(f.code, f.cell, f.message) for f in report.findings},
    )
    _CLEAN[name] = c
    return c


# ----------------------------------------------------------------------------- FORM.md's relations, evaluated here


def _expand(table: Table, rel, names: tuple[str, ...], rows: set[str]) -> list[str]:
    """A column sum's parts: a group stands for its items, or for its own row when the workbook has none."""
    if rel.each == "row" or rel.own_rows:
        return list(names)
    got: list[str] = []
    for n in names:
        items = [i.key for i in table.items(n)] if any(r.key == n for r in table.rows) else []
        present = [i for i in items if i in rows]
        got += present if present else [n]
    return got


def _lines(table: Table, values: dict[Key, int]) -> list[tuple[str, tuple[Key, ...], tuple[Key, ...]]]:
    """Every relation instance present in the workbook: (relation id, left keys, right keys)."""
    t = table.key
    rows = {k[1] for k in values if k[0] == t}
    cols = {k[2] for k in values if k[0] == t}
    out = []
    for rel in table.relations:
        left = [rel.total] if rel.kind == "sum" else list(rel.left)
        right = _expand(table, rel, rel.parts, rows) if rel.kind == "sum" else list(rel.right)
        for line in sorted(rows) if rel.each == "row" else sorted(cols):
            if rel.each == "row":
                lk, rk = tuple((t, line, n) for n in left), tuple((t, line, n) for n in right)
            else:
                lk, rk = tuple((t, n, line) for n in left), tuple((t, n, line) for n in right)
            if rel.own_rows and not all(k in values for k in lk + rk):
                continue  # a subtotal relation holds only where the group row holds numbers
            if not any(k in values for k in lk + rk):
                continue
            out.append((f"{t}.{rel.id}", lk, rk))
    return out


def _parts_of(form, values: dict[Key, int], total: Key) -> set[Key]:
    """The parts of every sum relation whose total is this cell."""
    return {
        k
        for tk in ("requests", "appeals")
        for _rid, lk, rk in _lines(form.table(tk), values)
        if lk == (total,)
        for k in rk
    }


def _line_text(form, rid: str, keys: tuple[Key, ...]) -> str:
    """How FORM.md's relation line is named: “一、本年新收”行的“总计＝…”不成立."""
    table = form.table(rid.split(".")[0])
    rel = next(r for r in table.relations if f"{table.key}.{r.id}" == rid)
    if rel.each == "column":
        place = f"“{table.column(keys[0][2]).short}”列"
    else:
        place = f"“{table.row(keys[0][1]).short}”行" if table.layout == "grid" else ""
    return f"{place}的“{rel.label}”不成立"


def _broken(form, values: dict[Key, int]) -> set[tuple[str, tuple[Key, ...]]]:
    """Relation instances that do not hold (a missing cell counts as not holding)."""
    bad = set()
    for tk in ("requests", "appeals"):
        for rid, lk, rk in _lines(form.table(tk), values):
            if any(k not in values for k in lk + rk) or sum(values[k] for k in lk) != sum(
                values[k] for k in rk
            ):
                bad.add((rid, lk + rk))
    return bad


def _relations_of(form, values: dict[Key, int], key: Key, formulas: set[Key] = frozenset()) -> set[str]:
    """The relations the cell is in, leaving out a sum whose total is a formula: it follows its parts."""
    return {
        rid
        for tk in ("requests", "appeals")
        for rid, lk, rk in _lines(form.table(tk), values)
        if key in lk + rk and not (len(lk) == 1 and lk[0] in formulas and key in rk)
    }


# ----------------------------------------------------------------------------- one error at a time


def _pick(c: Clean, kind: str, sample: int, name: str) -> Key:
    rng = random.Random(f"{name}/{kind}/{sample}")
    writable = [
        k for k in sorted(c.refs) if k not in c.formulas and k in c.truth and c.refs[k] not in c.baseline
    ]
    totals = [k for k in writable if k[2].endswith("total") or k[1] == "handled_total"]
    parts = [k for k in writable if k not in totals]
    pool = totals if kind.endswith("total") else parts if kind.endswith("part") else writable
    # table 3 is sampled as often as table 2 although it has fewer cells
    tables = sorted({k[0] for k in pool})
    table = tables[(sample + sorted({**LAYOUTS, **DERIVED}).index(name) + KINDS.index(kind)) % len(tables)]
    return rng.choice([k for k in pool if k[0] == table])


def _inject(kind: str, true: int, rng: random.Random) -> Any:
    if kind.startswith("typo"):  # a digit too many or too few, either way
        d = rng.randint(1, 9)
        return true - d if true >= d and rng.random() < 0.4 else true + d
    if kind.startswith("blank"):
        return None
    if kind == "text":
        return rng.choice(
            [
                f"{true} ",
                str(true).translate(str.maketrans("0123456789", "０１２３４５６７８９")),
                f"{true}件",
            ]
        )
    if kind == "decimal":
        return true + 0.5
    return -true if true else -3


@pytest.mark.parametrize("sample", range(SAMPLES))
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_one_injected_error_in_a_real_layout(tmp_path_factory, tmp_path, name, kind, sample):
    _injected(tmp_path_factory, tmp_path, name, kind, sample)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", sorted(DERIVED))
def test_one_injected_error_in_every_other_real_layout(tmp_path_factory, tmp_path, name, kind):
    _injected(tmp_path_factory, tmp_path, name, kind, 0)


def _injected(tmp_path_factory, tmp_path, name: str, kind: str, sample: int) -> None:
    c = _clean(name, tmp_path_factory)
    form = get_form(c.form)
    key = _pick(c, kind, sample, name)
    ref, true = c.refs[key], c.truth[key]
    wrong = _inject(kind, true, random.Random(f"{name}{kind}{sample}"))
    path = tmp_path / c.path.name.removeprefix("clean_")
    _write(c.path, path, {ref: wrong})
    # the relations that can tell the cell is wrong: a sum whose total is a formula over it follows it, but
    # the relations of that total see the change through the formula
    relations = _relations_of(form, c.truth, key, c.formulas)
    reach = _relations_of(form, c.truth, key) | {
        r for t in c.formulas if key in _parts_of(form, c.truth, t) for r in _relations_of(form, c.truth, t)
    }
    assert reach, f"{ref} is in no relation"
    report = check_file(path)
    report.findings = [f for f in report.findings if (f.code, f.cell, f.message) not in c.noise]
    lines = "\n".join(
        f"{f.severity} {f.code} {f.relation} {f.cell} exp={f.expected} {f.message}" for f in report.findings
    )
    ctx = f"{name} {kind} {key} {ref}: {true} -> {wrong!r}\n{lines}"
    # never a right cell named
    for f in report.findings:
        assert f.cell in (None, ref) or f.code == "blank-cell" and f.cell in c.baseline, ctx
    located = len(relations) >= 2 or kind in ("decimal", "negative") or kind.startswith("blank")
    if (
        kind.startswith("typo")
        and not located
        and [(f.cell, f.expected) for f in report.errors] == [(ref, true)]
    ):
        located = True  # told through the other relations of formula totals over it: the right cell and value
    if kind.startswith("typo") and not relations and not report.errors:
        # in no relation but sums whose totals are formulas over it: they follow it, nothing can tell
        result = fill_file(path, tmp_path / "out.xlsx")
        assert {e.cell: (e.new, e.kind) for e in result.plan.edits} == {
            cell: (new, c.kinds[cell]) for cell, new in c.baseline.items()
        }, ctx
        return
    other_warnings = {f.code for f in report.warnings if f.cell != ref}
    assert other_warnings <= c.warnings, ctx
    if kind.startswith("typo"):
        assert {f.code for f in report.errors} <= {"sum-mismatch", "balance-mismatch"}, ctx
        assert {f.relation for f in report.errors} <= reach, ctx
        if located:
            assert [(f.cell, f.expected, f.actual) for f in report.errors] == [(ref, true, wrong)], ctx
            assert ref in report.errors[0].message and f"应为 {true}" in report.errors[0].message, ctx
            if not c.formulas:  # the message names exactly the relation lines the typo breaks
                said = report.errors[0].message
                broken = _broken(form, {**c.truth, key: wrong})
                assert broken and said.count("不成立") == len(broken), ctx
                for rid, keys in broken:
                    assert _line_text(form, rid, keys) in said, (ctx, _line_text(form, rid, keys))
        else:  # one relation: any of its cells could be the wrong one; the truth is among the candidates
            assert report.errors, ctx
            for f in report.errors:  # (a formula total over the cell breaks its own line of the relation too)
                if f.cell is None:
                    assert (ref, true) in {
                        (x.cells[0], x.values[0]) for x in f.candidates if len(x.cells) == 1
                    }, ctx
                else:
                    assert (f.cell, f.expected) == (ref, true), ctx
    elif kind.startswith("blank"):
        assert report.errors == [], ctx
        (f,) = [f for f in report.findings if f.cell == ref]
        # only under formula totals (they follow the cell, =SUM(F56:I56) over a blank F56): as for a decimal,
        # its value may be told through their other relations, or not
        assert (f.code, f.expected) in {("blank-cell", true)} | (
            {("blank-cell", None)} if not relations else set()
        ), ctx
    elif kind == "text":
        assert report.errors == [], ctx
        (f,) = [f for f in report.findings if f.cell == ref]
        assert (f.code, f.actual) == ("text-number", true), ctx
    else:
        code = "not-integer" if kind == "decimal" else "negative-count"
        if relations:
            assert [(f.code, f.cell, f.expected) for f in report.errors] == [(code, ref, true)], ctx
        else:  # only under formula totals (they follow the cell): its value may be told through them, or not
            assert [(f.code, f.cell) for f in report.errors] == [(code, ref)], ctx
            assert report.errors[0].expected in (true, None), ctx

    before = path.read_bytes()
    result = fill_file(path, tmp_path / "out.xlsx")
    assert path.read_bytes() == before
    edits = {e.cell: (e.new, e.kind) for e in result.plan.edits}
    want = {cell: (new, c.kinds[cell]) for cell, new in c.baseline.items()}
    if kind in ("decimal", "negative", "blank-part") and not relations:
        if ref in edits:
            want[ref] = (true, "filled" if kind == "blank-part" else "corrected")
        assert {k: (v[0], v[1]) for k, v in edits.items()} == want, ctx
        return
    if located or kind == "text":
        kinds = {
            "typo": "corrected",
            "blank": "filled",
            "text": "normalized",
            "decimal": "corrected",
            "negative": "corrected",
        }
        want[ref] = (true, kinds[kind.split("-")[0]])
    elif key[0] == "requests":  # table 2, one relation: a question, no change
        assert result.plan.questions, ctx
        assert {k: (v[0], v[1]) for k, v in edits.items()} == want, ctx
        return
    elif any(f.cell == ref for f in report.errors):  # a total short of its parts by more than any part holds
        want[ref] = (true, "corrected")
    else:  # a table 3 group: its total recomputed from the parts, marked for review
        (rid,) = relations
        (lk, rk) = next((lk, rk) for r, lk, rk in _lines(form.table(key[0]), c.truth) if r == rid)
        written = {**c.truth, key: wrong}
        want[c.refs[lk[0]]] = (sum(written[k] for k in rk), "needs-review")
    assert {k: (v[0], v[1]) for k, v in edits.items()} == want, ctx
    assert result.output is not None
    assert {f.code for f in result.output.errors} == set(), ctx
    out_values = {k: int(i.number) for k, i in _cells(result.output).items() if i.number is not None}
    assert _broken(form, out_values) == set(), ctx
    assert set(out_values) == set(c.truth), ctx
    _changed_only(path, Path(result.out_path), set(edits))


def _changed_only(before: Path, after: Path, edited: set[str]) -> None:
    old, new = openpyxl.load_workbook(before), openpyxl.load_workbook(after)
    for ws in old:
        for row in ws.iter_rows():
            for cell in row:
                ref = f"{ws.title}!{cell.coordinate}"
                if ref not in edited:
                    assert new[ws.title][cell.coordinate].value == cell.value, (
                        f"{ref} changed without an edit"
                    )


def test_every_layout_is_clean_once_its_injection_is_undone(tmp_path_factory):
    for name in LAYOUTS:
        c = _clean(name, tmp_path_factory)
        assert len(c.truth) >= 15, name
        expected = json.loads((CASES / name / "expected.json").read_text(encoding="utf-8"))
        assert c.form == expected["form"], name


def test_a_blank_table_3_cell_under_a_two_column_header_is_named_where_its_neighbours_are(
    tmp_path_factory, tmp_path
):
    c = _clean("pdf_headers_span_two_columns", tmp_path_factory)
    key = ("appeals", "count", "after_review_upheld")
    ref = c.refs[key]
    assert ref == "Table 1!V52"
    path = tmp_path / "blank.xlsx"
    _write(c.path, path, {ref: None})
    report = check_file(path)
    assert [(f.code, f.cell, f.expected) for f in report.findings] == [("blank-cell", ref, c.truth[key])]


# ----------------------------------------------------------------------------- LibreOffice recalculates the copies

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _recalculated(paths: list[Path], tmp: Path) -> list[Path]:
    """Every copy re-saved by LibreOffice in one run (its start-up is most of the cost), formulas recalculated."""
    if SOFFICE is None:
        if os.environ.get("GOVREPORT_REQUIRE_SOFFICE") == "1":
            pytest.fail(
                "GOVREPORT_REQUIRE_SOFFICE=1 但找不到 soffice（LibreOffice 未安装）：这些测试不能跳过"
            )
        pytest.skip("找不到 soffice（LibreOffice 未安装；apt-get install libreoffice-calc-nogui）")
    outdir = tmp / "lo"
    outdir.mkdir()
    profile = tmp / f"lo_profile_{uuid.uuid4().hex}"
    cmd = [
        SOFFICE,
        f"-env:UserInstallation=file://{profile}",
        "--headless",
        "--convert-to",
        "xlsx",
        "--outdir",
        str(outdir),
        *map(str, paths),
    ]
    proc = subprocess.run(cmd, capture_output=True, timeout=300)
    out = [outdir / p.name for p in paths]
    assert proc.returncode == 0 and all(p.exists() for p in out), proc.stderr.decode(errors="replace")
    return out


def test_libreoffice_recalculation_of_every_layouts_corrected_copy_keeps_every_relation(
    tmp_path_factory, tmp_path
):
    copies: list[tuple[str, Clean, Key, Path]] = []
    for n, name in enumerate(sorted(LAYOUTS)):
        c = _clean(name, tmp_path_factory)
        form = get_form(c.form)
        # a typo where two relations meet (so fill corrects it), in a part of table 2
        keys = [
            k
            for k in sorted(c.refs)
            if k[0] == "requests"
            and k in c.truth
            and k not in c.formulas
            and c.refs[k] not in c.baseline
            and len(_relations_of(form, c.truth, k, c.formulas)) >= 2
        ]
        wrong: Any = 3
        if (
            not keys
        ):  # every part under formula totals (one relation each, through them): a blank part instead
            keys = [
                k
                for k in sorted(c.refs)
                if k[0] == "requests" and k in c.truth and k not in c.formulas and c.refs[k] not in c.baseline
            ]
            wrong = None
        key = random.Random(name).choice(keys)
        path = tmp_path / f"in{n}.xlsx"
        _write(c.path, path, {c.refs[key]: None if wrong is None else c.truth[key] + wrong})
        result = fill_file(path, tmp_path / f"copy{n}.xlsx")
        assert (c.refs[key], c.truth[key]) in {(e.cell, e.new) for e in result.plan.edits}, name
        copies.append((name, c, key, Path(result.out_path)))
    converted = _recalculated([p for *_, p in copies], tmp_path)
    for (name, c, _key, _), lo in zip(copies, converted, strict=True):
        wb = pc.CalamineWorkbook.from_path(str(lo))
        grids = {s: wb.get_sheet_by_name(s).to_python() for s in wb.sheet_names}
        values: dict[Key, int] = {}
        for k, ref in c.refs.items():
            sheet, coord = ref.rsplit("!", 1)
            r, col = parse_a1(coord)
            grid = grids[sheet]
            v = grid[r][col] if r < len(grid) and col < len(grid[r]) else ""
            if v == "" and k in c.formulas:
                v = 0  # =IF(SUM(..)=0,"",SUM(..)) shows a zero as ""
            assert isinstance(v, (int, float)) and not isinstance(v, bool) and v == int(v), (name, ref, v)
            values[k] = int(v)
        assert values == c.truth, name  # the typo corrected, every formula recomputed to its true value
        assert _broken(get_form(c.form), values) == set(), name


# ----------------------------------------------------------------------------- cached SUM totals (Excel/WPS)

CACHED_CASE = CASES / "formulas_cached_sum_skips_text" / "某区人社局2022年政府信息公开工作年度报告.xlsx"


def _cached_clean(tmp: Path) -> tuple[Path, dict[Key, str], dict[Key, int], dict[str, str]]:
    """The committed workbook with its three text numbers typed as numbers and every total cached as Excel would."""
    from test_injected import cache_formulas

    path = tmp / "clean.xlsx"
    _write(CACHED_CASE, path, {"Sheet1!C25": 3, "Sheet1!C34": 4, "Sheet1!A52": 1})
    cache_formulas(path)
    report = check_file(path)
    assert report.status == "ok", [f.message for f in report.findings]
    cells = _cells(report)
    formulas = {str(i.ref): "=" + (i.formula or "").removeprefix("=") for i in cells.values() if i.formula}
    return (
        path,
        {k: str(i.ref) for k, i in cells.items()},
        {k: int(i.number) for k, i in cells.items()},
        formulas,
    )


def _as_text(path: Path, ref: str, text: str) -> None:
    """Store the cell as a string in the sheet XML, leaving every cached result as it is."""
    import re
    import zipfile

    coord = ref.rsplit("!", 1)[1]
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    name = "xl/worksheets/sheet1.xml"
    cell = re.compile(rf'<c r="{coord}"[^>]*?(/>|>.*?</c>)'.encode())
    assert cell.search(parts[name]), ref
    parts[name] = cell.sub(
        f'<c r="{coord}" t="inlineStr"><is><t>{text}</t></is></c>'.encode(), parts[name], 1
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)


def _readers(formulas: dict[str, str], ref: str) -> set[str]:
    """Every formula cell that reads ref, directly or through another formula."""
    from govreport.cells.formula import references

    sheet = ref.rsplit("!", 1)[0]
    reads = {
        f: {f"{s or sheet}!{a1_of(r, c)}" for s, r, c in references(text[1:]) or []}
        for f, text in formulas.items()
    }
    found: set[str] = set()
    todo = {ref}
    while todo:
        cur = todo.pop()
        for f, refs in reads.items():
            if cur in refs and f not in found:
                found.add(f)
                todo.add(f)
    return found


def a1_of(r: int, c: int) -> str:
    from govreport.read.model import a1

    return a1(r, c)


@pytest.mark.parametrize("pick", range(4))
def test_a_number_typed_as_text_under_cached_sums_makes_exactly_its_totals_stale(tmp_path, pick):
    path, refs, truth, formulas = _cached_clean(tmp_path)
    parts = [k for k in sorted(refs) if refs[k] not in formulas and truth[k] > 0]
    rng = random.Random(pick)
    # half the picks in table 3, whose group totals are the only relation
    pool = [k for k in parts if k[0] == ("appeals" if pick % 2 else "requests")]
    key = rng.choice(pool)
    ref, true = refs[key], truth[key]
    bad = tmp_path / "text.xlsx"
    _write(path, bad, {ref: 0})  # Excel's SUM skips the text: the cached totals are those of a 0 there
    from test_injected import cache_formulas

    cache_formulas(bad)
    _as_text(bad, ref, str(true))
    report = check_file(bad)
    stale = _readers(formulas, ref)
    ctx = f"{key} {ref} {true}: " + "\n".join(f"{f.code} {f.cell} {f.message}" for f in report.findings)
    assert stale, ctx
    assert {(f.code, f.cell) for f in report.errors} == {("stale-total", s) for s in stale}, ctx
    assert [(f.code, f.cell, f.actual) for f in report.warnings] == [("text-number", ref, true)], ctx
    result = fill_file(bad, tmp_path / "out.xlsx")
    assert [(e.cell, e.new, e.kind) for e in result.plan.edits] == [(ref, true, "normalized")], ctx
    assert result.output is not None and result.output.status == "ok", ctx
    out = {k: int(i.number) for k, i in _cells(result.output).items() if i.number is not None}
    assert out == truth


@pytest.mark.parametrize(
    "total",
    [
        ("requests", "granted", "total"),
        ("requests", "handled_total", "business"),
        ("requests", "carried_out", "total"),
        ("appeals", "count", "direct_total"),
    ],
)
def test_a_cached_sum_over_the_wrong_range_is_found_and_rewritten(tmp_path, total):
    from test_injected import _same_cells, _shorten, cache_formulas

    path, refs, truth, formulas = _cached_clean(tmp_path)
    ref = refs[total]
    good = formulas[ref]
    bad = tmp_path / "range.xlsx"
    wrong = _shorten(good)
    _write(path, bad, {ref: wrong})
    cache_formulas(bad)
    report = check_file(bad)
    ctx = f"{ref} {good} -> {wrong}: " + "\n".join(f"{f.code} {f.cell} {f.message}" for f in report.findings)
    fm = [f for f in report.errors if f.code == "formula-mismatch"]
    assert [f.cell for f in fm] == [ref] and wrong[1:] in fm[0].message, ctx
    assert all(f.cell in (ref, None) for f in report.findings), ctx
    result = fill_file(bad, tmp_path / "out.xlsx")
    assert [(e.cell, e.kind) for e in result.plan.edits] == [(ref, "corrected")], ctx
    assert _same_cells(result.plan.edits[0].new, good), ctx
    assert result.output is not None and result.output.status == "ok", ctx


@pytest.mark.parametrize("row", ["granted", "new", "refused_process"])
def test_an_if_hide_zero_total_over_the_wrong_range_is_found_and_rewritten(tmp_path_factory, tmp_path, row):
    c = _clean("formulas_if_hide_zero", tmp_path_factory)
    ref = c.refs[("requests", row, "total")]
    sheet, coord = ref.rsplit("!", 1)
    good = openpyxl.load_workbook(c.path)[sheet][coord].value
    r = coord[1:]
    wrong = good.replace(f"H{r})", f"G{r})")  # both SUMs of the IF stop one column short
    assert wrong != good
    bad = tmp_path / "range.xlsx"
    _write(c.path, bad, {ref: wrong})
    report = check_file(bad)
    ctx = f"{ref} {good} -> {wrong}: " + "\n".join(f"{f.code} {f.cell} {f.message}" for f in report.findings)
    fm = [f for f in report.errors if f.code == "formula-mismatch"]
    assert [f.cell for f in fm] == [ref], ctx
    assert all(f.cell in (ref, None) for f in report.findings), ctx
    result = fill_file(bad, tmp_path / "out.xlsx")
    assert [(e.cell, e.kind) for e in result.plan.edits] == [(ref, "corrected")], ctx
    assert result.output is not None and result.output.status == "ok", ctx


def _if_layout_with_text(tmp_factory, tmp: Path, key: Key) -> tuple[Clean, Path]:
    """formulas_if_hide_zero saved by Excel: every total cached, the part `key` typed as text (SUM skips it)."""
    from test_injected import cache_formulas

    c = _clean("formulas_if_hide_zero", tmp_factory)
    path = tmp / "text.xlsx"
    _write(c.path, path, {c.refs[key]: 0})
    cache_formulas(path)
    _as_text(path, c.refs[key], str(c.truth[key]))
    return c, path


@pytest.mark.parametrize("key", [("requests", "granted", "natural_person"), ("requests", "new", "business")])
def test_a_text_number_under_cached_if_hide_zero_totals_makes_them_stale(tmp_path_factory, tmp_path, key):
    c, path = _if_layout_with_text(tmp_path_factory, tmp_path, key)
    ref = c.refs[key]
    formulas = {
        c.refs[k]: "="
        + (
            openpyxl.load_workbook(c.path)[c.refs[k].rsplit("!", 1)[0]][c.refs[k].rsplit("!", 1)[1]].value
            or "="
        ).removeprefix("=")
        for k in c.formulas
    }
    report = check_file(path)
    ctx = "\n".join(f"{f.code} {f.cell} {f.message}" for f in report.findings)
    assert {(f.code, f.cell) for f in report.errors} == {
        ("stale-total", s) for s in _readers(formulas, ref)
    }, ctx
    result = fill_file(path, tmp_path / "out.xlsx")
    assert [(e.cell, e.new, e.kind) for e in result.plan.edits] == [(ref, c.truth[key], "normalized")], ctx
    assert result.output is not None and result.output.status == "ok", ctx


def test_a_hidden_zero_cached_as_empty_text_is_stale_when_a_text_part_makes_it_wrong(
    tmp_path_factory, tmp_path
):
    import re
    import zipfile

    key = ("requests", "refused_process", "natural_person")
    c, path = _if_layout_with_text(tmp_path_factory, tmp_path, key)
    total = c.refs[("requests", "refused_process", "total")]
    coord = total.rsplit("!", 1)[1]
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    name = "xl/worksheets/sheet1.xml"
    m = re.search(rf'<c r="{coord}"[^>]*>.*?</c>'.encode(), parts[name])
    assert m and b"<v>0</v>" in m[0]  # Excel's cache of the hidden zero: an empty string, not 0
    parts[name] = parts[name].replace(
        m[0],
        m[0]
        .replace(b"<v>0</v>", b"<v></v>")
        .replace(f'<c r="{coord}"'.encode(), f'<c r="{coord}" t="str"'.encode()),
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)
    report = check_file(path)
    assert ("stale-total", total) in {(f.code, f.cell) for f in report.errors}


def test_every_hidden_zero_cached_as_empty_text_is_read_as_its_saved_zero(tmp_path_factory, tmp_path):
    import re
    import zipfile

    from test_injected import cache_formulas

    c = _clean("formulas_if_hide_zero", tmp_path_factory)
    path = tmp_path / "hidden.xlsx"
    shutil.copy(c.path, path)
    cache_formulas(path)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    name = "xl/worksheets/sheet1.xml"
    zeros = re.findall(rb'<c r="([A-Z]+[0-9]+)"[^>]*><f>[^<]*</f><v>0</v>', parts[name])
    assert len(zeros) > 3
    parts[name] = re.sub(
        rb'(<c r="[A-Z]+[0-9]+")([^>]*><f>[^<]*</f>)<v>0</v>', rb'\1 t="str"\2<v></v>', parts[name]
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)
    report = check_file(path)
    assert report.errors == [], [f.message for f in report.errors]
    states = {
        str(i.ref).rsplit("!", 1)[1]: i.value.state
        for t in report.tables
        for i in t.cells.values()
        if i.formula is not None
    }
    hidden = [z.decode() for z in zeros if z.decode() in states]
    assert hidden and all(states[a] == "number" for a in hidden)  # the saved zero, not a recomputation


# ----------------------------------------------------------------------------- the copy that is not checked

# case -> (sheet of the checked copy -> sheet of the ignored copy, rows the ignored copy sits above it)
IGNORED_COPY = {
    "draft_above_final_below": ({"年报表格": "年报表格"}, 55),
    "last_year_sheet_kept_first": ({"2022年": "2021年"}, 0),
    "cover_sheet_fubiao_hidden_draft": ({"附表2": "附表2（草稿）"}, 0),
}


@pytest.mark.parametrize("name", sorted(IGNORED_COPY))
def test_errors_in_the_copy_that_is_not_checked_change_nothing(tmp_path_factory, tmp_path, name):
    from govreport.read.model import a1

    c = _clean(name, tmp_path_factory)
    sheets, up = IGNORED_COPY[name]
    before = check_file(c.path)
    rng = random.Random(name)
    keys = [k for k in sorted(c.refs) if k[0] == "requests" and c.refs[k].rsplit("!", 1)[0] in sheets]
    edits = {}
    for k in rng.sample(keys, 5):
        sheet, coord = c.refs[k].rsplit("!", 1)
        r, col = parse_a1(coord)
        edits[f"{sheets[sheet]}!{a1(r - up, col)}"] = c.truth[k] + 7
    wb = openpyxl.load_workbook(c.path)
    for ref in edits:  # the ignored copy holds the same table there (a number in the same item and column)
        sheet, coord = ref.rsplit("!", 1)
        assert isinstance(wb[sheet][coord].value, int), (ref, wb[sheet][coord].value)
    path = tmp_path / "other.xlsx"
    _write(c.path, path, edits)
    after = check_file(path)
    assert [(f.code, f.cell) for f in after.findings] == [(f.code, f.cell) for f in before.findings]
    result = fill_file(path, tmp_path / "out.xlsx")
    assert {e.cell: e.new for e in result.plan.edits} == c.baseline


@pytest.mark.parametrize("raw, code", [(0.5, "not-integer"), (-2, "negative-count"), ("1.5", "not-integer")])
def test_a_bad_count_under_formula_totals_names_only_itself(tmp_path_factory, tmp_path, raw, code):
    # =SUM over a 0.5 is 0.5 too, but the total is right: it follows its part and is right once the part is
    c = _clean("formulas_if_hide_zero", tmp_path_factory)
    key = ("requests", "other_other", "legal_service")  # under its row's IF(SUM) and its column's SUM
    ref = c.refs[key]
    path = tmp_path / "bad.xlsx"
    _write(c.path, path, {ref: raw})
    report = check_file(path)
    assert [(f.code, f.cell, f.expected) for f in report.findings] == [(code, ref, c.truth[key])], [
        f.message for f in report.findings
    ]
    result = fill_file(path, tmp_path / "out.xlsx")
    assert [(e.cell, e.new, e.kind) for e in result.plan.edits] == [(ref, c.truth[key], "corrected")]
    assert result.output is not None and result.output.status == "ok"


# ----------------------------------------------------------------------------- group subtotal rows


@pytest.mark.parametrize(
    "cols",
    [
        ("natural_person", "business", "research", "nonprofit", "legal_service", "other_org", "total"),
        ("business",),
        ("business", "research", "total"),
    ],
)
def test_a_blank_subtotal_row_is_a_label_and_blank_subtotal_cells_are_filled(
    tmp_path_factory, tmp_path, cols
):
    c = _clean("group_subtotal_rows", tmp_path_factory)
    keys = [("requests", "unable", col) for col in cols]
    path = tmp_path / "blank.xlsx"
    _write(c.path, path, {c.refs[k]: None for k in keys})
    report = check_file(path)
    result = fill_file(path, tmp_path / "out.xlsx")
    if len(cols) == 7:  # the national form has no subtotal rows: an empty group row is only a label
        assert report.findings == [] and result.plan.edits == []
        return
    assert [(f.code, f.cell, f.expected) for f in report.findings] == [
        ("blank-cell", c.refs[k], c.truth[k]) for k in keys
    ]
    assert [(e.cell, e.new, e.kind) for e in result.plan.edits] == [
        (c.refs[k], c.truth[k], "filled") for k in keys
    ]
    assert result.output is not None and result.output.status == "ok"


@pytest.mark.parametrize(
    "key",
    [
        ("requests", "unable", "natural_person"),
        ("requests", "unable", "total"),
        ("requests", "unable_not_held", "natural_person"),
        ("requests", "not_processed", "business"),
        ("requests", "refused", "total"),
    ],
)
def test_a_typo_in_a_subtotal_row_or_its_item_is_named_by_the_subtotal_relation(
    tmp_path_factory, tmp_path, key
):
    c = _clean("group_subtotal_rows", tmp_path_factory)
    ref, true = c.refs[key], c.truth[key]
    path = tmp_path / "typo.xlsx"
    _write(c.path, path, {ref: true + 10})
    report = check_file(path)
    (f,) = report.findings
    assert (f.code, f.cell, f.expected, f.actual) == ("sum-mismatch", ref, true, true + 10), f.message
    group = key[1] if key[1] in ("unable", "not_processed", "refused") else "unable"
    subtotal = {
        "unable": "unable-subtotal",
        "not_processed": "not-processed-subtotal",
        "refused": "refused-subtotal",
    }[group]
    rel = next(r for r in get_form("2021").table("requests").relations if r.id == subtotal)
    assert rel.label in f.message  # the subtotal relation is among the lines the typo breaks
    result = fill_file(path, tmp_path / "out.xlsx")
    assert [(e.cell, e.new, e.kind) for e in result.plan.edits] == [(ref, true, "corrected")]
    assert result.output is not None and result.output.status == "ok"


# ----------------------------------------------------------------------------- totals as formulas in the PDF grid


def _pdf_with_sum_totals(tmp_factory, tmp: Path) -> tuple[Clean, dict[str, str]]:
    """pdf_headers_span_two_columns with every total a SUM over the range a clerk selects (the empty left
    halves of the header pairs included) and the table 3 totals too."""
    from govreport.read.model import a1

    c = _clean("pdf_headers_span_two_columns", tmp_factory)
    forms: dict[str, str] = {}
    for key, ref in c.refs.items():
        if (
            key[2].endswith("total")
            and key[0] == "requests"
            or key[0] == "appeals"
            and key[2].endswith("_total")
        ):
            if key[0] == "requests":
                parts = [c.refs[(key[0], key[1], col)] for col in ("natural_person", "other_org")]
            else:
                g = key[2].removesuffix("_total")
                parts = [c.refs[(key[0], key[1], f"{g}_{p}")] for p in ("upheld", "pending")]
            forms[ref] = f"=SUM({parts[0].rsplit('!', 1)[1]}:{parts[1].rsplit('!', 1)[1]})"
    col = parse_a1(c.refs[("requests", "handled_total", "natural_person")].rsplit("!", 1)[1])[1]
    first = parse_a1(c.refs[("requests", "granted", "natural_person")].rsplit("!", 1)[1])[0]
    last = parse_a1(c.refs[("requests", "other_other", "natural_person")].rsplit("!", 1)[1])[0]
    sheet = c.refs[("requests", "handled_total", "natural_person")].rsplit("!", 1)[0]
    forms[
        f"{sheet}!{a1(parse_a1(c.refs[('requests', 'handled_total', 'natural_person')].rsplit('!', 1)[1])[0], col)}"
    ] = f"=SUM({a1(first, col)}:{a1(last, col)})"
    return c, forms


def test_sum_totals_over_the_pdf_grids_empty_half_columns_read_their_parts(tmp_path_factory, tmp_path):
    c, forms = _pdf_with_sum_totals(tmp_path_factory, tmp_path)
    path = tmp_path / "sums.xlsx"
    _write(c.path, path, forms)
    report = check_file(path)
    assert report.findings == [], [f.message for f in report.findings]
    # a typo in a part under them: its row total follows it, the column relation and the balance find it
    key = ("requests", "granted", "business")
    _write(path, path, {c.refs[key]: c.truth[key] + 4})
    report = check_file(path)
    assert all(f.cell in (None, c.refs[key]) for f in report.findings), [f.message for f in report.findings]
    # a range one pair short is still a wrong formula
    ref = c.refs[("appeals", "count", "direct_total")]
    short = forms[ref].replace(":R52", ":P52")
    assert short != forms[ref]
    _write(c.path, path, {**forms, ref: short})
    report = check_file(path)
    assert [(f.code, f.cell) for f in report.errors] == [("formula-mismatch", ref)], [
        f.message for f in report.findings
    ]
    result = fill_file(path, tmp_path / "out.xlsx")
    assert [(e.cell, e.kind) for e in result.plan.edits] == [(ref, "corrected")]
    assert result.output is not None and result.output.status == "ok"


@pytest.mark.parametrize("fmt", ["{}件", "{} ", "full", "{} 件"])
def test_a_text_number_under_uncomputed_formula_totals_makes_them_stale(tmp_path_factory, tmp_path, fmt):
    # formulas saved without results (a program that computes nothing wrote them) are what Excel, WPS and
    # LibreOffice show once they open the file: their SUM skips the text, as with totals saved by Excel
    c = _clean("formulas_if_hide_zero", tmp_path_factory)
    key = ("requests", "refused_process", "natural_person")
    ref, true = c.refs[key], c.truth[key]
    assert true > 0
    raw = (
        str(true).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
        if fmt == "full"
        else fmt.format(true)
    )
    path = tmp_path / "text.xlsx"
    _write(c.path, path, {ref: raw})
    formulas = {
        c.refs[k]: "="
        + (
            openpyxl.load_workbook(c.path)[c.refs[k].rsplit("!", 1)[0]][c.refs[k].rsplit("!", 1)[1]].value
            or "="
        ).removeprefix("=")
        for k in c.formulas
    }
    report = check_file(path)
    ctx = "\n".join(f"{f.code} {f.cell} {f.message}" for f in report.findings)
    assert {(f.code, f.cell) for f in report.errors} == {
        ("stale-total", s) for s in _readers(formulas, ref)
    }, ctx
    assert [(f.code, f.cell, f.actual) for f in report.warnings] == [("text-number", ref, true)], ctx
    result = fill_file(path, tmp_path / "out.xlsx")
    assert [(e.cell, e.new, e.kind) for e in result.plan.edits] == [(ref, true, "normalized")]
    assert result.output is not None and result.output.status == "ok"


@pytest.mark.parametrize("kind", ["typo", "blank"])
def test_a_balance_formula_follows_the_total_it_reads(tmp_path_factory, tmp_path, kind):
    """四、结转下年度 written =I21+I22-I45 (the balance) follows （七）总计: a typo or a blank there is that cell's
    alone; the 四 cell that computed from it is not blamed as a second error (nor its 总计 row)."""
    c = _clean("carried_out_by_balance_formula", tmp_path_factory)
    key = ("requests", "handled_total", "business")
    ref, true = c.refs[key], c.truth[key]
    assert ("requests", "carried_out", "business") in c.formulas
    path = tmp_path / "t.xlsx"
    assert true >= 5
    # (a typo upwards makes the 四 formula negative: a negative-count there, which the sheet does show)
    _write(c.path, path, {ref: true - 5 if kind == "typo" else None})
    report = check_file(path)
    found = [(f.code, f.cell, f.expected) for f in report.findings]
    assert found == ([("sum-mismatch", ref, true)] if kind == "typo" else [("blank-cell", ref, true)]), found
