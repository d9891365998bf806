"""Word 97-2003 documents (.doc) and WPS 文字 documents (.wps, the same binary format): each table a grid.

Read natively from the [MS-DOC] binary format through olefile, into the same Book as read.docx gives for a
.docx: one sheet 表格N per table in document order (an outer table before the tables nested in it), a
horizontally merged cell as a merged range over the columns it covers, a vertically merged cell as a merged
range down the rows, and the paragraphs outside every table as the narrative.

- the text: the WordDocument stream's FIB (wIdent 0xA5EC) names the table stream (1Table/0Table) and the Clx
  in it; the Clx's piece table (PlcPcd) maps the main document's characters to the file (8-bit cp1252 at fc/2
  when compressed, else UTF-16LE at fc). Only the main document is read (not headers, footnotes, text boxes);
- a paragraph's properties: PlcfBtePapx -> 512-byte PapxFkp pages -> each paragraph mark's PAPX grpprl.
  sprmPFInTable/sprmPItap say a paragraph is in a table (and how deep), a cell ends with \\x07 (nested:
  sprmPFInnerTableCell), a row with sprmPFTtp (nested: sprmPFInnerTtp) whose sprmTDefTable gives the row's
  cell boundaries rgdxaCenter and each cell's vertical-merge flags;
- the grid: the columns of a table are the union of all its rows' boundaries (what Word's own table grid
  is), so a cell spanning two boundaries of another row spans two columns;
- fields (\\x13 code \\x14 result \\x15) keep only their result; pictures and objects (\\x01, \\x08) are dropped;
- as read.docx does, every tracked change counts as accepted: text marked deleted (sprmCFRMarkDel in the
  ChpxFkp pages) is left out; a fast-saved piece's Prm adds its table properties to the piece's paragraphs;
- an Excel table embedded as an object (ObjectPool/_N: an xlsx Package stream or a BIFF Workbook stream) is
  read as a workbook, its sheets named 嵌入k·…, as read.docx reads a .docx's word/embeddings;
- not read: a symbol font's character (sprmCSymbol; the text holds a placeholder), headers, footnotes, text
  boxes, Word 6.0/95 files (refused: re-save them).

Everything read is bounded (stream sizes, pieces, FKP pages and runs, rows, cells, tables) and every offset is
checked before use: a damaged or hostile file is an UnreadableError with a Chinese reason, never a traceback.

Over 400 lines: the FIB, the piece table, the paragraph-property pages and the walk over the text are one
binary format read in one pass; split, each part would only make sense beside the others.
"""

from __future__ import annotations

import io
import struct
import zipfile
from bisect import bisect_right

from govreport.messages import render
from govreport.read.cfb import one_stream_file
from govreport.read.docx import (
    _NUMBERISH,
    MAX_COLS,
    MAX_DEPTH,
    MAX_TABLES,
    WorkbookReader,
    _Table,
    _Walker,
    normalize_text,
)
from govreport.read.guards import MAX_CELLS, MAX_ROWS, MAX_TEXT_CELLS, ZIP_ERRORS, UnreadableError
from govreport.read.model import EMBEDDED, Book, Sheet

_RESAVE = render("document-resave")
MAX_STREAM_BYTES = 200 * 1024 * 1024  # a document's size is mostly images, never read here
MAX_PIECES = 1_000_000  # a fast-saved document has a few hundred pieces
MAX_FKP_PAGES = 200_000  # every 512-byte page of a 100 MiB stream
MAX_CHARS = 10_000_000  # characters of the main document (a report has ~10,000-100,000)
_SNAP = 4  # twips: boundaries this close are one grid line (rounding in a converter's row widths)

# sprms ([MS-DOC] 2.6): paragraph and table properties the walk needs
_P_IN_TABLE = 0x2416
_P_TTP = 0x2417
_P_ITAP = 0x6649
_P_DTAP = 0x664A  # depth change (relative): rare, read as itap += value
_P_INNER_CELL = 0x244B
_P_INNER_TTP = 0x244C
_T_DEF_TABLE = 0xD608
_T_VERT_MERGE = 0xD62B
_P_CHG_TABS = 0xC615


def _fail(message: str, reason: str = "not-a-document") -> UnreadableError:
    return UnreadableError(message, reason)


def _damaged(what: str) -> UnreadableError:
    return _fail(render("doc-damaged", what=what, resave=_RESAVE), "truncated")


def read_doc(data: bytes, path: str, read_workbook: WorkbookReader | None = None) -> Book:
    """Read a .doc/.wps document's bytes into a Book (sheets 表格N, the narrative); UnreadableError if not.

    read_workbook (as for read.docx) reads an Excel 2007+ table embedded as an object (ObjectPool/_N/Package)."""
    table = _streams(data, ("WordDocument", "1Table", "0Table"))
    word = table.pop("WordDocument", None)
    if word is None:
        raise _damaged(render("doc-no-word-stream"))
    fib = _Fib(word)
    if fib.encrypted:
        raise _fail(render("doc-encrypted"), "encrypted")
    tbl = table.get(fib.table_stream)
    if tbl is None:
        raise _damaged(render("doc-no-table-stream", stream=fib.table_stream))
    pieces = _pieces(tbl, fib)
    papx = _Papx(word, tbl, fib, _DataStream(data))
    walk = _Walk(papx, _deleted(word, tbl, fib))
    for text, fc, width, extra in _main_text(word, pieces, fib.ccp_text):
        walk.feed(text, fc, width, extra)
    walk.finish()
    sheets = [walk.sheets[i] for i in sorted(walk.sheets)]
    notes: list[str] = []
    if read_workbook is not None:
        sheets += _embedded_workbooks(data, path, notes, read_workbook)
    if not sheets and walk.pictures:
        raise _fail(
            render("document-pictures-only"),
            "picture-table",
        )
    return Book(path=path, format="doc", sheets=sheets, notes=notes, narrative=walk.narrative)


MAX_OBJECTS = 100  # embedded objects looked at (a report embeds one or two tables, if any)
MAX_EMBEDDED_BYTES = 7 * 1024 * 1024  # an embedded table is KBs; a one-stream file holds up to 7 MiB


def _embedded_workbooks(
    data: bytes, path: str, notes: list[str], read_workbook: WorkbookReader
) -> list[Sheet]:
    """The sheets of Excel tables embedded as objects (an Excel 2007+ object's xlsx is its Package stream, an
    Excel 97-2003 object's BIFF is its Workbook stream), named 嵌入k·… as read.docx names a .docx's."""
    # deferred: olefile is needed for an old document only (a batch of workbooks never loads it)
    import olefile

    out: list[Sheet] = []
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - read once already: a failure here only loses the objects
        return out
    try:
        found = sorted(e for e in ole.listdir() if len(e) == 3 and e[0] == "ObjectPool")[: 3 * MAX_OBJECTS]
        k = 0
        for entry in found:
            if entry[2] not in ("Package", "Workbook", "Book"):
                continue
            if ole.get_size("/".join(entry)) > MAX_EMBEDDED_BYTES:
                notes.append(render("doc-embedded-too-big", name=entry[1]))
                continue
            with ole.openstream(entry) as fh:
                body = fh.read(MAX_EMBEDDED_BYTES)
            if entry[2] == "Package":  # an Excel 2007+ object: its xlsx as it is
                try:
                    names = zipfile.ZipFile(io.BytesIO(body)).namelist() if body.startswith(b"PK") else []
                except ZIP_ERRORS:
                    names = []
                if "xl/workbook.xml" not in names:
                    continue  # another kind of object (a chart, a drawing, a document)
            else:  # an Excel 97-2003 object: its BIFF stream, put in a file of its own for the workbook reader
                body = one_stream_file(entry[2], body)
            k += 1
            try:
                book = read_workbook(body, path)
            except UnreadableError as e:
                notes.append(render("doc-embedded-unreadable", name=entry[1], error=e.message))
                continue
            notes.append(render("doc-embedded-read", name=entry[1], embedded=EMBEDDED, k=k))
            notes += book.notes
            for sheet in book.sheets:
                sheet.name = f"{EMBEDDED}{k}·{sheet.name}"
                out.append(sheet)
    except Exception:  # noqa: BLE001 - a damaged object storage: the document's own tables are still read
        pass
    finally:
        ole.close()
    return out


def _streams(data: bytes, names: tuple[str, ...]) -> dict[str, bytes]:
    """The streams of these names the compound file holds, each bounded in size."""
    # deferred: olefile is needed for an old document only (a batch of workbooks never loads it)
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - olefile raises OSError, struct.error, IndexError … on a broken file
        raise _damaged(render("doc-cfb-broken")) from None
    try:
        out: dict[str, bytes] = {}
        for name in names:
            try:
                if not ole.exists(name):
                    continue
                if ole.get_size(name) > MAX_STREAM_BYTES:
                    raise _fail(
                        render(
                            "doc-stream-too-big",
                            name=name,
                            mib=MAX_STREAM_BYTES // (1024 * 1024),
                            resave=_RESAVE,
                        ),
                        "too-large",
                    )
                with ole.openstream(name) as fh:
                    out[name] = fh.read(MAX_STREAM_BYTES + 1)
            except UnreadableError:
                raise
            except Exception:  # noqa: BLE001 - a stream whose sectors run outside the file
                raise _damaged(render("doc-stream-unreadable", name=name)) from None
    finally:
        ole.close()
    return out


class _DataStream:
    """The Data stream, read only when a paragraph's properties are there (sprmPHugePapx): it mostly holds the
    document's pictures, which nothing else here reads."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._bytes: bytes | None = None

    def get(self) -> bytes:
        if self._bytes is None:
            try:
                self._bytes = _streams(self._data, ("Data",)).get("Data", b"")
            except UnreadableError:
                self._bytes = b""
        return self._bytes


def _u16(b: bytes, at: int) -> int:
    return struct.unpack_from("<H", b, at)[0] if 0 <= at and at + 2 <= len(b) else 0


def _u32(b: bytes, at: int) -> int:
    return struct.unpack_from("<I", b, at)[0] if 0 <= at and at + 4 <= len(b) else 0


class _Fib:
    """What the walk needs of the File Information Block at the start of the WordDocument stream."""

    def __init__(self, word: bytes) -> None:
        if _u16(word, 0) == 0xA5DC:  # Word 6.0/95 name their FIB so: another layout, text in the one stream
            raise _fail(
                render("doc-word95"),
                "old-document",
            )
        if len(word) < 0x5C or _u16(word, 0) != 0xA5EC:
            raise _damaged(render("doc-fib-invalid"))
        n_fib = _u16(word, 2)
        flags = _u16(word, 0x0A)
        self.encrypted = bool(flags & 0x0100)
        self.table_stream = "1Table" if flags & 0x0200 else "0Table"
        if n_fib <= 105 and not self.encrypted:  # Word 6.0 (101), Word 95 (104): another FIB; Word 97+ is 193
            raise _fail(
                render("doc-word95"),
                "old-document",
            )
        # FibBase (32 bytes), csw + fibRgW, cslw + fibRgLw, cbRgFcLcb + fibRgFcLcbBlob
        at = 0x20
        csw = _u16(word, at)
        at += 2 + 2 * csw
        cslw = _u16(word, at)
        lw = at + 2
        at = lw + 4 * cslw
        n_fclcb = _u16(word, at)
        self._fclcb = at + 2
        if cslw < 4 or n_fclcb < 0x22 or self._fclcb + 8 * n_fclcb > len(word):
            if self.encrypted:
                return
            raise _damaged(render("doc-fib-length"))
        self._word = word
        self.ccp_text = _u32(word, lw + 12)
        self.fc_clx, self.lcb_clx = self._pair(33)
        self.fc_papx, self.lcb_papx = self._pair(13)
        self.fc_chpx, self.lcb_chpx = self._pair(12)

    def _pair(self, index: int) -> tuple[int, int]:
        at = self._fclcb + 8 * index
        return _u32(self._word, at), _u32(self._word, at + 4)


def _pieces(tbl: bytes, fib: _Fib) -> list[tuple[int, int, int, bool, _Props | None]]:
    """The piece table: (first cp, cp limit, fc, compressed, properties its Prm adds) of each piece, in cp
    order. A fast-saved document changes paragraphs' properties through a piece's Prm naming a Prc's grpprl."""
    at, end = fib.fc_clx, fib.fc_clx + fib.lcb_clx
    if fib.lcb_clx == 0 or end > len(tbl):
        raise _damaged(render("doc-clx-outside"))
    prcs: list[bytes] = []
    while at < end and tbl[at] == 0x01:  # Prc: clxt, cbGrpprl (int16), grpprl
        cb = struct.unpack_from("<h", tbl, at + 1)[0] if at + 3 <= end else -1
        if cb < 0:
            raise _damaged(render("doc-clx-invalid"))
        prcs.append(tbl[at + 3 : at + 3 + cb])
        at += 3 + cb
    if at + 5 > end or tbl[at] != 0x02:
        raise _damaged(render("doc-clx-no-pcdt"))
    lcb = _u32(tbl, at + 1)
    at += 5
    if lcb < 4 or at + lcb > len(tbl) or (lcb - 4) % 12:
        raise _damaged(render("doc-plcpcd-length"))
    n = (lcb - 4) // 12
    if n > MAX_PIECES:
        raise _fail(render("doc-too-many-pieces", n=n, resave=_RESAVE), "too-large")
    cps = struct.unpack_from(f"<{n + 1}I", tbl, at)
    out = []
    parsed: dict[int, _Props | None] = {}
    for i in range(n):
        fc = _u32(tbl, at + 4 * (n + 1) + 8 * i + 2)
        prm = _u16(tbl, at + 4 * (n + 1) + 8 * i + 6)
        compressed = bool(fc & 0x40000000)
        fc &= 0x3FFFFFFF
        extra = None
        if prm & 1 and (prm >> 1) < len(prcs):  # Prm1: igrpprl names a Prc (Prm0 holds character sprms only)
            k = prm >> 1
            if k not in parsed:
                parsed[k] = _parse_sprms(prcs[k]) if _TABLE_SPRMS & _sprm_ids(prcs[k]) else None
            extra = parsed[k]
        out.append((cps[i], cps[i + 1], fc // 2 if compressed else fc, compressed, extra))
    return out


def _main_text(word: bytes, pieces, ccp_text: int):
    """(text, fc of its first character, bytes per character) of each piece of the main document, in order."""
    total = 0
    for cp, lim, fc, compressed, extra in pieces:
        if cp >= ccp_text and total:
            break
        lim = min(lim, max(ccp_text, cp + 1)) if ccp_text else lim
        n = lim - cp
        if n <= 0:
            continue
        total += n
        if total > MAX_CHARS:
            raise _fail(render("doc-too-many-chars", max_chars=MAX_CHARS, resave=_RESAVE), "too-large")
        width = 1 if compressed else 2
        raw = word[fc : fc + n * width]
        if len(raw) < n * width:
            raise _damaged(render("doc-text-outside"))
        text = raw.decode("cp1252", "replace") if compressed else raw.decode("utf-16-le", "replace")
        yield text, fc, width, extra


class _Props:
    """A paragraph's properties the walk reads: table membership and depth, cell and row ends, a row's cells."""

    __slots__ = ("in_table", "ttp", "itap", "inner_cell", "inner_ttp", "centers", "merges")

    def __init__(self) -> None:
        self.in_table = self.ttp = self.inner_cell = self.inner_ttp = False
        self.itap: int | None = None
        self.centers: list[int] | None = None  # sprmTDefTable: the row's cell boundaries (twips)
        # each cell's TC flags: 0x01 first merged, 0x02 merged (horizontally), 0x20 vertical merge, 0x40 restart
        self.merges: list[int] = []

    @property
    def depth(self) -> int:
        if not self.in_table:
            return 0
        return max(self.itap or 1, 1)


_NONE = _Props()
_FIXED = {0: 1, 1: 1, 2: 2, 3: 4, 4: 2, 5: 2, 7: 3}  # operand size by spra (6: variable)


def _parse_sprms(g: bytes, data_stream: _DataStream | None = None, depth: int = 0) -> _Props:
    """The properties in a grpprl (a list of sprm, operand); a malformed tail is ignored."""
    p = _Props()
    i, n = 0, len(g)
    while i + 2 <= n:
        sprm = _u16(g, i)
        i += 2
        spra = sprm >> 13
        if spra != 6:
            size = _FIXED[spra]
            op = g[i : i + size]
        elif sprm == _T_DEF_TABLE:  # cb (2 bytes) counts the rest of the operand plus one
            cb = _u16(g, i)
            op, size = g[i + 2 : i + 1 + cb], cb + 1
        elif sprm == _P_CHG_TABS and i < n and g[i] == 255:  # PChgTabsDelClose/PChgTabsAdd: sized by counts
            dels = g[i + 1] if i + 1 < n else 0
            at = i + 2 + 4 * dels
            adds = g[at] if at < n else 0
            op, size = b"", 2 + 4 * dels + 1 + 3 * adds
        else:
            size = 1 + (g[i] if i < n else 0)
            op = g[i + 1 : i + size]
        i += size
        if len(op) < (size if spra != 6 else 0):
            break
        if sprm == _P_IN_TABLE:
            p.in_table = bool(op[0])
        elif sprm == _P_TTP:
            p.ttp = bool(op[0])
        elif sprm == _P_ITAP:
            p.itap = struct.unpack("<i", op)[0]
        elif sprm == _P_DTAP:
            p.itap = (p.itap or 0) + struct.unpack("<i", op)[0]
        elif sprm == _P_INNER_CELL:
            p.inner_cell = bool(op[0])
        elif sprm == _P_INNER_TTP:
            p.inner_ttp = bool(op[0])
        elif sprm == _T_DEF_TABLE and op:
            itc = min(op[0], 64)  # Word allows 63 cells a row
            if 1 + 2 * (itc + 1) > len(op):
                continue
            p.centers = list(struct.unpack_from(f"<{itc + 1}h", op, 1))
            at = 1 + 2 * (itc + 1)
            p.merges = [_u16(op, at + 20 * k) if at + 20 * k + 2 <= len(op) else 0 for k in range(itc)]
        elif sprm == _T_VERT_MERGE and len(op) >= 2 and p.centers is not None:
            itc, how = op[0], op[1]
            if itc < len(p.merges):
                flags = p.merges[itc] & ~0x60
                p.merges[itc] = flags | (0x60 if how == 3 else 0x20 if how == 1 else 0)
        elif sprm == 0x6646 and data_stream is not None and depth == 0 and len(op) == 4:
            # sprmPHugePapx: the properties did not fit the FKP page; they are in the Data stream
            at = struct.unpack("<I", op)[0]
            stream = data_stream.get()
            cb = _u16(stream, at)
            huge = _parse_sprms(stream[at + 2 : at + 2 + cb], None, 1)
            for name in _Props.__slots__:
                value = getattr(huge, name)
                if value not in (None, False, []):
                    setattr(p, name, value)
    return p


_TABLE_SPRMS = {
    _P_IN_TABLE,
    _P_TTP,
    _P_ITAP,
    _P_DTAP,
    _P_INNER_CELL,
    _P_INNER_TTP,
    _T_DEF_TABLE,
    _T_VERT_MERGE,
}


def _sprm_ids(g: bytes) -> set[int]:
    """The sprms a grpprl names (a piece's Prc is mostly character formatting, which the walk ignores)."""
    ids = set()
    i = 0
    while i + 2 <= len(g):
        sprm = _u16(g, i)
        ids.add(sprm)
        i += 2
        spra = sprm >> 13
        if spra != 6:
            i += _FIXED[spra]
        elif sprm == _T_DEF_TABLE:
            i += _u16(g, i) + 1
        elif sprm == _P_CHG_TABS and i < len(g) and g[i] == 255:
            return ids  # sized by its contents: the table sprms come before it in what Word writes
        else:
            i += 1 + (g[i] if i < len(g) else 0)
    return ids


def _merged(base: _Props, extra: _Props) -> _Props:
    """base with the table properties a piece's Prm sets on top."""
    out = _Props()
    for name in _Props.__slots__:
        value = getattr(extra, name)
        setattr(out, name, value if value not in (None, False, []) else getattr(base, name))
    return out


def _deleted(word: bytes, tbl: bytes, fib: _Fib) -> list[tuple[int, int]]:
    """File ranges of text deleted with change tracking (sprmCFRMarkDel in the ChpxFkp pages PlcfBteChpx
    lists), merged; the walk skips them as if every change were accepted (read.docx leaves w:del out)."""
    fc, lcb = fib.fc_chpx, fib.lcb_chpx
    if lcb < 12 or fc + lcb > len(tbl) or (lcb - 4) % 8 or (lcb - 4) // 8 > MAX_FKP_PAGES:
        return []  # character formatting only: a damaged table of it loses no text
    n = (lcb - 4) // 8
    out: list[tuple[int, int]] = []
    seen: set[int] = set()
    for pn in struct.unpack_from(f"<{n}I", tbl, fc + 4 * (n + 1)):
        pn &= 0x3FFFFF
        page = word[pn * 512 : pn * 512 + 512]
        if pn in seen or len(page) < 512:
            continue
        seen.add(pn)
        crun = page[511]
        if not crun or 4 * (crun + 1) + crun > 511:
            continue
        rgfc = struct.unpack_from(f"<{crun + 1}I", page, 0)
        for k in range(crun):
            off = 2 * page[4 * (crun + 1) + k]
            if off and off < 511 and rgfc[k] < rgfc[k + 1]:
                grpprl = page[off + 1 : min(off + 1 + page[off], 511)]
                if _marked_deleted(grpprl):
                    out.append((rgfc[k], rgfc[k + 1]))
    out.sort()
    merged: list[tuple[int, int]] = []
    for a, b in out:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _marked_deleted(g: bytes) -> bool:
    """True when a CHPX grpprl holds sprmCFRMarkDel set."""
    i = 0
    while i + 2 <= len(g):
        sprm = _u16(g, i)
        i += 2
        spra = sprm >> 13
        if sprm == 0x0800:
            return i < len(g) and g[i] in (
                1,
                0x81,
            )  # 0x81: the opposite of the style's, which deletes nothing
        if spra != 6:
            i += _FIXED[spra]
        else:
            i += 1 + (g[i] if i < len(g) else 0)
    return False


class _Papx:
    """Paragraph properties by file position: the runs of every PapxFkp page PlcfBtePapx lists."""

    def __init__(self, word: bytes, tbl: bytes, fib: _Fib, data_stream: _DataStream | None) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.props: list[_Props] = []
        fc, lcb = fib.fc_papx, fib.lcb_papx
        if lcb < 12 or fc + lcb > len(tbl) or (lcb - 4) % 8:
            raise _damaged(render("doc-papx-outside"))
        n = (lcb - 4) // 8
        if n > MAX_FKP_PAGES:
            raise _fail(render("doc-too-many-papx-pages", n=n, resave=_RESAVE), "too-large")
        pages = struct.unpack_from(f"<{n}I", tbl, fc + 4 * (n + 1))
        seen: set[int] = set()
        cache: dict[bytes, _Props] = {}
        for pn in pages:
            pn &= 0x3FFFFF
            if pn in seen:  # a page listed twice is read once (a hostile list could repeat one page)
                continue
            seen.add(pn)
            page = word[pn * 512 : pn * 512 + 512]
            if len(page) < 512:
                continue
            self._page(page, cache, data_stream)
        order = sorted(range(len(self.starts)), key=self.starts.__getitem__)
        self.starts = [self.starts[k] for k in order]
        self.ends = [self.ends[k] for k in order]
        self.props = [self.props[k] for k in order]

    def _page(self, page: bytes, cache: dict[bytes, _Props], data_stream: _DataStream | None) -> None:
        crun = page[511]
        if not crun or 4 * (crun + 1) + 13 * crun > 511:
            return  # not a PapxFkp: its runs would point anywhere
        rgfc = struct.unpack_from(f"<{crun + 1}I", page, 0)
        for k in range(crun):
            b = page[4 * (crun + 1) + 13 * k]
            props = _NONE
            if b:
                off = 2 * b
                cb = page[off] if off < 511 else 0
                if cb:
                    grp = page[off + 1 : min(off + 2 * cb, 511)]
                else:
                    cb2 = page[off + 1] if off + 1 < 511 else 0
                    grp = page[off + 2 : min(off + 2 + 2 * cb2, 511)]
                sprms = grp[2:]  # after the style index
                props = cache.get(sprms) or cache.setdefault(sprms, _parse_sprms(sprms, data_stream))
            if rgfc[k] < rgfc[k + 1]:
                self.starts.append(rgfc[k])
                self.ends.append(rgfc[k + 1])
                self.props.append(props)

    def at(self, fc: int) -> _Props:
        k = bisect_right(self.starts, fc) - 1
        if k >= 0 and fc < self.ends[k]:
            return self.props[k]
        return _NONE


class _Open:
    """A table being read: finished rows of (left, right, text, TC flags), the row and cell being read."""

    __slots__ = ("index", "rows", "cells", "paras")

    def __init__(self, index: int) -> None:
        self.index = index
        self.rows: list[list[tuple[int, int, str, int]]] = []
        self.cells: list[str] = []
        self.paras: list[str] = []


_PARA_END = "\r\x07\x0c"
_KEEP = {"\x0b": "\n", "\t": " ", "\x1e": "-", "\xa0": "\xa0"}


class _Walk:
    """The main document's characters in order: paragraphs into narrative or into the cells of open tables."""

    def __init__(self, papx: _Papx, deleted: list[tuple[int, int]] | None = None) -> None:
        self.papx = papx
        self.deleted = deleted or []  # file ranges of tracked deletions, sorted and apart
        self.open: list[_Open] = []  # open tables, outermost first
        self.sheets: dict[int, Sheet] = {}
        self.narrative: list[str] = []
        self.next_index = 0
        self.para: list[str] = []
        self.fields: list[bool] = []  # per open field: True once its result (after \x14) is being read
        self.in_code = 0  # open fields still in their code (instructions): their text is not the document's
        self.pictures = False
        self.total_cells = self.text_cells = self.read_cells = 0

    def feed(self, text: str, fc: int, width: int, extra: _Props | None = None) -> None:
        para = self.para
        gone = self._gone(fc, fc + len(text) * width, width)
        g = 0
        for j, ch in enumerate(text):
            if gone:
                while g < len(gone) and j >= gone[g][1]:
                    g += 1
                if g < len(gone) and j >= gone[g][0]:
                    continue  # deleted with change tracking: read as if the change were accepted
            if ch >= " " and ch != "\x7f":
                if not self.in_code:
                    para.append(ch)
            elif ch in _PARA_END:
                if ch == "\x0c" and self.open:
                    para.append("\n")  # a page break inside a table
                    continue
                self.para = []
                props = self.papx.at(fc + j * width)
                self._paragraph("".join(para), ch, props if extra is None else _merged(props, extra))
                para = self.para
            elif ch == "\x13":
                self.fields.append(False)
                self.in_code += 1
                if len(self.fields) > 1000:  # unclosed fields of a damaged file: keep reading the text
                    self.fields.clear()
                    self.in_code = 0
            elif ch == "\x14":
                if self.fields and not self.fields[-1]:
                    self.fields[-1] = True
                    self.in_code -= 1
            elif ch == "\x15":
                if self.fields and not self.fields.pop():
                    self.in_code -= 1
            elif ch in "\x01\x08":
                if (
                    not self.in_code
                ):  # a field's code may name an object's data with \x01: not a picture shown
                    self.pictures = True
            elif ch in _KEEP and not self.in_code:
                para.append(_KEEP[ch])

    def _gone(self, start: int, end: int, width: int) -> list[tuple[int, int]]:
        """The ranges (first, limit) of a piece's character indices (file range start-end) inside a tracked
        deletion, in order."""
        out: list[tuple[int, int]] = []
        k = max(bisect_right(self.deleted, (start,)) - 1, 0)
        while k < len(self.deleted) and self.deleted[k][0] < end:
            a, b = self.deleted[k]
            if b > start:
                first = (max(a, start) - start + width - 1) // width
                limit = (min(b, end) - start + width - 1) // width
                if first < limit:
                    out.append((first, limit))
            k += 1
        return out

    def finish(self) -> None:
        if self.para:
            self._paragraph("".join(self.para), "\r", _NONE)
        self._close(0)

    def _paragraph(self, text: str, mark: str, props: _Props) -> None:
        depth = props.depth if mark != "\x0c" else 0
        if depth > MAX_DEPTH:
            raise _fail(
                render("document-tables-too-deep", max_depth=MAX_DEPTH, resave=_RESAVE),
                "too-deep",
            )
        self._close(depth)
        text = normalize_text(text)
        if depth == 0:
            if text:
                self.narrative.append(text)
            return
        while len(self.open) < depth:
            if self.next_index >= MAX_TABLES:
                raise _fail(
                    render("document-too-many-tables", max_tables=MAX_TABLES),
                    "too-large",
                )
            self.open.append(_Open(self.next_index))
            self.next_index += 1
        t = self.open[-1]
        if depth == 1:
            row_end = mark == "\x07" and props.ttp
            cell_end = mark == "\x07" and not props.ttp
        else:
            row_end = props.inner_ttp
            cell_end = props.inner_cell and not row_end
        if row_end:
            if t.paras:  # text after the last cell mark (a damaged file): a cell of its own
                t.cells.append("\n".join(t.paras))
                t.paras = []
            self._row(t, props)
            return
        if text:
            t.paras.append(text)
        if cell_end:
            t.cells.append("\n".join(t.paras))
            t.paras = []

    def _row(self, t: _Open, props: _Props) -> None:
        centers = props.centers or []
        merges = props.merges
        row: list[tuple[int, int, str, int]] = []
        for k, text in enumerate(t.cells):
            if k + 1 < len(centers):
                left, right = centers[k], centers[k + 1]
            else:  # a cell the row's definition does not cover: placed after the last one
                left = row[-1][1] if row else (centers[-1] if centers else 0)
                right = left + 1000
            flags = merges[k] if k < len(merges) else 0
            if flags & 0x02 and not flags & 0x01 and row:  # horizontally merged into the cell before
                l0, _, t0, f0 = row[-1]
                row[-1] = (l0, max(right, l0), "\n".join(x for x in (t0, text) if x), f0)
                continue
            row.append((left, max(right, left), text, flags))
        t.cells = []
        t.rows.append(row)
        self.read_cells += len(row)
        if self.read_cells > MAX_CELLS:  # before the grid is laid out: rows of a hostile file held in memory
            raise _fail(
                render("document-too-many-cells", max_cells=MAX_CELLS),
                "too-many-cells",
            )
        if len(t.rows) > MAX_ROWS:
            raise _fail(
                render("document-table-too-many-rows", n=t.index + 1, max_rows=MAX_ROWS),
                "too-many-cells",
            )

    def _close(self, depth: int) -> None:
        """Finish the open tables deeper than `depth` (innermost first)."""
        while len(self.open) > depth:
            t = self.open.pop()
            if t.cells or t.paras:  # a row without its end mark (a damaged file): kept as it is
                if t.paras:
                    t.cells.append("\n".join(t.paras))
                self._row(t, _NONE)
            self.sheets[t.index] = self._sheet(t)

    def _sheet(self, t: _Open) -> Sheet:
        """The table on the grid of all its rows' boundaries, laid out as read.docx lays out a .docx table."""
        xs = sorted({x for row in t.rows for left, right, _, _ in row for x in (left, right)})
        column: dict[int, int] = {}
        last, n = None, -1
        for x in xs:  # int16 boundaries: at most 65,536 of them, each looked at once
            if last is None or x - last > _SNAP:
                n += 1
                last = x
            column[x] = n
        table = _Table(t.index)
        for row in t.rows:
            cells: list[tuple[int, int, str | None, str, int]] = []
            for left, right, text, flags in row:
                c = column[left]
                if cells and c < cells[-1][0] + cells[-1][1]:
                    c = cells[-1][0] + cells[-1][1]  # boundaries out of order: never two cells in one place
                span = max(column[right] - c, 1)
                if c + span > MAX_COLS:
                    raise _fail(
                        render(
                            "document-table-too-many-columns",
                            n=t.index + 1,
                            max_cols=MAX_COLS,
                            resave=_RESAVE,
                        ),
                        "too-many-cells",
                    )
                vmerge = ("restart" if flags & 0x40 else "continue") if flags & 0x20 else None
                cells.append((c, span, vmerge, text, -1))
                self.total_cells += span
                if text and not _NUMBERISH.fullmatch(text):
                    self.text_cells += 1
            table.rows.append(cells)
            if self.total_cells > MAX_CELLS:
                raise _fail(
                    render("document-too-many-cells", max_cells=MAX_CELLS),
                    "too-many-cells",
                )
            if self.text_cells > MAX_TEXT_CELLS:
                raise _fail(
                    render("document-too-many-text-cells", n=self.text_cells, max_text_cells=MAX_TEXT_CELLS),
                    "too-many-cells",
                )
        return _Walker()._sheet(table)
