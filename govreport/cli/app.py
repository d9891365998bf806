"""The govreport command: options -> one library call -> a renderer -> an exit code.

Over 400 lines: one click group and its six commands share the console, the path checks and the
output guards; each command body is options -> one library call -> a renderer -> an exit code.
"""

from __future__ import annotations

import errno
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import click

from govreport.check.run import check_file, unreadable_report
from govreport.cli import clickzh
from govreport.findings import CODES, envelope, exit_code
from govreport.forms import all_forms, get_form
from govreport.messages import render
from govreport.read.model import DOCUMENT_FORMATS
from govreport.read.paths import collect, is_summary
from govreport.read.spreadsheet import UnreadableError, open_book
from govreport.safe_output import OutputError, check_target, same_file, write_atomic
from govreport.version import __version__

clickzh.install()  # click's own messages (usage, option errors, --help headings) in Chinese


def _console(stderr: bool = False):
    """A rich console; in a pipe or file it is plain text, wide enough for table 2."""
    from rich.console import Console  # deferred: rich loads only when text is printed (not for --format json)

    from govreport.render.printable import (
        guard,  # deferred: rich loads only when text is printed (not for --format json)
    )

    console = Console(stderr=stderr, highlight=False)
    if not console.is_terminal:
        console = Console(stderr=stderr, highlight=False, width=120)
    return guard(console)  # a cell or file name holding ESC sequences must not drive the terminal


def _safe_streams() -> None:
    """A console that cannot show a character (GBK on Chinese Windows) gets a replacement, not a crash."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass


def _print_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _write_stream(path: str, write: Callable[[IO[bytes]], None]) -> None:
    with open(path, "wb") as f:
        write(f)


def _fail(message: str, code: int = 2) -> None:
    click.echo(render("cli-error", message=message), err=True)
    sys.exit(code)


FORM_CHOICE = click.Choice(["2021", "2019"])


class _PathType(click.Path):
    """click.Path that refuses an empty path: Path("") is ".", so `govreport check "$未设置的变量"` searched the
    whole current folder (and `batch` every folder below it) instead of saying the name was missing."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and not value.strip():
            self.fail(render("cli-empty-path"), param, ctx)
        return super().convert(value, param, ctx)


# Every path is checked by the command itself, file by file: click's own "not readable" test would refuse the
# whole command line (usage error, no JSON, the other files unchecked) for one file without read permission.
PATH = _PathType(path_type=Path, readable=False)
# What click shows for a missing or wrong argument ("缺少参数 '文件或文件夹...'"): Chinese, as in README.
PATHS_METAVAR = "文件或文件夹..."


def _named(paths: tuple[Path, ...]) -> str:
    """The paths a clerk typed, for a message that must say where nothing was found."""
    shown = "、".join(str(p) for p in paths[:3])
    return shown + (render("cli-named-more", n=len(paths)) if len(paths) > 3 else "")


def _check_target(output: Path, force: bool, protect: tuple[Path, ...] = ()) -> None:
    """An output the write would refuse: said now, before any checking."""
    try:
        check_target(output, force=force, protect=protect)
    except OutputError as e:
        _fail(e.message)


def _earlier_summary(output: Path) -> bool:
    """True when `output` is a summary workbook an earlier `batch -o` wrote (a batch may replace it)."""
    try:
        return os.path.isfile(output) and is_summary([s.name for s in open_book(output).sheets])
    except UnreadableError:
        return False


def _inputs_at(output: Path, paths: tuple[Path, ...]) -> tuple[Path, ...]:
    """The input workbooks an existing output file is one of (a report inside a folder given to batch)."""
    if not os.path.isfile(output):
        return ()
    # only the folders that hold the output are listed again: no second walk of a thousand files otherwise
    holders = [p for p in paths if p.is_dir() and output.resolve().is_relative_to(p.resolve())]
    if not holders or _earlier_summary(output):
        return ()
    return tuple(f for f in collect(holders).files if same_file(output, f))


def _make_fill_dir(fill_dir: Path) -> None:
    """Make the --fill-dir folder now: one that cannot be made (a file of that name, a read-only place) would
    otherwise fail in every worker and mark every input '无法读取' with an internal error."""
    if os.path.lexists(fill_dir) and not os.path.isdir(fill_dir):
        _fail(render("cli-fill-dir-not-folder", fill_dir=fill_dir))
    try:
        fill_dir.mkdir(parents=True, exist_ok=True)
    except PermissionError:
        _fail(render("cli-fill-dir-no-permission", fill_dir=fill_dir))
    except OSError as e:
        _fail(render("cli-fill-dir-failed", fill_dir=fill_dir, error=e.strerror or e))


def _refuse_folder(output: Path, example: str) -> None:
    """-o naming a folder: say so, before any checking, rather than complain about its extension."""
    if os.path.isdir(output):  # never raises (Path.is_dir does on a name over 255 bytes)
        _fail(render("cli-output-is-folder", output=output, example=output / example))


INTERRUPTED = (
    130  # Ctrl-C: 128 + SIGINT, as shells report it; every command alike (click's own Abort exits 1)
)


class _Group(click.Group):
    """The command group; Ctrl-C in any command is said in Chinese and exits 130, without a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo(render("cli-interrupted"), err=True)
            raise click.exceptions.Exit(INTERRUPTED) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="govreport")
def cli() -> None:
    """检查、补全并校正政府信息公开工作年度报告的表格。

    \b
    例：govreport check 年报.xlsx
        govreport check 各单位年报/ --format json
        govreport fill 年报.xlsx
        govreport batch 各单位年报/ -o 汇总.xlsx
        govreport template --form 2021 -o 模板.xlsx
    """
    _safe_streams()


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=PATH, metavar=PATHS_METAVAR)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help=render("cli-help-check-format"),
)
@click.option("--form", type=FORM_CHOICE, default=None, help=render("cli-help-form"))
@click.option("--no-tables", is_flag=True, help=render("cli-help-quiet"))
@click.option("--debug", is_flag=True, help=render("cli-help-debug"))
def check(paths: tuple[Path, ...], fmt: str, form: str | None, no_tables: bool, debug: bool) -> None:
    """检查一个或多个年报工作簿或文档（文件夹会递归查找 .xlsx/.xlsm/.xls/.ods/.docx/.docm/.doc/.wps/.odt/.pdf，
    以及含年报标题或表格标签的 .txt/.html）。

    退出码：0 全部通过（可有警告），1 有错误，2 有文件无法读取或用法错误。

    \b
    例：govreport check 老城区商务和工业信息化局2021年政府信息公开工作年度报告.xlsx
    """
    spec = get_form(form) if form else None
    listed = collect(list(paths))
    if not listed.files:
        _fail(render("cli-nothing-found", paths=_named(paths)))
    reports = [
        unreadable_report(p, listed.unreadable[p])
        if p in listed.unreadable
        else check_file(p, spec, debug=debug)
        for p in listed.files
    ]
    # govreport's own summary found in a folder is not a report: left out (one named on the command line is said)
    skipped = [r for r in reports if r.summary and Path(r.path) not in paths]
    reports = [r for r in reports if r not in skipped]
    for r in skipped:
        click.echo(render("cli-skipped-summary", path=r.path), err=True)
    if not reports:
        _fail(render("cli-only-summaries", paths=_named(paths)))
    if fmt == "json":
        _print_json(envelope(reports))
    else:
        from govreport.render.terminal import (  # deferred: rich's tables load only for text output
            print_report,
            print_summary,
        )

        console = _console()
        for report in reports:
            print_report(report, console, show_tables=not no_tables)
        if len(reports) > 1:
            print_summary(reports, console)
    sys.exit(exit_code(reports))


@cli.command()
@click.argument("path", type=PATH, metavar="文件")
@click.option(
    "-o",
    "--output",
    type=PATH,
    default=None,
    help=render("cli-help-fill-output"),
)
@click.option("--dry-run", is_flag=True, help=render("cli-help-dry-run"))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help=render("cli-help-fill-format"),
)
@click.option("--force", is_flag=True, help=render("cli-help-fill-force"))
@click.option("--no-tables", is_flag=True, help=render("cli-help-fill-quiet"))
def fill(path: Path, output: Path | None, dry_run: bool, fmt: str, force: bool, no_tables: bool) -> None:
    """补全空白、规范数字、校正能唯一确定的错误，写出一份校正后的副本（原文件不变）。

    改动的单元格按类别着色并加中文批注，另加“校验报告”工作表列出全部问题和改动。
    Word 文档（.docx/.docm）写回同类型的文档：每处改动是作者为 govreport 的修订，附批注说明原因。
    Word 97-2003/WPS 旧格式文档（.doc/.wps）、网页、文本副本、PDF（及 .odt，须 -o 指定 .xlsx）的数字
    写入对应格式版本的全国格式模板工作簿后校正。
    退出码：0 校正后没有错误，1 仍有错误或有待人工核实的改动，2 文件无法读取或无法写出。

    \b
    例：govreport fill 年报.xlsx
        govreport fill 年报.xlsx -o 年报_已校正.xlsx --force
        govreport fill 年报.xlsx --dry-run
        govreport fill 年报.docx          （写出 年报_已校正.docx，改动为修订）
        govreport fill 年报.html          （写出 年报_已校正.xlsx，全国格式模板）
    """
    from govreport.fill.run import (  # deferred: fill pulls in openpyxl: loaded only by fill
        default_output,
        fill_file,
    )

    if output is not None:
        _refuse_folder(output, default_output(path).name)
    if not dry_run and path.is_file():
        # what the write would refuse, said before the check rather than after the whole report
        _check_target(output if output is not None else default_output(path), force, protect=(path,))
    result = fill_file(path, output, force=force, dry_run=dry_run)
    if fmt == "json":
        _print_json(result.to_dict())
    else:
        from govreport.render.terminal import (  # deferred: rich's tables load only for text output
            print_changes,
            print_report,
        )

        console = _console()
        shown = result.output if result.output is not None else result.input
        if dry_run and result.output is not None:
            # The heading below names a copy that a dry run never writes.
            console.print(render("cli-dry-run"), style="dim")
        print_report(shown, console, show_tables=not no_tables, changes=result.plan.by_table())
        if result.input.unreadable:
            # Nothing was planned or written: no "no changes needed" and no "copy written" line.
            console.print(render("cli-not-filled-unreadable"), style="bold red")
        else:
            print_changes(
                result.plan.edits,
                result.plan.questions,
                console,
                dropped=result.dropped,
                out_path=result.out_path,
                dry_run=dry_run,
                error=result.error,
                copy_unreadable=result.output is not None and result.output.unreadable,
                narrative=[c.message for c in result.narrative],
                document=result.input.file_type in DOCUMENT_FORMATS,
            )
    sys.exit(result.exit_code)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=PATH, metavar="文件夹...")
@click.option(
    "-o",
    "--output",
    type=PATH,
    default=None,
    help=render("cli-help-batch-output"),
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "csv"]),
    default="text",
    show_default=True,
    help=render("cli-help-batch-format"),
)
@click.option("--jobs", type=click.IntRange(min=1), default=None, help=render("cli-help-jobs"))
@click.option(
    "--fill-dir",
    type=PATH,
    default=None,
    help=render("cli-help-fill-dir"),
)
@click.option("--errors-only", is_flag=True, help=render("cli-help-batch-quiet"))
@click.option("--force", is_flag=True, help=render("cli-help-batch-force"))
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0.1),
    default=60.0,
    show_default=True,
    help=render("cli-help-timeout"),
)
def batch(
    paths: tuple[Path, ...],
    output: Path | None,
    fmt: str,
    jobs: int | None,
    fill_dir: Path | None,
    errors_only: bool,
    force: bool,
    time_limit: float,
) -> None:
    """批量检查一个或多个文件夹中的全部年报（数百上千个文件），并做跨文件检查。

    一个文件损坏、加密、超时或导致进程崩溃，只记为“无法读取”，其余文件照常检查。
    退出码：0 全部通过（可有警告），1 有错误，2 有文件无法读取或用法错误。

    \b
    例：govreport batch 各单位年报/ -o 汇总.xlsx
        govreport batch 各单位年报/ --format csv -o 问题清单.csv
        govreport batch 2021/ 2022/ --format json --errors-only
    """
    from govreport.batch.run import (  # deferred: the pool, summary and fill load only for batch
        WorkerError,
        run_batch,
    )
    from govreport.render.batch_stream import write_batch_stream  # deferred: loaded only for batch
    from govreport.render.batch_terminal import (  # deferred: rich's tables load only for text output
        print_batch,
        print_fill_dir,
        progress_bar,
    )

    if output is not None:
        suffix = {"text": ".xlsx", "json": ".json", "csv": ".csv"}[fmt]
        _refuse_folder(output, "汇总" + suffix)
        if output.suffix.lower() != suffix:
            _fail(render("cli-output-suffix", output=output, suffix=suffix, fmt=fmt))
        # before checking everything, not after; a workbook inside an input folder is an input too (--force or not)
        _check_target(output, force, protect=paths + _inputs_at(output, paths))
    replaces = output is not None and _earlier_summary(output)
    if fill_dir is not None:
        for p in paths:
            if p.is_dir() and fill_dir.resolve().is_relative_to(p.resolve()):
                _fail(render("cli-fill-dir-inside-input", fill_dir=fill_dir, folder=p))
        _make_fill_dir(fill_dir)
    try:
        with progress_bar(_console(stderr=True)) as progress:
            result = run_batch(
                list(paths), jobs=jobs, time_limit=time_limit, fill_dir=fill_dir, progress=progress
            )
    except WorkerError as e:
        _fail(e.message)
    except KeyboardInterrupt:
        _fail(render("cli-interrupted-nothing-written"), INTERRUPTED)
    # every input is kept from being written over, even with --force; an earlier summary among them may be replaced
    inputs: tuple[str | os.PathLike, ...] = (
        *paths,
        *(r.path for r in result.files if not (replaces and same_file(r.path, output or ""))),
    )
    if not result.files:
        _fail(render("cli-nothing-found", paths=_named(paths)))
    try:
        if fmt in ("json", "csv"):

            def write(stream: IO[bytes]) -> None:
                write_batch_stream(stream, result, fmt, errors_only=errors_only, fill=fill_dir is not None)

            if output is None:
                if (
                    sys.stdout is not None
                ):  # None: started with stdout closed (`>&-`); the exit code still tells
                    sys.stdout.flush()
                    write(sys.stdout.buffer)
                    sys.stdout.buffer.flush()
            else:
                write_atomic(output, lambda tmp: _write_stream(tmp, write), force=force, protect=inputs)
        else:
            console = _console()
            print_batch(result, console, errors_only)
            if output is not None:
                from govreport.render.summary import (
                    write_summary,  # deferred: the pool, summary and fill load only for batch
                )

                write_atomic(
                    output, lambda tmp: write_summary(tmp, result, errors_only), force=force, protect=inputs
                )
                console.print(render("cli-summary-written", output=output))
            if fill_dir is not None:
                print_fill_dir(result, fill_dir, console)
    except OutputError as e:
        _fail(e.message)
    sys.exit(result.exit_code())


@cli.command()
@click.option(
    "--form", type=FORM_CHOICE, default="2021", show_default=True, help=render("cli-help-template-form")
)
@click.option("-o", "--output", type=PATH, required=True, help=render("cli-help-template-output"))
@click.option("--force", is_flag=True, help=render("cli-help-template-force"))
@click.option("--agency", default=None, help=render("cli-help-agency"))
@click.option("--year", type=click.IntRange(1900, 9999), default=None, help=render("cli-help-year"))
def template(form: str, output: Path, force: bool, agency: str | None, year: int | None) -> None:
    """生成空白的国家格式年报模板（合并单元格、边框、列宽、打印设置）。

    \b
    例：govreport template --form 2021 -o 模板_2021.xlsx
    """
    from govreport.template import write_report  # deferred: openpyxl loads only for template

    _refuse_folder(output, f"模板_{form}.xlsx")
    if agency is not None and (
        len(agency) > 100 or any(ord(ch) < 32 or 127 <= ord(ch) < 160 for ch in agency)
    ):
        # a cell cannot hold control characters (openpyxl raised out of the write: a traceback)
        _fail(render("cli-agency-invalid"))
    if output.suffix.lower() != ".xlsx":
        # openpyxl writes an .xlsx whatever the name; as 模板.xls or .docx Excel/WPS would refuse to open it
        _fail(render("cli-template-suffix", output=output))
    try:

        def write(tmp: str) -> None:
            write_report(tmp, get_form(form), None, agency=agency, year=year)

        write_atomic(output, write, force=force)
    except OutputError as e:
        _fail(e.message)
    click.echo(render("cli-template-written", form=form, output=output))


@cli.group(invoke_without_command=True)
@click.pass_context
def forms(ctx: click.Context) -> None:
    """列出支持的表格格式版本。

    \b
    例：govreport forms
        govreport forms show 2021
    """
    if ctx.invoked_subcommand is None:
        for f in all_forms():
            years = (
                render("cli-form-years-from", year=f.first_year)
                if f.last_year >= 9999
                else render("cli-form-years-range", first=f.first_year, last=f.last_year)
            )
            click.echo(render("cli-form-line", version=f.version, name=f.name, years=years))


@forms.command("show")
@click.argument("version", type=FORM_CHOICE, metavar="版本")
def forms_show(version: str) -> None:
    """显示一个格式版本的全部表格、行、列和勾稽关系。

    \b
    例：govreport forms show 2021
    """
    from govreport.render.form_spec import form_lines  # deferred: rich's tables load only for text output

    for line in form_lines(get_form(version)):
        click.echo(line)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def codes(fmt: str) -> None:
    """列出所有检查结果代码（稳定，可供程序使用）和勾稽关系编号。

    \b
    例：govreport codes --format json
    """
    relations = {}
    for f in all_forms():
        for t in f.tables:
            for r in t.relations:
                relations[f"{t.key}.{r.id}"] = r.label
            for q in t.inequalities:
                relations[f"{t.key}.{q.id}"] = q.label
    if fmt == "json":
        _print_json(
            {
                "codes": [
                    {"code": c.code, "severity": c.severity, "meaning": c.title} for c in CODES.values()
                ],
                "relations": [{"id": k, "meaning": v} for k, v in relations.items()],
            }
        )
        return
    for c in CODES.values():
        click.echo(
            render(
                "cli-code-line",
                code=c.code,
                severity=render("severity-error" if c.severity == "error" else "severity-warning"),
                title=c.title,
            )
        )
    click.echo()
    for k, v in relations.items():
        click.echo(f"{k:<32} {v}")


def main() -> None:
    """Entry point of the console script."""
    _safe_streams()  # here too: click answers --help and --version before the group's callback runs
    try:
        cli(prog_name="govreport")
    except KeyboardInterrupt:  # before or after a command runs (imports, the streams' last flush)
        sys.exit(INTERRUPTED)
    except OSError as e:
        # The output stream itself failed (`> 结果.txt` on a full disk; click handles only a closed pipe):
        # say so in Chinese on stderr, if that still works, instead of a traceback and exit code 1 ("errors").
        _stream_failed(e)


def _stream_failed(e: OSError) -> None:
    why = {
        errno.ENOSPC: render("cli-disk-full"),
        errno.EDQUOT: render("cli-quota"),
        errno.EFBIG: render("cli-file-too-big"),
    }.get(e.errno or 0, e.strerror or str(e))
    try:
        # the interpreter flushes stdout once more at exit: let that go nowhere rather than fail again
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
    except (OSError, AttributeError, ValueError):
        pass
    message = render("cli-output-failed", why=why)
    if (
        e.filename is not None
    ):  # not the stream: a path some step could not handle (last resort, no traceback)
        message = render("cli-path-failed", path=e.filename, why=why)
    try:
        print(render("cli-error", message=message), file=sys.stderr, flush=True)
    except (OSError, AttributeError, ValueError):
        pass
    sys.exit(2)
