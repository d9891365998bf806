"""The used area of each sheet of an .xls (BIFF8/BIFF5 in a compound file), read from its cell records.

Why: calamine makes a sheet's grid from its first to its last cell, so a 6 KB .xls with a number at A1
and another at IV65536 on two sheets took 16 s and 2.3 GB (measured); the zip guards do not see inside an
.xls. This walks the compound file's FAT to the Workbook stream and its records once (~1 ms for a report)
and returns the areas; anything it cannot follow returns None and is left to calamine's own errors.
"""

from __future__ import annotations

import struct

_FREE_OR_END = 0xFFFFFFFA  # sector numbers at or above this end a chain
# records that make a cell in calamine (blank and multiple-blank records do not: measured)
_MULRK = 0x00BD
_CELLS = frozenset(
    (0x0203, 0x027E, 0x00FD, 0x0204, 0x00D6, 0x0205, 0x0006, 0x0406, 0x0003, 0x0004, 0x0002, 0x0007, _MULRK)
)
_BOF = frozenset((0x0809, 0x0409, 0x0209, 0x0009))
_HH = struct.Struct("<HH")
_EOF = 0x000A


def _chain(fat: list[int], start: int, limit: int) -> list[int]:
    out: list[int] = []
    seen: set[int] = set()
    s = start
    while s < _FREE_OR_END and s < len(fat) and s not in seen and len(out) < limit:
        seen.add(s)
        out.append(s)
        s = fat[s]
    return out


def _stream(data: bytes, name: str) -> bytes | None:
    """The bytes of a top-level stream of a compound file, or None when it cannot be followed."""
    if len(data) < 512:
        return None
    shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
    if shift not in (9, 12) or mini_shift != 6:
        return None
    size = 1 << shift
    n_sectors = (len(data) - size) // size + 1

    def sector(i: int) -> bytes:
        return data[size + i * size : size + (i + 1) * size]

    first_dir, mini_cutoff, first_minifat = struct.unpack_from("<I4xII", data, 0x30)
    difat = list(struct.unpack_from("<109I", data, 0x4C))
    next_difat, n_difat = struct.unpack_from("<II", data, 0x44)
    for _ in range(min(n_difat, n_sectors)):
        if next_difat >= _FREE_OR_END:
            break
        words = struct.unpack(f"<{size // 4}I", sector(next_difat).ljust(size, b"\0"))
        difat.extend(words[:-1])
        next_difat = words[-1]
    fat: list[int] = []
    for s in difat:
        if s < _FREE_OR_END and s < n_sectors:
            fat.extend(struct.unpack(f"<{size // 4}I", sector(s).ljust(size, b"\0")))
    entries = b"".join(sector(s) for s in _chain(fat, first_dir, n_sectors))
    root = None
    for off in range(0, len(entries) - 127, 128):
        e = entries[off : off + 128]
        n = struct.unpack_from("<H", e, 64)[0]
        entry_name = e[: max(n - 2, 0)].decode("utf-16-le", "replace")
        start, length = struct.unpack_from("<II", e, 116)
        if off == 0:
            root = (start, length)
        elif entry_name == name and e[66] == 2:
            if length < mini_cutoff and root is not None:
                mini = b"".join(sector(s) for s in _chain(fat, root[0], n_sectors))
                minifat_raw = b"".join(sector(s) for s in _chain(fat, first_minifat, n_sectors))
                minifat = list(
                    struct.unpack(f"<{len(minifat_raw) // 4}I", minifat_raw[: len(minifat_raw) // 4 * 4])
                )
                body = b"".join(
                    mini[m * 64 : (m + 1) * 64] for m in _chain(minifat, start, len(mini) // 64 + 1)
                )
            else:
                body = b"".join(sector(s) for s in _chain(fat, start, n_sectors))
            return body[:length]
    return None


def _workbook_stream(data: bytes) -> bytes | None:
    """The BIFF record stream of an .xls (Workbook, or Book in BIFF5), or None if it cannot be followed."""
    try:
        return _stream(data, "Workbook") or _stream(data, "Book")
    except (struct.error, ValueError, IndexError):
        return None


def sheet_areas(data: bytes) -> list[int] | None:
    """rows x columns from A1 to the last cell of each substream (the workbook globals, every sheet and chart;
    0 without cells), or None if not followable."""
    stream = _workbook_stream(data)
    if stream is None:
        return None
    areas: list[int] = []
    stack: list[tuple[int, int]] = []  # a chart inside a sheet is a substream inside a substream
    max_row = max_col = -1
    pos, end, n = 0, len(stream) - 4, len(stream)
    unpack, cells, bof = _HH.unpack_from, _CELLS, _BOF  # locals: this loop runs once per record
    while pos <= end:
        rid, length = unpack(stream, pos)
        body = pos + 4
        pos = body + length
        if rid in cells:
            if length >= 4 and pos <= n:
                row, col = unpack(stream, body)
                if rid == _MULRK and length >= 6:
                    col = unpack(stream, pos - 4)[1]  # the last column, after the values
                if row > max_row:
                    max_row = row
                if col > max_col:
                    max_col = col
        elif rid in bof:
            stack.append((max_row, max_col))
            max_row = max_col = -1
        elif rid == _EOF:
            areas.append((max_row + 1) * (max_col + 1))  # 0 for a substream without cells (the globals)
            max_row, max_col = stack.pop() if stack else (-1, -1)
    if max_row >= 0:
        areas.append((max_row + 1) * (max_col + 1))  # a stream cut short before its EOF
    return areas


_ROW = 0x0208
_BOUNDSHEET = 0x0085
_ROW_HIDDEN = 0x0020  # fDyZero in the ROW record's flags: the row is hidden


_COLINFO = 0x007D
_COL_HIDDEN = 0x0001  # fHidden in the COLINFO record's options: the columns are hidden
_MAX_COLS = 256  # a BIFF8 sheet's columns: a COLINFO may run to the last


def hidden_rows_cols(data: bytes) -> list[tuple[frozenset[int], frozenset[int]]] | None:
    """The 0-based hidden rows (ROW records) and columns (COLINFO records) of each sheet, in the order of
    the workbook's sheet list (BOUNDSHEET records, the order calamine lists them in), or None if the stream
    cannot be followed."""
    stream = _workbook_stream(data)
    if stream is None:
        return None
    n = len(stream)
    offsets: list[int] = []
    pos = 0
    try:
        while pos + 4 <= n:  # the globals substream: where each sheet's substream starts
            rid, length = _HH.unpack_from(stream, pos)
            if rid == _BOUNDSHEET and length >= 4:
                offsets.append(struct.unpack_from("<I", stream, pos + 4)[0])
            elif rid == _EOF:
                break
            pos += 4 + length
        out: list[tuple[frozenset[int], frozenset[int]]] = []
        for start in offsets:
            rows: set[int] = set()
            cols: set[int] = set()
            pos, depth = start, 0
            while pos + 4 <= n:
                rid, length = _HH.unpack_from(stream, pos)
                if rid in _BOF:
                    depth += 1
                elif rid == _EOF:
                    depth -= 1
                    if depth <= 0:
                        break
                elif rid == _ROW and depth == 1 and length >= 16 and pos + 20 <= n:
                    row, flags = _HH.unpack_from(stream, pos + 4)[0], _HH.unpack_from(stream, pos + 16)[0]
                    if flags & _ROW_HIDDEN:
                        rows.add(row)
                elif rid == _COLINFO and depth == 1 and length >= 10 and pos + 14 <= n:
                    first, last = _HH.unpack_from(stream, pos + 4)
                    if _HH.unpack_from(stream, pos + 12)[0] & _COL_HIDDEN:
                        cols.update(range(first, min(last, _MAX_COLS - 1) + 1))
                pos += 4 + length
            out.append((frozenset(rows), frozenset(cols)))
    except struct.error:
        return None
    return out
