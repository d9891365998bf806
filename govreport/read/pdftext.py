"""Tables drawn without ruling lines and without tags -> grids, from where their text stands.

LibreOffice Calc prints a sheet without cell borders unless the clerk drew them, and its PDFs carry no tags by
default; Writer and WPS export a borderless table the same way. A person still sees the table: the numbers
stand in columns, the labels at the left, the headings above. Pure functions over the lines of a page
(each a list of character dicts as pdfplumber gives them), tested without a PDF library.

- A row line holds numbers apart from each other or from a label (two segments or more, one a number); a
  block is a run of lines from the first row line to the last with no paragraph between, plus the short
  lines just above it (the header).
- The numeric columns are where the numbers stand (their extents over all rows, overlapping ones one
  column); a heading goes to the column under its middle. Labels left of the numbers go to the label column
  where they start (left-aligned text starts at the same place in every row).
- Each line is a row; a label wrapped over two lines is two rows, as the locator reads PDF conversions.

Over 400 lines: finding the blocks, the columns (by how the numbers stand) and the headings' spans, and the
joins of wrapped headings, labels and split rows all read the same segments and column edges of one table.
"""

from __future__ import annotations

import re

from govreport.read.pdfgrid import Char, Grid, line_text

NUMBER = re.compile(r"[-−]?[\d０-９][\d０-９,，.．]*(?:件|元|万元|笔|%)?")
PLACEHOLDER = frozenset(("-", "—", "－", "/", "／", "无", "—-", "——"))
GAP = 0.6  # of the font size: a gap this wide between two characters parts two cells
PARAGRAPH = 40  # characters: a segment this long is running text, not a cell
HEADER_LINES = 10  # how many short lines above the first row line may be the header
LEADING = 3.0  # of the font size: a wider gap between two lines ends the block (a paragraph break)


Segment = list[Char]


def _size(chars: list[Char]) -> float:
    return max(max((c.get("size") or 0) for c in chars), 1.0)


def segments(line: list[Char]) -> list[Segment]:
    """A line's characters (left to right) cut where the gap is wider than GAP of the font size, or wider than a
    space where a number starts or ends (a label that runs close to the first number: "…重新出具已 0")."""
    out: list[Segment] = []
    for ch in line:
        if out:
            prev = out[-1][-1]
            size = max(ch.get("size") or 0, prev.get("size") or 0, 1)
            gap = ch["x0"] - prev["x1"]
            digit = ch["text"][:1].isdigit() or prev["text"][-1:].isdigit()
            if gap > GAP * size or (digit and gap > size / 3):
                out.append([ch])
            else:
                out[-1].append(ch)
        else:
            out.append([ch])
    return out


def _text(seg: Segment) -> str:
    return line_text(seg)


_NUMBER_CHARS = frozenset("0123456789０１２３４５６７８９")


def _is_value(seg: Segment) -> bool:
    if len(seg) > 24 or not any(c["text"] in _NUMBER_CHARS or c["text"] in PLACEHOLDER for c in seg):
        return False  # no digit and no placeholder: a label (the common case, without building its text)
    t = _text(seg).replace(" ", "")
    return bool(NUMBER.fullmatch(t)) or t in PLACEHOLDER


def _n_values(segs: list[Segment]) -> int:
    return sum(1 for s in segs if _is_value(s) and NUMBER.fullmatch(_text(s).replace(" ", "")))


def is_row(segs: list[Segment]) -> bool:
    """A row of a table: two numbers apart, or a label with a number beside it."""
    n = _n_values(segs)
    return n >= 2 or (n >= 1 and len(segs) >= 2 and all(len(_text(s)) <= PARAGRAPH for s in segs))


def _paragraph(segs: list[Segment]) -> bool:
    return len(segs) == 1 and len(_text(segs[0])) > PARAGRAPH


def _top(line: list[Char]) -> float:
    return min(c["top"] for c in line)


def _bottom(line: list[Char]) -> float:
    return max(c["bottom"] for c in line)


def _extent(seg: Segment) -> tuple[float, float]:
    return min(c["x0"] for c in seg), max(c["x1"] for c in seg)


def _fits(seg: Segment, cols: list[tuple[float, float]]) -> bool:
    x0, x1 = _extent(seg)
    return any(x0 <= b + 1 and x1 >= a - 1 for a, b in cols)


def blocks(lines: list[list[Char]]) -> list[tuple[int, int]]:
    """The tables among one page's lines (top to bottom), as (first, last) line indexes, inclusive.

    A block ends at a paragraph, at a wide gap, or at a row most of whose numbers stand where the block has no
    column (the next table: table 3's fifteen columns under table 2's seven).
    """
    segs = [segments(ln) for ln in lines]

    def close(j: int) -> bool:
        return _top(lines[j]) - _bottom(lines[j - 1]) <= LEADING * _size(lines[j]) and not _paragraph(segs[j])

    out: list[tuple[int, int]] = []
    j = 0
    while j < len(lines):
        if not is_row(segs[j]):
            j += 1
            continue
        first = last = j
        cols = _columns([_extent(s) for s in segs[j] if _is_value(s)])
        j += 1
        while j < len(lines) and close(j):
            if is_row(segs[j]):
                vals = [s for s in segs[j] if _is_value(s)]
                new = [s for s in vals if not _fits(s, cols)]
                if len(cols) >= 3 and len(vals) >= 3 and len(new) * 2 > len(vals):
                    break
                cols = _columns(cols + [_extent(s) for s in vals])
                last = j
            j += 1
        # a label wrapped below the last row (the rest of a long label at the foot of a page)
        edge = cols[0][0] if cols else float("inf")
        for _ in range(2):
            nxt = last + 1
            if nxt < j and all(_extent(s)[1] < edge for s in segs[nxt]):
                last = nxt
            else:
                break
        # the header: short lines close above the first row
        k = first
        while (
            k - 1 >= 0
            and first - (k - 1) <= HEADER_LINES
            and (not out or k - 1 > out[-1][1])
            and close(k)
            and not _paragraph(segs[k - 1])
        ):
            k -= 1
        out.append((k, last))
        j = last + 1
    return out


def leading_header(lines: list[dict]) -> int:
    """How many of a block's lines (dicts with "chars") come before its first row: its header."""
    return next((i for i, ln in enumerate(lines) if is_row(segments(ln["chars"]))), len(lines))


def value_left(lines: list[list[Char]]) -> float:
    """Where the numbers of these lines begin (the left edge of the leftmost one)."""
    return min((_extent(s)[0] for ln in lines for s in segments(ln) if _is_value(s)), default=float("-inf"))


def is_table(lines: list[list[Char]]) -> bool:
    """Whether a block is worth a grid: two lines of three numbers or more, or one of five (table 3's row)."""
    counts = [_n_values(segments(ln)) for ln in lines]
    return sum(1 for n in counts if n >= 3) >= 2 or any(n >= 5 for n in counts)


def _columns(extents: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The numeric columns: extents of the numbers, overlapping extents folded together, left to right."""
    spans = sorted(extents)
    out: list[list[float]] = []
    for x0, x1 in spans:
        if out and x0 <= out[-1][1] + 1:
            out[-1][1] = max(out[-1][1], x1)
        else:
            out.append([x0, x1])
    return [(a, b) for a, b in out]


def _label_starts(starts: list[float], tol: float) -> list[float]:
    """Where label columns begin: starts shared by two labels or more (left-aligned text), and the leftmost."""
    starts = sorted(starts)
    groups: list[list[float]] = []
    for x in starts:
        if groups and x - groups[-1][0] <= tol:
            groups[-1].append(x)
        else:
            groups.append([x])
    keep = [g[0] for i, g in enumerate(groups) if len(g) >= 2 or i == 0]
    return keep


def text_grid(lines: list[list[Char]], pages: list[int], align: str | None = None) -> tuple[Grid, str | None]:
    """One table's lines (each a list of characters, left to right) -> its grid, a row per line; and how its
    numbers stand in their columns (`align` when they do not tell: table 3's one row of numbers)."""
    segs = [segments(ln) for ln in lines]
    cols = _columns([_extent(s) for line in segs for s in line if _is_value(s)])
    size = max(_size(ln) for ln in lines)
    align = _alignment(segs, cols) or align or "centre"
    bounds = _bounds(cols, align, size) + [float("inf")]
    left_edge = bounds[0]

    def centre(s: Segment) -> float:
        return (min(c["x0"] for c in s) + max(c["x1"] for c in s)) / 2

    label_segs = [s for line in segs for s in line if centre(s) < left_edge]
    starts = _label_starts([min(c["x0"] for c in s) for s in label_segs], size)
    n_label = max(len(starts), 1)
    n_cols = n_label + len(cols)
    placed: list[dict[int, list[Segment]]] = []
    wide: dict[
        tuple[int, int], int
    ] = {}  # (line, column) of a heading over several columns -> its last column
    right_edge = _bounds(cols, align, size, right=True)
    edges = bounds[:-1] + [right_edge]
    mids = (
        [(a + b) / 2 for a, b in cols]
        if align == "centre"
        else [(a + b) / 2 for a, b in zip(edges, edges[1:], strict=False)]
    )
    taken: set[tuple[int, int]] = set()

    def column(s: Segment) -> int:
        return max(i for i in range(len(cols)) if bounds[i] <= centre(s))

    def filled_below(n: int) -> set[int]:
        """The numeric columns holding numbers in the rows a heading on line n stands over."""
        k = n + 1
        while k < len(segs) and not is_row(segs[k]):
            k += 1
        out: set[int] = set()
        while k < len(segs) and is_row(segs[k]):
            out |= {column(s) for s in segs[k] if _is_value(s) and centre(s) >= left_edge}
            k += 1
        return out

    for n, line in enumerate(segs):
        row: dict[int, list[Segment]] = {}
        if is_row(line):
            taken = set()  # a heading's span is only "taken" by the headings above it in its own header
        heads = [s for s in line if centre(s) >= left_edge]
        spans = _spans(heads, mids, left_edge, right_edge, taken)
        if align != "centre":  # headings written from the column's left edge (Calc's default for text)
            spans = [_left_aligned(h, edges) or sp for h, sp in zip(heads, spans, strict=True)]
        if len(heads) == 1 and spans[0][0] == spans[0][1] and not is_row(line):
            # a heading over a merged cell whose number stands at the cell's left (Word's 本年处理决定数量 over
            # three columns): it stands over the columns that hold the numbers under it
            filled = filled_below(n)
            wider = _spans(heads, mids, left_edge, right_edge, taken, alone=False)[0]
            if filled and spans[0][0] not in filled and any(wider[0] <= f <= wider[1] for f in filled):
                spans = [wider]
        where = dict(zip(map(id, heads), spans, strict=True))
        if is_row(line):
            where = {}
        for s in line:
            x = centre(s)
            if x < left_edge:
                x0 = min(c["x0"] for c in s)
                c = max((i for i, st in enumerate(starts) if st <= x0 + size / 2), default=0)
            elif id(s) in where:
                first, last = where[id(s)]
                taken.add((first, last))
                if last > first:
                    wide[(len(placed), n_label + first)] = n_label + last
                c = n_label + first
            else:
                c = n_label + max(i for i in range(len(cols)) if bounds[i] <= x)
            row.setdefault(c, []).append(s)
        placed.append(row)
    _join_wrapped(placed, segs, [(bounds[i], bounds[i + 1]) for i in range(len(cols))], n_label)
    _join_split_rows(placed, segs, n_label)
    edges = [*starts, left_edge] if starts else [left_edge]
    _join_labels(placed, [(edges[i], edges[i + 1]) for i in range(len(edges) - 1)])
    rows, row_pages, merged = [], [], []
    for i, (row, page) in enumerate(zip(placed, pages, strict=True)):
        if row:
            texts = [" ".join(_text(s) for s in row.get(c, [])) for c in range(n_cols)]
            merged += [(len(rows), c, len(rows), wide[(i, c)]) for c in row if (i, c) in wide]
            rows.append(texts)
            row_pages.append(page)
    return Grid(rows=rows, merged=merged, row_pages=row_pages), align


def _alignment(segs: list[list[Segment]], cols: list[tuple[float, float]]) -> str | None:
    """How the numbers stand in their columns: "left", "right" (Calc's default) or "centre", by which edge
    numbers of different widths share; None when no column tells."""
    spread = {"centre": 0.0, "left": 0.0, "right": 0.0}
    told = False
    values = [_extent(s) for line in segs for s in line if _is_value(s)]
    for a, b in cols:
        mine = [(x0, x1) for x0, x1 in values if a <= x0 and x1 <= b]
        if len({round(x1 - x0) for x0, x1 in mine}) < 2:
            continue
        told = True
        for kind, pos in (("left", 0), ("right", 1)):
            spread[kind] += max(e[pos] for e in mine) - min(e[pos] for e in mine)
        spread["centre"] += max(x0 + x1 for x0, x1 in mine) / 2 - min(x0 + x1 for x0, x1 in mine) / 2
    if not any(spread.values()) and not told:
        return None
    return min(("centre", "left", "right"), key=lambda k: spread[k])


def _bounds(cols: list[tuple[float, float]], align: str, size: float, right: bool = False) -> object:
    """Where each numeric column begins (or, with right=True, where the last one ends), by how the numbers
    stand: halfway between centred numbers, at the previous column's numbers for right-aligned ones, at the
    column's own numbers for left-aligned ones."""
    if not cols:
        return float("inf") if right else [float("inf")]
    if align == "right":
        width = cols[1][1] - cols[0][1] if len(cols) >= 2 else 4 * size
        return cols[-1][1] + 1 if right else [cols[0][1] - width, *(a[1] + 1 for a in cols[:-1])]
    if align == "left":
        width = cols[-1][0] - cols[-2][0] if len(cols) >= 2 else 4 * size
        return cols[-1][0] + width if right else [cols[0][0] - size, *(b[0] - 1 for b in cols[1:])]
    if right:
        if len(cols) < 2:
            return float("inf")
        last, before = (
            (cols[-2][1] + cols[-1][0]) / 2,
            (cols[-3][1] + cols[-2][0]) / 2 if len(cols) >= 3 else None,
        )
        return 2 * last - before if before is not None else cols[-1][1] + (cols[-1][0] - last)
    left = cols[0][0] - (cols[1][0] - cols[0][1]) / 2 if len(cols) >= 2 else cols[0][0] - 2 * size
    return [left, *((a[1] + b[0]) / 2 for a, b in zip(cols, cols[1:], strict=False))]


def _left_aligned(head: Segment, edges: list[float]) -> tuple[int, int] | None:
    """The column a heading starts at the left edge of (within a character), or None."""
    x0, size = _extent(head)[0], _size(head)
    for k in range(len(edges) - 1):
        if edges[k] - 1 <= x0 <= edges[k] + size:
            return k, k
    return None


def _spans(
    heads: list[Segment],
    mids: list[float],
    left: float,
    right: float,
    taken: set[tuple[int, int]],
    alone: bool = True,
) -> list[tuple[int, int]]:
    """The columns (first, last) each heading of one line stands over.

    Calc and Word centre a merged heading over its columns: it stands over the columns whose numbers lie within
    the same distance on both sides, out to halfway to the next heading of its line or to the table's edge
    (行政复议 over five columns, 未经复议直接起诉 and 复议后起诉 halving 行政诉讼's ten). A span that a heading
    above already has is not repeated (法人或其他组织 under 申请人情况): such a heading keeps its own column.
    """
    xs = [(_extent(h)[0] + _extent(h)[1]) / 2 for h in heads]
    edges = [left] + [(a + b) / 2 for a, b in zip(mids, mids[1:], strict=False)] + [right]
    out = []
    for n, x in enumerate(xs):
        own = min(range(len(mids)), key=lambda i: abs(mids[i] - x))
        x0, x1 = _extent(heads[n])
        if (
            alone
            and len(xs) == 1
            and abs(mids[own] - x) <= _size(heads[n])
            and edges[own] <= x0
            and x1 <= edges[own + 1]
        ):
            out.append((own, own))  # alone on its line, over its own column's numbers (本年增/减)
            continue
        lo = (xs[n - 1] + x) / 2 if n > 0 else left
        hi = (xs[n + 1] + x) / 2 if n + 1 < len(xs) else right
        half = min(x - lo, hi - x)
        cols = [i for i, m in enumerate(mids) if x - half <= m <= x + half]
        span = (cols[0], cols[-1]) if cols else (own, own)
        if span[1] > span[0] and span in taken:
            span = (own, own)
        out.append(span)
    return out


def _join_wrapped(
    placed: list[dict[int, list[Segment]]],
    segs: list[list[Segment]],
    spans: list[tuple[float, float]],
    first: int,
) -> None:
    """A heading Calc wrapped inside its column ("本年收费金额" / "（单位：万元" / "）") as one cell's text.

    The upper line stays inside its column and nearly fills it (the column as the numbers show it); the lower
    line, the next with text in that column, is centred or starts under it, and is no row of three headings or
    more (the leaf headings under 法人或其他组织) unless each stands under one of the upper line. Lines
    between them with headings elsewhere are passed over (信息内容 centred beside a heading of two lines).
    """

    def inside(seg: Segment, span: tuple[float, float]) -> bool:
        x0, x1 = _extent(seg)
        return span[0] - 1 <= x0 and x1 <= span[1] + 1

    def under(a: Segment, b: Segment) -> bool:
        (a0, a1), (b0, b1), size = _extent(a), _extent(b), _size(a)
        return abs(a0 - b0) <= size or abs((a0 + a1) / 2 - (b0 + b1) / 2) <= size

    widest: dict[int, list[float]] = {}  # per column: the widths of its single-line texts
    for row in placed:
        for c, ss in row.items():
            widest.setdefault(c, []).extend(_extent(s)[1] - _extent(s)[0] for s in ss)

    def fills(seg: Segment, c: int, span: tuple[float, float]) -> bool:
        width = _extent(seg)[1] - _extent(seg)[0]
        others = sorted(widest.get(c, []))[:-1]  # the widest but one: not this heading itself
        return width + 1.5 * _size(seg) > span[1] - span[0] or bool(
            others and width >= others[-1] - _size(seg) / 2
        )

    for i in range(len(placed) - 1):
        if is_row(segs[i]):
            continue
        for c in list(placed[i]):
            if c < first or len(placed[i][c]) != 1:
                continue
            span = spans[c - first]
            last = placed[i][c][0]  # the heading's lowest line so far
            k = i + 1
            while k < len(placed) and not is_row(segs[k]):
                if c not in placed[k]:
                    k += 1
                    continue
                below = placed[k][c]
                heads = {d for d in placed[k] if d >= first}
                # three headings or more under one (法人或其他组织 over 商业企业 … 其他, 行政复议 over 结果维持 …)
                # are a row of their own, unless each stands under one of the upper line (本年新制作数 / 量 …)
                if (
                    len(below) != 1
                    or (len(heads) >= 3 and not heads <= {d for d in placed[i] if d >= first})
                    or not inside(last, span)
                    or not inside(below[0], span)
                    or not under(last, below[0])
                ):
                    break
                if not fills(last, c, span):
                    break
                placed[i][c] = [placed[i][c][0] + below[0]]
                last = below[0]
                del placed[k][c]
                k += 1


def _join_split_rows(placed: list[dict[int, list[Segment]]], segs: list[list[Segment]], first: int) -> None:
    """The numbers of one row that stand on two lines (a cell of two lines centres its number between them, the
    next cell's at its top) joined on the upper line: the lower line's numbers fill only columns the upper one
    leaves empty (every row has its 总计, so two rows never do that)."""
    for i in range(1, len(placed)):
        above, here = placed[i - 1], placed[i]
        upper = {c for c in above if c >= first and any(_is_value(s) for s in above[c])}
        lower = {c for c in here if c >= first and all(_is_value(s) for s in here[c])}
        if not upper or not lower or upper & lower or not is_row(segs[i - 1]):
            continue
        if any(c >= first and c not in lower for c in here):
            continue  # a heading beside the numbers: another row
        for c in lower:
            above[c] = here.pop(c)


def _join_labels(placed: list[dict[int, list[Segment]]], spans: list[tuple[float, float]]) -> None:
    """A label wrapped inside its label column (（六）其 / 他处理, 1.申请人无正当理由逾期不补正、 / 行政机关…) as
    one cell's text: the upper line stays inside the column and fills it to within two characters, the lower
    line holds text in that column and no numbers. A label over several label columns is never joined."""
    for i in range(len(placed) - 1):
        for c, (lo, hi) in enumerate(spans):
            if len(placed[i].get(c, [])) != 1:
                continue
            last, k = placed[i][c][0], i + 1  # the label's lowest line so far, the line under it
            skipped = False
            while k < len(placed):
                if not skipped and placed[k] and all(d >= len(spans) for d in placed[k]):
                    skipped, k = True, k + 1  # the row's numbers, centred between the label's lines
                    continue
                below = placed[k].get(c, [])
                if len(below) != 1 or any(_is_value(s) for v in placed[k].values() for s in v):
                    break
                x0, x1 = _extent(last)
                if x1 > hi + 1 or x1 - x0 + 2 * _size(last) <= hi - lo or _extent(below[0])[1] > hi + 1:
                    break
                placed[i][c] = [placed[i][c][0] + below[0]]
                last = below[0]
                del placed[k][c]
                k += 1
