"""The report's text against its own tables (issue 16): narrative-mismatch."""

from __future__ import annotations

import re
from pathlib import Path

from govreport.check.run import check_book
from govreport.findings import FileReport
from govreport.read.text import read_text

SEED = Path(__file__).resolve().parents[2] / "workbooks" / "老城区商务和工业信息化局2021年政府信息公开工作年度报告.txt"

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
    """The seed with figures in its tables and these paragraphs after 一、总体情况."""
    rows = {**_ROWS, **(rows or {})}
    out = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        for head, new in rows.items():
            if line.startswith(head):
                line = new
                break
        out.append(line)
        if line == "一、总体情况":
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
