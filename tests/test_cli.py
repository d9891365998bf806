"""The command line as a user meets it: help, exit codes, JSON equal to the library's result."""

import json

import pytest
from click.testing import CliRunner
from conftest import DEMO, ROOT

from govreport.check import check_file
from govreport.cli import cli
from govreport.findings import CODES, envelope


def _commands(group=cli, prefix=()):
    for name, cmd in group.commands.items():
        yield (*prefix, name)
        if hasattr(cmd, "commands"):
            yield from _commands(cmd, (*prefix, name))


@pytest.mark.parametrize("args", list(_commands()))
def test_every_command_has_help_with_an_example(args):
    result = CliRunner().invoke(cli, [*args, "--help"])
    assert result.exit_code == 0
    assert "例" in result.output


def test_every_command_and_code_is_documented_in_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for args in _commands():
        assert f"govreport {args[0]}" in readme
    for code in CODES:
        assert f"`{code}`" in readme


def test_check_demo_exits_0_with_warnings_in_chinese():
    result = CliRunner().invoke(cli, ["check", str(DEMO)])
    assert result.exit_code == 0
    assert "年报!D25:J25" in result.output and "共 7 格为空" in result.output


def test_json_equals_library_result():
    result = CliRunner().invoke(cli, ["check", str(DEMO), "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.output) == json.loads(json.dumps(envelope([check_file(DEMO)])))


def test_errors_exit_1(make_report):
    import random

    from govreport.forms import get_form
    from govreport.samples import consistent_values

    vals = consistent_values(get_form("2021"), random.Random(1), zero_share=0.2)
    key = ("requests", "new", "business")
    path, where, good = make_report(values=vals, edits={key: vals[key] + 1})
    result = CliRunner().invoke(cli, ["check", str(path), "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    [f] = [f for f in data["files"][0]["findings"] if f["severity"] == "error"]
    assert f["cell"] == where[key] and f["expected"] == good[key] and f["actual"] == good[key] + 1


def test_unreadable_exits_2_without_traceback(tmp_path):
    bad = tmp_path / "坏文件.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    before = bad.read_bytes()
    result = CliRunner().invoke(cli, ["check", str(bad)])
    assert result.exit_code == 2
    assert "坏文件.xlsx" in result.output and "Traceback" not in result.output
    assert bad.read_bytes() == before


def test_usage_error_exits_2():
    assert CliRunner().invoke(cli, ["check"]).exit_code == 2
    assert CliRunner().invoke(cli, ["check", "--format", "xml", str(DEMO)]).exit_code == 2


def test_template_round_trip_has_only_blank_warnings(tmp_path):
    out = tmp_path / "模板.xlsx"
    assert CliRunner().invoke(cli, ["template", "--form", "2019", "-o", str(out)]).exit_code == 0
    again = CliRunner().invoke(cli, ["template", "--form", "2019", "-o", str(out)])
    assert again.exit_code == 2 and "--force" in again.output
    report = check_file(out)
    assert report.form == "2019"
    assert report.findings and {f.code for f in report.findings} == {"blank-cell"}


def test_forms_show_lists_every_relation():
    result = CliRunner().invoke(cli, ["forms", "show", "2021"])
    assert result.exit_code == 0
    for rel in ("requests.row-total", "requests.column-total", "requests.balance", "appeals.review-total"):
        assert rel in result.output


@pytest.mark.parametrize("args, expected", [
    (["check"], "错误：缺少参数"),
    (["check", "--bogus", "x.xlsx"], "错误：没有选项 '--bogus'"),
    (["batch", "--jobs", "abc", "x"], "不是有效的整数"),
    (["check", "--format", "xml", "x"], "不是 'text', 'json' 之一"),
    (["chek", "x"], "没有命令 'chek'"),
])
def test_usage_errors_are_chinese(args, expected):
    # click's own messages: a clerk mistyping an option must not meet English
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert expected in result.output
    assert "Error" not in result.output and "Usage" not in result.output and "Try " not in result.output


def test_help_headings_are_chinese():
    result = CliRunner().invoke(cli, ["batch", "--help"])
    assert "用法：" in result.output and "选项" in result.output and "显示本帮助并退出" in result.output
    assert "Usage:" not in result.output and "Show this message" not in result.output
