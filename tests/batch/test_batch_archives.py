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
from govreport.check.run import check_file
from govreport.cli.app import cli

DOC = Path(__file__).resolve().parent.parent / "data" / "national-2021-wrong-cell.doc"


def _zip(path: Path, members: dict[str, bytes], *, gbk: bool = False, flagless: str | None = None) -> Path:
    """A zip of these members; gbk: names stored as GBK bytes without the UTF-8 flag (Chinese Windows);
    flagless: in this encoding without the flag ("utf-8": zip on Linux and macOS)."""
    names = list(members)
    plain = "gbk" if gbk else flagless
    raw = [n.encode(plain or "utf-8") for n in names]
    stand_ins = [chr(ord("a") + i) * len(r) for i, r in enumerate(raw)]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, stand_in in zip(names, stand_ins, strict=True):
            z.writestr(stand_in if plain else name, members[name])
    if plain:
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


def test_an_archive_named_dots_keeps_its_copies_inside_the_fill_dir(tmp_path):
    (tmp_path / "in").mkdir()
    _zip(tmp_path / "in" / "...zip", {"甲2021年报.xlsx": DEMO.read_bytes()})
    out = tmp_path / "out" / "校正"
    [r] = run_batch([tmp_path / "in" / "...zip"], jobs=1, fill_dir=out).files
    assert r.filled is not None and Path(r.filled).resolve().is_relative_to(out.resolve())


def test_utf8_names_without_the_flag_are_read_as_utf8(tmp_path):
    """Info-ZIP on Linux and macOS's zip store UTF-8 names without the flag: not read as GBK (鐢插眬 for 甲局)."""
    z = _zip(tmp_path / "各单位年报.zip", {"甲局/甲局2021年报.xlsx": DEMO.read_bytes()}, flagless="utf-8")
    assert [r.path for r in run_batch([z], jobs=1).files] == [f"{z}/甲局/甲局2021年报.xlsx"]


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


def test_fill_dir_corrects_the_reports_in_an_archive_in_a_folder_named_after_it(tmp_path):
    """A report inside 报告.zip is corrected into 校正/报告/…, as an unpacked folder 报告/ would be; the archive is
    never changed."""
    z = _zip(tmp_path / "报告.zip", {"甲局/甲2021年报.xlsx": DEMO.read_bytes(), "乙2021年报.xls": b"x"})
    before = z.read_bytes()
    out = tmp_path / "校正"
    batch = run_batch([z], jobs=1, fill_dir=out)
    by = {r.path: r for r in batch.files}
    good = by[f"{z}/甲局/甲2021年报.xlsx"]
    assert good.filled == str(out / "报告" / "甲局" / "甲2021年报.xlsx") and Path(good.filled).exists()
    assert check_file(good.filled).status == "ok" and check_file(DEMO).status != "ok"
    bad = by[f"{z}/乙2021年报.xls"]
    assert bad.status == "unreadable" and bad.filled is None
    assert z.read_bytes() == before


def test_fill_dir_places_an_archive_in_a_folder_as_its_folder(tmp_path):
    root = tmp_path / "各单位"
    root.mkdir()
    _zip(root / "一季度.zip", {"丙2021年报.xlsx": DEMO.read_bytes()})
    (root / "丁局").mkdir()
    shutil.copy(DEMO, root / "丁局" / "丁2021年报.xlsx")
    out = tmp_path / "校正"
    batch = run_batch([root], jobs=1, fill_dir=out)
    assert sorted(os.path.relpath(r.filled, out) for r in batch.files) == [
        os.path.join("一季度", "丙2021年报.xlsx"),
        os.path.join("丁局", "丁2021年报.xlsx"),
    ]


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
