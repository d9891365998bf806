"""A batch checks the reports inside ZIP archives (各单位年报.zip), named by the archive and their path in it,
unpacked within bounds into a temporary folder that is removed afterwards."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from click.testing import CliRunner
from conftest import DEMO

from govreport.batch.archives import MAX_MEMBER_BYTES
from govreport.batch.run import run_batch
from govreport.cli.app import cli

DOC = Path(__file__).resolve().parent.parent / "data" / "national-2021-wrong-cell.doc"


def _zip(path: Path, members: dict[str, bytes], *, gbk: bool = False) -> Path:
    """A zip of these members; gbk: names stored as GBK bytes without the UTF-8 flag (Chinese Windows)."""
    names = list(members)
    raw = [n.encode("gbk") if gbk else n.encode() for n in names]
    stand_ins = [chr(ord("a") + i) * len(r) for i, r in enumerate(raw)]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, stand_in in zip(names, stand_ins, strict=True):
            z.writestr(stand_in if gbk else name, members[name])
    if gbk:
        data = path.read_bytes()
        for r, stand_in in zip(raw, stand_ins, strict=True):
            data = data.replace(stand_in.encode(), r)
        path.write_bytes(data)
    return path


def _temp_folders() -> set[str]:
    return {p for p in os.listdir(tempfile.gettempdir()) if p.startswith("govreport-zip-")}


def test_the_reports_in_a_zip_are_checked_and_named_by_the_archive(tmp_path):
    folder = tmp_path / "收到"
    folder.mkdir()
    _zip(
        folder / "第一批.zip",
        {
            "甲局/甲局2021年政府信息公开工作年度报告.xlsx": DEMO.read_bytes(),
            "丙局/丙局2021年报.doc": DOC.read_bytes(),
            "照片.jpg": b"\xff\xd8",
            "../../逃逸2021年报.xlsx": DEMO.read_bytes(),
        },
    )
    before = _temp_folders()
    batch = run_batch([folder], jobs=1)
    by = {os.path.relpath(r.path, folder): r for r in batch.files}
    assert set(by) == {
        os.path.join("第一批.zip", "甲局", "甲局2021年政府信息公开工作年度报告.xlsx"),
        os.path.join("第一批.zip", "丙局", "丙局2021年报.doc"),
        os.path.join("第一批.zip", "逃逸2021年报.xlsx"),  # kept inside: no member leaves the temporary folder
    }
    doc = by[os.path.join("第一批.zip", "丙局", "丙局2021年报.doc")]
    assert doc.status == "errors" and doc.agency == "丙局"  # the folder inside the archive names the agency
    assert any(f.code == "sum-mismatch" for f in doc.findings)
    assert batch.skipped.get("other-type") == 1  # the photo
    assert not (tmp_path / "逃逸2021年报.xlsx").exists()
    assert _temp_folders() == before  # unpacked files removed


def test_gbk_names_and_the_cli_json(tmp_path):
    z = _zip(tmp_path / "各单位年报.zip", {"乙局2021年报.xlsx": DEMO.read_bytes()}, gbk=True)
    res = CliRunner().invoke(cli, ["batch", "--format", "json", "--jobs", "1", str(z)])
    paths = [f["path"] for f in json.loads(res.output)["files"]]
    assert paths == [f"{z}/乙局2021年报.xlsx"], res.output


def test_encrypted_or_oversized_members_are_refused_and_counted(tmp_path):
    z = _zip(tmp_path / "报告.zip", {"甲2021年报.xlsx": DEMO.read_bytes(), "乙2021年报.xlsx": b"0" * 100})
    data = bytearray(z.read_bytes())
    # mark the second member encrypted (general purpose flag bit 0) in its local and central headers
    for sig in (b"PK\x03\x04", b"PK\x01\x02"):
        at = data.rfind(sig)
        flag = at + (6 if sig == b"PK\x03\x04" else 8)
        data[flag] |= 0x1
    z.write_bytes(bytes(data))
    batch = run_batch([z], jobs=1)
    assert [Path(r.path).name for r in batch.files] == ["甲2021年报.xlsx"]
    assert batch.skipped.get("archive-refused") == 1


def test_a_member_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    import govreport.batch.archives as archives

    monkeypatch.setattr(archives, "MAX_MEMBER_BYTES", 1000)
    z = _zip(tmp_path / "报告.zip", {"大2021年报.xlsx": b"0" * 5000})
    batch = run_batch([z], jobs=1)
    assert batch.files == [] and batch.skipped.get("archive-refused") == 1
    assert MAX_MEMBER_BYTES > 1000


def test_fill_dir_says_a_report_in_an_archive_is_not_corrected(tmp_path):
    z = _zip(tmp_path / "报告.zip", {"甲2021年报.xlsx": DEMO.read_bytes()})
    out = tmp_path / "校正"
    batch = run_batch([z], jobs=1, fill_dir=out)
    [r] = batch.files
    assert r.filled is None and "压缩包" in (r.fill_error or "")
    assert not out.exists() or not any(out.rglob("*.xlsx"))
    shutil.rmtree(out, ignore_errors=True)


def test_a_damaged_zip_is_reported_not_unpacked(tmp_path):
    z = tmp_path / "坏2021年报.zip"
    z.write_bytes(b"PK\x03\x04" + b"\0" * 50)
    batch = run_batch([z], jobs=1)
    [r] = batch.files
    assert r.status == "unreadable" and r.path == str(z)


def test_member_names_never_leave_the_temporary_folder():
    from govreport.batch.archives import _safe_path

    assert _safe_path("C:\\evil\\甲2021年报.xlsx") == "C_/evil/甲2021年报.xlsx"  # no drive on Windows
    assert _safe_path("/etc/甲2021年报.xlsx") == "etc/甲2021年报.xlsx"
    assert _safe_path("../../甲2021年报.xlsx") == "甲2021年报.xlsx"
    assert _safe_path("a\0b.xlsx") == "a_b.xlsx"
    assert _safe_path("__MACOSX/._甲.xlsx") == "" and _safe_path(".git/x.xlsx") == ""
