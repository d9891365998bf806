"""The workbook writer and the sample values: reread what was written with openpyxl."""

from __future__ import annotations

import random
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from samples import consistent_values, seed_values

from govreport.forms import Form, Table, get_form
from govreport.read.model import a1, parse_a1
from govreport.template import Layout, collapsed_group, numeric_rows, write_report

FORMS = [get_form("2021"), get_form("2019")]
ROOT = Path(__file__).resolve().parents[2]

LAYOUTS = {
    "default": Layout(),
    "sheets": Layout(one_sheet=False),
    "named-sheets": Layout(one_sheet=False, sheet_names=("表一", "表二")),
    "offset": Layout(top_offset=3, left_offset=2, title_rows=2),
    "spacer": Layout(spacer_col=True, left_offset=1),
    "unmerged": Layout(merged_labels=False, section_titles=False, title_rows=0),
    "variants0": Layout(label_variants=True),
    "variants1": Layout(label_variants=True, variant_set=1, merged_labels=False),
    "hybrid": Layout(other_single_row=True),
    "formulas": Layout(formulas=True, spacer_col=True),
    "formulas-sheets": Layout(formulas=True, one_sheet=False, left_offset=3, label_variants=True),
    "seed": Layout(seed_style=True),
    "everything": Layout(
        one_sheet=False,
        top_offset=1,
        left_offset=1,
        spacer_col=True,
        merged_labels=False,
        label_variants=True,
        other_single_row=True,
        formulas=True,
        section_titles=False,
    ),
}


def _cell(wb: openpyxl.Workbook, ref: str) -> object:
    sheet, addr = ref.split("!")
    return wb[sheet][addr].value


def _coords(ref: str) -> tuple[str, int, int]:
    sheet, addr = ref.split("!")
    return (sheet, *parse_a1(addr))


def _expand(table: Table, key: str) -> list[str]:
    return [i.key for i in table.items(key)] or [key]


def _check_relations(form: Form, values: dict) -> None:
    """Evaluate every relation of the form generically on a full value set."""
    for table in form.tables:
        rows = [r.key for r in numeric_rows(table)]
        cols = [c.key for c in table.columns]
        for rel in table.relations:
            if rel.advisory:
                continue  # checked only where a clerk typed numbers on a heading row: none in a full value set
            for fixed in rows if rel.each == "row" else cols:
                if rel.each == "row":
                    lhs = sum(values[(table.key, fixed, k)] for k in rel.lhs)
                    rhs = sum(values[(table.key, fixed, k)] for k in rel.rhs)
                else:
                    lhs = sum(values[(table.key, k, fixed)] for p in rel.lhs for k in _expand(table, p))
                    rhs = sum(values[(table.key, k, fixed)] for p in rel.rhs for k in _expand(table, p))
                assert lhs == rhs, (form.version, table.key, rel.id, fixed)


@pytest.mark.parametrize("seed", range(60))
@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.version)
def test_consistent_values_satisfy_every_relation(form: Form, seed: int) -> None:
    values = consistent_values(form, random.Random(seed), zero_share=seed % 4 / 4, max_count=1 + seed)
    _check_relations(form, values)
    for table in form.tables:
        for row in numeric_rows(table):
            for col in table.columns:
                v = values[(table.key, row.key, col.key)]
                if col.kind == "money":
                    assert isinstance(v, Decimal) and v >= 0 and -v.as_tuple().exponent <= 4
                else:
                    assert isinstance(v, int)
                    assert col.kind == "signed" or v >= 0


def test_consistent_values_vary_and_are_not_all_zero() -> None:
    form = FORMS[0]
    a = consistent_values(form, random.Random(1), zero_share=0.2)
    b = consistent_values(form, random.Random(2), zero_share=0.2)
    assert a != b and any(a.values())


def _formula_cells(text: str) -> set[tuple[int, int]]:
    m = re.fullmatch(r"=SUM\((.+)\)", text)
    assert m, text
    cells = set()
    for part in m.group(1).split(","):
        start, _, end = part.partition(":")
        (r1, c1), (r2, c2) = parse_a1(start), parse_a1(end or start)
        cells |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
    return cells


@pytest.mark.parametrize("name", list(LAYOUTS))
@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.version)
def test_written_values_land_where_the_map_says(tmp_path: Path, form: Form, name: str) -> None:
    layout = LAYOUTS[name]
    values = consistent_values(form, random.Random(7), zero_share=0.3)
    where = write_report(tmp_path / "t.xlsx", form, values, layout=layout, agency="某某局", year=2022)
    wb = openpyxl.load_workbook(tmp_path / "t.xlsx")
    assert wb["年报" if layout.one_sheet else wb.sheetnames[0]]
    for table in form.tables:
        collapsed = collapsed_group(table) if layout.other_single_row else None
        expected_rows = numeric_rows(table, collapsed)
        for row in expected_rows:
            for col in table.columns:
                key = (table.key, row.key, col.key)
                got = _cell(wb, where[key])
                if isinstance(got, str) and got.startswith("=SUM("):
                    assert layout.formulas
                    continue
                want = (
                    values[key]
                    if row.key != collapsed
                    else sum(values[(table.key, i.key, col.key)] for i in table.items(collapsed))
                )
                assert got == want, (key, where[key])
        assert {k for k in where if k[0] == table.key} == {
            (table.key, r.key, c.key) for r in expected_rows for c in table.columns
        }
    assert len(set(where.values())) == len(where)  # no two keys share a cell
    text = [c.value for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert layout.title_rows == 0 or "某某局2022年政府信息公开工作年度报告" in text


@pytest.mark.parametrize("name", ["formulas", "formulas-sheets", "everything"])
@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.version)
def test_formulas_cover_exactly_the_relation_parts(tmp_path: Path, form: Form, name: str) -> None:
    layout = LAYOUTS[name]
    where = write_report(tmp_path / "f.xlsx", form, consistent_values(form, random.Random(3)), layout=layout)
    wb = openpyxl.load_workbook(tmp_path / "f.xlsx")
    seen = 0
    for table in form.tables:
        collapsed = collapsed_group(table) if layout.other_single_row else None
        rows = [r.key for r in numeric_rows(table, collapsed)]
        # subtotal relations (own_rows) read a group's own row, which the national template does not have
        for rel in (r for r in table.relations if r.kind == "sum" and not r.own_rows):
            lines = rows if rel.each == "row" else [c.key for c in table.columns]
            for fixed in lines:
                if rel.each == "row":
                    total = (table.key, fixed, rel.total)
                    parts = [(table.key, fixed, p) for p in rel.parts]
                else:
                    total = (table.key, rel.total, fixed)
                    parts = [
                        (table.key, k, fixed)
                        for p in rel.parts
                        for k in ([p] if p == collapsed else _expand(table, p))
                    ]
                text = _cell(wb, where[total])
                # The corner cell is the total of both relations; it holds the row formula.
                if rel.each == "column" and any(
                    r.each == "row" and r.total == fixed for r in table.relations
                ):
                    continue
                assert _formula_cells(text) == {_coords(where[p])[1:] for p in parts}, (total, text)
                seen += 1
    assert seen > 30


def _merged(wb: openpyxl.Workbook, ref: str) -> tuple[int, int, int, int] | None:
    sheet, r, c = _coords(ref)
    for rng in wb[sheet].merged_cells.ranges:
        if rng.min_row - 1 <= r <= rng.max_row - 1 and rng.min_col - 1 <= c <= rng.max_col - 1:
            return rng.min_row - 1, rng.min_col - 1, rng.max_row - 1, rng.max_col - 1
    return None


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.version)
def test_merged_ranges_follow_the_national_format(tmp_path: Path, form: Form) -> None:
    where = write_report(tmp_path / "m.xlsx", form, layout=Layout(left_offset=1))
    wb = openpyxl.load_workbook(tmp_path / "m.xlsx")
    ws = wb["年报"]
    t2 = form.table("requests")
    first_col, last_col = t2.columns[0].key, t2.columns[-1].key
    _, r_new, c_num = _coords(where[("requests", "new", first_col)])
    _, _, c_last = _coords(where[("requests", "new", last_col)])
    assert (c_num, c_last) == (4, 10)  # B is the first label column, numbers in E..K
    # Header: note corner over the three label columns and three header rows; 申请人情况 over all seven.
    assert _merged(wb, f"年报!{a1(r_new - 3, 1)}") == (r_new - 3, 1, r_new - 1, 3)
    assert t2.note and t2.note in ws.cell(row=r_new - 2, column=2).value
    assert _merged(wb, f"年报!{a1(r_new - 3, c_num)}") == (r_new - 3, c_num, r_new - 3, c_last)
    assert _merged(wb, f"年报!{a1(r_new - 2, c_num)}") == (r_new - 2, c_num, r_new - 1, c_num)  # 自然人
    assert _merged(wb, f"年报!{a1(r_new - 2, c_last)}") == (r_new - 2, c_last, r_new - 1, c_last)  # 总计
    assert _merged(wb, f"年报!{a1(r_new - 2, c_num + 1)}") == (r_new - 2, c_num + 1, r_new - 2, c_last - 1)
    # Rows: 一、 across the label columns; 三、 down over the results; each group down over its items.
    assert _merged(wb, f"年报!{a1(r_new, 1)}") == (r_new, 1, r_new, 3)
    first_result = _coords(where[("requests", "granted", first_col)])[1]
    last_result = _coords(where[("requests", "handled_total", first_col)])[1]
    assert _merged(wb, f"年报!{a1(first_result, 1)}") == (first_result, 1, last_result, 1)
    for group in (r for r in t2.rows if r.kind == "group" and t2.items(r.key)):
        items = [_coords(where[("requests", i.key, first_col)])[1] for i in t2.items(group.key)]
        assert _merged(wb, f"年报!{a1(items[0], 2)}") == (items[0], 2, items[-1], 2)
        assert ws.cell(row=items[0] + 1, column=3).value == group.label
    # Table 3: 行政复议 over five columns and two rows, 行政诉讼 over ten.
    _, r3, c3 = _coords(where[("appeals", "count", "review_upheld")])
    assert _merged(wb, f"年报!{a1(r3 - 3, c3)}") == (r3 - 3, c3, r3 - 2, c3 + 4)
    assert _merged(wb, f"年报!{a1(r3 - 3, c3 + 5)}") == (r3 - 3, c3 + 5, r3 - 3, c3 + 14)
    # The unmerged layout keeps the labels but merges nothing.
    write_report(tmp_path / "u.xlsx", form, layout=Layout(merged_labels=False))
    assert not openpyxl.load_workbook(tmp_path / "u.xlsx")["年报"].merged_cells.ranges


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.version)
def test_blank_template_is_printable_and_has_no_numbers(tmp_path: Path, form: Form) -> None:
    where = write_report(tmp_path / "b.xlsx", form)
    wb = openpyxl.load_workbook(tmp_path / "b.xlsx")
    ws = wb["年报"]
    cells = [c for row in ws.iter_rows() for c in row]
    assert not [
        c.coordinate
        for c in cells
        if isinstance(c.value, int | float) or (isinstance(c.value, str) and c.value.startswith("="))
    ]
    assert ws["A1"].value == f"________{form.first_year}年政府信息公开工作年度报告"
    assert all(_cell(wb, ref) is None for ref in where.values())
    # Every numeric cell is bordered, so the blank form prints as a grid.
    assert all(ws[ref.split("!")[1]].border.left.style == "thin" for ref in where.values())
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.column_dimensions["C"].width > ws.column_dimensions["D"].width


def test_multi_sheet_names(tmp_path: Path) -> None:
    form = FORMS[0]
    where = write_report(tmp_path / "s.xlsx", form, layout=Layout(one_sheet=False))
    assert openpyxl.load_workbook(tmp_path / "s.xlsx").sheetnames == [s.short for s in form.sections]
    assert where[("appeals", "count", "review_total")].startswith("复议诉讼!")
    where = write_report(
        tmp_path / "n.xlsx", form, layout=Layout(one_sheet=False, sheet_names=("A", "B", "C"))
    )
    assert where[("requests", "new", "total")].startswith("B!")


def _texts(path: Path) -> list[str]:
    wb = openpyxl.load_workbook(path)
    return [c.value for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def test_label_variants(tmp_path: Path) -> None:
    form = FORMS[0]
    write_report(tmp_path / "v0.xlsx", form, layout=Layout(label_variants=True))
    t0 = _texts(tmp_path / "v0.xlsx")
    assert any("只计这一情 形" in t for t in t0) and "社会公益 组织" in t0
    assert "商业企" in t0 and "业" in t0 and "行政法复议" in t0
    assert '3、危及"三安全一稳定"' in t0 and "2、其他法律法规禁止公开" in t0 and "(三)不予公开" in t0
    write_report(tmp_path / "v1.xlsx", form, layout=Layout(label_variants=True, variant_set=1))
    t1 = _texts(tmp_path / "v1.xlsx")
    assert "（二）部分公开" in t1 and "1.逾期不补正" in t1 and "2.逾期不缴费" in t1
    assert "社会公益\n组织" in t1 and "3．危及三安全一稳定" in t1 and "本机关不掌握相关政府信息" in t1


def test_hybrid_prints_other_handling_as_one_row(tmp_path: Path) -> None:
    form = FORMS[0]
    where = write_report(tmp_path / "h.xlsx", form, layout=Layout(other_single_row=True))
    texts = _texts(tmp_path / "h.xlsx")
    group = collapsed_group(form.table("requests"))
    assert group == "other_handling" and form.table("requests").row(group).label in texts
    assert not [k for k in where if k[1] in {i.key for i in form.table("requests").items(group)}]
    assert collapsed_group(get_form("2019").table("requests")) is None


def test_seed_report(tmp_path: Path) -> None:
    values = seed_values()
    form = FORMS[0]
    blank = {k[1] for k, v in values.items() if v is None}
    assert blank == {"granted", "partial", "refused_state_secret"}
    assert all(v == 0 for v in values.values() if v is not None)
    path = tmp_path / "seed.xlsx"
    where = write_report(
        path, form, values, layout=Layout(seed_style=True), agency="老城区商务和工业信息化局"
    )
    wb = openpyxl.load_workbook(path)
    texts = _texts(path)
    assert "老城区商务和工业信息化局2021年政府信息公开工作年度报告" in texts
    assert "2.其他法律法规禁止公开" in texts and "(三) 不予公开 1.属于国家秘密" in texts and "公开" in texts
    assert "本年收费金额（单位：万元，保留4位小数）" in texts and "(一) 予以公开" in texts
    for key, ref in where.items():
        assert _cell(wb, ref) == values[key], key


def test_bundled_workbooks_exist_and_templates_are_blank() -> None:
    for version in ("2021", "2019"):
        ws = openpyxl.load_workbook(ROOT / "workbooks" / f"模板_{version}.xlsx")["年报"]
        assert not [c for row in ws.iter_rows() for c in row if isinstance(c.value, int | float)]
    seed = openpyxl.load_workbook(
        ROOT / "workbooks" / "老城区商务和工业信息化局2021年政府信息公开工作年度报告.xlsx"
    )
    numbers = [c.value for row in seed["年报"].iter_rows() for c in row if isinstance(c.value, int | float)]
    assert numbers and set(numbers) == {0}
