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
        assert re.search(r'<w:ins [^>]*w:author="govreport"', xml) and re.search(r'<w:del [^>]*w:author="govreport"', xml)
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
    rows = [["" if v is None else (str(int(v)) if isinstance(v, float) and v == int(v) else str(v)) for v in row]
            for row in sheet.rows]
    src = grid_docx(tmp_path / "某街道办事处2022年政府信息公开工作年度报告.docx", [(rows, list(sheet.merged))])
    result = fill_file(src, tmp_path / "out.docx")
    assert result.error is None, result.error
    report = check_file(tmp_path / "out.docx")
    assert not [f for f in report.findings if f.code in FIXABLE], [f.message for f in report.findings]
    assert not report.errors
    xml = _members(tmp_path / "out.docx")["word/document.xml"].decode()
    assert "已拆开逐格填写" in _members(tmp_path / "out.docx")["word/comments.xml"].decode()
    assert xml.count('w:gridSpan w:val="7"') < _members(src)["word/document.xml"].decode().count('w:gridSpan w:val="7"')


def _with_extras(src: Path, out: Path) -> Path:
    """The document with a header, a footer, an image part, an earlier comment and a table of contents."""
    m = _members(src)
    xml = m["word/document.xml"].decode()
    extra = ('<w:p><w:fldSimple w:instr="TOC \\o &quot;1-3&quot;"><w:r><w:t>目录</w:t></w:r></w:fldSimple></w:p>'
             '<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>审核意见见批注。</w:t></w:r><w:commentRangeEnd w:id="0"/>'
             '<w:r><w:commentReference w:id="0"/></w:r></w:p>')
    body_at = xml.index("<w:body>") + len("<w:body>")
    xml = xml[:body_at] + extra + xml[body_at:]
    m["word/document.xml"] = xml.encode()
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    m["word/comments.xml"] = (f'<?xml version="1.0" encoding="UTF-8"?><w:comments {w}><w:comment w:id="0" '
                              'w:author="科长"><w:p><w:r><w:t>请核对表二</w:t></w:r></w:p></w:comment></w:comments>').encode()
    m["word/header1.xml"] = f'<w:hdr {w}><w:p><w:r><w:t>页眉</w:t></w:r></w:p></w:hdr>'.encode()
    m["word/footer1.xml"] = f'<w:ftr {w}><w:p><w:r><w:t>页脚</w:t></w:r></w:p></w:ftr>'.encode()
    m["word/media/image1.png"] = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    types = m["[Content_Types].xml"].decode()
    types = types.replace("</Types>", '<Override PartName="/word/comments.xml" ContentType="application/'
                          'vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>')
    m["[Content_Types].xml"] = types.encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in m.items():
            z.writestr(n, b)
    out.write_bytes(buf.getvalue())
    return out


def test_kept_content_is_counted_and_earlier_comments_stay(filled, tmp_path):
    src = _with_extras(filled[0][0], tmp_path / "带目录和批注.docx")
    result = fill_file(src, tmp_path / "out.docx")
    assert result.error is None and result.dropped == [], (result.error, result.dropped)
    after = _members(tmp_path / "out.docx")
    for n in ("word/header1.xml", "word/footer1.xml", "word/media/image1.png"):
        assert after[n] == _members(src)[n]
    comments = after["word/comments.xml"].decode()
    assert "请核对表二" in comments and comments.count("<w:comment ") == 1 + len(result.plan.edits)
    ids = re.findall(r'<w:comment [^>]*w:id="(\d+)"', comments)
    assert len(ids) == len(set(ids))
    assert 'TOC \\o' in after["word/document.xml"].decode()


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
