"""Placing the header lines of a text copy's table block over its columns (see read/text.py).

The line nearest the numbers is placed by itself; each line above it by the line below it, which is how a
copy that writes a cell merged across columns once (Word's plain text, a copy from Word) can still be put
back together.
"""

from __future__ import annotations

# a header cell placed on the grid: (first column, last column, text)
_Placed = tuple[int, int, str]


def align_header(rows: list[list[str]], lines: list[int], width: int, values: int) -> None:
    """Place the header lines above a block's numbers (edited in place), the nearest line first.

    That line's first field is the corner and the rest are column headers, one column each, ending in the
    last column. A copy that keeps a vertically merged cell's continuation as an empty field but writes a
    cell merged across columns once (Word's 另存为纯文本, a copy from Word) leaves the lines above it short:
    申请人情况 over 自然人 | 法人或其他组织 | 总计 over the five 法人 columns. Such a line is placed by the
    line below it: each empty field below is the column of a cell merged down from this line, each run of
    headers below sits under one cell of this line (a run split where cells merged across columns start, or
    in equal parts). A line that does not fit so keeps the corner-and-right-aligned placing."""
    below: list[_Placed] | None = None
    for i in reversed(lines):
        f = rows[i]
        placed = None if below is None or len(f) >= width else _under(f, below, width, values)
        if placed is None:
            if len(f) >= width:
                placed = [(c, c, t) for c, t in enumerate(f)]
            else:
                pad = width - len(f)
                placed = [(0, pad, f[0])] + [(pad + j, pad + j, t) for j, t in enumerate(f[1:], 1)]
        # a line placed over a longer one below may reach past the block's width (a row joined into a header)
        line = [""] * max(width, len(f), *(c + 1 for c, _e, _t in placed))
        for c, _e, t in placed:
            line[c] = t
        rows[i] = line
        below = placed


def _under(f: list[str], below: list[_Placed], width: int, values: int) -> list[_Placed] | None:
    """Header line f placed over the line below it (see _align_header), or None when it does not fit."""
    start = width - values
    segments: list[list[_Placed]] = []
    run: list[_Placed] = []
    for cell in (x for x in below if x[0] >= start):
        if cell[2]:
            run.append(cell)
            continue
        if run:
            segments.append(run)
            run = []
        segments.append([cell])
    if run:
        segments.append(run)
    corner = 1 if start > 0 and len(f) == len(segments) + 1 else 0
    extra = len(f) - corner - len(segments)
    if extra < 0 or not segments:
        return None
    if extra:
        segments = _split_runs(segments, extra)
        if segments is None:
            return None
    out = [(0, start - 1, f[0])] if corner else []
    out += [(seg[0][0], seg[-1][1], t) for seg, t in zip(segments, f[corner:], strict=True)]
    return out


def _split_runs(segments: list[list[_Placed]], extra: int) -> list[list[_Placed]] | None:
    """Runs of headers cut into `extra` more segments: where single columns give way to headers merged
    across columns (行政复议's five results, then 未经复议直接起诉 and 复议后起诉), else one run in equal parts."""
    cuts = [
        (s, j)
        for s, seg in enumerate(segments)
        for j in range(1, len(seg))
        if (seg[j - 1][1] > seg[j - 1][0]) != (seg[j][1] > seg[j][0])
    ]
    if len(cuts) != extra:
        runs = [s for s, seg in enumerate(segments) if len(seg) > 1]
        if len(runs) != 1 or len(segments[runs[0]]) % (extra + 1):
            return None
        size = len(segments[runs[0]]) // (extra + 1)
        cuts = [(runs[0], j) for j in range(size, len(segments[runs[0]]), size)]
    out: list[list[_Placed]] = []
    for s, seg in enumerate(segments):
        at = [0, *(j for t, j in cuts if t == s), len(seg)]
        out += [seg[a:b] for a, b in zip(at, at[1:], strict=False)]
    return out
