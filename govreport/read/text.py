"""Reading a text copy of a report (copied from a web page or a document into a .txt) into one grid.

A cell ends at a tab or at a run of 2+ spaces; a label keeps its single spaces. Text copies lose the
table's merged cells, so rows do not line up: in the seed, blank rows have 6 empty fields for 7 cells and
the （三） rows start their numbers one field earlier than the （四）–（七） rows. Each table block is
therefore aligned by its runs of numbers: the rows with the block's longest run put their last number
in the block's last column, and the header lines above the first of them move their headers along.
The sheet is named 文本 and its row index is the line number - 1, so a message can say 第12行.
"""

from __future__ import annotations

import codecs
import re

from govreport.messages import render
from govreport.read.common import (
    MAX_COLUMNS,
    MAX_GRID_CELLS,
    MAX_LINES,
    join_sentences,
    refuse_binary,
    too_large,
    too_many_cells,
    too_many_texts,
)
from govreport.read.guards import MAX_TEXT_CELLS, UnreadableError
from govreport.read.model import Book, Sheet
from govreport.read.textheader import align_header

SHEET = "文本"
_WHAT = render("read-kind-text-file")
_SEP = re.compile(r"\t|[ \u3000\u00a0]{2,}")  # a single space of any width stays inside the cell
_LINE = re.compile(r"\r\n|\r|\n")
# a value cell: a number (with thousands separators, a unit, full-width digits) or a placeholder
_VALUE = re.compile(
    r"^[-+]?[\d０-９][\d０-９,，.．]*\s*(件|个|项|笔|次|条|宗|家|人|元|万元|%)?$|^[-—–/／无]$"
)
_ORPHAN_MAX = 6  # characters of a label piece that a line break pushed onto the next line ("公开")
_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d+[.．、])")
# a table row whose cells were run together when the page was saved as text (a crawler that drops the tags):
# a label, then one run of 6+ digits (seven counts "0000000", "15130000154"), then the next label
_GLUED = re.compile(r"[\u4e00-\u9fff）)”][\d ]*\d{6,}(?=[\u4e00-\u9fff（(]|\d+[.．])")
_GLUED_MIN = 5  # such rows before a copy counts as one whose tables lost their cells


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding read: a BOM wins (UTF-8, UTF-16), else UTF-8 if valid, else GB18030."""
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(enc, "replace"), enc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("gb18030", "replace"), "gb18030"


def _fields(line: str) -> list[str]:
    # leading spaces are indentation (a paragraph's 　　); leading tabs are empty cells
    return [f.strip(" \u3000\u00a0") for f in _SEP.split(line.lstrip(" \u3000\u00a0"))]


def _is_value(text: str) -> bool:
    return bool(_VALUE.match(text))


def _run(fields: list[str]) -> int:
    """How many fields the values that end the row span, from the first of them to the last: blank cells
    between values count (沭阳's five 法人或其他组织 columns left blank), trailing empty fields do not."""
    n = _last(fields)
    k = run = 0
    while n - k > 0 and (not fields[n - k - 1] or _is_value(fields[n - k - 1])):
        k += 1
        if fields[n - k]:
            run = k
    return run


def _tabular(fields: list[str]) -> bool:
    return sum(1 for f in fields if f) >= 2 or (len(fields) >= 2 and any(fields))


def _blocks(rows: list[list[str]]) -> list[list[int]]:
    """Runs of table lines; blank lines and short label pieces between two table lines stay inside."""
    blocks: list[list[int]] = []
    cur: list[int] = []
    pending: list[int] = []  # blank lines / orphans since the last table line
    for i, f in enumerate(rows):
        if _tabular(f):
            if cur:
                cur.extend(pending)
            pending = []
            cur.append(i)
        elif cur and (not any(f) or (len(f) == 1 and len(f[0]) <= _ORPHAN_MAX and not _NUMBERED.match(f[0]))):
            pending.append(i)
        else:
            if cur:
                blocks.append(cur)
            cur, pending = [], []
    if cur:
        blocks.append(cur)
    return blocks


def _join_blocks(rows: list[list[str]], blocks: list[list[int]]) -> list[list[int]]:
    """Two blocks of the same table: a label row of the table written as a line of its own ("三、本年度办理
    结果" above the result rows, "（三）不予公开" above its items) ends a block, and the two parts would be
    aligned apart (the part above without the result rows' second label column). Blocks whose longest runs
    of numbers are as long, with at most _JOIN_GAP such lines (and blank lines) between them, are one."""
    out: list[list[int]] = []
    for block in blocks:
        if out:
            prev = out[-1]
            gap = range(prev[-1] + 1, block[0])
            labels = [i for i in gap if any(rows[i])]
            if (
                len(labels) <= _JOIN_GAP
                and all(len(rows[i]) == 1 for i in labels)
                and max(map(_run, (rows[i] for i in prev))) == max(map(_run, (rows[i] for i in block))) > 0
            ):
                prev.extend(gap)
                prev.extend(block)
                continue
        out.append(block)
    return out


_JOIN_GAP = 2


def _align(rows: list[list[str]], block: list[int]) -> None:
    """Line up one table block's values (see the module docstring); rows are edited in place."""
    runs = {i: _run(rows[i]) for i in block}
    longest = max(runs.values(), default=0)
    if longest == 0:
        return
    full = [i for i in block if runs[i] == longest]
    # a column left blank at the end of every row (总计 not filled in), its tab kept: part of the table
    trail = {len(rows[i]) - _last(rows[i]) for i in full}
    blank_end = trail.pop() if len(trail) == 1 and len(full) >= _BLANK_END_ROWS else 0
    end = {i: _last(rows[i]) + blank_end for i in full}
    longest += blank_end
    width = max(end.values())
    first = full[0]
    for i in block:
        f = rows[i]
        if i in end:
            n = end[i]
            if n < width:
                rows[i] = f[: n - longest] + [""] * (width - n) + f[n - longest : n]
        elif runs[i] and len(f) < width:
            after = _after_label(f)
            if (
                after == longest
            ):  # its first or last cells blank: as many fields after its label as a full row
                rows[i] = f[: len(f) - after] + [""] * (width - len(f)) + f[len(f) - after :]
    align_header(rows, [i for i in block if i < first and len(rows[i]) > 1 and runs[i] == 0], width, longest)
    _join_orphans(rows, block, first)


_BLANK_END_ROWS = 3  # rows that all end in the same blank fields before those are taken for a blank column


def _after_label(fields: list[str]) -> int:
    """The fields after a row's last label, an empty last field included: a row whose first or last cells
    are blank ("四、结转下年度继续办理||17|…" with 自然人 and 商业企业 left blank for 0, or its 总计 left blank
    with the tab before it kept) has a shorter run of numbers, but as many fields after its label as a
    full row. A row as wide as its block is in place already (a copy that writes every merged cell)."""
    labels = [j for j, v in enumerate(fields) if v and not _is_value(v)]
    return len(fields) - (labels[-1] + 1 if labels else 0)


def _last(fields: list[str]) -> int:
    n = len(fields)
    while n and not fields[n - 1]:
        n -= 1
    return n


def _join_orphans(rows: list[list[str]], block: list[int], first: int) -> None:
    """Join a label piece that a line break pushed onto the next line to the label it belongs to: a line
    holding only the piece ("情形）" under a row), or a piece in the first field of a line whose line above
    holds labels but no values (the seed's "公开" before 2.其他法律法规禁止公开). Above the first row of
    numbers, a header line's first field is a header of its own (商业企业 under 总计 in a copy that writes
    each header once), so only a line holding nothing else is a piece there."""
    prev: int | None = None
    for i in block:
        f = rows[i]
        if not any(f):
            continue
        piece = f[0]
        if (
            prev is not None
            and piece
            and len(piece) <= _ORPHAN_MAX
            and not _NUMBERED.match(piece)
            and not _is_value(piece)
            and (len(f) == 1 or (i > first and _run(rows[prev]) == 0 and not rows[prev][0]))
        ):
            above = rows[prev]
            j = max((k for k, v in enumerate(above) if v and not _is_value(v)), default=-1)
            if j >= 0:
                above[j] = above[j] + piece
                f[0] = ""
                if not any(f):
                    continue  # the whole line was the piece: the line above stays the one to join to
        prev = i


def _refuse_glued(lines: list[str]) -> None:
    """A copy with no table lines whose text has the form's rows with their numbers run together
    ("一、本年新收政府信息公开申请数量15130000154二、上年结转…"): its cells cannot be told apart (is
    "2200003252" 22,0,0,0,0,3,25 or 2,20,0,0,0,3,25?), so say so instead of reporting every table missing."""
    for line in lines:
        found = _GLUED.findall(line)
        if len(found) >= _GLUED_MIN:
            sample = re.sub(r"^\D+", "", found[0]).strip()
            raise UnreadableError(
                render("text-glued-cells", sample=sample),
                "cells-run-together",
            )


def _single_spaced(rows: list[list[str]]) -> bool:
    """A copy whose cells are parted by one space (a crawler's get_text(" "), a copy from a PDF viewer):
    "一、本年新收政府信息公开申请数量 3 0 0 0 0 0 3". When no line is tabular otherwise and at least
    _SPACED_ROWS lines end in _SPACED_RUN numbers so parted, the lines ending in a number and the header
    lines (short words, no end of a sentence) are cut at every space; sentences stay whole. Edits rows in
    place."""

    def tokens(f: list[str]) -> list[str]:
        return f[0].split() if len(f) == 1 else []

    def numbered(t: list[str]) -> bool:
        return len(t) > _SPACED_RUN and all(_is_value(x) for x in t[-_SPACED_RUN:])

    if sum(numbered(tokens(f)) for f in rows) < _SPACED_ROWS:
        return False
    for i, f in enumerate(rows):
        t = tokens(f)
        if len(t) < 2:
            continue
        if (t and _is_value(t[-1])) or (
            all(len(x) <= _SPACED_WORD for x in t) and not re.search(r"[。；！？]", f[0])
        ):
            rows[i] = t
    return True


def _refuse_spaced_gaps(rows: list[list[str]], blocks: list[list[int]]) -> None:
    """A single-spaced copy writes a blank cell as nothing at all: a row with fewer numbers than the rest of
    its table ("四、结转下年度继续办理 17 8 23 48" for seven cells) cannot say which cells are blank, and
    reading its numbers from the left or the right would blame cells that are right. Say so instead."""
    for block in blocks:
        runs = [(_run(rows[i]), i) for i in block]
        longest = max((n for n, _i in runs), default=0)
        short = [i for n, i in runs if 0 < n < longest]
        if short:
            line = " ".join(rows[short[0]])
            raise UnreadableError(
                render("text-spaced-blanks", line=short[0] + 1, sample=line[:60], n=longest),
                "cells-run-together",
            )


_SPACED_RUN = 3  # numbers parted by single spaces at the end of a line
_SPACED_ROWS = 5  # such lines (table 2 alone has 25)
_SPACED_WORD = 40  # the longest header word (（二）部分公开（区分处理的，…）is 29 characters)


def _refuse_cell_per_line(rows: list[list[str]]) -> None:
    """A copy with no table lines but many lines holding one number each: every cell on a line of its own
    (LibreOffice's 文本 export, some copy tools). Which header stands over which number is lost with the
    line breaks, and reading it as it is found labels as values ("填的是“行政强制”"): say so instead."""
    numbers = runs = streak = 0
    for f in rows:
        if not any(f):
            continue  # an empty cell's line, or a paragraph break
        if len(f) == 1 and _is_value(f[0]):
            numbers += 1
            streak += 1
            runs += streak == _ROW_MIN
        else:
            streak = 0
    if runs >= _ROWS_MIN:  # a table's rows, not page numbers or a list of dates
        raise UnreadableError(render("text-cell-per-line", n=numbers), "cells-one-per-line")


_ROW_MIN = 3  # lines in a row holding one number each: a row of a table
_ROWS_MIN = 5  # such rows (table 2 alone has 25)


def read_text(data: bytes, path: str) -> Book:
    """Read a text copy of a report into a Book with one sheet 文本 (row = line number - 1)."""
    too_large(len(data), _WHAT)
    text, _enc = decode(data)
    refuse_binary(text, _WHAT)
    lines = _LINE.split(text)
    if len(lines) > MAX_LINES:
        raise UnreadableError(
            render("text-too-many-lines", n=len(lines), max_lines=MAX_LINES),
            "too-many-cells",
        )
    rows = [_fields(line) for line in lines]
    for i, f in enumerate(rows):
        if len(f) == 1 and not f[0]:
            rows[i] = []
        elif len(f) > MAX_COLUMNS:
            raise too_many_cells(len(f) * len(rows), render("read-kind-text-file"))
    blocks = _join_blocks(rows, _blocks(rows))
    if not any(_run(rows[i]) for block in blocks for i in block):  # no line holds a table's numbers
        if _single_spaced(rows):
            blocks = _join_blocks(rows, _blocks(rows))
            _refuse_spaced_gaps(rows, blocks)
    if not any(_run(rows[i]) for block in blocks for i in block):
        _refuse_glued(lines)
        _refuse_cell_per_line(rows)
    for block in blocks:
        _align(rows, block)
    cells = sum(len(f) for f in rows)
    if cells > MAX_GRID_CELLS:
        raise too_many_cells(cells, render("read-kind-text-file"))
    n_text = sum(1 for f in rows for v in f if v and not _is_value(v))
    if n_text > MAX_TEXT_CELLS:
        raise too_many_texts(n_text, render("read-kind-text-file"))
    in_table = {i for b in blocks for i in b}
    narrative = join_sentences(
        [" ".join(x for x in f if x) if i not in in_table else "" for i, f in enumerate(rows)]
    )
    # trailing empty fields are noise of the copy (the seed's rows end with a tab)
    grid = [f[: _last(f)] for f in rows]
    return Book(path=path, format="txt", sheets=[Sheet(name=SHEET, rows=grid)], narrative=narrative)
