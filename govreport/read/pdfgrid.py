"""PDF tables -> expanded grids: cells from ruling lines, their text from character positions, page runs joined.

Pure functions over plain data (character dicts as pdfplumber gives them, cell boxes as (x0, top, x1, bottom)
in points from the page's top-left), so they are tested without a PDF library.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

Box = tuple[float, float, float, float]  # x0, top, x1, bottom
Char = dict[str, Any]

_NUMBERISH = re.compile(r"[-−]?[\d０-９][\d０-９,，.．]*(?:件|元|万元|笔|%)?")
SNAP = 2.0  # points: Word and WPS draw a cell's edges at the same place to within a hair
# WPS and some fonts write CJK text with Kangxi radicals (U+2F00–U+2FD5) and CJK radical supplements
# in place of the ordinary ideographs: "⼀、本年新收" reads like "一、本年新收" but matches no label.
# Pairs checked against the Unicode names (CJK RADICAL C-SIMPLIFIED GATE -> 门, ...).
_SUPPLEMENT = (
    "⻓长 ⻔门 ⻛风 ⻜飞 ⻚页 ⻅见 ⻋车 ⻢马 ⻥鱼 ⻦鸟 ⻩黄 ⻬齐 ⻮齿 ⻰龙 ⻳龟 ⻉贝 ⻆角 ⻄西 ⻘青 ⻝食 ⻠饣 ⻣骨 "
    "⻤鬼 ⻨麦 ⺠民 ⺟母 ⺩王 ⺮竹 ⻊足 ⻌辶 ⺫罒 ⺼肉 ⻁虎 ⻈讠 ⻑長 ⻗雨 ⻙韦 ⻧卤 ⺁厂 ⺇几 ⺗心 ⺝月 ⺢水 "
    "⺣火 ⺤爪 ⺦丬 ⺧牛 ⺨犬 ⺬示 ⺯糸 ⺰纟 ⺶羊 ⺹耂 ⺾艹 ⻂衣 ⻃襾 ⻇角 ⻍辶 ⻏阝 ⻐钅 ⻒镸 ⻟食"
)


def _radical_table() -> dict[int, str]:
    table = {cp: unicodedata.normalize("NFKC", chr(cp)) for cp in range(0x2F00, 0x2FD6)}
    for pair in _SUPPLEMENT.split():
        table[ord(pair[0])] = pair[1]
    return table


RADICALS = _radical_table()


def normalize_text(s: str) -> str:
    """Kangxi and CJK-radical characters -> the ordinary ideographs; other characters as they are."""
    return s.translate(RADICALS) if any("\u2e80" <= ch <= "\u2fdf" for ch in s) else s


def _is_ascii_word(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def join_lines(lines: list[str]) -> str:
    """Lines of one cell or paragraph as one text: no space between Chinese lines, one between English words."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if out and _is_ascii_word(out[-1]) and _is_ascii_word(line[0]):
            out += " "
        out += line
    return out


def group_lines(chars: list[Char]) -> list[list[Char]]:
    """Characters -> lines, top to bottom, each line left to right (a line: centres within half a size)."""
    lines: list[list[Char]] = []
    mids: list[float] = []
    for ch in sorted(chars, key=lambda c: ((c["top"] + c["bottom"]) / 2, c["x0"])):
        mid = (ch["top"] + ch["bottom"]) / 2
        if lines and mid - mids[-1] <= max(ch["size"], 1.0) * 0.5:
            lines[-1].append(ch)
        else:
            lines.append([ch])
            mids.append(mid)
    for line in lines:
        line.sort(key=lambda c: c["x0"])
    return lines


_IN_NUMBER = frozenset("０１２３４５６７８９，．")  # full-width: drawn one em apart, ASCII digits are not


def line_text(line: list[Char]) -> str:
    """One line's text; a gap wider than a third of the font size is a space (exports often draw no space glyph)."""
    out: list[str] = []
    prev_x1: float | None = None
    for ch in line:
        t = ch["text"]
        gap = prev_x1 is not None and ch["x0"] - prev_x1 > max(ch["size"], 1.0) / 3
        # full-width digits are drawn wide apart (２ ，８ ８０): a gap inside a number is no space
        if gap and out and out[-1] != " " and not (out[-1] in _IN_NUMBER and t in _IN_NUMBER):
            out.append(" ")
        out.append(t)
        prev_x1 = ch["x1"]
    return normalize_text(" ".join("".join(out).split()))


def text_of(chars: list[Char]) -> str:
    """A cell's text: wrapped lines, one-character-per-line vertical labels and split header words joined."""
    return join_lines([line_text(line) for line in group_lines(chars)])


@dataclass
class Part:
    """One table as drawn on one page."""

    page: int  # 1-based
    bbox: Box
    cells: list[tuple[Box, str]]
    loose: list[Char] = field(default_factory=list)  # characters in the table's box but in no closed cell
    open_ys: list[float] = field(default_factory=list)  # where a row the page break leaves open ends
    full: list[bool] = field(default_factory=list)  # per cell: its last line fills it (_full)


@dataclass
class Grid:
    rows: list[list[str]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    row_pages: list[int] = field(default_factory=list)
    full: set[tuple[int, int]] = field(
        default_factory=set
    )  # (row, column) of cells whose last line fills them


def _snap(values: list[float]) -> list[float]:
    """Coordinates -> sorted representatives, values within SNAP of the previous one folded into it."""
    reps: list[float] = []
    for v in sorted(values):
        if not reps or v - reps[-1] > SNAP:
            reps.append(v)
    return reps


def _index(reps: list[float], v: float) -> int:
    return min(range(len(reps)), key=lambda i: abs(reps[i] - v))


PAD = 12.0  # points: a cell's left and right padding together (Word: 0.19 cm each side; Calc and WPS less)


def _full(box: Box, chars: list[Char]) -> bool:
    """Whether the cell's last line of text fills its width (to within one and a half characters): text that a
    page break cut off in the middle of the row goes on in the cell on the next page."""
    if not chars:
        return False
    last = group_lines(chars)[-1]
    size = max(c["size"] for c in last) or 1.0
    width = max(c["x1"] for c in last) - min(c["x0"] for c in last)
    return width + 1.5 * size >= box[2] - box[0] - PAD


def part_cells(boxes: list[Box], chars: list[Char]) -> tuple[list[tuple[Box, str]], list[Char]]:
    """Each cell box with the text of the characters whose centre lies in it, and the characters in none."""
    cells, loose, _ = part_cells_full(boxes, chars)
    return cells, loose


def part_cells_full(
    boxes: list[Box], chars: list[Char]
) -> tuple[list[tuple[Box, str]], list[Char], list[bool]]:
    """part_cells, and for each cell whether its last line fills it (see _full)."""
    buckets: list[list[Char]] = [[] for _ in boxes]
    loose: list[Char] = []
    order = sorted(range(len(boxes)), key=lambda i: (boxes[i][2] - boxes[i][0]) * (boxes[i][3] - boxes[i][1]))
    for ch in chars:
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        for i in order:  # the smallest box holding the centre: boxes may overlap by a line's width
            x0, top, x1, bottom = boxes[i]
            if x0 <= cx <= x1 and top <= cy <= bottom:
                buckets[i].append(ch)
                break
        else:
            loose.append(ch)
    cells = [(box, text_of(b)) for box, b in zip(boxes, buckets, strict=True)]
    return cells, loose, [_full(box, b) for box, b in zip(boxes, buckets, strict=True)]


def _open_cells(
    part: Part, xs: list[float], ys: list[float], covered: list[list[bool]]
) -> list[tuple[Box, str]]:
    """Cells with an edge missing, as one cell per column run of uncovered slots, with their loose text.

    A page break cuts a vertically merged cell (（六）其他处理 over three rows) and Calc draws no bottom edge
    for the part on the first page: the ruling lines then close no cell there.
    """
    out: list[tuple[Box, str]] = []
    for c in range(len(xs) - 1):
        r = 0
        while r < len(ys) - 1:
            if covered[r][c]:
                r += 1
                continue
            start = r
            while r < len(ys) - 1 and not covered[r][c]:
                r += 1
            box = (xs[c], ys[start], xs[c + 1], ys[r])
            mine = [
                ch
                for ch in part.loose
                if box[0] <= (ch["x0"] + ch["x1"]) / 2 <= box[2]
                and box[1] <= (ch["top"] + ch["bottom"]) / 2 <= box[3]
            ]
            out.append((box, text_of(mine)))
    return out


def _part_grid(part: Part, xs: list[float]) -> Grid:
    ys = _snap([v for (_, top, _, bottom), _ in part.cells for v in (top, bottom)] + part.open_ys)
    n_rows, n_cols = max(len(ys) - 1, 0), max(len(xs) - 1, 0)
    rows = [[""] * n_cols for _ in range(n_rows)]
    covered = [[False] * n_cols for _ in range(n_rows)]
    merged = []

    full: set[tuple[int, int]] = set()

    def place(cells: list[tuple[Box, str]], fills: list[bool] = ()) -> None:
        for n, ((x0, top, x1, bottom), text) in enumerate(cells):
            c1, c2 = _index(xs, x0), _index(xs, x1) - 1
            r1, r2 = _index(ys, top), _index(ys, bottom) - 1
            if c2 < c1 or r2 < r1:  # a sliver thinner than SNAP
                continue
            if text and not rows[r1][c1]:
                rows[r1][c1] = text
                if n < len(fills) and fills[n]:
                    full.add((r1, c1))
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    covered[r][c] = True
            if r2 > r1 or c2 > c1:
                merged.append((r1, c1, r2, c2))

    place(part.cells, part.full)
    if part.loose:
        place([(box, text) for box, text in _open_cells(part, xs, ys, covered) if text])
    return Grid(rows=rows, merged=merged, row_pages=[part.page] * n_rows, full=full)


def _header_rows(first: Grid, other: Grid) -> int:
    """How many leading rows of `other` repeat the header of `first` (a heading row repeated on each page)."""
    limit = min(len(first.rows), len(other.rows) - 1, 6)
    for k in range(limit, 0, -1):
        if first.rows[:k] == other.rows[:k] and any(any(r) for r in other.rows[:k]):
            return k
    return 0


def join_parts(parts: list[Part]) -> Grid:
    """One logical table from its page runs: one column grid for all, a repeated header dropped."""
    xs = _snap([v for p in parts for (x0, _, x1, _), _ in p.cells for v in (x0, x1)])
    out = Grid(rows=[])
    first: Grid | None = None
    for part in parts:
        g = _part_grid(part, xs)
        skip = _header_rows(first, g) if first is not None else 0
        if first is None:
            first = g
        base = len(out.rows) - skip
        rest = _goes_on(out, g, skip) if out.rows and skip < len(g.rows) else []
        if rest:
            # the first row carries on the last one where its text stands under a full cell: that text joins
            # the cell above; the rest of the row stays a row (a merged cell cut apart beside a row's cells)
            last = len(out.rows) - 1
            for c in rest:
                r, cc = _top_left(out, last, c)
                out.rows[r][cc] += g.rows[skip][c]
                g.rows[skip][c] = ""
        if rest and not any(g.rows[skip]):
            base -= 1
            out.rows.extend(g.rows[skip + 1 :])
            out.row_pages.extend(g.row_pages[skip + 1 :])
        else:
            out.rows.extend(g.rows[skip:])
            out.row_pages.extend(g.row_pages[skip:])
        for r1, c1, r2, c2 in g.merged:
            if r1 >= skip:
                out.merged.append((r1 + base, c1, r2 + base, c2))
        out.full |= {(r + base, c) for r, c in g.full if r >= skip}
    out.merged = _merge_runs(out.merged)
    return out


def _top_left(g: Grid, r: int, c: int) -> tuple[int, int]:
    """The cell whose text stands for (r, c): the top-left of the merged range covering it, else itself."""
    for r1, c1, r2, c2 in g.merged:
        if r1 <= r <= r2 and c1 <= c <= c2:
            return r1, c1
    return r, c


def _goes_on(out: Grid, g: Grid, first: int) -> list[int]:
    """The columns where row `first` of the next page's part holds the rest of a cell of `out`'s last row,
    which the page break cut (Word and Writer let a row break across pages): the row holds no number, and the
    cell above its text has a last line that fills the cell, so that its text went on ("结果" / "维持",
    "（二）部分公开（区分处理的，只计这一情" / "形，不计其他情形）")."""
    row = g.rows[first]
    texts = [c for c, t in enumerate(row) if t]
    if not texts or any(_NUMBERISH.fullmatch(row[c]) for c in texts):
        return []
    last = len(out.rows) - 1
    return [c for c in texts if _top_left(out, last, c) in out.full]


def _merge_runs(merged: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """Merged ranges that meet on a row (one ending where the next begins, same columns) as one range."""
    out: list[tuple[int, int, int, int]] = []
    for m in sorted(set(merged)):
        prev = next((i for i, o in enumerate(out) if o[1] == m[1] and o[3] == m[3] and o[2] == m[0]), None)
        if prev is not None:
            out[prev] = (out[prev][0], m[1], m[2], m[3])
        else:
            out.append(m)
    return out


def continues(prev: Part, nxt: Part) -> bool:
    """Whether `nxt`, first on the page after `prev`'s, carries on `prev`'s table: same left and right edge."""
    return (
        nxt.page == prev.page + 1
        and abs(prev.bbox[0] - nxt.bbox[0]) <= 3 * SNAP
        and abs(prev.bbox[2] - nxt.bbox[2]) <= 3 * SNAP
    )
