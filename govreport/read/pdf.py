"""Published PDF reports -> Book: each ruled table an expanded grid (表格N), the text around them as narrative.

Agencies export the report from WPS or Word, so the PDF has a text layer and the tables are drawn with ruling
lines. pdfplumber (on pdfminer.six) gives every character with its position and the ruling lines; pdfgrid turns
them into grids. Everything that can go wrong with a file becomes an UnreadableError with a Chinese reason.

Over 400 lines: the layout pass (pages, characters, ruling lines) and the joining of tables across pages
share the page state; the grid itself (pdfgrid), the guards (pdfguard) and the tags (pdftags) are apart.
"""

from __future__ import annotations

import io
import logging
import re
import time

from govreport.messages import render
from govreport.read.guards import UnreadableError, check_size
from govreport.read.model import Book, Sheet
from govreport.read.pdfgrid import (
    Char,
    Grid,
    Part,
    continues,
    group_lines,
    join_lines,
    join_parts,
    line_text,
    part_cells_full,
)
from govreport.read.pdfguard import (
    MAX_CHARS,
    MAX_PAGES,
    RESAVE,
    TIME_BUDGET,
    check_objects,
    check_streams,
    damaged,
    deadline,
    too_slow,
)
from govreport.read.pdftags import Key, TaggedTable, tagged_grid, tagged_tables
from govreport.read.pdftext import blocks, is_table, leading_header, text_grid, value_left

BAND = 0.1  # top and bottom tenth of a page: where running headers, footers and page numbers sit
# Where a page number or a running line may still be: the footer sits a fixed distance from the paper's edge
# (公文 format: about 28 mm), which on a landscape A4 page (595 points high) is outside the tenth
RUNNING_ZONE = 0.2

_PAGE_NUMBER = re.compile(
    r"[-—–－―_\s]*(?:第\s*)?\d{1,4}\s*(?:页)?(?:\s*[/／]\s*\d{1,4}|\s*共\s*\d{1,4}\s*页)?[-—–－―_\s]*"
)
_NUMBER_TOKEN = re.compile(r"[-−]?[\d０-９][\d０-９,，.．]*(?:件|元|万元|笔|%)?")


def _quiet(*names: str) -> None:
    """Keep the PDF libraries' log lines (English, "Could not get FontBBox…") out of the user's terminal: with no
    handler of their own, Python prints their warnings on stderr. What matters reaches the user as a reason."""
    for name in names:
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())
            logger.propagate = False


def read_pdf(data: bytes, path: str) -> Book:
    """Read a PDF report's tables and text; raise UnreadableError (Chinese reason) when that is not possible."""
    check_size(len(data))
    # Bytes before the header (a mail gateway's or a web system's prefix): readers count offsets from it
    data = data[max(data.find(b"%PDF-", 0, 1024), 0) :]
    check_streams(data)
    started = time.monotonic()
    # pdfplumber pulls in pdfminer.six and cryptography (~0.1 s): imported here so that checking a
    # workbook never pays for it
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfpage import PDFPage
    from pdfplumber.utils.exceptions import PdfminerException

    _quiet("pdfminer", "pdfplumber")
    notes: list[str] = []
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PdfminerException as e:
        cause = e.args[0] if e.args else e
        if isinstance(cause, PDFPasswordIncorrect):
            raise UnreadableError(
                render("pdf-password"),
                "pdf-password",
            ) from None
        if isinstance(cause, PDFEncryptionError):
            raise UnreadableError(render("pdf-unknown-encryption", resave=RESAVE), "pdf-encrypted") from None
        raise damaged(cause) from None
    except (RecursionError, MemoryError, Exception) as e:  # noqa: BLE001 - pdfminer's own errors are many
        raise damaged(e) from None
    # Not `with pdf`: pdfplumber's close() lays out every page of the page tree first (100,000 pages: minutes)
    try:
        if pdf.doc.encryption is not None:
            notes.append(render("pdf-permissions"))
        check_objects(pdf.doc)
        n_pages = 0
        for _ in PDFPage.create_pages(pdf.doc):
            n_pages += 1
            if n_pages > MAX_PAGES:
                raise UnreadableError(
                    render("pdf-too-many-pages", max_pages=MAX_PAGES),
                    "pdf-too-many-pages",
                )
        with deadline(TIME_BUDGET - (time.monotonic() - started)):
            pages = _layout(pdf.pages, started)
            tags: list[TaggedTable] = []
            # The structure tree costs as much as the layout of a tagged file: read it only for a table
            # that the ruling lines did not give
            if len(_tabular(pages)) >= 3 and "StructTreeRoot" in pdf.doc.catalog:
                tags = _tags(pdf, notes)
                wanted: dict[int, set[int]] = {}
                for t in tags:
                    for page_number, mcid in t.keys():
                        wanted.setdefault(page_number, set()).add(mcid)
                for page in pages:
                    page.take_tagged(wanted.get(page.number, set()))
    except UnreadableError:
        raise
    except (RecursionError, MemoryError, Exception) as e:  # noqa: BLE001
        raise damaged(e) from None
    return _book(pages, path, notes, tags)


def _tags(pdf, notes: list[str]) -> list[TaggedTable]:
    try:
        return tagged_tables(pdf)
    except (RecursionError, Exception):  # noqa: BLE001 - a broken structure tree: the ruling lines still work
        notes.append(render("pdf-broken-tags"))
        return []


class _Page:
    def __init__(self, number: int, height: float, parts: list[Part], outside: list[Char], images: int):
        self.number, self.height, self.parts, self.images = number, height, parts, images
        self.outside = outside  # characters in no ruled table
        self.lines = [_line(ln) for ln in group_lines(outside)]
        self.tagged: dict[Key, list[Char]] = {}  # characters of tagged table cells, by (page, MCID)
        self.text_tables: list[float] = []  # where tables without ruling lines start (their lines taken out)
        # the margins: running lines and page numbers sit above top_edge or below bottom_edge
        self.top_edge, self.bottom_edge = height * BAND, height * (1 - BAND)

    def take_tagged(self, mcids: set[int]) -> None:
        """Move the characters of these marked-content ids from the running text to the tagged tables."""
        if not mcids:
            return
        rest = []
        for c in self.outside:
            if c.get("mcid") is not None and c["mcid"] in mcids:
                self.tagged.setdefault((self.number, c["mcid"]), []).append(c)
            else:
                rest.append(c)
        self.outside = rest
        self.lines = [_line(ln) for ln in group_lines(rest)]

    def in_band(self, ln: dict) -> bool:
        return ln["bottom"] <= self.top_edge or ln["top"] >= self.bottom_edge


def _layout(pages, started: float) -> list[_Page]:
    out: list[_Page] = []
    n_chars = 0
    for page in pages:
        if time.monotonic() - started > TIME_BUDGET:
            raise too_slow()
        # Characters off the page are never seen (Calc places the text of a merged cell split by a page
        # break above the page's top edge)
        chars = [c for c in page.chars if c["text"].strip() and _centre_in(c, page.bbox)]
        n_chars += len(chars)
        if n_chars > MAX_CHARS:
            raise UnreadableError(
                render("pdf-too-many-chars", max_chars=MAX_CHARS, resave=RESAVE), "pdf-too-much-text"
            )
        parts: list[Part] = []
        inside: set[int] = set()
        visible = page.filter(_visible)
        found = visible.find_tables() if chars else []
        tables = sorted(found, key=lambda t: (round(t.bbox[1]), t.bbox[0]))
        uprights = [e for e in visible.edges if e["orientation"] == "v"] if tables else []
        for t in tables:
            if len(t.cells) < 2:
                continue  # a box around a heading, not a table
            x0, top, x1, bottom = t.bbox
            top2, bottom2 = _open_rows(uprights, t.bbox)
            mine = [
                i for i, c in enumerate(chars) if i not in inside and _centre_in(c, (x0, top2, x1, bottom2))
            ]
            inside.update(mine)
            cells, loose, full = part_cells_full([tuple(b) for b in t.cells], [chars[i] for i in mine])
            parts.append(
                Part(
                    page=page.page_number,
                    bbox=(x0, top2, x1, bottom2),
                    cells=cells,
                    loose=loose,
                    open_ys=[top2, bottom2],
                    full=full,
                )
            )
        outside = [c for i, c in enumerate(chars) if i not in inside]
        out.append(_Page(page.page_number, float(page.height), parts, outside, len(page.images)))
    return out


def _open_rows(uprights: list[dict], bbox: tuple[float, float, float, float]) -> tuple[float, float]:
    """The table's top and bottom, taking in a row a page break leaves without its bottom (or top) rule.

    WPS draws no rule where a page cuts the table: the row at the foot of the page closes no cell, only its
    column lines go on down. Two or more of those lines (the outer borders at least) mark the open row.
    """
    x0, top, x1, bottom = bbox
    mine = [e for e in uprights if x0 - 2 <= e["x0"] <= x1 + 2]
    below = [e["bottom"] for e in mine if e["top"] <= bottom + 2 and e["bottom"] > bottom + 2]
    above = [e["top"] for e in mine if e["bottom"] >= top - 2 and e["top"] < top - 2]
    return (min(above) if len(above) >= 2 else top), (max(below) if len(below) >= 2 else bottom)


def _white(color: object) -> bool:
    if (
        not isinstance(color, (tuple, list))
        or not color
        or not all(isinstance(v, (int, float)) for v in color)
    ):
        return False  # unset (black by default) or a pattern
    if len(color) == 4:  # CMYK
        return all(v <= 0.01 for v in color)
    return all(v >= 0.99 for v in color)


def _visible(obj: dict) -> bool:
    """Whether a drawn object can be a ruling line a person sees.

    WPS paints a white rectangle behind every line of a paragraph with a background: to the table finder
    those are rows of cells, and the whole text a table.
    """
    if obj.get("object_type") not in ("rect", "line", "curve"):
        return True
    stroked = obj.get("stroke") and not _white(obj.get("stroking_color"))
    filled = obj.get("fill") and not _white(obj.get("non_stroking_color"))
    return bool(stroked or filled)


def _centre_in(c: Char, box: tuple[float, float, float, float]) -> bool:
    cx, cy = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
    return box[0] - 1 <= cx <= box[2] + 1 and box[1] - 1 <= cy <= box[3] + 1


def _line(chars: list[Char]) -> dict:
    return {
        "text": line_text(chars),
        "x0": min(c["x0"] for c in chars),
        "x1": max(c["x1"] for c in chars),
        "top": min(c["top"] for c in chars),
        "bottom": max(c["bottom"] for c in chars),
        "size": max(c["size"] for c in chars),
        "chars": chars,
    }


def _drop_running(pages: list[_Page]) -> None:
    """Remove page numbers (-4-, 第4页, 4/7) and running headers/footers (the same line in the band of 2+ pages).

    A page number may sit further in than the band (a landscape page): the band of its page then reaches it.
    """
    for p in pages:
        for ln in p.lines:
            if _PAGE_NUMBER.fullmatch(ln["text"]):
                if ln["bottom"] <= p.height * RUNNING_ZONE:
                    p.top_edge = max(p.top_edge, ln["bottom"] + 1)
                elif ln["top"] >= p.height * (1 - RUNNING_ZONE):
                    p.bottom_edge = min(p.bottom_edge, ln["top"] - 1)

    def band(p: _Page, ln: dict) -> str | None:
        if ln["bottom"] <= p.top_edge:
            return "top"
        if ln["top"] >= p.bottom_edge:
            return "bottom"
        return None

    seen: dict[tuple[str, str], set[int]] = {}
    for p in pages:
        for ln in p.lines:
            b = band(p, ln)
            if b:
                seen.setdefault((b, re.sub(r"\d+", "#", ln["text"])), set()).add(p.number)
    for p in pages:
        keep = []
        for ln in p.lines:
            b = band(p, ln)
            if b and (
                _PAGE_NUMBER.fullmatch(ln["text"]) or len(seen[(b, re.sub(r"\d+", "#", ln["text"]))]) > 1
            ):
                continue
            keep.append(ln)
        p.lines = keep


def _book(pages: list[_Page], path: str, notes: list[str], tags: list[TaggedTable]) -> Book:
    all_text = [ln["text"] for p in pages for ln in p.lines] + [
        t for p in pages for part in p.parts for _, t in part.cells
    ]
    all_text += [c["text"] for p in pages for cs in p.tagged.values() for c in cs]
    joined = "".join(all_text)
    if not joined.strip():
        if any(p.images for p in pages):
            raise UnreadableError(
                render("pdf-scanned"),
                "pdf-scanned",
            )
        raise UnreadableError(render("pdf-no-text", resave=RESAVE), "pdf-no-text")
    if joined.count("(cid:") * 8 > len(joined) * 0.2:  # "(cid:123)" is 9 characters for one glyph
        raise UnreadableError(
            render("pdf-undecodable", resave=RESAVE),
            "pdf-undecodable",
        )
    _drop_running(pages)
    chains: list[list[Part]] = []
    for i, p in enumerate(pages):
        for j, part in enumerate(p.parts):
            prev = chains[-1][-1] if chains else None
            if (
                j == 0
                and prev is not None
                and i > 0
                and pages[i - 1].parts
                and pages[i - 1].parts[-1] is prev
                and _joins(pages[i - 1], prev, p, part)
            ):
                chains[-1].append(part)
            else:
                chains.append([part])
    grids: list[tuple[tuple[int, float], Grid]] = [((c[0].page, c[0].bbox[1]), join_parts(c)) for c in chains]
    # Tables without ruling lines, from the tags (the cells' characters that no ruled table holds)
    tag_chars = {k: cs for p in pages for k, cs in p.tagged.items()}
    for t in tags:
        mine = [c for k in t.keys() for c in tag_chars.get(k, [])]
        if mine:
            first = min(mine, key=lambda c: (c["page_number"], c["top"]))
            grids.append(((first["page_number"], first["top"]), tagged_grid(t, tag_chars)))
    # Tables with neither ruling lines nor tags, from where their text stands
    text = _text_tables(pages)
    grids += text
    grids.sort(key=lambda item: item[0])
    sheets = [
        Sheet(name=f"表格{n}", rows=g.rows, merged=g.merged, row_pages=g.row_pages)
        for n, g in enumerate((g for _, g in grids if g.rows), 1)
    ]
    for sheet, g in zip(sheets, (g for _, g in grids if g.rows), strict=True):
        if any(g is t for _, t in text):
            on = sorted(set(g.row_pages))
            span = str(on[0]) if len(on) == 1 else f"{on[0]}–{on[-1]}"
            notes.append(render("pdf-text-table", sheet=sheet.name, pages=span))
    narrative = _narrative(pages)
    tabular = _tabular(pages)
    if len(tabular) >= 3:
        what = render("pdf-no-ruling")
        if not sheets:
            raise UnreadableError(what, "pdf-no-ruling")
        notes.append(render("pdf-no-ruling-note", what=what, rows=len(tabular), start=tabular[0][:20]))
    return Book(path=path, format="pdf", sheets=sheets, notes=notes, narrative=narrative)


def _text_tables(pages: list[_Page]) -> list[tuple[tuple[int, float], Grid]]:
    """The tables among the running text, a table that runs on at the top of the next page joined; their lines
    leave the running text."""
    found: list[list[tuple[_Page, list[dict]]]] = []
    for p in pages:
        for first, last in blocks([ln["chars"] for ln in p.lines]):
            mine = p.lines[first : last + 1]
            prev = found[-1][-1] if found else None
            # only the margins between: Calc prints the rest of a merged label the page break splits in the
            # top margin, where a clipping path hides it
            if (
                prev is not None
                and prev[0].number == p.number - 1
                and all(_margin(p, ln, mine) for ln in p.lines[:first])
                and all(
                    _margin(prev[0], ln, prev[1])
                    for ln in prev[0].lines[prev[0].lines.index(prev[1][-1]) + 1 :]
                )
            ):
                margins = {id(ln) for ln in p.lines[:first]}
                margins |= {id(ln) for ln in prev[0].lines[prev[0].lines.index(prev[1][-1]) + 1 :]}
                for q in (p, prev[0]):
                    q.lines = [ln for ln in q.lines if id(ln) not in margins]
                # the header the table repeats atop the page (Calc's rows to repeat, Word's heading rows)
                head = {ln["text"] for ln in found[-1][0][1][: leading_header(found[-1][0][1])]}
                n = leading_header(mine)
                while n and mine[0]["text"] in head:
                    p.lines.remove(mine[0])
                    mine, n = mine[1:], n - 1
                found[-1].append((p, mine))
            else:
                found.append([(p, mine)])
    out = []
    align = None  # how the numbers stand in their columns, from the tables that tell
    for chain in found:
        lines = [ln for _, mine in chain for ln in mine]
        if not is_table([ln["chars"] for ln in lines]):
            continue
        pages_of = [p.number for p, mine in chain for _ in mine]
        grid, align = text_grid([ln["chars"] for ln in lines], pages_of, align)
        out.append(((chain[0][0].number, lines[0]["top"]), grid))
        for p, mine in chain:
            p.text_tables.append(mine[0]["top"])
            drop = {id(ln) for ln in mine}
            p.lines = [ln for ln in p.lines if id(ln) not in drop]
    return out


def _margin(page: _Page, ln: dict, block: list[dict]) -> bool:
    """Whether a line between a table's part and the page's edge is no text in the way: margin text, or the
    label of a merged cell the page break splits, which Calc centres over the whole cell (left of the numbers)."""
    return page.in_band(ln) or ln["x1"] < value_left([b["chars"] for b in block])


def _tabular(pages: list[_Page]) -> list[str]:
    """Lines of running text with three or more numbers apart: rows of a table drawn without ruling lines."""
    return [
        ln["text"]
        for p in pages
        for ln in p.lines
        if len([w for w in ln["text"].split() if _NUMBER_TOKEN.fullmatch(w)]) >= 3
    ]


def _between(prev_page: _Page, prev: Part, page: _Page, part: Part) -> tuple[list[dict], list[dict]]:
    """Lines below `prev` on its page and above `part` on the next one."""
    return (
        [ln for ln in prev_page.lines if ln["top"] >= prev.bbox[3] - 1],
        [ln for ln in page.lines if ln["bottom"] <= part.bbox[1] + 1],
    )


def _joins(prev_page: _Page, prev: Part, page: _Page, part: Part) -> bool:
    """Whether `part` carries on `prev`'s table: nothing but the margins' text between them.

    Text in the margins is not in the way: Calc prints the label of a merged cell that a page break splits
    into the top margin as well, where a clipping path hides it (pdfminer does not apply clipping).
    """
    if not continues(prev, part):
        return False
    below, above = _between(prev_page, prev, page, part)
    # Calc centres the label of a merged cell that a page break splits over the whole cell: on either page it
    # may stand beyond the last ruling line, within one column, with nothing but the margin further out
    below = [ln for ln in below if not _spills(ln, prev)]
    above = [ln for ln in above if not _spills(ln, part)]
    if any(not prev_page.in_band(ln) for ln in below) or any(not page.in_band(ln) for ln in above):
        return False
    below, above = _between(prev_page, prev, page, part)
    drop = {id(ln) for ln in below + above}
    prev_page.lines = [ln for ln in prev_page.lines if id(ln) not in drop]
    page.lines = [ln for ln in page.lines if id(ln) not in drop]
    return True


def _spills(ln: dict, part: Part) -> bool:
    """Whether a line beyond the part's top or bottom lies within one of its columns (between two neighbouring
    vertical ruling lines): the label of a merged cell, not running text."""
    xs = sorted({round(v, 1) for (x0, _, x1, _), _ in part.cells for v in (x0, x1)})
    return any(a - 1 <= ln["x0"] and ln["x1"] <= b + 1 for a, b in zip(xs, xs[1:], strict=False))


def _narrative(pages: list[_Page]) -> list[str]:
    """Text outside the tables as paragraphs: lines of one paragraph (also over a page break) joined."""
    lines = [ln for p in pages for ln in p.lines]
    if not lines:
        return []
    left = sorted(ln["x0"] for ln in lines)[len(lines) // 10]
    right = sorted(ln["x1"] for ln in lines)[-1 - len(lines) // 10]
    items: list[tuple[int, float, dict | None]] = [(p.number, ln["top"], ln) for p in pages for ln in p.lines]
    items += [(p.number, part.bbox[1], None) for p in pages for part in p.parts]
    items += [(p.number, top, None) for p in pages for top in p.text_tables]
    items.sort(key=lambda it: (it[0], it[1]))
    paragraphs: list[list[str]] = []
    prev: dict | None = None
    for page, _, ln in items:
        if ln is None:
            prev = None  # a table ends the paragraph before it
            continue
        size = ln["size"] or 10
        starts = (
            prev is None
            or prev["x1"] < right - 2 * size
            or ln["x0"] > left + 1.5 * size
            or (prev["page"] == page and ln["top"] - prev["bottom"] > 2.5 * size)
        )  # Word's 1.5-line spacing leaves ~1.6 sizes
        if starts:
            paragraphs.append([])
        paragraphs[-1].append(ln["text"])
        prev = {**ln, "page": page}
    return [t for t in (join_lines(p) for p in paragraphs) if t]
