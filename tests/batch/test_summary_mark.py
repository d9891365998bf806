"""govreport's own summary workbook is known in a folder by the very hidden sheet it carries, its visible
sheets renamed or not; one without the mark (an older govreport) by its four sheet names, as before."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from govreport.batch.run import run_batch
from govreport.cli.app import cli
from govreport.read.paths import SUMMARY_MARK, is_summary


def _folder_with_summary(tmp_path: Path, make_report) -> tuple[Path, Path]:
    report, _, _ = make_report()
    folder = tmp_path / "各单位年报"
    folder.mkdir()
    report.rename(folder / report.name)
    summary = folder / "汇总.xlsx"
    result = CliRunner().invoke(cli, ["batch", str(folder), "-o", str(summary), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return folder, summary


def _resave(path: Path, rename: dict[str, str], drop_mark: bool = False) -> None:
    wb = openpyxl.load_workbook(path)
    for old, new in rename.items():
        wb[old].title = new
    if drop_mark:
        del wb[SUMMARY_MARK]
    wb.save(path)


def test_the_summary_carries_a_very_hidden_mark(tmp_path, make_report):
    _folder, summary = _folder_with_summary(tmp_path, make_report)
    wb = openpyxl.load_workbook(summary)
    assert wb[SUMMARY_MARK].sheet_state == "veryHidden" and wb.properties.creator == "govreport"


def test_a_summary_with_renamed_sheets_is_still_skipped(tmp_path, make_report):
    folder, summary = _folder_with_summary(tmp_path, make_report)
    _resave(summary, {"汇总": "2022年汇总", "合计": "全市合计", "问题明细": "明细"})
    batch = run_batch([folder], jobs=1)
    assert [Path(r.path).name for r in batch.files] == ["测试局2021年政府信息公开工作年度报告.xlsx"]
    assert batch.skipped == {"govreport-summary": 1} and batch.exit_code() == 0
    # and `batch -o` may replace it, as it replaces a summary it wrote under its own names
    again = CliRunner().invoke(cli, ["batch", str(folder), "-o", str(summary), "--jobs", "1", "--force"])
    assert again.exit_code == 0, again.output


def test_an_unmarked_summary_is_known_by_its_sheet_names(tmp_path, make_report):
    folder, summary = _folder_with_summary(tmp_path, make_report)
    _resave(summary, {}, drop_mark=True)  # as an older govreport wrote it
    assert openpyxl.load_workbook(summary).sheetnames == ["汇总", "问题明细", "问题统计", "合计"]
    batch = run_batch([folder], jobs=1)
    assert batch.skipped == {"govreport-summary": 1} and len(batch.files) == 1


def test_only_the_mark_or_the_exact_four_names_make_a_summary():
    assert is_summary(["汇总", "问题明细", "问题统计", "合计"])
    assert is_summary(["A", "B", "C", "D", SUMMARY_MARK])
    assert not is_summary(["汇总", "合计"])  # an agency's own workbook may well have such sheets
    assert not is_summary(["汇总", "问题明细", "问题统计", "合计", "年报"])
    assert not is_summary(["年报"])
