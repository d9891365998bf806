"""What `fill` refuses to hand to openpyxl: the bounds on writing a corrected copy in bounded time and memory.

The corrected copy is written by openpyxl, which makes a Python object of every cell, merged cell, rule
and name (measured: ~30-60 us each; 50,000 conditional formats took 22 s, one merge over A60:XFD1048576
ran out of memory after 40 s). `check` reads none of them, so only `fill` is bounded by these.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile

from govreport.messages import render
from govreport.read.guards import UnreadableError, _col_index, _number, _read

FILL_MAX_CELLS = 100_000  # cells plus cells covered by merges: 60x a real report (~1,600)
# conditional formats, data validations, hyperlinks, comments, defined names, cell styles, fonts, borders,
# number formats, chart points (240,000 cell styles in a 31 MB styles.xml: 41 s); a report has ~100
FILL_MAX_OBJECTS = 10_000
FILL_MAX_XML_BYTES = 16 * 1024 * 1024  # every XML part openpyxl parses; a report has ~100 KB
# openpyxl re-encodes every image that is not PNG/JPEG/GIF on saving (a 790 KB TIFF of 12,000 x 12,000
# pixels: 11 s and 1.2 GB): 100 million pixels is eleven A4 pages scanned at 300 dpi
FILL_MAX_PIXELS = 100_000_000

_MERGE_REF = re.compile(
    rb"""<(?:\w+:)?mergeCell\s[^>]*?ref\s*=\s*["']\$?([A-Za-z]+)\$?(\d+)(?::\$?([A-Za-z]+)\$?(\d+))?"""
)
_FILL_OBJECTS = tuple(
    p + t
    for p in (b"<", b":")
    for t in (
        b"cfRule",
        b"dataValidation ",
        b"hyperlink ",
        b"comment ",
        b"definedName ",
        b"xf ",
        b"xf>",
        b"font>",
        b"font ",
        b"border>",
        b"border ",
        b"numFmt ",
        b"dxf>",
        b"pt ",
    )
)


def fill_budget(data: bytes) -> str | None:
    """Why openpyxl could not write a corrected copy of this xlsx in bounded time and memory, or None: Chinese,
    to follow "原文件" ("原文件有 120,000 个单元格（…）")."""
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        xml = [i for i in z.infolist() if i.filename.lower().endswith((".xml", ".rels", ".vml"))]
        size = sum(i.file_size for i in xml)
        if size > FILL_MAX_XML_BYTES:
            return render(
                "fill-budget-xml", mib=size // (1024 * 1024), limit_mib=FILL_MAX_XML_BYTES // (1024 * 1024)
            )
        cells = objects = 0
        for info in xml:
            body = _read(z, info.filename, FILL_MAX_XML_BYTES)
            objects += sum(body.count(t) for t in _FILL_OBJECTS)
            if "worksheets/" in info.filename:
                cells += body.count(b"<c ") + body.count(b"<c>") + body.count(b"<c/>") + body.count(b":c ")
                for c1, r1, c2, r2 in _MERGE_REF.findall(body):
                    if c2:
                        cells += (abs(_col_index(c2) - _col_index(c1)) + 1) * (
                            abs(_number(r2) - _number(r1)) + 1
                        )
    except UnreadableError as e:
        return "：" + e.message
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError) as e:
        return render("fill-budget-unzip", error=e)
    pixels = _image_pixels(z)
    if pixels > FILL_MAX_PIXELS:
        return render("fill-budget-pixels", limit=FILL_MAX_PIXELS // 10000)
    if cells > FILL_MAX_CELLS:
        return render("fill-budget-cells", cells=cells, limit=FILL_MAX_CELLS)
    if objects > FILL_MAX_OBJECTS:
        return render("fill-budget-objects", objects=objects, limit=FILL_MAX_OBJECTS)
    return None


def _image_pixels(z: zipfile.ZipFile) -> int:
    """Pixels of every image in the package, from their headers (Pillow opens lazily: nothing is decoded)."""
    from PIL import Image  # deferred: Pillow is heavy: loaded only for a workbook with images

    total = 0
    for info in z.infolist():
        if "/media/" not in info.filename:
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # Pillow's DecompressionBombWarning: counted here instead
                with Image.open(io.BytesIO(_read(z, info.filename))) as im:
                    total += im.size[0] * im.size[1]
        except Image.DecompressionBombError:
            return FILL_MAX_PIXELS + 1
        except (OSError, ValueError, SyntaxError, UnreadableError):
            continue  # not an image Pillow knows: openpyxl drops it (and says so) rather than decode it
    return total
