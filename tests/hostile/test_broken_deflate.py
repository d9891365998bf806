"""A zip member whose deflate stream is damaged (a download cut and patched, a bad disk sector) is a file the user
is told to re-save, in Chinese: never an internal error. zlib raises its own error there, not zipfile's."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from conftest import DEMO

from govreport.batch.run import run_batch
from govreport.check.run import check_file

DOCX = DEMO.with_suffix(".docx")


def broken(data: bytes, member: str) -> bytes:
    """The zip with `member`'s compressed bytes replaced by bytes no inflater accepts, its headers kept."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    at = info.header_offset
    start = (
        at
        + 30
        + int.from_bytes(data[at + 26 : at + 28], "little")
        + int.from_bytes(data[at + 28 : at + 30], "little")
    )
    return data[:start] + b"\xff" * info.compress_size + data[start + info.compress_size :]


@pytest.mark.parametrize(
    ("source", "member"),
    [
        (DEMO, "xl/worksheets/sheet1.xml"),
        (DEMO, "docProps/app.xml"),
        (DOCX, "word/document.xml"),
        (DOCX, "word/settings.xml"),
    ],
)
def test_a_damaged_member_is_a_damaged_file(source: Path, member: str, tmp_path: Path) -> None:
    p = tmp_path / source.name
    p.write_bytes(broken(source.read_bytes(), member))
    [f] = check_file(p, debug=True).findings  # debug: an exception of ours would be raised, not worded
    assert f.code == "file-unreadable"
    assert f"{member} 无法解压：压缩数据已损坏" in f.message and "Error" not in f.message


def test_a_damaged_member_of_an_archive_is_skipped_and_the_rest_checked(tmp_path: Path) -> None:
    z = tmp_path / "各单位年报.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as w:
        w.writestr("甲局2021年报.xlsx", DEMO.read_bytes())
        w.writestr("乙局2021年报.xlsx", DEMO.read_bytes())
    z.write_bytes(broken(z.read_bytes(), "乙局2021年报.xlsx"))
    batch = run_batch([z], jobs=1)
    assert [Path(r.path).name for r in batch.files] == ["甲局2021年报.xlsx"]
    assert batch.skipped.get("archive-refused") == 1


def test_a_zip_of_an_unknown_version_is_a_damaged_file(tmp_path: Path) -> None:
    """zipfile raises NotImplementedError ("zip file version 20.1") for a directory entry that needs a newer
    version than it knows (a damaged byte there): said as a format it cannot read, not an internal error."""
    data = bytearray(DEMO.read_bytes())
    at = data.rfind(b"PK\x01\x02")
    data[at + 6] = 201  # the central directory's "version needed to extract" of the last member
    p = tmp_path / DEMO.name
    p.write_bytes(bytes(data))
    [f] = check_file(p, debug=True).findings
    assert f.code == "file-unreadable" and "压缩格式不受支持" in f.message
