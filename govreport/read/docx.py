"""Word documents (.docx, .docm; WPS saves the same format): each table a grid of its cells' text.

The document XML is read through the guarded zip reader of govreport.read.guards (member limits, no DOCTYPE)
with the standard library's streaming parser, not python-docx: python-docx needs lxml, and once lxml is
installed openpyxl switches to its lxml writer (whose failures on a full disk are tracebacks, not the
Chinese messages fill and batch give today). The reader needs no more than a walk over w:tbl/w:tr/w:tc/w:p.

What it reads, as if every tracked change (修订) were accepted:
- text inserted (w:ins, w:moveTo) counts, deleted text (w:del, w:moveFrom) does not; a deleted row or cell
  (w:trPr/w:del, w:tcPr/w:cellDel) is left out; the old properties of a change (w:tcPrChange …) are ignored;
- content controls (w:sdt) are transparent; a control still showing its placeholder counts as blank;
- a cell's paragraphs, runs and line breaks are joined by line breaks; &nbsp;, full-width and other spaces
  count as spaces, runs of them as one, an empty paragraph as nothing;
- every table at any depth is a sheet 表格N, numbered in document order (an outer table before the tables
  nested in it); a nested table's text is not part of the outer cell;
- gridSpan and vMerge become merged ranges of the expanded grid, the text at the top-left cell, as a
  workbook's merged cells; w:gridBefore/w:gridAfter shift a row's cells;
- paragraphs outside every table are the narrative; text boxes and the fallback copy of drawings are skipped.

Over 400 lines: the streaming walk keeps its state in one class (open tables, paragraph, skipped subtrees), and
its events, the grid expansion and the limits belong together.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Callable
from xml.etree import ElementTree as ET

from govreport.findings import REVIEW_TEXT
from govreport.messages import render
from govreport.read.guards import (
    MAX_CELLS,
    MAX_ROWS,
    MAX_TEXT_CELLS,
    ZIP_ERRORS,
    UnreadableError,
    _check_zip_members,
    _head,
    _no_doctype,
    _read,
)
from govreport.read.model import EMBEDDED, REPORT_SHEET, Book, Sheet, a1

WorkbookReader = Callable[[bytes, str], Book]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
COMMENT_AUTHOR = "govreport"
# how fill words a 待人工核实 comment in a Word document, and the value it wrote (read back by a later check)
REVIEW_PREFIX = f"{COMMENT_AUTHOR} {REVIEW_TEXT}："
_WRITTEN = re.compile(r"（govreport 写入：([^）]*)）")

MAX_DEPTH = 8  # tables inside tables: a report nests one level at most (a layout table around the form)
MAX_TABLES = 1_000  # a report has 3-10 tables; each becomes a sheet the locator reads
MAX_COLS = 1_000  # grid columns of one table (Word allows 63; a gridSpan can claim any number)
_RESAVE = render("document-resave")

# characters that count as a space in a cell: nbsp, full-width space, the fixed-width spaces, tab
_SPACES = re.compile(r"[\s\u00a0\u3000\u2000-\u200a\u202f\u205f]+")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def normalize_text(text: str) -> str:
    """A cell's text as the grid holds it: each line's spaces collapsed, empty lines dropped, lines joined by \\n."""
    lines = (_SPACES.sub(" ", line.translate(_INVISIBLE)).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _fail(message: str, reason: str) -> UnreadableError:
    return UnreadableError(message, reason)


def _zip(data: bytes) -> zipfile.ZipFile:
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except ZIP_ERRORS:
        raise _fail(render("docx-zip-directory-broken", resave=_RESAVE), "truncated") from None
    _check_zip_members(z)
    return z


def _main_part(z: zipfile.ZipFile) -> str:
    """The main document part named by _rels/.rels (word/document.xml in every file Word or WPS writes)."""
    if "_rels/.rels" in z.NameToInfo:
        rels = _read(z, "_rels/.rels", 1 << 20)
        _no_doctype(rels, "_rels/.rels")
        try:
            root = ET.fromstring(rels)
        except ET.ParseError:
            root = None
        for rel in root.iter(f"{{{_PKG_RELS}}}Relationship") if root is not None else ():
            if rel.get("Type", "").endswith("/officeDocument"):
                target = rel.get("Target", "").lstrip("/")
                target = posixpath.normpath(target)
                if target in z.NameToInfo:
                    return target
    if "word/document.xml" in z.NameToInfo:
        return "word/document.xml"
    raise _fail(render("docx-no-body", resave=_RESAVE), "not-a-document")


def docx_format(z: zipfile.ZipFile) -> str:
    """ "docm" when the document carries macros, else "docx"."""
    return "docm" if any(n.lower().endswith("vbaproject.bin") for n in z.NameToInfo) else "docx"


def read_docx(data: bytes, path: str, read_workbook: WorkbookReader | None = None) -> Book:
    """Read a .docx/.docm document into a Book: one sheet 表格N per table, the narrative beside them.

    read_workbook (read.spreadsheet.workbook_from_bytes, handed in so that this module need not import the
    reader that dispatches to it) reads an Excel table embedded in the document; without it none is read.
    """
    try:
        return _read_docx(data, path, read_workbook)
    except UnreadableError as e:
        # the zip guards speak of workbooks: a clerk with a document re-saves it in Word/WPS
        message = e.message.replace("Excel/WPS", "Word/WPS").replace("另存为 .xlsx", "另存为 .docx")
        raise UnreadableError(message, e.reason) from None


def _read_docx(data: bytes, path: str, read_workbook: WorkbookReader | None) -> Book:
    z = _zip(data)
    part = _main_part(z)
    body = _read(z, part)
    _no_doctype(body, part)
    for info in z.infolist():  # every other XML part: a DOCTYPE must come before the root, the head is enough
        n = info.filename
        if n != part and n.lower().endswith((".xml", ".rels")):
            _no_doctype(_head(z, n), n)
    reviews = _review_comments(z)
    walker = _Walker(comments=bool(reviews))
    sheets, narrative, pictures = walker.walk(body, part)
    if reviews:
        sheets.append(_review_sheet(reviews, walker.comment_cells))
    notes: list[str] = []
    if read_workbook is not None:
        sheets += _embedded_workbooks(z, path, notes, read_workbook)
    if not sheets:
        if pictures:
            raise _fail(
                render("document-pictures-only"),
                "picture-table",
            )
    return Book(path=path, format=docx_format(z), sheets=sheets, notes=notes, narrative=narrative)


def cell_positions(data: bytes) -> tuple[str, dict[tuple[str, int, int], tuple[int, int, int, bool]]]:
    """For fill: the main part and, per grid cell (表格N, row, column), its w:tc as (ordinal among every w:tc
    start tag of the part, first grid column of that w:tc, its gridSpan, True when a vMerge continuation)."""
    z = _zip(data)
    part = _main_part(z)
    body = _read(z, part)
    _no_doctype(body, part)
    walker = _Walker(positions=True)
    walker.walk(body, part)
    assert walker.positions is not None
    return part, walker.positions


def _review_comments(z: zipfile.ZipFile) -> dict[str, tuple[str, str]]:
    """govreport's 待人工核实 comments in a document it filled: comment id -> (value written, reason)."""
    name = "word/comments.xml"
    if name not in z.NameToInfo:
        return {}
    data = _read(z, name)
    if COMMENT_AUTHOR.encode() not in data:
        return {}
    _no_doctype(data, name)
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return {}
    out = {}
    for c in root.iter(f"{{{W}}}comment"):
        if c.get(f"{{{W}}}author") != COMMENT_AUTHOR:
            continue
        text = "\n".join("".join(t.text or "" for t in p.iter(f"{{{W}}}t")) for p in c.iter(f"{{{W}}}p"))
        m = _WRITTEN.search(text)
        if text.startswith(REVIEW_PREFIX) and m:
            out[c.get(f"{{{W}}}id", "")] = (m.group(1), text[len(REVIEW_PREFIX) : m.start()].strip())
    return out


def _review_sheet(reviews: dict[str, tuple[str, str]], cells: list[tuple[str, int, int, str]]) -> Sheet:
    """The 待人工核实 comments anchored in table cells as the rows of a 校验报告 sheet (cell, -, value, kind, reason)."""
    rows: list[list] = []
    seen: set[str] = set()  # a comment's range start and its reference are both in the cell
    for sheet, r, c, cid in cells:
        if cid in reviews and cid not in seen:
            seen.add(cid)
            written, reason = reviews[cid]
            rows.append([f"{sheet}!{a1(r, c)}", "", written, REVIEW_TEXT, reason])
    return Sheet(name=REPORT_SHEET, rows=rows)


def _embedded_workbooks(
    z: zipfile.ZipFile, path: str, notes: list[str], read_workbook: WorkbookReader
) -> list[Sheet]:
    """The sheets of Excel tables embedded in the document (word/embeddings/*.xlsx), checked as workbooks."""
    names = [
        n
        for n in z.namelist()
        if n.lower().startswith("word/embeddings/") and n.lower().endswith((".xlsx", ".xlsm"))
    ]
    out: list[Sheet] = []
    for k, name in enumerate(sorted(names), 1):
        try:
            book = read_workbook(_read(z, name), path)
        except UnreadableError as e:
            notes.append(render("docx-embedded-unreadable", name=posixpath.basename(name), error=e.message))
            continue
        notes.append(render("docx-embedded-read", name=posixpath.basename(name), k=k))
        notes += book.notes
        for sheet in book.sheets:
            sheet.name = f"{EMBEDDED}{k}·{sheet.name}"
            out.append(sheet)
    return out


class _Table:
    """One table being read: its rows as lists of (first grid column, span, vMerge, text)."""

    __slots__ = (
        "index",
        "rows",
        "row",
        "cell",
        "skip_row",
        "skip_cell",
        "before",
        "after",
        "span",
        "vmerge",
        "n_cells",
        "ordinal",
        "comments",
        "marks",
    )

    def __init__(self, index: int):
        self.index = index
        self.rows: list[list[tuple[int, int, str | None, str, int]]] = []  # (+ the w:tc's ordinal)
        self.row: list[tuple[int, int, str | None, str, int]] | None = None
        self.cell: list[str] | None = None  # the current cell's paragraphs
        self.skip_row = self.skip_cell = False
        self.before = self.after = 0
        self.span: int = 1
        self.vmerge: str | None = None
        self.n_cells = 0
        self.ordinal = -1  # the current w:tc's ordinal among every w:tc start tag of the part
        self.comments: list[str] = []  # ids of comments anchored in the current cell
        self.marks: list[tuple[int, int, str]] = []  # (row index, first column, comment id)


class _Walker:
    """A streaming walk over the document XML (no tree is kept: a huge document costs its size once)."""

    def __init__(self, *, positions: bool = False, comments: bool = False) -> None:
        # positions (fill only): where each grid cell's w:tc is; comments: which cell each comment anchors in
        self.positions: dict[tuple[str, int, int], tuple[int, int, int, bool]] | None = (
            {} if positions else None
        )
        self.comments = comments
        self.comment_cells: list[tuple[str, int, int, str]] = []  # (sheet, row, column, comment id)
        self.tc_seen = 0
        self.tables: list[_Table] = []  # open tables, innermost last
        self.sheets: dict[int, Sheet] = {}
        self.next_index = 0
        self.narrative: list[str] = []
        self.para: list[str] | None = None  # text of the paragraph being read (None outside one)
        self.paras: list[list[str]] = []  # paragraphs open around it (a paragraph can hold a nested one)
        self.skip = 0  # inside deleted text, an old property set, a text box or a drawing's fallback
        self.placeholder: list[bool] = []  # per open w:sdt: it shows its placeholder text
        self.mark_deleted = False  # the open paragraph's mark is a tracked deletion
        self.carry = ""  # text of a paragraph whose mark was deleted: the start of the next one
        self.pictures = False
        self.total_cells = 0
        self.text_cells = 0

    def walk(self, data: bytes, part: str) -> tuple[list[Sheet], list[str], bool]:
        # Only the elements in _TAGS matter; the rest (mostly run and border formatting, two thirds of a WPS
        # document) cost one dict lookup. The parent a few of them need is the property set they sit in.
        tags, start, end = _TAGS, self._start, self._end
        parent = {"tcPr": 0, "trPr": 0, "pPr": 0, "r": 0}
        try:
            for event, elem in ET.iterparse(io.BytesIO(data), events=("start", "end")):
                name = tags.get(elem.tag)
                if name is None:
                    continue
                if name in parent:
                    if event == "start":
                        parent[name] += 1
                        continue
                    parent[name] -= 1
                    continue
                where = (
                    "tcPr"
                    if parent["tcPr"]
                    else "trPr"
                    if parent["trPr"]
                    else "pPr"
                    if parent["pPr"]
                    else "r"
                    if parent["r"]
                    else ""
                )
                if event == "start":
                    start(name, elem, where)
                else:
                    end(name, elem, where)
                    if name in ("p", "tbl"):
                        elem.clear()  # keep memory flat on a long document
        except ET.ParseError as e:
            raise _fail(
                render("docx-invalid-xml", part=part, error=e, resave=_RESAVE), "not-a-document"
            ) from None
        return [self.sheets[i] for i in sorted(self.sheets)], self.narrative, self.pictures

    # ------------------------------------------------------------------ events

    def _start(self, name: str, elem: ET.Element, parent: str) -> None:
        if name == "tc":  # every w:tc, read or skipped: fill finds the n-th one in the part again
            self.tc_seen += 1
        if name in _SKIPPED:
            self.skip += 1
            return
        if name == "picture":
            self.pictures = True
            return
        if self.skip:
            return
        if name == "tbl":
            if len(self.tables) >= MAX_DEPTH:
                raise _fail(
                    render("document-tables-too-deep", max_depth=MAX_DEPTH, resave=_RESAVE),
                    "too-deep",
                )
            if self.next_index >= MAX_TABLES:
                raise _fail(
                    render("document-too-many-tables", max_tables=MAX_TABLES),
                    "too-large",
                )
            if self.carry:  # a paragraph whose deleted mark ran on into a table: it stays before it
                self.narrative.append(normalize_text(self.carry))
                self.carry = ""
            self.tables.append(_Table(self.next_index))
            self.next_index += 1
        elif name == "tr" and self.tables:
            t = self.tables[-1]
            t.row, t.skip_row, t.before, t.after = [], False, 0, 0
        elif name == "tc" and self.tables:
            t = self.tables[-1]
            t.cell, t.skip_cell, t.span, t.vmerge = [], False, 1, None
            t.ordinal = self.tc_seen - 1
        elif name in ("commentRangeStart", "commentReference") and self.comments:
            if self.tables and self.tables[-1].cell is not None:
                self.tables[-1].comments.append(elem.get(f"{{{W}}}id") or elem.get(f"{{{W_STRICT}}}id") or "")
        elif name == "p":
            if self.para is not None:
                self.paras.append(self.para)
            self.para, self.carry = [self.carry] if self.carry else [], ""
            self.mark_deleted = False
        elif name == "sdt":
            self.placeholder.append(False)
        elif name == "showingPlcHdr" and self.placeholder:
            self.placeholder[-1] = True

    def _end(self, name: str, elem: ET.Element, parent: str) -> None:
        if name == "picture":
            return
        if name in _SKIPPED:
            self.skip -= 1
            if name == "del" and parent == "trPr" and not self.skip and self.tables:
                self.tables[-1].skip_row = True  # a deleted row: gone once the change is accepted
            elif name == "del" and parent == "pPr" and not self.skip:
                self.mark_deleted = True  # a deleted paragraph mark: accepted, it runs on into the next
            return
        if self.skip:
            return
        if name == "t":
            if self.para is not None and elem.text and not any(self.placeholder):
                self.para.append(elem.text)
        elif name in ("tab", "ptab") and parent == "r":
            if self.para is not None:
                self.para.append(" ")
        elif name in ("br", "cr"):
            if self.para is not None:
                self.para.append("\n")
        elif name == "noBreakHyphen":
            if self.para is not None:
                self.para.append("-")
        elif name == "p":
            if self.mark_deleted and not self.paras:
                self.carry, self.para = "".join(self.para or ()), None
                return
            text = normalize_text("".join(self.para or ()))
            self.para = self.paras.pop() if self.paras else None
            if self.para is not None:  # a paragraph inside a paragraph (an inline content control's block)
                self.para.append("\n" + text)
            elif self.tables and self.tables[-1].cell is not None:
                if text:
                    self.tables[-1].cell.append(text)
            elif text:
                self.narrative.append(text)
        elif name == "sdt":
            if self.placeholder:
                self.placeholder.pop()
        elif not self.tables:
            return
        elif name == "gridSpan" and parent == "tcPr":
            self.tables[-1].span = _int(elem, 1, MAX_COLS)
        elif name == "vMerge" and parent == "tcPr":
            self.tables[-1].vmerge = "restart" if _val(elem) == "restart" else "continue"
        elif name == "cellDel" and parent == "tcPr":
            self.tables[-1].skip_cell = True
        elif name == "gridBefore" and parent == "trPr":
            self.tables[-1].before = _int(elem, 0, MAX_COLS)
        elif name == "gridAfter" and parent == "trPr":
            self.tables[-1].after = _int(elem, 0, MAX_COLS)
        elif name == "tc":
            if self.carry and self.tables[-1].cell is not None:  # a cell's last mark is never deleted in Word
                self.tables[-1].cell.append(normalize_text(self.carry))
            self.carry = ""
            self._end_cell(self.tables[-1])
        elif name == "tr":
            t = self.tables[-1]
            if t.skip_row and t.marks:
                t.marks = [m for m in t.marks if m[0] != len(t.rows)]
            if t.row is not None and not t.skip_row:
                t.rows.append(t.row)
                if len(t.rows) > MAX_ROWS:
                    raise _fail(
                        render("document-table-too-many-rows", n=t.index + 1, max_rows=MAX_ROWS),
                        "too-many-cells",
                    )
            t.row = None
        elif name == "tbl":
            t = self.tables.pop()
            self.sheets[t.index] = self._sheet(t)

    def _end_cell(self, t: _Table) -> None:
        if t.row is None or t.cell is None:
            return
        if not t.skip_cell:
            col = t.row[-1][0] + t.row[-1][1] if t.row else t.before
            if col + t.span > MAX_COLS:
                raise _fail(
                    render(
                        "document-table-too-many-columns", n=t.index + 1, max_cols=MAX_COLS, resave=_RESAVE
                    ),
                    "too-many-cells",
                )
            text = "\n".join(t.cell)
            t.row.append((col, t.span, t.vmerge, text, t.ordinal))
            if t.comments:
                t.marks += [(len(t.rows), col, cid) for cid in t.comments]
            self.total_cells += t.span
            if self.total_cells > MAX_CELLS:
                raise _fail(
                    render("document-too-many-cells", max_cells=MAX_CELLS),
                    "too-many-cells",
                )
            if text and not _NUMBERISH.fullmatch(text):
                self.text_cells += 1
                if self.text_cells > MAX_TEXT_CELLS:
                    raise _fail(
                        render(
                            "document-too-many-text-cells", n=self.text_cells, max_text_cells=MAX_TEXT_CELLS
                        ),
                        "too-many-cells",
                    )
        t.cell = None
        t.comments = []

    def _sheet(self, t: _Table) -> Sheet:
        """The expanded grid: each cell's text at its top-left, gridSpan/vMerge as merged ranges."""
        rows: list[list[str]] = []
        merged: list[tuple[int, int, int, int]] = []
        open_merges: dict[int, list[int]] = {}  # first column -> [first row, last row, span]
        name = f"表格{t.index + 1}"
        pos = self.positions
        self.comment_cells += [(name, r, c, cid) for r, c, cid in t.marks]
        for r, cells in enumerate(t.rows):
            width = max((c + s for c, s, _, _, _ in cells), default=0)
            line = [""] * width
            seen: set[int] = set()
            for c, span, vmerge, text, ordinal in cells:
                if pos is not None:
                    cont = vmerge == "continue" and c in open_merges and open_merges[c][1] == r - 1
                    for k in range(span):
                        pos[(name, r, c + k)] = (ordinal, c, span, cont)
                if vmerge == "continue" and c in open_merges and open_merges[c][1] == r - 1:
                    open_merges[c][1] = r  # covered by the cell above: its text stays there
                    seen.add(c)
                    continue
                line[c] = text
                if c in open_merges:  # a new cell where a merge above ended (a restart right below one)
                    first, last, was = open_merges.pop(c)
                    if last > first or was > 1:
                        merged.append((first, c, last, c + was - 1))
                if vmerge == "restart":
                    open_merges[c] = [r, r, span]
                    seen.add(c)
                elif span > 1:
                    merged.append((r, c, r, c + span - 1))
            for c in [c for c in open_merges if c not in seen]:
                first, last, span = open_merges.pop(c)
                if last > first or span > 1:
                    merged.append((first, c, last, c + span - 1))
            rows.append(line)
        for c, (first, last, span) in open_merges.items():
            if last > first or span > 1:
                merged.append((first, c, last, c + span - 1))
        merged.sort()
        return Sheet(name=name, rows=rows, merged=merged)


# Subtrees whose text is not the document's as accepted: deleted or moved-away text, the old properties of a
# tracked change, text boxes (a drawing's text, not the report's table or narrative), field instructions.
_SKIPPED = frozenset(
    {
        "del",
        "moveFrom",
        "tcPrChange",
        "trPrChange",
        "tblPrChange",
        "pPrChange",
        "rPrChange",
        "sectPrChange",
        "tblGridChange",
        "tblPrExChange",
        "numberingChange",
        "txbxContent",
        "instrText",
        "delText",
        "delInstrText",
        "Fallback",  # mc:Fallback: the same drawing again for older readers
    }
)
_NUMBERISH = re.compile(r"[+-]?[\d.,]{1,20}")
_VML = "urn:schemas-microsoft-com:vml"
_DRAWING = "http://schemas.openxmlformats.org/drawingml/2006/main"
# full tag -> the name the walk knows it by; "picture" for anything that draws an image
_TAGS: dict[str, str] = {
    f"{{{ns}}}{name}": name
    for ns in (W, W_STRICT)
    for name in (
        *_SKIPPED,
        "tbl",
        "tr",
        "tc",
        "p",
        "t",
        "tab",
        "ptab",
        "br",
        "cr",
        "noBreakHyphen",
        "sdt",
        "commentRangeStart",
        "commentReference",
        "showingPlcHdr",
        "gridSpan",
        "vMerge",
        "cellDel",
        "gridBefore",
        "gridAfter",
        "tcPr",
        "trPr",
        "pPr",
        "r",
    )
}
_TAGS.update(
    {
        f"{{{W}}}drawing": "picture",
        f"{{{W}}}pict": "picture",
        f"{{{W_STRICT}}}drawing": "picture",
        f"{{{_VML}}}imagedata": "picture",
        f"{{{_DRAWING}}}blip": "picture",
        f"{{{MC}}}Fallback": "Fallback",
    }
)


def _val(elem: ET.Element) -> str:
    return elem.get(f"{{{W}}}val") or elem.get(f"{{{W_STRICT}}}val") or ""


def _int(elem: ET.Element, default: int, limit: int) -> int:
    v = _val(elem)
    if not v.isdigit() or len(v) > 7:
        return default if not v.isdigit() else limit + 1
    return max(int(v), 1 if default == 1 else 0)
