"""Tiny Word 97-2003 (.doc) files built byte by byte, for the reader's edge cases and hostile shapes.

A compound file (CFB v3, 512-byte sectors, every stream padded past the 4,096-byte mini-stream cutoff so that
no mini stream is needed) holding a WordDocument stream (FIB, UTF-16 text, PapxFkp pages) and a 1Table
stream (the Clx piece table and PlcfBtePapx). Each paragraph is (text ending with its mark, grpprl): \\r ends
a paragraph, \\x07 a cell or (with ttp) a row. Runs of paragraphs with one grpprl share one FKP run.
"""

from __future__ import annotations

import struct

ENDOFCHAIN, FATSECT, FREESECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF, 0xFFFFFFFF


def in_table() -> bytes:
    return struct.pack("<HB", 0x2416, 1)


def ttp() -> bytes:
    return struct.pack("<HB", 0x2417, 1)


def itap(n: int) -> bytes:
    return struct.pack("<Hi", 0x6649, n)


def inner_cell() -> bytes:
    return struct.pack("<HB", 0x244B, 1)


def inner_ttp() -> bytes:
    return struct.pack("<HB", 0x244C, 1)


def tdef(centers: list[int], flags: list[int] | None = None) -> bytes:
    """sprmTDefTable: the row's cell boundaries (twips) and each cell's TC flags (0x20 vertical merge, 0x40
    restart; 0x01/0x02 first/merged horizontally)."""
    itc = len(centers) - 1
    flags = flags or [0] * itc
    op = bytes([itc]) + struct.pack(f"<{itc + 1}h", *centers)
    op += b"".join(struct.pack("<H", f) + b"\x00" * 18 for f in flags)
    return struct.pack("<HH", 0xD608, len(op) + 1) + op


def cfb(streams: dict[str, bytes]) -> bytes:
    """A compound file holding these streams (each padded to at least 4,096 bytes)."""
    sectors: list[bytes] = []
    fat: list[int] = []
    starts: dict[str, tuple[int, int]] = {}
    for name, data in streams.items():
        size = len(data)
        data = data.ljust(max(4096, -(-len(data) // 512) * 512), b"\x00")
        first = len(sectors)
        n = len(data) // 512
        for k in range(n):
            sectors.append(data[512 * k : 512 * (k + 1)])
            fat.append(first + k + 1 if k < n - 1 else ENDOFCHAIN)
        starts[name] = (first, max(size, 4096))
    # the directory: a storage's children chained through their right siblings ("ObjectPool/_1/Package": a
    # stream inside storages, which are made as needed)
    nodes: list[list] = [["Root Entry", 5, ENDOFCHAIN, 0, []]]  # name, type, start, size, children
    where: dict[str, int] = {"": 0}
    for name in streams:
        parts = name.split("/")
        for depth in range(1, len(parts) + 1):
            key = "/".join(parts[:depth])
            if key not in where:
                leaf = depth == len(parts)
                first, size = starts[name] if leaf else (ENDOFCHAIN, 0)
                where[key] = len(nodes)
                nodes.append([parts[depth - 1], 2 if leaf else 1, first, size, []])
                nodes[where["/".join(parts[: depth - 1])]][4].append(where[key])
    right = {kids[i]: kids[i + 1] for *_, kids in nodes for i in range(len(kids) - 1)}
    entries = [
        _entry(nm, kind, first, size, child=kids[0] if kids else NOSTREAM, right=right.get(i, NOSTREAM))
        for i, (nm, kind, first, size, kids) in enumerate(nodes)
    ]
    dir_data = b"".join(entries).ljust(-(-len(entries) * 128 // 512) * 512, b"\x00")
    dir_first = len(sectors)
    n_dir = len(dir_data) // 512
    for k in range(n_dir):
        sectors.append(dir_data[512 * k : 512 * (k + 1)])
        fat.append(dir_first + k + 1 if k < n_dir - 1 else ENDOFCHAIN)
    n_fat = 1
    while (len(sectors) + n_fat) > 128 * n_fat:
        n_fat += 1
    fat_first = len(sectors)
    fat += [FATSECT] * n_fat
    fat += [FREESECT] * (128 * n_fat - len(fat))
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat)
    sectors += [fat_bytes[512 * k : 512 * (k + 1)] for k in range(n_fat)]
    assert n_fat <= 109
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\x00" * 6
    header += struct.pack("<IIIIIIII", 0, n_fat, dir_first, 0, 4096, ENDOFCHAIN, 0, ENDOFCHAIN)
    header += struct.pack("<I", 0)  # number of DIFAT sectors
    difat = [fat_first + k for k in range(n_fat)] + [FREESECT] * (109 - n_fat)
    header = header[:76] + struct.pack("<109I", *difat)
    assert len(header) == 512
    return header + b"".join(sectors)


def _entry(name: str, kind: int, start: int, size: int, *, child=NOSTREAM, right=NOSTREAM) -> bytes:
    raw = name.encode("utf-16-le") + b"\x00\x00"
    return (
        raw.ljust(64, b"\x00")
        + struct.pack("<HBB", len(raw), kind, 1)
        + struct.pack("<III", NOSTREAM, right, child)
        + b"\x00" * 16
        + b"\x00" * 4
        + b"\x00" * 16
        + struct.pack("<II", start, size)
        + b"\x00" * 4
    )


TEXT_AT = 1024  # where the text starts in the WordDocument stream (after the FIB)


def doc(
    paragraphs: list[tuple[str, bytes]],
    objects: dict[str, bytes] | None = None,
    *,
    flags: int = 0x0200,
    n_fib: int = 0x00C1,
    piece_fc: int = TEXT_AT,
    prc: bytes | None = None,
    deleted: tuple[int, int] | None = None,
) -> bytes:
    """A .doc of these paragraphs, all in the main document, as one uncompressed piece (which a hostile file
    may say is at piece_fc; prc: a grpprl the piece's Prm adds to every paragraph, as a fast save writes;
    deleted: the characters first-last (exclusive) deleted with change tracking, sprmCFRMarkDel in a ChpxFkp;
    objects: more streams by path, e.g. "ObjectPool/_1/Package" for an embedded Excel 2007+ table)."""
    text = "".join(t for t, _ in paragraphs)
    body = text.encode("utf-16-le")
    # runs: consecutive paragraphs with one grpprl share one FKP run
    runs: list[tuple[int, int, bytes]] = []
    fc = TEXT_AT
    for t, grpprl in paragraphs:
        end = fc + 2 * len(t)
        if runs and runs[-1][2] == grpprl and runs[-1][1] == fc:
            runs[-1] = (runs[-1][0], end, grpprl)
        else:
            runs.append((fc, end, grpprl))
        fc = end
    pages_at = -(-(TEXT_AT + len(body)) // 512) * 512
    pages: list[bytes] = []
    firsts: list[int] = []
    k = 0
    while k < len(runs):
        page, used = _fkp(runs[k:])
        pages.append(page)
        firsts.append(runs[k][0])
        k += used
    chpx_at = pages_at + 512 * len(pages)
    word = bytearray(chpx_at + (512 if deleted else 0))
    if deleted:  # one ChpxFkp page: three runs, the middle one deleted
        a, b = (TEXT_AT + 2 * k for k in deleted)
        chpx = bytearray(512)
        struct.pack_into("<4I", chpx, 0, TEXT_AT, a, b, fc)
        chpx[16:19] = bytes([0, 250, 0])  # rgb: word offsets of each run's CHPX (0: none)
        chpx[500:504] = bytes([3]) + struct.pack("<HB", 0x0800, 0x81)[:3]
        chpx[511] = 3
        word[chpx_at : chpx_at + 512] = chpx
    word[TEXT_AT : TEXT_AT + len(body)] = body
    for i, page in enumerate(pages):
        word[pages_at + 512 * i : pages_at + 512 * (i + 1)] = page
    # the 1Table stream: the Clx (one piece) and PlcfBtePapx
    clx = b"" if prc is None else b"\x01" + struct.pack("<h", len(prc)) + prc
    clx += b"\x02" + struct.pack("<I", 4 * 2 + 8) + struct.pack("<II", 0, len(text))
    clx += struct.pack("<HIH", 0, piece_fc, 0 if prc is None else 1)  # Prm1 naming the first Prc
    bte = struct.pack(f"<{len(firsts) + 1}I", *firsts, fc)
    bte += struct.pack(f"<{len(pages)}I", *(pages_at // 512 + i for i in range(len(pages))))
    table = clx + bte
    bte_chpx = struct.pack("<2I", TEXT_AT, fc) + struct.pack("<I", chpx_at // 512) if deleted else b""
    table += bte_chpx
    fib = bytearray(1024)
    struct.pack_into("<HH", fib, 0, 0xA5EC, n_fib)
    struct.pack_into("<H", fib, 0x0A, flags)
    struct.pack_into("<H", fib, 0x20, 14)
    struct.pack_into("<H", fib, 0x3E, 22)
    struct.pack_into("<I", fib, 0x40 + 12, len(text))  # ccpText
    struct.pack_into("<H", fib, 0x98, 0x5D)
    fclcb = 0x9A
    struct.pack_into("<II", fib, fclcb + 8 * 13, len(clx), len(bte))  # PlcfBtePapx
    struct.pack_into("<II", fib, fclcb + 8 * 12, len(clx) + len(bte), len(bte_chpx))  # PlcfBteChpx
    struct.pack_into("<II", fib, fclcb + 8 * 33, 0, len(clx))  # Clx
    word[:1024] = fib
    return cfb({"WordDocument": bytes(word), "1Table": table, **(objects or {})})


def _fkp(runs: list[tuple[int, int, bytes]]) -> tuple[bytes, int]:
    """One PapxFkp page holding as many of these runs as fit; (page, runs used)."""
    page = bytearray(512)
    top = 511  # PAPXs are placed downwards from the page's end
    placed: dict[bytes, int] = {}
    n = 0
    bxs: list[int] = []
    for _, _, grpprl in runs:
        if 4 * (n + 2) + 13 * (n + 1) > top or n >= 29:
            break
        if grpprl not in placed:
            body = b"\x00\x00" + grpprl  # istd 0, then the sprms
            if len(body) % 2:
                papx = bytes([(len(body) + 1) // 2]) + body
            else:
                papx = b"\x00" + bytes([len(body) // 2]) + body
            at = (top - len(papx)) & ~1
            if at < 4 * (n + 2) + 13 * (n + 1):
                break
            page[at : at + len(papx)] = papx
            top = at
            placed[grpprl] = at // 2
        bxs.append(placed[grpprl] if grpprl else 0)
        n += 1
    if n == 0:
        raise ValueError("a paragraph's properties do not fit a page")
    rgfc = [r[0] for r in runs[:n]] + [runs[n - 1][1]]
    page[: 4 * (n + 1)] = struct.pack(f"<{n + 1}I", *rgfc)
    for i, b in enumerate(bxs):
        page[4 * (n + 1) + 13 * i] = b
    page[511] = n
    return bytes(page), n
