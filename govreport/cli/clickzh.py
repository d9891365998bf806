"""click's own words (usage lines, option errors, --help headings) in Chinese.

click marks every message it prints with gettext but reads the language from the environment, which a
clerk's machine does not set for this; so the command line installs this table into click's modules
instead. A message missing here stays in English, never breaks: the lookup falls back to the original.
"""

from __future__ import annotations

import importlib
import sys

# English (exactly as click writes it, placeholders included) -> Chinese with the same placeholders.
MESSAGES: dict[str, str] = {
    "Usage:": "用法:",  # click adds a space and writes headings as "选项:": one colon style throughout
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "位置参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "%(prog)s, version %(version)s": "%(prog)s 版本 %(version)s",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "输入“{command} {option}”查看帮助。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing command.": "缺少命令。",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "Option {name!r} does not take a value.": "选项 {name!r} 不接受取值。",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的取值无效：{message}",
    "Invalid value: {message}": "取值无效：{message}",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是文件夹。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 不可读。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 不可写。",
    "{name} {filename!r} is not executable.": "{name} {filename!r} 不可执行。",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "default: {default}": "默认：{default}",
    "Aborted!": "已中止。",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    # ngettext pairs: the plural form maps like the singular
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个取值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 需要 {nargs} 个取值。",
    "Did you mean {possibility}?": "是否要输入 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是否要输入其中之一：{possibilities}？）",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不是 {choices} 之一。",
}

# Metavars in usage lines and "缺少参数 'PATHS...'": click builds them from option and argument names.
METAVARS: dict[str, str] = {
    "[OPTIONS]": "[选项]",
    "COMMAND [ARGS]...": "命令 [参数]...",
    "[COMMAND] [ARGS]...": "[命令] [参数]...",
    "PATHS": "文件或文件夹",
    "PATH": "文件",
}

_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "termui", "utils")


def gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return gettext(singular if n == 1 else plural)


def install() -> None:
    """Make click's modules look their messages up here (they call the `_`/`ngettext` they imported)."""
    for name in _MODULES:
        try:
            module = importlib.import_module(f"click.{name}")
        except ImportError:
            continue
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]
    core = importlib.import_module("click.core")
    exceptions = importlib.import_module("click.exceptions")
    if not getattr(core.Command.collect_usage_pieces, "_zh", False):
        for cls in core.Group.__mro__:
            if "collect_usage_pieces" in vars(cls):  # a group adds its COMMAND [ARGS]... after the command's
                _wrap(cls, "collect_usage_pieces", lambda pieces: [METAVARS.get(p, p) for p in pieces])
        _wrap(core.Argument, "make_metavar", _argument_metavar)
        # "缺少参数 'PATHS...'." ends in click's own full stop
        _wrap(
            exceptions.MissingParameter, "format_message", lambda m: m[:-1] + "。" if m.endswith(".") else m
        )
    if not getattr(exceptions.NoSuchOption.format_message, "_zh", False):
        _with_dash_hint(exceptions.NoSuchOption)
    types = importlib.import_module("click.types")
    # the type's name enters "… is not a valid {number_type}" untranslated
    for attr, zh in (("INT", "整数"), ("FLOAT", "数字"), ("IntRange", "整数"), ("FloatRange", "数字")):
        if hasattr(types, attr):
            getattr(types, attr).name = zh


def _argument_metavar(var: str) -> str:
    bare = var.strip("[]").removesuffix("...")
    return var.replace(bare, METAVARS[bare]) if bare in METAVARS else var


def _wrap(cls: type, name: str, after) -> None:
    """cls.name(...) with its result passed through `after` (once: install may run more than once)."""
    original = getattr(cls, name)

    def wrapped(*args, **kwargs):
        return after(original(*args, **kwargs))

    wrapped._zh = True  # type: ignore[attr-defined]
    setattr(cls, name, wrapped)


def _with_dash_hint(cls: type) -> None:
    """ "没有选项 '-2'" for a file named -2021.xlsx: click reads any word starting with '-' as options.
    Where the command takes file names, say how to pass such a name (after --, or as ./-2021.xlsx)."""
    original = cls.format_message  # type: ignore[attr-defined]

    def format_message(self) -> str:
        message = original(self)
        ctx = getattr(self, "ctx", None)
        if (
            ctx is None
            or getattr(self, "possibilities", None)  # a mistyped option: click suggests the real one
            or not any(p.param_type_name == "argument" for p in ctx.command.params)
        ):
            return message
        # the whole word typed (click names only '-2' of '-2021.xlsx'), when it is on the command line
        name = next((a for a in sys.argv[1:] if a.startswith(self.option_name)), self.option_name)
        return (
            f"{message}\n如果 {name} 是以“-”开头的文件或文件夹名，请在它前面加 --（如 "
            f"{ctx.command_path} -- {name}），或写成 ./{name}。"
        )

    format_message._zh = True  # type: ignore[attr-defined]
    cls.format_message = format_message  # type: ignore[attr-defined]
