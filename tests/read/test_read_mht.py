"""A web page saved as one file (Word's 单个文件网页 .mht, a browser's .mhtml) is read as the page inside it."""

from __future__ import annotations

import quopri
from pathlib import Path

from govreport.check.run import check_file

PAGES = Path(__file__).resolve().parent.parent / "data" / "pages"
PAGE = PAGES / "沭阳县发展和改革局2023年政府信息公开年度报告.html"


def _mht(html: bytes, charset: str) -> bytes:
    """MIME HTML as Word writes it: multipart/related, the page quoted-printable in its own charset."""
    body = quopri.encodestring(html)
    return (
        b"MIME-Version: 1.0\r\n"
        b'Content-Type: multipart/related; boundary="----=_NextPart_01DA"\r\n\r\n'
        b"This document is a Single File Web Page, also known as a Web Archive file.\r\n\r\n"
        b"------=_NextPart_01DA\r\n"
        b"Content-Location: file:///C:/report.htm\r\n"
        b"Content-Transfer-Encoding: quoted-printable\r\n"
        b'Content-Type: text/html; charset="'
        + charset.encode()
        + b'"\r\n\r\n'
        + body
        + b"\r\n------=_NextPart_01DA\r\n"
        b"Content-Location: file:///C:/report.files/image001.png\r\n"
        b"Content-Transfer-Encoding: base64\r\n"
        b"Content-Type: image/png\r\n\r\niVBORw0KGgo=\r\n"
        b"------=_NextPart_01DA--\r\n"
    )


def _key(report):
    return [(f.code, f.cell, f.expected, f.actual) for f in report.findings], report.agency, report.year


def test_a_single_file_web_page_gives_the_page_findings(tmp_path):
    html = PAGE.read_bytes()
    gbk = html.decode("utf-8").replace('charset="utf-8"', 'charset="gb2312"').encode("gb18030")
    mht = tmp_path / (PAGE.stem + ".mht")
    mht.write_bytes(_mht(gbk, "gb2312"))
    page = check_file(PAGE)
    got = check_file(mht)
    assert got.status == page.status and not got.unreadable
    assert _key(got) == _key(page)
    assert len(got.tables) == len(page.tables) > 0


def test_a_mime_file_without_a_page_is_said_to_be_resaved(tmp_path):
    p = tmp_path / "网页.mht"
    p.write_bytes(
        b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x\r\n\r\n--x\r\n\r\n--x--\r\n"
    )
    [f] = check_file(p).findings
    assert check_file(p).unreadable and ".docx" in f.message
