"""Preflight checks that run on a file's bytes before any spreadsheet parser sees them.

Why: python-calamine aborts the whole Python process (a Rust allocation failure, not an exception) on
some hostile or broken files — a sharedStrings `uniqueCount` that lies, cells at A1 and XFD1048576 — and
any parser will happily inflate a zip bomb. These checks are cheap (about 1 ms on a report workbook) and
turn such files into an `UnreadableError` with a Chinese message that says what to do.

Limits (far above any real 年度报告 workbook, which has a few sheets of < 100 rows x < 20 columns):

| limit                        | value        | why                                                  |
|------------------------------|--------------|------------------------------------------------------|
| file size                    | 50 MiB       | real reports are 10-200 KiB                          |
| zip members                  | 2,000        | Excel writes ~10-30 parts                            |
| one member, uncompressed     | 100 MiB      | declared size, and enforced when we decompress       |
| all members, uncompressed    | 200 MiB      | declared sizes summed                                |
| compression ratio            | 200 : 1      | only for members > 1 MiB uncompressed (zip bomb)     |
| used rows in one sheet       | 100,000      | largest cell row, or number of <row> elements        |
| used cells in one sheet      | 2,000,000    | rows x columns of the area from A1 to the last cell  |
| used cells, all sheets       | 4,000,000    | a part listed as many sheets is allocated per sheet  |
| ODS repeated value cells     | same limits  | number-rows/columns-repeated expanded (not empties)  |
| sharedStrings uniqueCount    | <= part size | each string takes >= 1 byte; a larger count is a lie |
| DOCTYPE / ENTITY in XML      | refused      | Excel never writes one (billion laughs, XXE)         |
| text of all cells, expanded  | 256 MiB      | one long shared (or ODS repeated) string in 100,000 cells is copied per cell |
| text cells in the workbook   | 10,000       | the largest real report has < 200; each costs ~0.6 ms to match against the form |
| worksheets in the workbook   | 255          | real reports have 1-5; a sheet listed 5,000 times (one part) took minutes       |

The used area counts from A1 because calamine allocates it so (measured: A1 + XFD1048576 → 512 GiB).
A large `<dimension ref>` alone is harmless to calamine (measured), so the actual cell references decide.

Over 400 lines: one preflight per container (zip for xlsx/xlsm/ods, OLE for xls), each bound beside
the others so that a reviewer sees every limit a hostile file meets in one place.
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from govreport.memo import LazyPattern
from govreport.messages import render
from govreport.read.biff import sheet_areas

if TYPE_CHECKING:
    from xml.etree import ElementTree as ET

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_MEMBERS = 2000
MAX_MEMBER_BYTES = 100 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200
RATIO_MIN_BYTES = 1024 * 1024
MAX_ROWS = 100_000
MAX_CELLS = 2_000_000
MAX_BOOK_CELLS = 2 * MAX_CELLS  # all sheets together
HEAD_BYTES = 4096
MAX_TEXT_BYTES = 256 * 1024 * 1024  # text of all cells once expanded (a shared or repeated string per cell)
# Locating the tables matches every text cell against the form's labels (~0.6 ms each, measured on label-like
# text): 2 million of them in a 6.5 MB file took minutes. 10,000 is 60x the largest real report (166) and
# takes ~6-8 s at worst (10,000 distinct label-like texts).
MAX_TEXT_CELLS = 10_000
MAX_SHEETS = 255
_TEXT_CELL_MIN_BYTES = 21  # <c t="s"><v>0</v></c>: a sheet part shorter than 21 x the limit cannot pass it

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_RESAVE = render("read-resave")

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


class UnreadableError(Exception):
    """Cannot go on with this file. .message is Chinese, names the problem and what to do (file name is added by the caller)."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.message = message
        self.reason = reason


@dataclass
class Preflight:
    """What the guards learnt and already decompressed, so the reader need not decompress twice."""

    format: str  # "xlsx", "xlsm", "xls", "ods"
    zip: zipfile.ZipFile | None = None
    # xlsx: (sheet name, zip member or None) in workbook order
    sheet_parts: list[tuple[str, str | None]] = field(default_factory=list)
    parts: dict[str, bytes] = field(default_factory=dict)  # zip member -> full bytes (checked)


def _ole_has_stream(data: bytes, name: str) -> bool:
    """True when a CFB directory entry is named `name`.

    Directory entries are 128 bytes, sector aligned after the 512-byte header; the name is UTF-16LE at
    offset 0 and its byte length (with the NUL) at offset 64. Checking the alignment and length avoids
    matching the same text inside a stream's contents without walking the FAT.
    """
    needle = name.encode("utf-16-le") + b"\x00\x00"
    start = 512
    while True:
        p = data.find(needle, start)
        if p < 0:
            return False
        if (p - 512) % 128 == 0 and data[p + 64 : p + 66] == len(needle).to_bytes(2, "little"):
            return True
        start = p + 1


def sniff_format(head: bytes) -> str | None:
    """Name the format from a file's bytes: xlsx, xls, ods, pdf, encrypted or None (pass the whole file if you have it)."""
    if head.startswith(OLE_MAGIC):
        # Excel stores a password-protected xlsx as a CFB with these two streams.
        if _ole_has_stream(head, "EncryptionInfo") or _ole_has_stream(head, "EncryptedPackage"):
            return "encrypted"
        return "xls"
    if head.startswith(b"PK\x03\x04"):
        # ODF puts an uncompressed "mimetype" member first (offset 30 is its name, 38 its content).
        if head[30:38] == b"mimetype" and head[38 : 38 + len(ODS_MIME)] == ODS_MIME:
            return "ods"
        if b"xl/workbook.xml" in head:
            return "xlsx"
        try:
            names = zipfile.ZipFile(io.BytesIO(head)).namelist()
        except ZIP_ERRORS:
            return None
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "mimetype" in names and "content.xml" in names:
            return "ods"
    elif b"%PDF-" in head[:1024]:  # the PDF header may follow up to 1 KiB of junk (the spec's own allowance)
        return "pdf"
    return None


def _fail(message: str, reason: str) -> UnreadableError:
    return UnreadableError(message, reason)


_DOCTYPE = LazyPattern(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def _no_doctype(data: bytes, part: str) -> None:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:4]:
        # UTF-16 (XML allows it; Excel never writes it): search the text, not its bytes
        le = data[:2] == b"\xff\xfe" or (data[:2] != b"\xfe\xff" and data[1:2] == b"\x00")
        data = data.decode("utf-16-le" if le else "utf-16-be", "replace").encode("utf-8")
    if b"<!" in data and _DOCTYPE.search(data):  # "in" first: a sheet has thousands of "<", no "<!"
        raise _fail(
            render("read-xml-doctype", part=part),
            "xml-entity",
        )


def _head(z: zipfile.ZipFile, name: str) -> bytes:
    """The first HEAD_BYTES of a member (enough to see a DOCTYPE, which must precede the root element)."""
    return _read(z, name, HEAD_BYTES, whole=False)


def _inflate(z: zipfile.ZipFile, name: str, limit: int) -> bytes | None:
    """Up to limit + 1 bytes of a plain stored/deflated member straight from the archive bytes.

    zipfile.open costs tens of microseconds per member and a batch opens a dozen per file; anything
    unusual (encryption, another method, a local header that does not match) returns None and goes the
    zipfile way, which also checks the CRC.
    """
    info = z.NameToInfo.get(name)
    buf = getattr(z.fp, "getbuffer", None)
    if info is None or buf is None or info.flag_bits & 0x1 or info.compress_type not in (0, 8):
        return None
    data = buf()
    off = info.header_offset
    if bytes(data[off : off + 4]) != b"PK\x03\x04":
        return None
    n, m = struct.unpack_from("<HH", data, off + 26)
    start = off + 30 + n + m
    raw = data[start : start + info.compress_size]
    try:
        if info.compress_type == 0:
            return bytes(raw[: limit + 1])
        return zlib.decompressobj(-15).decompress(raw, limit + 1)
    except zlib.error:
        return None


# what opening a damaged zip or reading its members can raise: a bad CRC or header (BadZipFile), a broken deflate
# stream (zlib.error), a cut-off file (EOFError), a zip password (RuntimeError), an odd compression or a "zip file
# version" from the future (NotImplementedError)
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    RuntimeError,
    NotImplementedError,
)


def _read(z: zipfile.ZipFile, name: str, limit: int = MAX_MEMBER_BYTES, whole: bool = True) -> bytes:
    """Decompress one member, never more than `limit` bytes whatever the header declares."""
    fast = _inflate(z, name, limit if whole else limit - 1)
    data = (fast if whole else fast[:limit]) if fast is not None else _read_zipfile(z, name, limit, whole)
    if len(data) > limit:
        raise _fail(
            render("read-part-too-big", name=name, mib=limit // (1024 * 1024)),
            "zip-bomb",
        )
    return data


def _read_zipfile(z: zipfile.ZipFile, name: str, limit: int, whole: bool) -> bytes:
    """The zipfile way (CRC checked) for members the fast path does not take."""
    try:
        with z.open(name) as fh:
            return fh.read(limit + 1 if whole else limit)
    except KeyError:
        raise _fail(render("read-missing-part", name=name, resave=_RESAVE), "not-a-workbook") from None
    except ZIP_ERRORS as e:
        raise _fail(render("read-zip-member-broken", name=name, error=_zip_why(e)), "truncated") from None


def _zip_why(e: Exception) -> str:
    """Why a member could not be read, in Chinese (zipfile's and zlib's own words are English)."""
    if isinstance(e, zlib.error):
        return render("zip-why-data")
    if isinstance(e, zipfile.BadZipFile):
        return render("zip-why-crc" if "CRC" in str(e) else "zip-why-data")
    if isinstance(e, EOFError):
        return render("zip-why-cut")
    if isinstance(e, NotImplementedError):  # a RuntimeError too: asked first
        return render("zip-why-method")
    if isinstance(e, RuntimeError):
        return render("zip-why-password")
    return render("zip-why-other")


def _check_zip_members(z: zipfile.ZipFile) -> None:
    infos = z.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _fail(
            render("read-too-many-members", n=len(infos), max_members=MAX_MEMBERS),
            "too-large",
        )
    total = 0
    for info in infos:
        size = info.file_size
        total += size
        if size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES:
            raise _fail(
                render("read-zip-bomb", name=info.filename, mib=size // (1024 * 1024)),
                "zip-bomb",
            )
        if size > RATIO_MIN_BYTES and size > MAX_RATIO * max(info.compress_size, 1):
            raise _fail(
                render("read-zip-ratio", name=info.filename, max_ratio=MAX_RATIO),
                "zip-bomb",
            )


def _attr(elem: ET.Element, name: str) -> str:
    return elem.get(name) or elem.get(f"{{{NS_REL}}}{name.split(':')[-1]}") or ""


def _parse_xml(data: bytes, part: str) -> ET.Element:
    from xml.etree import ElementTree as ET  # deferred: the common layouts are read by scanning, no parser

    _no_doctype(data, part)
    try:
        return ET.fromstring(data)
    except ET.ParseError as e:
        raise _fail(
            render("read-invalid-xml", part=part, error=e),
            "not-a-workbook",
        ) from None


def _sheet_parts(z: zipfile.ZipFile, parts: dict[str, bytes]) -> list[tuple[str, str | None]]:
    """(sheet name, zip member) of every sheet, through xl/workbook.xml and its relationships."""
    wb = _read(z, "xl/workbook.xml")
    parts["xl/workbook.xml"] = wb
    rels_name = "xl/_rels/workbook.xml.rels"
    rels = _read(z, rels_name)
    parts[rels_name] = rels
    fast = _sheet_parts_by_scan(wb, rels)
    if fast is not None:
        return fast
    root = _parse_xml(wb, "xl/workbook.xml")
    targets: dict[str, str] = {}
    for rel in _parse_xml(rels, rels_name).iter(f"{{{NS_PKG}}}Relationship"):
        targets[rel.get("Id", "")] = _target(rel.get("Target", ""))
    # in workbook order, as calamine lists them; names can repeat in a damaged or hand-made file
    return [
        (sh.get("name", ""), targets.get(sh.get(f"{{{NS_REL}}}id", "")))
        for sh in root.iter(f"{{{NS_MAIN}}}sheet")
    ]


def _target(target: str) -> str:
    # Targets are relative to xl/ or absolute from the package root ("/xl/worksheets/sheet1.xml").
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))


_SHEET_EL = re.compile(rb"<sheet\s([^>]*)>")
_REL_EL = re.compile(rb"<Relationship\s([^>]*)>")
_ATTR = re.compile(rb"""([\w:.-]+)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')""")


def _attrs(text: bytes) -> dict[bytes, str]:
    return {m[0]: unescape((m[1] or m[2]).decode("utf-8")) for m in _ATTR.findall(text)}


def unescape(text: str) -> str:
    """html.unescape(text), loading html (and its table of entities) only for a text holding an entity."""
    if "&" not in text:
        return text  # as html.unescape returns it
    import html  # deferred: most names and cells of a workbook hold no entity

    return html.unescape(text)


def _sheet_parts_by_scan(wb: bytes, rels: bytes) -> list[tuple[str, str | None]] | None:
    """The sheets of a workbook.xml as Excel, WPS and openpyxl write it (default namespace, r: for the
    relationships, no DOCTYPE, comment or CDATA), found without building a parser per file (~0.1 ms);
    None when it is written any other way (the caller parses it properly then)."""
    start = wb.find(b"<workbook ")
    end = wb.find(b">", start)
    if (
        start < 0
        or end < 0
        or b"<!" in wb
        or b"<!" in rels
        or b":sheet" in wb
        or b":Relationship" in rels
        or b"xmlns:r=" in wb[end:]
        or NS_PKG.encode() not in rels[:1000]
    ):
        return None
    try:
        root = _attrs(wb[start:end])
        if root.get(b"xmlns") != NS_MAIN or root.get(b"xmlns:r") != NS_REL:
            return None
        targets = {
            a.get(b"Id", ""): _target(a.get(b"Target", "")) for a in map(_attrs, _REL_EL.findall(rels))
        }
        return [
            (a.get(b"name", ""), targets.get(a.get(b"r:id", ""))) for a in map(_attrs, _SHEET_EL.findall(wb))
        ]
    except (UnicodeDecodeError, ValueError):
        return None


# Any length and either case: calamine reads "zzzzz1" as column ZZZZZ and "A9999999999" as that row, and
# allocates the area up to them (a reference the scan skipped was an abort, not an error).
_ROW_R = LazyPattern(rb"""<(?:\w+:)?row\b[^>]*?\sr\s*=\s*["'](\d+)["']""")
# every r="A1" attribute, not only the first of a cell: calamine takes the last of a repeated one
_CELL_R = LazyPattern(rb"""\br\s*=\s*["']\$?([A-Za-z]+)\$?(\d+)["']""")
_CELL_ANY = LazyPattern(rb"<(?:\w+:)?c[\s/>]")
_HUGE = 10**12  # any row or column past this is refused alike; longer numbers are not converted


def _number(digits: bytes) -> int:
    return int(digits) if len(digits) <= 12 else _HUGE


def _col_index(letters: bytes) -> int:
    if len(letters) > 8:
        return _HUGE
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


def _check_sheet_area(data: bytes, sheet: str, exact: bool = False) -> int | None:
    """Refuse a sheet whose used area (from A1 to the last cell) is larger than any report could be; return
    that area, or None for a report-sized sheet (within A1:Z9999, not measured) unless `exact`."""
    # A row element takes at least 5 bytes: a short part cannot hold more than len/5 rows.
    if not exact and len(data) // 5 <= 9999 and 9999 * 26 <= MAX_CELLS and _small_sheet(data):
        return None  # within A1:Z9999, far below every limit
    # Counting is a fast lower bound on the rows calamine will allocate (rows without r="" count on).
    n_rows = sum(data.count(t) for t in (b"<row ", b"<row>", b":row ", b":row>"))
    if not exact and max(n_rows, 9999) * 26 <= MAX_CELLS and _small_sheet(data):
        return None  # within A1:Z9999 (or as many rows as it has), far below every limit
    max_row = n_rows
    if n_rows <= MAX_ROWS:
        for m in _ROW_R.findall(data):
            max_row = max(max_row, _number(m))
    max_col = 0
    n_refs = 0
    if max_row <= MAX_ROWS:
        refs = _CELL_R.findall(data)
        n_refs = len(refs)
        if refs:
            letters, rows = zip(
                *refs, strict=True
            )  # in C: a report has hundreds of cells, a batch thousands of files
            max_col = max(_col_index(c) for c in set(letters))
            max_row = max(max_row, max(_number(r) for r in set(rows)))
        n_cells = len(_CELL_ANY.findall(data))
        if n_cells > n_refs:
            # Cells without r="" are placed by counting: at worst all in one row.
            max_col = max(max_col, n_cells)
    _check_area(sheet, max_row, max_col)
    return max_row * max_col


def _check_book_area(sheets: list[tuple[str, str, bytes, int | None]]) -> None:
    """Refuse a workbook whose sheets' used areas add up past MAX_BOOK_CELLS (calamine allocates each, and
    a part may be listed as many sheets): 255 sheets of A1 + Z9999 took 750 MB and 15 s. A report-sized
    sheet counts as A1:Z9999 until that settles nothing (past 15 of them); then it is measured,
    once per part."""
    bound = 26 * 9999
    if sum(bound if area is None else area for _, _, _, area in sheets) <= MAX_BOOK_CELLS:
        return
    exact: dict[str, int] = {}
    total = 0
    for name, part, body, area in sheets:
        if area is None:
            if part not in exact:
                exact[part] = _check_sheet_area(body, name, exact=True) or 0
            area = exact[part]
        total += area
        if total > MAX_BOOK_CELLS:
            raise _fail(
                render("read-book-too-big", total=total, max_book_cells=MAX_BOOK_CELLS),
                "too-many-cells",
            )


# A reference that is not "one capital and at most four digits": a column past Z (or lower case, which
# calamine reads as capitals), or a row past 9999.
_BIG_REF = re.compile(rb'r="\$?(?:[A-Za-z]{2}|[A-Z]\$?\d{5}|\d{5}|[a-z])')
_QUOTED_R = LazyPattern(rb"""\br\s*=\s*'""")  # a reference in single quotes, which _BIG_REF does not see


def _small_sheet(data: bytes) -> bool:
    """The fast path of a report-sized sheet: every cell has a reference within A1:Z9999.

    Then the used area is at most 26 columns by max(9999, rows) rows, without collecting every reference
    (a batch pays this on every file). Anything unusual (a cell placed by counting, a namespace prefix,
    a long reference) takes the exact scan.
    """
    if b":c" in data or b"<c>" in data or b"<c/>" in data:  # ":c": a prefixed cell, or anything prefixed
        return False
    if b"'" in data and _QUOTED_R.search(data):  # r='ZZZZZ1' (Excel never writes one; "in" is a memchr)
        return False
    if data.count(b"<c ") != data.count(b'<c r="'):
        return False
    return _BIG_REF.search(data) is None


def _check_area(sheet: str, max_row: int, max_col: int) -> None:
    if max_row > MAX_ROWS:
        raise _fail(
            render("read-too-many-rows", sheet=sheet, max_row=max_row, max_rows=MAX_ROWS),
            "too-many-cells",
        )
    if max_row * max_col > MAX_CELLS:
        raise _fail(
            render("read-sheet-too-big", sheet=sheet, max_row=max_row, max_col=max_col, max_cells=MAX_CELLS),
            "too-many-cells",
        )


_T = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE_TYPE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}value-type"
_OFFICE_STRING = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}string-value"


def _check_ods_area(content: bytes) -> None:
    """Refuse an ODS table whose repeated rows/columns of non-empty cells expand past the limits.

    ODS compresses a block of equal cells into one element with number-rows/columns-repeated; calamine
    expands them (measured: 100,000 rows x 1,000 columns of one value → 6 GB). Empty repeats, which
    LibreOffice writes to the sheet's end, are harmless and not counted.
    """
    t_table, t_row = _T + "table", _T + "table-row"
    cells = (_T + "table-cell", _T + "covered-table-cell")
    rep_r, rep_c = _T + "number-rows-repeated", _T + "number-columns-repeated"
    name, row, col, row_rep, max_row, max_col = "", 0, 0, 1, 0, 0
    text = 0  # bytes of text the repeated cells expand to
    n_text = 0  # text cells, repeats expanded
    n_tables = 0
    from xml.etree import ElementTree as ET  # deferred: only an .ods needs its content.xml parsed

    try:
        for event, elem in ET.iterparse(io.BytesIO(content), events=("start", "end")):
            if event == "end":
                if elem.tag in cells:
                    times = row_rep * int(elem.get(rep_c, "1"))
                    if times > 1 and len(elem):  # a repeated cell holding text: calamine copies it per cell
                        text += times * 3 * sum(len(t) for t in elem.itertext())
                        _check_text(text)
                    if elem.get(_OFFICE_TYPE) == "string" or elem.get(_OFFICE_STRING) is not None:
                        n_text += times
                        if n_text > MAX_TEXT_CELLS:
                            raise _too_many_texts(n_text)
                elif elem.tag == t_row:
                    row += row_rep
                    elem.clear()
                elif elem.tag == t_table:
                    _check_area(name, max_row, max_col)
                continue
            tag = elem.tag
            if tag == t_table:
                name, row, max_row, max_col = elem.get(_T + "name", ""), 0, 0, 0
                n_tables += 1
                if n_tables > MAX_SHEETS:  # 50,000 one-cell tables took 20 s
                    raise _too_many_sheets(n_tables)
            elif tag == t_row:
                row_rep, col = int(elem.get(rep_r, "1")), 0
            elif tag in cells:
                n = int(elem.get(rep_c, "1"))
                if elem.attrib and any("value" in k for k in elem.attrib):
                    # a value without its type (office:value="5" alone) is read and repeated too: any of
                    # value-type, value, date-value, boolean-value … (measured: 100,000 x 1,000 → abort)
                    max_row, max_col = max(max_row, row + row_rep), max(max_col, col + n)
                col += n
    except (ET.ParseError, ValueError) as e:
        raise _fail(render("read-ods-invalid", error=e, resave=_RESAVE), "not-a-workbook") from None


def _check_shared_strings(z: zipfile.ZipFile, pf: Preflight) -> None:
    name = "xl/sharedStrings.xml"
    info = z.NameToInfo.get(name)
    if info is None:
        return
    sst = pf.parts[name] = _read(z, name)  # read once: the heads of the other parts are tested below
    _no_doctype(sst, name)
    head = sst[:HEAD_BYTES]
    m = re.search(rb"uniqueCount=\"(\d+)\"", head)
    c = re.search(rb"\scount=\"(\d+)\"", head)
    # calamine pre-allocates uniqueCount strings (measured: 4e9 → abort); each takes more than one byte.
    if (m and int(m.group(1)) > max(info.file_size, 1000)) or (
        c and int(c.group(1)) > MAX_CELLS * max(len(pf.sheet_parts), 1)
    ):
        raise _fail(
            render("read-shared-strings-count"),
            "not-a-workbook",
        )
    _check_text_volume(sst, pf)


def _check_text(n_bytes: int) -> None:
    if n_bytes > MAX_TEXT_BYTES:
        raise _fail(
            render(
                "read-text-too-big", mib=n_bytes // (1024 * 1024), max_mib=MAX_TEXT_BYTES // (1024 * 1024)
            ),
            "too-large",
        )


def _too_many_sheets(n: int) -> UnreadableError:
    return _fail(
        render("read-too-many-sheets", n=n, max_sheets=MAX_SHEETS),
        "too-large",
    )


def _too_many_texts(n: int) -> UnreadableError:
    return _fail(
        render("read-too-many-text-cells", n=n, max_text_cells=MAX_TEXT_CELLS),
        "too-many-cells",
    )


# the quoted type of a text cell, however it is spaced (t="s", t = "s"); an attribute value of exactly "s" or
# "str" is a cell type in a sheet, so the counts over-count only by chance text
_TEXT_TYPES = (b'"s"', b'"str"', b'"inlineStr"')


def _check_text_cells(bodies: list[bytes]) -> None:
    """Refuse more than MAX_TEXT_CELLS text cells over all sheets (a part listed twice counts twice)."""
    if sum(len(b) for b in bodies) <= _TEXT_CELL_MIN_BYTES * MAX_TEXT_CELLS:
        return  # report-sized: settled by sizes alone
    n = 0
    for body in bodies:
        n += sum(body.count(t) for t in _TEXT_TYPES)  # in C: ~2 ms a MB, where a regex took 20
        if b"'" in body:  # single quotes (memchr): never written by Excel
            n += sum(body.count(t.replace(b'"', b"'")) for t in _TEXT_TYPES)
        if n > MAX_TEXT_CELLS:
            raise _too_many_texts(n)


_SI = LazyPattern(rb"<(?:[\w.-]+:)?si[\s>].*?</(?:[\w.-]+:)?si>", re.S)
_S_CELL = LazyPattern(
    rb"""<(?:[\w.-]+:)?c\s[^>]*?\bt\s*=\s*["']s["'][^>]*>\s*<(?:[\w.-]+:)?v>\s*(\d{1,10})"""
)


def _check_text_volume(sst: bytes, pf: Preflight) -> None:
    """Refuse a workbook whose cells expand a shared string past MAX_TEXT_BYTES (calamine copies the
    string into every cell that names it: 32,000 characters in 100,000 cells aborts the process)."""
    sheets = [body for part, body in pf.parts.items() if "/worksheets/" in part]
    # a cell naming a shared string takes at least 16 bytes (<c t="s"><v>0</v></c>), no string is longer
    # than the whole table: the common case is settled by sizes alone
    if sum(len(b) for b in sheets) // 16 * len(sst) <= MAX_TEXT_BYTES:
        return
    sizes = [len(m) for m in _SI.findall(sst)]  # bytes of each string's XML: at least its text
    total = 0
    for body in sheets:
        for i in _S_CELL.findall(body):
            k = int(i)
            total += sizes[k] if k < len(sizes) else 0
        _check_text(total)


def _preflight_zip(data: bytes, fmt: str) -> Preflight:
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise _fail(render("read-zip-directory-broken"), "truncated") from None
    except ZIP_ERRORS as e:
        raise _fail(render("read-truncated", error=_zip_why(e)), "truncated") from None
    _check_zip_members(z)
    pf = Preflight(format=fmt, zip=z)
    if fmt == "ods":
        for name in ("content.xml", "styles.xml", "meta.xml", "settings.xml"):
            if name in z.NameToInfo:
                body = _read(z, name)
                _no_doctype(body, name)
                pf.parts[name] = body
        if "content.xml" not in pf.parts:
            raise _fail(render("read-ods-no-content", resave=_RESAVE), "not-a-workbook")
        _check_ods_area(pf.parts["content.xml"])
        return pf
    if any(n.lower().endswith("vbaproject.bin") for n in z.NameToInfo):
        pf.format = "xlsm"
    pf.sheet_parts = _sheet_parts(z, pf.parts)
    if len(pf.sheet_parts) > MAX_SHEETS:
        raise _too_many_sheets(len(pf.sheet_parts))
    areas: list[tuple[str, str, bytes, int | None]] = []
    for name, part in pf.sheet_parts:
        if part is None or part not in z.NameToInfo:
            continue  # calamine reports the missing part; chart sheets point to xl/chartsheets/.
        body = _read(z, part)
        _no_doctype(body, part)
        pf.parts[part] = body
        if "/worksheets/" in part:
            areas.append((name, part, body, _check_sheet_area(body, name)))
    _check_book_area(areas)
    _check_text_cells([pf.parts[part] for _, part in pf.sheet_parts if part in pf.parts])
    _check_shared_strings(z, pf)
    for info in z.infolist():
        # Every other XML part: the DOCTYPE must come before the root element, so the head is enough.
        n = info.filename
        if n not in pf.parts and n.lower().endswith((".xml", ".rels", ".vml")):
            _no_doctype(_head(z, n), n)
    return pf


def _preflight_ole(data: bytes) -> Preflight:
    shift = int.from_bytes(data[0x1E:0x20], "little")
    first_dir = int.from_bytes(data[0x30:0x34], "little")
    # The first directory sector must lie inside the file; otherwise the copy was cut short.
    if len(data) < 1536 or shift not in (9, 12) or (first_dir + 2) << shift > len(data):
        raise _fail(render("read-xls-truncated", resave=_RESAVE), "truncated")
    # BIFF8 keeps its cells in "Workbook", BIFF5 (Excel 95) in "Book"; Word/PowerPoint files have neither.
    if not (_ole_has_stream(data, "Workbook") or _ole_has_stream(data, "Book")):
        raise _fail(
            render("read-ole-not-excel"),
            "not-a-workbook",
        )

    areas = sheet_areas(data) or []  # None: not followable; calamine then says what is wrong
    for i, area in enumerate(areas):
        if area > MAX_CELLS:
            raise _fail(
                render("read-ole-sheet-too-big", sheet=max(i, 1), area=area, max_cells=MAX_CELLS),
                "too-many-cells",
            )
    if len(areas) > MAX_SHEETS + 1:  # one substream is the workbook's globals
        raise _too_many_sheets(len(areas) - 1)
    if sum(areas) > MAX_BOOK_CELLS:
        raise _fail(
            render(
                "read-ole-book-too-big", n=len(areas) - 1, cells=sum(areas), max_book_cells=MAX_BOOK_CELLS
            ),
            "too-many-cells",
        )
    # BIFF8 text cells are LABELSST records (id 0x00FD, always 10 bytes long: 14 with the header); counting
    # the header bytes over-counts only by chance matches, and only a file of > 280 KB is counted at all
    if len(data) > 14 * MAX_TEXT_CELLS:
        n = data.count(b"\xfd\x00\x0a\x00")
        if n > MAX_TEXT_CELLS:
            raise _too_many_texts(n)
    return Preflight(format="xls")


_ARCHIVES = ((b"Rar!\x1a\x07", "RAR"), (b"7z\xbc\xaf\x27\x1c", "7z"))


def _archive_message(kind: str, files: list[str]) -> str:
    """A compressed archive (several agencies' reports sent as one attachment): it is to be unpacked first."""
    if files:
        shown = render("list-sep").join(files[:3]) + (render("read-archive-etc") if len(files) > 3 else "")
        inside = render("read-archive-files", n=len(files), shown=shown)
    else:
        inside = ""
    # a batch unpacks a ZIP archive itself (govreport.batch.archives); RAR and 7z it cannot open
    return render("read-zip" if kind == "ZIP" else "read-archive", kind=kind, inside=inside)


def is_office_zip(names: list[str]) -> bool:
    """A zip's member names are an Office or ODF file's (.xlsx, .docx, .pptx, .ods …), not an archive of files."""
    return any(
        n in ("[Content_Types].xml", "mimetype") or n.startswith(("xl/", "word/", "ppt/")) for n in names
    )


def zip_member_name(info: zipfile.ZipInfo, whole: bool = False) -> str:
    """A member's file name (whole: its path in the archive) as its zip tool wrote it without the UTF-8 flag,
    which zipfile then reads as code page 437: UTF-8 (zip on Linux and macOS) when the bytes are valid UTF-8,
    else GBK (zip tools on Chinese Windows)."""
    name = info.filename if whole else info.filename.rsplit("/", 1)[-1]
    if info.flag_bits & 0x800:
        return name
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:
        return name
    for encoding in ("utf-8", "gbk"):  # GBK names are almost never valid UTF-8 (its byte patterns are strict)
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return name


def check_size(n_bytes: int, limit: int | None = None) -> None:
    """Refuse a file larger than `limit` (default MAX_FILE_BYTES; called on the stat size, before reading it)."""
    limit = MAX_FILE_BYTES if limit is None else limit
    if n_bytes > limit:
        raise _fail(
            render("read-too-large", mib=n_bytes // (1024 * 1024), max_mib=limit // (1024 * 1024)),
            "too-large",
        )


def preflight(data: bytes) -> Preflight:
    """Check a file's bytes before parsing; raise UnreadableError for anything unsafe or not a workbook."""
    if not data:
        raise _fail(render("read-empty"), "not-a-workbook")
    check_size(len(data))
    fmt = sniff_format(data)
    if fmt == "encrypted":
        raise _fail(render("read-encrypted"), "encrypted")
    if fmt is None:
        if data.startswith(b"PK"):
            try:
                infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
            except ZIP_ERRORS:
                raise _fail(render("read-zip-directory-broken"), "truncated") from None
            names = [i.filename for i in infos]
            if "xl/workbook.bin" in names:
                raise _fail(render("read-xlsb", resave=_RESAVE), "not-a-workbook")
            if not is_office_zip(names):
                raise _fail(
                    _archive_message("ZIP", [zip_member_name(i) for i in infos if not i.is_dir()]), "archive"
                )
            raise _fail(render("read-other-office", resave=_RESAVE), "not-a-workbook")
        for magic, kind in _ARCHIVES:
            if data.startswith(magic):
                raise _fail(_archive_message(kind, []), "archive")
        head = data[:4096]
        for bom, enc in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
            if head.startswith(bom):  # web systems often start their "Excel" export with a byte-order mark
                head = head[len(bom) :].decode(enc, "replace").encode("utf-8")
                break
        if head.lstrip()[:1] == b"<":
            what = render("read-fake-xls")
        else:
            what = render("read-not-excel")
        raise _fail(render("read-content", what=what, resave=_RESAVE), "not-a-workbook")
    if fmt == "xls":
        return _preflight_ole(data)
    return _preflight_zip(data, fmt)
