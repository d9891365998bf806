"""Locating and identifying edge cases met while red-teaming with real layouts (see tests/cases/)."""

from __future__ import annotations

import pytest

from govreport.forms import get_form
from govreport.locate.find import locate
from govreport.locate.identify import _from_name, title_of
from govreport.locate.matching import row_candidates
from govreport.read.model import Book, Sheet

T2 = get_form("2021").table("requests")
HEADER = [
    ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "", "申请人情况"],
    ["", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
    ["", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""],
]


def _t2_rows(version: str = "2021", labels: dict[str, str] | None = None) -> list[list]:
    """Table 2 with every number 0, group labels beside their first item."""
    table = get_form(version).table("requests")
    labels = labels or {}
    rows: list[list] = [list(r) for r in HEADER]
    for row in table.rows:
        if row.kind == "label" or (row.kind == "group" and table.items(row.key)):
            continue
        first = row.parent and table.items(row.parent)[0].key == row.key
        group = table.row(row.parent).label if first else ""
        rows.append(
            [group, labels.get(row.key, row.label), *[0] * 7]
            if row.parent
            else [labels.get(row.key, row.label), "", *[0] * 7]
        )
    return rows


def _book(name: str, *sheets: tuple[str, list[list]]) -> Book:
    return Book(name, "xlsx", [Sheet.from_rows(n, rows) for n, rows in sheets])


# ----------------------------------------------------------------------------- identify


def test_year_in_the_sheet_name_decides_the_form_when_labels_cannot():
    book = _book("附件2.xlsx", ("2020年", _t2_rows("2019")))
    loc = locate(book)
    assert (loc.year, loc.form.version, loc.form_reason) == (2020, "2019", "year")


def test_sheet_names_that_disagree_give_no_year():
    book = _book("附件2.xlsx", ("2020年", _t2_rows("2019")), ("2021年", [["说明"]]))
    assert locate(book).year is None


def test_an_undated_title_still_names_the_agency():
    book = _book("/x/2022年度.xlsx", ("封面", [["某县教育局政府信息公开工作年度报告"]]), ("表", _t2_rows()))
    loc = locate(book)
    assert (loc.agency, loc.year) == ("某县教育局", 2022)


@pytest.mark.parametrize(
    "name,found",
    [
        ("某局2021", ("某局", 2021)),
        ("2022年度", (None, 2022)),
        ("某区城市管理局_2022年政府信息公开年报", ("某区城市管理局", 2022)),
        ("附件", None),
    ],
)
def test_agency_and_year_from_a_file_name(name, found):
    assert _from_name(name) == found


def test_title_without_year():
    assert title_of("某县教育局政府信息公开工作年度报告") == ("某县教育局", None)
    assert title_of("政府信息公开工作年度报告") is None


# ----------------------------------------------------------------------------- rows


def test_an_abbreviated_first_item_beside_its_group_is_the_item():
    texts = ("(四)无法提供", "1.本机关不掌握")
    cands = row_candidates(T2, texts, "unable", False)
    assert [T2.rows[i].key for i, _w in cands] == ["unable_not_held"]


def test_contained_first_item_beside_its_group_is_located():
    book = _book(
        "a.xlsx",
        ("S", _t2_rows(labels={"refused_state_secret": "1.属于国家秘密的", "handled_total": "（七）合计"})),
    )
    t = locate(book).tables["requests"]
    assert not t.missing_rows
    assert t.rows["refused_state_secret"] == 7 and t.rows["handled_total"] == 26


def test_numbers_on_the_row_below_a_wrapped_label_belong_to_it():
    rows = _t2_rows()
    at = next(i for i, r in enumerate(rows) if str(r[0]).startswith("（二）"))
    rows[at] = ["（二）部分公开（区分处理的，只计这一情形，", "", *[""] * 7]
    rows.insert(at + 1, ["不计其他情形）", "", 1, 0, 0, 0, 0, 0, 1])
    t = locate(_book("a.xlsx", ("S", rows))).tables["requests"]
    assert t.rows["partial"] == at + 1
    assert t.rows["granted"] == at - 1 and t.rows["refused_state_secret"] == at + 2


def test_a_blank_row_does_not_take_the_next_block_header():
    # table 1 unmerged: 行政许可 left blank, the （六） block's header row below it is text, not its numbers
    rows = [
        ["第二十条第（五）项"],
        ["信息内容", "本年处理决定数量"],
        ["行政许可", ""],
        ["第二十条第（六）项"],
        ["信息内容", "本年处理决定数量"],
        ["行政处罚", 3],
        ["行政强制", 1],
    ]
    t = locate(_book("a.xlsx", ("S", rows))).tables["active_licensing"]
    assert t.rows["licensing"] == 2


def test_a_genuinely_blank_row_keeps_its_place_between_located_rows():
    rows = _t2_rows()
    at = next(i for i, r in enumerate(rows) if str(r[0]).startswith("（一）"))
    rows[at][2:] = [""] * 7
    t = locate(_book("a.xlsx", ("S", rows))).tables["requests"]
    assert t.rows["granted"] == at


def test_a_note_after_the_title_is_not_part_of_the_agency():
    assert title_of("某县审计局2021年政府信息公开工作年度报告（附表）") == ("某县审计局", 2021)
    assert title_of("某县 审计局\n2021年政府信息公开工作年度报告(修订版)") == ("某县审计局", 2021)


@pytest.mark.parametrize("version", ["2021", "2019"])
@pytest.mark.parametrize("key,label", [("granted", "（一）同意公开"), ("handled_total", "（七）总计数")])
def test_older_wordings_of_table_2_rows(version, key, label):
    # wordings of older templates, declared as aliases in the form data
    book = _book("x.xlsx", ("表二", _t2_rows(version, {key: label})))
    t = locate(book, get_form(version)).tables["requests"]
    assert key in t.rows and not t.missing_rows


def test_a_page_printed_with_its_site_menus_first_is_titled_below_them():
    """A web page printed to PDF begins with the site's menus: its title comes after them, past the first dozen
    paragraphs, and names the agency and year (the file name of a download says neither)."""
    from govreport.locate.identify import identify

    menus = [
        "首页",
        "机构概况",
        "政务公开",
        "政策文件",
        "政府信息公开年报",
        "办事服务",
        "互动交流",
        "专题专栏",
    ] * 2
    menus += ["当前位置：首页 > 政务公开 > 年报", "字号：大 中 小", "打印本页"]
    body = [
        "一、总体情况",
        "2023年，我局认真贯彻落实《中华人民共和国政府信息公开条例》，不断提高政府信息公开的质量和水平。",
    ]
    book = Book(
        path="download.pdf",
        format="pdf",
        sheets=[],
        narrative=[*menus, "某县财政局2023年政府信息公开工作年度报告", *body],
    )
    assert identify(book, []) == ("某县财政局", 2023)
    # once the body has begun, a report it cites is no title
    cited = "本报告依据《某县财政局2020年政府信息公开工作年度报告》"
    book = Book(path="download.pdf", format="pdf", sheets=[], narrative=[*menus, *body, cited])
    assert identify(book, []) == (None, None)
