"""Test PDFs made the way agencies make them, plus hand-written ones.

- `filled_template`: the real national template (.docx saved by WPS, tests/data/) with numbers written into its
  table cells, a page-number footer, a running header and narrative paragraphs, as a clerk fills it.
- `calc_ready`: a test workbook with row heights that fit its wrapped labels (openpyxl writes none, and Calc then
  prints wrapped labels over the next rows, which no agency's PDF shows).
- `to_pdf`: LibreOffice exports .docx (Writer) and .xlsx (Calc) to PDF in one call, cached by content hash in
  tests/.cache/soffice (tests/soffice.py) so a second run starts no soffice.
- `raw_pdf`: a minimal PDF from object bodies, with a correct cross-reference table.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path

from soffice import convert

from govreport.forms import Form
from govreport.template import numeric_rows

DATA = Path(__file__).resolve().parent / "data"
TEMPLATE = DATA / "national-template-2021-wps.docx"
Key = tuple[str, str, str]

# Table 1 of the template: the row label -> (table key, row key, column keys), in the template's order
_TABLE1 = {
    "规章": ("active_rules", "rules", ("issued", "repealed", "in_force")),
    "行政规范性文件": ("active_rules", "normative_documents", ("issued", "repealed", "in_force")),
    "行政许可": ("active_licensing", "licensing", ("decisions",)),
    "行政处罚": ("active_enforcement", "punishment", ("decisions",)),
    "行政强制": ("active_enforcement", "coercion", ("decisions",)),
    "行政事业性收费": ("active_fees", "fees", ("amount",)),
}
_TC = re.compile(r"<w:tc>.*?</w:tc>", re.S)
_TR = re.compile(r"<w:tr[ >].*?</w:tr>", re.S)
_TBL = re.compile(r"<w:tbl>.*?</w:tbl>", re.S)
_RUN = re.compile(r"<w:r>.*?</w:r>|<w:r [^>]*>.*?</w:r>", re.S)
_FIXED = (2021, 1, 1, 0, 0, 0)  # zip timestamps: the same values give the same bytes, so the cache hits
# what a PDF reader's test compares with the workbook's check: codes a PDF cannot carry (text types, formulas) left out
EXCEPTED = {"text-number", "formula-mismatch", "formula-error", "stale-total"}


def _save(parts: Mapping[str, bytes], out: Path) -> Path:
    """The .docx parts written to out, in name order with fixed timestamps (the same parts, the same bytes)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name in sorted(parts):
            z.writestr(zipfile.ZipInfo(name, _FIXED), parts[name], zipfile.ZIP_DEFLATED)
    out.write_bytes(buf.getvalue())
    return out


def findings_key(report) -> list[tuple]:
    """A report's findings as a PDF test compares them with the workbook's (EXCEPTED left out), sorted."""
    return sorted(
        (
            (f.code, f.severity, f.table, f.row, f.column, str(f.expected), str(f.actual))
            for f in report.findings
            if f.code not in EXCEPTED
        ),
        key=str,
    )


NARRATIVE = (
    "2021年，测试局坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实《中华人民共和国政府信息公开条例》，"
    "围绕中心工作，持续深化政务公开，不断提升政府信息公开工作的标准化、规范化水平，切实保障人民群众的知情权、"
    "参与权、表达权和监督权，各项工作取得了新的进展，全年共主动公开政府信息一百余条。"
)


def _text(xml: str) -> str:
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)).replace("\u3000", "").strip()


def _put(cell: str, value: object) -> str:
    """The cell with its runs (full-width spaces in the template) replaced by one run holding value."""
    cell = _RUN.sub("", cell)
    if value is None or value == "":
        return cell
    i = cell.rfind("</w:p>")
    run = f'<w:r><w:rPr><w:sz w:val="20"/></w:rPr><w:t xml:space="preserve">{value}</w:t></w:r>'
    return cell[:i] + run + cell[i:]


def _fill_row(row: str, values: list[object]) -> str:
    cells = list(_TC.finditer(row))
    out, pos = [], 0
    for m, v in zip(cells[len(cells) - len(values) :], values, strict=True):
        out.append(row[pos : m.start()])
        out.append(_put(m.group(0), v))
        pos = m.end()
    return "".join(out) + row[pos:]


def _header_repeat(row: str) -> str:
    if "<w:trPr>" in row:
        return row.replace("<w:trPr>", "<w:trPr><w:tblHeader/>", 1)
    return re.sub(
        r"(<w:tr[^>]*>(?:<w:tblPrEx>.*?</w:tblPrEx>)?)",
        r"\1<w:trPr><w:tblHeader/></w:trPr>",
        row,
        count=1,
        flags=re.S,
    )


def filled_template(
    path: Path,
    form: Form,
    values: Mapping[Key, object],
    *,
    agency: str = "测试局",
    year: int = 2021,
    repeat_header: bool = False,
    page_numbers: bool = True,
) -> Path:
    """The national template .docx with values in its cells (None or "" leaves a cell blank)."""
    with zipfile.ZipFile(TEMPLATE) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    doc = parts["word/document.xml"].decode("utf-8")
    doc = doc.replace("政府信息公开工作年度报告格式模板", f"{agency}{year}年政府信息公开工作年度报告", 1)
    doc = doc.replace("<w:t>（文字描述）</w:t>", f"<w:t>{NARRATIVE}</w:t>", 1)
    tables = list(_TBL.finditer(doc))
    new_tables = []
    for n, m in enumerate(tables):
        rows = _TR.findall(m.group(0))
        table = m.group(0)
        for i, row in enumerate(rows):
            new = row
            if n == 0 and _text(row) in _TABLE1:
                tkey, rkey, cols = _TABLE1[_text(row)]
                new = _fill_row(row, [values.get((tkey, rkey, c)) for c in cols])
            elif n == 1 and i >= 3:
                t = form.table("requests")
                rkey = numeric_rows(t)[i - 3].key
                new = _fill_row(row, [values.get(("requests", rkey, c.key)) for c in t.columns])
            elif n == 1 and repeat_header:
                new = _header_repeat(row)
            elif n == 2 and i == len(rows) - 1:
                t = form.table("appeals")
                new = _fill_row(row, [values.get(("appeals", "count", c.key)) for c in t.columns])
            table = table.replace(row, new, 1)
        new_tables.append((m.start(), m.end(), table))
    for start, end, table in reversed(new_tables):
        doc = doc[:start] + table + doc[end:]
    if page_numbers:
        doc, parts = _header_footer(doc, parts, f"{agency}政府信息公开工作年度报告")
    parts["word/document.xml"] = doc.encode("utf-8")
    return _save(parts, path)


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _header_footer(doc: str, parts: dict[str, bytes], running: str) -> tuple[str, dict[str, bytes]]:
    """A footer "- N -" (a PAGE field, as Chinese official documents number pages) and a running header."""
    field = (
        '<w:r><w:t xml:space="preserve">- </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/>'
        '</w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:r><w:t xml:space="preserve"> -</w:t></w:r>'
    )
    parts["word/footer1.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:ftr {_W}>'
        f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr>{field}</w:p></w:ftr>'
    ).encode()
    parts["word/header1.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr {_W}>'
        f'<w:p><w:pPr><w:jc w:val="right"/></w:pPr><w:r><w:t>{running}</w:t></w:r></w:p>'
        "</w:hdr>"
    ).encode()
    rels = parts["word/_rels/document.xml.rels"].decode()
    rels = rels.replace(
        "</Relationships>",
        f'<Relationship Id="rIdF1" Type="{_R}/footer" Target="footer1.xml"/>'
        f'<Relationship Id="rIdH1" Type="{_R}/header" Target="header1.xml"/></Relationships>',
    )
    parts["word/_rels/document.xml.rels"] = rels.encode()
    types = parts["[Content_Types].xml"].decode()
    ct = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    types = types.replace(
        "</Types>",
        f'<Override PartName="/word/footer1.xml" ContentType="{ct}.footer+xml"/>'
        f'<Override PartName="/word/header1.xml" ContentType="{ct}.header+xml"/></Types>',
    )
    parts["[Content_Types].xml"] = types.encode()
    doc = doc.replace(
        "<w:sectPr>",
        '<w:sectPr><w:headerReference w:type="default" r:id="rIdH1"/>'
        '<w:footerReference w:type="default" r:id="rIdF1"/>',
        1,
    )
    if 'xmlns:r="' not in doc[:3000]:
        doc = doc.replace("<w:document ", f'<w:document xmlns:r="{_R}" ', 1)
    return doc, parts


def calc_ready(path: Path) -> Path:
    """Give each row the height its wrapped text needs, and drop the save time, so Calc prints it cleanly."""
    import math

    import openpyxl
    from openpyxl.utils import get_column_letter

    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        spans = {}
        for rng in ws.merged_cells.ranges:
            spans[(rng.min_row, rng.min_col)] = (rng.max_row - rng.min_row + 1, rng.max_col - rng.min_col + 1)
        heights: dict[int, float] = {}
        for row in ws.iter_rows():
            for c in row:
                if not isinstance(c.value, str) or not c.value:
                    continue
                nr, nc = spans.get((c.row, c.column), (1, 1))
                width = sum(
                    ws.column_dimensions[get_column_letter(c.column + k)].width or 8.43 for k in range(nc)
                )
                need = sum(2 if ord(ch) > 0x2E7F else 1 for ch in c.value) * 1.15
                lines = math.ceil(need / max(width, 1))
                heights[c.row] = max(heights.get(c.row, 15), 15 * lines / nr)
        for r, h in heights.items():
            ws.row_dimensions[r].height = h
    wb.properties.created = wb.properties.modified = __import__("datetime").datetime(2021, 1, 1)
    wb.save(path)
    return path


# Tagged, as Word exports by default (WPS does not): the tags hold /Table /TR /TD, which the reader uses for
# a table without ruling lines. LibreOffice takes this Writer filter for workbooks too.
EXPORT = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'


def to_pdf(sources: list[Path], outdir: Path) -> list[Path]:
    """Export each .docx/.xlsx to PDF with LibreOffice (one soffice call for all not cached yet)."""
    return convert(sources, EXPORT, "pdf", outdir)


def to_plain_pdf(sources: list[Path], outdir: Path) -> list[Path]:
    """Export with LibreOffice's defaults, as a clerk's 导出为 PDF does: no tags."""
    return convert(sources, "pdf", "pdf", outdir)


def without_borders(path: Path) -> Path:
    """The workbook with every cell border removed (Calc then prints no ruling lines at all)."""
    import openpyxl
    from openpyxl.styles import Border

    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                c.border = Border()
    wb.save(path)
    return path


def borderless(path: Path) -> Path:
    """The .docx with every table and cell border removed (a table a person sees without ruling lines)."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    doc = parts["word/document.xml"].decode("utf-8")
    doc = re.sub(r"<w:tblBorders>.*?</w:tblBorders>|<w:tcBorders>.*?</w:tcBorders>", "", doc, flags=re.S)
    parts["word/document.xml"] = doc.encode("utf-8")
    out = path.with_name(path.stem + "-borderless.docx")
    return _save(parts, out)


def rewrite_docx(path: Path, out: Path, edit) -> Path:
    """A copy of the .docx at out with its document.xml passed through edit."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["word/document.xml"] = edit(parts["word/document.xml"].decode("utf-8")).encode("utf-8")
    return _save(parts, out)


def landscape(path: Path) -> Path:
    """The .docx on landscape pages (the wide table 3 often makes agencies turn the page)."""

    def turn(m: re.Match) -> str:
        w = re.search(r'w:w="(\d+)"', m.group(0)).group(1)
        h = re.search(r'w:h="(\d+)"', m.group(0)).group(1)
        return f'<w:pgSz w:w="{h}" w:h="{w}" w:orient="landscape"/>'

    return rewrite_docx(
        path, path.with_name(path.stem + "-landscape.docx"), lambda d: re.sub(r"<w:pgSz [^>]*/>", turn, d)
    )


def raw_pdf(objects: list[bytes], *, root: int = 1, trailer_extra: bytes = b"") -> bytes:
    """A PDF whose object n (1-based) is objects[n-1], with a valid xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        trailer_extra,
        xref,
    )
    return bytes(out)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def pages_pdf(
    contents: list[bytes], *, resources: bytes = b"<< >>", extra_objects: list[bytes] = ()
) -> bytes:
    """One page per content stream (A4), objects 1 catalog, 2 pages, then pages and contents, then extra_objects."""
    n = len(contents)
    first_extra = 3 + 2 * n
    kids = b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(n))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n)]
    for i, c in enumerate(contents):
        objs.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources %s /Contents %d 0 R >>"
            % (resources, 4 + 2 * i)
        )
        objs.append(stream(c))
    assert len(objs) + 1 == first_extra
    return raw_pdf(objs + list(extra_objects))
