"""The hostile corpus as a user meets it: `python -m govreport check FILE` in a child process.

In a child process a guard that fails shows as what it is for a user — an aborted process, a hang, a
traceback — instead of taking the test run down. Each run gets a time limit and an address-space limit;
each case must exit 2 with a Chinese message naming the file, print no traceback and leave the file as it was.
"""

from __future__ import annotations

import hashlib
import os
import re
import resource
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import DEMO, ROOT
from hostile import (
    LAUGHS,
    MAIN,
    XXE,
    base_xlsx,
    bomb_sheet,
    cfb,
    far_apart_sheet,
    million_rows_sheet,
    mutate,
)

TIMEOUT = 60  # seconds; each case takes well under 2 s here
MEMORY = 1536 * 1024 * 1024  # address space of the child: far below what the bombs would need
CJK = re.compile(r"[\u4e00-\u9fff]")


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def run_check(
    path: Path, *args: str, prelude: str = "", env: dict | None = None
) -> subprocess.CompletedProcess:
    """`python -m govreport check path` (prelude: Python run first, e.g. to simulate a denied read)."""
    code = f"{prelude}\nimport runpy; runpy.run_module('govreport', run_name='__main__', alter_sys=True)"
    return subprocess.run(
        [sys.executable, "-c", code, "check", str(path), *args],
        capture_output=True,
        timeout=TIMEOUT,
        preexec_fn=_limits,
        cwd=path.parent if path.parent.exists() else None,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8", **(env or {})},
    )


def _digest(path: Path) -> str | None:
    if not path.is_file():
        return None
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return base_xlsx(tmp_path_factory.mktemp("base") / "base.xlsx")


def _write(p: Path, data: bytes) -> Path:
    p.write_bytes(data)
    return p


def _no_tables(d: Path) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "工资表"
    for r in range(1, 20):
        ws.cell(r, 1, f"职工{r}")
        ws.cell(r, 2, 1000 + r)
    wb.save(d / "工资表.xlsx")
    return d / "工资表.xlsx"


def _directory(d: Path) -> Path:
    p = d / "年报.xlsx"
    p.mkdir()
    return p


# name -> builder(dir, base) -> path; every one must be refused with exit code 2
HOSTILE = {
    "empty": lambda d, b: _write(d / "empty.xlsx", b""),
    "text-renamed": lambda d, b: _write(d / "notes.xlsx", "这不是表格\n1,2,3\n".encode()),
    "truncated-zip": lambda d, b: _write(d / "half.xlsx", b.read_bytes()[: len(b.read_bytes()) // 2]),
    "damaged-central-dir": lambda d, b: _write(
        d / "cd.xlsx", b.read_bytes().replace(b"PK\x01\x02", b"XX\x01\x02")
    ),
    "encrypted": lambda d, b: _write(d / "locked.xlsx", cfb(["EncryptionInfo", "EncryptedPackage"])),
    "laughs-sharedStrings": lambda d, b: mutate(
        b, d / "lol1.xlsx", {"xl/sharedStrings.xml": LAUGHS + f'<sst xmlns="{MAIN}">&lol9;</sst>'.encode()}
    ),
    "laughs-sheet": lambda d, b: mutate(
        b,
        d / "lol2.xlsx",
        {"xl/worksheets/sheet1.xml": LAUGHS + f'<worksheet xmlns="{MAIN}">&lol9;</worksheet>'.encode()},
    ),
    "laughs-workbook": lambda d, b: mutate(
        b,
        d / "lol3.xlsx",
        {"xl/workbook.xml": LAUGHS + f'<workbook xmlns="{MAIN}">&lol9;</workbook>'.encode()},
    ),
    "external-entity": lambda d, b: mutate(b, d / "xxe.xlsx", {"xl/styles.xml": XXE + b"<x>&xxe;</x>"}),
    "far-apart-cells": lambda d, b: mutate(
        b, d / "far.xlsx", {"xl/worksheets/sheet1.xml": far_apart_sheet()}
    ),
    "zip-bomb": lambda d, b: mutate(b, d / "bomb.xlsx", {"xl/worksheets/sheet1.xml": bomb_sheet()}, level=9),
    "million-rows": lambda d, b: mutate(
        b, d / "rows.xlsx", {"xl/worksheets/sheet1.xml": million_rows_sheet()}, level=1
    ),
    "no-tables": lambda d, b: _no_tables(d),
    "lock-file": lambda d, b: _write(
        d / "~$年报.xlsx", b"\x06Zhang3" + b" " * 48 + "张三".encode("utf-16-le")
    ),
    "lo-lock-file": lambda d, b: _write(
        d / ".~lock.年报.xlsx#", b"zhang,host,zhang,27.11.2024 10:00,file:///C:/x;"
    ),
    "directory": lambda d, b: _directory(d),
    "word-in-ole": lambda d, b: _write(d / "word.xls", cfb(["WordDocument", "1Table"])),
}

WHAT = {  # a word the message must contain, where the case has a specific one
    "empty": "空",
    "encrypted": "加密",
    "far-apart-cells": "1048576",
    "zip-bomb": "压缩炸弹",
    "million-rows": "100,000",
    "no-tables": "找不到",
    "lock-file": "锁定文件",
    "lo-lock-file": "锁定文件",
    "directory": "文件夹",
    "laughs-sheet": "DOCTYPE",
    "external-entity": "DOCTYPE",
    "truncated-zip": "损坏",
}


def _assert_refused(res: subprocess.CompletedProcess, path: Path, elapsed: float, what: str | None) -> None:
    out = res.stdout.decode("utf-8") + res.stderr.decode("utf-8")
    assert res.returncode == 2, (res.returncode, out[-2000:])
    assert "Traceback" not in out, out
    assert path.name in out, out
    assert CJK.search(out)
    assert "请" in out, out  # says what to do
    if what:
        assert what in out, out
    assert elapsed < TIMEOUT


@pytest.mark.parametrize("case", list(HOSTILE))
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_hostile_file_refused(case: str, fmt: str, tmp_path: Path, base: Path) -> None:
    path = HOSTILE[case](tmp_path, base)
    before = _digest(path)
    t0 = time.monotonic()
    res = run_check(path, "--format", fmt)
    _assert_refused(res, path, time.monotonic() - t0, WHAT.get(case))
    assert _digest(path) == before
    if fmt == "json":
        import json

        [entry] = json.loads(res.stdout)["files"]
        assert entry["status"] == "unreadable"
        assert entry["findings"][0]["code"] in ("file-unreadable", "no-tables")


def test_permission_denied(tmp_path: Path, base: Path) -> None:
    p = tmp_path / "secret.xlsx"
    shutil.copy(base, p)
    p.chmod(0)
    prelude = ""
    if os.geteuid() == 0:
        # root ignores file modes: make the read fail in the child as it would for a normal user
        prelude = (
            "import os\n"
            "_open = os.open\n"
            "def _deny(path, *a, **k):\n"
            "    if str(path).endswith('secret.xlsx'):\n"
            "        raise PermissionError(13, 'Permission denied', str(path))\n"
            "    return _open(path, *a, **k)\n"
            "os.open = _deny\n"
        )
    try:
        t0 = time.monotonic()
        res = run_check(p, prelude=prelude)
        _assert_refused(res, p, time.monotonic() - t0, "权限")
    finally:
        p.chmod(0o644)
    assert p.read_bytes() == base.read_bytes()


def test_real_workbook_in_a_path_with_spaces_and_chinese(tmp_path: Path) -> None:
    d = tmp_path / "各单位 年报" / "老城区 商务局"
    d.mkdir(parents=True)
    p = d / "老城区 商务局 2021年 报告.xlsx"
    shutil.copy(DEMO, p)
    before = _digest(p)
    res = run_check(p)
    out = res.stdout.decode("utf-8")
    assert res.returncode == 0, out + res.stderr.decode()
    assert (
        p.name in out.replace("\n", "") and "Traceback" not in out + res.stderr.decode()
    )  # a long tmp path wraps
    assert _digest(p) == before


def test_memory_limit_is_effective(tmp_path: Path) -> None:
    """The child's limit is real: allocating past it fails there instead of swapping the machine."""
    res = subprocess.run(
        [sys.executable, "-c", "b = bytearray(2 * 1024**3)"],
        capture_output=True,
        timeout=TIMEOUT,
        preexec_fn=_limits,
    )
    assert res.returncode != 0 and b"MemoryError" in res.stderr


def test_stray_zip_member_names_do_not_matter(tmp_path: Path, base: Path) -> None:
    """A real workbook with an extra odd member (a zip comment, a path with ..) still just works."""
    p = mutate(base, tmp_path / "extra.xlsx", {"../../evil.txt": b"x"})
    with zipfile.ZipFile(p, "a") as z:
        z.comment = b"hello"
    before = _digest(p)
    res = run_check(p)
    out = res.stdout.decode() + res.stderr.decode()
    assert res.returncode == 2 and "Traceback" not in out  # no report tables in it: no-tables, cleanly
    assert _digest(p) == before
