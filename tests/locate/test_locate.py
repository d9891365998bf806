"""Locating tables in layouts built in memory: labels as clerks really type them."""

import random

import pytest
from samples import consistent_values

from govreport.check.run import check_book
from govreport.forms import get_form
from govreport.locate.find import locate
from govreport.locate.identify import title_of
from govreport.read.model import Book, Sheet

FORM = get_form("2021")
T2 = FORM.table("requests")
COLS = [c.key for c in T2.columns]


def _sheet(label_of=lambda row: row.label, extra_rows=(), repeat_header_after=None, vertical_groups=False):
    """Table 2 as rows: label columns A (group) and B (item), numbers from C."""
    vals = consistent_values(FORM, random.Random(11), zero_share=0.3)
    header = [
        ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "", "申请人情况"],
        ["", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
        ["", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""],
    ]
    rows = [["三、收到和处理政府信息公开申请情况"], *header]
    where = {}
    for row in T2.rows:
        if row.kind == "label":
            continue
        group = T2.row(row.parent).label if row.parent else ""
        if vertical_groups and group:
            group = "\n".join(group)
        if row.kind == "group":
            rows.append([label_of(row), ""])
            continue
        line = [group, label_of(row)] + [vals[("requests", row.key, c)] for c in COLS]
        where[row.key] = len(rows)
        rows.append(line)
        if repeat_header_after == row.key:
            rows.extend(header)
    rows.extend(extra_rows)
    return (
        Book("某局2021年政府信息公开工作年度报告.xlsx", "xlsx", [Sheet.from_rows("表二", rows)]),
        where,
        vals,
    )


def _assert_found(book, where, vals):
    loc = locate(book)
    t = loc.tables["requests"]
    for key, r in where.items():
        assert t.rows[key] == r, key
    assert [t.columns[c] for c in COLS] == list(range(2, 9))
    report = check_book(book)
    assert not [f for f in report.findings if f.table == "requests"], [f.message for f in report.findings]


def test_plain():
    _assert_found(*_sheet())


def test_page_split_repeats_the_header_and_group_labels():
    _assert_found(*_sheet(repeat_header_after="refused_internal"))


def test_vertical_group_labels_one_char_per_line():
    _assert_found(*_sheet(vertical_groups=True))


def test_unseen_typo_still_matches_closest_label():
    def typo(row):
        return {
            "refused_third_party": "4.保护第三方合法权宜",
            "unable_needs_creation": "2.没有现成信息需另行制做",
        }.get(row.key, row.label)

    _assert_found(*_sheet(label_of=typo))


def test_half_width_numbering_and_no_numbers():
    import re

    def plain(row):
        return re.sub(r"^\d+\.", "", row.label).replace("（", "(").replace("）", ")")

    _assert_found(*_sheet(label_of=plain))


@pytest.mark.parametrize(
    "title,agency,year",
    [
        ("老城区商务和工业信息化局2021年政府信息公开工作年度报告", "老城区商务和工业信息化局", 2021),
        ("2022年度某市某区人民政府办公室政府信息公开工作年度报告", "某市某区人民政府办公室", 2022),
        ("关于某县2020年政府信息公开工作年度报告", "某县", 2020),
        ("某县 2023 年政府信息公开年报", "某县", 2023),
    ],
)
def test_agency_and_year_from_title(title, agency, year):
    assert title_of(title) == (agency, year)


def test_year_from_file_name_when_title_is_blank():
    book, where, vals = _sheet()
    loc = locate(book)
    assert (loc.agency, loc.year) == ("某局", 2021)


@pytest.mark.parametrize(
    "name,year", [("某局2021年年报.xlsx", 2021), ("年报.xlsx", 2022), ("某局2022.xlsx", 2022)]
)
def test_titles_of_two_years_the_file_name_then_the_latest(name, year):
    # last year's report kept on a sheet of this year's workbook: the file name decides, else the later year
    sheets = [Sheet.from_rows(str(y), [[f"某局{y}年政府信息公开工作年度报告"]]) for y in (2021, 2022)]
    loc = locate(Book(name, "xlsx", sheets))
    assert (loc.agency, loc.year) == ("某局", year)


def test_table_2_alone_falls_back_to_year_for_the_form():
    rows = [["2020年政府信息公开工作年度报告"], ["一、本年新收政府信息公开申请数量", 1]]
    book = Book("x.xlsx", "xlsx", [Sheet.from_rows("S", rows)])
    loc = locate(book)
    assert loc.form.version == "2019" and loc.form_reason == "year"


def test_a_latin_file_name_gives_no_agency_but_its_year():
    """report_2021.xlsx, national-template-2021-wps.docx: a name without Chinese before the year names no agency
    (else every such file of a folder was one agency, and their different numbers a conflicting report)."""
    from govreport.locate.identify import _from_name

    assert _from_name("national-template-2021-wps") == (None, 2021)
    assert _from_name("report_2021") == (None, 2021)
    assert _from_name("某局2021") == ("某局", 2021)


def _one_column_parts(cut: int, repeat_header: bool, two_columns: bool = False):
    """Table 2 with one label column, each group on a row of its own, cut into two Word/HTML tables before
    form row `cut` (the second part repeating the header or not); the values. two_columns: the group's
    label beside its first item instead (merged down), rows of the form's label rows left out."""
    vals = consistent_values(FORM, random.Random(12), zero_share=0.3)
    lead = ["", ""] if two_columns else [""]
    header = [  # the national three header rows
        ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", *lead[1:], "申请人情况"],
        [*lead, "自然人", "法人或其他组织", "", "", "", "", "总计"],
        [*lead, "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""],
    ]
    lines = []
    for row in T2.rows:
        numbers = [str(vals.get(("requests", row.key, c), "")) for c in COLS]
        if two_columns:
            first = row.parent and T2.items(row.parent)[0] is row
            if row.kind == "data":
                lead = (
                    [T2.row(row.parent).label if first else "", row.label] if row.parent else [row.label, ""]
                )
                lines.append((row.key, [*lead, *numbers]))
        elif row.kind in ("label", "group"):
            lines.append((row.key, [row.label]))
        else:
            lines.append((row.key, [row.label, *numbers]))
    at = next(i for i, (k, _line) in enumerate(lines) if [r.key for r in T2.rows].index(k) >= cut)
    parts = [lines[:at], lines[at:]]
    sheets = []
    for i, part in enumerate(parts):
        rows = list(header) if i == 0 or repeat_header else []
        rows += [line for _k, line in part]
        sheets.append(Sheet.from_rows(f"表格{i + 1}", rows))
    return Book(path="x.docx", format="docx", sheets=sheets), vals


@pytest.mark.parametrize(
    ("cut_after", "repeat_header", "two_columns"),
    [
        ("unable", False, False),
        ("unable", True, False),
        ("refused", True, False),
        ("granted", False, False),
        ("carried_in", False, False),
        ("carried_in", False, True),
        ("partial", False, True),
        ("refused_third_party", False, True),  # inside a group: items 5–8 after the cut, without its label
        ("other_overdue_fee", True, True),  # 3.其他 alone after the cut: （六）'s item only inside （六）
        ("other_overdue_correction", True, True),
        ("other_overdue_fee", False, True),  # no header after the cut: 3.其他 above （七）总计 is no header
    ],
)
def test_a_table_cut_in_two_parts_is_joined(cut_after, repeat_header, two_columns):
    """A table cut in two (a page break typed as a new table): the part holding a group's own row just
    before the cut read it as the group's only row and the items after the cut were not joined; a part
    without the header holding most rows was taken alone (the rows above the cut not found)."""
    keys = [r.key for r in T2.rows]
    book, vals = _one_column_parts(keys.index(cut_after) + 1, repeat_header, two_columns)
    t2 = locate(book).tables["requests"]
    numeric = [r.key for r in T2.rows if r.kind == "data"]
    assert sorted(t2.rows) == sorted(numeric) and not t2.missing_rows
    assert [f for f in check_book(book, None).findings if f.table == "requests"] == []
    # a wrong number on either side of the cut is named
    for key in (("requests", "new", "business"), ("requests", "not_processed_mass", "other_org")):
        wrong = int(vals[key]) + 3
        broken = _one_column_parts(keys.index(cut_after) + 1, repeat_header, two_columns)[0]
        for sheet in broken.sheets:
            for row in sheet.rows:
                if T2.row(key[1]).label in row[:2]:
                    row[len(row) - 7 + COLS.index(key[2])] = str(wrong)
        found = [f for f in check_book(broken, None).findings if f.table == "requests"]
        assert [(f.row, f.column, f.expected, f.actual) for f in found] == [
            (key[1], key[2], vals[key], wrong)
        ]
