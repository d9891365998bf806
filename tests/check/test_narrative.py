"""The report's text against its own tables (issue 16): narrative-mismatch."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from govreport.check.narrative import read_number
from govreport.check.run import check_book, check_file
from govreport.findings import FileReport
from govreport.read.cellnames import person_refs
from govreport.read.html import read_html
from govreport.read.htmltree import decode
from govreport.read.text import read_text

SEED = (
    Path(__file__).resolve().parents[2]
    / "workbooks"
    / "老城区商务和工业信息化局2021年政府信息公开工作年度报告.txt"
)

# The seed's tables with figures (it is all zeros): 本年新收 74, 上年结转 1, （七）总计 73 (all （六）3.其他),
# 结转下年度 2; 规范性文件 制发 88 / 废止 3 / 现行有效 698; 行政许可 1234, 行政处罚 56, 行政强制 7;
# 行政复议 2 (维持 1, 纠正 1), 直接起诉 1 (维持 1), 复议后起诉 1 (未审结 1): 行政诉讼 2.
_ROWS = {
    "行政规范性文件\t": "行政规范性文件\t88\t3\t698",
    "行政许可\t": "行政许可\t1234\t\t",
    "行政处罚\t": "行政处罚\t56\t\t",
    "行政强制\t": "行政强制\t7\t\t",
    "一、本年新收": "一、本年新收政府信息公开申请数量\t74\t0\t0\t0\t0\t0\t74",
    "二、上年结转": "二、上年结转政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1",
    "\t\t3.其他\t": "\t\t3.其他\t73\t0\t0\t0\t0\t0\t73",
    "\t(七) 总计": "\t(七) 总计\t\t73\t0\t0\t0\t0\t0\t73",
    "\t四、结转下年度": "\t四、结转下年度继续办理\t\t2\t0\t0\t0\t0\t0\t2",
    "0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0": "1\t1\t0\t0\t2\t1\t0\t0\t0\t1\t0\t0\t0\t1\t1",
}


def report_text(paragraphs: list[str], rows: dict[str, str] | None = None) -> str:
    """The seed with figures in its tables and these paragraphs after its tables."""
    rows = {**_ROWS, **(rows or {})}
    out = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        for head, new in rows.items():
            if line.startswith(head):
                line = new
                break
        out.append(line)
        if line == "五、存在的主要问题及改进情况":  # after the tables: their line numbers stay the seed's
            for p in paragraphs:
                out += ["", p]
    return "\n".join(out) + "\n"


def report_of(paragraphs: list[str], rows: dict[str, str] | None = None) -> FileReport:
    text = report_text(paragraphs, rows)
    return check_book(read_text(text.encode(), "某局2021年政府信息公开工作年度报告.txt"))


def mismatches(report: FileReport) -> list:
    return [f for f in report.findings if f.code == "narrative-mismatch"]


def test_the_figures_table_is_consistent():
    r = report_of([])
    assert r.errors == [] and r.statements == []


# ----------------------------------------------------------------------------------------------- every shape

# (statement id, a sentence agreeing with the tables above, the same sentence with a planted contradiction,
# the number it then states, the cell(s) named)
SHAPES = [
    (
        "requests-new",
        "2021年，我局共收到政府信息公开申请74件。",
        "2021年，我局共收到政府信息公开申请75件。",
        75,
        ["文本!J51"],
    ),
    (
        "requests-new",
        "本年度新收政府信息公开申请七十四件。",
        "本年度新收政府信息公开申请七十五件。",
        75,
        ["文本!J51"],
    ),
    (
        "requests-new",
        "全年受理依申请公开申请74件，均按时答复。",
        "全年受理依申请公开申请75件，均按时答复。",
        75,
        ["文本!J51"],
    ),
    ("requests-carried-in", "上年结转1件。", "上年结转两件。", 2, ["文本!J52"]),
    ("requests-carried-in", "上年度结转 1 件。", "上年度结转 3 件。", 3, ["文本!J52"]),
    ("requests-handled", "全年办结73件。", "全年办结74件。", 74, ["文本!J75"]),
    ("requests-handled", "已办理完结73件。", "已办理完结七十四件。", 74, ["文本!J75"]),
    ("requests-handled", "依法答复73件。", "依法答复72件。", 72, ["文本!J75"]),
    ("requests-carried-out", "结转下年度继续办理2件。", "结转下年度继续办理3件。", 3, ["文本!J76"]),
    (
        "appeals-review",
        "因政府信息公开工作被申请行政复议2件。",
        "因政府信息公开工作被申请行政复议3件。",
        3,
        ["文本!E83"],
    ),
    ("appeals-review", "收到行政复议申请两件。", "收到行政复议申请一件。", 1, ["文本!E83"]),
    ("appeals-lawsuits", "提起行政诉讼2件。", "提起行政诉讼1件。", 1, ["文本!J83", "文本!O83"]),
    (
        "appeals-review-upheld",
        "行政复议2件，其中结果维持1件。",
        "行政复议2件，其中结果维持2件。",
        2,
        ["文本!A83"],
    ),
    ("appeals-review-corrected", "行政复议2件，结果纠正1件。", "行政复议2件，结果纠正0件。", 0, ["文本!B83"]),
    (
        "appeals-lawsuits-upheld",
        "行政诉讼2件，维持1件。",
        "行政诉讼2件，维持2件。",
        2,
        ["文本!F83", "文本!K83"],
    ),
    (
        "appeals-lawsuits-corrected",
        "行政诉讼2件，被纠正0件。",
        "行政诉讼2件，被纠正1件。",
        1,
        ["文本!G83", "文本!L83"],
    ),
    ("normative-issued", "全年制发行政规范性文件88件。", "全年制发行政规范性文件89件。", 89, ["文本!B34"]),
    ("normative-repealed", "废止规范性文件3件。", "废止规范性文件5件。", 5, ["文本!C34"]),
    (
        "normative-in-force",
        "现行有效行政规范性文件698件。",
        "现行有效行政规范性文件393件。",
        393,
        ["文本!D34"],
    ),
    (
        "normative-in-force",
        "我局规范性文件现行有效698件。",
        "我局规范性文件现行有效470件。",
        470,
        ["文本!D34"],
    ),
    (
        "licensing-decisions",
        "作出行政许可处理决定1,234件。",
        "作出行政许可处理决定1,243件。",
        1243,
        ["文本!B37"],
    ),
    ("punishment-decisions", "作出行政处罚决定56件。", "作出行政处罚决定65件。", 65, ["文本!B40"]),
    ("coercion-decisions", "行政强制决定七件。", "行政强制决定十件。", 10, ["文本!B41"]),
]


def test_the_cells_of_the_shapes():
    """The cells SHAPES names hold the figures of _ROWS (a guard on the fixture itself)."""
    r = report_of([])
    cells = {str(info.ref): info.number for t in r.tables for info in t.cells.values()}
    assert (
        cells["文本!J51"] == 74
        and cells["文本!J52"] == 1
        and cells["文本!J75"] == 73
        and cells["文本!J76"] == 2
    )
    assert (cells["文本!E83"], cells["文本!J83"], cells["文本!O83"]) == (2, 1, 1)
    assert (cells["文本!B34"], cells["文本!C34"], cells["文本!D34"], cells["文本!B37"]) == (88, 3, 698, 1234)


@pytest.mark.parametrize(
    ("sid", "agreeing", "planted", "stated", "cells"), SHAPES, ids=[s[2] for s in SHAPES]
)
def test_each_shape_agreeing_and_contradicted(sid, agreeing, planted, stated, cells):
    ok = report_of([agreeing])
    assert [s.id for s in ok.statements if s.id == sid] == [sid]
    assert mismatches(ok) == []
    bad = report_of([planted])
    [f] = mismatches(bad)
    assert f.severity == "warning" and f.statement == sid and f.stated == stated and list(f.cells) == cells
    assert f.cell == (cells[0] if len(cells) == 1 else None)
    assert f"“{planted}”" in f.message and f" {stated}，" in f.message
    # a text copy is a document: its message names each cell as a person finds it (第83行), JSON keeps 文本!J83
    assert all(person_refs(c) in f.message for c in cells) and ("之和" in f.message) == (len(cells) > 1)
    d = f.to_dict()
    assert d["code"] == "narrative-mismatch" and d["quote"] == planted and d["stated"] == stated
    [said] = [s for s in bad.statements if s.id == sid]
    assert d["actual"] == sum(info.number for info in said.cells)


@pytest.mark.parametrize(
    ("sentence", "ids"),
    [
        ("本年度未收到政府信息公开申请。", ["requests-new"]),
        ("全年无政府信息公开申请。", ["requests-new"]),
        ("没有上年结转的申请。", ["requests-carried-in"]),
        ("无结转下年度继续办理的申请。", ["requests-carried-out"]),
        (
            "未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。",
            ["appeals-review", "appeals-lawsuits"],
        ),
        ("本年度无行政复议。", ["appeals-review"]),
        ("全年未发生政府信息公开行政诉讼案件。", ["appeals-lawsuits"]),
        ("共收到政府信息公开申请零件。", ["requests-new"]),
    ],
)
def test_nothing_happened_reads_as_zero(sentence, ids):
    # the tables have figures: each zero statement contradicts them
    assert sorted(f.statement for f in mismatches(report_of([sentence]))) == sorted(ids)
    # and agrees with tables that hold 0 there (the seed's own tables are all 0)
    zeros = {k: re.sub(r"\t[1-9]\d*", "\t0", v) for k, v in _ROWS.items()}
    zeros["0\t0\t0"] = (
        _ROWS["0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0"].replace("1", "0").replace("2", "0")
    )
    r = report_of([sentence], {**zeros, "0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0": "0\t" * 14 + "0"})
    assert sorted(s.id for s in r.statements) == sorted(ids) and mismatches(r) == []


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("两", 2),
        ("十二", 12),
        ("二十", 20),
        ("一百零三", 103),
        ("一千二百三十四", 1234),
        ("三万五千", 35000),
        ("零", 0),
        ("〇", 0),
        ("二〇二一", None),
        ("一二", None),
        ("1,234", 1234),
        ("75", 75),
    ],
)
def test_numbers(text, number):
    assert read_number(text) == number


def test_a_sentence_of_several_statements():
    r = report_of(["2021年，我局共收到政府信息公开申请75件，上年结转两件，办结七十三件，结转下年度3件。"])
    assert {s.id: s.stated for s in r.statements} == {
        "requests-new": 75,
        "requests-carried-in": 2,
        "requests-handled": 73,
        "requests-carried-out": 3,
    }
    assert sorted(f.statement for f in mismatches(r)) == [
        "requests-carried-in",
        "requests-carried-out",
        "requests-new",
    ]


# ----------------------------------------------------------------------------------------------- near misses

NEAR_MISSES = [
    "全年公布政府信息2599条，其中政府采购项目信息2536条。",
    "办理群众诉求259起，答复率100%。",
    "全年共办理群众诉求259件，办结259件。",
    "办结率达到75%。",
    "监督电话0379-65250218，收到咨询电话30个。",
    "2020年共收到政府信息公开申请60件。",  # another year
    "二〇二〇年收到政府信息公开申请60件。",
    "收到申请数量同比增长50%，较上年增加25件。",
    "较上年收到申请60件有所增加。",
    "共收到政府信息公开申请约80件。",  # approximate
    "共收到政府信息公开申请70余件。",
    "共收到政府信息公开申请75件左右。",
    "共受理政府信息公开申请75件（含上年结转1件）。",  # a total said to include last year's
    "共受理政府信息公开申请75件，其中上年结转1件。",
    "收到自然人申请70件，法人申请4件。",  # a column, not the total
    "在法定期限内答复，平均答复时间8个工作日。",
    "按时答复70件，延期答复3件。",
    "予以公开答复50件。",
    "行政复议、行政诉讼各1件。",  # which is which
    "未发生行政复议被纠正的情况。",  # not "no review"
    "经行政复议后提起行政诉讼1件。",  # only one of the two lawsuit groups
    "收到行政复议申请2件，收到政府信息公开申请75件。".replace("75", "74"),
    "12月份收到申请30件。",  # a part of the year
    "于2021年12月31日前办结60件。",
    "全年共公开内容20余次。",
    "明确1名专职人员负责政府信息公开工作。",
    "清理规范性文件120件，其中拟废止5件。",
    "全年共收到政府信息公开申请74件，收到申请75件。",  # one statement, two numbers: ambiguous
    "办理行政许可事项1234件。",  # items handled, not decisions
    "作出准予行政许可决定1200件，不予行政许可决定34件。",  # kinds of decision: parts of the figure
    "适用简易程序作出行政处罚决定50件。",
    "作出行政许可处理决定1.5万件。",
    "采购项目信息2536条，政府集中采购项目12个。",
]


@pytest.mark.parametrize("sentence", NEAR_MISSES)
def test_near_misses_are_never_compared_wrongly(sentence):
    assert mismatches(report_of([sentence])) == []


def test_only_the_claimed_number_of_a_near_miss_sentence_is_read():
    r = report_of(["收到行政复议申请3件，收到政府信息公开申请74件。"])
    assert {s.id: s.stated for s in r.statements} == {"appeals-review": 3, "requests-new": 74}
    assert [f.statement for f in mismatches(r)] == ["appeals-review"]


def test_a_run_of_lead_words_takes_no_exponential_time():
    # 共计 is also 共 + 计: a backtracking lead would try 2**40 splits of this sentence before giving up
    r = report_of(["收到政府信息公开申请" + "共计" * 40 + "件。", "办结" + "共计" * 40 + "。"])
    assert r.statements == []


def test_ambiguous_statements_are_not_compared():
    r = report_of(["全年共收到政府信息公开申请74件，收到申请75件。"])
    assert r.statements == []


# ----------------------------------------------------------------------------------------------- text shapes


def test_a_statement_split_across_lines_of_a_text_copy():
    r = report_of(["2021年，我局共收到政府信息公开申请\n75件，均已按时答复。"])
    [f] = mismatches(r)
    assert f.quote == "2021年，我局共收到政府信息公开申请75件，均已按时答复。" and f.cell == "文本!J51"


def test_a_long_sentence_is_quoted_around_its_number():
    long = (
        "我局高度重视政府信息公开工作，" * 6
        + "全年共收到政府信息公开申请75件，"
        + "依法依规按时答复，" * 5
        + "群众满意。"
    )
    [f] = mismatches(report_of([long]))
    assert "收到政府信息公开申请75件" in f.quote and f.quote.startswith("…") and f.quote.endswith("…")
    assert len(f.quote) <= 62 and f.quote in f.message


def test_the_seed_text_states_no_table_figure():
    """The seed (a real report) restates none of its tables' figures: 20余次 is approximate, 1名专职人员 and the
    监督电话 are no cell, and its tables are all 0 with nothing said of requests or appeals."""
    r = check_file(SEED)
    assert r.statements == [] and mismatches(r) == []


# ----------------------------------------------------------------------------------------------- web page

PINGTAN = (
    Path(__file__).resolve().parents[1]
    / "data"
    / "pages"
    / "平潭综合实验区2024年度政府信息公开工作年度报告.html"
)


def _page(article: str) -> bytes:
    """A hand-made page: a site menu, a breadcrumb, the article with the real tables of the 平潭 page
    (本年新收 218, 规范性文件 制发 62 / 现行有效 440, 行政复议 7, 行政诉讼 0 + 19), links to the agency's
    other years' reports (their figures differ) and a footer with a phone number."""
    tables = re.findall(r"<table.*?</table>", decode(PINGTAN.read_bytes())[0], re.S | re.I)
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>平潭综合实验区2024年度政府信息公开工作年度报告</title>'
        '</head><body><div class="menu"><ul><li><a href="/">首页</a></li><li><a href="/gk">政务公开</a></li>'
        '<li><a href="/hd">互动交流：2024年收到群众诉求259起</a></li></ul></div>'
        '<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/nb">年度报告</a></div>'
        '<div class="content"><h1>平潭综合实验区2024年度政府信息公开工作年度报告</h1><div class="article">'
        f"<p>一、总体情况</p>{article}<p>二、主动公开政府信息情况</p>{tables[0]}"
        f"<p>三、收到和处理政府信息公开申请情况</p>{tables[1]}<p>四、政府信息公开行政复议、行政诉讼情况</p>{tables[2]}"
        "<p>五、存在的主要问题及改进情况</p><p>下一步，我区将继续加强培训，提高公开质量。</p></div></div>"
        '<div class="related"><p>相关阅读：</p><ul>'
        '<li><a href="/2023">平潭综合实验区2023年度政府信息公开工作年度报告（共收到政府信息公开申请150件）</a></li>'
        '<li><a href="/2022">平潭综合实验区2022年度政府信息公开工作年度报告：全年共收到政府信息公开申请99件</a></li>'
        '</ul></div><div class="footer"><p>主办单位：平潭综合实验区管委会 电话：0591-12345678</p>'
        "<p>共收到政府信息公开申请1件 网站标识码 3500000000</p></div></body></html>"
    ).encode()


def test_a_page_with_menus_and_links_to_other_years():
    agreeing = (
        "<p>2024年，全区共收到政府信息公开申请218件，全部按时办结。全年制发行政规范性文件62件，"
        "现行有效行政规范性文件440件。</p><p>被申请行政复议7件，提起行政诉讼19件。</p>"
    )
    r = check_book(read_html(_page(agreeing), "平潭.html"))
    assert {s.id: s.stated for s in r.statements} == {
        "requests-new": 218,
        "normative-issued": 62,
        "normative-in-force": 440,
        "appeals-review": 7,
        "appeals-lawsuits": 19,
    }
    assert mismatches(r) == []
    planted = agreeing.replace("218件", "219件").replace("提起行政诉讼19件", "提起行政诉讼20件")
    r = check_book(read_html(_page(planted), "平潭.html"))
    found = {f.statement: f for f in mismatches(r)}
    assert sorted(found) == ["appeals-lawsuits", "requests-new"]
    assert found["requests-new"].cell == "表格2!J4" and found["requests-new"].actual == 218
    assert (
        found["appeals-lawsuits"].cells == ("表格3!J4", "表格3!O4") and found["appeals-lawsuits"].actual == 19
    )


# ----------------------------------------------------------------------------------------------- workbooks, fill

EXAMPLE = SEED.with_suffix(".xlsx")


def _workbook(tmp_path: Path, paragraphs: list[str], new_total: int = 0) -> Path:
    """The example workbook (all 0) with 本年新收 · 总计 (年报!J23) typed as `new_total` and a sheet 正文 holding
    the report's text, as some agencies keep it beside the tables."""
    import openpyxl  # deferred: only these tests write a workbook

    wb = openpyxl.load_workbook(EXAMPLE)
    wb["年报"]["J23"] = new_total
    ws = wb.create_sheet("正文")
    ws["A1"] = "老城区商务和工业信息化局2021年政府信息公开工作年度报告"
    for i, p in enumerate(paragraphs, 2):
        ws.cell(i, 1, p)
    out = tmp_path / "老城区商务和工业信息化局2021年政府信息公开工作年度报告.xlsx"
    wb.save(out)
    return out


def test_a_workbook_sheet_holding_the_text(tmp_path):
    path = _workbook(tmp_path, ["2021年，我局共收到政府信息公开申请3件，均已按时答复。", "短标签3件"])
    [f] = mismatches(check_file(path))
    assert f.cell == "年报!J23" and f.stated == 3 and f.actual == 0
    # the tables' own long labels (（二）部分公开（区分处理的，…）, the 勾稽关系 note) are no text
    assert check_file(EXAMPLE).statements == []


def test_fill_says_which_statements_its_changes_contradict(tmp_path):
    from govreport.fill.run import fill_file  # deferred: fill loads openpyxl

    path = _workbook(
        tmp_path,
        [
            "2021年，我局共收到政府信息公开申请5件，均已按时答复。",
            "本局上年结转政府信息公开申请1件，已依法按时办理。",
            "另据统计，本年度未收到政府信息公开申请。",
        ],
        new_total=5,
    )
    result = fill_file(path, dry_run=True)
    assert ("年报!J23", 0, "corrected") in [(e.cell, e.new, e.kind) for e in result.plan.edits]
    kinds = {c.said.sentence: c.kind for c in result.narrative}
    assert kinds == {
        "2021年，我局共收到政府信息公开申请5件，均已按时答复。": "now-disagrees",
        "本局上年结转政府信息公开申请1件，已依法按时办理。": "disagreed",
        "另据统计，本年度未收到政府信息公开申请。": "now-agrees",
    }
    d = {c["statement"] + str(c["stated"]): c for c in result.to_dict()["narrative"]}
    assert d["requests-new5"]["before"] == 5 and d["requests-new5"]["after"] == 0
    assert d["requests-new5"]["cells"] == ["年报!J23"] and "不再一致" in d["requests-new5"]["message"]
    assert "校正不改动正文" in d["requests-carried-in1"]["message"]
    # the copy keeps the text as it was: its check finds the two statements that now disagree
    assert sorted(f.stated for f in mismatches(result.output)) == [1, 5]
    assert sorted(f.stated for f in mismatches(result.input)) == [0, 1]


def test_fill_prints_the_statements(tmp_path):
    from click.testing import CliRunner

    from govreport.cli.app import cli

    path = _workbook(tmp_path, ["2021年，我局共收到政府信息公开申请5件，均已按时答复。"], new_total=5)
    out = CliRunner().invoke(cli, ["fill", str(path), "--dry-run", "--no-tables"]).output
    assert "正文与表格（1 处；govreport 不改动正文）" in out
    assert "年报!J23（一、本年新收 · 总计）校正为 0（原为 5）后，与正文" in out


# ----------------------------------------------------------------------------------------------- the data


def test_every_statement_names_cells_of_its_form_and_compiles():
    from govreport.check.narrative import _rules
    from govreport.forms import all_forms

    for form in all_forms():
        assert form.statements, form.version
        ids = [s.id for s in form.statements]
        assert len(ids) == len(set(ids))
        for s in form.statements:
            table = form.table(s.table)
            for row, col in s.cells:
                assert table.row(row) and table.column(col), (form.version, s.id)
            assert all("{n}" in p for p in s.patterns) and (s.patterns or s.zero), s.id
            assert s.context is None or s.context in form.narrative.contexts
        assert len(_rules(form).statements) == len(form.statements)  # every pattern compiles


def test_a_new_phrasing_is_data(tmp_path):
    """A form whose statements differ reads what they say: the engine holds no phrase."""
    from govreport.forms import Statement, get_form

    form = get_form("2021")
    extra = Statement(
        id="requests-new-x",
        label="本年新收申请",
        table="requests",
        cells=(("new", "total"),),
        patterns=("群众申请公开信息{n}宗",),
    )
    text = report_text(["全年群众申请公开信息75宗。"])
    r = check_book(read_text(text.encode(), "x2021.txt"), form._replace(statements=(extra,)))
    assert [(f.statement, f.stated) for f in mismatches(r)] == [("requests-new-x", 75)]
    assert mismatches(check_book(read_text(text.encode(), "x2021.txt"), form)) == []


def test_a_2019_report():
    """The 2019 form file declares the same statements (tables 2 and 3 are the same in both versions)."""
    from govreport.forms import get_form

    text = report_text(["共收到政府信息公开申请75件，被申请行政复议2件。"]).encode()
    r = check_book(read_text(text, "x.txt"), get_form("2019"))
    assert r.form == "2019" and [f.statement for f in mismatches(r)] == ["requests-new"]
    assert {s.id for s in r.statements} == {"requests-new", "appeals-review"}


def test_fill_changes_of_a_blank_and_of_an_unchanged_cell():
    from govreport.check.narrative import narrative_changes

    r = report_of(
        ["共收到政府信息公开申请75件。", "上年结转1件。"],
        {"一、本年新收": "一、本年新收政府信息公开申请数量\t74\t0\t0\t0\t0\t0\t"},
    )
    [said] = [s for s in r.statements if s.id == "requests-new"]
    assert said.value is None and mismatches(r) == []  # a blank is not compared
    [change] = narrative_changes(r.statements, {"文本!J51": 74})
    assert change.kind == "now-disagrees" and change.message.startswith(
        "文本!J51（一、本年新收 · 总计）补全为 74 后"
    )
    assert narrative_changes(r.statements, {}) == []  # 上年结转1件 agrees and stays
