"""Real published 平潭 report pages and their text copies, as crawled into the public archive
changwu/pingtan-gov-zwgk-archive (provenance in tests/data/pages/README.md).

The pages of 2019–2023 and 2025 (100–350 KB each, mostly style attributes) are kept as their tables rebuilt
without style attributes (tests/data/pages/rebuild/): the same rows, spans, label texts and label pieces, and
the numbers as published. Every number and every expected finding below was read and worked out by hand from
the page and its text copy, not taken from govreport's output.

The archive's text copies keep no cell separators: a crawler dropped the tags, so each table row is its
label followed by its numbers run together ("一、本年新收政府信息公开申请数量15130000154": 151, 3, 0, 0, 0,
0, 154). Such a copy cannot give its numbers back (2200003252 is 22,0,0,0,0,3,25 or 2,20,0,0,0,3,25), so
it must be refused with that reason, not reported as nine missing tables. Reports before 2019 have no
national tables: a clear no-tables answer naming the year.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from govreport.check.run import check_file
from govreport.cli.app import cli
from govreport.forms import get_form
from govreport.locate.find import locate
from govreport.read.guards import UnreadableError
from govreport.read.spreadsheet import open_book
from govreport.read.text import read_text

PAGES = Path(__file__).resolve().parents[1] / "data" / "pages"
TXT_2025 = PAGES / "平潭综合实验区2025年度政府信息公开工作年度报告.txt"
TXT_2011 = PAGES / "平潭综合实验区2011年政府信息公开工作年度报告.txt"


def _json(path: Path) -> dict:
    res = CliRunner().invoke(cli, ["check", "--format", "json", str(path)])
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    assert "Traceback" not in res.output
    return json.loads(res.output)["files"][0]


def test_run_together_text_copy_is_refused_with_its_reason():
    report = check_file(TXT_2025)
    assert report.unreadable
    [f] = report.findings
    assert f.code == "file-unreadable"
    assert "单元格连在了一起" in f.message and "网页原件" in f.message
    out = _json(TXT_2025)
    assert out["status"] == "unreadable" and [x["code"] for x in out["findings"]] == ["file-unreadable"]
    res = CliRunner().invoke(cli, ["check", str(TXT_2025)])
    assert res.exit_code == 2 and "单元格连在了一起" in res.output


# verbatim from the archive's text copies of the 2019 and 2022 pages (table 2's first rows): numbers run together
# with a stray space ("230 000023" is 23,0,0,0,0,0,23) or after a space ("数量 713000074")
RUN_TOGETHER = {
    2019: "一、本年新收政府信息公开申请数量230 000023二、上年结转政府信息公开申请数量0000000三、本年度办理结果"
    "（一）予以公开7000007（二）部分公开（区分处理的，只计这一情形，不计其他情形）1000001（三）不予公开"
    "1.属于国家秘密00000002.其他法律行政法规禁止公开00000003.危及“三安全一稳定”0000000",
    2022: "一、本年新收政府信息公开申请数量 713000074二、上年结转政府信息公开申请数量 1000001三、本年度办理结果 "
    "（一）予以公开 210000021（二）部分公开（区分处理的，只计这一情形，不计其他情形） 8100009（三）不予公开 "
    "1.属于国家秘密00000002.其他法律行政法规禁止公开 00000003.危及“三安全一稳定” 0000000",
}


@pytest.mark.parametrize("year", sorted(RUN_TOGETHER))
def test_run_together_variants_are_refused(year):
    text = f"标题: 平潭综合实验区{year}年度政府信息公开工作年度报告\n==================== 正文 ====================\n"
    with pytest.raises(UnreadableError) as e:
        read_text((text + RUN_TOGETHER[year]).encode(), f"{year}.txt")
    assert "单元格连在了一起" in e.value.message


def test_pre_form_statistics_table_is_not_taken_for_table_2():
    """The 2018 page's own 统计表 (指标名称/计量单位/2018年度/历年累计) has 部分公开 and 不予公开 inside its labels
    ("2.同意部分公开答复数", "3.不予公开答复数") but none of table 2's columns: not table 2, so no tables."""
    report = check_file(_rebuilt(2018))
    assert (report.agency, report.year, report.form) == ("平潭综合实验区", 2018, None)
    assert [(f.code, f.severity) for f in report.findings] == [("no-tables", "error")]
    assert "2019 年以前" in report.findings[0].message


def test_report_before_2019_has_no_tables_and_says_why():
    report = check_file(TXT_2011)
    assert (report.agency, report.year) == ("平潭综合实验区", 2011)  # not "标题:平潭综合实验区"
    [f] = report.findings
    assert f.code == "no-tables" and "2011 年度" in f.message and "2019 年以前" in f.message
    out = _json(TXT_2011)
    assert out["status"] == "unreadable" and out["agency"] == "平潭综合实验区" and out["year"] == 2011


def _rebuilt(year: int) -> Path:
    return PAGES / f"平潭综合实验区{year}年度政府信息公开工作年度报告（表格重建）.html"


# year -> form, {(table, row, column): number as published}, the error findings the page's own arithmetic
# gives (code, relation, column), the warnings (code, table, column)
AMOUNT_WARNING = {("text-number", "active_procurement", "amount")}  # 采购总金额 printed with 元
PAGES_EXPECTED = {
    2019: (
        "2019",
        {
            ("active_rules", "normative_documents", "created"): 89,
            ("active_licensing", "other_services", "decisions"): 153,
            ("active_enforcement", "punishment", "previous_items"): 2648,
            ("requests", "new", "natural_person"): 23,
            ("requests", "unable_unclear", "total"): 5,
            ("requests", "not_processed_repeated", "natural_person"): 3,
            ("requests", "handled_total", "total"): 23,
        },
        set(),
        AMOUNT_WARNING,
    ),
    # 2020 as published: the results add up to 26 (自然人) and 27 (总计) but （七）总计 says 20 and 21
    2020: (
        "2019",
        {
            ("active_rules", "rules", "total_published"): 7,
            ("active_licensing", "licensing", "change"): 442,
            ("active_enforcement", "punishment", "change"): -18,
            ("active_fees", "fees", "change"): -15,
            ("requests", "granted", "other_org"): 1,
            ("requests", "other_handling", "natural_person"): 4,
            ("requests", "handled_total", "natural_person"): 20,
            ("requests", "handled_total", "total"): 21,
        },
        {
            ("sum-mismatch", "requests.column-total", "natural_person"),
            ("sum-mismatch", "requests.column-total", "total"),
        },
        AMOUNT_WARNING,
    ),
    2021: (
        "2021",
        {
            ("active_rules", "normative_documents", "issued"): 69,
            ("active_rules", "normative_documents", "repealed"): 3,
            ("active_rules", "normative_documents", "in_force"): 665,
            ("requests", "new", "nonprofit"): 2,
            ("requests", "unable_not_held", "natural_person"): 22,
            ("requests", "unable_not_held", "other_org"): 3,
            ("requests", "carried_out", "total"): 1,
            ("appeals", "count", "direct_upheld"): 12,
        },
        set(),
        set(),
    ),
    2022: (
        "2021",
        {
            ("active_rules", "normative_documents", "repealed"): 55,
            ("active_licensing", "licensing", "decisions"): 10690,
            ("requests", "carried_in", "natural_person"): 1,
            ("requests", "partial", "business"): 1,
            ("requests", "other_other", "business"): 2,
            ("requests", "handled_total", "total"): 75,
            ("appeals", "count", "review_total"): 2,
        },
        set(),
        set(),
    ),
    2023: (
        "2021",
        {
            ("active_rules", "normative_documents", "repealed"): 132,
            ("active_enforcement", "coercion", "decisions"): 54,
            ("requests", "partial", "natural_person"): 19,
            ("requests", "refused_query", "total"): 2,
            ("requests", "unable_not_held", "total"): 31,
            ("appeals", "count", "direct_total"): 5,
        },
        set(),
        set(),
    ),
    2025: (
        "2021",
        {
            ("active_rules", "normative_documents", "in_force"): 546,
            ("requests", "new", "natural_person"): 151,
            ("requests", "unable_not_held", "business"): 1,
            ("requests", "other_overdue_correction", "total"): 8,
            ("requests", "carried_out", "business"): 2,
            ("appeals", "count", "review_upheld"): 25,
            ("appeals", "count", "review_total"): 36,
        },
        set(),
        set(),
    ),
}


@pytest.mark.parametrize("year", sorted(PAGES_EXPECTED))
def test_real_page_reads_right(year):
    version, numbers, errors, warnings = PAGES_EXPECTED[year]
    path = _rebuilt(year)
    book = open_book(path)
    loc = locate(book)
    assert loc.form.version == version and (loc.agency, loc.year) == ("平潭综合实验区", year)
    assert set(loc.tables) == {t.key for t in get_form(version).tables}  # every table found
    sheets = {s.name: s for s in book.sheets}
    for (table, row, column), want in numbers.items():
        ref = loc.tables[table].cell(row, column)
        assert ref is not None, (table, row, column)
        got = str(sheets[ref.sheet].value(ref.row, ref.col)).replace("元", "")
        assert float(got) == want, (table, row, column, got)
    report = check_file(path)
    assert not report.unreadable and report.form == version
    assert {(f.code, f.relation, f.column) for f in report.findings if f.severity == "error"} == errors
    assert {(f.code, f.table, f.column) for f in report.findings if f.severity == "warning"} == warnings
    out = _json(path)
    assert out["status"] == ("errors" if errors else "warnings" if warnings else "ok")


def test_2020_page_totals_as_published_are_short():
    """（七）总计 as published against the results above it: 6+6+4+3+3+4 = 26 persons, 7+6+4+3+3+4 = 27 in all."""
    report = check_file(_rebuilt(2020))
    found = {f.column: (f.expected, f.actual) for f in report.findings if f.code == "sum-mismatch"}
    assert found == {"natural_person": (26, 20), "total": (27, 21)}
