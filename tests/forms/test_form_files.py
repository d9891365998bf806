"""The form files load strictly, and every name in them points at something the form declares."""

from __future__ import annotations

from pathlib import Path

import pytest

from govreport.forms import FormError, all_forms, parse_form

FORM_DIR = Path(__file__).resolve().parents[2] / "govreport" / "forms"
FILES = sorted(FORM_DIR.glob("*.toml"))


@pytest.mark.parametrize("form", all_forms(), ids=lambda f: f.version)
def test_every_relation_names_keys_that_exist(form):
    for table in form.tables:
        rows = {r.key for r in table.rows}
        cols = {c.key for c in table.columns}
        for rel in table.relations:
            keys = {rel.total, *rel.parts, *rel.left, *rel.right} - {None}
            known = cols if rel.each == "row" else rows
            assert keys and keys <= known, f"{form.version} {table.key} {rel.id}: {sorted(keys - known)}"
        for ineq in table.inequalities:
            known = cols if ineq.each == "row" else rows
            assert set(ineq.terms) <= known, f"{form.version} {table.key} {ineq.id}"
        for row in table.rows:
            assert row.parent is None or row.parent in rows, f"{form.version} {table.key} {row.key}"
        assert table.section in {s.key for s in form.sections}, f"{form.version} {table.key}"


@pytest.mark.parametrize("form", all_forms(), ids=lambda f: f.version)
def test_statements_and_links_name_cells_that_exist(form):
    for st in form.statements:
        table = form.table(st.table)
        for row, col in st.cells:
            assert row in {r.key for r in table.rows} and col in {c.key for c in table.columns}, (
                st.id,
                row,
                col,
            )
    for link in form.links:
        rows = {r.key for r in form.table(link.table).rows}
        assert {link.this_row, link.previous_row} <= rows, link.id


@pytest.mark.parametrize("form", all_forms(), ids=lambda f: f.version)
def test_labels_are_unique_within_their_group_path(form):
    """Table 3's 结果维持…总计 repeat under each group by design: unique per group path, not per table."""
    for table in form.tables:
        cols = [(c.group, c.label) for c in table.columns]
        assert len(cols) == len(set(cols)), f"{form.version} {table.key}: {cols}"
        rows = [(r.parent, r.label) for r in table.rows]
        assert len(rows) == len(set(rows)), f"{form.version} {table.key}: {rows}"
        keys = [r.key for r in table.rows] + [c.key for c in table.columns]
        assert len(set(r.key for r in table.rows)) == len(table.rows) and len(
            set(c.key for c in table.columns)
        ) == len(table.columns), keys


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_a_misspelt_key_names_the_file_and_the_key(path):
    text = path.read_text(encoding="utf-8")
    bad = text.replace("\naliases = ", "\nalias = ", 1)
    assert bad != text
    with pytest.raises(FormError) as e:
        parse_form(bad, path.name)
    assert path.name in str(e.value) and "alias" in str(e.value) and "未知的键" in str(e.value)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_an_unknown_relation_kind_or_a_missing_key_is_an_error(path):
    text = path.read_text(encoding="utf-8")
    with pytest.raises(FormError, match="不是 sum、equal 之一"):
        parse_form(text.replace('kind = "sum"', 'kind = "total"', 1), path.name)
    with pytest.raises(FormError, match="缺少必需的键"):
        parse_form(text.replace("\nfirst_year", "\n#first_year", 1), path.name)
    with pytest.raises(FormError, match="未知的键 colour"):
        parse_form("colour = 1\n" + text, path.name)
