"""Builders of hostile and broken workbook files, shared by the guard tests and the CLI tests."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import openpyxl

from govreport.read import guards

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET_HEAD = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'.encode()

LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">'
        % (i, b"".join(b"&lol%s;" % (str(i - 1).encode() if i > 1 else b"") for _ in range(10)))
        for i in range(1, 10)
    )
    + b"]>"
)
XXE = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def base_xlsx(path: Path) -> Path:
    """A small normal xlsx to mutate."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表二"
    ws["A1"] = "本年新收政府信息公开申请数量"
    ws["B1"] = 3
    ws["C1"] = "=SUM(B1:B1)"
    wb.save(path)
    return path


def mutate(src: Path, dst: Path, replace: dict[str, bytes], level: int = 6) -> Path:
    """Copy an xlsx replacing (or adding) members; everything else stays as it was."""
    with (
        zipfile.ZipFile(src) as zin,
        zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zout,
    ):
        for info in zin.infolist():
            if info.filename not in replace:
                zout.writestr(info.filename, zin.read(info.filename))
        for name, data in replace.items():
            zout.writestr(name, data)
    return dst


def cfb(names: list[str]) -> bytes:
    """A minimal compound-file header plus one directory sector holding `names` (enough for sniffing)."""
    header = guards.OLE_MAGIC + b"\x00" * 16 + struct.pack("<HHH", 0x3E, 3, 0xFFFE) + struct.pack("<H", 9)
    header = header.ljust(512, b"\x00")
    entries = b""
    for n in ["Root Entry", *names]:
        raw = n.encode("utf-16-le") + b"\x00\x00"
        entries += raw.ljust(64, b"\x00") + struct.pack("<H", len(raw)) + b"\x02" + b"\x00" * 61
    return header + entries.ljust(512 * 3, b"\x00")


def far_apart_sheet() -> bytes:
    """Cells at A1 and XFD1048576 (calamine would allocate 512 GiB); the dimension lies on purpose."""
    return SHEET_HEAD + (
        b'<dimension ref="A1"/><sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
        b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>'
    )


def million_rows_sheet() -> bytes:
    body = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (i, i) for i in range(1, 1_000_001))
    return SHEET_HEAD + b"<sheetData>" + body + b"</sheetData></worksheet>"


def bomb_sheet() -> bytes:
    """8 MiB of blanks: compresses about 1000:1."""
    return SHEET_HEAD + b"<sheetData>" + b" " * (8 * 1024 * 1024) + b"</sheetData></worksheet>"
