"""Reading a published report page (HTML, often pasted from Word) into one grid per table.

`htmltree` decodes the page and builds a bounded element tree (Python's html.parser: it survives broken
markup and needs no dependency). Each <table> of the article body becomes a Sheet
`表格N` holding the expanded grid: a rowspan/colspan cell's text at its top-left, its range in
Sheet.merged, the covered cells "". The article body is the element holding most of the page's text
outside links, widened to hold every table that carries the report's labels; its paragraphs outside
tables are Book.narrative. Menus, links to other years' reports, footers and a metadata box lie outside it.
"""

from __future__ import annotations

import re

from govreport.messages import render
from govreport.read.common import (
    MAX_COLUMNS,
    MAX_GRID_CELLS,
    clean,
    join_pieces,
    join_sentences,
    refuse_binary,
    too_large,
    too_many_cells,
    too_many_texts,
)
from govreport.read.guards import MAX_TEXT_CELLS, UnreadableError
from govreport.read.htmltree import BLOCK, SKIP, Node, decode, parse
from govreport.read.model import Book, Sheet

_WHAT = render("read-kind-web-page")
MAX_ROWSPAN = 65_534  # the HTML limits
MAX_COLSPAN = 1_000
_HIDDEN = re.compile(r"display\s*:\s*none|mso-hide\s*:\s*all", re.I)
# labels that only the report's own tables carry (a metadata box or a layout table has none of them)
_REPORT_WORDS = (
    "本年新收",
    "上年结转",
    "予以公开",
    "行政复议",
    "行政诉讼",
    "申请人情况",
    "第二十条",
    "本年制发",
    "处理决定",
    "结转下年度",
    "不予公开",
    "自然人",
)
# what a site's metadata box holds (索引号 | 发布机构 | 公开日期 ...): never a table of the report
_META_WORDS = (
    "索引号",
    "发布机构",
    "发文机关",
    "公开日期",
    "发布日期",
    "成文日期",
    "文号",
    "主题分类",
    "公开方式",
    "有效性",
)


# ----------------------------------------------------------------------------------------------- text


def _hidden(node: Node) -> bool:
    style = node.attrs.get("style")
    return bool(style) and bool(_HIDDEN.search(style))  # type: ignore[arg-type]


def _pieces(node: Node, tables: bool) -> list[tuple[str, bool]]:
    """The lines of an element's text, split at block elements and <br>: (text, made only of link text).
    Tables inside it are left out unless `tables`."""
    out: list[tuple[str, bool]] = []
    cur: list[str] = []
    link_only = [True]

    def flush() -> None:
        text = clean("".join(cur))
        if text:
            out.append((text, link_only[0]))
        cur.clear()
        link_only[0] = True

    # iterative walk: (node or str, inside a link)
    todo: list[tuple[object, bool]] = [(node, False)]
    while todo:
        item, in_link = todo.pop()
        if item is _FLUSH:
            flush()
            continue
        if isinstance(item, str):
            cur.append(item)
            if item.strip() and not in_link:
                link_only[0] = False
            continue
        n: Node = item  # type: ignore[assignment]
        if n.tag in SKIP or (n is not node and n.tag == "table" and not tables) or _hidden(n):
            continue
        if n.tag == "br":
            flush()
            continue
        block = n.tag in BLOCK
        if block:
            todo.append((_FLUSH, False))
        a = in_link or n.tag == "a"
        todo.extend((c, a) for c in reversed(n.children))
        if block:
            todo.append((_FLUSH, False))
    flush()
    return out


_FLUSH = object()


def _cell_text(cell: Node) -> str:
    return join_pieces([t for t, _ in _pieces(cell, tables=False)])


# ----------------------------------------------------------------------------------------------- tables


def _rows_of(table: Node) -> list[Node]:
    rows: list[Node] = []
    todo = list(reversed(table.children))
    while todo:
        n = todo.pop()
        if isinstance(n, str) or n.tag in ("table", "td", "th") or n.tag in SKIP:
            continue
        if n.tag == "tr":
            rows.append(n)
        else:  # thead/tbody/tfoot, or a stray wrapper (<form>) between a table and its rows
            todo.extend(reversed(n.children))
    return rows


def _cells_of(tr: Node) -> list[Node]:
    cells: list[Node] = []
    todo = list(reversed(tr.children))
    while todo:
        n = todo.pop()
        if isinstance(n, str) or n.tag in ("table", "tr") or n.tag in SKIP:
            continue
        if n.tag in ("td", "th"):
            cells.append(n)
        else:
            todo.extend(reversed(n.children))
    return cells


def _span(node: Node, name: str, limit: int) -> int:
    m = re.match(r"\s*(\d+)", node.attrs.get(name, ""))
    if not m:
        return 1
    return min(int(m.group(1)[:7]), limit)  # 0 (rowspan: to the end of the table) is handled by the caller


def _grid(table: Node, budget: list[int]) -> Sheet:
    rows = _rows_of(table)
    n = len(rows)
    taken: dict[int, set[int]] = {}
    values: dict[tuple[int, int], str] = {}
    merged: list[tuple[int, int, int, int]] = []
    for r, tr in enumerate(rows):
        c = 0
        busy = taken.setdefault(r, set())
        for cell in _cells_of(tr):
            while c in busy:
                c += 1
            cs = max(_span(cell, "colspan", MAX_COLSPAN), 1)
            rs = _span(cell, "rowspan", MAX_ROWSPAN)
            rs = n - r if rs == 0 else min(rs, n - r)  # a span past the last row ends there, as browsers do
            if c + cs > MAX_COLUMNS * 10:
                raise too_many_cells(c + cs, _WHAT)
            budget[0] -= cs * rs
            if budget[0] < 0:
                raise too_many_cells(MAX_GRID_CELLS - budget[0], _WHAT)
            values[(r, c)] = _cell_text(cell)
            for rr in range(r, r + rs):
                taken.setdefault(rr, set()).update(range(c, c + cs))
            if cs > 1 or rs > 1:
                merged.append((r, c, r + rs - 1, c + cs - 1))
            c += cs
    grid: list[list[str]] = []
    for r in range(n):
        cols = taken.get(r, set())
        width = max(cols) + 1 if cols else 0
        grid.append([values.get((r, c), "") for c in range(width)])
    return Sheet(name="", rows=grid, merged=merged)


# ----------------------------------------------------------------------------------------------- article


def _weights(root: Node) -> dict[int, int]:
    """id(element) -> characters of text outside links in it (script/style/hidden left out)."""
    weight: dict[int, int] = {}
    order: list[tuple[Node, bool]] = []
    todo: list[tuple[Node, bool]] = [(root, False)]
    while todo:
        n, in_link = todo.pop()
        order.append((n, in_link))
        a = in_link or n.tag == "a"
        todo.extend(
            (c, a) for c in n.children if isinstance(c, Node) and c.tag not in SKIP and not _hidden(c)
        )
    for n, in_link in reversed(order):  # children before parents
        own = 0 if in_link or n.tag == "a" else sum(len(clean(c)) for c in n.children if isinstance(c, str))
        weight[id(n)] = own + sum(weight.get(id(c), 0) for c in n.children if isinstance(c, Node))
    return weight


def _is_report_table(text: str) -> bool:
    return sum(w in text for w in _REPORT_WORDS) >= 2


def _is_metadata(text: str) -> bool:
    return sum(w in text for w in _META_WORDS) >= 3 and not _is_report_table(text)


def _article(root: Node, weight: dict[int, int], report: list[list[Node]], tables: list[list[Node]]) -> Node:
    """The element holding the article: descend while one child holds most of the text, then widen to the
    common ancestor of the tables that carry the report's labels.

    The descent enters a table only when it holds another table (a layout table around the page): a
    table of data is part of the article, never the article."""
    layout = {id(t) for path in tables for t in path[:-1] if t.tag == "table"}
    # a layout table around the article carries the report's words in its section headings
    # ("四、政府信息公开行政复议、行政诉讼情况"): it is entered like any layout table
    inside_report = {id(path[-1]) for path in tables if id(path[-1]) not in layout}
    node = root
    path = [root]
    while True:
        kids = [c for c in node.children if isinstance(c, Node) and id(c) not in inside_report]
        if not kids or weight[id(node)] == 0:
            break
        best = max(kids, key=lambda c: weight.get(id(c), 0))
        if weight.get(id(best), 0) < 0.6 * weight[id(node)] or best.tag in (
            "p",
            "span",
            "font",
            "a",
            "b",
            "strong",
        ):
            break
        node = best
        path.append(best)
    for tpath in report:  # tpath: root ... table
        if not any(p is node for p in tpath):
            common = 0
            while common < min(len(path), len(tpath)) and path[common] is tpath[common]:
                common += 1
            path = path[:common]
            node = path[-1]
    return node


def _tables(root: Node) -> list[list[Node]]:
    """Every table as its path from the root, in document order."""
    found: list[list[Node]] = []
    parent: dict[int, Node] = {}
    todo: list[Node] = [root]
    while todo:
        n = todo.pop()
        if n.tag == "table":
            path = [n]
            while id(path[-1]) in parent:
                path.append(parent[id(path[-1])])
            found.append(path[::-1])
        for c in reversed(n.children):
            if isinstance(c, Node) and c.tag not in SKIP:
                parent[id(c)] = n
                todo.append(c)
    return found


_TITLE_SPLIT = re.compile(r"[_|｜]|\s[-–—]\s|-(?=[^-]*$)")


def _title(root: Node, article: Node) -> str | None:
    """The report's title from the page around the article (its <h1>, a "title" element, the <title>), for
    the narrative to start with as the document does: the article body itself rarely repeats it."""
    todo: list[Node] = [root]
    while todo:
        n = todo.pop()
        if n is article:
            break
        heading = n.tag in ("h1", "h2", "h3", "title") or "title" in n.attrs.get("class", "").lower()
        if heading:
            text = (
                clean("".join(c for c in n.children if isinstance(c, str)))
                if n.tag == "title"
                else join_pieces([t for t, _ in _pieces(n, tables=False)])
            )
            for part in _TITLE_SPLIT.split(text):
                part = clean(part)
                if "政府信息公开" in part and ("报告" in part or "年报" in part) and len(part) <= 80:
                    return part
        if n.tag not in SKIP or n.tag == "title" or n.tag == "head":
            todo.extend(c for c in reversed(n.children) if isinstance(c, Node))
    return None


def _pictures_only(article: Node, root: Node) -> bool:
    """The report's tables published as pictures (a screenshot of each table in place): no table carries the
    report's labels, the article shows images and names the form's sections, and the report is of a year
    with the national form (2019 on; an older report had no such tables, which check says otherwise)."""
    todo: list[Node] = [article]
    images = 0
    while todo:
        n = todo.pop()
        images += n.tag == "img"
        todo.extend(c for c in n.children if isinstance(c, Node) and c.tag not in SKIP and not _hidden(c))
    if not images:
        return False
    text = "".join(t for t, _ in _pieces(article, tables=True))
    if not any(w in text for w in _SECTION_WORDS):
        return False
    year = re.search(r"(20\d\d)\s*年", (_title(root, article) or "") + text[:200])
    return year is None or int(year.group(1)) >= _FORM_SINCE


# the form's section headings (三、收到和处理政府信息公开申请情况, 四、…行政复议、行政诉讼情况)
_NUMBER = re.compile(r"\s*\d[\d,，]*\s*")
_SECTION_WORDS = ("收到和处理政府信息公开申请", "主动公开政府信息情况", "行政复议、行政诉讼")
_FORM_SINCE = 2019  # the national form's first year


def read_html(data: bytes, path: str) -> Book:
    """Read a report web page into a Book: one sheet 表格N per table of the article body, its paragraphs."""
    too_large(len(data), _WHAT)
    text, notes = decode(data)
    refuse_binary(text, _WHAT)
    root = parse(text)
    tables = _tables(root)
    texts = {id(p[-1]): clean("".join(t for t, _ in _pieces(p[-1], tables=False))) for p in tables}
    report = [p for p in tables if _is_report_table(texts[id(p[-1])])]
    weight = _weights(root)
    article = _article(root, weight, report, tables)
    # a layout table holding the report's tables is the page's frame, not one of the report's tables: its
    # own cells hold paragraphs, no number (a big table holding table 2's rows beside a nested one stays)
    frames = {id(t) for path in report for t in path[:-1] if t.tag == "table"}
    kept = [p for p in tables if any(x is article for x in p) and not _is_metadata(texts[id(p[-1])])]
    if not report and _pictures_only(article, root):
        raise UnreadableError(render("page-pictures-only"), "picture-table")
    budget = [MAX_GRID_CELLS]
    sheets: list[Sheet] = []
    for p in kept:
        sheet = _grid(p[-1], budget)
        if id(p[-1]) in frames and not any(_NUMBER.fullmatch(v) for row in sheet.rows for v in row):
            continue
        sheet.name = f"表格{len(sheets) + 1}"
        sheets.append(sheet)
    n_text = sum(1 for s in sheets for row in s.rows for v in row if v and not re.fullmatch(r"[\d.,\s-]+", v))
    if n_text > MAX_TEXT_CELLS:
        raise too_many_texts(n_text, _WHAT)
    paragraphs = [t for t, link_only in _pieces(article, tables=False) if not link_only]
    title = _title(root, article)
    if title and not any(title in p for p in paragraphs[:3]):
        paragraphs.insert(0, title)
    return Book(path=path, format="html", sheets=sheets, notes=notes, narrative=join_sentences(paragraphs))
