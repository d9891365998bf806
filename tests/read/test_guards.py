"""Hostile and broken files: each must become an UnreadableError before calamine sees it.

A guard that fails here does not fail politely: calamine aborts the whole test process. The corpus is
generated in tmp_path; every case also checks that the input file is left byte-for-byte unchanged.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from pathlib import Path

import pytest
from hostile import (
    LAUGHS,
    MAIN,
    SHEET_HEAD,
    XXE,
    base_xlsx,
    bomb_sheet,
    cfb,
    far_apart_sheet,
    million_rows_sheet,
    mutate,
)

from govreport.read import guards
from govreport.read.guards import UnreadableError, preflight, sniff_format
from govreport.read.spreadsheet import open_book

CJK = re.compile(r"[\u4e00-\u9fff]")
_cfb = cfb


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small normal xlsx to mutate."""
    return base_xlsx(tmp_path_factory.mktemp("base") / "base.xlsx")


def _digest(path: Path) -> str | None:
    # Plain open(), not Path.read_bytes: the permission test replaces the latter.
    if not path.is_file():
        return None
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


def refused(path: Path, reason: str | None = None) -> UnreadableError:
    """open_book must raise UnreadableError with a Chinese message and leave the file untouched."""
    before = _digest(path)
    with pytest.raises(UnreadableError) as ei:
        open_book(path)
    err = ei.value
    assert CJK.search(err.message), err.message
    assert str(err) == err.message
    if reason:
        assert err.reason == reason, (err.reason, err.message)
    if before is not None:
        assert _digest(path) == before
    return err


def test_empty_file(tmp_path: Path) -> None:
    p = tmp_path / "empty.xlsx"
    p.write_bytes(b"")
    assert "空" in refused(p, "not-a-workbook").message


def test_text_renamed_xlsx(tmp_path: Path) -> None:
    # recognised by content (issue 14): read as the text copy it is, which holds no report table
    from govreport.check.run import check_file

    p = tmp_path / "notes.xlsx"
    p.write_text("这不是表格\n1,2,3\n", encoding="utf-8")
    report = check_file(p, debug=True)
    assert report.status == "unreadable" and report.file_type in (None, "txt"), report.findings


def test_html_renamed_xls(tmp_path: Path) -> None:
    # a web page saved as .xls (a common "fake xls") is read as the page it is, not as a workbook
    from govreport.check.run import check_file
    from govreport.read.documents import document_format

    p = tmp_path / "web.xls"
    p.write_text("<html><table><tr><td>1</td></tr></table></html>", encoding="utf-8")
    assert document_format(p.read_bytes()) == "html"
    assert check_file(p, debug=True).status == "unreadable"


def test_truncated_zip(tmp_path: Path, base: Path) -> None:
    data = base.read_bytes()
    p = tmp_path / "half.xlsx"
    p.write_bytes(data[: len(data) // 2])
    assert "损坏" in refused(p, "truncated").message


def test_damaged_central_directory(tmp_path: Path, base: Path) -> None:
    p = tmp_path / "cd.xlsx"
    p.write_bytes(base.read_bytes().replace(b"PK\x01\x02", b"XX\x01\x02"))
    assert "ZIP" in refused(p, "truncated").message


def test_damaged_member_crc(tmp_path: Path, base: Path) -> None:
    # Stored (uncompressed) sheet so that flipping a byte keeps the deflate stream valid and only the CRC fails.
    p = mutate(base, tmp_path / "crc.xlsx", {}, level=0)
    with zipfile.ZipFile(p) as z:
        z2 = zipfile.ZipFile(tmp_path / "stored.xlsx", "w", zipfile.ZIP_STORED)
        for info in z.infolist():
            z2.writestr(info.filename, z.read(info.filename))
        z2.close()
    data = bytearray((tmp_path / "stored.xlsx").read_bytes())
    i = data.find(b"<sheetData>")
    data[i + 1] = ord("X")
    p.write_bytes(bytes(data))
    refused(p)


def test_zip_without_workbook(tmp_path: Path) -> None:
    p = tmp_path / "doc.xlsx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("ppt/presentation.xml", "<p/>")
    refused(p, "not-a-workbook")


def test_zip_with_a_word_document_is_read_as_one(tmp_path: Path) -> None:
    # recognised by content (issue 14): a Word document named .xlsx; this one has no table
    from govreport.check.run import check_file

    p = tmp_path / "doc.xlsx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    report = check_file(p, debug=True)
    assert report.file_type == "docx" and report.status == "unreadable"
    assert [f.code for f in report.findings] == ["no-tables"]


def test_sniff_formats(base: Path) -> None:
    assert sniff_format(base.read_bytes()) == "xlsx"
    assert sniff_format(_cfb(["EncryptionInfo", "EncryptedPackage"])) == "encrypted"
    assert sniff_format(_cfb(["Workbook"])) == "xls"
    assert sniff_format(b"PK\x03\x04" + b"\x00" * 26 + b"mimetype" + guards.ODS_MIME) == "ods"
    assert sniff_format(b"hello") is None
    assert sniff_format(b"") is None
    # The stream name inside some stream's data (not at a directory-entry position) does not count.
    assert sniff_format(_cfb(["Workbook"]) + b"\x00" + "EncryptionInfo".encode("utf-16-le")) == "xls"


def test_encrypted(tmp_path: Path) -> None:
    p = tmp_path / "locked.xlsx"
    p.write_bytes(_cfb(["EncryptionInfo", "EncryptedPackage"]))
    assert refused(p, "encrypted").message == "文件已加密，请先在 Excel/WPS 中取消密码后再检查"


def test_ole_without_workbook_stream(tmp_path: Path) -> None:
    p = tmp_path / "word.xls"
    p.write_bytes(_cfb(["WordDocument", "1Table"]))
    # a Word 97-2003 document (read natively now) whose directory names a stream olefile cannot find: damaged
    message = refused(p, "truncated").message
    assert "Word" in message and ".docx" in message


def test_ole_passes_preflight_with_workbook_stream() -> None:
    assert preflight(_cfb(["Workbook"])).format == "xls"


@pytest.mark.parametrize("part", ["xl/sharedStrings.xml", "xl/worksheets/sheet1.xml", "xl/workbook.xml"])
def test_billion_laughs(tmp_path: Path, base: Path, part: str) -> None:
    p = mutate(base, tmp_path / "lol.xlsx", {part: LAUGHS + f'<sst xmlns="{MAIN}">&lol9;</sst>'.encode()})
    assert "DOCTYPE" in refused(p, "xml-entity").message


@pytest.mark.parametrize("part", ["xl/styles.xml", "[Content_Types].xml", "xl/_rels/workbook.xml.rels"])
def test_external_entity(tmp_path: Path, base: Path, part: str) -> None:
    p = mutate(base, tmp_path / "xxe.xlsx", {part: XXE + b"<x>&xxe;</x>"})
    refused(p, "xml-entity")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_doctype_in_utf16_part(tmp_path: Path, base: Path, encoding: str) -> None:
    # XML may be UTF-16: the DOCTYPE is then no byte string "<!DOCTYPE" and must still be seen.
    xml = (
        '<?xml version="1.0" encoding="UTF-16"?>'
        + LAUGHS.decode().split("?>", 1)[1]
        + f'<workbook xmlns="{MAIN}"/>'
    )
    p = mutate(base, tmp_path / "u16.xlsx", {"xl/workbook.xml": xml.encode(encoding)})
    assert "DOCTYPE" in refused(p, "xml-entity").message


def test_far_apart_cells(tmp_path: Path, base: Path) -> None:
    # calamine allocates A1..XFD1048576 (512 GiB) and aborts the process; the dimension lies on purpose.
    p = mutate(base, tmp_path / "far.xlsx", {"xl/worksheets/sheet1.xml": far_apart_sheet()})
    assert "1048576" in refused(p, "too-many-cells").message


def test_far_column_in_few_rows(tmp_path: Path, base: Path) -> None:
    rows = b"".join(
        b'<row r="%d"><c r="A%d"><v>1</v></c><c r="XFD%d"><v>1</v></c></row>' % (i, i, i)
        for i in range(1, 200)
    )
    sheet = SHEET_HEAD + b"<sheetData>" + rows + b"</sheetData></worksheet>"
    p = mutate(base, tmp_path / "wide.xlsx", {"xl/worksheets/sheet1.xml": sheet})
    refused(p, "too-many-cells")


def test_large_dimension_alone_is_accepted(tmp_path: Path, base: Path) -> None:
    # A stale <dimension> is harmless to calamine (measured), so it must not refuse a real file.
    sheet = (
        SHEET_HEAD
        + b'<dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1"><v>7</v></c></row></sheetData></worksheet>'
    )
    p = mutate(base, tmp_path / "dim.xlsx", {"xl/worksheets/sheet1.xml": sheet})
    assert open_book(p).sheets[0].rows == [[7.0]]


def test_million_rows(tmp_path: Path, base: Path) -> None:
    p = mutate(base, tmp_path / "rows.xlsx", {"xl/worksheets/sheet1.xml": million_rows_sheet()}, level=1)
    assert "100,000" in refused(p, "too-many-cells").message


def test_rows_without_r_attribute_are_counted(tmp_path: Path, base: Path) -> None:
    body = b"<row><c><v>1</v></c></row>" * 100_001
    sheet = SHEET_HEAD + b"<sheetData>" + body + b"</sheetData></worksheet>"
    p = mutate(base, tmp_path / "norows.xlsx", {"xl/worksheets/sheet1.xml": sheet}, level=1)
    refused(p, "too-many-cells")


def test_zip_bomb_ratio(tmp_path: Path, base: Path) -> None:
    p = mutate(base, tmp_path / "bomb.xlsx", {"xl/worksheets/sheet1.xml": bomb_sheet()}, level=9)
    assert "压缩" in refused(p, "zip-bomb").message


def test_zip_declared_total_and_member_count(
    tmp_path: Path, base: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(guards, "MAX_TOTAL_BYTES", 1000)
    refused(base, "zip-bomb")
    monkeypatch.undo()
    monkeypatch.setattr(guards, "MAX_MEMBERS", 5)
    refused(base, "too-large")


def test_bounded_read_ignores_declared_size(base: Path) -> None:
    # Whatever the header says, _read never returns more than the limit (it refuses instead).
    with zipfile.ZipFile(base) as z:
        with pytest.raises(UnreadableError) as ei:
            guards._read(z, "xl/styles.xml", limit=100)
        assert ei.value.reason == "zip-bomb"
        assert len(guards._head(z, "xl/styles.xml")) <= guards.HEAD_BYTES


def test_file_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, base: Path) -> None:
    monkeypatch.setattr(guards, "MAX_FILE_BYTES", 100)
    assert "过大" in refused(base, "too-large").message


@pytest.mark.parametrize("attr", ['uniqueCount="4000000000"', 'count="4000000000000" uniqueCount="1"'])
def test_lying_shared_string_count(tmp_path: Path, base: Path, attr: str) -> None:
    # Measured: uniqueCount=4e9 makes calamine allocate 96 GB and abort.
    sst = f'<sst xmlns="{MAIN}" {attr}><si><t>x</t></si></sst>'.encode()
    p = mutate(base, tmp_path / "sst.xlsx", {"xl/sharedStrings.xml": sst})
    refused(p, "not-a-workbook")


def test_honest_shared_strings_pass(base: Path, tmp_path: Path) -> None:
    sst = f'<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>x</t></si></sst>'.encode()
    p = mutate(base, tmp_path / "sst_ok.xlsx", {"xl/sharedStrings.xml": sst})
    assert preflight(p.read_bytes()).format == "xlsx"


def test_directory_named_xlsx(tmp_path: Path) -> None:
    d = tmp_path / "x.xlsx"
    d.mkdir()
    assert "文件夹" in refused(d, "is-directory").message


def test_missing_file(tmp_path: Path) -> None:
    refused(tmp_path / "nope.xlsx", "not-found")


def test_permission_denied(tmp_path: Path, base: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "secret.xlsx"
    p.write_bytes(base.read_bytes())
    p.chmod(0)
    try:
        readable = True
        try:
            p.read_bytes()
        except PermissionError:
            readable = False
        if readable:
            # Running as root: permissions are ignored, so simulate what a normal user would meet.
            import os

            real_open = os.open

            def deny(path: object, *args: object, **kw: object) -> int:
                if str(path) == str(p):
                    raise PermissionError(13, "Permission denied", str(path))
                return real_open(path, *args, **kw)  # type: ignore[arg-type]

            monkeypatch.setattr(os, "open", deny)
        assert "权限" in refused(p, "permission").message
    finally:
        p.chmod(0o644)


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    import os

    p = tmp_path / "pipe.xlsx"
    os.mkfifo(p)
    refused(p, "not-a-file")


def _ods(path: Path, table_body: bytes, prolog: bytes = b"") -> Path:
    """A minimal hand-made ODS: stored mimetype first, then content.xml with one table."""
    content = prolog + (
        b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        b' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:body><office:spreadsheet>'
        b'<table:table table:name="T">' + table_body + b"</table:table></office:spreadsheet></office:body>"
        b"</office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", guards.ODS_MIME)
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


@pytest.mark.parametrize(("rows", "cols"), [(1_000_000, 1), (100_000, 1000)])
def test_ods_repeated_cells_expand_too_far(tmp_path: Path, rows: int, cols: int) -> None:
    # Measured: calamine expands 100,000 x 1,000 repeated value cells into 6 GB.
    row = (
        b'<table:table-row table:number-rows-repeated="%d"><table:table-cell office:value-type="float"'
        b' office:value="1" table:number-columns-repeated="%d"/></table:table-row>' % (rows, cols)
    )
    refused(_ods(tmp_path / "rep.ods", row), "too-many-cells")


def test_ods_empty_repeats_are_fine(tmp_path: Path) -> None:
    # LibreOffice pads every sheet with empty repeated rows/columns up to the sheet's end.
    row = (
        b'<table:table-row><table:table-cell office:value-type="float" office:value="1"/></table:table-row>'
        b'<table:table-row table:number-rows-repeated="1048575">'
        b'<table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
    )
    assert preflight(_ods(tmp_path / "pad.ods", row).read_bytes()).format == "ods"


def test_ods_entity(tmp_path: Path) -> None:
    refused(_ods(tmp_path / "lol.ods", b"", prolog=LAUGHS), "xml-entity")


def test_small_sheet_fast_path_only_for_report_sized_references():
    from govreport.read.guards import _small_sheet

    ok = b'<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="Z9999"><v>1</v></c></row></sheetData>'
    assert _small_sheet(ok)
    for bad in (
        b'<c r="AA1"><v>1</v></c>',
        b'<c r="A10000"><v>1</v></c>',
        b'<row r="10000"><c r="A1"/></row>',
        b"<c><v>1</v></c>",
        b'<x:c r="A1"><v>1</v></x:c>',
        b'<c t="n"><v>1</v></c>',
    ):
        assert not _small_sheet(ok + bad), bad


@pytest.mark.parametrize(
    "workbook, expect_scan",
    [
        (
            b'<?xml version="1.0"?>\r\n<workbook xmlns="M" xmlns:r="R" xmlns:mc="x"><sheets>'
            b"<sheet name='A &amp; B' sheetId='1' r:id='rId1'/><sheet r:id=\"rId2\" sheetId=\"2\" name=\"&#34920;&#20108;\"/>"
            b"</sheets></workbook>",
            True,
        ),
        (
            b'<workbook xmlns:r="R" xmlns="M"><sheets><sheet name="x" sheetId="1" r:id="rId9"/></sheets></workbook>',
            True,
        ),
        # r bound to something else on the root, or rebound inside: parsed properly
        (
            b'<workbook xmlns="M" xmlns:r="other" xmlns:q="R"><sheets><sheet name="x" q:id="rId1"/></sheets></workbook>',
            False,
        ),
        (
            b'<workbook xmlns="M" xmlns:r="R"><sheets xmlns:r="other"><sheet name="x" r:id="rId1"/></sheets></workbook>',
            False,
        ),
        (
            b'<x:workbook xmlns:x="M" xmlns:r="R"><x:sheets><x:sheet name="x" r:id="rId1"/></x:sheets></x:workbook>',
            False,
        ),
    ],
)
def test_sheet_parts_by_scan_agrees_with_the_parser(workbook: bytes, expect_scan: bool) -> None:
    import io
    import zipfile

    from govreport.read import guards

    wb = workbook.replace(b'"M"', f'"{guards.NS_MAIN}"'.encode()).replace(
        b'"R"', f'"{guards.NS_REL}"'.encode()
    )
    rels = (
        f'<Relationships xmlns="{guards.NS_PKG}"><Relationship Id="rId1" Target="worksheets/sheet1.xml" '
        'Type="t"/><Relationship Target="/xl/worksheets/sheet2.xml" Id=\'rId2\' Type="t" /></Relationships>'
    ).encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("xl/workbook.xml", wb)
        z.writestr("xl/_rels/workbook.xml.rels", rels)
    scanned = guards._sheet_parts_by_scan(wb, rels)
    assert (scanned is not None) == expect_scan
    parsed = guards._sheet_parts(zipfile.ZipFile(buf), {}) if scanned is None else None
    if scanned is not None:
        # what the parser says, with the scan switched off
        real = guards._sheet_parts_by_scan
        try:
            guards._sheet_parts_by_scan = lambda a, b: None  # type: ignore[assignment]
            parsed = guards._sheet_parts(zipfile.ZipFile(buf), {})
        finally:
            guards._sheet_parts_by_scan = real  # type: ignore[assignment]
        assert scanned == parsed
    assert parsed
