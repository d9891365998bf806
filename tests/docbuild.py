"""Building report documents for tests: the national template's Word tables filled with a case's values, a
document drawn from a grid (the 2019 form, from the template workbook), and LibreOffice Writer re-saves.

The template is the real WPS-saved 2021 national format (tests/data/national-template-2021-wps.docx, provenance
in tests/data/README.md). Its XML is edited with ElementTree (the prefixes are registered so they are
kept); LibreOffice then re-saves every document as Word would hold it, once per content (cached on disk).
"""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree as ET

from soffice import convert

from govreport.check.run import check_file
from govreport.findings import plain_number

DATA = Path(__file__).parent / "data"
TEMPLATE_2021 = DATA / "national-template-2021-wps.docx"
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


def text_of(raw: object) -> str:
    """What a clerk types into a Word cell for a workbook cell's value."""
    if raw is None:
        return ""
    if isinstance(raw, float):
        return plain_number(raw)
    if isinstance(raw, Decimal):
        return format(raw, "f")
    return str(raw)


def template_cells() -> dict[tuple[str, str, str], tuple[str, int, int]]:
    """(table, row, column) of the form -> (表格N, row, column) of its cell in the WPS national template."""
    report = check_file(TEMPLATE_2021)
    return {
        (t.key, i.row, i.column): (i.ref.sheet, i.ref.row, i.ref.col)
        for t in report.tables
        for i in t.cells.values()
    }


def report_docx(values: dict, out: Path) -> Path:
    """The WPS national template with these form values typed into its cells."""
    tpl = template_cells()
    return fill_docx(TEMPLATE_2021, out, {tpl[k]: text_of(v) for k, v in values.items()})


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


WRITER_FILTERS = {
    "doc": "doc:MS Word 97",
    "docx": "docx:MS Word 2007 XML",
    "html": "html:HTML (StarWriter)",
    "odt": "odt",
    "pdf": "pdf:writer_pdf_Export",
}


def resave(sources: list[Path], outdir: Path, fmt: str = "docx") -> list[Path]:
    """Each document re-saved by LibreOffice Writer as fmt, one soffice call for those not cached yet
    (tests/soffice.py caches by content); each in a folder of its own, as many cases share a file name."""
    return convert(sources, WRITER_FILTERS[fmt], fmt, outdir, apart=True)
