"""Real published 平潭 report pages and their text copies, as crawled into the public archive
changwu/pingtan-gov-zwgk-archive (provenance in tests/data/pages/README.md).

The archive's text copies keep no cell separators: a crawler dropped the tags, so each table row is its
label followed by its numbers run together ("一、本年新收政府信息公开申请数量15130000154": 151, 3, 0, 0, 0,
0, 154). Such a copy cannot give its numbers back (2200003252 is 22,0,0,0,0,3,25 or 2,20,0,0,0,3,25), so
it must be refused with that reason, not reported as nine missing tables. Reports before 2019 have no
national tables: a clear no-tables answer naming the year.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from govreport.check.run import check_file
from govreport.cli.app import cli

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


def test_report_before_2019_has_no_tables_and_says_why():
    report = check_file(TXT_2011)
    assert (report.agency, report.year) == ("平潭综合实验区", 2011)  # not "标题:平潭综合实验区"
    [f] = report.findings
    assert f.code == "no-tables" and "2011 年度" in f.message and "2019 年以前" in f.message
    out = _json(TXT_2011)
    assert out["status"] == "unreadable" and out["agency"] == "平潭综合实验区" and out["year"] == 2011
