"""fill on a Word document (issue 15, item 1): 年报_已校正.docx with every change a tracked change by govreport
and a comment giving the reason; everything else kept; read back through LibreOffice with changes accepted."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from pathlib import Path

import pytest
from casebuild import CASES, case_workbook
from click.testing import CliRunner
from docbuild import grid_docx, resave
from docfill import corpus, template_cells, values_by_key

from govreport.check.run import check_file
from govreport.cli.app import cli
from govreport.fill.run import fill_file
from govreport.read.spreadsheet import open_book

FIXABLE = {"blank-cell", "text-number", "invalid-value", "sum-mismatch", "balance-mismatch"}
REVIEW = ("appeals", "count", "review_total")


def _digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def _members(p: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(p) as z:
        return {n: z.read(n) for n in z.namelist()}


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    """(input, output, consistent values, FillResult) of each document of the small corpus."""
    d = tmp_path_factory.mktemp("word")
    out = []
    for src, good in corpus(d / "src", template_cells()):
        before = _digest(src)
        target = d / (src.stem + "_已校正.docx")
        result = fill_file(src, target)
        assert _digest(src) == before  # the input is never modified
        out.append((src, target, good, result))
    return out


def _check_values(report, good, result) -> None:
    left = [f for f in report.findings if f.code in FIXABLE]
    assert not left, [f.message for f in left]
    got = values_by_key(report)
    review = any(e.kind == "needs-review" for e in result.plan.edits)
    for k, v in good.items():
        if not (k == REVIEW and review):
            assert got[k] == v, (k, got[k], v)


def test_every_change_is_a_tracked_change_with_a_comment(filled):
    for src, out, good, result in filled:
        assert result.error is None and result.dropped == [], (result.error, result.dropped)
        before, after = _members(src), _members(out)
        assert set(before) <= set(after) and "word/comments.xml" in after
        for name, body in before.items():  # every other part byte for byte
            if name not in ("word/document.xml", "[Content_Types].xml", "word/_rels/document.xml.rels"):
                assert after[name] == body, name
        xml = after["word/document.xml"].decode()
        edits = result.plan.edits
        assert len(re.findall(r'<w:ins w:id="\d+" w:author="govreport"', xml)) == len(edits)
        assert len(re.findall(r"<w:commentReference ", xml)) == len(edits)
        assert xml.count("<w:delText") >= sum(1 for e in edits if e.old not in ("", None))
        comments = after["word/comments.xml"].decode()
        assert comments.count('w:author="govreport"') == len(edits)
        for e in edits:
            assert e.reason.replace("“", "").split("：")[0] in comments.replace("“", "")
        # the re-check reads the copy as if every change were accepted
        _check_values(result.output, good, result)


def test_rechecked_output_and_needs_review_stands(filled):
    kinds = {e.kind for _, _, _, r in filled for e in r.plan.edits}
    assert {"filled", "corrected", "normalized", "needs-review"} <= kinds
    for _src, out, _good, result in filled:
        again = check_file(out)
        review = [e for e in result.plan.edits if e.kind == "needs-review"]
        assert [f.cell for f in again.findings if f.code == "needs-review"] == [e.cell for e in review]
        assert result.exit_code == (1 if review else 0)
        if review:
            assert "待人工核实" in _members(out)["word/comments.xml"].decode()
        # a second fill finds nothing left to change
        assert not [e for e in fill_file(out, dry_run=True).plan.edits]


def test_libreoffice_opens_the_output_and_reads_the_changes_back(filled, tmp_path):
    outs = [out for _, out, _, _ in filled]
    copies = resave(outs, tmp_path / "lo", "docx")
    for (_, _out, good, result), copy in zip(filled, copies, strict=True):
        m = _members(copy)
        xml = m["word/document.xml"].decode()
        # LibreOffice keeps the tracked changes (not accepted on saving) and the comments
        assert re.search(r'<w:ins [^>]*w:author="govreport"', xml) and re.search(
            r'<w:del [^>]*w:author="govreport"', xml
        )
        comments = m["word/comments.xml"].decode()
        assert comments.count('w:author="govreport"') == len(result.plan.edits)
        report = check_file(copy)  # read with the changes accepted
        _check_values(report, good, result)
        if any(e.kind == "needs-review" for e in result.plan.edits):
            assert "待人工核实" in comments
            assert any(f.code == "needs-review" for f in report.findings)


def test_a_row_merged_across_its_cells_is_split_back(tmp_path):
    book = case_workbook(CASES / "zero_rows_merged_across", tmp_path)
    sheet = [s for s in open_book(book).sheets if not s.hidden][0]
    rows = [
        ["" if v is None else (str(int(v)) if isinstance(v, float) and v == int(v) else str(v)) for v in row]
        for row in sheet.rows
    ]
    src = grid_docx(
        tmp_path / "某街道办事处2022年政府信息公开工作年度报告.docx", [(rows, list(sheet.merged))]
    )
    result = fill_file(src, tmp_path / "out.docx")
    assert result.error is None, result.error
    report = check_file(tmp_path / "out.docx")
    assert not [f for f in report.findings if f.code in FIXABLE], [f.message for f in report.findings]
    assert not report.errors
    xml = _members(tmp_path / "out.docx")["word/document.xml"].decode()
    assert "已拆开逐格填写" in _members(tmp_path / "out.docx")["word/comments.xml"].decode()
    assert xml.count('w:gridSpan w:val="7"') < _members(src)["word/document.xml"].decode().count(
        'w:gridSpan w:val="7"'
    )


def _png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\0\xff\0\0"))
        + chunk(b"IEND", b"")
    )


_PICTURE = (
    '<w:p><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="952500" cy="952500"/>'
    '<wp:docPr id="100" name="公章"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr>'
    '<pic:cNvPr id="0" name="image1.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="rId92"/>'
    '<a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/>'
    '<a:ext cx="952500" cy="952500"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
    "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
)
_TOC = (
    '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" '
    '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>目录</w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
)
_NOTE = (
    '<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>审核意见见批注。</w:t></w:r><w:commentRangeEnd w:id="0"/>'
    '<w:r><w:commentReference w:id="0"/></w:r></w:p>'
)


def _with_extras(src: Path, out: Path) -> Path:
    """The document with a header, a footer, a picture, an earlier comment and a table of contents, each
    referenced as Word references them (relationships, content types, the section's header/footer)."""
    m = _members(src)
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    xml = m["word/document.xml"].decode()
    body_at = xml.index("<w:body>") + len("<w:body>")
    xml = xml[:body_at] + _TOC + _NOTE + _PICTURE + xml[body_at:]
    for prefix, uri in (
        ("r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships"),
        ("wp", "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"),
    ):
        if f"xmlns:{prefix}=" not in xml[: xml.index(">", xml.index("<w:document"))]:
            xml = xml.replace("<w:document ", f'<w:document xmlns:{prefix}="{uri}" ', 1)
    sect = xml.rindex("<w:sectPr>") + len("<w:sectPr>")
    xml = (
        xml[:sect] + '<w:headerReference w:type="default" r:id="rId90"/>'
        '<w:footerReference w:type="default" r:id="rId91"/>' + xml[sect:]
    )
    m["word/document.xml"] = xml.encode()
    m["word/comments.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:comments {w}><w:comment w:id="0" '
        'w:author="科长"><w:p><w:r><w:t>请核对表二</w:t></w:r></w:p></w:comment></w:comments>'
    ).encode()
    m["word/header1.xml"] = f"<w:hdr {w}><w:p><w:r><w:t>页眉文字</w:t></w:r></w:p></w:hdr>".encode()
    m["word/footer1.xml"] = f"<w:ftr {w}><w:p><w:r><w:t>页脚文字</w:t></w:r></w:p></w:ftr>".encode()
    m["word/media/image1.png"] = _png()
    base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    rels = (
        m["word/_rels/document.xml.rels"]
        .decode()
        .replace(
            "</Relationships>",
            "".join(
                f'<Relationship Id="{i}" Type="{base}{t}" Target="{target}"/>'
                for i, t, target in (
                    ("rId90", "header", "header1.xml"),
                    ("rId91", "footer", "footer1.xml"),
                    ("rId92", "image", "media/image1.png"),
                    ("rId93", "comments", "comments.xml"),
                )
            )
            + "</Relationships>",
        )
    )
    m["word/_rels/document.xml.rels"] = rels.encode()
    ct = "application/vnd.openxmlformats-officedocument.wordprocessingml."
    types = (
        m["[Content_Types].xml"]
        .decode()
        .replace(
            "</Types>",
            (
                '<Default Extension="png" ContentType="image/png"/>'
                f'<Override PartName="/word/comments.xml" ContentType="{ct}comments+xml"/>'
                f'<Override PartName="/word/header1.xml" ContentType="{ct}header+xml"/>'
                f'<Override PartName="/word/footer1.xml" ContentType="{ct}footer+xml"/></Types>'
            ),
        )
    )
    m["[Content_Types].xml"] = types.encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in m.items():
            z.writestr(n, b)
    out.write_bytes(buf.getvalue())
    return out


def test_kept_content_is_counted_and_earlier_comments_stay(filled, tmp_path):
    src = _with_extras(filled[0][0], tmp_path / "带目录和批注.docx")
    good = filled[0][2]
    out = tmp_path / "out.docx"
    result = fill_file(src, out)
    assert not result.input.unreadable, result.input.findings[0].message
    assert result.error is None and result.dropped == [], (result.error, result.dropped)
    before, after = _members(src), _members(out)
    for n in (
        "word/header1.xml",
        "word/footer1.xml",
        "word/media/image1.png",
        "word/_rels/document.xml.rels",
        "[Content_Types].xml",
    ):
        assert after[n] == before[n], n  # a comments part already there: nothing to add to rels or types
    comments = after["word/comments.xml"].decode()
    assert "请核对表二" in comments and comments.count("<w:comment ") == 1 + len(result.plan.edits)
    ids = re.findall(r'<w:comment [^>]*w:id="(\d+)"', comments)
    assert len(ids) == len(set(ids))
    xml = after["word/document.xml"].decode()
    for part in (
        "<w:drawing>",
        "TOC \\o",
        'w:headerReference w:type="default" r:id="rId90"',
        "审核意见见批注",
    ):
        assert part in xml, part
    # LibreOffice opens it, keeps header, footer, picture and both authors' comments, and reads the values back
    [copy] = resave([out], tmp_path / "lo", "docx")
    m = _members(copy)
    assert any(n.startswith("word/media/") for n in m) and any("header" in n for n in m)
    assert (
        "请核对表二" in m["word/comments.xml"].decode()
        and 'w:author="govreport"' in m["word/comments.xml"].decode()
    )
    _check_values(check_file(copy), good, result)
    # the lost-content count does see a loss: the same document without its picture
    from govreport.fill.word import _lost

    lost = _lost(out.read_bytes(), _drop_picture(out.read_bytes()), "word/document.xml", set())
    assert lost == ["图片或图形 1 处"], lost


def _drop_picture(data: bytes) -> bytes:
    m = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        m = {n: z.read(n) for n in z.namelist()}
    m["word/document.xml"] = m["word/document.xml"].replace(_PICTURE.encode(), b"")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for n, b in m.items():
            z.writestr(n, b)
    return buf.getvalue()


def test_docm_keeps_its_macros_and_output_extensions_are_checked(filled, tmp_path):
    m = _members(filled[0][0])
    m["word/vbaProject.bin"] = b"macro bytes"
    src = tmp_path / "年报.docm"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for n, b in m.items():
            z.writestr(n, b)
    src.write_bytes(buf.getvalue())
    res = CliRunner().invoke(cli, ["fill", str(src), "--no-tables"])
    out = tmp_path / "年报_已校正.docm"
    assert res.exit_code == 0 and out.is_file(), res.output
    assert _members(out)["word/vbaProject.bin"] == b"macro bytes"
    res = CliRunner().invoke(cli, ["fill", str(src), "-o", str(tmp_path / "x.docx")])
    assert res.exit_code == 2 and ".docm" in res.output and not (tmp_path / "x.docx").exists()
    res = CliRunner().invoke(cli, ["fill", str(filled[0][0]), "-o", str(tmp_path / "x.odt")])
    assert res.exit_code == 2 and "Traceback" not in res.output and not (tmp_path / "x.odt").exists()


def test_documents_saved_by_libreoffice_fill_too(filled, tmp_path):
    """Writer writes its own XML (runs with their properties, its comment and change ids): fill places its
    changes there as well."""
    copies = resave([src for src, _, _, _ in filled], tmp_path / "in", "docx")
    for i, (copy, (_, _, good, _)) in enumerate(zip(copies, filled, strict=True)):
        before = _digest(copy)
        result = fill_file(copy, tmp_path / f"{i}_已校正.docx")
        assert not result.input.unreadable and result.error is None and result.dropped == [], result.error
        assert _digest(copy) == before
        _check_values(result.output, good, result)


def test_needs_review_in_a_document_speaks_of_its_comment_and_labels(filled):
    [(_, out, _, result)] = [f for f in filled if any(e.kind == "needs-review" for e in f[3].plan.edits)]
    [finding] = [f for f in check_file(out).findings if f.code == "needs-review"]
    assert "批注" in finding.message and "校验报告" not in finding.message
    [edit] = [e for e in result.plan.edits if e.kind == "needs-review"]
    assert "复议·维持" in edit.reason and "A4" not in edit.reason  # a document's cells have no letters to see


def test_the_change_lines_name_a_documents_cells_as_a_person_finds_them(tmp_path):
    """fill's list of changes says 第2个表格第4行第4列 for a Word document, as its check messages do."""
    import zipfile

    from click.testing import CliRunner

    from govreport.cli.app import cli

    demo = next((Path(__file__).resolve().parents[2] / "workbooks").glob("*.docx"))
    src = tmp_path / "年报.docx"
    with zipfile.ZipFile(demo) as zin, zipfile.ZipFile(src, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                at = text.index(">0<", text.index("本年新收"))  # 一、本年新收 · 自然人: 0 -> 5
                data = (text[:at] + ">5<" + text[at + 3 :]).encode("utf-8")
            zout.writestr(item, data)
    res = CliRunner().invoke(cli, ["fill", "--no-tables", str(src)])
    assert res.exit_code == 0, res.output
    line = next(ln for ln in res.output.splitlines() if "→ 0" in ln and "已校正" in ln)
    assert "第2个表格第4行第4列" in line and "表格2!" not in line, line
