"""OpenDocument text (.odt: LibreOffice Writer and the domestic office suites): each table a grid of text.

content.xml is read through the guarded zip reader with the standard streaming parser, as for .docx. ODF
writes a covered-table-cell for every position a span covers, so each cell's grid column is explicit;
number-columns-spanned/number-rows-spanned become merged ranges. Tracked changes are read as accepted
(the deleted text sits apart in text:tracked-changes, which is skipped); annotations, notes and the text of
drawings (frames, text boxes) are not the table's text. Repeated rows and cells are expanded within the
same limits as a Word table.
"""

from __future__ import annotations

import io
from xml.etree import ElementTree as ET

from govreport.messages import render
from govreport.read.docx import _NUMBERISH, MAX_COLS, MAX_DEPTH, MAX_TABLES, _zip, normalize_text
from govreport.read.guards import (
    MAX_CELLS,
    MAX_ROWS,
    MAX_TEXT_CELLS,
    UnreadableError,
    _head,
    _no_doctype,
    _read,
)
from govreport.read.model import Book, Sheet

TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
_T, _X = f"{{{TABLE}}}", f"{{{TEXT}}}"
_RESAVE = render("document-resave")
# subtrees that are not the document's visible text as accepted
_SKIPPED = {
    f"{_X}tracked-changes",
    f"{{{OFFICE}}}annotation",
    f"{_X}note",
    f"{{{DRAW}}}frame",
    f"{_X}table-of-content",
    f"{{{OFFICE}}}forms",
}


def _fail(message: str, reason: str) -> UnreadableError:
    return UnreadableError(message, reason)


def read_odt(data: bytes, path: str) -> Book:
    """Read an .odt document into a Book: one sheet 表格N per table, the narrative beside them."""
    z = _zip(data)
    if "content.xml" not in z.NameToInfo:
        raise _fail(render("odt-no-content", resave=_RESAVE), "not-a-document")
    content = _read(z, "content.xml")
    _no_doctype(content, "content.xml")
    for info in z.infolist():
        if info.filename != "content.xml" and info.filename.lower().endswith((".xml", ".rdf")):
            _no_doctype(_head(z, info.filename), info.filename)
    sheets, narrative = _walk(content)
    return Book(path=path, format="odt", sheets=sheets, notes=[], narrative=narrative)


class _Table:
    def __init__(self, index: int):
        self.index = index
        self.rows: list[list[str]] = []
        self.merged: list[tuple[int, int, int, int]] = []
        self.row: list[str] | None = None
        self.row_repeat = 1
        self.col = 0
        self.cell: list[str] | None = None
        self.cell_span = (1, 1)
        self.cell_repeat = 1


def _walk(content: bytes) -> tuple[list[Sheet], list[str]]:
    tables: list[_Table] = []
    sheets: dict[int, Sheet] = {}
    narrative: list[str] = []
    next_index = 0
    skip = 0
    total = texts = 0
    try:
        for event, elem in ET.iterparse(io.BytesIO(content), events=("start", "end")):
            tag = elem.tag
            if tag in _SKIPPED:
                skip += 1 if event == "start" else -1
                continue
            if skip:
                continue
            if event == "start":
                if tag == f"{_T}table":
                    if len(tables) >= MAX_DEPTH:
                        raise _fail(
                            render("odt-tables-too-deep", max_depth=MAX_DEPTH, resave=_RESAVE),
                            "too-deep",
                        )
                    if next_index >= MAX_TABLES:
                        raise _fail(
                            render("document-too-many-tables", max_tables=MAX_TABLES),
                            "too-large",
                        )
                    tables.append(_Table(next_index))
                    next_index += 1
                elif tag == f"{_T}table-row" and tables:
                    t = tables[-1]
                    t.row, t.col = [], 0
                    t.row_repeat = _count(elem, f"{_T}number-rows-repeated", MAX_ROWS)
                elif tag in _CELLS and tables:
                    t = tables[-1]
                    t.cell = []
                    t.cell_repeat = _count(elem, f"{_T}number-columns-repeated", MAX_COLS)
                    t.cell_span = (
                        _count(elem, f"{_T}number-rows-spanned", MAX_ROWS),
                        _count(elem, f"{_T}number-columns-spanned", MAX_COLS),
                    )
                continue
            if tag in _PARAS:
                text = normalize_text(_paragraph_text(elem))  # its subtree is complete at its end
                if tables and tables[-1].cell is not None:
                    if text:
                        tables[-1].cell.append(text)
                elif text:
                    narrative.append(text)
                elem.clear()
            elif tag in _CELLS and tables:
                t = tables[-1]
                if t.row is not None and t.cell is not None:
                    text = "\n".join(t.cell) if tag == f"{_T}table-cell" else ""
                    rows_span, cols_span = t.cell_span
                    if t.col + t.cell_repeat + cols_span > MAX_COLS:
                        raise _fail(
                            render(
                                "document-table-too-many-columns",
                                n=t.index + 1,
                                max_cols=MAX_COLS,
                                resave=_RESAVE,
                            ),
                            "too-many-cells",
                        )
                    for _ in range(t.cell_repeat):
                        if rows_span > 1 or cols_span > 1:
                            r = len(t.rows)
                            t.merged.append((r, t.col, r + rows_span - 1, t.col + cols_span - 1))
                        t.row.append(text)
                        t.col += 1
                    if text and not _NUMBERISH.fullmatch(text):
                        texts += t.cell_repeat * t.row_repeat
                        if texts > MAX_TEXT_CELLS:
                            raise _fail(
                                render("odt-too-many-text-cells", n=texts, max_text_cells=MAX_TEXT_CELLS),
                                "too-many-cells",
                            )
                t.cell = None
            elif tag == f"{_T}table-row" and tables:
                t = tables[-1]
                if t.row is not None:
                    total += len(t.row) * t.row_repeat
                    if len(t.rows) + t.row_repeat > MAX_ROWS or total > MAX_CELLS:
                        raise _fail(
                            render(
                                "odt-table-too-big", n=t.index + 1, max_rows=MAX_ROWS, max_cells=MAX_CELLS
                            ),
                            "too-many-cells",
                        )
                    for _ in range(t.row_repeat):
                        t.rows.append(list(t.row))
                t.row = None
                elem.clear()
            elif tag == f"{_T}table" and tables:
                t = tables.pop()
                sheets[t.index] = Sheet(name=f"表格{t.index + 1}", rows=t.rows, merged=sorted(t.merged))
    except ET.ParseError as e:
        raise _fail(render("odt-invalid-xml", error=e, resave=_RESAVE), "not-a-document") from None
    return [sheets[i] for i in sorted(sheets)], narrative


_CELLS = (f"{_T}table-cell", f"{_T}covered-table-cell")
_PARAS = (f"{_X}p", f"{_X}h")


def _paragraph_text(p: ET.Element) -> str:
    """A paragraph's text: spans and links joined, text:s as its count of spaces, tabs as a space, line breaks
    as a line break; annotations, notes and drawings left out (an explicit stack: nesting depth is unbounded)."""
    out: list[str] = [p.text or ""]
    stack: list[tuple[ET.Element, int]] = [(p, 0)]
    while stack:
        elem, i = stack.pop()
        if i >= len(elem):
            if elem is not p and elem.tail:
                out.append(elem.tail)
            continue
        stack.append((elem, i + 1))
        child = elem[i]
        tag = child.tag
        if tag in _SKIPPED or tag in _PARAS:
            if child.tail:
                out.append(child.tail)
            continue
        if tag == f"{_X}s":
            out.append(" " * min(_count(child, f"{_X}c", 1000), 1000))
        elif tag == f"{_X}tab":
            out.append(" ")
        elif tag == f"{_X}line-break":
            out.append("\n")
        elif child.text:
            out.append(child.text)
        stack.append((child, 0))
    return "".join(out)


def _count(elem: ET.Element, attr: str, limit: int) -> int:
    v = elem.get(attr, "1")
    if not v.isdigit() or len(v) > 7:
        return limit + 1 if v.isdigit() else 1
    return max(int(v), 1)
