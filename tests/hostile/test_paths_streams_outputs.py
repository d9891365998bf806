"""Round 3 of hostile inputs, run as a user runs them: paths the user may not read, folders that cannot be
listed, outputs onto inputs, streams that fail, narrow terminals, over-long names and values.

Each failure found was fixed at the root; these tests keep it fixed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DEMO, ROOT

from govreport.cli.app import cli
from govreport.read.paths import collect

TIMEOUT = 60


def _digest(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def _run(*args: str, cwd: Path | None = None, env: dict | None = None, **kw) -> subprocess.CompletedProcess:
    """`python -m govreport ARGS` in a child process, as a user runs it."""
    kw.setdefault("stdout", subprocess.PIPE)
    kw.setdefault("stderr", subprocess.PIPE)
    return subprocess.run(
        [sys.executable, "-m", "govreport", *args],
        timeout=TIMEOUT,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        **kw,
    )


def _invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def good(tmp_path: Path) -> Path:
    p = tmp_path / "甲局2021年政府信息公开工作年度报告.xlsx"
    shutil.copy(DEMO, p)
    return p


# ----------------------------------------------------------------------------- paths the user may not read


def _deny_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """What a normal user meets on a file with mode 000 (the tests may run as root, which reads anything):
    os.access says no (click's test) and opening it fails (the reader's)."""
    real_access, real_open = os.access, os.open

    def access(p, mode, *a, **k):
        return False if os.path.abspath(p) == str(path) else real_access(p, mode, *a, **k)

    def deny_open(p, *a, **k):
        if os.path.abspath(p) == str(path):
            raise PermissionError(13, "Permission denied", str(p))
        return real_open(p, *a, **k)

    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr(os, "open", deny_open)


def _deny_folder(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """A folder without read permission: listing it fails (os.walk calls os.scandir)."""
    real = os.scandir

    def scandir(p=".", *a, **k):
        if os.path.abspath(p) == str(folder):
            raise PermissionError(13, "Permission denied", os.fspath(p))
        return real(p, *a, **k)

    monkeypatch.setattr(os, "scandir", scandir)


def test_a_file_without_read_permission_is_an_unreadable_report_not_a_usage_error(
    tmp_path: Path, good: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # click's own readable test refused the whole command line: no JSON, the other file unchecked
    secret = tmp_path / "secret.xlsx"
    shutil.copy(DEMO, secret)
    _deny_file(monkeypatch, secret)
    res = _invoke("check", str(secret), str(good), "--format", "json")
    assert res.exit_code == 2, res.output
    files = {Path(f["path"]).name: f for f in json.loads(res.stdout)["files"]}
    assert files["secret.xlsx"]["status"] == "unreadable"
    assert "权限" in files["secret.xlsx"]["findings"][0]["message"]
    assert files[good.name]["status"] == "warnings"


@pytest.mark.parametrize("command", ["fill", "batch"])
def test_fill_and_batch_of_a_file_without_read_permission(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "secret.xlsx"
    shutil.copy(DEMO, secret)
    _deny_file(monkeypatch, secret)
    extra = ["--jobs", "1"] if command == "batch" else []
    res = _invoke(command, str(secret), *extra)
    assert res.exit_code == 2, res.output
    assert "权限" in res.output and "secret.xlsx" in res.output and "取值无效" not in res.output
    assert not list(tmp_path.glob("*_已校正*"))


def test_a_subfolder_that_cannot_be_listed_is_reported(
    tmp_path: Path, good: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # os.walk skipped it without a word: its reports went unchecked and the exit code said all was well
    sub = tmp_path / "乙局"
    sub.mkdir()
    shutil.copy(DEMO, sub / "乙局2021年报.xlsx")
    _deny_folder(monkeypatch, sub)
    listed = collect([tmp_path])
    assert listed.files == sorted([good, sub], key=str)
    assert "权限" in listed.unreadable[sub]
    res = _invoke("check", str(tmp_path), "--no-tables")
    assert res.exit_code == 2, res.output
    assert "乙局" in res.output and "没有读取该文件夹的权限" in res.output
    res = _invoke("batch", str(tmp_path), "--jobs", "1", "--format", "json")
    assert res.exit_code == 2, res.output
    doc = json.loads(res.stdout)
    assert {Path(f["path"]).name: f["status"] for f in doc["files"]} == {
        "乙局": "unreadable",
        good.name: "warnings",
    }


def test_a_given_folder_that_cannot_be_listed_is_reported_not_empty(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    d = tmp_path / "各单位年报"
    d.mkdir()
    shutil.copy(DEMO, d / "a.xlsx")
    _deny_folder(monkeypatch, d)
    res = _invoke("check", str(d))
    assert res.exit_code == 2
    assert "没有读取该文件夹的权限" in res.output and "没有找到要检查的工作簿" not in res.output


def test_batch_says_why_a_folder_could_not_be_listed(
    tmp_path: Path, good: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sub = tmp_path / "乙局"
    sub.mkdir()
    _deny_folder(monkeypatch, sub)
    real_access = os.access
    monkeypatch.setattr(
        os,
        "access",
        lambda p, m, *a, **k: False if os.path.abspath(p) == str(sub) else real_access(p, m, *a, **k),
    )
    res = _invoke("batch", str(tmp_path), "--jobs", "1")
    assert "权限" in res.output, res.output


def test_a_linked_folder_is_counted_as_skipped(tmp_path: Path, good: Path) -> None:
    # not followed (a link to ".." would check files outside the folder), but said, not silently dropped
    d = tmp_path / "各单位年报"
    d.mkdir()
    shutil.copy(DEMO, d / "a.xlsx")
    (d / "上一级").symlink_to(tmp_path, target_is_directory=True)
    (d / ".隐藏").symlink_to(tmp_path, target_is_directory=True)
    listed = collect([d])
    assert listed.files == [d / "a.xlsx"] and listed.skipped == {"folder-link": 1}
    res = _invoke("batch", str(d), "--jobs", "1")
    assert "文件夹链接" in res.output


# ----------------------------------------------------------------------------- outputs onto inputs


def test_fill_onto_its_input_says_so_before_suggesting_force(good: Path) -> None:
    res = _invoke("fill", str(good), "-o", str(good))
    assert res.exit_code == 2
    assert "输入文件" in res.output and "--force" not in res.output


def test_batch_summary_onto_a_report_in_the_folder_is_refused_even_with_force(tmp_path: Path) -> None:
    d = tmp_path / "各单位年报"
    d.mkdir()
    report = d / "甲局2021年报.xlsx"
    shutil.copy(DEMO, report)
    before = _digest(report)
    for extra in ([], ["--force"]):
        res = _invoke("batch", str(d), "--jobs", "1", "-o", str(report), *extra)
        assert res.exit_code == 2, res.output
        assert "输入文件" in res.output
        assert _digest(report) == before


def test_batch_may_replace_its_earlier_summary_in_the_folder(tmp_path: Path) -> None:
    d = tmp_path / "各单位年报"
    d.mkdir()
    shutil.copy(DEMO, d / "甲局2021年报.xlsx")
    summary = d / "汇总.xlsx"
    assert _invoke("batch", str(d), "--jobs", "1", "-o", str(summary)).exit_code == 0
    res = _invoke("batch", str(d), "--jobs", "1", "-o", str(summary))
    assert res.exit_code == 2 and "--force" in res.output
    res = _invoke("batch", str(d), "--jobs", "1", "-o", str(summary), "--force")
    assert "已写出汇总表" in res.output, res.output


# ----------------------------------------------------------------------------- writing outputs


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@pytest.mark.parametrize("command", ["fill", "template", "batch"])
def test_outputs_get_the_users_usual_permissions(command: str, tmp_path: Path, good: Path) -> None:
    # mkstemp makes 0600 files: a copy or summary in a shared folder could not be opened by colleagues
    out = tmp_path / "out.xlsx"
    args = {
        "fill": ["fill", str(good), "-o", str(out)],
        "template": ["template", "-o", str(out)],
        "batch": ["batch", str(good), "--jobs", "1", "-o", str(out)],
    }[command]
    res = _invoke(*args)
    assert out.is_file(), res.output
    assert out.stat().st_mode & 0o777 == 0o666 & ~_umask()


def test_an_output_replaced_with_force_keeps_its_mode(tmp_path: Path) -> None:
    out = tmp_path / "模板.xlsx"
    out.write_bytes(b"old")
    out.chmod(0o640)
    assert _invoke("template", "-o", str(out), "--force").exit_code == 0
    assert out.stat().st_mode & 0o777 == 0o640 and out.stat().st_size > 3


def _long_copy(tmp_path: Path, n: int) -> Path:
    p = tmp_path / ("甲" * n + ".xlsx")  # 3 bytes a character: 83 of them + .xlsx is 254 bytes, a legal name
    shutil.copy(DEMO, p)
    return p


def test_fill_of_a_long_file_name_writes_its_copy(tmp_path: Path) -> None:
    # the temporary name (".<stem>.XXXXXXXX.xlsx.tmp") passed 255 bytes where the copy's own name did not
    p = _long_copy(tmp_path, 80)
    res = _invoke("fill", str(p), "--no-tables")
    assert res.exit_code == 0, res.output
    assert (tmp_path / ("甲" * 80 + "_已校正.xlsx")).is_file()


@pytest.mark.parametrize("dry", [False, True], ids=["write", "dry-run"])
def test_fill_whose_copy_name_would_be_too_long_says_so(tmp_path: Path, dry: bool) -> None:
    # Path.is_dir raised ENAMETOOLONG: a traceback before anything was checked
    p = _long_copy(tmp_path, 83)
    res = _invoke("fill", str(p), "--no-tables", *(["--dry-run"] if dry else []))
    assert res.exit_code == 2
    assert isinstance(res.exception, SystemExit), res.exception
    assert "文件名过长" in res.output and "-o" in res.output
    assert "govreport-" not in res.output  # a dry run's private folder is not what the user would write
    assert sorted(x.name for x in tmp_path.iterdir()) == [p.name]


@pytest.mark.parametrize("command", ["template", "batch"])
def test_too_long_output_names_are_refused_in_chinese(command: str, tmp_path: Path, good: Path) -> None:
    out = str(tmp_path / ("乙" * 100 + ".xlsx"))
    args = (
        ["template", "-o", out] if command == "template" else ["batch", str(good), "--jobs", "1", "-o", out]
    )
    res = _invoke(*args)
    assert res.exit_code == 2 and isinstance(res.exception, SystemExit), res.output
    assert "文件名过长" in res.output


def _file_size_limit() -> None:
    import resource
    import signal

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails with EFBIG instead of killing the process
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


@pytest.mark.parametrize("command", ["template", "fill", "batch-summary", "batch-fill-dir"])
def test_a_write_that_runs_out_of_space_says_so_without_a_traceback(
    command: str, tmp_path: Path, good: Path
) -> None:
    # openpyxl's zip file, left open by the failed save, failed again when collected at exit:
    # "Exception ignored … Traceback … OSError" under the Chinese message
    out = tmp_path / "out"
    out.mkdir()
    args = {
        "template": ["template", "-o", str(out / "t.xlsx")],
        "fill": ["fill", str(good), "-o", str(out / "f.xlsx"), "--no-tables"],
        "batch-summary": ["batch", str(good), "--jobs", "1", "-o", str(out / "s.xlsx")],
        "batch-fill-dir": ["batch", str(good), "--jobs", "1", "--fill-dir", str(out / "copies")],
    }[command]
    res = _run(*args, preexec_fn=_file_size_limit, env={"PYTHONDONTWRITEBYTECODE": "1"})
    text = res.stdout.decode() + res.stderr.decode()
    assert "Traceback" not in text and "Exception ignored" not in text, text[-3000:]
    assert "大小限制" in text, text[-2000:]
    assert res.returncode == 2  # batch --fill-dir too: no copy written is not a clean run (was 0)
    assert [p.name for p in out.rglob("*") if p.is_file()] == []


# ----------------------------------------------------------------------------- the output streams

FULL = [
    "check {good}",
    "check {good} --format json",
    "batch {good} --jobs 1 --format json",
    "batch {good} --jobs 1 --format csv",
    "batch {good} --jobs 1",
    "codes",
    "forms show 2021",
    "--help",
    "fill {good} --dry-run",
]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("line", FULL)
def test_stdout_on_a_full_disk_is_said_not_a_traceback(line: str, good: Path) -> None:
    # `govreport check x.xlsx > 结果.txt` on a full disk: a traceback and exit code 1, which means "errors found"
    with open("/dev/full", "wb") as full:
        res = _run(*line.format(good=good).split(), stdout=full)
    err = res.stderr.decode()
    assert res.returncode == 2, err
    assert "Traceback" not in err and "Exception ignored" not in err, err
    assert "磁盘空间不足" in err


@pytest.mark.parametrize(
    "line",
    [
        "batch {good} --jobs 1 --format json",
        "batch {good} --jobs 1 --format csv",
        "check {good} --format json",
        "check {good}",
    ],
)
def test_stdout_closed_is_no_traceback(line: str, good: Path) -> None:
    # started with stdout closed (`>&-`, a cron job): sys.stdout is None, batch wrote to its buffer
    res = _run(*line.format(good=good).split(), preexec_fn=lambda: os.close(1))
    err = res.stderr.decode()
    assert "Traceback" not in err, err
    assert res.returncode == 0, err


@pytest.mark.parametrize("args", [["--help"], ["--version"], [], ["check", "--help"]])
def test_help_and_version_on_a_console_that_cannot_show_chinese(args: list[str]) -> None:
    # click answers --help/--version before the group's callback (which made the streams safe) runs
    res = _run(*args, env={"PYTHONIOENCODING": "latin-1", "LC_ALL": "C", "LANG": "C"})
    out = res.stdout.decode("latin-1") + res.stderr.decode("latin-1")
    assert "Traceback" not in out, out
    assert res.returncode in (0, 2) and "govreport" in out


# ----------------------------------------------------------------------------- a narrow terminal


@pytest.mark.parametrize("width", [30, 40, 60])
def test_a_narrow_terminal_never_shows_a_squeezed_table(width: int) -> None:
    # at 40 columns rich squeezed table 2's number columns to nothing: "…" or empty cells, no word said
    from io import StringIO

    from rich.console import Console

    from govreport.check.run import check_file
    from govreport.render.terminal import print_report

    report = check_file(DEMO)
    console = Console(file=StringIO(), width=width, force_terminal=True, color_system=None)
    print_report(report, console)
    out = console.file.getvalue()
    assert "…" not in out, out
    assert "列，未显示" in out and "依申请公开" in out
    for line in out.splitlines():
        assert "━" not in line or len(line) <= width  # every table drawn fits
    wide = Console(file=StringIO(), width=120, force_terminal=True, color_system=None)
    print_report(report, wide)
    assert "未显示" not in wide.file.getvalue() and "四、结转下年度" in wide.file.getvalue()


# ----------------------------------------------------------------------------- over-long cell contents


@pytest.mark.parametrize(
    "content",
    ["9" * 32767, "说明" * 16000, "=" + "(" * 5000 + "1" + ")" * 5000],
    ids=["digits", "paragraph", "deep-formula"],
)
def test_a_32767_character_cell_is_quoted_short(make_report, content: str) -> None:
    # quoted whole, one finding was a 32 KB line in the terminal, the JSON and the summary's 问题明细
    from govreport.check.run import check_file

    path, where, _ = make_report(edits={("requests", "new", "natural_person"): content})
    report = check_file(path)
    cell = where[("requests", "new", "natural_person")]
    [f] = [f for f in report.findings if f.cell == cell]
    assert f.code in ("invalid-value", "formula-error")
    assert len(f.message) < 300 and f"共 {len(content.lstrip('=')):,} 个字符" in f.message, f.message


# ----------------------------------------------------------------------------- --fill-dir that cannot be made


def test_fill_dir_that_is_a_file_is_refused_before_the_batch(tmp_path: Path, good: Path) -> None:
    # every worker failed to make it: each input was listed as 无法读取 "内部错误（FileExistsError）"
    blocker = tmp_path / "副本"
    blocker.write_bytes(b"x")
    res = _invoke("batch", str(good), "--jobs", "1", "--fill-dir", str(blocker))
    assert res.exit_code == 2
    assert "不是文件夹" in res.output and "内部错误" not in res.output and "无法读取" not in res.output
    res = _invoke("batch", str(good), "--jobs", "1", "--fill-dir", str(blocker / "下一级"))
    assert res.exit_code == 2 and "无法建立文件夹" in res.output and "内部错误" not in res.output


def test_run_batch_keeps_the_check_when_the_copy_folder_cannot_be_made(tmp_path: Path, good: Path) -> None:
    from govreport.batch.run import run_batch

    blocker = tmp_path / "副本"
    blocker.write_bytes(b"x")
    result = run_batch([good], jobs=1, fill_dir=blocker)
    [r] = result.files
    assert r.status == "warnings" and r.fill_error


# ----------------------------------------------------------------------------- the reader's own words (lead's files)


def test_a_symlink_loop_is_said_in_chinese(tmp_path: Path) -> None:
    import re

    from govreport.check.run import check_file

    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    a.symlink_to(b)
    b.symlink_to(a)
    [f] = check_file(a).findings
    assert f.code == "file-unreadable"
    assert not re.search(r"[A-Za-z]{4,}", f.message.replace("a.xlsx", "")), f.message


@pytest.mark.parametrize(
    "text",
    [
        "<html><body><table><tr><td>一、本年新收</td><td>1</td></tr></table></body></html>",
        '<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?>'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>',
    ],
    ids=["html", "xml-spreadsheet-2003"],
)
def test_a_web_export_with_a_bom_is_named_as_such(tmp_path: Path, text: str) -> None:
    from govreport.check.run import check_file

    p = tmp_path / "导出.xls"
    p.write_bytes(b"\xef\xbb\xbf" + text.encode())
    if text.startswith("<html"):
        # recognised by content (issue 14): a web page, read by the page reader whatever its name
        from govreport.read.documents import document_format

        assert document_format(p.read_bytes()) == "html"
        return
    [f] = check_file(p).findings
    assert "网页或 XML" in f.message, f.message


# ----------------------------------------------------------------------------- control characters on the terminal


def test_escape_sequences_in_a_file_name_or_cell_do_not_reach_the_terminal(
    tmp_path: Path, make_report
) -> None:
    # a cell "_x001B_[2J" (ESC [2J) or a file name holding ESC cleared the screen of whoever ran the batch
    import zipfile

    from hostile import mutate

    path, _, _ = make_report(edits={("requests", "new", "natural_person"): "占位"})
    part = "xl/worksheets/sheet1.xml"
    xml = zipfile.ZipFile(path).read(part)
    assert "占位".encode() in xml
    d = tmp_path / "各单位"
    d.mkdir()
    # OOXML's escape for characters XML cannot hold; calamine decodes it back to ESC, BEL, CSI
    mutate(
        path,
        d / "甲\x1b[31m局.xlsx",
        {part: xml.replace("占位".encode(), b"1_x001B_[2J_x001B_]0;x_x0007__x009B_")},
    )
    for args in (
        ["check", str(d), "--no-tables"],
        ["check", str(d)],
        ["batch", str(d), "--jobs", "1"],
        ["fill", str(d / "甲\x1b[31m局.xlsx"), "--dry-run"],
    ):
        res = _run(*args)
        out = res.stdout.decode()
        assert "\x1b" not in out and "\x9b" not in out, (args, out[-1500:])
        assert "甲?[31m局" in out, out[-1500:]
    # on a real terminal rich's own colours still come through, the cell's sequences do not
    from io import StringIO

    from rich.console import Console

    from govreport.check.run import check_file
    from govreport.render.printable import guard
    from govreport.render.terminal import print_report

    console = guard(Console(file=StringIO(), force_terminal=True, color_system="standard", width=120))
    print_report(check_file(d / "甲\x1b[31m局.xlsx"), console)
    out = console.file.getvalue()
    assert "\x1b[2J" not in out and "\x1b]0;" not in out and "\x1b[31m局" not in out
    assert "\x1b[1m" in out or "\x1b[33m" in out  # styles are rich's own escapes, untouched


def test_fill_writes_a_sound_copy_when_a_cell_holds_control_characters(tmp_path: Path, make_report) -> None:
    # the report sheet quoted the cell's text: openpyxl refused it (IllegalCharacterError), no copy at all;
    # the cell's comment quoted it too, unchecked: comments1.xml was not XML (Excel "repairs" the copy)
    import xml.etree.ElementTree as ET
    import zipfile

    import openpyxl
    from hostile import mutate

    from govreport.fill.run import fill_file

    path, where, good = make_report(edits={("requests", "new", "natural_person"): "占位"})
    part = "xl/worksheets/sheet1.xml"
    xml = zipfile.ZipFile(path).read(part)
    bad = mutate(path, tmp_path / "控制字符.xlsx", {part: xml.replace("占位".encode(), b"1_x0000__x001B_")})
    out = tmp_path / "副本.xlsx"
    result = fill_file(bad, out)
    assert result.error is None, result.error
    with zipfile.ZipFile(out) as z:
        for name in z.namelist():
            if name.endswith((".xml", ".rels", ".vml")):
                ET.fromstring(z.read(name))  # every part well-formed
    ref = where[("requests", "new", "natural_person")]
    sheet, cell = ref.split("!")
    wb = openpyxl.load_workbook(out)
    assert wb[sheet][cell].value == good[("requests", "new", "natural_person")]
    assert "1??" in wb[sheet][cell].comment.text
    texts = [c for row in wb["校验报告"].iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert any("1??" in t for t in texts)


# ----------------------------------------------------------------------------- .ods/.xls carried into .xlsx


def test_excel_names_cut_long_sheet_names_apart() -> None:
    from govreport.fill.carry import excel_names

    long = "很长的工作表名称" * 5
    got = excel_names(["年报", long, long + "二", "A" * 40, "a" * 40])
    assert got["年报"] == "年报"
    assert all(len(v) <= 31 for v in got.values())
    assert len({v.lower() for v in got.values()}) == 5


def _carried(
    tmp_path: Path, make_report, fmt: str, placeholder: bytes, replacement: bytes
) -> tuple[Path, str]:
    """A report converted by LibreOffice to fmt, one cell (natural person · new) blank, after a byte patch
    of the file's main XML (the .xlsx before conversion, or the .ods after)."""
    import zipfile

    from conftest import soffice_convert
    from hostile import mutate

    path, where, _ = make_report(
        edits={
            ("requests", "new", "natural_person"): "",
            ("requests", "carried_in", "natural_person"): "占位",
        }
    )
    part = "xl/worksheets/sheet1.xml"
    if fmt == "xls":
        xml = zipfile.ZipFile(path).read(part)
        path = mutate(path, tmp_path / "src.xlsx", {part: xml.replace(placeholder, replacement)})
    [out] = soffice_convert([path], fmt, tmp_path / fmt)
    if fmt == "ods":
        xml = zipfile.ZipFile(out).read("content.xml")
        patched = tmp_path / "patched.ods"
        with zipfile.ZipFile(out) as zin, zipfile.ZipFile(patched, "w") as zout:
            for info in zin.infolist():  # mimetype stays first and stored
                zout.writestr(
                    info,
                    xml.replace(placeholder, replacement)
                    if info.filename == "content.xml"
                    else zin.read(info.filename),
                )
        out = patched
    return out, where[("requests", "new", "natural_person")]


def test_fill_of_an_ods_whose_sheet_name_is_longer_than_excel_allows(tmp_path: Path, make_report) -> None:
    # the copy's sheet got the first 31 characters, the plan still named the long one: KeyError, no copy
    import openpyxl

    from govreport.fill.run import fill_file

    long = "依申请公开情况统计表（二〇二一年度）第一部分附表甲乙丙丁戊己庚辛"
    assert len(long) > 31
    ods, ref = _carried(
        tmp_path, make_report, "ods", 'table:name="年报"'.encode(), f'table:name="{long}"'.encode()
    )
    out = tmp_path / "副本.xlsx"
    result = fill_file(ods, out)
    assert result.error is None, result.error
    assert any("31 个字符" in d for d in result.dropped)
    wb = openpyxl.load_workbook(out)
    [name] = [n for n in wb.sheetnames if n != "校验报告"]
    assert name == long[:31]
    assert [e.cell.split("!")[0] for e in result.plan.edits] == [name] * len(result.plan.edits)
    assert result.output is not None and not result.output.unreadable


def test_fill_of_an_xls_with_control_characters_in_a_text_cell(tmp_path: Path, make_report) -> None:
    # an .xls text may hold ESC; carried into openpyxl as it was: IllegalCharacterError, no copy
    from govreport.fill.run import fill_file

    xls, _ = _carried(tmp_path, make_report, "xls", "占位".encode(), b"1_x001B_")
    out = tmp_path / "副本.xlsx"
    result = fill_file(xls, out)
    assert result.error is None, result.error
    assert any("控制字符" in d for d in result.dropped)


@pytest.mark.parametrize(
    "args",
    [
        ["--agency", "甲\x01局"],
        ["--agency", "甲局\n乙局"],
        ["--agency", "局" * 40000],
        ["--year", "-5"],
        ["--year", "99999999999999999999"],
    ],
    ids=["control", "newline", "huge", "negative-year", "huge-year"],
)
def test_template_refuses_an_agency_or_year_no_title_can_hold(args: list[str], tmp_path: Path) -> None:
    # a control character raised IllegalCharacterError out of the write: a traceback
    out = tmp_path / "模板.xlsx"
    res = _invoke("template", "-o", str(out), *args)
    assert res.exit_code == 2 and isinstance(res.exception, SystemExit), res.output
    assert "错误：" in res.output and not out.exists()


# ----------------------------------------------------------------------------- one string, read a hundred thousand times


def _sst_bomb(path: Path, cells: int = 100_000, length: int = 32_000) -> Path:
    """An .xlsx of ~300 KB: one shared string of `length` characters referenced by `cells` cells.
    The reader makes a string per cell: cells x length x ~5 bytes (Rust UTF-8 + Python) = 16 GB."""
    import zipfile

    from hostile import MAIN, SHEET_HEAD, base_xlsx, mutate

    base = base_xlsx(path.with_name("base.xlsx"))
    per_row = 50

    def col(i: int) -> str:
        return chr(65 + i // 26) + chr(65 + i % 26) if i >= 26 else chr(65 + i)

    rows = "".join(
        f'<row r="{r}">'
        + "".join(f'<c r="{col(c)}{r}" t="s"><v>0</v></c>' for c in range(per_row))
        + "</row>"
        for r in range(1, cells // per_row + 1)
    )
    sst = (
        f'<sst xmlns="{MAIN}" count="{cells}" uniqueCount="1"><si><t>{"一" * length}</t></si></sst>'.encode()
    )
    with zipfile.ZipFile(base) as z:
        types = z.read("[Content_Types].xml").replace(
            b"</Types>",
            (
                b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
            ),
        )
        rels = z.read("xl/_rels/workbook.xml.rels").replace(
            b"</Relationships>",
            (
                b'<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
            ),
        )
    return mutate(
        base,
        path,
        {
            "xl/worksheets/sheet1.xml": SHEET_HEAD
            + b"<sheetData>"
            + rows.encode()
            + b"</sheetData></worksheet>",
            "xl/sharedStrings.xml": sst,
            "[Content_Types].xml": types,
            "xl/_rels/workbook.xml.rels": rels,
        },
    )


_MANIFEST = (
    b'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
    b'opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
    b'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
    b'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
)


def _ods_text_bomb(path: Path, rows: int = 200, cols: int = 500, length: int = 32_000) -> Path:
    """An .ods of ~15 KB: one text cell repeated rows x cols times (100,000 cells x 32,000 characters)."""
    import zipfile

    from govreport.read.guards import ODS_MIME

    content = (
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
        f'<table:table table:name="T"><table:table-row table:number-rows-repeated="{rows}">'
        f'<table:table-cell office:value-type="string" table:number-columns-repeated="{cols}"><text:p>'
        + "一"
        * length
        + "</text:p></table:table-cell></table:table-row></table:table>"
        "</office:spreadsheet></office:body></office:document-content>"
    ).encode()
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", ODS_MIME)
        z.writestr("META-INF/manifest.xml", _MANIFEST, zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def test_the_text_bombs_are_real_workbooks(tmp_path: Path) -> None:
    # small versions open: the big ones are refused for their size, not for being malformed
    from govreport.read.spreadsheet import open_book

    assert open_book(_sst_bomb(tmp_path / "s.xlsx", cells=100, length=10)).sheets[0].rows[0][0] == "一" * 10
    assert (
        open_book(_ods_text_bomb(tmp_path / "o.ods", rows=2, cols=3, length=10)).sheets[0].rows[1][2]
        == "一" * 10
    )


@pytest.mark.parametrize(
    "build", [_sst_bomb, _ods_text_bomb], ids=["xlsx-shared-string", "ods-repeated-text"]
)
def test_a_string_repeated_into_a_hundred_thousand_cells_is_refused(build, tmp_path: Path) -> None:
    import resource

    path = build(tmp_path / ("bomb.ods" if build is _ods_text_bomb else "bomb.xlsx"))
    assert path.stat().st_size < 400_000

    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1536 << 20, 1536 << 20))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    res = _run("check", str(path), preexec_fn=limits)
    out = res.stdout.decode() + res.stderr.decode()
    assert res.returncode == 2, (res.returncode, out[-1000:])
    assert path.name in out and "请" in out and "memory allocation" not in out


# ----------------------------------------------------------------------------- file names that are not UTF-8


@pytest.fixture
def gbk_folder(tmp_path: Path) -> Path:
    """A folder as unzipping an archive made on Chinese Windows leaves it: the names are GBK bytes."""
    d = tmp_path / "各单位"
    d.mkdir()
    shutil.copy(DEMO, os.fsencode(d) + b"/" + "甲局2021年报.xlsx".encode("gbk"))
    with open(os.fsencode(d) + b"/" + "坏文件.xlsx".encode("gbk"), "wb") as f:
        f.write(b"junk")
    return d


@pytest.mark.parametrize("fmt", ["json", "csv"])
@pytest.mark.parametrize("to_file", [False, True], ids=["stdout", "file"])
def test_batch_json_and_csv_of_gbk_named_files(
    fmt: str, to_file: bool, gbk_folder: Path, tmp_path: Path
) -> None:
    # the UTF-8 writer met the names' lone surrogates: UnicodeEncodeError, a traceback
    out = tmp_path / f"结果.{fmt}"
    res = _run(
        "batch", str(gbk_folder), "--jobs", "1", "--format", fmt, *(["-o", str(out)] if to_file else [])
    )
    err = res.stderr.decode()
    assert "Traceback" not in err and res.returncode == 2, err
    text = out.read_text(encoding="utf-8-sig") if to_file else res.stdout.decode("utf-8-sig")
    if fmt == "json":
        doc = json.loads(text)
        assert sorted(f["status"] for f in doc["files"]) == ["unreadable", "warnings"]
    else:
        assert text.count("\n") > 2


def test_summary_and_copies_of_gbk_named_files_open(gbk_folder: Path, tmp_path: Path) -> None:
    # openpyxl wrote the surrogates as &#56508;: the summary and the copies' 校验报告 were not XML
    import openpyxl

    summary = tmp_path / "汇总.xlsx"
    copies = tmp_path / "副本"
    res = _invoke("batch", str(gbk_folder), "--jobs", "1", "-o", str(summary), "--fill-dir", str(copies))
    assert "已写出汇总表" in res.output, res.output
    files = [
        row[-1] for row in openpyxl.load_workbook(summary)["汇总"].iter_rows(min_row=2, values_only=True)
    ]
    assert len(files) == 2 and all(isinstance(f, str) for f in files)
    [copy] = list(os.scandir(copies))
    wb = openpyxl.load_workbook(copy.path)
    assert "原文件" in wb["校验报告"]["A2"].value


def test_two_sheets_with_one_name_are_both_read(tmp_path: Path) -> None:
    import random
    import zipfile

    from hostile import mutate
    from samples import consistent_values

    from govreport.check.run import check_file
    from govreport.forms import get_form
    from govreport.template import Layout, write_report

    form = get_form("2021")
    p = tmp_path / "三表.xlsx"
    write_report(
        p,
        form,
        consistent_values(form, random.Random(5)),
        agency="丙局",
        year=2021,
        layout=Layout(one_sheet=False, sheet_names=("表一", "表二", "表三")),
    )
    xml = zipfile.ZipFile(p).read("xl/workbook.xml")
    dup = mutate(
        p, tmp_path / "重名.xlsx", {"xl/workbook.xml": xml.replace("表一".encode(), "表二".encode())}
    )
    assert check_file(p).status == "ok"
    assert "requests" in {t.key for t in check_file(dup).tables}


@pytest.mark.parametrize(
    "args",
    [
        ["check", ""],
        ["batch", ""],
        ["fill", ""],
        ["batch", "{good}", "-o", ""],
        ["fill", "{good}", "-o", " "],
        ["check", "{good}", ""],
    ],
)
def test_an_empty_path_is_a_usage_error_not_the_current_folder(args: list[str], good: Path) -> None:
    # Path("") is "."; `govreport check "$未设置的变量"` searched the whole current folder
    res = _invoke(*[a.format(good=good) for a in args])
    assert res.exit_code == 2 and "路径为空" in res.output, res.output
