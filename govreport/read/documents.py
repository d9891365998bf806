"""Documents by content: which document format a file's bytes are, and the reader for it.

`workbook.open_book` asks `document_format` first; a workbook (xlsx/xls/ods, or nothing recognised) goes on
to the workbook reader as before. A document is read by its own reader into the same Book of grids.

| bytes                                     | format      | read by                                |
|-------------------------------------------|-------------|----------------------------------------|
| zip with word/document.xml                | docx / docm | read.docx                              |
| zip with the ODF text mimetype            | odt         | read.odt                               |
| OLE with a WordDocument stream            | doc / wps   | read.doc                               |
| MIME multipart (Word's 单个文件网页)        | mht         | its text/html part read as a page      |
| {\rtf (RTF, often published named .doc)  | rtf         | refused: re-save as .docx              |
| %PDF-                                     | pdf         | read.pdf                               |
| markup with <html, <table or <body        | html        | read.html                              |
| text (UTF-8/UTF-16 with BOM/GB18030)       | txt         | read.text                              |
"""

from __future__ import annotations

import io
import os
import re
import shutil
import zipfile
from typing import TYPE_CHECKING

from govreport.messages import render
from govreport.read.guards import OLE_MAGIC, ZIP_ERRORS, UnreadableError, _ole_has_stream, check_size
from govreport.read.model import TEXT_SUFFIXES, Book

if TYPE_CHECKING:
    from govreport.read.docx import WorkbookReader

ODT_MIME = b"application/vnd.oasis.opendocument.text"
# Larger than a workbook may be: a report document's size is mostly its images (scanned seals, photos),
# which are never decompressed; the zip guards bound what is.
MAX_DOCUMENT_BYTES = 200 * 1024 * 1024

# compiled on first use (re's own cache): a workbook, the common case, is settled before either is needed
_HTML = rb"<\s*(?:!doctype\s+html|html|body|table|head|meta|p|div)[\s>/]"
_TEXT_BAD = rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]"  # control characters no text copy holds


def document_format(data: bytes, name: str = "") -> str | None:
    """The document format of a file's bytes ("docx", "docm", "odt", "doc", "mht", "rtf", "pdf", "html", "txt"), or
    None for a workbook or anything else (the workbook reader then says what it is).

    The content decides; a file named .txt/.html/.htm that is no zip, OLE file or PDF is read as it is named
    (a page may look like text and a text copy may quote markup; each reader survives the other's shape)."""
    kind = _by_content(data)
    suffix = os.path.splitext(name)[1].lower()
    if (
        suffix in TEXT_SUFFIXES
        and kind in (None, "txt", "html")
        and data.strip()
        and not data.startswith((b"PK\x03\x04", OLE_MAGIC))
    ):  # a workbook so named is still a workbook
        return "txt" if suffix == ".txt" else "html"
    return kind


def _by_content(data: bytes) -> str | None:
    head = data[:4096]
    if head.startswith(b"PK\x03\x04"):
        if b"xl/workbook.xml" in head or (head[30:38] == b"mimetype" and b"spreadsheet" in head[38:90]):
            return None  # the common case of a batch: a workbook, settled by its first bytes
        if head[30:38] == b"mimetype" and head[38 : 38 + len(ODT_MIME)] == ODT_MIME:
            return "odt"
        if b"word/document.xml" in head:
            return "docx"
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except ZIP_ERRORS:
            # a truncated copy has no directory to list: its first parts still name a Word document, whose
            # reader says so in a Word user's words (not "open it in Excel")
            return "docx" if b"word/" in head and b"xl/" not in head else None
        if "xl/workbook.xml" in names:
            return None
        if "word/document.xml" in names or "word/document2.xml" in names:
            return "docx"
        return None
    if head.startswith(OLE_MAGIC):
        return "doc" if _ole_has_stream(data, "WordDocument") else None
    if b"%PDF-" in head[:1024]:  # the header may follow up to 1 KiB of junk (the spec's own allowance)
        return "pdf"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        return "rtf"  # text by its bytes, but markup a text copy's reader would read as its words
    text = _decoded_head(head)
    if text is None or not text.strip():
        return None  # an empty file: the workbook reader says it is empty
    lower = text[:2048].lower()
    if lower.lstrip().startswith((b"mime-version:", b"from:", b"content-type: multipart")) or (
        b"multipart/related" in lower and b"content-location:" in text.lower()
    ):
        return "mht"
    if text.lstrip()[:5] == b"<?xml":
        # XHTML is a page; any other XML export (SpreadsheetML 2003 has <Table>) is for the workbook reader to name
        return "html" if re.search(rb"<html[\s>]", lower) else None
    if re.search(_HTML, text, re.IGNORECASE):
        return "html"
    if not re.search(_TEXT_BAD, text):
        return "txt"
    return None


def _decoded_head(head: bytes) -> bytes | None:
    """The head as UTF-8 bytes (a UTF-16 text converted), or None when it is not text at all."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return (
            head[2:]
            .decode("utf-16-le" if head[:2] == b"\xff\xfe" else "utf-16-be", "replace")
            .encode("utf-8")
        )
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if b"\x00" in head:
        return None
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.start < len(head) - 3:  # the head may cut a character short at its end
            try:
                head.decode("gb18030")
            except UnicodeDecodeError:
                return None
    return head


def _resave_hint(path: str, what: str) -> str:
    """What to do with an old or unsupported document: re-save as .docx, with LibreOffice's command if installed."""
    hint = render("read-old-document", what=what)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice:
        name = os.path.basename(path) or path
        hint += render("read-old-document-soffice", name=name)
    return hint


def read_document(data: bytes, path: str, fmt: str, read_workbook: WorkbookReader | None = None) -> Book:
    """Read a document of format `fmt` (from document_format); UnreadableError with a Chinese reason if not.

    read_workbook reads an Excel table embedded in a Word document (read.spreadsheet hands in its own reader).
    """
    if fmt in ("docx", "docm"):
        from govreport.read.docx import read_docx  # deferred: only a Word document needs its reader

        return read_docx(data, path, read_workbook)
    if fmt == "odt":
        from govreport.read.odt import read_odt  # deferred: only an .odt needs its reader

        return read_odt(data, path)
    if fmt == "doc":
        from govreport.read.doc import read_doc  # deferred: only a Word 97-2003 document needs its reader

        return read_doc(data, path, read_workbook)
    if fmt == "rtf":
        raise UnreadableError(_resave_hint(path, render("read-rtf")), "old-document")
    check_size(len(data))  # pages, text copies and PDFs are held to a workbook's size
    if fmt == "mht":
        page = _mht_page(data)
        if page is None:
            raise UnreadableError(_resave_hint(path, render("read-mht")), "old-document")
        data, fmt = page, "html"  # a page saved as one file (Word's 单个文件网页, a browser's .mhtml)
    if fmt == "html":
        from govreport.read.html import read_html  # deferred: html.parser loads only for a web page

        return read_html(data, path)
    if fmt == "txt":
        from govreport.read.text import read_text  # deferred: its regexes compile only for a text copy

        return read_text(data, path)
    if fmt == "pdf":
        from govreport.read.pdf import read_pdf  # deferred: pdfplumber is heavy, loaded only for a PDF

        return read_pdf(data, path)
    raise UnreadableError(render("read-unknown-document-format", fmt=fmt), "unsupported")


# What marks a text copy or a web page as a report, for a folder search (others are skipped and counted):
# the title's words, or the labels of table 2 that no other text has.
_REPORT_MARKS = (
    "政府信息公开工作年度报告",
    "政府信息公开年度报告",
    "本年新收政府信息公开申请",
    "上年结转政府信息公开申请",
    "结转下年度继续办理",
    "予以公开",
    "申请人情况",
)
MAX_SNIFF_BYTES = 4 * 1024 * 1024


def looks_like_report(path: str | os.PathLike[str]) -> bool:
    """For a folder search: a .txt/.html file holding a report title or table labels (read up to 4 MiB)."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_SNIFF_BYTES)
    except OSError:
        return True  # counted and reported as unreadable rather than silently skipped
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data[2:].decode("utf-16-le" if data[:2] == b"\xff\xfe" else "utf-16-be", "replace")
    else:
        text = data.decode("utf-8", "replace")
        if "\ufffd" in text:
            text = data.decode("gb18030", "replace")
    # a page pasted from Word splits labels over tags and &nbsp;: compare without markup and spaces
    flat = re.sub(r"<[^>]{0,2000}>|&nbsp;|&#160;|\s|\u3000", "", text)
    return any(mark in flat for mark in _REPORT_MARKS)


def _mht_page(data: bytes) -> bytes | None:
    """The web page inside a MIME HTML file (its first text/html part, transfer encoding undone), else None."""
    import email  # deferred: only a .mht needs the MIME parser

    try:
        message = email.message_from_bytes(data)
        for part in message.walk():
            if part.get_content_type() == "text/html":
                page = part.get_payload(decode=True)
                if isinstance(page, bytes) and page.strip():
                    return page
    except (ValueError, LookupError, TypeError, IndexError):
        return None  # a damaged MIME file: said to be re-saved, as before
    return None


__all__ = ["MAX_DOCUMENT_BYTES", "document_format", "looks_like_report", "read_document"]
