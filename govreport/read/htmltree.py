"""A web page's bytes as a small element tree: decoding by BOM and declaration, then Python's html.parser
(it survives broken markup and needs no dependency) with the implied end tags that matter for tables (a
<td> or <tr> closes the open one, a <p> closes an open <p>) and bounds on depth, nesting and size."""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser

from govreport.messages import render
from govreport.read.guards import UnreadableError

MAX_DEPTH = 256  # open elements; deeper ones are read as text of the 256th (browsers cap at 512)
MAX_TABLE_NESTING = 16  # a table in a cell of a table ...: report pages nest 1-3 deep (layout tables)
MAX_ELEMENTS = 200_000  # a report page has 2,000-20,000; html.parser takes ~2 s per 100,000
VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr basefont frame keygen".split()
)
SKIP = frozenset(
    "script style noscript template title head select option textarea iframe object svg math".split()
)
BLOCK = frozenset(
    (
        "p div br li ul ol dl dt dd h1 h2 h3 h4 h5 h6 tr td th table thead tbody tfoot caption "
        "section article header footer nav aside main blockquote pre center hr address form "
        "fieldset figure figcaption details summary body html"
    ).split()
)
_TABLE_SCOPE = frozenset(("table", "td", "th", "caption"))
ROW_GROUPS = frozenset(("thead", "tbody", "tfoot"))
_CLOSES_P = BLOCK - {"br", "td", "th", "tr", "thead", "tbody", "tfoot", "caption", "body", "html"}
_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([-\w.:]+)""", re.I)
_GB = frozenset(
    (
        "gb2312",
        "gbk",
        "gb18030",
        "x-gbk",
        "cp936",
        "ms936",
        "windows-936",
        "csgb2312",
        "gb_2312-80",
        "euc-cn",
        "x-euc-cn",
        "hz-gb-2312",
        "iso-ir-58",
        "chinese",
    )
)


class Node:
    """One element: its tag, the few attributes read (rowspan, colspan, style, class), its children."""

    __slots__ = ("tag", "attrs", "children")

    def __init__(self, tag: str, attrs: dict[str, str]):
        self.tag = tag
        self.attrs = attrs
        self.children: list[Node | str] = []


class Builder(HTMLParser):
    """A bounded tree with the implied end tags of tables and paragraphs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack: list[Node] = [self.root]
        self.tables = 0  # open tables
        self.elements = 0
        self.open: dict[str, int] = {}  # tag -> open elements of it: most end tags need no search at all

    def _push(self, node: Node, void: bool = False) -> None:
        self.elements += 1
        if self.elements > MAX_ELEMENTS:
            raise UnreadableError(
                render("html-too-many-elements", max_elements=MAX_ELEMENTS),
                "too-large",
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

    def _find(
        self, tags: frozenset[str] | tuple[str, ...], stop: frozenset[str] | tuple[str, ...] = ()
    ) -> int:
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
        a = {k: v or "" for k, v in attrs if k in ("rowspan", "colspan", "style", "class")}
        if tag in VOID:
            self._push(Node(tag, a), void=True)
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
                self._push(Node("tr", {}))  # a cell with no row: the row is implied
        elif tag == "tr":
            i = self._find(("tr",), stop=("table",))
            if i > 0:
                self._pop_to(i)
        elif tag in ROW_GROUPS or tag == "caption":
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
                    render("html-tables-too-deep", max_nesting=MAX_TABLE_NESTING),
                    "too-deep",
                )
            self.tables += 1
        self._push(Node(tag, a))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("td", "th", "tr", "table", "p"):  # <td/> is a start tag in HTML
            self.handle_starttag(tag, attrs)
        else:
            self._push(Node(tag, {}), void=True)

    def handle_endtag(self, tag: str) -> None:
        if tag == "br":  # </br> is read as <br> by browsers
            self._push(Node("br", {}), void=True)
            return
        if tag in VOID:
            return
        if tag == "table":
            i = self._find(("table",))
        elif tag in ("td", "th", "tr") or tag in ROW_GROUPS or tag == "caption":
            i = self._find((tag,), stop=("table",))
        else:
            i = self._find((tag,), stop=_TABLE_SCOPE)
        if i > 0:
            self._pop_to(i)

    def handle_data(self, data: str) -> None:
        if data:
            self.stack[-1].children.append(data)


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
    return {
        "utf-8": "UTF-8",
        "gb18030": "GB18030（GBK/GB2312）",
        "utf-16-le": "UTF-16",
        "utf-16-be": "UTF-16",
    }.get(codec, codec)


def decode(data: bytes) -> tuple[str, list[str]]:
    """The page's text and notes: a BOM wins; a GB declaration reads as GB18030; no declaration: UTF-8 if
    valid, else GB18030. A declaration the bytes contradict is noted and the bytes win."""
    declared = _declared(data)
    codec = _codec(declared) if declared else None
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            notes = []
            if codec and codec != enc and not (enc.startswith("utf-16") and codec.startswith("utf-16")):
                notes.append(render("html-encoding-bom", declared=declared, bom=_label(enc)))
            return data[len(bom) :].decode(enc, "replace"), notes
    utf8 = _try(data, "utf-8")
    if codec is None or codec in ("utf-8", "ascii", "us-ascii"):
        if utf8 is not None:
            return utf8, []
        gb = _try(data, "gb18030")
        text = gb if gb is not None else data.decode("gb18030", "replace")
        note = render("html-encoding-not-utf8", declared=declared) if declared else ""
        return text, [note] if note else []
    if utf8 is not None and not data.isascii() and codec != "utf-8":
        # valid UTF-8 with Chinese text is almost never GBK by chance: the declaration is wrong
        return utf8, [render("html-encoding-utf8", declared=declared)]
    as_declared = _try(data, codec)
    if as_declared is not None:
        return as_declared, []
    gb = _try(data, "gb18030") if codec != "gb18030" else None
    if gb is not None:
        return gb, [render("html-encoding-gb18030", declared=declared)]
    return data.decode(codec, "replace"), [render("html-encoding-replaced", declared=declared)]


def _try(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def parse(text: str) -> Node:
    """The element tree of a decoded page; UnreadableError when it is beyond the bounds."""
    builder = Builder()
    try:
        builder.feed(text)
        builder.close()
    except UnreadableError:
        raise
    except (AssertionError, ValueError, RecursionError) as e:  # html.parser's few refusals
        raise UnreadableError(
            render("html-unparsable", error_type=type(e).__name__), "not-a-workbook"
        ) from None
    return builder.root
