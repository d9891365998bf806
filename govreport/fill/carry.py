"""Carrying an .xls or .ods workbook into a new .xlsx, so that fill can write its corrected copy.

openpyxl opens neither format. The copy is built from what govreport read (values, merged ranges, the
formulas of an .ods) plus the column widths, read here from the file itself: BIFF8 COLINFO records of an
.xls (through olefile) and the column styles of an .ods. Everything else (fonts, borders, fills, row
heights, comments, pictures) is named in the notes the caller shows, never dropped silently.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any

from govreport.messages import render
from govreport.read.model import Book

_CM_PER_CHAR = 0.247  # what LibreOffice writes for one width unit of Excel (a "0" of the default font)
_MAX_RECORDS = 2_000_000


def carry_to_xlsx(book: Book, data: bytes, out_path: str | Path) -> list[str]:
    """Write `book` as a plain .xlsx to out_path; return, in Chinese, what could not be carried."""
    import openpyxl  # deferred: openpyxl is heavy: loaded only when an .xls/.ods is carried

    widths, xls_formulas = _xls_widths(data) if book.format == "xls" else ({}, 0)
    if book.format == "ods":
        widths = _ods_widths(data)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    from openpyxl.cell.cell import (
        ILLEGAL_CHARACTERS_RE,  # deferred: openpyxl is heavy: loaded only when an .xls/.ods is carried
    )

    names = excel_names([s.name for s in book.sheets])
    controls = 0
    for sheet in book.sheets:
        ws = wb.create_sheet(names[sheet.name])
        if sheet.hidden:
            ws.sheet_state = "hidden"
        for r, row in enumerate(sheet.rows):
            for c, v in enumerate(row):
                value = _plain(v)
                if isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value):
                    # an .xls text may hold control characters an .xlsx cannot: openpyxl refused the whole copy
                    value = ILLEGAL_CHARACTERS_RE.sub("?", value)
                    controls += 1
                if value is not None:
                    cell = ws.cell(row=r + 1, column=c + 1, value=value)
                    if isinstance(value, str) and value.startswith("="):
                        cell.data_type = "s"  # a text that looks like a formula stays text
        for (r, c), text in sheet.formulas.items():
            ws.cell(row=r + 1, column=c + 1).value = "=" + text
        for r1, c1, r2, c2 in sheet.merged:
            if (r1, c1) != (r2, c2):
                ws.merge_cells(start_row=r1 + 1, start_column=c1 + 1, end_row=r2 + 1, end_column=c2 + 1)
        for r in sorted(sheet.hidden_rows):
            # hidden rows stay hidden: a stale copy there must not become the report the copy is checked as
            if r < sheet.n_rows:
                ws.row_dimensions[r + 1].hidden = True
        from openpyxl.utils import (
            get_column_letter,  # deferred: openpyxl is heavy: loaded only when an .xls/.ods is carried
        )

        used = sheet.n_cols
        for col, width in widths.get(sheet.name, {}).items():
            # only the used columns: the records also cover the empty rest of the sheet
            if 0 <= col < used and 0 < width < 256:
                ws.column_dimensions[get_column_letter(col + 1)].width = round(width, 2)
        for col in sorted(c for c in sheet.hidden_cols if c < used):
            # hidden columns stay hidden, as hidden rows do: last year's figures there must not become the report's
            ws.column_dimensions[get_column_letter(col + 1)].hidden = True
    if not wb.sheetnames:
        wb.create_sheet("Sheet1")
    wb.save(out_path)
    kind = "." + book.format
    notes = [render("fill-carried-note", kind=kind)]
    if (
        xls_formulas
    ):  # said only when there were formulas: a clerk should not hunt for losses that are not there
        notes.append(render("fill-carried-xls-formulas", n=xls_formulas))
    if not widths:
        notes.append(render("fill-carried-no-widths", kind=kind))
    if controls:
        notes.append(render("fill-carried-control-chars", n=controls))
    for old, new in names.items():
        if old != new:
            notes.append(render("fill-carried-sheet-renamed", old=old, new=new))
    return notes


def excel_names(names: list[str]) -> dict[str, str]:
    """Each sheet's name in the carried .xlsx: Excel allows 31 characters (an .ods sheet may have more);
    names cut to the same text are kept apart, as Excel compares them without case."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for name in names:
        new, n = name[:31], 1
        while new.lower() in used:
            n += 1
            new = name[: 31 - len(f"({n})")] + f"({n})"
        used.add(new.lower())
        out[name] = new
    return out


def _plain(v: Any) -> Any:
    if v in ("", None):
        return None
    if isinstance(v, float) and v.is_integer() and abs(v) < 2**53:
        return int(v)
    if isinstance(v, dt.timedelta):
        return str(v)
    return v


def _xls_widths(data: bytes) -> tuple[dict[str, dict[int, float]], int]:
    """Column widths per sheet from the BIFF8 COLINFO records of an .xls (in characters), and its formula count."""
    try:
        import olefile  # deferred: olefile is read only for an .xls

        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            name = "Workbook" if ole.exists("Workbook") else "Book"
            stream = ole.openstream(name).read()
    except Exception:  # an unusual container: the copy gets default widths, and the notes say so
        return {}, 0
    sheets: list[tuple[str, int]] = []
    for rtype, body in _records(stream, 0):
        if rtype == 0x0085 and len(body) >= 8:  # BOUNDSHEET8: stream offset, visibility, type, name
            offset = struct.unpack_from("<I", body, 0)[0]
            cch, flags = body[6], body[7] if len(body) > 7 else 0
            raw = body[8 : 8 + (cch * 2 if flags & 1 else cch)]
            sheet_name = raw.decode("utf-16-le" if flags & 1 else "latin-1", errors="replace")
            sheets.append((sheet_name, offset))
        elif rtype == 0x000A:  # EOF of the globals substream
            break
    out: dict[str, dict[int, float]] = {}
    formulas = 0
    for sheet_name, offset in sheets:
        cols: dict[int, float] = {}
        for rtype, body in _records(stream, offset):
            if rtype == 0x007D and len(body) >= 6:  # COLINFO: first, last, width in 1/256 character
                first, last, width = struct.unpack_from("<HHH", body, 0)
                for col in range(first, min(last, first + 256) + 1):
                    cols[col] = width / 256
            elif rtype == 0x0006:  # FORMULA: one per formula cell (shared formulas too)
                formulas += 1
            elif rtype == 0x000A:
                break
        out[sheet_name] = cols
    return out, formulas


def _records(stream: bytes, offset: int):
    """BIFF records (type, body) from offset on, bounded against a corrupt stream."""
    pos, n = offset, 0
    while pos + 4 <= len(stream) and n < _MAX_RECORDS:
        rtype, length = struct.unpack_from("<HH", stream, pos)
        yield rtype, stream[pos + 4 : pos + 4 + length]
        pos += 4 + length
        n += 1


def _ods_widths(data: bytes) -> dict[str, dict[int, float]]:
    """Column widths per sheet from an .ods: table:table-column elements and their column styles."""
    table = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
    style = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            content = z.read("content.xml")  # the reader's guards already bounded its size
        root = ET.fromstring(content)
    except Exception:
        return {}
    col_width: dict[str, float] = {}
    for st in root.iter(style + "style"):
        props = st.find(style + "table-column-properties")
        if props is not None and props.get(style + "column-width"):
            cm = _to_cm(props.get(style + "column-width", ""))
            if cm:
                col_width[st.get(style + "name", "")] = cm / _CM_PER_CHAR
    out: dict[str, dict[int, float]] = {}
    for t in root.iter(table + "table"):
        cols: dict[int, float] = {}
        col = 0
        for tc in t.iter(table + "table-column"):
            repeat = min(int(tc.get(table + "number-columns-repeated", "1") or 1), 16384)
            width = col_width.get(tc.get(table + "style-name", ""))
            if width is not None and col < 1024:
                for k in range(col, min(col + repeat, 1024)):
                    cols[k] = width
            col += repeat
        out[t.get(table + "name", "")] = cols
    return out


def _to_cm(text: str) -> float | None:
    units = {"cm": 1.0, "mm": 0.1, "in": 2.54, "pt": 2.54 / 72, "pc": 2.54 / 6}
    for unit, factor in units.items():
        if text.endswith(unit):
            try:
                return float(text[: -len(unit)]) * factor
            except ValueError:
                return None
    return None
