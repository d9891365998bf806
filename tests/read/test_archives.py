"""A compressed archive (several agencies' reports sent as one attachment) is said to be unpacked first, naming
what it holds; in a folder, one named as a report is listed rather than skipped unseen."""

from __future__ import annotations

import io
import zipfile

import pytest
from click.testing import CliRunner

from govreport.check.run import check_file
from govreport.cli.app import cli
from govreport.read.paths import collect


def _zip(names: list[str], *, gbk: bool = False) -> bytes:
    """A zip of these members; gbk: their names as zip tools on Chinese Windows write them (GBK bytes, no UTF-8
    flag), made by writing ASCII stand-ins of the same length and replacing their bytes."""
    raw = [n.encode("gbk") if gbk else n.encode() for n in names]
    stand_ins = [chr(ord("a") + i) * len(r) for i, r in enumerate(raw)]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, stand_in in zip(names, stand_ins, strict=True):
            z.writestr(stand_in if gbk else name, b"x")
    data = buf.getvalue()
    for r, stand_in in zip(raw, stand_ins, strict=True):
        if gbk:
            data = data.replace(stand_in.encode(), r)
    return data


@pytest.mark.parametrize("gbk", [False, True])
def test_a_zip_of_reports_is_said_to_be_unpacked_naming_its_files(tmp_path, gbk):
    p = tmp_path / "各单位年报.zip"
    p.write_bytes(_zip(["甲局/甲局2023年报.xlsx", "乙局2023年报.docx", "丙.pdf", "丁.xlsx"], gbk=gbk))
    report = check_file(p)
    [f] = report.findings
    assert report.status == "unreadable"
    assert "ZIP 压缩包" in f.message and "含 4 个文件" in f.message and "解压" in f.message
    assert "甲局2023年报.xlsx" in f.message and "等" in f.message  # three named, then 等


@pytest.mark.parametrize(
    "name, data, kind",
    [
        ("a.rar", b"Rar!\x1a\x07\x01\x00" + b"\0" * 40, "RAR"),
        ("a.7z", b"7z\xbc\xaf\x27\x1c" + b"\0" * 40, "7z"),
    ],
)
def test_rar_and_7z_are_said_to_be_unpacked(tmp_path, name, data, kind):
    p = tmp_path / name
    p.write_bytes(data)
    res = CliRunner().invoke(cli, ["check", str(p)])
    assert res.exit_code == 2 and f"{kind} 压缩包" in res.output and "Traceback" not in res.output


def test_a_folder_lists_archives_named_as_reports_and_skips_others(tmp_path):
    (tmp_path / "各单位2023年度报告.zip").write_bytes(_zip(["a.xlsx"]))
    (tmp_path / "照片.zip").write_bytes(_zip(["a.jpg"]))
    listed = collect([tmp_path])
    assert [p.name for p in listed.files] == ["各单位2023年度报告.zip"]
    assert listed.skipped.get("other-type") == 1


def test_an_office_file_that_is_no_workbook_keeps_its_own_message(tmp_path):
    """A zip with [Content_Types].xml is an Office document (a Word file renamed .xlsx), not an archive."""
    p = tmp_path / "报告.xlsx"
    p.write_bytes(_zip(["[Content_Types].xml", "word/document.xml"]))
    [f] = check_file(p).findings
    assert "压缩包" not in f.message or "Office" in f.message
