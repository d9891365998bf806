"""The supervisor's summary workbook (`batch -o 汇总.xlsx`), opened as a supervisor would: cross-file problems on
each involved file's 汇总 row, 合计 cell by cell against a hand computation, 问题统计 counted by hand, and
the sheets laid out for printing. The folder is test_batch's corpus (甲局/乙局 two years, 丙局 two conflicting
versions, 甲局 2021 re-sent, 丁局 with a typo, two unreadable files)."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from test_batch import corpus  # noqa: F401  (the module-scoped fixture)

from govreport.batch.run import run_batch
from govreport.cli.app import cli
from govreport.forms import get_form
from govreport.render.summary import STATUS_FILL, write_summary


@pytest.fixture(scope="module")
def batch(corpus):  # noqa: F811
    root, _ = corpus
    return run_batch([root], jobs=1)


@pytest.fixture(scope="module")
def book(batch, tmp_path_factory):
    out = tmp_path_factory.mktemp("汇总") / "汇总.xlsx"
    write_summary(out, batch)
    return load_workbook(out)


def _rows(ws) -> dict[str, tuple]:
    """汇总 rows by file name, each with the status cell's colour appended."""
    head = [c.value for c in ws[1]]
    at = head.index("文件")
    return {
        os.path.basename(row[at].value): (*(c.value for c in row), row[3].fill.fgColor.rgb)
        for row in ws.iter_rows(min_row=2)
    }


def test_cross_file_problems_show_on_each_files_row(corpus, book, batch):  # noqa: F811
    _, made = corpus
    rows = _rows(book["汇总"])
    name = {k: made[k][0].name for k in made}
    # 丙局's two versions disagree: both files are 有错误 (red) though each checks clean on its own,
    # and each row names the other file
    for me, other in (("丙a", "丙b"), ("丙b", "丙a")):
        r = rows[name[me]]
        assert r[3:6] == ("有错误", 1, 0) and r[-1].endswith(STATUS_FILL["errors"])
        assert r[6].startswith(f"跨文件错误（另见 {name[other]}）：") and "数据不一致" in r[6]
    # 乙局 2021 → 2022 carry-over broken in two columns: both years 有错误, two errors each
    for me, other in (("乙21", "乙22"), ("乙22", "乙21")):
        r = rows[name[me]]
        assert r[3:6] == ("有错误", 2, 0) and f"另见 {name[other]}" in r[6] and "上年结转" in r[6]
    # 甲局 2021 sent twice, identical: a warning on both rows
    for me, other in (("甲21", "甲21copy"), ("甲21copy", "甲21")):
        r = rows[name[me]]
        assert r[3:6] == ("有警告", 0, 1) and r[-1].endswith(STATUS_FILL["warnings"])
        assert f"另见 {name[other]}" in r[6] and "内容相同" in r[6]
    assert rows[name["甲22"]][3:7] == ("通过", 0, 0, None)
    # a supervisor filtering 状态 = 有错误 sees every file with an error, own or across files
    errors = {n for n, r in rows.items() if r[3] == "有错误"}
    assert errors == {name[k] for k in ("丙a", "丙b", "乙21", "乙22", "丁")}
    # the JSON contract is unchanged: a file's own status, cross-file findings apart
    doc = batch.to_dict()
    statuses = {os.path.basename(f["path"]): f["status"] for f in doc["files"]}
    assert statuses[name["丙a"]] == statuses[name["乙22"]] == "ok"
    assert {c["code"] for c in doc["cross_file"]} == {
        "conflicting-report",
        "cross-year-mismatch",
        "duplicate-report",
    }


def test_errors_only_lists_files_whose_error_is_across_files(corpus, tmp_path):  # noqa: F811
    root, made = corpus
    out = tmp_path / "汇总.xlsx"
    res = CliRunner().invoke(cli, ["batch", str(root), "-o", str(out), "--errors-only", "--jobs", "1"])
    assert res.exit_code == 2, res.output
    listed = set(_rows(load_workbook(out)["汇总"]))
    want = {made[k][0].name for k in ("丙a", "丙b", "乙21", "乙22", "丁")} | {"文本改名.xlsx", "截断.xlsx"}
    assert listed == want
    # --format json --errors-only keeps its documented meaning: the files with errors of their own
    doc = json.loads(
        CliRunner()
        .invoke(cli, ["batch", str(root), "--format", "json", "--errors-only", "--jobs", "1"])
        .output
    )
    assert {os.path.basename(f["path"]) for f in doc["files"]} == {
        made["丁"][0].name,
        "文本改名.xlsx",
        "截断.xlsx",
    }


def _blocks(ws) -> dict[str, list[tuple]]:
    rows = list(ws.iter_rows(values_only=True))
    heads = [i for i, r in enumerate(rows) if r[0] and "年合计：" in str(r[0])]
    return {
        rows[i][0].split("合计")[0]: rows[i:j] for i, j in zip(heads, [*heads[1:], len(rows)], strict=True)
    }


def test_totals_sheet_cell_by_cell(corpus, book):  # noqa: F811
    """Every number of tables 2 and 3 in 合计: the sum, over the year's files with no error of their own, of
    the values the files were written with."""
    _, made = corpus
    # 甲局 2021 was sent twice, identical: summed once
    per_year = {"2021 年": ["甲21", "乙21", "丙a", "丙b"], "2022 年": ["甲22", "乙22"]}
    blocks = _blocks(book["合计"])
    assert list(blocks) == list(per_year)
    checked = 0
    for year, keys in per_year.items():
        block = blocks[year]
        assert block[1][0].startswith("只合计自身检查没有错误的报告")
        assert f"有错误的 {1 if year == '2021 年' else 0} 个文件和无法读取的 2 个文件未计入" in block[1][0]
        for key in ("requests", "appeals"):
            table = get_form("2021").table(key)
            start = next(
                i for i, r in enumerate(block) if r[0] == "项目" and (key == "requests") == (r[1] == "自然人")
            )
            for offset, row in enumerate(table.rows, start=1):
                cells = block[start + offset]
                assert cells[0].strip() == (row.label or "件数")
                for c, col in enumerate(table.columns, start=1):
                    parts = [made[k][1].get((key, row.key, col.key)) for k in keys]
                    want = None if all(p is None for p in parts) else sum(p or 0 for p in parts)
                    assert cells[c] == want, (year, row.label, col.label, cells[c], want)
                    checked += want is not None
    assert checked == 2 * (25 * 7 + 15)
    notes = [r[0] for r in blocks["2021 年"][2:4]]
    assert all(n.startswith("注意：") for n in notes)
    assert "内容相同" in notes[1] and made["甲21copy"][0].name in notes[1] and "只计入一份" in notes[1]
    assert "数据不一致" in notes[0] and made["丙b"][0].name in notes[0] and "重复计算" in notes[0]


def test_totals_count_an_identical_resent_report_once(corpus, batch):  # noqa: F811
    _, made = corpus
    [t21] = [t for t in batch.totals if t.year == 2021]
    once = ["甲21", "乙21", "丙a", "丙b"]
    key = ("requests", "new", "total")
    assert t21.sums[key] == sum(made[k][1][key] for k in once)


def test_problem_counts_by_hand(corpus, book, batch):  # noqa: F811
    hits = {r[0]: r[1:] for r in book["问题统计"].iter_rows(min_row=2, values_only=True)}
    # code: (times, files involved), counted from the corpus by hand
    want = {
        "cross-year-mismatch": (2, 2),  # 科研机构 and 总计 columns, both between 乙局 2021 and 2022
        # the text file named .xlsx is read as text (by content) and holds no table: no-tables
        "file-unreadable": (1, 1),
        "no-tables": (1, 1),
        "conflicting-report": (1, 2),
        "duplicate-report": (1, 2),
        "sum-mismatch": (1, 1),
    }
    assert {code: (r[2], r[3]) for code, r in hits.items()} == want
    assert hits["conflicting-report"][1] == "错误" and hits["duplicate-report"][1] == "警告"
    assert sum(r[2] for r in hits.values()) == sum(len(f.findings) for f in batch.files) + len(
        batch.cross_file
    )


def test_problem_details_name_the_agency_of_cross_file_rows(book):
    rows = [
        r for r in book["问题明细"].iter_rows(min_row=2, values_only=True) if r[3] == "conflicting-report"
    ]
    assert [r[1] for r in rows] == ["丙局"]


def test_sheets_print_on_one_page_width_with_readable_rows(book):
    for name in ("汇总", "问题明细", "问题统计"):
        ws = book[name]
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1, name
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.print_title_rows == "$1:$1", name
    ws = book["汇总"]
    for row in ws.iter_rows(min_row=2):
        lines = (row[6].value or "").count("\n") + 1
        if lines > 1:  # every line of 主要问题 shows: the row is at least that many lines tall
            assert ws.row_dimensions[row[0].row].height >= 15 * lines, row[6].value
