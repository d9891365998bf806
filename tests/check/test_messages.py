"""Messages as a user meets them: a GBK console (Chinese Windows), characters GBK cannot show, --debug.

Run as child processes because the encoding of stdout is fixed when Python starts.
"""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DEMO, ROOT

# Raise inside the checker, as a defect of ours would.
BREAK_LOCATE = (
    "import govreport.check.run as _c\n"
    "def _broken(*a, **k):\n"
    "    raise ZeroDivisionError('a defect')\n"
    "_c.locate = _broken\n"
)


def run(args: list[str], encoding: str = "gbk", prelude: str = "") -> subprocess.CompletedProcess:
    code = f"{prelude}\nimport runpy; runpy.run_module('govreport', run_name='__main__', alter_sys=True)"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": encoding},
    )


@pytest.fixture(scope="module")
def odd_chars(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A report whose agency, a cell and the file name hold characters GBK cannot encode."""
    import random

    from samples import consistent_values

    from govreport.forms import get_form
    from govreport.template import write_report

    form = get_form("2021")
    vals = consistent_values(form, random.Random(2), zero_share=0.2)
    vals[("requests", "new", "business")] = "✓ 3 😀"  # invalid-value: the message quotes it
    p = tmp_path_factory.mktemp("odd") / "✓报告😀.xlsx"
    write_report(p, form, vals, agency="测试局✗😀", year=2021)
    return p


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_gbk_console_demo(fmt: str) -> None:
    res = run(["check", str(DEMO), "--format", fmt])
    assert res.returncode == 0, res.stderr.decode("gbk", "replace")
    out = res.stdout.decode("gbk")  # strictly GBK: every byte must decode
    assert "Traceback" not in res.stderr.decode("gbk", "replace")
    if fmt == "json":
        assert json.loads(out)["files"][0]["status"] == "warnings"
    else:
        assert "按勾稽关系应为 0" in out


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_gbk_console_unencodable_characters_are_replaced(odd_chars: Path, fmt: str) -> None:
    res = run(["check", str(odd_chars), "--format", fmt])
    err = res.stderr.decode("gbk", "replace")
    assert "UnicodeEncodeError" not in err and "Traceback" not in err, err
    assert res.returncode == 1
    out = res.stdout.decode("gbk")
    assert "报告" in out and "?" in out  # ✓ 😀 became "?"; the Chinese text is intact
    assert "不是数字" in out or "invalid-value" in out
    if fmt == "json":
        data = json.loads(out)
        assert data["files"][0]["agency"].startswith("测试局")


def test_gbk_unreadable_message_names_the_file(tmp_path: Path) -> None:
    p = tmp_path / "坏文件✗.xlsx"
    p.write_bytes(b"not a workbook")
    res = run(["check", str(p)])
    out = res.stdout.decode("gbk") + res.stderr.decode("gbk")
    assert res.returncode == 2 and "坏文件?.xlsx" in out and "Traceback" not in out


def test_gbk_terminal_through_rich(odd_chars: Path) -> None:
    """On a terminal (not a pipe) rich writes itself; it must not raise either."""
    master, slave = pty.openpty()
    code = "import runpy; runpy.run_module('govreport', run_name='__main__', alter_sys=True)"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "check", str(odd_chars)],
        stdout=slave,
        stderr=slave,
        stdin=subprocess.DEVNULL,
        env={
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "PYTHONIOENCODING": "gbk",
            "TERM": "xterm",
            "COLUMNS": "120",
        },
    )
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            proc.kill()
            pytest.fail("no output for 60 s")
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    assert proc.wait(timeout=60) == 1
    out = b"".join(chunks).decode("gbk", "replace")
    assert "Traceback" not in out and "UnicodeEncodeError" not in out
    assert "不是数字" in out


def test_internal_error_is_a_chinese_message_without_traceback() -> None:
    res = run(["check", str(DEMO)], prelude=BREAK_LOCATE)
    out = res.stdout.decode("gbk") + res.stderr.decode("gbk")
    assert res.returncode == 2
    assert "Traceback" not in out
    assert "内部错误" in out and "--debug" in out and DEMO.name in out


def test_debug_shows_the_traceback() -> None:
    res = run(["check", "--debug", str(DEMO)], prelude=BREAK_LOCATE)
    err = res.stderr.decode("gbk", "replace")
    assert res.returncode != 0
    assert "Traceback" in err and "ZeroDivisionError: a defect" in err


def test_no_workbook_found_says_what_to_do(tmp_path: Path) -> None:
    res = run(["check", str(tmp_path)])
    err = res.stderr.decode("gbk")
    assert res.returncode == 2 and "没有找到" in err and "请" in err
