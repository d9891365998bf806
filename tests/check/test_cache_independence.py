"""Checking a workbook gives the same answer whatever the process checked before.

The engine shares labels, located tables, section bounds, equation groups and read plans between workbooks
of one layout (a batch worker checks hundreds of files in a row). Any state leaking from one file into the
next is a wrong answer for a supervisor, so: every file of a varied corpus (tests/independence.py) is checked
with every memo cleared (govreport.memo.clear_all) and, without clearing, after all the others in several orders; the report, the
located tables with every cell and the fill plan must be the same. `batch` and `check` of a folder must say
per file what a clean check says.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from govreport.check.run import check_book
from govreport.read.model import Book, Sheet

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import independence  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    independence.build_corpus(folder)
    return folder


@pytest.fixture(scope="module")
def runs(corpus: Path) -> dict:
    return independence.runs_in_orders(str(corpus))


def _differences(fresh: dict, other: dict) -> list[str]:
    out = []
    for path, want in fresh.items():
        got = other[path]
        for part in want:
            if got.get(part) != want[part]:
                out.append(f"{Path(path).relative_to(Path(path).parents[1])}: {part}")
    return out


def test_corpus_is_varied(runs: dict) -> None:
    fresh = runs["fresh"]
    assert len(fresh) >= 100
    statuses = {d["report"]["status"] for d in fresh.values()}
    assert statuses >= {"ok", "warnings", "errors"}
    assert {d["report"]["form"] for d in fresh.values()} >= {"2021", "2019"}
    assert len({d["report"]["agency"] for d in fresh.values()}) > 20


@pytest.mark.parametrize("order", ["forward", "reverse after all", "shuffled"])
def test_result_does_not_depend_on_what_was_checked_before(runs: dict, order: str) -> None:
    assert runs[order].keys() == runs["fresh"].keys()
    assert _differences(runs["fresh"], runs[order]) == []


def _files_of(envelope: dict) -> dict[str, dict]:
    return {os.path.realpath(f["path"]): f for f in envelope["files"]}


def _essence(report: dict) -> dict:
    return {
        "status": report["status"],
        "form": report["form"],
        "agency": report["agency"],
        "year": report["year"],
        "findings": sorted(
            json.dumps(
                [f["code"], f["cell"], f["cells"], f["expected"], f["actual"], f.get("candidates")],
                ensure_ascii=False,
            )
            for f in report["findings"]
        ),
    }


@pytest.mark.parametrize("command", [["batch", "--jobs", "2"], ["check"]])
def test_folder_commands_say_per_file_what_a_clean_check_says(
    corpus: Path, runs: dict, command: list[str]
) -> None:
    res = subprocess.run(
        [sys.executable, "-m", "govreport", *command, str(corpus), "--format", "json"],
        capture_output=True,
        env=_env(),
        timeout=300,
    )
    assert res.returncode in (0, 1, 2), res.stderr.decode()[-3000:]
    got = _files_of(json.loads(res.stdout))
    fresh = {os.path.realpath(p): d["report"] for p, d in runs["fresh"].items()}
    assert got.keys() == fresh.keys()
    wrong = [p for p in fresh if _essence(got[p]) != _essence(fresh[p])]
    assert wrong == []


# ----------------------------------------------------------------------------- the leaks found, as unit tests

_HEAD = [
    ["四、政府信息公开行政复议、行政诉讼情况"],
    ["行政复议", "", "", "", "", "行政诉讼"],
    ["", "", "", "", "", "未经复议直接起诉", "", "", "", "", "复议后起诉"],
    ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3,
]


def _appeals_book(name: str, numbers: list | None) -> Book:
    # an empty row between the headers and the numbers; a blank table ends the sheet at its header row
    rows = [list(r) for r in _HEAD] + ([[""], numbers] if numbers else [])
    return Book(path=f"/x/{name}.xlsx", format="xlsx", sheets=[Sheet.from_rows("表三（空表在先）", rows)])


def test_blank_table3_does_not_cut_the_next_files_search_short() -> None:
    numbers = [1, 2, 3, 4, 10] + [0, 0, 0, 0, 0] + [1, 0, 0, 0, 1]
    blank = check_book(_appeals_book("乙", None))  # first in this process: the sheet has 4 rows
    assert {f.code for f in blank.findings} == {"blank-cell", "table-not-found"}
    after = check_book(_appeals_book("甲", numbers))  # the same labels, numbers two rows below the headers
    assert [f.code for f in after.findings if f.code != "table-not-found"] == []
    assert [info.number for info in after.tables[0].cells.values()] == numbers
