"""Building report documents for tests: the national template's Word tables filled with a case's values, a
document drawn from a grid (the 2019 form, from the template workbook), and LibreOffice Writer re-saves.

The template is the real WPS-saved 2021 national format (tests/data/national-template-2021-wps.docx, provenance
in tests/data/README.md). Its XML is edited with ElementTree (the prefixes are registered so they are
kept); LibreOffice then re-saves every document as Word would hold it, once per content (cached on disk).
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import uuid
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

DATA = Path(__file__).parent / "data"
TEMPLATE_2021 = DATA / "national-template-2021-wps.docx"
CACHE = Path(__file__).parent / ".cache" / "documents"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _register(xml: bytes) -> None:
    for prefix, uri in re.findall(rb'xmlns:([\w.-]+)="([^"]+)"', xml[:8192]):
        ET.register_namespace(prefix.decode(), uri.decode())


def _val(el: ET.Element | None, default: int) -> int:
    v = el.get(_W + "val") if el is not None else None
    return int(v) if v and v.isdigit() else default


def cell_elements(root: ET.Element) -> dict[tuple[int, int, int], ET.Element]:
    """(table index, row, first grid column) -> its w:tc, tables numbered in document order as the reader does."""
    out: dict[tuple[int, int, int], ET.Element] = {}
    tables = [
        t for t in root.iter(_W + "tbl")
    ]  # iter is document order, an outer table before its nested ones
    for index, tbl in enumerate(tables):
        for r, tr in enumerate(tbl.findall(_W + "tr")):
            col = _val(tr.find(f"{_W}trPr/{_W}gridBefore"), 0)
            for tc in tr.findall(_W + "tc"):
                out[(index, r, col)] = tc
                col += _val(tc.find(f"{_W}tcPr/{_W}gridSpan"), 1)
    return out


def set_text(tc: ET.Element, text: str) -> None:
    """The cell's text replaced by one run in its first paragraph (the paragraph's properties kept)."""
    paras = tc.findall(_W + "p")
    if not paras:
        paras = [ET.SubElement(tc, _W + "p")]
    for p in paras[1:]:
        tc.remove(p)
    p = paras[0]
    for child in list(p):
        if child.tag != _W + "pPr":
            p.remove(child)
    if text == "":
        return
    run = ET.SubElement(p, _W + "r")
    for i, line in enumerate(str(text).split("\n")):
        if i:
            ET.SubElement(run, _W + "br")
        t = ET.SubElement(run, _W + "t")
        t.set(XML_SPACE, "preserve")
        t.text = line


def fill_docx(template: Path, out: Path, values: dict[tuple[str, int, int], str]) -> Path:
    """A copy of the template document with these cells (sheet 表格N, 0-based row and column) set."""
    with zipfile.ZipFile(template) as z:
        xml = z.read("word/document.xml")
        _register(xml)
        root = ET.fromstring(xml)
        cells = cell_elements(root)
        for (sheet, r, c), text in values.items():
            index = int(sheet.removeprefix("表格")) - 1
            set_text(cells[(index, r, c)], text)
        body = ET.tostring(root, xml_declaration=True, encoding="UTF-8")
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as w:
            for info in z.infolist():
                w.writestr(info, body if info.filename == "word/document.xml" else z.read(info.filename))
    out.write_bytes(buf.getvalue())
    return out


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _para(text: str) -> str:
    if not text:
        return "<w:p/>"
    runs = "<w:r><w:br/></w:r>".join(
        f'<w:r><w:t xml:space="preserve">{_esc(line)}</w:t></w:r>' for line in text.split("\n")
    )
    return f"<w:p>{runs}</w:p>"


def table_xml(rows: list[list[object]], merged: list[tuple[int, int, int, int]]) -> str:
    """A Word table for a grid: merged ranges as gridSpan (across) and vMerge (down), text at the top-left."""
    width = max((len(r) for r in rows), default=0)
    top: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    covered: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    for m in merged:
        r1, c1, r2, c2 = m
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                covered[(r, c)] = m
        top[(r1, c1)] = m
    out = [
        "<w:tbl><w:tblPr><w:tblBorders>"
        + "".join(
            f'<w:{s} w:val="single" w:sz="4"/>'
            for s in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        + "</w:tblBorders></w:tblPr><w:tblGrid>"
        + f'<w:gridCol w:w="{max(300, 9000 // max(width, 1))}"/>' * width
        + "</w:tblGrid>"
    ]  # within the page: an exported PDF would cut a wider table at the margin
    for r in range(len(rows)):
        out.append("<w:tr>")
        c = 0
        while c < width:
            m = covered.get((r, c))
            value = rows[r][c] if c < len(rows[r]) else ""
            text = "" if value is None else str(value)
            if m is None:
                out.append(f"<w:tc>{_para(text)}</w:tc>")
                c += 1
                continue
            r1, c1, r2, c2 = m
            if c != c1:  # inside a range but not its first column: the range's first column took it
                c += 1
                continue
            span = f'<w:gridSpan w:val="{c2 - c1 + 1}"/>' if c2 > c1 else ""
            vmerge = ('<w:vMerge w:val="restart"/>' if r == r1 else "<w:vMerge/>") if r2 > r1 else ""
            body = _para(text) if r == r1 else "<w:p/>"
            out.append(f"<w:tc><w:tcPr>{span}{vmerge}</w:tcPr>{body}</w:tc>")
            c = c2 + 1
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def grid_docx(
    out: Path, blocks: list[str | tuple[list[list[object]], list[tuple[int, int, int, int]]]]
) -> Path:
    """A document of paragraphs (str) and tables ((rows, merged)), in order."""
    body = []
    for b in blocks:
        body.append(_para(b) if isinstance(b, str) else table_xml(*b) + "<w:p/>")
    doc = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>'
        + "".join(body)
        + "</w:body></w:document>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("word/document.xml", doc)
    out.write_bytes(buf.getvalue())
    return out


def book_blocks(book, title: str) -> list[str | tuple[list[list[object]], list[tuple[int, int, int, int]]]]:
    """A workbook written one sheet per section (template.Layout(one_sheet=False, title_rows=0)) as a document:
    the title, then per sheet its section heading (row 1) as a paragraph and the rest as one Word table with
    the sheet's merged cells. Numbers become the text a clerk types (3.0 -> "3")."""
    from govreport.findings import plain_number

    blocks: list = [title]
    for sheet in book.sheets:
        rows = [
            ["" if v is None else plain_number(v) if isinstance(v, float) else v for v in row]
            for row in sheet.rows
        ]
        blocks.append(str(rows[0][0]))
        merged = [(r1 - 1, c1, r2 - 1, c2) for r1, c1, r2, c2 in sheet.merged if r1 >= 1]
        blocks.append((rows[1:], merged))
    return blocks


# ----------------------------------------------------------------------------- LibreOffice, cached


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def resave(sources: list[Path], outdir: Path, fmt: str = "docx") -> list[Path]:
    """Each document re-saved by LibreOffice Writer as fmt, one soffice call for those not cached yet.

    The cache key is the sha256 of a source's bytes, so a content seen before costs nothing.
    """
    import pytest

    outdir.mkdir(parents=True, exist_ok=True)
    CACHE.mkdir(parents=True, exist_ok=True)
    keys = [hashlib.sha256(p.read_bytes()).hexdigest()[:32] for p in sources]
    todo = [(p, k) for p, k in zip(sources, keys, strict=True) if not (CACHE / f"{k}.{fmt}").is_file()]
    if todo:
        soffice = _soffice()
        if soffice is None:
            reason = "LibreOffice (soffice) is not installed: cannot re-save documents to test with"
            if os.environ.get("GOVREPORT_REQUIRE_SOFFICE") == "1":
                pytest.fail(reason)
            pytest.skip(reason)
        stage = CACHE / f"in_{uuid.uuid4().hex}"
        stage.mkdir()
        done = CACHE / f"out_{uuid.uuid4().hex}"
        profile = CACHE / f"lo_{uuid.uuid4().hex}"
        try:
            for p, k in todo:
                shutil.copyfile(p, stage / f"{k}{p.suffix}")
            filt = {
                "docx": "docx:MS Word 2007 XML",
                "html": "html:HTML (StarWriter)",
                "odt": "odt",
                "pdf": "pdf:writer_pdf_Export",
            }[fmt]
            res = subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation={profile.as_uri()}",
                    "--headless",
                    "--convert-to",
                    filt,
                    "--outdir",
                    str(done),
                    *(str(stage / f"{k}{p.suffix}") for p, k in todo),
                ],
                capture_output=True,
                timeout=600,
                env={**os.environ, "HOME": str(profile)},
            )
            for _, k in todo:
                made = done / f"{k}.{fmt}"
                if made.is_file():
                    os.replace(made, CACHE / f"{k}.{fmt}")
            missing = [p.name for p, k in todo if not (CACHE / f"{k}.{fmt}").is_file()]
            if missing:
                msg = f"soffice could not convert to {fmt} ({missing[:3]}): {res.stderr.decode(errors='replace')[:300]}"
                if os.environ.get("GOVREPORT_REQUIRE_SOFFICE") == "1":
                    pytest.fail(msg)
                pytest.skip(msg)
        finally:
            for d in (stage, done, profile):
                shutil.rmtree(d, ignore_errors=True)
    out = []
    for i, (p, k) in enumerate(zip(sources, keys, strict=True)):
        target = outdir / str(i) / f"{p.stem}.{fmt}"  # sources of one name (many cases) stay apart
        target.parent.mkdir(exist_ok=True)
        shutil.copyfile(CACHE / f"{k}.{fmt}", target)
        out.append(target)
    return out
