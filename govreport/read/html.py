"""Reading a published report page (HTML, often pasted from Word) into one grid per table.

Python's html.parser tokenises the page (it survives broken markup and needs no dependency); a small tree
builder here adds the implied end tags that matter for tables (a <td> or <tr> closes the open one, a
<p> closes an open <p>) and bounds the nesting. Each <table> of the article body becomes a Sheet
`表格N` holding the expanded grid: a rowspan/colspan cell's text at its top-left, its range in
Sheet.merged, the covered cells "". The article body is the element holding most of the page's text
outside links, widened to hold every table that carries the report's labels; its paragraphs outside
tables are Book.narrative. Menus, links to other years' reports, footers and a metadata box lie outside it.
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser

from govreport.book import Book, Sheet
from govreport.guards import MAX_TEXT_CELLS, UnreadableError
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

_WHAT = "网页"
MAX_DEPTH = 256  # open elements; deeper ones are read as text of the 256th (browsers cap at 512)
MAX_TABLE_NESTING = 16  # a table in a cell of a table ...: report pages nest 1-3 deep (layout tables)
MAX_ELEMENTS = 200_000  # a report page has 2,000-20,000; html.parser takes ~2 s per 100,000
MAX_ROWSPAN = 65_534  # the HTML limits
MAX_COLSPAN = 1_000

_VOID = frozenset("area base br col embed hr img input link meta param source track wbr basefont frame keygen".split())
_SKIP = frozenset("script style noscript template title head select option textarea iframe object svg math".split())
_BLOCK = frozenset(("p div br li ul ol dl dt dd h1 h2 h3 h4 h5 h6 tr td th table thead tbody tfoot caption "
                    "section article header footer nav aside main blockquote pre center hr address form "
                    "fieldset figure figcaption details summary body html").split())
_TABLE_SCOPE = frozenset(("table", "td", "th", "caption"))
_ROW_GROUPS = frozenset(("thead", "tbody", "tfoot"))
_CLOSES_P = _BLOCK - {"br", "td", "th", "tr", "thead", "tbody", "tfoot", "caption", "body", "html"}
_HIDDEN = re.compile(r"display\s*:\s*none|mso-hide\s*:\s*all", re.I)
# labels that only the report's own tables carry (a metadata box or a layout table has none of them)
_REPORT_WORDS = ("本年新收", "上年结转", "予以公开", "行政复议", "行政诉讼", "申请人情况", "第二十条", "本年制发",
                 "处理决定", "结转下年度", "不予公开", "自然人")
# what a site's metadata box holds (索引号 | 发布机构 | 公开日期 ...): never a table of the report
_META_WORDS = ("索引号", "发布机构", "发文机关", "公开日期", "发布日期", "成文日期", "文号", "主题分类", "公开方式", "有效性")
_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([-\w.:]+)""", re.I)
_GB = frozenset(("gb2312", "gbk", "gb18030", "x-gbk", "cp936", "ms936", "windows-936", "csgb2312", "gb_2312-80",
                 "euc-cn", "x-euc-cn", "hz-gb-2312", "iso-ir-58", "chinese"))


class _Node:
    __slots__ = ("tag", "attrs", "children")

    def __init__(self, tag: str, attrs: dict[str, str]):
        self.tag = tag
        self.attrs = attrs
        self.children: list[_Node | str] = []


class _Builder(HTMLParser):
    """A bounded tree with the implied end tags of tables and paragraphs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root", {})
        self.stack: list[_Node] = [self.root]
        self.tables = 0  # open tables
        self.elements = 0
        self.open: dict[str, int] = {}  # tag -> open elements of it: most end tags need no search at all

    def _push(self, node: _Node, void: bool = False) -> None:
        self.elements += 1
        if self.elements > MAX_ELEMENTS:
            raise UnreadableError(
                f"网页的标签过多（超过 {MAX_ELEMENTS:,} 个），不像年度报告，已拒绝读取；请只保存报告正文后再检查", "too-large"
            )
        if len(self.stack) >= MAX_DEPTH and node.tag not in ("table", "tr", "td", "th", "br"):
            return  # too deep: its text goes to the element above (no structure lost that matters)
        self.stack[-1].children.append(node)
        if not void:
            self.stack.append(node)
            self.open[node.tag] = self.open.get(node.tag, 0) + 1

    def _pop_to(self, index: int) -> None:
        for node in self.stack[index:]:
            self.open[node.tag] -= 1
            if node.tag == "table":
                self.tables -= 1
        del self.stack[index:]

    def _find(self, tags: frozenset[str] | tuple[str, ...], stop: frozenset[str] | tuple[str, ...] = ()) -> int:
        """Index of the innermost open element named in tags, -1 when none (or a stop element comes first)."""
        if not any(self.open.get(t) for t in tags):
            return -1
        for i in range(len(self.stack) - 1, 0, -1):
            t = self.stack[i].tag
            if t in tags:
                return i
            if t in stop:
                return -1
        return -1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs if k in ("rowspan", "colspan", "style", "href")}
        if tag in _VOID:
            self._push(_Node(tag, a), void=True)
            return
        if tag in _CLOSES_P or tag == "table":
            i = self._find(("p",), stop=_TABLE_SCOPE)
            if i > 0:
                self._pop_to(i)
        if tag in ("td", "th"):
            i = self._find(("td", "th", "tr"), stop=("table",))
            if i > 0 and self.stack[i].tag != "tr":
                self._pop_to(i)
            if self._find(("tr",), stop=("table",)) < 0 and self._find(("table",)) > 0:
                self._push(_Node("tr", {}))  # a cell with no row: the row is implied
        elif tag == "tr":
            i = self._find(("tr",), stop=("table",))
            if i > 0:
                self._pop_to(i)
        elif tag in _ROW_GROUPS or tag == "caption":
            i = self._find(("table",))
            if i > 0:
                self._pop_to(i + 1)
        elif tag == "li":
            i = self._find(("li",), stop=("ul", "ol", "table", "td", "th"))
            if i > 0:
                self._pop_to(i)
        if tag == "table":
            if self.tables >= MAX_TABLE_NESTING:
                raise UnreadableError(
                    f"网页中的表格嵌套超过 {MAX_TABLE_NESTING} 层（表格套表格），不像年度报告，已拒绝读取；"
                    "请只保存报告正文后再检查",
                    "too-deep",
                )
            self.tables += 1
        self._push(_Node(tag, a))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("td", "th", "tr", "table", "p"):  # <td/> is a start tag in HTML
            self.handle_starttag(tag, attrs)
        else:
            self._push(_Node(tag, {}), void=True)

    def handle_endtag(self, tag: str) -> None:
        if tag == "br":  # </br> is read as <br> by browsers
            self._push(_Node("br", {}), void=True)
            return
        if tag in _VOID:
            return
        if tag == "table":
            i = self._find(("table",))
        elif tag in ("td", "th", "tr") or tag in _ROW_GROUPS or tag == "caption":
            i = self._find((tag,), stop=("table",))
        else:
            i = self._find((tag,), stop=_TABLE_SCOPE)
        if i > 0:
            self._pop_to(i)

    def handle_data(self, data: str) -> None:
        if data:
            self.stack[-1].children.append(data)


# ----------------------------------------------------------------------------------------------- encoding

def _declared(data: bytes) -> str | None:
    m = _CHARSET.search(data[:16384])
    return m.group(1).decode("ascii", "replace").lower() if m else None


def _codec(name: str) -> str | None:
    if name in _GB:
        return "gb18030"  # GB2312 and GBK are subsets; pages labelled so often hold GBK/GB18030 characters
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _label(codec: str) -> str:
    return {"utf-8": "UTF-8", "gb18030": "GB18030（GBK/GB2312）", "utf-16-le": "UTF-16", "utf-16-be": "UTF-16"}.get(
        codec, codec)


def decode(data: bytes) -> tuple[str, list[str]]:
    """The page's text and notes: a BOM wins; a GB declaration reads as GB18030; no declaration: UTF-8 if
    valid, else GB18030. A declaration the bytes contradict is noted and the bytes win."""
    declared = _declared(data)
    codec = _codec(declared) if declared else None
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            notes = []
            if codec and codec != enc and not (enc.startswith("utf-16") and codec.startswith("utf-16")):
                notes.append(f"网页声明的编码为 {declared}，但文件以 {_label(enc)} 字节顺序标记开头，已按 {_label(enc)} 读取")
            return data[len(bom):].decode(enc, "replace"), notes
    utf8 = _try(data, "utf-8")
    if codec is None or codec in ("utf-8", "ascii", "us-ascii"):
        if utf8 is not None:
            return utf8, []
        gb = _try(data, "gb18030")
        text = gb if gb is not None else data.decode("gb18030", "replace")
        note = (f"网页声明的编码为 {declared}，但内容不是有效的 UTF-8，已按 GB18030（GBK/GB2312）读取"
                if declared else "")
        return text, [note] if note else []
    if utf8 is not None and not data.isascii() and codec != "utf-8":
        # valid UTF-8 with Chinese text is almost never GBK by chance: the declaration is wrong
        return utf8, [f"网页声明的编码为 {declared}，但内容实为 UTF-8，已按 UTF-8 读取"]
    as_declared = _try(data, codec)
    if as_declared is not None:
        return as_declared, []
    gb = _try(data, "gb18030") if codec != "gb18030" else None
    if gb is not None:
        return gb, [f"网页声明的编码为 {declared}，但内容不符合该编码，已按 GB18030（GBK/GB2312）读取"]
    return data.decode(codec, "replace"), [f"网页中有不符合声明编码 {declared} 的字节，已替换为“�”"]


def _try(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


# ----------------------------------------------------------------------------------------------- text

def _hidden(node: _Node) -> bool:
    style = node.attrs.get("style")
    return bool(style) and bool(_HIDDEN.search(style))  # type: ignore[arg-type]


def _pieces(node: _Node, tables: bool) -> list[tuple[str, bool]]:
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
        n: _Node = item  # type: ignore[assignment]
        if n.tag in _SKIP or (n is not node and n.tag == "table" and not tables) or _hidden(n):
            continue
        if n.tag == "br":
            flush()
            continue
        block = n.tag in _BLOCK
        if block:
            todo.append((_FLUSH, False))
        a = in_link or n.tag == "a"
        todo.extend((c, a) for c in reversed(n.children))
        if block:
            todo.append((_FLUSH, False))
    flush()
    return out


_FLUSH = object()


def _cell_text(cell: _Node) -> str:
    return join_pieces([t for t, _ in _pieces(cell, tables=False)])


# ----------------------------------------------------------------------------------------------- tables

def _rows_of(table: _Node) -> list[_Node]:
    rows: list[_Node] = []
    todo = list(reversed(table.children))
    while todo:
        n = todo.pop()
        if isinstance(n, str) or n.tag in ("table", "td", "th") or n.tag in _SKIP:
            continue
        if n.tag == "tr":
            rows.append(n)
        else:  # thead/tbody/tfoot, or a stray wrapper (<form>) between a table and its rows
            todo.extend(reversed(n.children))
    return rows


def _cells_of(tr: _Node) -> list[_Node]:
    cells: list[_Node] = []
    todo = list(reversed(tr.children))
    while todo:
        n = todo.pop()
        if isinstance(n, str) or n.tag in ("table", "tr") or n.tag in _SKIP:
            continue
        if n.tag in ("td", "th"):
            cells.append(n)
        else:
            todo.extend(reversed(n.children))
    return cells


def _span(node: _Node, name: str, limit: int) -> int:
    m = re.match(r"\s*(\d+)", node.attrs.get(name, ""))
    if not m:
        return 1
    return min(int(m.group(1)[:7]), limit)  # 0 (rowspan: to the end of the table) is handled by the caller


def _grid(table: _Node, budget: list[int]) -> Sheet:
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

def _weights(root: _Node) -> dict[int, int]:
    """id(element) -> characters of text outside links in it (script/style/hidden left out)."""
    weight: dict[int, int] = {}
    order: list[tuple[_Node, bool]] = []
    todo: list[tuple[_Node, bool]] = [(root, False)]
    while todo:
        n, in_link = todo.pop()
        order.append((n, in_link))
        a = in_link or n.tag == "a"
        todo.extend((c, a) for c in n.children if isinstance(c, _Node) and c.tag not in _SKIP and not _hidden(c))
    for n, in_link in reversed(order):  # children before parents
        own = 0 if in_link or n.tag == "a" else sum(len(clean(c)) for c in n.children if isinstance(c, str))
        weight[id(n)] = own + sum(weight.get(id(c), 0) for c in n.children if isinstance(c, _Node))
    return weight


def _is_report_table(text: str) -> bool:
    return sum(w in text for w in _REPORT_WORDS) >= 2


def _is_metadata(text: str) -> bool:
    return sum(w in text for w in _META_WORDS) >= 3 and not _is_report_table(text)


def _article(root: _Node, weight: dict[int, int], report: list[list[_Node]], tables: list[list[_Node]]) -> _Node:
    """The element holding the article: descend while one child holds most of the text, then widen to the
    common ancestor of the tables that carry the report's labels.

    The descent enters a table only when it holds another table (a layout table around the page): a
    table of data is part of the article, never the article."""
    layout = {id(t) for path in tables for t in path[:-1] if t.tag == "table"}
    inside_report = {id(path[-1]) for path in report} | {id(path[-1]) for path in tables if id(path[-1]) not in layout}
    node = root
    path = [root]
    while True:
        kids = [c for c in node.children if isinstance(c, _Node) and id(c) not in inside_report]
        if not kids or weight[id(node)] == 0:
            break
        best = max(kids, key=lambda c: weight.get(id(c), 0))
        if weight.get(id(best), 0) < 0.6 * weight[id(node)] or best.tag in ("p", "span", "font", "a", "b", "strong"):
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


def _tables(root: _Node) -> list[list[_Node]]:
    """Every table as its path from the root, in document order."""
    found: list[list[_Node]] = []
    parent: dict[int, _Node] = {}
    todo: list[_Node] = [root]
    while todo:
        n = todo.pop()
        if n.tag == "table":
            path = [n]
            while id(path[-1]) in parent:
                path.append(parent[id(path[-1])])
            found.append(path[::-1])
        for c in reversed(n.children):
            if isinstance(c, _Node) and c.tag not in _SKIP:
                parent[id(c)] = n
                todo.append(c)
    return found


def read_html(data: bytes, path: str) -> Book:
    """Read a report web page into a Book: one sheet 表格N per table of the article body, its paragraphs."""
    too_large(len(data), _WHAT)
    text, notes = decode(data)
    refuse_binary(text, _WHAT)
    builder = _Builder()
    try:
        builder.feed(text)
        builder.close()
    except UnreadableError:
        raise
    except (AssertionError, ValueError, RecursionError) as e:  # html.parser's few refusals
        raise UnreadableError(f"网页的标记无法解析（{type(e).__name__}），请在浏览器中打开后另存为网页再检查",
                              "not-a-workbook") from None
    root = builder.root
    tables = _tables(root)
    texts = {id(p[-1]): clean("".join(t for t, _ in _pieces(p[-1], tables=False))) for p in tables}
    report = [p for p in tables if _is_report_table(texts[id(p[-1])])]
    weight = _weights(root)
    article = _article(root, weight, report, tables)
    kept = [p for p in tables if any(x is article for x in p) and not _is_metadata(texts[id(p[-1])])]
    budget = [MAX_GRID_CELLS]
    sheets: list[Sheet] = []
    for i, p in enumerate(kept, 1):
        sheet = _grid(p[-1], budget)
        sheet.name = f"表格{i}"
        sheets.append(sheet)
    n_text = sum(1 for s in sheets for row in s.rows for v in row if v and not re.fullmatch(r"[\d.,\s-]+", v))
    if n_text > MAX_TEXT_CELLS:
        raise too_many_texts(n_text, _WHAT)
    paragraphs = [t for t, link_only in _pieces(article, tables=False) if not link_only]
    return Book(path=path, format="html", sheets=sheets, notes=notes, narrative=join_sentences(paragraphs))
