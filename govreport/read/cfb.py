"""A compound file (CFB v3) holding one stream: how an Excel 97-2003 table embedded in a .doc (its object's
Workbook stream, without the file around it) is handed to the workbook reader, which reads whole files.

512-byte sectors, the stream padded past the 4,096-byte mini-stream cutoff (so that no mini stream is needed),
one directory sector, the FAT after it; what every reader of the format (calamine, olefile) accepts.
"""

from __future__ import annotations

import struct

MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END, _FATSECT, _FREE, _NONE = 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF, 0xFFFFFFFF


def one_stream_file(name: str, body: bytes) -> bytes:
    """A compound file whose root holds the one stream `name` with these bytes."""
    size = max(len(body), 4096)
    data = body.ljust(-(-size // 512) * 512, b"\x00")
    n_data = len(data) // 512
    fat = [k + 1 for k in range(n_data - 1)] + [_END]  # the stream's chain
    dir_at = n_data
    fat.append(_END)  # the directory: one sector
    n_fat = 1
    while n_data + 1 + n_fat > 128 * n_fat:
        n_fat += 1
    if n_fat > 109:  # the header lists 109 FAT sectors: a 7 MiB stream; larger ones are never embedded tables
        raise ValueError("stream too large for a header-only FAT")
    fat_at = len(fat)
    fat += [_FATSECT] * n_fat
    fat += [_FREE] * (128 * n_fat - len(fat))
    entries = _entry("Root Entry", 5, _END, 0, child=1) + _entry(name, 2, 0, size)
    directory = entries.ljust(512, b"\x00")
    header = MAGIC + b"\x00" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\x00" * 6
    header += struct.pack("<IIIIIIIII", 0, n_fat, dir_at, 0, 4096, _END, 0, _END, 0)
    header += struct.pack("<109I", *([fat_at + k for k in range(n_fat)] + [_FREE] * (109 - n_fat)))
    return header + data + directory + struct.pack(f"<{len(fat)}I", *fat)


def _entry(name: str, kind: int, start: int, size: int, *, child: int = _NONE) -> bytes:
    raw = name.encode("utf-16-le") + b"\x00\x00"
    return (
        raw.ljust(64, b"\x00")
        + struct.pack("<HBB", len(raw), kind, 1)
        + struct.pack("<III", _NONE, _NONE, child)
        + b"\x00" * 36
        + struct.pack("<II", start, size)
        + b"\x00" * 4
    )
