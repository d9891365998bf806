"""Red-team follow-ups: govreport's own summary in a folder, honest fill messages and exit codes, named
table-3 groups, one duplicate-table finding per copy, negative money, Ctrl-C, paths starting with '-'."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from govreport.batch.run import run_batch
from govreport.cli.app import cli


def _summary_in(folder: Path, make_report) -> Path:
    """A folder with one report and the summary `batch -o` wrote into it."""
    report, _, _ = make_report()
    folder.mkdir()
    report.rename(folder / report.name)
    result = CliRunner().invoke(cli, ["batch", str(folder), "-o", str(folder / "汇总.xlsx"), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return folder / "汇总.xlsx"


def test_batch_skips_its_own_summary_in_the_folder(tmp_path, make_report):
    folder = tmp_path / "各单位年报"
    _summary_in(folder, make_report)
    for jobs in (1, 2):
        batch = run_batch([folder], jobs=jobs)
        assert [Path(r.path).name for r in batch.files] == ["测试局2021年政府信息公开工作年度报告.xlsx"]
        assert batch.skipped == {"govreport-summary": 1}
        assert batch.exit_code() == 0
        assert not batch.cross_file
    result = CliRunner().invoke(cli, ["batch", str(folder), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "跳过：govreport 写出的汇总表" in result.output
    data = json.loads(
        CliRunner().invoke(cli, ["batch", str(folder), "--format", "json", "--jobs", "1"]).output
    )
    assert data["summary"]["skipped"] == {"govreport-summary": 1}


def test_check_skips_summary_in_folder_but_names_it_when_given(tmp_path, make_report):
    folder = tmp_path / "各单位年报"
    summary = _summary_in(folder, make_report)
    result = CliRunner().invoke(cli, ["check", str(folder), "--no-tables"])
    assert result.exit_code == 0, result.output
    assert "跳过" in result.output and "汇总.xlsx" in result.output
    given = CliRunner().invoke(cli, ["check", str(summary), "--format", "json"])
    assert given.exit_code == 2
    (finding,) = json.loads(given.output)["files"][0]["findings"]
    assert finding["code"] == "no-tables"
    assert "汇总.xlsx" in finding["message"] and "govreport batch 写出的汇总表" in finding["message"]
    batch = run_batch([summary], jobs=1)
    assert batch.counts()["unreadable"] == 1 and not batch.skipped


# ----------------------------------------------------------------------------- 2. honest fill messages and exit codes


def _copy_unreadable(monkeypatch):
    """The re-check of the written copy cannot read it (what a guard refusing the copy looks like)."""
    import govreport.fill.run as fill
    from govreport.check.run import unreadable_report

    real = fill.check_file

    def check(path, *a, **kw):
        if "已校正" in str(path) or "副本" in str(path) or "govreport-" in str(path):
            return unreadable_report(path, "文件已损坏")
        return real(path, *a, **kw)

    monkeypatch.setattr(fill, "check_file", check)


def test_fill_does_not_say_written_when_the_copy_cannot_be_read_again(tmp_path, make_report, monkeypatch):
    path, _, _ = make_report()
    _copy_unreadable(monkeypatch)
    for extra in ([], ["--dry-run"]):
        result = CliRunner().invoke(cli, ["fill", str(path), "--no-tables", "--force", *extra])
        assert result.exit_code == 2, result.output
        assert "已写出校正副本" not in result.output
        assert "重新检查时无法读取" in result.output and "已校正.xlsx" in result.output


def test_batch_fill_dir_exit_code_is_2_when_a_copy_is_not_written(tmp_path, make_report):
    path, _, _ = make_report()
    folder = tmp_path / "各单位年报"
    folder.mkdir()
    path.rename(folder / path.name)
    out = tmp_path / "副本"
    first = CliRunner().invoke(cli, ["batch", str(folder), "--jobs", "1", "--fill-dir", str(out)])
    assert first.exit_code == 0, first.output
    again = CliRunner().invoke(cli, ["batch", str(folder), "--jobs", "1", "--fill-dir", str(out)])
    assert again.exit_code == 2, again.output
    assert "未写出任何校正副本" in again.output and "已存在" in again.output
    assert "写出 0 个" not in again.output


def test_batch_fill_dir_copy_unreadable_is_a_fill_error(tmp_path, make_report, monkeypatch):
    path, _, _ = make_report()
    _copy_unreadable(monkeypatch)
    batch = run_batch([path], jobs=1, fill_dir=tmp_path / "副本")
    [r] = batch.files
    assert r.filled is None and "重新检查时无法读取" in (r.fill_error or "")
    assert batch.exit_code() == 2


# ----------------------------------------------------------------------------- 3. a missing column names its group


def _blank_headers(path: Path, labels: set[str]) -> list[str]:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    blanked = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value in labels:
                    blanked.append(c.value)
                    c.value = None
    wb.save(path)
    return blanked


@pytest.mark.parametrize("version", ["2021", "2019"])
def test_missing_column_names_its_group(make_report, version):
    from govreport.check.run import check_file

    path, _, _ = make_report(version=version)
    assert _blank_headers(path, {"结果维持", "商业企业"}).count("结果维持") == 3
    missing = [f.message for f in check_file(path).findings if f.code == "column-not-found"]
    assert "复议诉讼：找不到列“行政复议·结果维持”。请检查表头。" in missing
    assert any("未经复议直接起诉·结果维持" in m for m in missing)
    assert any("复议后起诉·结果维持" in m for m in missing)
    assert any("“法人或其他组织·商业企业”" in m for m in missing)  # the heading over every column is left out
    assert len(missing) == len(set(missing)) == 4


# ----------------------------------------------------------------------------- 4. one duplicate-table finding per copy


def test_a_repeated_report_is_one_finding_naming_its_hidden_sheet(make_report):
    from openpyxl import load_workbook

    from govreport.check.run import check_file

    path, _, _ = make_report()
    wb = load_workbook(path)
    copy = wb.copy_worksheet(wb.worksheets[0])
    copy.title = "草稿"
    copy.sheet_state = "hidden"
    wb.save(path)
    report = check_file(path)
    (dup,) = [f for f in report.findings if f.code == "duplicate-table"]
    assert dup.message.startswith("隐藏的工作表“草稿”上另有一份报告表格（6 张）")
    assert "“依申请公开” 草稿!" in dup.message and "“复议诉讼” 草稿!" in dup.message
    assert len(dup.cells) == 6 and all(c.startswith("草稿!") for c in dup.cells)
    assert {t.located.sheet for t in report.tables} == {wb.worksheets[0].title}


def test_one_repeated_table_on_a_hidden_sheet_says_hidden(tmp_path):
    from govreport.check.run import check_book
    from govreport.read.model import Book, Sheet

    head = [
        ["四、政府信息公开行政复议、行政诉讼情况"],
        ["行政复议", "", "", "", "", "行政诉讼"],
        ["", "", "", "", "", "未经复议直接起诉", "", "", "", "", "复议后起诉"],
        ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3,
    ]
    shown = Sheet.from_rows("年报", [*head, [1, 1, 1, 1, 4] * 3])
    hidden = Sheet.from_rows("旧表", [*head, [2, 1, 1, 1, 5] * 3])
    hidden.hidden = True
    report = check_book(Book(path=str(tmp_path / "x.xlsx"), format="xlsx", sheets=[shown, hidden]))
    (dup,) = [f for f in report.findings if f.code == "duplicate-table"]
    assert dup.message == (
        "表格“复议诉讼”出现了两次（年报!A1 和 旧表!A1，工作表“旧表”是隐藏的），只检查了 年报!A1 处的一张。"
    )
    assert dup.table == "appeals"


# ----------------------------------------------------------------------------- 5. a negative amount is negative


@pytest.mark.parametrize("raw", [-12.5, "-12.5", "－3万元"])
def test_negative_money_is_said_to_be_negative(make_report, raw):
    from openpyxl import load_workbook

    from govreport.check.run import check_file

    path, where, _ = make_report()
    sheet, ref = where[("active_fees", "fees", "amount")].split("!")
    wb = load_workbook(path)
    wb[sheet][ref] = raw
    wb.save(path)
    (f,) = [f for f in check_file(path).findings if f.cell == f"{sheet}!{ref}"]
    assert f.code == "invalid-value"
    assert (
        "不是数字" not in f.message
        and "是负数；金额（收费、采购金额）不能为负数" in f.message
        and f.message.startswith(f.cell)
    )


# ----------------------------------------------------------------------------- 6. Ctrl-C exits 130 in every command


def _interrupt(*args, **kwargs):
    raise KeyboardInterrupt


@pytest.mark.parametrize("command", ["check", "fill", "batch"])
def test_ctrl_c_exits_130_without_a_traceback(make_report, monkeypatch, command):
    import govreport.batch.run
    import govreport.cli.app
    import govreport.fill.run

    path, _, _ = make_report()
    monkeypatch.setattr(govreport.cli.app, "check_file", _interrupt)
    monkeypatch.setattr(govreport.fill.run, "fill_file", _interrupt)
    monkeypatch.setattr(govreport.batch.run, "run_batch", _interrupt)
    result = CliRunner().invoke(cli, [command, str(path)])
    assert result.exit_code == 130, result.output
    assert isinstance(result.exception, SystemExit)
    assert "已中断" in result.output and "已中止" not in result.output


def test_ctrl_c_in_a_real_process_exits_130(make_report):
    import os
    import signal
    import subprocess
    import sys
    import time

    path, _, _ = make_report()
    # a check that never ends: a folder listing that waits, so the signal lands inside the command
    code = (
        "import time, govreport.cli.app as c\n"
        "def slow(paths):\n    print('ready', flush=True); time.sleep(30)\n"
        "c.collect = slow\nc.main()\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "check", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == b"ready"
    time.sleep(0.1)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 130, err.decode()
    assert "Traceback" not in err.decode() and "已中断" in err.decode()


# ----------------------------------------------------------------------------- 7. a path starting with '-'


def test_a_name_starting_with_a_dash_gets_a_hint(make_report, tmp_path, monkeypatch):
    import os
    import subprocess
    import sys

    path, _, _ = make_report(name="-2021.xlsx")
    monkeypatch.chdir(path.parent)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    res = subprocess.run(
        [sys.executable, "-m", "govreport", "check", "--no-tables", "-2021.xlsx"],
        capture_output=True,
        env=env,
    )
    err = res.stderr.decode()
    assert res.returncode == 2
    assert "没有选项 '-2'" in err and "govreport check -- -2021.xlsx" in err and "./-2021.xlsx" in err
    ok = CliRunner().invoke(cli, ["check", "--no-tables", "--", "-2021.xlsx"])
    assert ok.exit_code == 0, ok.output
    fill = CliRunner().invoke(cli, ["fill", "-2021.xlsx"])
    assert fill.exit_code == 2 and "fill -- " in fill.output
    # a mistyped option gets click's suggestion, not the hint; a command without file names gets neither
    typo = CliRunner().invoke(cli, ["check", "--formt", "json", "-2021.xlsx"])
    assert typo.exit_code == 2 and "--format" in typo.output and "开头的文件" not in typo.output
    template = CliRunner().invoke(cli, ["template", "-x"])
    assert template.exit_code == 2 and "开头的文件" not in template.output
