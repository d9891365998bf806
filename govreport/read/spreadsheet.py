"""Opening a report workbook: bytes once → guards → calamine for values, the sheet XML for formulas.

calamine gives "" for a formula cell without a cached value (files written by openpyxl and many
generators), exactly as for a blank cell, so for xlsx/xlsm the formula texts come from the sheet XML.
For xls and ods calamine's cached values are used; ods formulas and merged ranges come from content.xml
(calamine returns neither for ods); xls formulas are not read (python-calamine has no API for them, see
open_book). Merged ranges come from calamine for xlsx and xls. The guards in `govreport.read.guards` run first.

Over 400 lines: calamine's values plus, per format, what calamine does not give (formula texts from
the sheet XML, ods merges and formulas from content.xml), each beside the others.
"""

from __future__ import annotations

import datetime as _dt
import errno
import io
import os
import re
import stat
import zipfile
from pathlib import Path

import python_calamine as pc

from govreport.memo import LazyPattern
from govreport.messages import render
from govreport.read.biff import hidden_rows_cols as biff_hidden_rows_cols
from govreport.read.documents import MAX_DOCUMENT_BYTES, document_format, read_document
from govreport.read.guards import MAX_ROWS, UnreadableError, check_size, preflight, sniff_format, unescape
from govreport.read.model import Book, DateShown, Sheet, col_letter, parse_a1
from govreport.read.paths import DOCUMENT_SUFFIXES

__all__ = ["UnreadableError", "open_book", "sniff_format", "translate_formula"]

NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
NS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"

# One token at a time: string literals, quoted sheet names and structured references are copied as they
# are; a cell reference not followed by "(" (LOG10( is a function) or "!" (a sheet name) is translated.
_TOKEN = LazyPattern(
    r"""(?P<skip>"(?:[^"]|"")*"|'(?:[^']|'')*'|\[(?:[^\[\]]|\[[^\]]*\])*\])"""
    r"""|(?<![A-Za-z0-9_.$])(?P<cd>\$?)(?P<col>[A-Z]{1,3})(?P<rd>\$?)(?P<row>[0-9]{1,7})(?![A-Za-z0-9_(!.])"""
    r"""|(?<![A-Za-z0-9_.$])(?P<cd1>\$?)(?P<c1>[A-Z]{1,3}):(?P<cd2>\$?)(?P<c2>[A-Z]{1,3})(?![A-Za-z0-9_(!.])"""
)


def _col_num(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _shift_col(dollar: str, letters: str, dc: int) -> str | None:
    if dollar:
        return dollar + letters
    c = _col_num(letters) + dc
    return col_letter(c) if 0 <= c < 16384 else None


def translate_formula(text: str, dr: int, dc: int) -> str:
    """Move a formula's relative references by (dr, dc), as Excel does for shared-formula followers."""
    if not dr and not dc:
        return text

    def repl(m: re.Match[str]) -> str:
        if m.group("skip"):
            return m.group(0)
        if m.group("col"):
            col = _shift_col(m.group("cd"), m.group("col"), dc)
            row = int(m.group("row")) + (0 if m.group("rd") else dr)
            if col is None or row < 1:
                return "#REF!"
            return f"{col}{m.group('rd')}{row}"
        c1 = _shift_col(m.group("cd1"), m.group("c1"), dc)
        c2 = _shift_col(m.group("cd2"), m.group("c2"), dc)
        if c1 is None or c2 is None:
            return "#REF!"
        return f"{c1}:{c2}"

    return _TOKEN.sub(repl, text)


def _sheet_formulas(data: bytes) -> dict[tuple[int, int], str]:
    """(row, col) -> formula text from one worksheet XML; shared formulas expanded."""
    out: dict[tuple[int, int], str] = {}
    if b"<f" not in data and b":f" not in data:
        return out  # fast path: most report sheets hold no formula at all
    fast = _formulas_by_scan(data)
    if fast is not None:
        return fast
    masters: dict[str, tuple[int, int, str]] = {}
    followers: list[tuple[int, int, str]] = []
    row, col = -1, -1
    tag_row, tag_c, tag_f = NS_MAIN + "row", NS_MAIN + "c", NS_MAIN + "f"
    from xml.etree import ElementTree as ET  # deferred: only a sheet holding formulas the scan cannot read

    for event, elem in ET.iterparse(io.BytesIO(data), events=("start", "end")):
        tag = elem.tag
        if event == "start":
            if tag == tag_row:
                r = elem.get("r")
                row = int(r) - 1 if r and r.isdigit() else row + 1
                col = -1
            elif tag == tag_c:
                ref = elem.get("r")
                if ref:
                    try:
                        row, col = parse_a1(ref)
                    except ValueError:
                        col += 1
                else:
                    col += 1
            continue
        if tag == tag_f:
            kind = elem.get("t", "normal")
            text = elem.text or ""
            if kind == "shared":
                si = elem.get("si", "")
                if text:
                    masters[si] = (row, col, text)
                    out[(row, col)] = text
                else:
                    followers.append((row, col, si))
            elif kind != "dataTable" and text:
                out[(row, col)] = text  # normal and array formulas keep their text
        elif tag == tag_row:
            elem.clear()  # keep memory flat on a long sheet
    for r, c, si in followers:
        if si in masters:
            mr, mc, text = masters[si]
            out[(r, c)] = translate_formula(text, r - mr, c - mc)
    return out


_HAS_ERROR = LazyPattern(rb"""\st\s*=\s*["']e["']""")
_CELL_TAG = LazyPattern(rb"<(?:[\w.-]+:)?c(\s[^>]*)?>")  # one pass over the cells, each tag matched once
_CELL_AT = LazyPattern(rb"""\sr\s*=\s*["']\$?([A-Z]{1,3})\$?([0-9]{1,7})["']""")
_CELL_V = LazyPattern(rb"\s*<(?:[\w.-]+:)?v>([^<]{1,20})</")  # the value right after the start tag


def _put_errors(rows: list[list], data: bytes, formulas: dict[tuple[int, int], str]) -> None:
    """Typed Excel errors (#REF!, #DIV/0! …), which calamine reads as empty: put their text in the grid.

    Read as blank, a #REF! left by a deleted row would be "filled" like a forgotten number; as its text it
    is an invalid value. A formula's error result stays empty: the formula is computed and its error said.
    Any valid spelling of the XML (a namespace prefix, single quotes, spaces around "="); linear in size.
    """
    # a quoted lone e is rare in a sheet: two plain scans (the regex would cost more than the whole read)
    if (b'"e"' not in data and b"'e'" not in data) or _HAS_ERROR.search(data) is None:
        return
    for m in _CELL_TAG.finditer(data):
        attrs = m.group(1)
        if not attrs or attrs.endswith(b"/") or _HAS_ERROR.search(attrs) is None:
            continue
        at, v = _CELL_AT.search(attrs), _CELL_V.match(data, m.end())
        if at is None or v is None:
            continue
        r, c = parse_a1(at.group(1).decode() + at.group(2).decode())
        if (r, c) not in formulas and r < len(rows) and c < len(rows[r]) and rows[r][c] in ("", None):
            rows[r][c] = v.group(1).decode("utf-8", "replace")


# A formula cell whose saved result is the empty text: t="str" and an empty value (<v></v>, <v/>), as Excel,
# WPS and LibreOffice save =IF(SUM(D8:I8)=0,"",SUM(D8:I8)) when the sum is 0. openpyxl writes <v /> with no
# t for a formula it never computed, so the t="str" is what tells the two apart. One C-speed scan of the
# sheet, run only when a t="str" is in it.
_P = rb"(?:[\w.-]+:)?"
_EMPTY_STR = LazyPattern(
    rb"<"
    + _P
    + rb"c(\s(?:[^>]*?\s)?t\s*=\s*[\"']str[\"'][^>]*)>\s*<"
    + _P
    + rb"f(?:\s[^>]*)?(?:/>|>[^<]*</"
    + _P
    + rb"f>)\s*<"
    + _P
    + rb"v\s*(?:/>|></"
    + _P
    + rb"v>)"
)


def _cached_empty(data: bytes, formulas: dict[tuple[int, int], str]) -> list[tuple[int, int]]:
    """The formula cells whose saved result is "" (a zero the template hides), not a missing result."""
    if not formulas or (b'"str"' not in data and b"'str'" not in data):
        return []
    out = []
    for m in _EMPTY_STR.finditer(data):
        at = _CELL_AT.search(m.group(1))
        if at is not None:
            cell = parse_a1(at.group(1).decode() + at.group(2).decode())
            if cell in formulas:
                out.append(cell)
    return out


def _put_cached_empty(rows: list[list], data: bytes, formulas: dict[tuple[int, int], str]) -> None:
    """A formula saved with the result "" reads as its cached 0 (calamine gives "" as for no result at all).

    Read as uncached it would be recomputed, so a part typed as text under it (which Excel's SUM skipped)
    would agree with it and the stale total would go unnamed.
    """
    for r, c in _cached_empty(data, formulas):
        if r >= len(
            rows
        ):  # past what calamine measured (it has given such cells room so far): rows may be ragged
            rows.extend([] for _ in range(r + 1 - len(rows)))
        row = rows[r]
        if c >= len(row):
            row.extend([""] * (c + 1 - len(row)))
        if row[c] in ("", None):
            row[c] = 0.0  # what the sheet computed, as calamine gives a cached number


_ROW_TAG = LazyPattern(rb"<(?:[\w.-]+:)?row(\s[^>]*)?/?>")
_ROW_R = LazyPattern(rb"""\sr\s*=\s*["']([0-9]{1,7})["']""")
_ROW_HIDDEN = LazyPattern(rb"""\shidden\s*=\s*["'](?:1|true)["']""")


_SHOWN_BEFORE = _dt.date(1930, 1, 1)  # serial 10,958: no date a clerk types into a report's count cell


_DATE1904 = LazyPattern(rb"""date1904\s*=\s*["'](?:1|true)["']""")


def _numbers_shown_as_dates(rows: list[list], fmt: str, date1904: bool = False) -> None:
    """A number under a date format back to its number (as a DateShown): calamine gives the date the format
    shows. Excel and WPS count 1900-01-01 as 1 and keep the 1900-02-29 that never was (so serial 10 is
    1900-01-10); LibreOffice counts from 1899-12-30 (serial 10 is 1900-01-09); Excel for Mac's 1904 system
    from 1904-01-01 (serial 10 is 1904-01-11)."""
    date, stamp = _dt.date, _dt.datetime
    for row in rows:
        for i, v in enumerate(row):
            cls = v.__class__
            if cls is date:
                day = v
            elif cls is stamp:
                day = v.date()
            else:
                continue
            if day >= _SHOWN_BEFORE:
                continue  # a date typed (1-10 becomes this year's 10 January): the digits are gone
            if date1904:
                epoch = _dt.date(1904, 1, 1)
            elif fmt != "ods" and day < _dt.date(1900, 3, 1):
                epoch = _dt.date(1899, 12, 31)
            else:
                epoch = _dt.date(1899, 12, 30)
            serial = float((day - epoch).days)
            if cls is stamp:
                serial += (v.hour * 3600 + v.minute * 60 + v.second + v.microsecond / 1e6) / 86400
            row[i] = DateShown(serial, v.isoformat(sep=" ") if cls is stamp else v.isoformat())


_COL_TAG = LazyPattern(rb"<(?:[\w.-]+:)?col\s[^>]*>")
_COL_MIN = LazyPattern(rb"""\smin\s*=\s*["']([0-9]{1,5})["']""")
_COL_MAX = LazyPattern(rb"""\smax\s*=\s*["']([0-9]{1,5})["']""")
_MAX_COLS = 16_384  # an .xlsx sheet's columns (XFD)


def _hidden_cols(data: bytes) -> frozenset[int]:
    """The 0-based columns a sheet's XML marks hidden (<cols><col min="3" max="3" hidden="1"/>); most sheets
    hide none, and a sheet without the word costs one search."""
    if b"hidden" not in data:
        return frozenset()
    end = data.find(b"<sheetData")  # <cols> comes before the cells: never scan them for it
    head = data[: end if end >= 0 else len(data)]
    out: set[int] = set()
    for m in _COL_TAG.finditer(head):
        tag = m.group(0)
        lo, hi = _COL_MIN.search(tag), _COL_MAX.search(tag)
        if lo is None or not _ROW_HIDDEN.search(tag):
            continue
        first = int(lo.group(1))
        last = int(hi.group(1)) if hi is not None else first
        out.update(range(first - 1, min(last, _MAX_COLS)))
    return frozenset(out)


def _hidden_rows(data: bytes) -> frozenset[int]:
    """The 0-based rows a sheet's XML marks hidden (<row r="22" hidden="1">); most sheets hide none, and
    a sheet without the word costs one search."""
    if b"hidden" not in data:
        return frozenset()
    out: set[int] = set()
    row = -1
    for m in _ROW_TAG.finditer(data):
        attrs = m.group(1) or b""
        at = _ROW_R.search(attrs)
        row = int(at.group(1)) - 1 if at is not None else row + 1  # r is optional: the next row then
        if row < MAX_ROWS and _ROW_HIDDEN.search(attrs):
            out.add(row)
    return frozenset(out)


_F_TAG = LazyPattern(rb"<f(\s[^>]*)?(/>|>([^<]*)</f>)")
_F_ATTR = LazyPattern(rb'\s(t|si)="([^"]*)"')
_C_REF = LazyPattern(rb'<c r="([A-Z]{1,3}[0-9]{1,7})"')


def _formulas_by_scan(data: bytes) -> dict[tuple[int, int], str] | None:
    """The formulas of a sheet as Excel and openpyxl write it (every cell with r="", no prefixes), found
    by scanning from each <f> back to its cell: iterparse of the whole sheet costs ~10 ms, this ~0.1 ms.
    None when the sheet is written any other way (the caller parses it properly then)."""
    if b":f" in data or b":c " in data or data.count(b"<c ") != data.count(b'<c r="'):
        return None
    out: dict[tuple[int, int], str] = {}
    masters: dict[str, tuple[int, int, str]] = {}
    followers: list[tuple[int, int, str]] = []
    for m in _F_TAG.finditer(data):
        start = data.rfind(b"<c ", 0, m.start())
        cell = _C_REF.match(data, start) if start >= 0 else None
        if cell is None or data.find(b"</c>", start, m.start()) != -1:
            return None
        row, col = parse_a1(cell.group(1).decode())
        attrs = dict(_F_ATTR.findall(m.group(1) or b""))
        kind = attrs.get(b"t", b"normal")
        text = unescape(m.group(3).decode("utf-8")) if m.group(3) else ""
        if kind == b"shared":
            si = attrs.get(b"si", b"").decode()
            if text:
                masters[si] = (row, col, text)
                out[(row, col)] = text
            else:
                followers.append((row, col, si))
        elif kind != b"dataTable" and text:
            out[(row, col)] = text
    for r, c, si in followers:
        if si in masters:
            mr, mc, text = masters[si]
            out[(r, c)] = translate_formula(text, r - mr, c - mc)
    return out


# OpenFormula (ODF) references: [.D8], [.D8:.I8], [$Sheet1.D8:.I8], ['表 二'.$D$8]; ";" separates arguments.
_OF_TOKEN = LazyPattern(r""""(?:[^"]|"")*"|\[([^\]]*)\]|;""")
_OF_REF = LazyPattern(r"""(?:\$?('(?:[^']|'')*'|[^.'\[\]:]+))?\.(\$?[A-Z]{1,3}\$?[0-9]{1,7})""")


def _of_ref(m: re.Match[str]) -> str:
    sheet, cell = m.group(1), m.group(2)
    if not sheet:
        return cell
    if not sheet.startswith("'") and not re.fullmatch(r"[^\W\d][\w.]*", sheet):
        sheet = "'" + sheet.replace("'", "''") + "'"
    return f"{sheet}!{cell}"


def ods_formula(text: str) -> str | None:
    """An ODS cell formula ("of:=SUM([.D8:.I8])") in Excel syntax ("SUM(D8:I8)"); None if not OpenFormula."""
    if text.startswith("of:="):
        text = text[4:]
    elif text.startswith("="):
        text = text[1:]
    else:
        return None  # an old StarOffice namespace ("oooc:"): not read rather than misread

    def repl(m: re.Match[str]) -> str:
        tok = m.group(0)
        if tok == ";":
            return ","
        if m.group(1) is None:
            return tok  # a string literal
        return ":".join(_OF_REF.sub(_of_ref, part) for part in m.group(1).split(":"))

    return _OF_TOKEN.sub(repl, text)


def _ods_extras(
    content: bytes,
) -> tuple[
    dict[str, list[tuple[int, int, int, int]]],
    dict[str, dict[tuple[int, int], str]],
    dict[str, frozenset[int]],
    dict[str, frozenset[int]],
]:
    """Merged ranges, formulas, hidden rows and hidden columns per table from ODS content.xml (calamine
    returns none of them for ods).

    A merge is number-columns/rows-spanned on its top-left cell; a formula is table:formula on its cell; a
    hidden row (or table:table-column) has table:visibility "collapse" (hidden) or "filter" (filtered out).
    """
    merged: dict[str, list[tuple[int, int, int, int]]] = {}
    formulas: dict[str, dict[tuple[int, int], str]] = {}
    hidden: dict[str, set[int]] = {}
    hidden_cols: dict[str, set[int]] = {}
    if b"-spanned" not in content and b"table:formula" not in content and b"table:visibility" not in content:
        return merged, formulas, {}, {}
    t_table, t_row = NS_TABLE + "table", NS_TABLE + "table-row"
    t_column = NS_TABLE + "table-column"
    cells = (NS_TABLE + "table-cell", NS_TABLE + "covered-table-cell")
    rep_r, rep_c = NS_TABLE + "number-rows-repeated", NS_TABLE + "number-columns-repeated"
    span_r, span_c = NS_TABLE + "number-rows-spanned", NS_TABLE + "number-columns-spanned"
    a_formula, a_visibility = NS_TABLE + "formula", NS_TABLE + "visibility"
    current: list[tuple[int, int, int, int]] = []
    cur_f: dict[tuple[int, int], str] = {}
    cur_h: set[int] = set()
    cur_c: set[int] = set()
    row, col, column = -1, 0, 0
    from xml.etree import ElementTree as ET  # deferred: only an .ods needs its content.xml parsed

    for event, elem in ET.iterparse(io.BytesIO(content), events=("start", "end")):
        tag = elem.tag
        if event == "start":
            if tag == t_table:
                name = elem.get(NS_TABLE + "name", "")
                current = merged.setdefault(name, [])
                cur_f = formulas.setdefault(name, {})
                cur_h = hidden.setdefault(name, set())
                cur_c = hidden_cols.setdefault(name, set())
                row, column = -1, 0
            elif tag == t_column:
                repeated = int(elem.get(rep_c, "1"))
                if elem.get(a_visibility, "visible") != "visible" and column < _MAX_COLS:
                    cur_c.update(range(column, min(column + repeated, _MAX_COLS)))
                column += repeated
            elif tag == t_row:
                row += 1
                col = 0
            elif tag in cells:
                rs, cs = int(elem.get(span_r, "1")), int(elem.get(span_c, "1"))
                if rs > 1 or cs > 1:
                    current.append((row, col, row + rs - 1, col + cs - 1))
                f = elem.get(a_formula)
                if f is not None and row < 1_048_576:
                    text = ods_formula(f)
                    if text:
                        cur_f[(row, col)] = text  # a repeated formula cell: its first copy is enough
                col += int(elem.get(rep_c, "1"))
        elif tag == t_row:
            repeated = int(elem.get(rep_r, "1"))
            if elem.get(a_visibility, "visible") != "visible" and row < MAX_ROWS:
                # a repeated hidden row up to the sheet's end is the rest of the sheet: rows past the most a
                # sheet may use (the guards refuse more) hold nothing
                cur_h.update(range(row, min(row + repeated, MAX_ROWS)))
            row += repeated - 1
            elem.clear()
    return (
        merged,
        formulas,
        {k: frozenset(v) for k, v in hidden.items() if v},
        {k: frozenset(v) for k, v in hidden_cols.items() if v},
    )


def _merged(sheet: pc.CalamineSheet) -> list[tuple[int, int, int, int]]:
    # calamine: [((r1, c1), (r2, c2)), ...] 0-based inclusive (checked on xlsx and xls); None for ods.
    ranges = sheet.merged_cell_ranges or []
    return [(a[0], a[1], b[0], b[1]) for a, b in ranges]


# A Rust panic inside calamine reaches Python as pyo3's PanicException, which derives from BaseException
# (measured on a truncated .xls), so the reader catches BaseException and lets only these through.
_PASS_THROUGH = (KeyboardInterrupt, SystemExit, GeneratorExit)


def _xml_error() -> type[Exception]:
    """ElementTree's ParseError, imported only when an exception is to be matched against it."""
    from xml.etree import ElementTree as ET  # deferred: most workbooks need no XML parser

    return ET.ParseError


def _unreadable_calamine(e: BaseException) -> UnreadableError:
    if isinstance(e, pc.PasswordError):
        return UnreadableError(render("read-encrypted"), "encrypted")
    return UnreadableError(
        # The reader's own (English) words go last, as a detail for whoever supports the clerk.
        render("read-corrupt", error_type=type(e).__name__, detail=str(e)[:200]),
        "not-a-workbook",
    )


def _read_bytes(path: Path) -> bytes:
    # One open, then fstat on what was opened: a FIFO swapped in after a stat cannot block the read, and
    # O_NONBLOCK keeps the open itself from waiting for a FIFO's writer. (Also the cheapest way in Python:
    # a batch pays it on every file.)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        try:
            st = os.fstat(fd)
            mode = st.st_mode
            if stat.S_ISDIR(mode):
                raise _folder_error(path)
            if not stat.S_ISREG(mode):
                # A FIFO or device would block or never end on read.
                raise UnreadableError(render("read-not-a-file"), "not-a-file")
            check_size(st.st_size, _MAX_READ)  # before reading: never load a huge file into memory
            chunks = [os.read(fd, st.st_size + 1)]
            size = len(chunks[0])
            while size > st.st_size and chunks[-1]:  # it grew since fstat: read on, within the limit
                chunks.append(os.read(fd, 1 << 20))
                size += len(chunks[-1])
                check_size(size, _MAX_READ)
            return b"".join(chunks) if len(chunks) > 1 else chunks[0]
        finally:
            os.close(fd)
    except PermissionError:
        if os.path.isdir(path):  # Windows refuses to open a folder with "permission denied"
            raise _folder_error(path) from None
        raise UnreadableError(render("read-no-permission"), "permission") from None
    except IsADirectoryError:
        raise _folder_error(path) from None
    except FileNotFoundError:
        raise UnreadableError(render("read-not-found"), "not-found") from None
    except OSError as e:
        what = _OS_ERRORS.get(e.errno or 0)
        # an unknown error keeps the system's own (English) words last, for whoever supports the clerk
        detail = "" if what else render("read-os-detail", error=e.strerror or e)
        raise UnreadableError(
            render("read-io-error", what=what or render("read-io-failed"), detail=detail), "io-error"
        ) from None


_OS_ERRORS = {
    errno.ELOOP: render("read-os-loop"),
    errno.ENAMETOOLONG: render("read-os-name-too-long"),
    errno.ENOTDIR: render("read-os-not-dir"),
    errno.EIO: render("read-os-io"),
    errno.EBUSY: render("read-os-busy"),
    getattr(errno, "ESTALE", -1): render("read-os-stale"),
}


def _folder_error(path: Path) -> UnreadableError:
    if not os.access(path, os.R_OK | os.X_OK):
        return UnreadableError(render("read-folder-no-permission"), "permission")
    return UnreadableError(render("read-folder"), "is-directory")


_SHEET_TAG = LazyPattern(rb"<(?:[\w.-]+:)?sheet\s[^>]*>")
_NAME_ATTR = LazyPattern(rb"""(\sname\s*=\s*)(["'])(.*?)\2""", re.S)


def _rename_repeated_sheets(data: bytes, names: list[str]) -> tuple[bytes, list[tuple[str, str]]]:
    """The workbook with a repeated sheet name made unique ("表二（2）") in a copy of xl/workbook.xml."""
    taken, renamed, new_names = set(names), [], []
    seen: set[str] = set()
    for name in names:
        if name in seen:
            k = 2
            while f"{name}（{k}）" in taken:
                k += 1
            new = f"{name}（{k}）"
            taken.add(new)
            renamed.append((name, new))
            new_names.append(new)
        else:
            new_names.append(name)
        seen.add(name)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("xl/workbook.xml")
        tags = iter(new_names)

        def rename(m: re.Match[bytes]) -> bytes:
            new = next(tags, None)
            if new is None:
                return m.group(0)
            import html  # deferred: only renaming a sheet escapes its new name

            value = html.escape(new, quote=True).encode("utf-8")
            return _NAME_ATTR.sub(lambda a: a.group(1) + a.group(2) + value + a.group(2), m.group(0), count=1)

        xml = _SHEET_TAG.sub(rename, xml)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as w:
            for info in z.infolist():
                w.writestr(info, xml if info.filename == "xl/workbook.xml" else z.read(info.filename))
    return out.getvalue(), renamed


# a document may be larger than a workbook (its images); preflight holds a workbook to MAX_FILE_BYTES
_MAX_READ = MAX_DOCUMENT_BYTES


def open_book(path: str | os.PathLike[str]) -> Book:
    """Read a workbook or document file into a Book; raise UnreadableError (Chinese message) when that is not possible."""
    p = Path(path)
    return book_from_bytes(_read_bytes(p), p)


def read_input(path: str | os.PathLike[str]) -> bytes:
    """A file's bytes, read once and guarded (size, FIFOs, devices); UnreadableError when that is not possible.
    fill reads its input with this once and hands the bytes along."""
    return _read_bytes(Path(path))


def book_from_bytes(data: bytes, path: str | os.PathLike[str]) -> Book:
    """A workbook or document from its bytes, recognised by content (the path names it and breaks ties)."""
    p = Path(path)
    # a lock file (~$x.docx, .~lock.x.xlsx#) holds a user name as text: the workbook reader names it as such
    kind = None if p.name.startswith(("~$", ".~lock")) else document_format(data, p.name)
    if kind is not None:  # recognised by content: a .docx named .xlsx is read as the document it is
        return read_document(data, str(p), kind, workbook_from_bytes)
    return workbook_from_bytes(data, p)


def workbook_from_bytes(data: bytes, path: str | os.PathLike[str]) -> Book:
    """Read a workbook from its bytes (a file's, or one embedded in a document) into a Book."""
    p = Path(path)
    try:
        pf = preflight(data)
    except UnreadableError as e:
        if p.name.startswith(("~$", ".~lock")):
            # Named explicitly (a folder search skips them): say what it is rather than "not a workbook".
            raise UnreadableError(
                render(
                    "read-lock-file", original=p.name.removeprefix("~$").removeprefix(".~lock.").rstrip("#")
                ),
                "lock-file",
            ) from e
        if e.reason == "encrypted" and p.suffix.lower() in DOCUMENT_SUFFIXES:
            # an encrypted .docx is the same kind of file as an encrypted .xlsx: its password is removed in Word
            raise UnreadableError(render("read-encrypted-document"), "encrypted") from e
        if e.reason == "not-a-workbook" and p.suffix.lower() == ".pdf" and data:
            # a .pdf that is not one (a download cut short, a damaged copy): "not an Excel workbook, save it
            # as .xlsx in Excel" would send the clerk the wrong way
            raise UnreadableError(render("read-not-pdf"), "not-a-workbook") from e
        raise
    notes: list[str] = []
    names = [n for n, _ in pf.sheet_parts]
    if len(set(names)) < len(names):
        # calamine finds a sheet by its name, so of two with one name it would read the first twice
        data, renamed = _rename_repeated_sheets(data, names)
        for old, new in renamed:
            notes.append(render("read-duplicate-sheet", old=old, new=new))
    try:
        wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
        metas = list(wb.sheets_metadata)
    except _PASS_THROUGH:
        raise
    except BaseException as e:  # noqa: BLE001 - calamine errors, and pyo3 PanicException (a BaseException)
        raise _unreadable_calamine(e) from None
    ods_merged, ods_formulas, ods_hidden, ods_hidden_cols = (
        _ods_extras(pf.parts["content.xml"]) if pf.format == "ods" else ({}, {}, {}, {})
    )
    sheets: list[Sheet] = []
    # a workbook from Excel for Mac counts its dates from 1904-01-01
    date1904 = pf.format in ("xlsx", "xlsm") and bool(_DATE1904.search(pf.parts.get("xl/workbook.xml", b"")))
    xls_hidden = biff_hidden_rows_cols(data) if pf.format == "xls" else None
    if xls_hidden is not None and len(xls_hidden) != len(metas):
        xls_hidden = None  # not the sheets calamine lists: none taken rather than another sheet's
    parts = pf.sheet_parts if len(pf.sheet_parts) == len(metas) else []
    by_name = dict(reversed(pf.sheet_parts))  # the first of a repeated name, as Excel would
    for index, meta in enumerate(metas):
        name = meta.name
        if meta.typ != pc.SheetTypeEnum.WorkSheet:
            notes.append(render("read-skipped-sheet", name=name))
            continue
        part = parts[index][1] if parts else by_name.get(name)  # by position: names may have been renamed
        try:
            cs = wb.get_sheet_by_name(name)
            rows = cs.to_python(skip_empty_area=False)
            merged = _merged(cs) if pf.format != "ods" else ods_merged.get(name, [])
        except _PASS_THROUGH:
            raise
        except BaseException as e:  # noqa: BLE001 - one damaged sheet: its numbers would be missing
            raise _unreadable_calamine(e) from None
        _numbers_shown_as_dates(rows, pf.format, date1904)
        formulas: dict[tuple[int, int], str] = {}
        hidden_rows: frozenset[int] = frozenset()
        hidden_cols: frozenset[int] = frozenset()
        if pf.format in ("xlsx", "xlsm"):
            if part in pf.parts:
                hidden_rows = _hidden_rows(pf.parts[part])
                hidden_cols = _hidden_cols(pf.parts[part])
                try:
                    formulas = _sheet_formulas(pf.parts[part])
                except (_xml_error(), ValueError) as e:
                    notes.append(render("read-formulas-unreadable", name=name, error=e))
                _put_errors(rows, pf.parts[part], formulas)
                _put_cached_empty(rows, pf.parts[part], formulas)
            else:
                notes.append(render("read-formulas-no-part", name=name))
        elif pf.format == "ods":
            formulas = ods_formulas.get(name, {})
            hidden_rows = ods_hidden.get(name, frozenset())
            hidden_cols = ods_hidden_cols.get(name, frozenset())
        elif pf.format == "xls":
            # python-calamine exposes no formulas for BIFF8; the cached results are read, so every
            # arithmetic check is the same, but a total whose formula reads the wrong cells is not seen.
            notes.append(render("read-formulas-xls", name=name))
            if xls_hidden is not None:
                hidden_rows, hidden_cols = xls_hidden[index]
        hidden = meta.visible != pc.SheetVisibleEnum.Visible
        sheets.append(
            Sheet(
                name=name,
                rows=rows,
                merged=merged,
                formulas=formulas,
                hidden=hidden,
                hidden_rows=hidden_rows,
                hidden_cols=hidden_cols,
            )
        )
    wb.close()
    if not sheets:
        raise UnreadableError(render("read-no-sheets"), "no-sheets")
    return Book(path=str(p), format=pf.format, sheets=sheets, notes=notes)
