"""What a person sees: table 2 whole at 80 columns, wrapped findings, honest fill/batch messages."""

from io import StringIO

from click.testing import CliRunner
from rich.cells import cell_len
from rich.console import Console

from govreport.check.run import check_file
from govreport.cli.app import cli
from govreport.render.terminal import print_report


def _screen(path, width):
    out = StringIO()
    print_report(check_file(path), Console(file=out, width=width, force_terminal=True, color_system=None))
    return out.getvalue()


def test_table_two_keeps_every_number_at_80_columns(make_report):
    path, where, _ = make_report(edits={("requests", "new", "business"): 999})
    text = _screen(path, 80)
    assert all(cell_len(line) <= 80 for line in text.splitlines())
    grid = text[text.index("依申请公开") : text.index("复议诉讼")]
    assert "…" not in grid and "999→" in grid
    assert "组织" in grid and "社会公益组织" not in grid  # headers wrapped, not cut
    assert "社会公益组织" in _screen(path, 120)  # full headers when there is room


def test_findings_wrap_under_their_text_without_cutting_numbers(make_report):
    path, where, _ = make_report(edits={("requests", "new", "business"): 999})
    lines = _screen(path, 80).split("发现", 1)[1].splitlines()[1:]
    assert any(line.startswith("✗ 错误 ") for line in lines)
    cont = [line for line in lines if line.startswith("       ")]
    assert cont and all(cell_len(line) <= 80 for line in lines)


def test_fill_of_an_unreadable_file_does_not_claim_a_copy(tmp_path):
    bad = tmp_path / "假.xlsx"
    bad.write_text("机关,年度\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["fill", str(bad)])
    assert res.exit_code == 2 and "未写出校正副本" in res.output and "已写出" not in res.output
    assert not (tmp_path / "假_已校正.xlsx").exists()


def test_batch_refuses_a_missing_output_folder_before_checking(make_report, tmp_path):
    path, _, _ = make_report()
    res = CliRunner().invoke(
        cli, ["batch", str(path.parent), "--jobs", "1", "-o", str(tmp_path / "无" / "汇总.xlsx")]
    )
    assert res.exit_code == 2 and "输出文件夹" in res.output and "批量检查结果" not in res.output


def test_width_estimate_equals_rich_measure():
    # the renderer estimates table widths itself (rich's measuring is slow); they must agree
    from conftest import DEMO
    from rich.console import Console

    from govreport.check.run import check_file
    from govreport.render import terminal

    report = check_file(DEMO)
    for t in report.tables:
        for grid in (terminal.table_view(t), terminal.table_view(t, width=60)):
            assert terminal._width(grid) == Console(width=1000).measure(grid).maximum


def test_a_narrow_tables_title_is_one_line(make_report):
    # table 1's one-column blocks are narrower than their titles: the title must not fold into the box
    import openpyxl

    path, _, _ = make_report()
    wb = openpyxl.load_workbook(path)
    wb.worksheets[0].title = "二〇二二年度政府信息公开工作年报"  # a long sheet name makes a long title
    wb.save(path)
    lines = _screen(path, 120).splitlines()
    titles = [line for line in lines if "（工作表“" in line]
    assert len(titles) >= 6 and all(line.rstrip().endswith("”）") for line in titles)
