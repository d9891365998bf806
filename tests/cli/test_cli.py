"""The command line as a user meets it: help, exit codes, JSON equal to the library's result."""

import json

import pytest
from click.testing import CliRunner
from conftest import DEMO, ROOT

from govreport.check.run import check_file
from govreport.cli.app import cli
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

    from samples import consistent_values

    from govreport.forms import get_form

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


@pytest.mark.parametrize(
    "args, expected",
    [
        (["check"], "错误：缺少参数"),
        (["check", "--bogus", "x.xlsx"], "错误：没有选项 '--bogus'"),
        (["batch", "--jobs", "abc", "x"], "不是有效的整数"),
        (["check", "--format", "xml", "x"], "不是 'text', 'json' 之一"),
        (["chek", "x"], "没有命令 'chek'"),
    ],
)
def test_usage_errors_are_chinese(args, expected):
    # click's own messages: a clerk mistyping an option must not meet English
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert expected in result.output
    assert "Error" not in result.output and "Usage" not in result.output and "Try " not in result.output


def test_help_headings_are_chinese():
    result = CliRunner().invoke(cli, ["batch", "--help"])
    assert "用法: " in result.output and "选项:" in result.output and "显示本帮助并退出" in result.output
    assert "Usage:" not in result.output and "Show this message" not in result.output


@pytest.mark.parametrize(
    "args, example",
    [
        (["template", "-o", "{d}"], "模板_2021.xlsx"),
        (
            ["fill", str(DEMO), "-o", "{d}"],
            "老城区商务和工业信息化局2021年政府信息公开工作年度报告_已校正.xlsx",
        ),
        (["batch", str(DEMO), "-o", "{d}"], "汇总.xlsx"),
    ],
)
def test_output_naming_a_folder_says_so_before_checking(args, example, tmp_path):
    # a clerk's `-o 校正后/` used to get "扩展名应为 .xlsx" after the whole check had been printed
    result = CliRunner().invoke(cli, [a.format(d=tmp_path) for a in args])
    assert result.exit_code == 2
    assert f"输出路径 {tmp_path} 是一个文件夹" in result.output and example in result.output
    assert "扩展名" not in result.output and "年报" not in result.output.split("错误：")[0]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["模板.docx", "模板.xls", "模板"])
def test_template_refuses_a_name_excel_would_not_open(name, tmp_path):
    # openpyxl writes .xlsx bytes whatever the name: 模板.docx was written and Word/Excel refused it
    out = tmp_path / name
    result = CliRunner().invoke(cli, ["template", "-o", str(out)])
    assert result.exit_code == 2
    assert f"输出文件 {out} 的扩展名应为 .xlsx" in result.output
    assert not out.exists()


@pytest.mark.parametrize("command", ["check", "batch"])
def test_nothing_to_check_names_the_folder(command, tmp_path):
    folder = tmp_path / "收到的材料"
    folder.mkdir()
    (folder / "说明.txt").write_text("年报见附件", encoding="utf-8")
    result = CliRunner().invoke(cli, [command, str(folder)])
    assert result.exit_code == 2
    assert f"在 {folder} 中没有找到要检查的工作簿" in result.output


@pytest.mark.parametrize(
    "args, expected",
    [
        (["check"], "缺少参数 '文件或文件夹...'"),
        (["fill"], "缺少参数 '文件'"),
        (["batch"], "缺少参数 '文件夹...'"),
        (["forms", "show", "2020"], "'版本' 的取值无效：'2020' 不是"),
    ],
)
def test_arguments_are_named_in_chinese(args, expected):
    # click names an argument by its parameter name (PATHS..., {2021|2019}) unless given a metavar
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert expected in result.output
    assert "PATH" not in result.output and "VERSION" not in result.output and "{2021" not in result.output


def _readme() -> str:
    return (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_json_example_has_the_keys_check_prints(make_report):
    # README showed "candidates": [] on every finding; the key is there only when cell is null
    import re

    block = re.search(r"```json\n(.*?)```", _readme(), re.S)
    assert block
    example = json.loads(block.group(1))
    path, where, good = make_report(edits={("requests", "new", "total"): 10_000})
    printed = json.loads(CliRunner().invoke(cli, ["check", str(path), "--format", "json"]).output)
    assert example.keys() == printed.keys()
    assert example["files"][0].keys() == printed["files"][0].keys()
    [finding] = printed["files"][0]["findings"]
    assert finding["cell"] is not None
    assert example["files"][0]["findings"][0].keys() == finding.keys()


def test_readme_names_every_key_of_fill_json(tmp_path):
    out = tmp_path / "副本.xlsx"
    doc = json.loads(CliRunner().invoke(cli, ["fill", str(DEMO), "-o", str(out), "--format", "json"]).output)
    readme = _readme()
    for key in doc:
        assert f'`"{key}"`' in readme or f"`{key}`" in readme, key


def test_fill_refuses_an_existing_output_before_checking(tmp_path):
    # the clerk learns at once that the copy exists, not after the whole report
    import shutil

    src = tmp_path / "年报.xlsx"
    shutil.copy(DEMO, src)
    out = tmp_path / "年报_已校正.xlsx"
    out.write_bytes(b"old")
    result = CliRunner().invoke(cli, ["fill", str(src)])
    assert result.exit_code == 2
    assert "已存在" in result.output and "--force" in result.output
    assert "依申请公开" not in result.output  # no report printed first
    assert out.read_bytes() == b"old"
    dry = CliRunner().invoke(cli, ["fill", str(src), "--dry-run", "--no-tables"])
    assert "该文件已存在" in dry.output and out.read_bytes() == b"old"
    missing = CliRunner().invoke(cli, ["fill", str(src), "-o", str(tmp_path / "无此目录" / "x.xlsx")])
    assert missing.exit_code == 2 and "不存在" in missing.output and "依申请公开" not in missing.output
