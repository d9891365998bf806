"""Batch: a supervisor's folder with clean, broken, duplicate and consecutive-year workbooks, junk files,
crashing and hanging files; JSON, CSV and the summary workbook checked cell by cell."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import shutil
import time
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from samples import consistent_values

from govreport.batch.run import BatchReport, FileResult, check_one, fill_targets, run_batch
from govreport.cli.app import cli
from govreport.findings import Finding, cross_finding
from govreport.forms import get_form
from govreport.render.csvout import csv_text
from govreport.render.summary import STATUS_FILL, write_summary
from govreport.template import write_report

FORM = get_form("2021")
PARTS = [c.key for c in FORM.table("requests").columns if c.key != "total"]


def _retotal(vals, rows=("new", "carried_in", "carried_out")):
    for r in rows:
        vals[("requests", r, "total")] = sum(vals[("requests", r, c)] for c in PARTS)


def _link(prev, this):
    """Make this year's 二、上年结转 equal last year's 四、结转下年度 in every column, both files still balanced."""
    for c in PARTS:
        co, ci = prev[("requests", "carried_out", c)], this[("requests", "carried_in", c)]
        if prev[("requests", "new", c)] + ci - co >= 0:  # move last year's carry-out (and new) to ci
            prev[("requests", "new", c)] += ci - co
            prev[("requests", "carried_out", c)] = ci
        else:  # co > ci here: raise this year's carry-in and carry-out alike
            this[("requests", "carried_out", c)] += co - ci
            this[("requests", "carried_in", c)] = co
    _retotal(prev)
    _retotal(this)


def _write(folder: Path, agency: str, year: int, vals, name=None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (name or f"{agency}{year}年政府信息公开工作年度报告.xlsx")
    write_report(path, FORM, vals, agency=agency, year=year)
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The folder and what is in it: {name: (path, values)}."""
    root = tmp_path_factory.mktemp("各单位")
    v = {k: consistent_values(FORM, random.Random(k)) for k in range(8)}
    made = {}
    _link(v[0], v[1])  # 甲局: 2021 → 2022 carried over correctly
    _link(v[2], v[3])  # 乙局: the same, then one column differs
    v[3][("requests", "carried_in", "research")] += 1
    v[3][("requests", "carried_out", "research")] += 1
    _retotal(v[3])
    made["甲21"] = (_write(root / "甲局", "甲局", 2021, v[0]), v[0])
    made["甲22"] = (_write(root / "甲局", "甲局", 2022, v[1]), v[1])
    made["乙21"] = (_write(root / "乙局", "乙局", 2021, v[2]), v[2])
    made["乙22"] = (_write(root / "乙局", "乙局", 2022, v[3]), v[3])
    made["甲21copy"] = (_write(root / "收件箱", "甲局", 2021, v[0], name="甲局年报（重发）2021.xlsx"), v[0])
    made["丙a"] = (_write(root / "丙局", "丙局", 2021, v[4]), v[4])
    made["丙b"] = (_write(root / "丙局", "丙局", 2021, v[5], name="丙局2021年报告修改版.xlsx"), v[5])
    bad = dict(v[6])
    bad[("requests", "new", "business")] += 5
    made["丁"] = (_write(root, "丁局", 2021, bad), bad)
    (root / "文本改名.xlsx").write_text("这不是工作簿", encoding="utf-8")
    data = made["甲21"][0].read_bytes()
    (root / "截断.xlsx").write_bytes(data[: len(data) // 2])
    (root / "~$甲局2021年政府信息公开工作年度报告.xlsx").write_bytes(b"lock")
    (root / ".隐藏.xlsx").write_bytes(data)
    (root / "说明.txt").write_text("x", encoding="utf-8")
    return root, made


def _by_name(batch: BatchReport) -> dict[str, FileResult]:
    return {os.path.basename(r.path): r for r in batch.files}


def test_folder_statuses_skips_and_order(corpus):
    root, made = corpus
    batch = run_batch([root], jobs=2)
    assert [r.path for r in batch.files] == sorted(r.path for r in batch.files)
    assert len(batch.files) == 10
    assert batch.skipped == {"lock-file": 1, "hidden": 1, "other-type": 1}
    by = _by_name(batch)
    assert by["文本改名.xlsx"].status == "unreadable" and by["截断.xlsx"].status == "unreadable"
    assert by[made["丁"][0].name].status == "errors"
    assert [by[made[k][0].name].status for k in ("甲21", "甲22", "乙21", "乙22", "丙a", "丙b")] == ["ok"] * 6
    assert by["丙局2021年报告修改版.xlsx"].agency == "丙局"  # from the title inside
    assert batch.counts() == {"ok": 7, "warnings": 0, "errors": 1, "unreadable": 2}
    assert batch.exit_code() == 2


def test_cross_file_findings(corpus):
    root, made = corpus
    batch = run_batch([root], jobs=1)
    codes = sorted(c.code for c in batch.cross_file)
    assert codes == ["conflicting-report", "cross-year-mismatch", "cross-year-mismatch", "duplicate-report"]
    dup = next(c for c in batch.cross_file if c.code == "duplicate-report")
    assert set(dup.files) == {str(made["甲21"][0]), str(made["甲21copy"][0])}
    conflict = next(c for c in batch.cross_file if c.code == "conflicting-report")
    assert set(conflict.files) == {str(made["丙a"][0]), str(made["丙b"][0])} and conflict.cells
    # the research column, and the total column with it
    mismatch, total = [c for c in batch.cross_file if c.code == "cross-year-mismatch"]
    assert "总计" in total.message
    assert mismatch.files == (str(made["乙21"][0]), str(made["乙22"][0]))
    by = _by_name(batch)
    prev, this = by[made["乙21"][0].name], by[made["乙22"][0].name]
    key_prev, key_this = ("requests", "carried_out", "research"), ("requests", "carried_in", "research")
    assert mismatch.cells == (prev.ref(key_prev), this.ref(key_this))
    assert this.values[key_this] == prev.values[key_prev] + 1
    assert "科研机构" in mismatch.message and "乙局2021" in mismatch.message


def test_jobs_1_and_2_give_the_same_report(corpus):
    root, _ = corpus
    a, b = run_batch([root], jobs=1).to_dict(), run_batch([root], jobs=2).to_dict()
    a["summary"].pop("seconds"), b["summary"].pop("seconds")
    assert a == b


def test_json_is_streamed_file_by_file_as_the_whole_document(corpus):
    # findings are kept on disk during a batch and written out one file at a time: the document must be
    # exactly the one json.dumps gives for the whole report, findings included
    from govreport.render.jsonout import write_json

    root, _ = corpus
    batch = run_batch([root], jobs=2)
    assert any(r.findings for r in batch.files)
    for errors_only in (False, True):
        out = io.StringIO()
        write_json(out, batch, errors_only)
        assert out.getvalue() == json.dumps(batch.to_dict(errors_only), ensure_ascii=False, indent=2) + "\n"
    empty = BatchReport(files=[])
    out = io.StringIO()
    write_json(out, empty)
    assert (
        json.loads(out.getvalue())["files"] == []
        and out.getvalue() == json.dumps(empty.to_dict(), ensure_ascii=False, indent=2) + "\n"
    )


def test_hit_list_counted_on_arrival_equals_counting_the_findings(corpus):
    root, _ = corpus
    batch = run_batch([root], jobs=2)
    assert batch.codes is not None
    recount = BatchReport(files=batch.files, cross_file=batch.cross_file)
    assert batch.hit_list() == recount.hit_list() and batch.hit_list()


def test_cli_json_is_the_envelope_plus_cross_file(corpus):
    root, made = corpus
    result = CliRunner().invoke(cli, ["batch", str(root), "--format", "json", "--jobs", "2"])
    assert result.exit_code == 2
    assert result.stderr == ""  # no progress bar when stderr is not a terminal
    data = json.loads(result.stdout)
    assert set(data) == {"files", "cross_file", "summary"}
    assert [f["path"] for f in data["files"]] == sorted(f["path"] for f in data["files"])
    assert data["summary"]["ok"] == 7 and data["summary"]["unreadable"] == 2
    assert data["summary"]["skipped"] == {"lock-file": 1, "hidden": 1, "other-type": 1}
    cross = {c["code"]: c for c in data["cross_file"]}
    assert (
        cross["cross-year-mismatch"]["severity"] == "error"
        and len(cross["cross-year-mismatch"]["cells"]) == 2
    )
    ding = next(f for f in data["files"] if f["path"] == str(made["丁"][0]))
    assert ding["status"] == "errors" and {"sum-mismatch", "balance-mismatch"} & {
        x["code"] for x in ding["findings"]
    }
    only = json.loads(
        CliRunner().invoke(cli, ["batch", str(root), "--format", "json", "--errors-only"]).stdout
    )
    assert {f["status"] for f in only["files"]} == {"errors", "unreadable"} and len(only["files"]) == 3


def test_cli_csv_rows_and_bom(corpus, tmp_path):
    root, made = corpus
    out = tmp_path / "问题.csv"
    result = CliRunner().invoke(cli, ["batch", str(root), "--format", "csv", "-o", str(out)])
    assert result.exit_code == 2
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["file", "agency", "year", "status", "severity", "code", "cell", "message"]
    batch = run_batch([root], jobs=1)
    n_findings = sum(len(r.findings) for r in batch.files) + len(batch.cross_file)
    assert len(rows) == 1 + n_findings
    unreadable = [r for r in rows if r[5] == "file-unreadable"]
    assert {os.path.basename(r[0]) for r in unreadable} == {"截断.xlsx"}
    # a text file named .xlsx is read as the text copy it is (by content): it holds no report table
    assert [r[5] for r in rows if os.path.basename(r[0]) == "文本改名.xlsx"] == ["no-tables"]
    assert any(r[5] == "cross-year-mismatch" and r[6].count("!") == 2 for r in rows)
    again = CliRunner().invoke(cli, ["batch", str(root), "--format", "csv", "-o", str(out)])
    assert again.exit_code == 2 and "已存在" in again.stderr


def test_summary_workbook_cell_by_cell(corpus, tmp_path):
    root, made = corpus
    out = tmp_path / "汇总.xlsx"
    result = CliRunner().invoke(cli, ["batch", str(root), "-o", str(out), "--jobs", "2"])
    assert result.exit_code == 2, result.output
    assert "批量检查结果" in result.stdout and "cross-year-mismatch" in result.stdout
    wb = load_workbook(out)
    assert wb.sheetnames == ["汇总", "问题明细", "问题统计", "合计", "govreport汇总表"]
    assert [ws.sheet_state for ws in wb] == ["visible"] * 4 + [
        "veryHidden"
    ]  # the mark a later batch knows it by
    ws = wb["汇总"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:M11"
    head = [c.value for c in ws[1]]
    assert head[:7] == ["机关", "年度", "格式", "状态", "错误数", "警告数", "主要问题"] and head[-2:] == [
        "文件类型",
        "文件",
    ]
    rows = {r[12]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert list(rows) == sorted(rows)
    jia, jia_vals = made["甲22"]
    r = rows[str(jia)]
    assert r[:6] == ("甲局", 2022, "2021", "通过", 0, 0)
    assert r[7:11] == tuple(
        jia_vals[("requests", k, "total")] for k in ("new", "carried_in", "handled_total", "carried_out")
    )
    ding = rows[str(made["丁"][0])]
    assert ding[3] == "有错误" and ding[4] >= 1 and "应为" in ding[6]
    assert r[11] == "xlsx"  # 文件类型: what was read (docx, html, txt … for documents)
    status_cell = next(row[3] for row in ws.iter_rows(min_row=2) if row[12].value == str(made["丁"][0]))
    assert status_cell.fill.fgColor.rgb.endswith(STATUS_FILL["errors"])

    details = list(wb["问题明细"].iter_rows(min_row=2, values_only=True))
    batch = run_batch([root], jobs=1)
    assert len(details) == sum(len(x.findings) for x in batch.files) + len(batch.cross_file)
    hits = {row[0]: row for row in wb["问题统计"].iter_rows(min_row=2, values_only=True)}
    # the text file named .xlsx is read as text (by content): no-tables, the truncated one file-unreadable
    assert (
        hits["file-unreadable"][3] == 1 and hits["file-unreadable"][2] == "错误" and hits["no-tables"][3] == 1
    )

    totals = list(wb["合计"].iter_rows(values_only=True))
    # 合计 per year over the files without error: 2021 = 甲21 (its identical re-sent copy once), 乙21, 丙a, 丙b;
    # 2022 = 甲22, 乙22
    heads = [i for i, row in enumerate(totals) if row[0] and "合计：" in str(row[0])]
    # four files of three agencies in 2021: 丙局 twice (two versions that disagree)
    assert [totals[i][0].split("（2021年修订版")[0] for i in heads] == [
        "2021 年合计：4 个文件（3 个单位）",
        "2022 年合计：2 个单位",
    ]
    clean21 = [made[k][1] for k in ("甲21", "乙21", "丙a", "丙b")]
    block = totals[heads[0] : heads[1]]
    new_row = next(row for row in block if row[0] == FORM.table("requests").row("new").label)
    cols = [c.key for c in FORM.table("requests").columns]
    assert list(new_row[1 : 1 + len(cols)]) == [sum(v[("requests", "new", c)] for v in clean21) for c in cols]
    count_row = next(row for row in block if row[0] == "件数")
    appeals = [c.key for c in FORM.table("appeals").columns]
    assert list(count_row[1 : 1 + len(appeals)]) == [
        sum(v[("appeals", "count", c)] for v in clean21) for c in appeals
    ]


def _hand_made() -> BatchReport:
    evil = '=HYPERLINK("http://x","点我")'
    report = {
        "path": "@evil.xlsx",
        "status": "warnings",
        "form": "2021",
        "agency": evil,
        "year": 2021,
        "findings": [Finding(code="blank-cell", severity="warning", cell="+年报!A1", message="-1 是什么")],
    }
    r = FileResult(
        path="@evil.xlsx", report=report, values={("requests", "new", "total"): "12.50"}, agency=evil
    )
    return BatchReport(
        files=[r], cross_file=[cross_finding("duplicate-report", "\t制表符", ("=a.xlsx", "b.xlsx"))]
    )


def test_csv_is_safe_against_formula_injection():
    rows = list(csv.reader(io.StringIO(csv_text(_hand_made()).lstrip("\ufeff"))))
    assert rows[1][:2] == ["'@evil.xlsx", '\'=HYPERLINK("http://x","点我")']
    assert rows[1][6:] == ["'+年报!A1", "'-1 是什么"]
    assert rows[2][0] == "'=a.xlsx;b.xlsx" and rows[2][7] == "'\t制表符"


def test_summary_text_stays_text(tmp_path):
    out = tmp_path / "s.xlsx"
    write_summary(out, _hand_made())
    ws = load_workbook(out)["汇总"]
    assert ws["A2"].value.startswith("=HYPERLINK") and ws["A2"].data_type == "s"
    assert ws["M2"].value == "@evil.xlsx" and ws["H2"].value == Decimal("12.5") and ws["L2"].value == "xlsx"
    assert load_workbook(out)["问题明细"]["A3"].value == "=a.xlsx\nb.xlsx"


# --------------------------------------------------------------------------- a crash or a hang costs one file


def crash_or_hang(path: str) -> FileResult:
    """Used by the workers of the test below (imported there by name): abort or sleep on marked files."""
    name = os.path.basename(path)
    if name.startswith("崩溃"):
        os.abort()
    if name.startswith("卡死"):
        time.sleep(60)
    return check_one(path)


@pytest.mark.timeout(180)  # a hang guard: the 1.5 s limit per file must end the hung worker
def test_worker_crash_and_hang_do_not_stop_the_batch(corpus, tmp_path):
    _, made = corpus
    for i in range(6):
        shutil.copy(made["甲21"][0], tmp_path / f"第{i}个.xlsx")
    shutil.copy(made["甲21"][0], tmp_path / "崩溃.xlsx")
    shutil.copy(made["甲21"][0], tmp_path / "卡死.xlsx")
    batch = run_batch([tmp_path], jobs=2, time_limit=1.5, check=crash_or_hang)
    by = _by_name(batch)
    assert len(batch.files) == 8
    assert by["崩溃.xlsx"].status == "unreadable" and "异常退出" in by["崩溃.xlsx"].findings[0].message
    assert by["卡死.xlsx"].status == "unreadable" and "1.5 秒" in by["卡死.xlsx"].findings[0].message
    assert [by[f"第{i}个.xlsx"].status for i in range(6)] == ["ok"] * 6


def test_exception_in_process_becomes_unreadable(tmp_path):
    (tmp_path / "a.xlsx").write_bytes(b"x")

    def boom(path):
        raise RuntimeError("bug")

    batch = run_batch([tmp_path / "a.xlsx"], jobs=1, check=boom)
    assert batch.files[0].status == "unreadable" and "RuntimeError" in batch.files[0].findings[0].message


# --------------------------------------------------------------------------- fill-dir


def test_fill_targets_keep_relative_paths_and_report_collisions(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for d in (a / "x", b / "x"):
        d.mkdir(parents=True)
    files = [str(a / "x" / "1.xlsx"), str(b / "x" / "1.xlsx"), str(a / "2.xlsx")]
    outs, collisions = fill_targets([a, b], files, tmp_path / "out")
    assert outs == {files[2]: str(tmp_path / "out" / "2.xlsx")}
    assert set(collisions) == set(files[:2]) and "都未写出" in collisions[files[0]]


def test_fill_dir_writes_corrected_copies_below_the_same_relative_paths(corpus, tmp_path):
    root, made = corpus
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["batch", str(root), "--fill-dir", str(out), "--jobs", "2"])
    assert result.exit_code == 2, result.output
    copy = out / "甲局" / made["甲21"][0].name
    assert copy.exists() and not (out / "文本改名.xlsx").exists()
    assert "写出 8 个校正副本" in result.stdout
    batch = run_batch([copy], jobs=1)
    assert batch.files[0].status == "ok"
    fixed = run_batch([out / made["丁"][0].name], jobs=1).files[0]  # the typo corrected in the copy
    assert fixed.status != "errors"
    again = CliRunner().invoke(cli, ["batch", str(root), "--fill-dir", str(out)])
    assert "已存在，未覆盖" in again.stdout and copy.exists()


def test_fill_dir_inside_an_input_folder_is_refused(corpus):
    root, _ = corpus
    result = CliRunner().invoke(cli, ["batch", str(root), "--fill-dir", str(root / "校正")])
    assert result.exit_code == 2 and "之内" in result.stderr


def test_zip_of_nothing_is_unreadable(tmp_path):
    with zipfile.ZipFile(tmp_path / "空.xlsx", "w") as z:
        z.writestr("x.txt", "x")
    batch = run_batch([tmp_path], jobs=2)
    assert batch.files[0].status == "unreadable" and batch.exit_code() == 2


def test_progress_bar_only_on_a_terminal():
    from rich.console import Console

    from govreport.render.batch_terminal import progress_bar

    with progress_bar(Console(file=io.StringIO())) as update:
        assert update is None
    buf = io.StringIO()
    with progress_bar(Console(file=buf, force_terminal=True, width=100)) as update:
        assert update is not None
        update(3, 10)
    assert "3/10" in buf.getvalue()


def test_agency_from_the_folder_when_the_workbook_does_not_name_it(corpus, tmp_path):
    _, made = corpus
    folder = tmp_path / "戊局"
    folder.mkdir()
    shutil.copy(made["甲21"][0], folder / "年报.xlsx")
    batch = run_batch([tmp_path], jobs=1, check=_without_agency)
    assert batch.files[0].agency == "戊局"


def _without_agency(path: str) -> FileResult:
    result = check_one(path)
    result.report["agency"] = None
    return result


def test_a_path_named_explicitly_is_always_reported(tmp_path):
    note = tmp_path / "说明.txt"
    note.write_text("不是工作簿", encoding="utf-8")
    batch = run_batch([note, tmp_path / "不存在.xlsx"], jobs=2)
    assert [os.path.basename(r.path) for r in batch.files] == ["不存在.xlsx", "说明.txt"]
    assert {r.status for r in batch.files} == {"unreadable"} and batch.skipped == {}


def test_cross_year_cells_of_a_table_continued_on_the_next_sheet():
    from govreport.batch.run import FileResult

    r = FileResult(
        path="x",
        report={},
        values={},
        where={"requests": ("第2页", {"carried_in": 5, "carried_out": ("第3页", 12)}, {"total": 8})},
        fingerprint=None,
    )
    assert r.ref(("requests", "carried_in", "total")) == "第2页!I6"
    assert r.ref(("requests", "carried_out", "total")) == "第3页!I13"


def test_problem_list_in_a_pipe_is_one_unbroken_line_per_problem():
    # redirected to a file, a long message is never wrapped: "现为 501" stays on one line, searchable
    from rich.console import Console

    from govreport.render.batch_terminal import print_batch

    long = (
        "年报!D23（一、本年新收 · 自然人）应为 58，现为 501："
        + "依申请公开“一、本年新收”行的关系不成立、" * 6
    )
    report = {
        "path": "甲局.xlsx",
        "status": "errors",
        "form": "2021",
        "agency": "甲局",
        "year": 2021,
        "findings": [Finding(code="sum-mismatch", cell="年报!D23", message=long)],
    }
    batch = BatchReport(
        files=[FileResult(path="甲局.xlsx", report=report)],
        cross_file=[cross_finding("cross-year-mismatch", "甲 " * 80, ("a.xlsx", "b.xlsx"))],
    )
    out = io.StringIO()
    print_batch(batch, Console(file=out, width=80))
    lines = out.getvalue().splitlines()
    assert "    " + long in lines
    assert any(line.endswith("甲 " * 79 + "甲") or ("甲 " * 80).strip() in line for line in lines)
    term = io.StringIO()
    print_batch(batch, Console(file=term, width=80, force_terminal=True, color_system=None))
    assert all(len(line) <= 80 for line in term.getvalue().splitlines())  # a terminal folds to its width


def test_batch_without_a_writable_temporary_folder_keeps_findings_in_memory(corpus, monkeypatch, tmp_path):
    # a read-only or full TMPDIR must not cost the supervisor the batch
    import tempfile

    root, _ = corpus
    want = run_batch([root], jobs=1).to_dict()

    def refuse(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tempfile, "TemporaryFile", refuse)
    got = run_batch([root], jobs=1).to_dict()
    want["summary"].pop("seconds"), got["summary"].pop("seconds")
    assert got == want and any(f["findings"] for f in got["files"])


def test_total_sums_files_of_several_layouts_like_a_plain_dict_sum():
    # The 合计 adds each file's numbers per layout (in C when all are integers) and merges the layouts at
    # the end: the same sums as adding every file's numbers key by key, blanks left out, money exact.
    import random
    from decimal import Decimal

    from govreport.batch.run import Numbers, Total

    rng = random.Random(5)
    layouts = {
        "a": tuple(("requests", f"r{i}", "total") for i in range(6)),
        "b": tuple(("requests", f"r{i}", "total") for i in (0, 2, 4, 6, 8)),  # overlaps a, has its own keys
    }
    known: dict = {}
    total, plain = Total(2023, "2021"), {}
    for _ in range(200):
        name = rng.choice("ab")
        keys = layouts[name]
        kind = rng.random()
        nums = tuple(
            rng.randint(0, 50)
            if kind < 0.6
            else rng.choice([None, rng.randint(0, 9), f"{rng.randint(0, 99)}.{rng.randint(0, 99):02d}"])
            for _ in keys
        )
        if name == "b" and kind >= 0.6:
            nums = (None, *nums[1:])  # r0 of layout b is never a number in a mixed file
        numbers = Numbers(name, "\x1e".join("\x1f".join(k) for k in keys), nums)
        total.add(numbers, numbers.key_tuple(known))
        for k, n in zip(keys, nums, strict=True):
            if n is not None:
                plain[k] = plain.get(k, 0) + (n if isinstance(n, int) else Decimal(n))
    assert total.files == 200
    assert total.sums == plain
    assert ("requests", "r8", "total") in total.sums and ("requests", "r9", "total") not in total.sums


def die_every_fifth(x: int) -> int:
    """Used by the workers of the test below: the worker dies on every fifth job, just after answering the others."""
    if x % 5 == 4:
        time.sleep(0.05)
        os._exit(3)
    return x * 2


def test_many_worker_deaths_blame_exactly_their_jobs():
    # A worker that dies while the parent sends it its next jobs (a broken pipe) once stopped the whole batch
    # with a traceback; and a dead worker's answers still in its pipe must be taken before a job is blamed.
    from govreport.batch.pool import run_pool

    for _ in range(3):
        got: dict[int, object] = {}
        run_pool(
            [(i, i) for i in range(60)],
            2,
            die_every_fifth,
            lambda x, reason: ("failed", x),
            got.__setitem__,
            time_limit=10.0,
            memory_limit=None,
            preload=[],
        )
        assert got == {i: ("failed", i) if i % 5 == 4 else i * 2 for i in range(60)}


def test_the_bundled_report_in_three_formats_is_one_report(tmp_path):
    """workbooks/ holds the example report as .xlsx (its 行政事业性收费 typed 0.0), .docx and .txt (typed 0): one
    report with a note on each, never a conflicting-report (the fingerprint compared 0.0 and 0 as text)."""
    root = Path(__file__).resolve().parents[2] / "workbooks"
    for src in root.glob("老城区*"):
        shutil.copy(src, tmp_path / src.name)
    assert {p.suffix for p in tmp_path.iterdir()} == {".xlsx", ".docx", ".txt"}
    batch = run_batch([tmp_path], jobs=1)
    assert [c.code for c in batch.cross_file] == []
    assert all(any("同一份报告另有其他格式的文件" in n for n in r.report["notes"]) for r in batch.files)
